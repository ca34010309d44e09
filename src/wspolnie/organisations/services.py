"""State changes of organisations; every one takes the acting user and writes the audit log."""

from __future__ import annotations

import re

import nh3
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wspolnie.core import audit
from wspolnie.core.mail import queue_templated_mail
from wspolnie.directory.models import Community, District, Language, Topic
from wspolnie.lib import registry_numbers
from wspolnie.lib.languages import normalise_language_tag
from wspolnie.lib.slugs import ascii_slug
from wspolnie.webhooks.services import notify_organisation

from . import logos
from .models import JoinRequest, Location, Membership, Organisation, OutdatedReport
from .permissions import can_edit_organisation
from .phones import normalise_phone

#: Plain model fields an organisation's admins may change.
SCALAR_FIELDS = [
    "name", "kind", "short_description", "description", "legal_form", "krs", "nip", "regon",
    "website", "email", "phone", "social_profiles", "founding_year", "size",
]
#: Vocabularies: lists of model instances, or of slugs (language codes for `languages`).
RELATED_FIELDS = ["topics", "communities", "languages", "districts"]
FILE_FIELDS = ["logo"]
EDITABLE_FIELDS = SCALAR_FIELDS + FILE_FIELDS + RELATED_FIELDS

VOCABULARY_MODELS = {"topics": Topic, "communities": Community, "districts": District}

LOCATION_FIELDS = [
    "name", "street_address", "postal_code", "city", "district", "opening_hours",
    "accessibility", "latitude", "longitude",
]
#: Texts in several languages ({code: text}). A plain string is taken as the text in the
#: default language (Polish): what these fields held before they became multilingual.
MULTILINGUAL_FIELDS = {"short_description", "description", "opening_hours", "accessibility"}

for _code, _label in {
    "organisation.registered": _("Organisation added, waiting for approval"),
    "organisation.approved": _("Organisation approved"),
    "organisation.rejected": _("Organisation rejected"),
    "organisation.resubmitted": _("Approval asked for again"),
    "organisation.location_added": _("Place added"),
    "organisation.location_updated": _("Place changed"),
    "organisation.location_deleted": _("Place deleted"),
    "organisation.outdated_reported": _("Outdated information reported"),
    "organisation.outdated_report_resolved": _("Report of outdated information resolved"),
    "organisation.join_requested": _("Asked to join"),
    "organisation.join_approved": _("Request to join approved"),
    "organisation.join_declined": _("Request to join declined"),
}.items():
    audit.register_action(_code, _label)

#: Paths under /organisations/ that are pages, not organisations.
#: A rejection reason is mailed whole; longer ones are refused.
REJECTION_REASON_MAX = 2000

RESERVED_SLUGS = {"new", "moderation", "reports", "api", "edit", "suggest"}

_REGISTRY_NORMALISERS = {
    "krs": registry_numbers.normalise_krs,
    "nip": registry_numbers.normalise_nip,
    "regon": registry_numbers.normalise_regon,
}


# -- values: normalising and auditing --------------------------------------------------------


def _normalise(name: str, value):
    """Store registry numbers as digits and phones in international form; leave what does
    not parse for full_clean() to reject with its translated message."""
    if name in MULTILINGUAL_FIELDS:
        return _translations(value)
    if value is None:
        return {"social_profiles": [], "founding_year": None}.get(name, "")
    if name in _REGISTRY_NORMALISERS and isinstance(value, str) and value.strip():
        try:
            return _REGISTRY_NORMALISERS[name](value)
        except ValueError:
            return value.strip()
    if name == "phone" and isinstance(value, str) and value.strip():
        try:
            return normalise_phone(value)
        except ValueError:
            return value.strip()
    if name == "social_profiles" and isinstance(value, list):
        return [url.strip() if isinstance(url, str) else url for url in value
                if not isinstance(url, str) or url.strip()]
    if isinstance(value, str):
        return value.strip()
    return value


