"""/api/newsletter/: self-service subscriptions (no account: the token from the confirmation
mail is the key) and, for staff, the subscriber list."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import Field

from wspolnie.api.auth import REQUIRED
from wspolnie.api.schemas import ErrorOut, Pagination

from . import subscriptions
from .forms import CONSENT_TEXT
from .models import Subscriber

router = Router(tags=["newsletter"])


class SignUpIn(Schema):
    email: str = Field(max_length=254)
    languages: list[str] = Field(min_length=1, description="Content language codes, e.g. pl, uk")
    topics: list[str] = Field(default=[], description="Topic slugs; none = every topic")
    consent: bool = Field(description="The person agreed to the consent text (must be true)")
    consent_text: str = Field(
        default="", max_length=2000,
        description="The consent text exactly as your form showed it; by default ours, "
                    "in the request's language",
    )


class SubscriptionConfirmIn(Schema):
    token: str = Field(max_length=64)


class PreferencesIn(Schema):
    languages: list[str] = Field(min_length=1)
    topics: list[str] = []


class SubscriptionOut(Schema):
    email: str
    status: str
    languages: list[str]
    topics: list[str]

    @staticmethod
    def resolve_topics(obj: Subscriber) -> list[str]:
        return sorted(topic.slug for topic in obj.topics.all())


class SubscriberOut(SubscriptionOut):
    id: int
    created: datetime
    confirmed_at: datetime | None
    unsubscribed_at: datetime | None
    bounce_count: int


class SubscriberFilters(Schema):
    status: Subscriber.Status | None = None
    language: str | None = None
    topic: str | None = None


class DetailOut(Schema):
    detail: str


def _client(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _invalid(error: ValidationError) -> HttpError:
    return HttpError(422, " ".join(error.messages))


def _topics(slugs: list[str]):
    try:
        return subscriptions.topics_by_slug(slugs)
    except ValidationError as error:
        raise _invalid(error) from None


@router.post(
    "/subscriptions",
    response={202: DetailOut, 422: ErrorOut, 429: ErrorOut},
    summary="Sign up for the newsletter (a confirmation link is mailed; same answer for every "
            "address)",
)
def sign_up(request, payload: SignUpIn):
    if not payload.consent:
        raise HttpError(422, _("Please agree so that we may send you the newsletter."))
    topics = _topics(payload.topics)
    try:
        subscriptions.do_sign_up(
            payload.email, payload.languages, topics, source="API",
            consent_text=payload.consent_text or str(CONSENT_TEXT),
            language=translation.get_language(), client_key=_client(request),
        )
    except subscriptions.RateLimited as error:
        raise HttpError(429, error.message) from None
    except ValidationError as error:
        raise _invalid(error) from None
    return Status(202, {"detail": _(
        "We have sent a mail to this address. Open the link in it to confirm the subscription."
    )})


@router.post(
    "/subscriptions/confirm",
    response={200: SubscriptionOut, 410: ErrorOut},
    summary="Confirm a sign-up with the token from the confirmation mail",
)
def confirm(request, payload: SubscriptionConfirmIn):
    try:
        return subscriptions.do_confirm(payload.token, source="API")
    except subscriptions.LinkExpired as error:
        raise HttpError(410, error.message) from None


def _confirmed(token: str) -> Subscriber:
    subscriber = subscriptions.confirmed_subscribers().filter(token=token).first()
    if subscriber is None:
        raise HttpError(404, _("Not found."))
    return subscriber


@router.get(
    "/subscriptions/{token}", response={200: SubscriptionOut, 404: ErrorOut},
    summary="Your subscription (the token from the newsletter's preferences link)",
)
def get_subscription(request, token: str):
    return _confirmed(token)


@router.put(
    "/subscriptions/{token}", response={200: SubscriptionOut, 404: ErrorOut, 422: ErrorOut},
    summary="Change your languages and topics",
)
def update_subscription(request, token: str, payload: PreferencesIn):
    _confirmed(token)
    topics = _topics(payload.topics)
    try:
        return subscriptions.do_update_preferences(
            token, payload.languages, topics, source="API"
        )
    except subscriptions.UnknownToken:
        raise HttpError(404, _("Not found.")) from None
    except ValidationError as error:
        raise _invalid(error) from None


@router.post(
    "/subscriptions/{token}/unsubscribe", response={200: DetailOut},
    summary="Unsubscribe (the same answer for any token)",
)
def unsubscribe(request, token: str):
    subscriptions.do_unsubscribe(token, source="API")
    return {"detail": _("You are unsubscribed.")}


@router.get(
    "/subscribers", auth=REQUIRED,
    response={200: list[SubscriberOut], 401: ErrorOut, 403: ErrorOut},
    summary="All subscribers (staff only)",
)
@paginate(Pagination, page_size=100)
def list_subscribers(request, filters: Query[SubscriberFilters]):
    if not request.user.is_staff:
        raise HttpError(403, _("Only staff can see the subscribers."))
    return subscriptions.filter_subscribers(
        Subscriber.objects.prefetch_related("topics"), status=filters.status or "",
        language=filters.language or "", topic=filters.topic or "",
    )
