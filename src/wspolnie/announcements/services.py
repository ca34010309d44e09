"""State changes of announcements and their translations.

Every function takes the acting user first, checks permission (PermissionDenied), validates
(ValidationError with a translated message, keyed by field where there is one) and writes the
audit log. Views and the API only translate these exceptions into pages and JSON.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wspolnie.core import audit
from wspolnie.core.mail import queue_templated_mail
from wspolnie.directory.models import Community, District, Language, Topic
from wspolnie.lib.languages import normalise_language_tag
from wspolnie.lib.multilingual import pick_translation
from wspolnie.meetings.models import Event
from wspolnie.meetings.permissions import can_manage_event, can_see_event
from wspolnie.organisations.models import Membership, Organisation
from wspolnie.webhooks.services import notify_announcement

from .models import Announcement, AnnouncementTranslation
from .permissions import (
    can_create_announcement,
    can_edit_translation,
    can_manage_announcement,
    organisations_user_can_announce_for,
)

T = AnnouncementTranslation.Status

for _code, _label in {
    "announcement.created": gettext_lazy("Announcement written"),
    "announcement.updated": gettext_lazy("Announcement changed"),
    "announcement.created_from_event": gettext_lazy("Announcement generated from a meeting"),
    "announcement.created_from_report": gettext_lazy("Announcement made from a meeting report"),
    "announcement.published": gettext_lazy("Announcement published"),
    "announcement.withdrawn": gettext_lazy("Announcement withdrawn"),
    "announcement.translator_assigned": gettext_lazy("Translator assigned"),
    "announcement.translation_saved": gettext_lazy("Translation saved"),
    "announcement.translation_approved": gettext_lazy("Translation approved"),
    "announcement.translation_rejected": gettext_lazy("Translation sent back to the translator"),
}.items():
    audit.register_action(_code, _label)

TITLE_MAX = 200
BODY_MAX = 20000
LINK_LABEL_MAX = 200
LINK_URL_MAX = 2000
LINKS_MAX = 20

#: Fields do_update_announcement() accepts.
EDITABLE_FIELDS = [
    "organisation", "kind", "source_language", "title", "body", "topics", "communities",
    "languages", "districts", "links", "event", "publish_at",
]
VOCABULARIES = {"topics": Topic, "communities": Community, "districts": District}


# -- validation --------------------------------------------------------------------------------


def clean_language_code(code: str) -> str:
    """A content language as it is, or any other valid BCP-47 tag in canonical form."""
    code = (code or "").strip()
    if code in settings.CONTENT_LANGUAGES:
        return code
    try:
        return normalise_language_tag(code)
    except ValueError:
        raise ValidationError(
            _("“%(code)s” is not a valid BCP-47 language code (e.g. uk, ka, pt-BR)."),
            params={"code": code}, code="language",
        ) from None


def clean_links(links: Iterable[Any] | None) -> list[dict[str, str]]:
    """[{"url": …, "label": …}] with http(s) URLs and labels of at most 200 characters."""
    cleaned: list[dict[str, str]] = []
    check_url = URLValidator(schemes=["http", "https"])
    for number, link in enumerate(links or [], start=1):
        if not isinstance(link, dict):
            raise ValidationError(
                _("Link %(number)s: expected a web address and a label."),
                params={"number": number}, code="link",
            )
        url = str(link.get("url") or "").strip()
        label = str(link.get("label") or "").strip()
        if len(url) > LINK_URL_MAX:
            raise ValidationError(
                _("Link %(number)s: the address may be at most %(max)s characters long."),
                params={"number": number, "max": LINK_URL_MAX}, code="link",
            )
        try:
            check_url(url)
        except ValidationError:
            raise ValidationError(
                _("Link %(number)s: “%(url)s” is not a web address starting with http:// or "
                  "https://."),
                params={"number": number, "url": url}, code="link",
            ) from None
        if len(label) > LINK_LABEL_MAX:
            raise ValidationError(
                _("Link %(number)s: the label may be at most %(max)s characters long."),
                params={"number": number, "max": LINK_LABEL_MAX}, code="link",
            )
        cleaned.append({"url": url, "label": label})
    if len(cleaned) > LINKS_MAX:
        raise ValidationError(
            _("At most %(max)s links."), params={"max": LINKS_MAX}, code="link"
        )
    return cleaned


def _clean_text(title: str, body: str) -> tuple[str, str]:
    title, body = (title or "").strip(), (body or "").strip()
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = [_("Give it a title.")]
    elif len(title) > TITLE_MAX:
        errors["title"] = [_("The title may be at most %(max)s characters long.")
                           % {"max": TITLE_MAX}]
    if len(body) > BODY_MAX:
        errors["body"] = [_("The text may be at most %(max)s characters long (it has "
                            "%(length)s).") % {"max": BODY_MAX, "length": len(body)}]
    if errors:
        raise ValidationError(errors)
    return title, body


def _terms(model, values) -> list:
    """Instances of a vocabulary from instances or slugs; unknown slugs are an error."""
    values = list(values or [])
    slugs = [v for v in values if isinstance(v, str)]
    found = {t.slug: t for t in model.objects.filter(slug__in=slugs)}
    unknown = [s for s in slugs if s not in found]
    if unknown:
        raise ValidationError(
            _("Unknown %(vocabulary)s: %(values)s.")
            % {"vocabulary": model._meta.verbose_name_plural, "values": ", ".join(unknown)}
        )
    return [found[v] if isinstance(v, str) else v for v in values]


def _languages(values) -> list[Language]:
    codes = []
    for value in values or []:
        code = clean_language_code(value.code if isinstance(value, Language) else str(value))
        if code not in codes:
            codes.append(code)
    return Language.for_codes(codes)


def _check_organisation(actor, organisation: Organisation | None) -> None:
    if organisation is None:
        if not actor.is_staff:
            raise ValidationError(
                {"organisation": [_("Choose the organisation that publishes this.")]}
            )
        return
    if not organisations_user_can_announce_for(actor).filter(pk=organisation.pk).exists():
        raise PermissionDenied(
            _("You can only write announcements for approved organisations you administer.")
        )


def _check_event(actor, event: Event | None) -> None:
    if event is not None and not can_see_event(actor, event):
        raise ValidationError({"event": [_("This meeting does not exist.")]})


def _clean_values(actor, values: dict[str, Any]) -> dict[str, Any]:
    """Validated values for the fields present in `values`; ValidationError by field."""
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}

    def attempt(name: str, function, *args) -> None:
        try:
            cleaned[name] = function(*args)
        except ValidationError as error:
            errors.setdefault(name, []).extend(error.messages)

    if "kind" in values:
        if values["kind"] not in Announcement.Kind.values:
            errors["kind"] = [_("Choose a kind of announcement.")]
        else:
            cleaned["kind"] = values["kind"]
    if "source_language" in values:
        attempt("source_language", clean_language_code, values["source_language"])
    if "title" in values or "body" in values:
        try:
            cleaned["title"], cleaned["body"] = _clean_text(
                values.get("title", ""), values.get("body", "")
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    for name, model in VOCABULARIES.items():
        if name in values:
            attempt(name, _terms, model, values[name])
    if "languages" in values:
        attempt("languages", _languages, values["languages"])
    if "links" in values:
        attempt("links", clean_links, values["links"])
    if "event" in values:
        try:
            _check_event(actor, values["event"])
            cleaned["event"] = values["event"]
        except ValidationError as error:
            errors.setdefault("event", []).extend(error.messages)
    if "publish_at" in values:
        publish_at = values["publish_at"]
        if publish_at is not None and timezone.is_naive(publish_at):
            publish_at = timezone.make_aware(publish_at)
        cleaned["publish_at"] = publish_at
    if errors:
        raise ValidationError(errors)
    return cleaned


def ensure_translations(announcement: Announcement) -> list[AnnouncementTranslation]:
    """A translation row (status missing) for every target language but the source; rows of
    languages no longer targeted go only while nobody has written anything in them (so that
    unticking a language by mistake loses no work)."""
    targets = [c for c in announcement.target_language_codes()
               if c != announcement.source_language]
    existing = {t.language: t for t in announcement.translations.all()}
    for code in targets:
        if code not in existing:
            existing[code] = AnnouncementTranslation.objects.create(
                announcement=announcement, language=code
            )
    stale = [t.pk for code, t in existing.items()
             if code not in targets and t.status == T.MISSING and not t.title]
    announcement.translations.filter(pk__in=stale).delete()
    return list(announcement.translations.all())


def _snapshot(announcement: Announcement) -> dict[str, Any]:
    values = audit.snapshot(announcement, [
        "kind", "source_language", "title", "body", "publish_at", "status",
    ])
    values["organisation"] = announcement.organisation.slug if announcement.organisation else None
    values["event"] = announcement.event.slug if announcement.event else None
    values["links"] = announcement.links
    if announcement.pk:
        for name in VOCABULARIES:
            values[name] = sorted(getattr(announcement, name).values_list("slug", flat=True))
        values["languages"] = sorted(announcement.languages.values_list("code", flat=True))
    return values


# -- announcements -----------------------------------------------------------------------------


@transaction.atomic
def do_create_announcement(
    actor,
    *,
    organisation: Organisation | None,
    kind: str = Announcement.Kind.NEWS,
    source_language: str = settings.LANGUAGE_CODE,
    title: str,
    body: str = "",
    topics: Iterable[Topic | str] = (),
    communities: Iterable[Community | str] = (),
    languages: Iterable[Language | str] = (),
    districts: Iterable[District | str] = (),
    links: Iterable[dict] = (),
    event: Event | None = None,
    publish_at: dt.datetime | None = None,
) -> Announcement:
    """A new draft; translation rows for its target languages."""
    if not can_create_announcement(actor):
        raise PermissionDenied(_("Only admins of approved organisations and staff may write "
                                 "announcements."))
    _check_organisation(actor, organisation)
    cleaned = _clean_values(actor, {
        "kind": kind, "source_language": source_language, "title": title, "body": body,
        "topics": topics, "communities": communities, "languages": languages,
        "districts": districts, "links": links, "event": event, "publish_at": publish_at,
    })
    related = {name: cleaned.pop(name) for name in [*VOCABULARIES, "languages"]}
    announcement = Announcement.objects.create(
        organisation=organisation, created_by=actor, **cleaned
    )
    for name, items in related.items():
        getattr(announcement, name).set(items)
    ensure_translations(announcement)
    audit.record(actor, "announcement.created", announcement, _snapshot(announcement))
    return announcement


@transaction.atomic
def do_update_announcement(actor, announcement: Announcement, **changes: Any) -> Announcement:
    """Change the given fields. A new title or text bumps `source_revision`, which marks every
    translation made from the old text as "source changed"."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {', '.join(sorted(unknown))}")
    announcement = Announcement.objects.select_for_update().get(pk=announcement.pk)
    if not can_manage_announcement(actor, announcement):
        raise PermissionDenied(_("Only the publishing organisation's admins and staff may "
                                 "change this announcement."))
    if "organisation" in changes and changes["organisation"] != announcement.organisation:
        _check_organisation(actor, changes["organisation"])
    if ("title" in changes) != ("body" in changes):
        # _clean_text() validates both together; keep the one not given as it is.
        changes.setdefault("title", announcement.title)
        changes.setdefault("body", announcement.body)
    cleaned = _clean_values(actor, changes)
    if "organisation" in changes:
        cleaned["organisation"] = changes["organisation"]
    before = _snapshot(announcement)
    if "title" in cleaned and (cleaned["title"], cleaned["body"]) != (
        announcement.title, announcement.body
    ):
        announcement.source_revision += 1
    for name in [*VOCABULARIES, "languages"]:
        if name in cleaned:
            getattr(announcement, name).set(cleaned.pop(name))
    for name, value in cleaned.items():
        setattr(announcement, name, value)
    announcement.save()
    ensure_translations(announcement)
    changed = audit.diff_fields(before, _snapshot(announcement))
    if changed:
        audit.record(actor, "announcement.updated", announcement, changed)
        notify_announcement(announcement)
    return announcement


