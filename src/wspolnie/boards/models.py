"""Boards: what a meeting (or any group work) produces, as cards in columns — a Padlet that
lives next to the people and organisations it mentions.

A board belongs to an organisation (for an event's board: one of the event's organisers) and
optionally to an event. Its `version` is bumped in the same transaction as every change of its
columns, cards, reactions or comments: the viewers' live update asks only for it (one indexed
read, the same answer from every web worker)."""

from __future__ import annotations

import datetime
import hashlib
import hmac
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wspolnie.directory.models import Visibility, viewer_level
from wspolnie.lib.languages import native_name, normalise_language_tag
from wspolnie.organisations.models import Organisation

TITLE_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 5000
COLUMN_TITLE_MAX_LENGTH = 100
CARD_TEXT_MAX_LENGTH = 5000
COMMENT_MAX_LENGTH = 2000
LINK_MAX_LENGTH = 1000
LINK_TITLE_MAX_LENGTH = 200
AUTHOR_NAME_MAX_LENGTH = 100
TAGS_MAX_LENGTH = 300
#: How long an anonymous poster may edit or delete their own card with its secret.
ANONYMOUS_EDIT_WINDOW = datetime.timedelta(hours=24)


def validate_language(value: str) -> None:
    if not value:
        return
    try:
        normalise_language_tag(value)
    except ValueError:
        raise ValidationError(
            _("“%(code)s” is not a known language code."), params={"code": value},
            code="language",
        ) from None


