"""Newsletter subscriptions: double opt-in, preferences, unsubscribe, expiry, erasure and the
sign-up rate limit.

Privacy rules that shape this module:
- Nothing but the confirmation mail is ever sent to a pending address.
- No answer (page, API, mail to the requester) may reveal whether an address is subscribed:
  a sign-up of an already confirmed address, or an unsubscribe with an unknown token, looks
  exactly like any other from the outside.
- The consent log outlives the subscriber; when an address is forgotten (expiry, erasure) its
  records keep what happened but the address is blanked, leaving a keyed hash that can prove a
  consent to somebody who knows the address.

Sign-up, confirmation and unsubscribe are done by anonymous visitors: the secret token in the
mailed link is their credential, so these functions take the token, not an acting user.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Sequence
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wspolnie.core.audit import describe, record, register_action
from wspolnie.core.mail import queue_templated_mail
from wspolnie.core.models import AuditEntry
from wspolnie.directory.models import Topic

from .models import ConsentRecord, SignupAttempt, Subscriber, new_subscriber_token

register_action("newsletter.signed_up", gettext_lazy("Newsletter sign-up"))
register_action("newsletter.confirmed", gettext_lazy("Newsletter subscription confirmed"))
register_action("newsletter.preferences_changed", gettext_lazy("Newsletter preferences changed"))
register_action("newsletter.unsubscribed", gettext_lazy("Unsubscribed from the newsletter"))
register_action("newsletter.expired", gettext_lazy("Unconfirmed newsletter sign-up expired"))
register_action("newsletter.subscriber_erased", gettext_lazy("Newsletter subscriber erased"))

#: As in wspolnie.core.context_processors (there is no setting for it).
SITE_NAME = "Wspólnie"

S = Subscriber.Status
A = ConsentRecord.Action


class SubscriptionError(Exception):
    """A request that cannot be carried out; `message` is translated and safe to show."""

    code = "invalid"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RateLimited(SubscriptionError):
    code = "rate_limited"


class LinkExpired(SubscriptionError):
    """The confirmation link is unknown, used up or too old: the person must sign up again.
    Unknown and expired tokens get the same answer (expired sign-ups are deleted anyway)."""

    code = "expired"


class UnknownToken(SubscriptionError):
    code = "unknown"


# --- helpers -------------------------------------------------------------------------------


def normalise_email(email: str) -> str:
    """Trimmed and lower-cased, validated; raises ValidationError with a translated message.

    The whole address is lower-cased (not only the domain): in practice mailbox names are not
    case-sensitive, and one subscriber per mailbox matters more than the RFC's letter."""
    address = (email or "").strip().lower()
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError(
            _("Enter a valid e-mail address, for example name@example.org."), code="invalid"
        ) from None
    return address


def keyed_hash(kind: str, value: str) -> str:
    """HMAC with SECRET_KEY: client and e-mail addresses are stored only in this form."""
    return hmac.new(
        settings.SECRET_KEY.encode(), f"{kind}:{value}".encode(), hashlib.sha256
    ).hexdigest()


def clean_languages(languages: Iterable[str]) -> list[str]:
    chosen = [code for code in dict.fromkeys(languages) if code]
    unknown = [code for code in chosen if code not in settings.CONTENT_LANGUAGES]
    if unknown:
        raise ValidationError(
            _("Unknown language: %(code)s.") % {"code": ", ".join(unknown)}, code="language"
        )
    if not chosen:
        raise ValidationError(_("Choose at least one language."), code="no_language")
    return chosen


def topics_by_slug(slugs: Iterable[str]) -> list[Topic]:
    """Topics for the API's slugs; an unknown slug is an error (not silently "all topics")."""
    slugs = list(dict.fromkeys(slugs))
    topics = list(Topic.objects.filter(slug__in=slugs))
    unknown = sorted(set(slugs) - {topic.slug for topic in topics})
    if unknown:
        raise ValidationError(
            _("Unknown topic: %(slug)s.") % {"slug": ", ".join(unknown)}, code="topic"
        )
    return topics


def _absolute(name: str, token: str) -> str:
    return settings.SITE_URL + reverse(name, kwargs={"token": token})


def subscriber_links(subscriber: Subscriber) -> dict[str, str]:
    """Absolute URLs for the footer and the List-Unsubscribe headers of this subscriber's mail."""
    return {
        "preferences": _absolute("newsletter:preferences", subscriber.token),
        "unsubscribe": _absolute("newsletter:unsubscribe", subscriber.token),
        "one_click": _absolute("newsletter:one_click_unsubscribe", subscriber.token),
    }