def _event_language(event: Event) -> str:
    """The meeting's first language, or the language the organiser is using the site in."""
    for code in event.languages or []:
        return code
    return translation.get_language() or settings.LANGUAGE_CODE


def event_announcement_text(event: Event, language: str) -> tuple[str, str, list[dict]]:
    """Title, Markdown body and links of an invitation to `event`, written in `language`.

    The video-call link is private (registrants only), so it is never part of the text."""
    fallbacks = [language, settings.LANGUAGE_CODE, "en"]
    with translation.override(language):
        title = pick_translation(event.title, language, fallbacks) or event.slug
        # The time as people in Wrocław read it (the meeting's own zone, Europe/Warsaw unless
        # the organisers set another), in the announcement's language.
        start, end = event.local_start, event.local_end
        when = _("%(date)s, %(start)s–%(end)s") % {
            "date": formats.date_format(start, "l, j E Y" if language == "pl" else "DATE_FORMAT"),
            "start": formats.time_format(start, "H:i"),
            "end": formats.time_format(end, "H:i"),
        }
        lines = [f"**{_('When')}:** {when} ({event.timezone})"]
        if event.has_venue:
            place = event.location_text() or _("the place will be announced")
            lines.append(f"**{_('Where')}:** {place}")
        if event.is_online:
            lines.append(f"**{_('Online')}:** "
                         + _("registered participants get the link by e-mail"))
        description = pick_translation(event.description, language, fallbacks)
        paragraphs = ["  \n".join(lines)]
        if description:
            paragraphs.append(description)
        page = settings.SITE_URL + event.get_absolute_url()
        links = [{"url": page, "label": _("About the meeting")}]
        paragraphs.append(f"[{_('About the meeting')}]({page})")
        if event.registration_is_open:
            register = settings.SITE_URL + reverse("meetings:register", kwargs={"slug": event.slug})
            links.append({"url": register, "label": _("Register")})
            paragraphs.append(f"[{_('Register')}]({register})")
        return title[:TITLE_MAX], "\n\n".join(paragraphs)[:BODY_MAX], links


