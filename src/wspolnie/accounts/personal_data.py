"""Everything the hub holds about one person, for their own download (GDPR art. 15 and 20).

`for_user(user)` gathers what is about a signed-in person: the account, their second-factor
devices and API tokens (names and dates, never a key), memberships and requests to join,
registrations for meetings (answers, feedback, participant-list consents, messages sent and
received), contact-person entries with their verified address, board cards and comments they
wrote, needs/offers and other things they created, reports of outdated information, a newsletter
subscription of their address (with its consent log and deliveries) and the audit entries about
them (and, without details, those of their own actions). `for_subscriber(subscriber)` is the
newsletter part alone, for a subscriber without an account (reached through the private link
in their mail).

Nothing about other people: links to other people (the admin who approved a request, the
recipient of a message, the actor of an entry about somebody else) are left out, secrets (keys,
tokens, hashes) too. Both give a list of sections, each a list of rows of (field, label,
value, value as shown on the page); `as_json` turns them into plain JSON.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

#: Field names never given out: they are secrets, not data about the person.
SECRET_FIELDS = frozenset({
    "password", "token", "ticket_secret", "claim_token", "key", "key_hash", "secret",
    "token_hash", "secret_hash", "reader", "edit_secret",
})


def _person_models() -> tuple:
    from wspolnie.contacts.models import ContactPerson
    from wspolnie.meetings.models import Registration
    from wspolnie.newsletter.models import Subscriber

    return (get_user_model(), Registration, Subscriber, ContactPerson)


@dataclass
class Section:
    key: str
    title: str
    rows: list[list[tuple[str, str, object, str]]] = field(default_factory=list)


def _value(value):
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    return value


def display(value, model_field=None) -> str:
    """A value as the readable page shows it (the JSON keeps the stored value)."""
    if model_field is not None and getattr(model_field, "choices", None):
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, dt.datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, list | tuple):
        return ", ".join(display(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {display(item)}" for key, item in value.items())
    if isinstance(value, models.Model):
        return str(value)
    return "" if value is None else str(value)


def row(obj: models.Model, *, skip: tuple[str, ...] = ()) -> list[tuple[str, str, object, str]]:
    """The object's fields as (name, label, value, display): secrets, links to people and
    `skip` out; other links as the linked object's name (an organisation, a meeting, a
    board)."""
    people = _person_models()
    found = []
    for model_field in obj._meta.concrete_fields:
        name = model_field.name
        if name in SECRET_FIELDS or name in skip or "secret" in name or "hash" in name:
            continue
        if model_field.is_relation:
            if model_field.related_model in people:
                continue
            value = getattr(obj, name)
        else:
            value = model_field.value_from_object(obj)
        found.append((name, str(model_field.verbose_name), _value(value),
                      display(value, model_field)))
    for model_field in obj._meta.many_to_many:
        if model_field.related_model in people:
            continue
        values = [str(item) for item in getattr(obj, model_field.name).all()]
        found.append((model_field.name, str(model_field.verbose_name), values,
                      display(values)))
    return found


def _section(key: str, title, objects, **options) -> Section:
    return Section(key, str(title), [row(obj, **options) for obj in objects])


def _subscriber_sections(subscriber) -> list[Section]:
    if subscriber is None:
        return []
    return [
        _section("newsletter_subscription", _("Newsletter subscription"), [subscriber]),
        _section("newsletter_consents", _("Newsletter consent log"),
                 subscriber.consents.order_by("at", "id")),
        _section("newsletter_deliveries", _("Newsletter issues sent to you"),
                 subscriber.deliveries.select_related("issue").order_by("id"),
                 skip=("error", "attempts", "next_attempt_at", "claimed_at")),
    ]


def for_subscriber(subscriber) -> list[Section]:
    return _subscriber_sections(subscriber)


def for_user(user) -> list[Section]:
    from django.contrib.admin.models import LogEntry

    from wspolnie.boards.models import Card, Comment
    from wspolnie.contacts.models import ConsentRecord as ContactConsent
    from wspolnie.contacts.models import ContactPerson
    from wspolnie.core.models import AuditEntry
    from wspolnie.meetings.models import EventFeedback, ParticipantMessage, SharingConsent
    from wspolnie.meetings.permissions import registrations_of
    from wspolnie.needs.models import NeedOffer
    from wspolnie.newsletter.models import Subscriber
    from wspolnie.organisations.models import JoinRequest, Membership, OutdatedReport

    verified = user.email if user.email_verified_at is not None and user.email else None
    registrations = list(registrations_of(user).select_related("event").order_by("created"))
    contacts = list(ContactPerson.objects.filter(email__iexact=verified)) if verified else []
    subscriber = Subscriber.objects.filter(email=verified.lower()).first() if verified else None
    sections = [
        _section("account", _("Account"), [user],
                 skip=("is_superuser", "groups", "user_permissions")),
        Section("two_factor_devices", str(_("Two-step login")), [
            [("name", str(_("name")), device.name, device.name),
             ("confirmed", str(_("confirmed")), device.confirmed, display(device.confirmed))]
            for device in _devices(user)
        ]),
        _section("api_tokens", _("API tokens"), user.api_tokens.order_by("id")),
        # The browser and system read from each signed-in session; its key is a secret.
        _section("sessions", _("Your sessions"), user.browser_sessions.order_by("created"),
                 skip=("session_key",)),
        _section("memberships", _("Memberships"),
                 Membership.objects.filter(user=user).select_related("organisation")),
        _section("join_requests", _("Requests to join"),
                 JoinRequest.objects.filter(user=user).select_related("organisation")),
        _section("outdated_reports", _("Reports of outdated information"),
                 OutdatedReport.objects.filter(reporter=user)),
        _section("registrations", _("Registrations for meetings"), registrations),
        _section("participant_list_consents", _("Participant list choices"),
                 SharingConsent.objects.filter(registration__in=registrations).order_by("at")),
        _section("feedback", _("Feedback on meetings"),
                 EventFeedback.objects.filter(registration__in=registrations)),
        _section("messages_sent", _("Messages you sent to participants"),
                 ParticipantMessage.objects.filter(
                     Q(sender__in=registrations) | Q(sender_user=user)).order_by("sent_at")),
        _section("messages_received", _("Messages participants sent you"),
                 ParticipantMessage.objects.filter(recipient__in=registrations)
                 .order_by("sent_at"), skip=("reply_to_shared",)),
        _section("contact_person_entries", _("Contact person entries with your address"),
                 contacts),
        _section("contact_consents", _("Consents recorded for those entries"),
                 ContactConsent.objects.filter(contact__in=contacts)),
        _section("board_cards", _("Board cards you wrote"),
                 Card.objects.filter(created_by=user).select_related("board", "column")),
        _section("board_comments", _("Comments you wrote"),
                 Comment.objects.filter(created_by=user)),
        _section("needs_offers", _("Needs and offers you created"),
                 NeedOffer.objects.filter(created_by=user)),
        *_subscriber_sections(subscriber),
        _section("audit_about_you", _("Audit log entries about your account"),
                 AuditEntry.objects.filter(object_type=user._meta.label_lower,
                                           object_id=str(user.pk)).order_by("created", "id")),
        Section("audit_by_you", str(_("Your actions in the audit log")), [
            [("created", str(_("when")), _value(entry.created), display(entry.created)),
             ("action", str(_("action")), entry.action, entry.action_label),
             ("object_type", str(_("object type")), entry.object_type, entry.object_type)]
            for entry in AuditEntry.objects.filter(actor=user).order_by("created", "id")
        ]),
        Section("admin_log_by_you", str(_("Your actions in the administration")), [
            [("created", str(_("when")), _value(entry.action_time),
              display(entry.action_time)),
             ("action", str(_("action")), entry.action_flag, entry.get_action_flag_display())]
            for entry in LogEntry.objects.filter(user=user).order_by("action_time")
        ]),
    ]
    return sections


def _devices(user) -> list:
    from django_otp import devices_for_user

    return list(devices_for_user(user, confirmed=None))


def as_json(sections: list[Section]) -> dict:
    return {section.key: [{name: value for name, _label, value, _shown in item}
                          for item in section.rows]
            for section in sections}