def confirmed_subscribers() -> QuerySet[Subscriber]:
    """The only subscribers a newsletter issue may be sent to."""
    return Subscriber.objects.filter(status=S.CONFIRMED)


def filter_subscribers(
    queryset: QuerySet[Subscriber], *, status: str = "", language: str = "", topic: str = "",
) -> QuerySet[Subscriber]:
    """The staff list's filters (page, export and API share them)."""
    if status:
        queryset = queryset.filter(status=status)
    if language:
        # Membership in the JSON list, portable between SQLite and PostgreSQL.
        queryset = queryset.filter(languages__icontains=f'"{language}"')
    if topic:
        # A subscriber without topics receives every topic, so belongs to every topic's list.
        queryset = queryset.filter(Q(topics__slug=topic) | Q(topics__isnull=True)).distinct()
    return queryset


def mail_language(chosen: Sequence[str], page_language: str) -> str:
    """The language of the confirmation mail: the page's language if the person chose it for
    their newsletter, else the first chosen language the site speaks, else the page's."""
    ui_languages = [code for code, _name in settings.LANGUAGES]
    if page_language in chosen and page_language in ui_languages:
        return page_language
    for code in chosen:
        if code in ui_languages:
            return code
    return page_language if page_language in ui_languages else settings.LANGUAGE_CODE


def _details(languages: Sequence[str], topics: Iterable[Topic]) -> dict:
    return {"languages": list(languages), "topics": sorted(topic.slug for topic in topics)}


def _consent(subscriber: Subscriber | None, action: str, *, source: str, email: str = "",
             text: str = "", language: str = "", details: dict | None = None) -> ConsentRecord:
    return ConsentRecord.objects.create(
        subscriber=subscriber,
        email=email if email or subscriber is None else subscriber.email,
        action=action,
        source=source[:100],
        text=text,
        language=language,
        details=details or {},
    )


def _expiry_limit(now=None):
    return (now or timezone.now()) - timedelta(hours=settings.NEWSLETTER_CONFIRMATION_HOURS)


def confirmation_expired(subscriber: Subscriber) -> bool:
    """A pending sign-up whose confirmation link is older than the limit (the expiry job
    deletes it soon; until then the link already refuses)."""
    sent = subscriber.confirmation_sent_at or subscriber.created
    return subscriber.status == S.PENDING and sent < _expiry_limit()


# --- rate limit ----------------------------------------------------------------------------


def check_rate_limit(client_address: str, email: str = "") -> None:
    """Count one attempt from this client (and for this address); raise RateLimited when
    either has had NEWSLETTER_SIGNUP_LIMIT_PER_HOUR attempts within the last hour."""
    keys = [keyed_hash("client", client_address or "unknown")]
    if email:
        keys.append(keyed_hash("email", email))
    limit = settings.NEWSLETTER_SIGNUP_LIMIT_PER_HOUR
    if not count_attempt([(key, limit) for key in keys]):
        raise RateLimited(_(
            "Too many sign-up attempts. Please wait an hour and try again."
        ))


def count_attempt(limits: Sequence[tuple[str, int]]) -> bool:
    """The hub's hourly rate limit (the newsletter sign-up, account mails): `limits` are
    (key, attempts allowed per hour) pairs, the keys made with keyed_hash(). False when one key
    has reached its limit within the last hour; otherwise one attempt is counted for every key
    and the answer is True.

    Kept in the database so every web worker shares the count; attempts older than an hour
    are pruned on the way. Refused attempts are not counted, so a client that keeps trying is
    let in again an hour after its last accepted attempt rather than never."""
    hour_ago = timezone.now() - timedelta(hours=1)
    SignupAttempt.objects.filter(at__lt=hour_ago).delete()
    for key, limit in limits:
        if SignupAttempt.objects.filter(key=key, at__gte=hour_ago).count() >= limit:
            return False
    SignupAttempt.objects.bulk_create([SignupAttempt(key=key) for key, _limit in limits])
    return True


# --- the subscriber's own actions ---------------------------------------------------------