def _translations(value):
    """{code: text} without empty texts; a plain string is the default language's text.
    Anything else is left for full_clean() to reject."""
    if value is None:
        return {}
    if isinstance(value, str):
        return {settings.LANGUAGE_CODE: value.strip()} if value.strip() else {}
    if isinstance(value, dict):
        return {
            code: text.strip() if isinstance(text, str) else text
            for code, text in value.items()
            if not isinstance(text, str) or text.strip()
        }
    return value


def _resolve_related(values: dict) -> dict[str, list]:
    """{field: [instances]} for the vocabulary fields in `values`; ValidationError naming
    each unknown slug or invalid language code."""
    resolved: dict[str, list] = {}
    errors: dict[str, list] = {}
    for name, model in VOCABULARY_MODELS.items():
        if name not in values:
            continue
        items = list(values[name] or [])
        slugs = [item for item in items if isinstance(item, str)]
        found = {term.slug: term for term in model.objects.filter(slug__in=slugs)}
        unknown = [slug for slug in slugs if slug not in found]
        if unknown:
            errors[name] = [
                ValidationError(
                    _("“%(value)s” is not in the list of %(vocabulary)s."),
                    params={"value": slug, "vocabulary": model._meta.verbose_name_plural},
                    code="unknown",
                )
                for slug in unknown
            ]
            continue
        resolved[name] = [found[item] if isinstance(item, str) else item for item in items]
    if "languages" in values:
        codes, bad = [], []
        for item in values["languages"] or []:
            if isinstance(item, Language):
                codes.append(item.code)
                continue
            try:
                codes.append(normalise_language_tag(str(item)))
            except ValueError:
                bad.append(str(item))
        if bad:
            errors["languages"] = [
                ValidationError(
                    _("“%(code)s” is not a valid BCP-47 language code (e.g. uk, ka, pt-BR)."),
                    params={"code": code},
                    code="invalid",
                )
                for code in bad
            ]
        else:
            resolved["languages"] = Language.for_codes(dict.fromkeys(codes))
    if errors:
        raise ValidationError(errors)
    return resolved


def _plain(name: str, value):
    if name in MULTILINGUAL_FIELDS and isinstance(value, dict):
        return "\n".join(f"[{code}] {text}" for code, text in sorted((value or {}).items()))
    if name == "social_profiles":
        return "\n".join(value or [])
    if name == "logo":
        return value.name if value else ""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _snapshot(organisation: Organisation, fields) -> dict:
    result = {}
    for name in fields:
        if name in VOCABULARY_MODELS:
            slugs = getattr(organisation, name).values_list("slug", flat=True)
            result[name] = ", ".join(sorted(slugs))
        elif name == "languages":
            result[name] = ", ".join(
                sorted(organisation.languages.values_list("code", flat=True))
            )
        else:
            result[name] = _plain(name, getattr(organisation, name))
    return result


def _assign(organisation: Organisation, values: dict) -> dict[str, list]:
    """Set the plain fields, validate everything; returns the vocabularies to set after the
    organisation is saved. Raises ValidationError({field: [...]}) and changes nothing then."""
    related_errors = {}
    try:
        related = _resolve_related(values)
    except ValidationError as error:
        related, related_errors = {}, error.message_dict
    for name in SCALAR_FIELDS:
        if name in values:
            setattr(organisation, name, _normalise(name, values[name]))
    if "logo" in values:
        logo = values["logo"]
        if logo and not isinstance(logo, FieldFile):
            # Whatever the caller: only a verified, re-encoded image is stored (logos.py).
            try:
                logo = logos.verified_logo(logo)
            except ValidationError as error:
                raise ValidationError({"logo": error.messages}) from None
        organisation.logo = logo or ""
    try:
        organisation.full_clean(exclude=["slug"] if not organisation.slug else None)
    except ValidationError as error:
        raise ValidationError({**error.message_dict, **related_errors}) from None
    if related_errors:
        raise ValidationError(related_errors)
    return related