def announcing_organisation(actor, event: Event) -> Organisation | None:
    """Which organisation announces the meeting: the first of its organisers the actor may
    announce for (staff: the first approved organiser, or the hub itself)."""
    return (
        organisations_user_can_announce_for(actor)
        .filter(pk__in=event.organisers.values("pk"))
        .order_by("name")
        .first()
    )


def can_announce_event(user, event: Event) -> bool:
    return bool(
        can_manage_event(user, event)
        and (user.is_staff or announcing_organisation(user, event) is not None)
    )


def _open_draft(event: Event, organisation: Organisation | None,
                kind: str) -> Announcement | None:
    """The organisation's draft of this kind for the meeting, which a second click reopens
    rather than making another."""
    return Announcement.objects.filter(
        event=event, organisation=organisation, kind=kind, status=Announcement.Status.DRAFT,
    ).first()


@transaction.atomic
def do_create_from_event(actor, event: Event) -> Announcement:
    """One click: an invitation to the meeting, in its first language, targeting its
    languages. Clicking again while that invitation is still a draft opens the same draft
    rather than making a second one."""
    if not can_announce_event(actor, event):
        raise PermissionDenied(_("Only the organisers of this meeting and staff may announce it."))
    organisation = announcing_organisation(actor, event)
    existing = _open_draft(event, organisation, Announcement.Kind.EVENT_INVITATION)
    if existing is not None:
        return existing
    language = _event_language(event)
    title, body, links = event_announcement_text(event, language)
    announcement = Announcement.objects.create(
        organisation=organisation, kind=Announcement.Kind.EVENT_INVITATION,
        source_language=language, title=title, body=body, links=links, event=event,
        created_by=actor,
    )
    announcement.languages.set(_languages(event.languages or [language]))
    ensure_translations(announcement)
    audit.record(actor, "announcement.created_from_event", announcement,
                 {"event": event.slug, **_snapshot(announcement)})
    return announcement