def do_sign_up(
    email: str,
    languages: Sequence[str],
    topics: Iterable[Topic],
    *,
    source: str,
    consent_text: str,
    language: str,
    client_key: str,
) -> Subscriber:
    """Start (or restart) the double opt-in for an address and mail the confirmation link.

    Raises ValidationError (bad address, languages) or RateLimited. Returns the subscriber;
    callers must answer the same neutral "check your mailbox" whatever happened, because an
    already confirmed address is left as it is (its owner gets a mail with the preferences
    link instead, so only the mailbox owner learns that it was subscribed)."""
    address = normalise_email(email)
    languages = clean_languages(languages)
    topics = list(topics)
    check_rate_limit(client_key, address)
    now = timezone.now()
    with transaction.atomic():
        # get_or_create: two simultaneous sign-ups of a new address must not crash on the
        # unique e-mail (it retries the get after the IntegrityError).
        subscriber, _created = Subscriber.objects.select_for_update().get_or_create(
            email=address, defaults={"languages": languages, "confirmation_sent_at": now}
        )
        if subscriber.status == S.CONFIRMED:
            queue_templated_mail(
                "newsletter/mail/already_subscribed", address,
                {"links": subscriber_links(subscriber), "site_name": SITE_NAME},
                mail_language(subscriber.languages, language),
            )
            return subscriber
        if subscriber.status == S.UNSUBSCRIBED:
            # A new consent cycle: links from the old mails must not confirm it.
            subscriber.token = new_subscriber_token()
            subscriber.unsubscribed_at = None
        subscriber.status = S.PENDING
        subscriber.languages = languages
        subscriber.confirmed_at = None
        subscriber.confirmation_sent_at = now
        subscriber.save()
        subscriber.topics.set(topics)
        _consent(subscriber, A.SIGN_UP, source=source, text=consent_text, language=language,
                 details=_details(languages, topics))
        record(None, "newsletter.signed_up", subscriber, {"source": source})
        queue_templated_mail(
            "newsletter/mail/confirm", address,
            {
                "confirm_url": _absolute("newsletter:confirm", subscriber.token),
                "hours": settings.NEWSLETTER_CONFIRMATION_HOURS,
                "site_name": SITE_NAME,
            },
            mail_language(languages, language),
        )
    return subscriber


def _by_token(token: str, *, lock: bool = False) -> Subscriber | None:
    queryset = Subscriber.objects.select_for_update() if lock else Subscriber.objects
    return queryset.filter(token=token).first() if token else None


def expired_link_message() -> str:
    return _(
        "This confirmation link is no longer valid (it is unknown, or older than %(hours)s "
        "hours). Please sign up again."
    ) % {"hours": settings.NEWSLETTER_CONFIRMATION_HOURS}


def do_confirm(token: str, *, source: str = "confirmation link") -> Subscriber:
    """Confirm a pending sign-up. Confirming twice is fine; an unknown, withdrawn or too old
    sign-up raises LinkExpired (the person can simply sign up again)."""
    expired = LinkExpired(expired_link_message())
    with transaction.atomic():
        subscriber = _by_token(token, lock=True)
        if subscriber is None or subscriber.status == S.UNSUBSCRIBED:
            raise expired
        if subscriber.status == S.CONFIRMED:
            return subscriber
        if confirmation_expired(subscriber):
            raise expired
        subscriber.status = S.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["status", "confirmed_at"])
        _consent(subscriber, A.CONFIRM, source=source,
                 details=_details(subscriber.languages, subscriber.topics.all()))
        record(None, "newsletter.confirmed", subscriber, {"source": source})
    return subscriber


def do_update_preferences(
    token: str, languages: Sequence[str], topics: Iterable[Topic], *,
    source: str = "preferences page",
) -> Subscriber:
    """Change the languages and topics of a confirmed subscription."""
    languages = clean_languages(languages)
    topics = list(topics)
    with transaction.atomic():
        subscriber = _by_token(token, lock=True)
        if subscriber is None or subscriber.status != S.CONFIRMED:
            raise UnknownToken(_(
                "This link does not belong to an active subscription. You can sign up again."
            ))
        before = _details(subscriber.languages, subscriber.topics.all())
        after = _details(languages, topics)
        if before == after:
            return subscriber
        subscriber.languages = languages
        subscriber.save(update_fields=["languages"])
        subscriber.topics.set(topics)
        _consent(subscriber, A.CHANGE, source=source, details=after)
        record(None, "newsletter.preferences_changed", subscriber,
               {key: [before[key], after[key]] for key in after if before[key] != after[key]})
    return subscriber