def _save_related(organisation: Organisation, related: dict[str, list]) -> None:
    for name, items in related.items():
        getattr(organisation, name).set(items)


# -- profile ---------------------------------------------------------------------------------


@transaction.atomic
def do_update_organisation(actor, organisation: Organisation, **values) -> Organisation:
    """Change any of EDITABLE_FIELDS. Vocabularies take instances or slugs, `languages` takes
    BCP-47 codes; registry numbers and phones are stored normalised."""
    if not can_edit_organisation(actor, organisation):
        raise PermissionDenied
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    fields = [name for name in EDITABLE_FIELDS if name in values]
    before = _snapshot(organisation, fields)
    old_logo = organisation.logo.name if organisation.logo else ""
    related = _assign(organisation, values)
    organisation.save()
    _save_related(organisation, related)
    changes = audit.diff_fields(before, _snapshot(organisation, fields))
    if changes:
        audit.record(actor, "organisation.updated", organisation, changes)
        if "logo" in changes and old_logo:
            transaction.on_commit(lambda: organisation.logo.storage.delete(old_logo))
        notify_organisation(organisation)
    return organisation


@transaction.atomic
def do_create_organisation(actor, **values) -> Organisation:
    """Staff add an organisation directly (approved or not, as given)."""
    if not (actor.is_authenticated and actor.is_staff):
        raise PermissionDenied
    organisation = Organisation(**values)
    organisation.full_clean()
    organisation.save()
    audit.record(actor, "organisation.created", organisation)
    return organisation




def unique_slug(name: str) -> str:
    """A free slug for `name`: Polish and Cyrillic letters transliterated, suffixed -2, -3, …
    when taken."""
    base = ascii_slug(name, 70) or "organisation"
    if base in RESERVED_SLUGS:
        base = f"{base}-org"
    taken = set(
        Organisation.objects.filter(slug__regex=rf"^{re.escape(base)}(-[0-9]+)?$").values_list(
            "slug", flat=True
        )
    )
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _staff_emails() -> list[tuple[str, str]]:
    return list(
        get_user_model()
        .objects.filter(is_staff=True, is_active=True)
        .values_list("email", "preferred_language")
    )


@transaction.atomic
def do_register_organisation(actor, **values) -> Organisation:
    """"Add your organisation": any signed-in person. It waits for staff approval; the person
    becomes its admin."""
    if not actor.is_authenticated:
        raise PermissionDenied
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    organisation = Organisation(status=Organisation.Status.PENDING, submitted_by=actor)
    related = _assign(organisation, values)
    organisation.slug = unique_slug(organisation.name)
    organisation.save()
    _save_related(organisation, related)
    Membership.objects.create(
        user=actor, organisation=organisation, role=Membership.Role.ADMIN
    )
    audit.record(
        actor, "organisation.registered", organisation, {"status": [None, organisation.status]}
    )
    link = settings.SITE_URL + reverse("organisations:moderation")
    for email, language in _staff_emails():
        queue_templated_mail(
            "organisations/mail/registered",
            to=email,
            context={"organisation": organisation, "actor": actor, "link": link},
            language=language,
        )
    return organisation


def _mail_admins(organisation: Organisation, template: str, context: dict) -> None:
    recipients = {
        membership.user.email: membership.user.preferred_language
        for membership in organisation.memberships.filter(
            role=Membership.Role.ADMIN, user__is_active=True
        ).select_related("user")
    }
    if organisation.submitted_by and organisation.submitted_by.is_active:
        recipients.setdefault(
            organisation.submitted_by.email, organisation.submitted_by.preferred_language
        )
    link = settings.SITE_URL + organisation.get_absolute_url()
    for email, language in recipients.items():
        queue_templated_mail(
            template,
            to=email,
            context={"organisation": organisation, "link": link, **context},
            language=language,
        )