@transaction.atomic
def do_create_from_report(actor, event: Event) -> Announcement:
    """The meeting's report as an announcement: the report's text in the meeting's first
    language (or the default one) is the source; its texts in other languages, which the
    organisers wrote or read on the report page, become approved translations. Clicking again
    while that announcement is still a draft opens the same draft."""
    if not can_announce_event(actor, event):
        raise PermissionDenied(_("Only the organisers of this meeting and staff may announce it."))
    texts = {code: text.strip() for code, text in (event.report or {}).items() if text.strip()}
    if not texts:
        raise ValidationError(_("Write and save the report first."))
    organisation = announcing_organisation(actor, event)
    existing = _open_draft(event, organisation, Announcement.Kind.MEETING_REPORT)
    if existing is not None:
        return existing
    preferred = [*(event.languages or []), settings.LANGUAGE_CODE]
    source = next((code for code in preferred if code in texts), next(iter(texts)))
    page = settings.SITE_URL + event.get_absolute_url()

    def title_in(code: str) -> str:
        with translation.override(code):
            name = pick_translation(event.title, code, [code, settings.LANGUAGE_CODE, "en"])
            return (_("Report: %(title)s") % {"title": name or event.slug})[:TITLE_MAX]

    with translation.override(source):
        links = [{"url": page, "label": _("About the meeting")}]
    links += [{"url": url, "label": url} for url in event.report_links]
    announcement = Announcement.objects.create(
        organisation=organisation, kind=Announcement.Kind.MEETING_REPORT,
        source_language=source, title=title_in(source), body=texts[source],
        links=links[:LINKS_MAX], event=event, created_by=actor,
    )
    announcement.languages.set(_languages(list(texts)))
    now = timezone.now()
    for row in ensure_translations(announcement):
        if row.language in texts:
            row.title, row.body = title_in(row.language), texts[row.language]
            row.status, row.source_revision = T.APPROVED, announcement.source_revision
            row.approved_by, row.approved_at = actor, now
            row.save()
    audit.record(actor, "announcement.created_from_report", announcement,
                 {"event": event.slug, **_snapshot(announcement)})
    return announcement


