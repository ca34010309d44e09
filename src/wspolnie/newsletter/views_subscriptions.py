"""Public subscription pages (no login: the token in the mailed link is the key) and the staff
subscriber list."""

from __future__ import annotations

import tablib
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from wspolnie.core.decorators import staff_required
from wspolnie.lib.client_ip import client_ip
from wspolnie.lib.spreadsheets import FORMATS, spreadsheet_bytes

from . import subscriptions
from .forms import (
    CONSENT_TEXT,
    PreferencesForm,
    SignupForm,
    SubscriberFilterForm,
    UnsubscribeRequestForm,
)
from .models import Subscriber


def _add_errors(form, error: ValidationError) -> None:
    form.add_error("email" if "email" in form.fields else None, error.messages)


# --- sign-up and confirmation --------------------------------------------------------------


def signup(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST or None, initial={"languages": [translation.get_language()]})
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            if form.is_robot():
                # Pretend it worked: a robot learns nothing and nobody gets mail.
                return redirect("newsletter:signup_done")
            data = form.cleaned_data
            try:
                subscriptions.do_sign_up(
                    data["email"], data["languages"], data["topics"],
                    source="sign-up page", consent_text=str(CONSENT_TEXT),
                    language=translation.get_language(), client_key=client_ip(request),
                )
            except subscriptions.RateLimited as error:
                form.add_error(None, error.message)
                status = 429
            except ValidationError as error:
                _add_errors(form, error)
            else:
                return redirect("newsletter:signup_done")
    return render(request, "newsletter/signup.html", {"form": form}, status=status)


def signup_done(request: HttpRequest) -> HttpResponse:
    return render(request, "newsletter/signup_done.html")


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button, POST confirms: mail scanners that open every link (GET) must not
    confirm a subscription on somebody's behalf. Unknown, withdrawn and expired links get one
    answer (410) with the way to sign up again."""
    if request.method == "POST":
        try:
            subscriptions.do_confirm(token)
        except subscriptions.LinkExpired as error:
            return render(request, "newsletter/confirm.html", {"error": error.message},
                          status=410)
        messages.success(request, _("Thank you: your subscription is confirmed."))
        return redirect("newsletter:preferences", token=token)
    subscriber = Subscriber.objects.filter(token=token).first()
    if (subscriber is None or subscriber.status == Subscriber.Status.UNSUBSCRIBED
            or subscriptions.confirmation_expired(subscriber)):
        return render(request, "newsletter/confirm.html",
                      {"error": subscriptions.expired_link_message()}, status=410)
    return render(request, "newsletter/confirm.html", {
        "subscriber": subscriber,
        "confirmed": subscriber.status == Subscriber.Status.CONFIRMED,
    })


# --- preferences and unsubscribe -----------------------------------------------------------


def preferences(request: HttpRequest, token: str) -> HttpResponse:
    subscriber = get_object_or_404(Subscriber, token=token, status=Subscriber.Status.CONFIRMED)
    form = PreferencesForm(request.POST or None, initial=PreferencesForm.initial_for(subscriber))
    if request.method == "POST" and form.is_valid():
        try:
            subscriptions.do_update_preferences(
                token, form.cleaned_data["languages"], form.cleaned_data["topics"]
            )
        except subscriptions.UnknownToken:  # unsubscribed in another tab meanwhile
            raise Http404 from None
        except ValidationError as error:
            form.add_error("languages", error.messages)
        else:
            messages.success(request, _("Your preferences are saved."))
            return redirect("newsletter:preferences", token=token)
    return render(request, "newsletter/preferences.html", {
        "subscriber": subscriber, "form": form,
    }, status=422 if form.errors else 200)


def my_data(request: HttpRequest, token: str) -> HttpResponse:
    """What the hub holds about the subscriber of this private link (no account needed)."""
    from django.urls import reverse

    from wspolnie.accounts import personal_data

    subscriber = get_object_or_404(Subscriber, token=token)
    return render(request, "accounts/my_data.html", {
        "sections": personal_data.for_subscriber(subscriber),
        "json_url": reverse("newsletter:my_data_json", kwargs={"token": token}),
        "erase_url": reverse("newsletter:erase_me", kwargs={"token": token}),
        "erase_text": _("Erasing ends the subscription and forgets your address."),
        "erase_label": _("Erase my data"),
        "back_url": reverse("newsletter:preferences", kwargs={"token": token}),
    })


def my_data_json(request: HttpRequest, token: str) -> HttpResponse:
    from wspolnie.accounts import personal_data
    from wspolnie.accounts.views import personal_data_download

    subscriber = get_object_or_404(Subscriber, token=token)
    return personal_data_download(personal_data.for_subscriber(subscriber))


def erase_me(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (link scanners open links), POST forgets the subscriber."""
    subscriber = get_object_or_404(Subscriber, token=token)
    if request.method == "POST":
        try:
            subscriptions.do_erase_by_token(token)
        except subscriptions.UnknownToken:  # erased in another tab meanwhile
            raise Http404 from None
        return render(request, "newsletter/erased.html")
    return render(request, "newsletter/erase.html", {"subscriber": subscriber})


