"""/api/newsletter/issues…, /deliveries, /bounces: newsletter issues for staff (403 JSON for
anyone else). Compose, send, follow the progress, list deliveries, report bounces."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import Field

from wspolnie.announcements.models import Announcement
from wspolnie.api.auth import REQUIRED
from wspolnie.api.schemas import ErrorOut, Id, MultilingualText, Pagination

from . import issues
from .models import Delivery, Issue

router = Router(tags=["newsletter issues"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def _require_staff(request: HttpRequest) -> None:
    if not issues.can_manage_newsletter(request.user):
        raise HttpError(403, _("Only staff can manage the newsletter."))


def _issue(request: HttpRequest, pk: Id) -> Issue:
    _require_staff(request)
    issue = Issue.objects.filter(pk=pk).first()
    if issue is None:
        raise HttpError(404, _("Not found."))
    return issue


class IssueIn(Schema):
    announcements: list[Id] = Field(min_length=1, max_length=50)
    subject: MultilingualText(issues.SUBJECT_MAX) = {}
    intro: MultilingualText(issues.INTRO_MAX) = {}


class IssueOut(Schema):
    id: int
    status: str
    subject: dict[str, str]
    intro: dict[str, str]
    announcements: list[int]
    created: datetime
    started_at: datetime | None
    finished_at: datetime | None
    recipients_by_language: dict[str, int] | None = None

    @staticmethod
    def resolve_announcements(obj: Issue) -> list[int]:
        return [item.announcement_id for item in obj.items.all()]


class ProgressOut(Schema):
    status: str
    total: int
    queued: int
    sending: int
    sent: int
    failed: int
    bounced: int
    skipped: int


class DeliveryOut(Schema):
    id: int
    email: str
    language: str
    status: str
    message_id: str
    attempts: int
    sent_at: datetime | None
    next_attempt_at: datetime | None
    error: str


class DeliveryFilters(Schema):
    status: Delivery.Status | None = None


class BounceIn(Schema):
    message_id: str = Field("", max_length=255)
    email: str = Field("", max_length=254)
    reason: str = Field("", max_length=2000)


def _announcements(ids: list[int]) -> list[Announcement]:
    found = {a.pk: a for a in Announcement.objects.filter(pk__in=ids)}
    missing = [str(pk) for pk in ids if pk not in found]
    if missing:
        raise HttpError(422, _("Unknown announcement: %(ids)s.") % {"ids": ", ".join(missing)})
    return [found[pk] for pk in dict.fromkeys(ids)]


@router.get("/issues", auth=REQUIRED, response={200: list[IssueOut], **ERRORS},
            summary="Newsletter issues, newest first (staff)")
@paginate(Pagination, page_size=50)
def list_issues(request):
    _require_staff(request)
    return Issue.objects.prefetch_related("items")


@router.post("/issues", auth=REQUIRED, response={201: IssueOut, 422: ErrorOut, **ERRORS},
             summary="Compose an issue (a draft)")
def create_issue(request, payload: IssueIn):
    _require_staff(request)
    try:
        issue = issues.do_create_issue(
            request.user, _announcements(payload.announcements), payload.subject, payload.intro)
    except ValidationError as error:
        raise HttpError(422, " ".join(error.messages)) from None
    return Status(201, issue)


@router.get("/issues/{pk}", auth=REQUIRED, response={200: IssueOut, **ERRORS},
            summary="One issue; a draft shows how many mails would go out per language")
def get_issue(request, pk: Id):
    issue = _issue(request, pk)
    if issue.status == Issue.Status.DRAFT:
        issue.recipients_by_language = issues.recipient_counts(issue)
    return issue


@router.post("/issues/{pk}/send", auth=REQUIRED,
             response={202: ProgressOut, 409: ErrorOut, **ERRORS},
             summary="Start sending (the fan-out runs in the background worker)")
def send_issue(request, pk: Id):
    issue = _issue(request, pk)
    try:
        issues.do_start_sending(request.user, issue)
    except ValidationError as error:
        raise HttpError(409, " ".join(error.messages)) from None
    issue.refresh_from_db()
    return Status(202, {"status": issue.status, **issues.progress(issue)})


@router.get("/issues/{pk}/progress", auth=REQUIRED, response={200: ProgressOut, **ERRORS},
            summary="Deliveries per status")
def issue_progress(request, pk: Id):
    issue = _issue(request, pk)
    return {"status": issue.status, **issues.progress(issue)}


@router.get("/issues/{pk}/deliveries", auth=REQUIRED,
            response={200: list[DeliveryOut], **ERRORS}, summary="Deliveries of an issue")
@paginate(Pagination, page_size=100)
def issue_deliveries(request, pk: Id, filters: Query[DeliveryFilters]):
    issue = _issue(request, pk)
    deliveries = issue.deliveries.order_by("id")
    if filters.status:
        deliveries = deliveries.filter(status=filters.status)
    return deliveries


@router.post("/bounces", auth=REQUIRED,
             response={200: DeliveryOut, 422: ErrorOut, **ERRORS},
             summary="Report a bounce by Message-ID (or by address: its latest sent mail)")
def report_bounce(request, payload: BounceIn):
    _require_staff(request)
    message_id = payload.message_id.strip()
    email = payload.email.strip().lower()
    if not message_id and not email:
        raise HttpError(422, _("Give the bounced mail's message_id or the e-mail address."))
    if message_id:
        # Bounce reports often drop the angle brackets.
        candidates = {message_id, f"<{message_id.strip('<>')}>"}
        delivery = Delivery.objects.filter(message_id__in=candidates).first()
    else:
        delivery = (Delivery.objects.filter(email=email, status=Delivery.Status.SENT)
                    .order_by("-sent_at", "-id").first())
    if delivery is None:
        raise HttpError(404, _("No sent mail matches."))
    try:
        return issues.do_record_bounce(
            request.user, delivery, payload.reason or _("Bounced (no reason given)."))
    except PermissionDenied:
        raise HttpError(403, _("Only staff can manage the newsletter.")) from None