def _manage(actor, announcement: Announcement) -> None:
    if not can_manage_announcement(actor, announcement):
        raise PermissionDenied(_("Only the publishing organisation's admins and staff may do "
                                 "this."))


@transaction.atomic
def do_publish(actor, announcement: Announcement,
               publish_at: dt.datetime | None = None) -> Announcement:
    """Publish now, or at `publish_at` (or the publication date already set, if in the
    future). Translations not yet approved stay out until they are approved."""
    announcement = Announcement.objects.select_for_update().get(pk=announcement.pk)
    _manage(actor, announcement)
    if announcement.organisation is not None and not announcement.organisation.is_public:
        raise ValidationError(_("The organisation must be approved before it can publish."))
    now = timezone.now()
    if publish_at is None:
        publish_at = announcement.publish_at if (
            announcement.publish_at and announcement.publish_at > now
        ) else now
    elif timezone.is_naive(publish_at):
        publish_at = timezone.make_aware(publish_at)
    before = _snapshot(announcement)
    announcement.status = Announcement.Status.PUBLISHED
    announcement.publish_at = publish_at
    announcement.save(update_fields=["status", "publish_at", "updated"])
    audit.record(actor, "announcement.published", announcement,
                 audit.diff_fields(before, _snapshot(announcement)))
    notify_announcement(announcement, published=True)
    return announcement


@transaction.atomic
def do_withdraw(actor, announcement: Announcement) -> Announcement:
    """Take it off the news page, feeds and future newsletters (what was sent stays sent)."""
    announcement = Announcement.objects.select_for_update().get(pk=announcement.pk)
    _manage(actor, announcement)
    if announcement.status != Announcement.Status.PUBLISHED:
        raise ValidationError(_("Only a published announcement can be withdrawn."))
    announcement.status = Announcement.Status.WITHDRAWN
    announcement.save(update_fields=["status", "updated"])
    audit.record(actor, "announcement.withdrawn", announcement,
                 {"status": [Announcement.Status.PUBLISHED, Announcement.Status.WITHDRAWN]})
    notify_announcement(announcement)
    return announcement


# -- translations ------------------------------------------------------------------------------


def _locked(translation_row: AnnouncementTranslation) -> AnnouncementTranslation:
    """The row again, locked against concurrent saves. Only the row itself: PostgreSQL cannot
    lock the nullable side of the outer join that brings the translator along."""
    return (
        AnnouncementTranslation.objects.select_for_update(of=("self",))
        .select_related("announcement", "translator")
        .get(pk=translation_row.pk)
    )


def is_hub_member(user) -> bool:
    """Translators are people of the network: members of any organisation, or staff."""
    return bool(
        user is not None and user.is_active
        and (user.is_staff or Membership.objects.filter(user=user).exists())
    )


def find_translator(email: str):
    """The hub member with this e-mail address; ValidationError otherwise (the form is only
    shown to announcement managers, so saying "not a member" reveals nothing new)."""
    user = get_user_model().objects.filter(email__iexact=(email or "").strip()).first()
    if user is None or not is_hub_member(user):
        raise ValidationError(
            _("Nobody in the network has this e-mail address. Translators need an account "
              "and a membership in an organisation."), code="translator",
        )
    return user