def do_unsubscribe(token: str, *, source: str) -> Subscriber | None:
    """Stop all mail to the token's owner. Idempotent; an unknown token does nothing and
    callers answer exactly as for a known one. A pending sign-up is withdrawn as well."""
    with transaction.atomic():
        subscriber = _by_token(token, lock=True)
        if subscriber is None or subscriber.status == S.UNSUBSCRIBED:
            return subscriber
        subscriber.status = S.UNSUBSCRIBED
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["status", "unsubscribed_at"])
        _consent(subscriber, A.UNSUBSCRIBE, source=source)
        record(None, "newsletter.unsubscribed", subscriber, {"source": source})
    return subscriber


def request_unsubscribe_link(email: str, *, language: str, client_key: str) -> None:
    """"Unsubscribe by e-mail address": mail the unsubscribe link if the address has a
    subscription. The caller always answers "if this address is subscribed, we sent a link".
    Rate-limited like sign-ups, so it cannot be used to flood a mailbox."""
    address = normalise_email(email)
    check_rate_limit(client_key, address)
    # Only confirmed addresses: nothing but the confirmation is ever sent to a pending one.
    subscriber = confirmed_subscribers().filter(email=address).first()
    if subscriber is None:
        return
    queue_templated_mail(
        "newsletter/mail/unsubscribe_link", address,
        {"links": subscriber_links(subscriber), "site_name": SITE_NAME},
        mail_language(subscriber.languages, language),
    )


# --- forgetting addresses ------------------------------------------------------------------


def _forget(subscriber: Subscriber, action: str, *, source: str) -> ConsentRecord:
    """Blank the address everywhere it is kept for this subscriber, record `action` and delete
    the subscriber. The consent records stay (they prove what happened), with a keyed hash of
    the address instead of the address."""
    from .models import Delivery  # the fan-out's records; they keep the address too

    address_hash = keyed_hash("email", subscriber.email)
    for consent in subscriber.consents.all():
        consent.email = ""
        consent.details = {**consent.details, "email_hash": address_hash}
        consent.save(update_fields=["email", "details"])
    # An SMTP error may quote the address.
    Delivery.objects.filter(subscriber=subscriber).update(email="", error="")
    # The audit log names a subscriber by id (core.audit); entries written before it did are
    # rewritten by a data migration, this keeps an erasure complete whatever.
    AuditEntry.objects.filter(
        object_type=Subscriber._meta.label_lower, object_id=str(subscriber.pk)
    ).update(object_repr=describe(subscriber))
    final = _consent(None, action, source=source, details={"email_hash": address_hash})
    subscriber.delete()
    return final


def expire_unconfirmed(now=None) -> int:
    """Delete pending sign-ups older than NEWSLETTER_CONFIRMATION_HOURS; returns how many."""
    stale = Subscriber.objects.filter(status=S.PENDING).annotate(
        sent=Coalesce("confirmation_sent_at", "created")
    ).filter(sent__lt=_expiry_limit(now))
    count = 0
    for subscriber in stale.iterator(chunk_size=200):
        with transaction.atomic():
            final = _forget(subscriber, A.EXPIRE, source="expiry")
            record(None, "newsletter.expired", final)
        count += 1
    return count


def do_erase_subscriber(actor, subscriber: Subscriber) -> ConsentRecord:
    """Staff only: forget a subscriber completely (e.g. on a GDPR erasure request)."""
    if not getattr(actor, "is_staff", False):
        raise PermissionDenied(_("Only staff can erase subscribers."))
    with transaction.atomic():
        final = _forget(subscriber, A.ERASE, source="staff erasure")
        record(actor, "newsletter.subscriber_erased", final)
    return final


def do_erase_by_token(token: str) -> ConsentRecord:
    """The subscriber, through the private link in their mail: forget them completely.
    UnknownToken for a token that is not (any more) a subscriber's."""
    with transaction.atomic():
        subscriber = _by_token(token, lock=True) if token else None
        if subscriber is None:
            raise UnknownToken(_("This link does not belong to a subscription any more."))
        final = _forget(subscriber, A.ERASE, source="self-service erasure")
        record(None, "newsletter.subscriber_erased", final)
    return final


def do_erase_own_subscription(actor) -> ConsentRecord | None:
    """Somebody deleting their account: forget the subscription of the account's address, if
    there is one (whatever its status). The account's address is verified, so it is theirs."""
    if not getattr(actor, "is_authenticated", False) or actor.email_verified_at is None:
        raise PermissionDenied
    subscriber = Subscriber.objects.filter(email=(actor.email or "").strip().lower()).first()
    if subscriber is None:
        return None
    with transaction.atomic():
        final = _forget(subscriber, A.ERASE, source="account deletion")
        record(actor, "newsletter.subscriber_erased", final)
    return final
