"""Meeting notes: what one meeting produced, written by one of its organisers — a summary, the
presentations (each with its speaker's organisation), the discussion, decisions and ideas,
next steps, useful links and contact persons.

Every text section is kept in several languages ({code: Markdown}, like the directory's
descriptions): a language in which the summary is written is a *version* of the note. A note
is a draft (seen only by the meeting's organisers and staff) until it is published.

Contacts are directory contact persons (wspolnie.contacts): the note stores only the reference,
and every page, the API and the feed show them through contacts.privacy.visible_fields() at
the viewer's level — a public note never shows a staff-only phone. They are never indexed.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wspolnie.contacts.models import ContactPerson
from wspolnie.directory.models import TranslationsMaxLengthValidator, validate_translations
from wspolnie.meetings.models import Event
from wspolnie.organisations.models import Membership, Organisation

SECTION_MAX_LENGTH = 20000
PRESENTATION_TITLE_MAX_LENGTH = 300
PRESENTATION_SUMMARY_MAX_LENGTH = 5000
SPEAKER_MAX_LENGTH = 200
PRESENTATIONS_MAX = 30

#: The Markdown sections of a note, in the order of the page.
SECTIONS = ("summary", "discussion", "decisions", "next_steps")


def multilingual_section(label, help_text="") -> models.JSONField:
    return models.JSONField(
        label, default=dict, blank=True, help_text=help_text,
        validators=[validate_translations, TranslationsMaxLengthValidator(SECTION_MAX_LENGTH)],
    )


def _texts_error(value, limit: int) -> str | None:
    try:
        validate_translations(value)
        TranslationsMaxLengthValidator(limit)(value)
    except ValidationError as error:
        return error.messages[0]
    return None


def validate_presentations(value) -> None:
    """[{"title": {code: text}, "speaker": "…", "organisation": pk or None,
    "summary": {code: Markdown}}, …]"""
    if not isinstance(value, list):
        raise ValidationError(_("Expected a list of presentations."))
    if len(value) > PRESENTATIONS_MAX:
        raise ValidationError(
            _("At most %(max)s presentations."), params={"max": PRESENTATIONS_MAX}
        )
    for number, item in enumerate(value, start=1):
        problem = None
        if not isinstance(item, dict) or set(item) - {"title", "speaker", "organisation",
                                                      "summary"}:
            problem = _("expected a title, a speaker, an organisation and a summary.")
        elif not isinstance(item.get("speaker", ""), str) or len(
                item.get("speaker", "")) > SPEAKER_MAX_LENGTH:
            problem = _("the speaker may be at most %(max)s characters long.") % {
                "max": SPEAKER_MAX_LENGTH}
        elif item.get("organisation") is not None and not isinstance(item["organisation"], int):
            problem = _("the organisation is not known.")
        else:
            problem = (_texts_error(item.get("title", {}), PRESENTATION_TITLE_MAX_LENGTH)
                       or _texts_error(item.get("summary", {}), PRESENTATION_SUMMARY_MAX_LENGTH))
            if problem is None and not any((item.get("title") or {}).values()):
                problem = _("a presentation needs a title.")
        if problem:
            raise ValidationError(
                _("Presentation %(number)s: %(problem)s"),
                params={"number": number, "problem": problem}, code="presentation",
            )


class NoteQuerySet(models.QuerySet):
    def public(self) -> NoteQuerySet:
        """Published notes of approved organisations about meetings that are not drafts: what
        anonymous visitors, the API list, the feed and the search see."""
        return self.filter(
            status=Note.Status.PUBLISHED,
            organisation__status=Organisation.Status.APPROVED,
            event__in=Event.objects.public(),
        )

    def managed_by(self, user) -> NoteQuerySet:
        """Staff: all. Others: notes of organisations they administer, or of meetings whose
        organisers they administer."""
        if user is None or not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self.all()
        admin_of = Membership.objects.filter(user=user, role=Membership.Role.ADMIN).values(
            "organisation"
        )
        return self.filter(
            Q(organisation__in=admin_of)
            | Q(event__in=Event.objects.filter(organisers__in=admin_of).values("pk"))
        )

    def visible_to(self, user) -> NoteQuerySet:
        return self.filter(Q(pk__in=self.public().values("pk"))
                           | Q(pk__in=self.managed_by(user).values("pk")))


class Note(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    event = models.OneToOneField(
        Event, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="note",
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("published by"), on_delete=models.CASCADE,
        related_name="meeting_notes",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    summary = multilingual_section(_("summary"))
    #: [{"title", "speaker", "organisation", "summary"}] (validate_presentations).
    presentations = models.JSONField(
        _("presentations"), default=list, blank=True, validators=[validate_presentations]
    )
    discussion = multilingual_section(_("discussion"))
    decisions = multilingual_section(_("decisions and ideas"))
    next_steps = multilingual_section(_("next steps"))
    #: [{"url": "https://…", "label": "…"}] (announcements.services.clean_links).
    useful_links = models.JSONField(_("useful links"), default=list, blank=True)
    contacts = models.ManyToManyField(
        ContactPerson, verbose_name=_("contact persons"), blank=True,
        related_name="meeting_notes",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("last updated"), auto_now=True)

    objects = NoteQuerySet.as_manager()

    class Meta:
        ordering = ["-event__starts_at", "-id"]
        verbose_name = _("meeting note")
        verbose_name_plural = _("meeting notes")

    def __str__(self) -> str:
        return str(self.event)

    def get_absolute_url(self) -> str:
        return reverse("notes:detail", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_public(self) -> bool:
        return (
            self.is_published
            and self.organisation.is_public
            and self.event.status != Event.Status.DRAFT
        )

    def version_languages(self) -> list[str]:
        """The languages the note is written in (its summary, or else any section), in the
        order of settings.CONTENT_LANGUAGES, then any others."""
        found: list[str] = []
        texts = [getattr(self, name) for name in SECTIONS] + [
            item.get("title") or {} for item in self.presentations
        ]
        for values in texts:
            for code, text in (values or {}).items():
                if text.strip() and code not in found:
                    found.append(code)
        order = list(settings.CONTENT_LANGUAGES)
        return sorted(found, key=lambda code: (order.index(code) if code in order
                                               else len(order), code))
