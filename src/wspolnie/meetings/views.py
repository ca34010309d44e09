from __future__ import annotations

from collections import Counter

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wspolnie.announcements.services import can_announce_event
from wspolnie.directory.maps import MapPlace, allow_map_tiles, map_data
from wspolnie.directory.models import Community, Topic
from wspolnie.lib.client_ip import client_ip
from wspolnie.lib.spreadsheets import FORMATS as SPREADSHEET_FORMATS
from wspolnie.lib.spreadsheets import spreadsheet_bytes
from wspolnie.organisations.models import Organisation
from wspolnie.search.facets import (
    FacetedList,
    choice_facet,
    language_facet,
    model_facet,
    vocabulary_facet,
)

from . import services, tickets
from .calendar import event_ics, feed_ics
from .exchange import do_set_sharing, feedback_summary
from .exchange_forms import SharingForm
from .exports import registrations_dataset
from .forms import (
    AgendaFormSet,
    EventForm,
    MessageForm,
    QuestionForm,
    QuestionFormSet,
    RegistrationForm,
    ReportForm,
    SeriesForm,
    _json_contains,
)
from .models import Event, Registration, Series, SeriesCoOrganiser, Theme
from .permissions import (
    can_manage_event,
    can_see_event,
    events_managed_by,
    organisations_user_organises_for,
)
from .report_draft import draft_report

R = Registration.Status


def _event_for(request: HttpRequest, slug: str) -> Event:
    event = get_object_or_404(Event, slug=slug)
    if not can_see_event(request.user, event):
        raise Http404
    return event


def _managed_event(request: HttpRequest, slug: str) -> Event:
    event = get_object_or_404(Event, slug=slug)
    if not can_manage_event(request.user, event):
        raise PermissionDenied
    return event


def _language_where(values: list[str]) -> Q:
    condition = Q(pk__in=[])
    for code in values:
        # Event.languages is a JSON list: "contains" where the database has it.
        condition |= (Q(languages__contains=[code]) if _json_contains()
                      else Q(languages__icontains=f'"{code}"'))
    return condition


def _language_counts(events) -> dict[str, int]:
    # One count per content language: a constant number of queries.
    return {code: events.filter(_language_where([code])).count()
            for code in settings.CONTENT_LANGUAGES}


def _digits(value: str) -> str | None:
    return value if value.isdigit() else None


#: The facets of the meetings list and the calendar (one filter machinery for both). A meeting's
#: topics and communities are its organisers'.
MEETING_FACETS = [
    model_facet("series", gettext_lazy("Series"), "series", Series.objects.all(), "slug",
                lambda series: series.title_text),
    model_facet("theme", gettext_lazy("Theme"), "theme", Theme.objects.select_related("series"),
                "pk", lambda theme: f"{theme.name} ({theme.series.title_text})",
                clean=_digits),
    choice_facet("format", gettext_lazy("Format"), "format", Event.Format.choices),
    model_facet("organiser", gettext_lazy("Organiser"), "organisers",
                Organisation.objects.public(), "slug", lambda org: org.name),
    language_facet("language", gettext_lazy("Language"), "languages",
                   where=_language_where, count=_language_counts),
    vocabulary_facet("topic", gettext_lazy("Topic"), "organisers__topics", Topic),
    vocabulary_facet("community", gettext_lazy("Community"), "organisers__communities",
                     Community),
]
MEETINGS = FacetedList(facets=MEETING_FACETS, text_kinds=["meeting"])


def _listing(request: HttpRequest, events, template_title: str, past: bool) -> HttpResponse:
    """Facets with counts and the text box (wspolnie.search.facets)."""
    query = MEETINGS.from_params(request.GET)
    found = query.ordered(query.apply(events)).select_related(
        "series", "theme").prefetch_related("organisers")
    return render(request, "meetings/list.html", {
        "title": template_title, "past": past,
        "can_organise": organisations_user_organises_for(request.user).exists(),
        **query.page_context(request, events, found, 20, text_label=_("Search the meetings")),
    })