@transaction.atomic
def do_assign_translator(actor, translation_row: AnnouncementTranslation,
                         user) -> AnnouncementTranslation:
    """Assign (or with None, unassign) the translator of one language; they get a mail with
    the link to the editor."""
    translation_row = _locked(translation_row)
    _manage(actor, translation_row.announcement)
    if user is not None and not is_hub_member(user):
        raise ValidationError(_("Translators must be members of an organisation in the network "
                                "or staff."))
    previous = translation_row.translator
    translation_row.translator = user
    translation_row.save(update_fields=["translator", "updated"])
    audit.record(actor, "announcement.translator_assigned", translation_row, {
        "translator": [previous.email if previous else None, user.email if user else None],
    })
    if user is not None and user != previous and user != actor:
        announcement = translation_row.announcement
        queue_templated_mail(
            "announcements/mail/translator_assigned", user.email,
            {
                "user": user, "announcement": announcement, "translation": translation_row,
                "link": settings.SITE_URL + reverse(
                    "announcements:translation",
                    kwargs={"pk": announcement.pk, "language": translation_row.language},
                ),
            },
            language=getattr(user, "preferred_language", None) or settings.LANGUAGE_CODE,
        )
    return translation_row


@transaction.atomic
def do_save_translation(actor, translation_row: AnnouncementTranslation, title: str, body: str,
                        submit_for_review: bool = False) -> AnnouncementTranslation:
    """Save the text as a draft, or hand it in for review. It now counts as made from the
    current source; a machine pre-translation stops being one once a person changes it."""
    translation_row = _locked(translation_row)
    if not can_edit_translation(actor, translation_row):
        raise PermissionDenied(_("Only the assigned translator, the publishing organisation's "
                                 "admins and staff may edit this translation."))
    title, body = _clean_text(title, body)
    before = audit.snapshot(translation_row, ["title", "body", "status", "source_revision"])
    if (title, body) != (translation_row.title, translation_row.body):
        translation_row.machine_translated = False
    translation_row.title, translation_row.body = title, body
    translation_row.status = T.NEEDS_REVIEW if submit_for_review else T.DRAFT
    translation_row.source_revision = translation_row.announcement.source_revision
    translation_row.approved_by, translation_row.approved_at = None, None
    translation_row.save()
    audit.record(actor, "announcement.translation_saved", translation_row, audit.diff_fields(
        before, audit.snapshot(translation_row, ["title", "body", "status", "source_revision"])
    ))
    return translation_row


@transaction.atomic
def do_approve_translation(actor, translation_row: AnnouncementTranslation
                           ) -> AnnouncementTranslation:
    translation_row = _locked(translation_row)
    _manage(actor, translation_row.announcement)
    if not translation_row.title:
        raise ValidationError(_("There is no translation to approve yet."))
    if translation_row.source_changed:
        raise ValidationError(_(
            "The source text changed after this translation was saved. Update the translation "
            "(or save it again unchanged if it still fits) before approving it."))
    previous = translation_row.status
    translation_row.status = T.APPROVED
    translation_row.approved_by, translation_row.approved_at = actor, timezone.now()
    translation_row.save(update_fields=["status", "approved_by", "approved_at", "updated"])
    audit.record(actor, "announcement.translation_approved", translation_row,
                 {"status": [previous, T.APPROVED]})
    return translation_row


@transaction.atomic
def do_reject_translation(actor, translation_row: AnnouncementTranslation,
                          reason: str = "") -> AnnouncementTranslation:
    """Send it back to the translator as a draft (it leaves the published versions)."""
    translation_row = _locked(translation_row)
    _manage(actor, translation_row.announcement)
    if translation_row.status not in (T.NEEDS_REVIEW, T.APPROVED):
        raise ValidationError(_("Only a translation handed in for review or approved can be "
                                "sent back."))
    previous = translation_row.status
    translation_row.status = T.DRAFT
    translation_row.approved_by, translation_row.approved_at = None, None
    translation_row.save(update_fields=["status", "approved_by", "approved_at", "updated"])
    audit.record(actor, "announcement.translation_rejected", translation_row,
                 {"status": [previous, T.DRAFT], "reason": (reason or "")[:500]})
    return translation_row