def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Works for any token and answers the same for an unknown one, so that the page cannot
    be used to test tokens or addresses. GET asks (link scanners), POST unsubscribes."""
    if request.method == "POST":
        subscriptions.do_unsubscribe(token, source="unsubscribe page")
        return render(request, "newsletter/unsubscribed.html")
    return render(request, "newsletter/unsubscribe.html", {"token": token})


@csrf_exempt  # the mail provider posts without a session (RFC 8058)
@require_POST
def one_click_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" to the URL in the
    List-Unsubscribe header. Same answer for every token."""
    if request.POST.get("List-Unsubscribe") != "One-Click":
        return HttpResponse(_("Expected the body List-Unsubscribe=One-Click."), status=400,
                            content_type="text/plain; charset=utf-8")
    subscriptions.do_unsubscribe(token, source="one-click unsubscribe")
    return HttpResponse(_("You are unsubscribed."), content_type="text/plain; charset=utf-8")


def unsubscribe_request(request: HttpRequest) -> HttpResponse:
    """Unsubscribe by e-mail address (for somebody who lost the mail): always the same
    answer; the link goes only to the mailbox."""
    form = UnsubscribeRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                subscriptions.request_unsubscribe_link(
                    form.cleaned_data["email"], language=translation.get_language(),
                    client_key=client_ip(request),
                )
            except subscriptions.RateLimited as error:
                form.add_error(None, error.message)
                status = 429
            except ValidationError as error:
                _add_errors(form, error)
            else:
                return render(request, "newsletter/unsubscribe_request_sent.html")
    return render(request, "newsletter/unsubscribe_request.html", {"form": form}, status=status)


# --- staff ---------------------------------------------------------------------------------


def _filtered(request: HttpRequest):
    form = SubscriberFilterForm(request.GET or None)
    queryset = Subscriber.objects.prefetch_related("topics")
    return form, form.filter(queryset) if request.GET else queryset


@staff_required
def subscriber_list(request: HttpRequest) -> HttpResponse:
    form, subscribers = _filtered(request)
    counts = dict(
        Subscriber.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    page = Paginator(subscribers, 50).get_page(request.GET.get("page"))
    return render(request, "newsletter/subscriber_list.html", {
        "form": form,
        "page": page,
        "total": page.paginator.count,
        "counts": [(label, counts.get(value, 0)) for value, label in Subscriber.Status.choices],
        "query": request.GET.urlencode(),
    })


def subscribers_dataset(subscribers) -> tablib.Dataset:
    dataset = tablib.Dataset(
        headers=[_("E-mail address"), _("Status"), _("Languages"), _("Topics"),
                 _("Signed up"), _("Confirmed"), _("Unsubscribed"), _("Bounces")],
        title="subscribers",
    )

    def when(value) -> str:
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""

    for subscriber in subscribers:
        # An address may legally start with "=": lib.spreadsheets keeps it text.
        dataset.append([
            subscriber.email, subscriber.get_status_display(), ", ".join(subscriber.languages),
            ", ".join(topic.slug for topic in subscriber.topics.all()),
            when(subscriber.created), when(subscriber.confirmed_at),
            when(subscriber.unsubscribed_at), subscriber.bounce_count,
        ])
    return dataset


def subscribers_bytes(subscribers, file_format: str) -> bytes:
    return spreadsheet_bytes(subscribers_dataset(subscribers), file_format)


@staff_required
def subscriber_export(request: HttpRequest) -> HttpResponse:
    file_format = request.GET.get("format", "csv")
    if file_format not in FORMATS:
        raise Http404
    _form, subscribers = _filtered(request)
    response = HttpResponse(subscribers_bytes(subscribers, file_format),
                            content_type=FORMATS[file_format])
    filename = f"wspolnie-subscribers-{timezone.localdate():%Y-%m-%d}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@staff_required
def subscriber_detail(request: HttpRequest, pk: int) -> HttpResponse:
    subscriber = get_object_or_404(Subscriber.objects.prefetch_related("topics"), pk=pk)
    return render(request, "newsletter/subscriber_detail.html", {
        "subscriber": subscriber, "consents": subscriber.consents.all(),
    })


@staff_required
@require_POST
def subscriber_erase(request: HttpRequest, pk: int) -> HttpResponse:
    subscriber = get_object_or_404(Subscriber, pk=pk)
    subscriptions.do_erase_subscriber(request.user, subscriber)
    messages.success(request, _("The subscriber is erased; the consent log keeps no address."))
    return redirect("newsletter:subscriber_list")
