"""Staff pages of newsletter issues: list, compose, preview per language, send (with a
confirmation step), the live sending dashboard (htmx polling) and the deliveries list."""

from __future__ import annotations

from functools import wraps

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from wspolnie.announcements.models import Announcement
from wspolnie.core.decorators import mail_preview_styles
from wspolnie.directory.fields import MultilingualField

from . import issues, mail
from .models import Delivery, Issue


def staff_only(view):
    @wraps(view)
    @login_required
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not issues.can_manage_newsletter(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


class AnnouncementChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Announcement) -> str:
        languages = ", ".join(v.language for v in obj.approved_versions())
        return f"{obj.title} ({languages})"


class IssueForm(forms.Form):
    announcements = AnnouncementChoiceField(
        label=gettext_lazy("Announcements"),
        queryset=Announcement.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Published announcements; each subscriber gets those of their "
                               "topics, in their language where a translation is approved."),
        error_messages={"required": gettext_lazy("Choose at least one announcement.")},
    )
    subject = MultilingualField(
        label=gettext_lazy("Subject"), max_length=issues.SUBJECT_MAX, textarea=False,
        required=False,
        help_text=gettext_lazy("Empty languages get a subject made from the first "
                               "announcement's title."),
    )
    intro = MultilingualField(
        label=gettext_lazy("Introduction"), max_length=issues.INTRO_MAX, required=False,
        help_text=gettext_lazy("A few words before the announcements (plain text)."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["announcements"].queryset = issues.eligible_announcements()


def _page(request: HttpRequest, queryset, per_page: int = 25):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


@staff_only
@require_GET
def issue_list(request: HttpRequest) -> HttpResponse:
    queryset = Issue.objects.annotate(
        recipients=Count("deliveries"),
        sent=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.SENT)),
    ).prefetch_related("items__announcement").order_by("-created", "-id")
    return render(request, "newsletter/issues/list.html", {"page": _page(request, queryset)})


def _save(request: HttpRequest, form: IssueForm, issue: Issue | None):
    data = form.cleaned_data
    try:
        if issue is None:
            return issues.do_create_issue(
                request.user, data["announcements"], data["subject"], data["intro"])
        return issues.do_update_issue(
            request.user, issue, data["announcements"], data["subject"], data["intro"])
    except ValidationError as error:
        form.add_error(None, error)
        return None


@staff_only
@require_http_methods(["GET", "POST"])
def issue_create(request: HttpRequest) -> HttpResponse:
    form = IssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        issue = _save(request, form, None)
        if issue is not None:
            messages.success(request, _("The issue is saved as a draft."))
            return redirect("newsletter:issue_detail", pk=issue.pk)
    return render(request, "newsletter/issues/form.html", {"form": form, "issue": None})


@staff_only
@require_http_methods(["GET", "POST"])
def issue_edit(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_object_or_404(Issue, pk=pk)
    if issue.status != Issue.Status.DRAFT:
        messages.error(request, _("This issue is already being sent and can no longer change."))
        return redirect("newsletter:issue_detail", pk=issue.pk)
    form = IssueForm(request.POST or None, initial={
        "announcements": [item.announcement_id for item in issue.items.all()],
        "subject": issue.subject, "intro": issue.intro,
    })
    if request.method == "POST" and form.is_valid() and _save(request, form, issue):
        messages.success(request, _("The issue is saved."))
        return redirect("newsletter:issue_detail", pk=issue.pk)
    return render(request, "newsletter/issues/form.html", {"form": form, "issue": issue})


def _languages() -> list[str]:
    return list(dict.fromkeys([*settings.CONTENT_LANGUAGES, settings.LANGUAGE_CODE]))


def _progress_context(issue: Issue) -> dict:
    counts = issues.progress(issue)
    done = counts["total"] - counts["queued"] - counts["sending"]
    statuses = [(value, label, counts[value]) for value, label in Delivery.Status.choices]
    failures = issue.deliveries.filter(
        status__in=[Delivery.Status.FAILED, Delivery.Status.BOUNCED]
    ).exclude(error="").order_by("-id")[:10]
    retrying = issue.deliveries.filter(status=Delivery.Status.QUEUED).exclude(error="").count()
    return {"issue": issue, "counts": counts, "statuses": statuses, "done": done,
            "failures": failures, "retrying": retrying}


@staff_only
@require_GET
@mail_preview_styles
def issue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_object_or_404(Issue, pk=pk)
    languages = _languages()
    language = request.GET.get("language")
    if language not in languages:
        language = languages[0]
    context = {
        "issue": issue,
        "items": issue.items.select_related("announcement"),
        "preview_languages": languages,
        "language": language,
        "preview": mail.preview(issue, language),
    }
    if issue.status == Issue.Status.DRAFT:
        context["recipient_counts"] = issues.recipient_counts(issue)
        context["recipient_total"] = sum(context["recipient_counts"].values())
    else:
        context.update(_progress_context(issue))
    return render(request, "newsletter/issues/detail.html", context)


@staff_only
@require_GET
def issue_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The dashboard alone, polled every 2 seconds while the issue is being sent; the last
    answer has no polling attribute, so the polling stops."""
    issue = get_object_or_404(Issue, pk=pk)
    return render(request, "newsletter/issues/_progress.html", _progress_context(issue))


@staff_only
@require_http_methods(["GET", "POST"])
def issue_send(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_object_or_404(Issue, pk=pk)
    if issue.status != Issue.Status.DRAFT:
        messages.info(request, _("This issue has already been sent."))
        return redirect("newsletter:issue_detail", pk=issue.pk)
    counts = issues.recipient_counts(issue)
    error = ""
    if request.method == "POST":
        try:
            queued = issues.do_start_sending(request.user, issue)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Sending has started: %(count)d mails queued.")
                             % {"count": queued})
            return redirect("newsletter:issue_detail", pk=issue.pk)
    return render(request, "newsletter/issues/send.html", {
        "issue": issue, "recipient_counts": counts, "recipient_total": sum(counts.values()),
        "error": error,
    }, status=400 if error else 200)


class DeliveryFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"), required=False,
        choices=[("", gettext_lazy("All"))] + list(Delivery.Status.choices),
    )
    email = forms.CharField(label=gettext_lazy("E-mail address contains"), required=False,
                            max_length=254)


@staff_only
@require_GET
def delivery_list(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_object_or_404(Issue, pk=pk)
    form = DeliveryFilterForm(request.GET or None)
    deliveries = issue.deliveries.order_by("id")
    if form.is_valid():
        if form.cleaned_data["status"]:
            deliveries = deliveries.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["email"]:
            deliveries = deliveries.filter(email__icontains=form.cleaned_data["email"])
    return render(request, "newsletter/issues/deliveries.html", {
        "issue": issue, "form": form, "page": _page(request, deliveries, 50),
    })