def secret_hash(secret: str) -> str:
    """How a card's edit secret is stored: only its SHA-256 (a random 32-byte token needs no
    slow hash)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def is_hub_member(user) -> bool:
    """Staff, or someone who belongs to at least one organisation ("members of the hub")."""
    return viewer_level(user) != Visibility.PUBLIC


class BoardQuerySet(models.QuerySet):
    def public(self) -> BoardQuerySet:
        """What anyone may read (pages, API, search): public boards of approved
        organisations."""
        return self.filter(
            reading=Board.Reading.PUBLIC, organisation__status=Organisation.Status.APPROVED
        )

    def visible_to(self, user) -> BoardQuerySet:
        """Public boards, and members-only ones for members of the hub and staff; an
        organisation's admins also see the boards of their organisation while it waits for
        approval."""
        if getattr(user, "is_staff", False):
            return self.all()
        visible = models.Q(organisation__in=Organisation.objects.visible_to(user))
        if not is_hub_member(user):
            visible &= models.Q(reading=Board.Reading.PUBLIC)
        return self.filter(visible)


class Board(models.Model):
    class Posting(models.TextChoices):
        ANYONE = "anyone", _("Anyone with the link")
        PARTICIPANTS = "participants", _("Registered participants of the meeting")
        MEMBERS = "members", _("Members of the hub")

    class Reading(models.TextChoices):
        PUBLIC = "public", _("Everyone")
        MEMBERS = "members", _("Members of the hub only")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE,
        related_name="boards",
    )
    event = models.ForeignKey(
        "meetings.Event", verbose_name=_("meeting"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="boards",
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(
        _("description"), max_length=DESCRIPTION_MAX_LENGTH, blank=True,
        validators=[MaxLengthValidator(DESCRIPTION_MAX_LENGTH)],
        help_text=_("Markdown: what the board collects and how to take part."),
    )
    posting = models.CharField(
        _("who may post"), max_length=16, choices=Posting.choices, default=Posting.ANYONE
    )
    reading = models.CharField(
        _("who may read"), max_length=16, choices=Reading.choices, default=Reading.PUBLIC
    )
    needs_approval = models.BooleanField(
        _("posts need approval"), default=False,
        help_text=_("New cards are shown only after a moderator approves them."),
    )
    is_open = models.BooleanField(
        _("open for posting"), default=True,
        help_text=_("A closed board keeps its cards but takes no new ones."),
    )
    #: Bumped with every change a viewer should see (see the module's docstring).
    version = models.PositiveBigIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated = models.DateTimeField(_("last updated"), auto_now=True)

    objects = BoardQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("board")
        verbose_name_plural = _("boards")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("boards:detail", kwargs={"pk": self.pk})

    @property
    def is_public(self) -> bool:
        return self.reading == self.Reading.PUBLIC and self.organisation.is_public


class Column(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="columns")
    title = models.CharField(_("column"), max_length=COLUMN_TITLE_MAX_LENGTH)
    position = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["board", "position", "id"]
        verbose_name = _("column")
        verbose_name_plural = _("columns")

    def __str__(self) -> str:
        return self.title


class CardQuerySet(models.QuerySet):
    def shown(self) -> CardQuerySet:
        """What every reader of the board sees: approved cards not hidden by a moderator."""
        return self.filter(is_approved=True, is_hidden=False)


def link_preview_title(url: str) -> str:
    """A title for a link's preview without fetching it: the site's name and the last part
    of the path, in words ("padlet.com › wyniki-stolikow" → "padlet.com › wyniki stolikow")."""
    if not url:
        return ""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    segments = [segment for segment in parts.path.split("/") if segment]
    if not segments:
        return host
    words = unquote(segments[-1]).rsplit(".", 1)[0] if "." in segments[-1] else unquote(
        segments[-1]
    )
    words = " ".join(words.replace("-", " ").replace("_", " ").split())
    return f"{host} › {words}" if words else host


class Card(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="cards")
    column = models.ForeignKey(
        Column, verbose_name=_("column"), on_delete=models.CASCADE, related_name="cards"
    )
    text = models.TextField(
        _("text"), max_length=CARD_TEXT_MAX_LENGTH,
        validators=[MaxLengthValidator(CARD_TEXT_MAX_LENGTH)],
        help_text=_("Markdown: **bold**, *italics*, lists, links."),
    )
    link = models.URLField(_("link"), max_length=LINK_MAX_LENGTH, blank=True)
    link_title = models.CharField(
        _("title of the link"), max_length=LINK_TITLE_MAX_LENGTH, blank=True,
        help_text=_("Leave empty to show the address's site and page name."),
    )
    author_name = models.CharField(
        _("your name"), max_length=AUTHOR_NAME_MAX_LENGTH, blank=True,
        help_text=_("Optional; shown on the card."),
    )
    author_organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="board_cards",
        help_text=_("Optional: the organisation from the directory you write for."),
    )
    tags = models.CharField(
        _("tags"), max_length=TAGS_MAX_LENGTH, blank=True,
        help_text=_("Separated by commas."),
    )
    language = models.CharField(
        _("language"), max_length=35, blank=True, validators=[validate_language]
    )
    position = models.PositiveIntegerField(default=0)
    is_approved = models.BooleanField(_("approved"), default=True)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    is_pinned = models.BooleanField(_("pinned"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    #: SHA-256 of the anonymous poster's edit secret ("" for cards of signed-in users).
    secret_hash = models.CharField(max_length=64, blank=True, editable=False)
    created = models.DateTimeField(_("posted"), auto_now_add=True)
    updated = models.DateTimeField(_("edited"), auto_now=True)

    objects = CardQuerySet.as_manager()

    class Meta:
        ordering = ["column__position", "-is_pinned", "position", "id"]
        verbose_name = _("card")
        verbose_name_plural = _("cards")
        indexes = [models.Index(fields=["board", "column", "position"])]

    def __str__(self) -> str:
        first_line = self.text.strip().splitlines()[0] if self.text.strip() else ""
        return first_line if len(first_line) <= 80 else first_line[:79] + "…"

    def get_absolute_url(self) -> str:
        return reverse("boards:detail", kwargs={"pk": self.board_id}) + f"#card-{self.pk}"

    @property
    def tag_list(self) -> list[str]:
        return list(dict.fromkeys(tag.strip() for tag in self.tags.split(",") if tag.strip()))

    @property
    def link_label(self) -> str:
        return self.link_title or link_preview_title(self.link)

    @property
    def link_host(self) -> str:
        return (urlsplit(self.link).hostname or "").removeprefix("www.") if self.link else ""

    @property
    def language_name(self) -> str:
        return native_name(self.language) if self.language else ""

    @property
    def was_edited(self) -> bool:
        return self.updated - self.created > datetime.timedelta(seconds=5)

    def secret_matches(self, secret: str | None, now: datetime.datetime | None = None) -> bool:
        """The anonymous poster's secret, within 24 hours of posting."""
        if not secret or not self.secret_hash:
            return False
        if (now or timezone.now()) - self.created > ANONYMOUS_EDIT_WINDOW:
            return False
        return hmac.compare_digest(secret_hash(secret), self.secret_hash)


class Reaction(models.Model):
    """A "+1": one per card and reader (a signed-in user, or an anonymous browser's key)."""

    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="reactions")
    #: "user:<pk>" or a keyed hash of the anonymous browser's key.
    reader = models.CharField(max_length=80)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["card", "reader"], name="boards_one_reaction")
        ]

    def __str__(self) -> str:
        return f"+1 on {self.card_id}"


class Comment(models.Model):
    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="comments")
    text = models.TextField(
        _("comment"), max_length=COMMENT_MAX_LENGTH,
        validators=[MaxLengthValidator(COMMENT_MAX_LENGTH)],
    )
    author_name = models.CharField(
        _("your name"), max_length=AUTHOR_NAME_MAX_LENGTH, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    is_hidden = models.BooleanField(_("hidden"), default=False)
    created = models.DateTimeField(_("posted"), auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.text[:80]


class PostAttempt(models.Model):
    """One post (card, comment, reaction) by a client, for the rate limit; only a keyed hash
    of the client's address is kept, and rows older than an hour are pruned."""

    key = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"post at {self.at:%Y-%m-%d %H:%M}"