# --- public pages ----------------------------------------------------------------------------


def event_list(request: HttpRequest) -> HttpResponse:
    return _listing(request, Event.objects.public().upcoming(), _("Upcoming meetings"), False)


def past_event_list(request: HttpRequest) -> HttpResponse:
    return _listing(request, Event.objects.public().past(), _("Past meetings"), True)


def series_detail(request: HttpRequest, slug: str) -> HttpResponse:
    series = get_object_or_404(Series.objects.visible_to(request.user), slug=slug)
    events = series.events.public().select_related("theme")
    return render(request, "meetings/series.html", {
        "series": series,
        "can_edit": services.can_edit_series(request.user, series),
        "upcoming": events.upcoming(),
        "past": events.past(),
        "organisers": [org for org in series.organisations() if org.is_public],
        "not_public": not series.organiser.is_public,
        "unconfirmed": series.co_organiser_links.exclude(
            status=SeriesCoOrganiser.Status.CONFIRMED).select_related("organisation")
        if services.can_edit_series(request.user, series) else [],
    })


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_for(request, slug)
    response = render(request, "meetings/event.html", {
        "event": event,
        "agenda": event.agenda_items.prefetch_related("speaker_organisations")
        if event.details_public else [],
        "remaining": event.remaining_seats(),
        "can_manage": can_manage_event(request.user, event),
        "organisers": event.public_organisers(),
        "not_public": not Event.objects.is_of_approved_organisation(event),
        "map": _venue_map(event),
    })
    return allow_map_tiles(response) if event.has_map else response


def _venue_map(event: Event) -> dict | None:
    if not event.has_map:
        return None
    return map_data([MapPlace(
        latitude=float(event.latitude), longitude=float(event.longitude),
        title=event.venue_name or event.title_text, subtitle="",
        address=event.venue_address, url=event.get_absolute_url(),
    )])