def _require_staff(actor) -> None:
    if not (actor.is_authenticated and actor.is_staff):
        raise PermissionDenied


@transaction.atomic
def do_approve_organisation(actor, organisation: Organisation) -> Organisation:
    """Staff make a pending (or rejected) organisation public; its admins get a mail."""
    _require_staff(actor)
    if organisation.status == Organisation.Status.APPROVED:
        return organisation
    before = organisation.status
    organisation.status = Organisation.Status.APPROVED
    organisation.rejection_reason = ""
    organisation.save(update_fields=["status", "rejection_reason", "updated"])
    audit.record(actor, "organisation.approved", organisation, {"status": [before, "approved"]})
    _mail_admins(organisation, "organisations/mail/approved", {})
    notify_organisation(organisation, approved=True)
    return organisation


@transaction.atomic
def do_reject_organisation(actor, organisation: Organisation, reason: str) -> Organisation:
    """Staff turn a registration down, saying why; its admins get the reason by mail."""
    _require_staff(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": [_("Please tell the organisation why it is not accepted.")]}
        )
    if len(reason) > REJECTION_REASON_MAX:
        # Refused, not cut: the admins must get the whole reason or none.
        raise ValidationError({"reason": [ngettext(
            "The reason may be at most %(max)s character long (it has %(length)s).",
            "The reason may be at most %(max)s characters long (it has %(length)s).",
            REJECTION_REASON_MAX,
        ) % {"max": REJECTION_REASON_MAX, "length": len(reason)}]})
    before = organisation.status
    organisation.status = Organisation.Status.REJECTED
    organisation.rejection_reason = reason
    organisation.save(update_fields=["status", "rejection_reason", "updated"])
    audit.record(
        actor, "organisation.rejected", organisation,
        {"status": [before, "rejected"], "reason": [None, organisation.rejection_reason]},
    )
    _mail_admins(
        organisation, "organisations/mail/rejected", {"reason": organisation.rejection_reason}
    )
    return organisation


@transaction.atomic
def do_resubmit_organisation(actor, organisation: Organisation) -> Organisation:
    """The admins of a rejected organisation ask for approval again (after fixing it)."""
    if not can_edit_organisation(actor, organisation):
        raise PermissionDenied
    if organisation.status != Organisation.Status.REJECTED:
        return organisation
    organisation.status = Organisation.Status.PENDING
    organisation.save(update_fields=["status", "updated"])
    audit.record(actor, "organisation.resubmitted", organisation, {"status": ["rejected",
                                                                                "pending"]})
    return organisation


@transaction.atomic
def do_set_membership(actor, organisation: Organisation, user, role: str) -> Membership:
    if not can_edit_organisation(actor, organisation):
        raise PermissionDenied
    membership, _created = Membership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    audit.record(
        actor,
        "organisation.membership_set",
        organisation,
        {"user_id": [None, user.pk], "role": [None, role]},
    )
    return membership


# -- locations -------------------------------------------------------------------------------


def _location_snapshot(location: Location) -> dict:
    return {
        name: _plain(name, getattr(location, name)) if name in MULTILINGUAL_FIELDS
        else audit.snapshot(location, [name])[name]
        for name in LOCATION_FIELDS
    }


def _location_values(values: dict) -> dict:
    return {name: _translations(value) if name in MULTILINGUAL_FIELDS else value
            for name, value in values.items()}


def _location_district_joins_the_organisation(location: Location) -> None:
    """A place in a district means the organisation works there: the district facet of the
    directory then finds it."""
    if location.district_id:
        location.organisation.districts.add(location.district_id)