def event_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """"Add to calendar": the public entry (no online link)."""
    event = _event_for(request, slug)
    response = HttpResponse(event_ics(event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


def event_register(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_for(request, slug)
    if not event.registration_is_open:
        return render(request, "meetings/register_closed.html", {"event": event}, status=200)
    if not Event.objects.is_of_approved_organisation(event):
        return render(request, "meetings/register_closed.html", {
            "event": event, "reason": services.not_approved_error().message,
        }, status=409 if request.method == "POST" else 200)
    initial = {"language": translation.get_language()}
    if request.user.is_authenticated:
        initial.update(name=request.user.name, email=request.user.email,
                       language=request.user.preferred_language)
    form = RegistrationForm(request.POST or None, event=event, initial=initial)
    sharing = SharingForm(request.POST or None)
    rate_limited = False
    if request.method == "POST" and form.is_valid() and sharing.is_valid():
        try:
            registration = services.do_register(request.user, event, form.registration_data(),
                                                client_address=client_ip(request))
        except services.RegistrationError as error:
            form.add_service_error(error)
            rate_limited = error.code == "rate_limited"
        else:
            if sharing.cleaned_data["on_list"]:
                # The participant-list choice (exchange.py), with its consent record.
                do_set_sharing(request.user, registration, sharing.choice(),
                               token=registration.token)
            if registration.status == R.CONFIRMED:
                messages.success(request, _("You are registered. We have sent you a mail."))
            else:
                messages.success(request, _(
                    "The meeting is full: you are on the waiting list. We will write to you "
                    "as soon as a seat is free."))
            return redirect(registration)
    event.refresh_from_db()
    return render(request, "meetings/register.html", {
        "event": event, "form": form, "remaining": event.remaining_seats(),
        "sharing": sharing,
    }, status=429 if rate_limited else 422 if form.errors or sharing.errors else 200)


def _registration(token: str) -> Registration:
    return get_object_or_404(Registration.objects.select_related("event"), token=token)


def registration_detail(request: HttpRequest, token: str) -> HttpResponse:
    """The registrant's own page (no account needed; the link in the mail is the key)."""
    registration = _registration(token)
    event = registration.event
    editable = registration.is_active and not event.is_past and not event.is_cancelled
    form = RegistrationForm(
        request.POST or None, event=event, editing=True,
        initial=RegistrationForm.initial_for(registration),
    ) if editable else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.do_update_registration(
                request.user, registration, form.registration_data(), token=token
            )
        except services.RegistrationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Your answers are saved."))
            return redirect(registration)
    answers = [
        (question.label_text, question.display(registration.answers.get(str(question.pk))))
        for question in event.questions.all()
    ]
    position = None
    if registration.status == R.WAITLISTED:
        position = event.registrations.filter(
            status=R.WAITLISTED, created__lte=registration.created
        ).count()
    with_ticket = tickets.has_ticket(registration) and not event.is_past
    return render(request, "meetings/registration.html", {
        "registration": registration, "event": event, "form": form, "answers": answers,
        "waitlist_position": position,
        "ticket_code": tickets.ticket_code(registration) if with_ticket else "",
        "ticket_qr": tickets.qr_svg(registration) if with_ticket else "",
        "show_online_link": event.is_online and event.online_link
        and registration.status in Registration.HOLDING_A_SEAT and not event.is_cancelled,
    }, status=422 if form is not None and form.errors else 200)


@require_POST
def registration_cancel(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration(token)
    try:
        services.do_cancel_registration(request.user, registration, token=token)
    except services.RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect(registration)


def registration_erase(request: HttpRequest, token: str) -> HttpResponse:
    """The registrant erases the registration for good (confirm page, then POST)."""
    registration = _registration(token)
    event = registration.event
    if request.method == "POST":
        services.do_erase_registration(request.user, registration, token=token)
        messages.success(request, _(
            "Your registration is erased: your name, e-mail address and answers are deleted."))
        return redirect(event)
    return render(request, "meetings/registration_erase.html", {
        "registration": registration, "event": event, "staff": False,
        "cancel_url": registration.get_absolute_url(),
    })


def registration_ics(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration(token)
    method = "CANCEL" if registration.status == R.CANCELLED else None
    response = HttpResponse(
        event_ics(registration.event, registration, method=method),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{registration.event.slug}.ics"'
    return response


# --- feeds -----------------------------------------------------------------------------------


def _ics_response(events, name: str, imported=None) -> HttpResponse:
    from wspolnie.calendars.selectors import entry_for as imported_entry

    events = events.public().order_by("starts_at")
    extra = [imported_entry(item) for item in imported] if imported is not None else None
    return HttpResponse(feed_ics(events, name, extra),
                        content_type="text/calendar; charset=utf-8")


def feed_all(request: HttpRequest) -> HttpResponse:
    """Every public meeting and the events imported from members' calendars; the list's and
    the calendar's filters narrow it (?format=online)."""
    from wspolnie.calendars.selectors import filtered

    query = MEETINGS.from_params(request.GET)
    return _ics_response(query.apply(Event.objects.all()), _("Meetings"),
                         filtered(query.filters, query.text))


def feed_series(request: HttpRequest, slug: str) -> HttpResponse:
    series = get_object_or_404(Series.objects.public(), slug=slug)
    return _ics_response(series.events.all(), series.title_text)


def feed_organisation(request: HttpRequest, slug: str) -> HttpResponse:
    from wspolnie.calendars.selectors import filtered

    organisation = get_object_or_404(Organisation.objects.public(), slug=slug)
    return _ics_response(Event.objects.filter(organisers=organisation), organisation.name,
                         filtered({"organiser": [organisation.slug]}))


# --- organisers ------------------------------------------------------------------------------


@login_required
def my_events(request: HttpRequest) -> HttpResponse:
    events = events_managed_by(request.user).order_by("-starts_at")
    page = Paginator(events, 30).get_page(request.GET.get("page"))
    return render(request, "meetings/manage_list.html", {
        "page": page,
        "can_organise": organisations_user_organises_for(request.user).exists(),
        "co_organising_waiting": services.co_organiser_links_for(request.user).filter(
            status=SeriesCoOrganiser.Status.PENDING).count(),
    })


@login_required
def co_organising(request: HttpRequest) -> HttpResponse:
    """Series that name one of the user's organisations as co-organiser: confirm or decline."""
    if not organisations_user_organises_for(request.user).exists():
        raise PermissionDenied
    links = services.co_organiser_links_for(request.user)
    return render(request, "meetings/co_organising.html", {"links": links})


@login_required
@require_POST
def co_organising_answer(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_object_or_404(SeriesCoOrganiser.objects.select_related("series", "organisation"),
                             pk=pk)
    answer = request.POST.get("answer")
    if answer not in ("confirm", "decline"):
        messages.error(request, _("Please choose to confirm or to decline."))
        return redirect("meetings:co_organising")
    services.do_answer_co_organiser(request.user, link, confirm=answer == "confirm")
    if answer == "confirm":
        messages.success(request, _("“%(organisation)s” now co-organises “%(series)s”.") % {
            "organisation": link.organisation.name, "series": link.series.title_text})
    else:
        messages.success(request, _(
            "“%(organisation)s” does not co-organise “%(series)s”.") % {
            "organisation": link.organisation.name, "series": link.series.title_text})
    return redirect("meetings:co_organising")


@login_required
def event_create(request: HttpRequest) -> HttpResponse:
    organisations = organisations_user_organises_for(request.user)
    if not organisations.exists():
        raise PermissionDenied
    from django import forms as django_forms

    form = EventForm(request.POST or None)
    _limit_series(form, request.user)
    form.fields["organisers"] = django_forms.ModelMultipleChoiceField(
        label=_("Organisers"), queryset=organisations, widget=django_forms.CheckboxSelectMultiple,
    )
    form.fields["slug"] = django_forms.SlugField(
        label=_("Short name in addresses"), max_length=100,
        help_text=_("Latin letters, digits and dashes, e.g. networking-meeting-2024-05."),
    )
    if request.method == "POST" and form.is_valid():
        if Event.objects.filter(slug=form.cleaned_data["slug"]).exists():
            form.add_error("slug", _("This short name is taken."))
        else:
            try:
                event = services.do_create_event(
                    request.user, form.cleaned_data["organisers"], form.cleaned_data["slug"],
                    **form.values(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The meeting is saved as a draft."))
                return redirect("meetings:manage", slug=event.slug)
    return render(request, "meetings/event_form.html", {"form": form, "event": None},
                  status=422 if form.errors else 200)


@login_required
def event_edit(request: HttpRequest, slug: str) -> HttpResponse:
    event = _managed_event(request, slug)
    form = EventForm(request.POST or None, instance=Event.objects.get(pk=event.pk))
    _limit_series(form, request.user, event)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_update_event(request.user, event, **form.values())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The meeting is saved."))
            return redirect("meetings:manage", slug=event.slug)
    return render(request, "meetings/event_form.html", {"form": form, "event": event},
                  status=422 if form.errors else 200)


def _counts_by_answer(event: Event, registrations) -> list[dict]:
    """For each choice and yes/no question: how many active registrants picked what."""
    result = []
    for question in event.questions.all():
        if question.kind == question.Kind.TEXT:
            continue
        counter: Counter = Counter()
        for registration in registrations:
            answer = registration.answers.get(str(question.pk))
            values = answer if isinstance(answer, list) else [answer]
            for value in values:
                if value not in (None, ""):
                    counter[question.display(value if question.kind != "multiple"
                                             else [value])] += 1
        result.append({"question": question.label_text, "counts": counter.most_common()})
    return result


@login_required
def event_manage(request: HttpRequest, slug: str) -> HttpResponse:
    event = _managed_event(request, slug)
    registrations = list(event.registrations.all())
    questions = list(event.questions.all())
    rows = [
        {
            "registration": registration,
            "answers": [question.display(registration.answers.get(str(question.pk)))
                        for question in questions],
        }
        for registration in registrations
    ]
    by_status = Counter(registration.status for registration in registrations)
    active = [r for r in registrations if r.is_active]
    held = [r for r in registrations if r.status in Registration.HOLDING_A_SEAT]
    attended = by_status.get(R.ATTENDED, 0)
    return render(request, "meetings/manage.html", {
        "event": event,
        "rows": rows,
        "questions": questions,
        "status_counts": [(label, by_status.get(value, 0)) for value, label in R.choices],
        "answer_counts": _counts_by_answer(event, active),
        "next_statuses": [
            (status, Event.Status(status).label)
            for status in sorted(services.TRANSITIONS.get(event.status, set()),
                                 key=list(Event.Status.values).index)
        ],
        "attendance_rate": round(100 * attended / len(held)) if held else None,
        "attended": attended,
        "remaining": event.remaining_seats(),
        "feedback": feedback_summary(event),
    })


@login_required
@require_POST
def event_status(request: HttpRequest, slug: str) -> HttpResponse:
    event = _managed_event(request, slug)
    status = request.POST.get("status", "")
    if status not in Event.Status.values:
        messages.error(request, _("Please pick a status."))
        return redirect("meetings:manage", slug=event.slug)
    try:
        event = services.do_change_status(request.user, event, status)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The meeting is now: %(status)s.")
                         % {"status": event.get_status_display()})
    return redirect("meetings:manage", slug=event.slug)


@login_required
def event_export(request: HttpRequest, slug: str, extension: str) -> HttpResponse:
    event = _managed_event(request, slug)
    response = HttpResponse(spreadsheet_bytes(registrations_dataset(event), extension),
                            content_type=SPREADSHEET_FORMATS[extension])
    response["Content-Disposition"] = (
        f'attachment; filename="{event.slug}-registrations.{extension}"'
    )
    return response


@login_required
def event_check_in(request: HttpRequest, slug: str) -> HttpResponse:
    """A page for a phone at the door: search by name, one tap per person."""
    event = _managed_event(request, slug)
    query = request.GET.get("q", "").strip()
    registrations = event.registrations.filter(
        status__in=[R.CONFIRMED, R.ATTENDED, R.WAITLISTED]
    ).order_by("name")
    if query:
        registrations = registrations.filter(
            Q(name__icontains=query) | Q(organisation_name__icontains=query)
            | Q(email__icontains=query)
        )
    return render(request, "meetings/check_in.html", {
        "event": event, "registrations": registrations, "query": query,
        "counts": services.check_in_counts(event), "ticket_max_length": tickets.MAX_INPUT,
    })


@login_required
@require_POST
def event_check_in_ticket(request: HttpRequest, slug: str) -> HttpResponse:
    """The ticket code typed in (or scanned) without JavaScript; with it, check_in.js posts
    to the API instead and keeps the check-ins made without a connection."""
    event = _managed_event(request, slug)
    try:
        result = services.do_check_in_ticket(request.user, event, request.POST.get("ticket", ""))
    except tickets.TicketError as error:
        messages.error(request, error.message)
    else:
        (messages.warning if result.already else messages.success)(request, result.message)
    return redirect("meetings:check_in", slug=event.slug)


@login_required
@require_POST
def event_check_in_toggle(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _managed_event(request, slug)
    registration = get_object_or_404(event.registrations, pk=pk)
    attended = request.POST.get("attended", "1") != "0"
    try:
        registration = services.do_check_in(request.user, registration, attended)
    except services.RegistrationError as error:
        messages.error(request, error.message)
    else:
        if attended:
            messages.success(request, _("%(name)s is checked in.") % {"name": registration.name})
        else:
            messages.success(request, _("Check-in of %(name)s undone.")
                             % {"name": registration.name})
    query = request.POST.get("q", "")
    target = f"{event.get_absolute_url()}manage/check-in/"
    return redirect(f"{target}?q={query}" if query else target)


@login_required
@require_POST
def registration_manage_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _managed_event(request, slug)
    registration = get_object_or_404(event.registrations, pk=pk)
    try:
        services.do_cancel_registration(request.user, registration)
    except services.RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The registration of %(name)s is cancelled.")
                         % {"name": registration.name})
    return redirect("meetings:manage", slug=event.slug)


@login_required
def registration_manage_erase(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Staff erase a registration when the person asks them to (confirm page, then POST)."""
    event = _managed_event(request, slug)
    if not request.user.is_staff:
        raise PermissionDenied
    registration = get_object_or_404(event.registrations, pk=pk)
    if request.method == "POST":
        services.do_erase_registration(request.user, registration)
        messages.success(request, _("The registration is erased."))
        return redirect("meetings:manage", slug=event.slug)
    return render(request, "meetings/registration_erase.html", {
        "registration": registration, "event": event, "staff": True,
        "cancel_url": reverse("meetings:manage", args=[event.slug]),
    })


@login_required
def event_message(request: HttpRequest, slug: str) -> HttpResponse:
    event = _managed_event(request, slug)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        count = services.do_message_registrants(
            request.user, event, form.cleaned_data["subject"], form.cleaned_data["body"],
            form.cleaned_data["statuses"],
        )
        messages.success(request, _("The message is on its way to %(count)s people.")
                         % {"count": count})
        return redirect("meetings:manage", slug=event.slug)
    return render(request, "meetings/message.html", {"event": event, "form": form},
                  status=422 if form.errors else 200)


@login_required
def event_report(request: HttpRequest, slug: str) -> HttpResponse:
    event = _managed_event(request, slug)
    if request.method == "POST" and "draft" in request.POST:
        # Filled in, not saved: the organisers read and correct it first.
        draft = draft_report(event)
        form = ReportForm(initial={"report": draft.texts, "links": "\n".join(draft.links)})
        messages.info(request, _("A draft is filled in from the meeting's data: read it, "
                                 "correct it, then save or publish it."))
        return render(request, "meetings/report_form.html", {
            "event": event, "form": form, "started": event.starts_at <= timezone.now(),
            "can_announce": can_announce_event(request.user, event),
        })
    form = ReportForm(
        request.POST or None,
        initial={"report": event.report, "links": "\n".join(event.report_links)},
    )
    if request.method == "POST" and form.is_valid():
        publish = "publish" in request.POST
        try:
            services.do_save_report(request.user, event, form.cleaned_data["report"],
                                    form.cleaned_data["links"], publish=publish)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The report is published.") if publish
                             else _("The report is saved (not published)."))
            return redirect(event if publish else f"{event.get_absolute_url()}manage/")
    return render(request, "meetings/report_form.html", {
        "event": event, "form": form, "started": event.starts_at <= timezone.now(),
        "can_announce": can_announce_event(request.user, event),
    }, status=422 if form.errors else 200)


@login_required
def event_agenda(request: HttpRequest, slug: str) -> HttpResponse:
    event = _managed_event(request, slug)
    initial = [
        {"time": item.time, "title": item.title, "speakers": item.speakers,
         "speaker_organisations": list(item.speaker_organisations.all())}
        for item in event.agenda_items.all()
    ]
    formset = AgendaFormSet(request.POST or None, initial=initial, prefix="agenda",
                            form_kwargs={"event": event})
    if request.method == "POST" and formset.is_valid():
        items = [
            form.cleaned_data for form in formset.forms
            if form.has_changed() or form.initial
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        try:
            services.do_set_agenda(request.user, event, items)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The agenda is saved."))
            return redirect("meetings:manage", slug=event.slug)
    return render(request, "meetings/formset.html", {
        "event": event, "formset": formset, "title": _("Agenda"),
    }, status=422 if request.method == "POST" else 200)


@login_required
def event_questions(request: HttpRequest, slug: str) -> HttpResponse:
    event = _managed_event(request, slug)
    initial = [QuestionForm.initial_for(question) for question in event.questions.all()]
    formset = QuestionFormSet(request.POST or None, initial=initial, prefix="questions")
    if request.method == "POST" and formset.is_valid():
        questions = []
        for form in formset.forms:
            data = form.cleaned_data
            if not data or not (form.has_changed() or form.initial):
                continue
            questions.append({
                "id": data.get("id"), "label": data["label"], "kind": data["kind"],
                "required": data["required"], "choice_lines": data["choice_lines"],
                "delete": data.get("DELETE", False),
            })
        try:
            services.do_set_questions(request.user, event, questions)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The registration questions are saved."))
            return redirect("meetings:manage", slug=event.slug)
    return render(request, "meetings/formset.html", {
        "event": event, "formset": formset, "title": _("Registration questions"),
    }, status=422 if request.method == "POST" else 200)


def _limit_series(form, user, event: Event | None = None) -> None:
    """Organisers attach meetings only to series their organisations (co-)organise."""
    organisations = organisations_user_organises_for(user)
    series = Series.objects.filter(
        Q(organiser__in=organisations)
        | Q(co_organiser_links__organisation__in=organisations,
            co_organiser_links__status=SeriesCoOrganiser.Status.CONFIRMED)
        | Q(pk=getattr(event, "series_id", None))
    ).distinct()
    form.fields["series"].queryset = series
    form.fields["theme"].queryset = Theme.objects.filter(series__in=series).select_related(
        "series")
    form.fields["theme"].label_from_instance = (
        lambda theme: f"{theme.name} ({theme.series.title_text})"
    )


@login_required
def series_create(request: HttpRequest) -> HttpResponse:
    organisations = organisations_user_organises_for(request.user)
    if not organisations.exists():
        raise PermissionDenied
    from django import forms as django_forms

    form = SeriesForm(request.POST or None, organisations=organisations)
    form.fields["slug"] = django_forms.SlugField(
        label=_("Short name in addresses"), max_length=80,
        help_text=_("Latin letters, digits and dashes, e.g. networking-meeting-2024-05."),
    )
    if request.method == "POST" and form.is_valid():
        if Series.objects.filter(slug=form.cleaned_data["slug"]).exists():
            form.add_error("slug", _("This short name is taken."))
        else:
            series = _save_series(request, None, form)
            if series is not None:
                return redirect(series)
    return render(request, "meetings/series_form.html", {"form": form, "series": None},
                  status=422 if form.errors else 200)


@login_required
def series_edit(request: HttpRequest, slug: str) -> HttpResponse:
    series = get_object_or_404(Series, slug=slug)
    if not services.can_edit_series(request.user, series):
        raise PermissionDenied
    organisations = Organisation.objects.filter(
        Q(pk__in=organisations_user_organises_for(request.user).values("pk"))
        | Q(pk=series.organiser_id)
    )
    form = SeriesForm(request.POST or None, organisations=organisations,
                      initial=SeriesForm.initial_for(series))
    if request.method == "POST" and form.is_valid() and _save_series(request, series, form):
        return redirect(series)
    return render(request, "meetings/series_form.html", {"form": form, "series": series},
                  status=422 if form.errors else 200)


def _save_series(request: HttpRequest, series: Series | None, form) -> Series | None:
    data = form.cleaned_data
    try:
        series = services.do_save_series(
            request.user, series, slug=data.get("slug", ""), title=data["title"],
            description=data["description"], organiser=data["organiser"],
            co_organisers=data["co_organisers"], languages=data["languages"],
            theme_lines=form.theme_lines(),
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None
    messages.success(request, _("The series is saved."))
    return series