@transaction.atomic
def do_add_location(actor, organisation: Organisation, **values) -> Location:
    if not can_edit_organisation(actor, organisation):
        raise PermissionDenied
    unknown = set(values) - set(LOCATION_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    location = Location(organisation=organisation, **_location_values(values))
    location.full_clean()
    location.save()
    _location_district_joins_the_organisation(location)
    audit.record(
        actor, "organisation.location_added", organisation,
        {"location": [None, str(location)]},
    )
    organisation.save(update_fields=["updated"])
    return location


@transaction.atomic
def do_update_location(actor, location: Location, **values) -> Location:
    organisation = location.organisation
    if not can_edit_organisation(actor, organisation):
        raise PermissionDenied
    unknown = set(values) - set(LOCATION_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    before = _location_snapshot(location)
    for name, value in _location_values(values).items():
        setattr(location, name, value)
    location.full_clean()
    location.save()
    _location_district_joins_the_organisation(location)
    changes = audit.diff_fields(before, _location_snapshot(location))
    if changes:
        changes = {f"location {location.pk}: {name}": change for name, change in changes.items()}
        audit.record(actor, "organisation.location_updated", organisation, changes)
        organisation.save(update_fields=["updated"])
    return location


@transaction.atomic
def do_delete_location(actor, location: Location) -> None:
    organisation = location.organisation
    if not can_edit_organisation(actor, organisation):
        raise PermissionDenied
    description = str(location)
    location.delete()
    audit.record(
        actor, "organisation.location_deleted", organisation, {"location": [description, None]}
    )
    organisation.save(update_fields=["updated"])


# -- reports of outdated information ---------------------------------------------------------


@transaction.atomic
def do_report_outdated(
    actor, organisation: Organisation, *, message: str, email: str = ""
) -> OutdatedReport:
    """Anyone who can see the profile may say that something on it is out of date."""
    if not Organisation.objects.visible_to(actor).filter(pk=organisation.pk).exists():
        raise PermissionDenied
    report = OutdatedReport(
        organisation=organisation,
        message=(message or "").strip(),
        email=(email or "").strip(),
        reporter=actor if actor.is_authenticated else None,
    )
    report.full_clean()
    report.save()
    audit.record(actor, "organisation.outdated_reported", organisation,
                 {"report": [None, report.message[:200]]})
    link = settings.SITE_URL + reverse("organisations:reports")
    for staff_email, language in _staff_emails():
        queue_templated_mail(
            "organisations/mail/outdated_report",
            to=staff_email,
            context={"organisation": organisation, "report": report, "link": link},
            language=language,
        )
    return report


@transaction.atomic
def do_resolve_report(actor, report: OutdatedReport) -> OutdatedReport:
    _require_staff(actor)
    if report.resolved_at is None:
        report.resolved_at = timezone.now()
        report.resolved_by = actor
        report.save(update_fields=["resolved_at", "resolved_by"])
        audit.record(actor, "organisation.outdated_report_resolved", report.organisation,
                     {"report": [report.message[:200], None]})
    return report


# -- requests to join ------------------------------------------------------------------------


def _plain_text(text: str) -> str:
    """A message shown to admins as plain (auto-escaped) text: any markup is dropped here
    too, so it reads the same in the mail."""
    return nh3.clean(text or "", tags=set()).strip()


def _admin_recipients(organisation: Organisation) -> list[tuple[str, str]]:
    return list(
        organisation.memberships.filter(role=Membership.Role.ADMIN, user__is_active=True)
        .values_list("user__email", "user__preferred_language")
    )


def join_request_of(user, organisation: Organisation) -> JoinRequest | None:
    """The request of `user` that waits for an answer, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return organisation.join_requests.filter(user=user, status=JoinRequest.Status.PENDING).first()


@transaction.atomic
def do_request_to_join(actor, organisation: Organisation, message: str = "") -> JoinRequest:
    """A signed-in person without a membership asks to join a public organisation; its admins
    get a mail each, in their language."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    if not organisation.is_public:
        raise PermissionDenied
    if organisation.memberships.filter(user=actor).exists():
        raise ValidationError(_("You are already a member of this organisation."), "member")
    message = _plain_text(message)
    if len(message) > 1000:
        raise ValidationError(
            {"message": [_("Please keep the message under 1000 characters.")]}
        )
    # Under the organisation's row lock, so two clicks cannot both find "no request yet"
    # (the partial unique constraint is the backstop).
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    if join_request_of(actor, organisation) is not None:
        raise ValidationError(
            _("You have already asked to join; the admins have not answered yet."), "pending"
        )
    join_request = JoinRequest.objects.create(
        organisation=organisation, user=actor, message=message
    )
    audit.record(actor, "organisation.join_requested", organisation,
                 {"request": [None, join_request.pk], "user_id": [None, actor.pk]})
    link = settings.SITE_URL + reverse("organisations:members", kwargs={"slug": organisation.slug})
    # An organisation left without admins: the staff answer instead.
    for email, language in _admin_recipients(organisation) or _staff_emails():
        queue_templated_mail(
            "organisations/mail/join_request",
            to=email,
            context={"organisation": organisation, "join_request": join_request,
                     "requester": actor, "link": link},
            language=language,
        )
    return join_request


@transaction.atomic
def do_decide_join_request(actor, join_request: JoinRequest, *, approve: bool) -> JoinRequest:
    """The organisation's admins (or staff) answer: approve makes the person a member,
    decline does not. The person gets the answer by mail, in their language."""
    organisation = join_request.organisation
    if not can_edit_organisation(actor, organisation):
        raise PermissionDenied
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if not join_request.is_pending:
        raise ValidationError(_("This request has already been answered."), "answered")
    join_request.status = JoinRequest.Status.APPROVED if approve else JoinRequest.Status.DECLINED
    join_request.decided_at = timezone.now()
    join_request.decided_by = actor
    join_request.save(update_fields=["status", "decided_at", "decided_by"])
    if approve:
        # An admin who was added directly meanwhile keeps the admin role.
        Membership.objects.get_or_create(
            user=join_request.user, organisation=organisation,
            defaults={"role": Membership.Role.MEMBER},
        )
    audit.record(
        actor,
        "organisation.join_approved" if approve else "organisation.join_declined",
        organisation,
        {"request": [None, join_request.pk], "user_id": [None, join_request.user_id]},
    )
    requester = join_request.user
    if requester.is_active:
        queue_templated_mail(
            "organisations/mail/join_approved" if approve else "organisations/mail/join_declined",
            to=requester.email,
            context={"organisation": organisation, "join_request": join_request,
                     "link": settings.SITE_URL + organisation.get_absolute_url()},
            language=requester.preferred_language,
        )
    return join_request


def pending_join_requests(organisation: Organisation):
    return organisation.join_requests.filter(
        status=JoinRequest.Status.PENDING
    ).select_related("user")


# -- account deletion ------------------------------------------------------------------------


def organisations_needing_another_admin(user) -> list[Organisation]:
    """Organisations in which `user` is the only admin while others are members: their
    account cannot be deleted before somebody else can look after the organisation."""
    blocking = []
    for membership in user.memberships.filter(role=Membership.Role.ADMIN).select_related(
        "organisation"
    ):
        organisation = membership.organisation
        others = organisation.memberships.exclude(user=user)
        if others.exists() and not others.filter(role=Membership.Role.ADMIN).exists():
            blocking.append(organisation)
    return blocking


@transaction.atomic
def do_leave_all_organisations(actor) -> int:
    """Account deletion: the person's memberships and requests to join go; the organisations'
    history records it by user id. Returns how many memberships were removed."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    memberships = list(actor.memberships.select_related("organisation"))
    for membership in memberships:
        audit.record(actor, "organisation.membership_set", membership.organisation,
                     {"user_id": [actor.pk, None], "role": [membership.role, None]})
    actor.memberships.all().delete()
    actor.join_requests.all().delete()
    OutdatedReport.objects.filter(Q(reporter=actor) | Q(email__iexact=actor.email)).update(
        email=""
    )
    return len(memberships)
