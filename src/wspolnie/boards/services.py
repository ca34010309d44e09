"""State changes of boards, their columns, cards, reactions and comments.

Boards are organisation-owned (`wspolnie.core.owned`): created, changed and deleted by the
organisation's admins and staff. Cards are posted by whoever the board lets post (anyone with
the link, the meeting's registered participants, or members of the hub), rate-limited per
client; moderators (the board organisation's admins and staff) hide, approve and pin them.
Every change bumps the board's `version` in the same transaction (see models.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import secrets
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wspolnie.core import audit, versions
from wspolnie.core.owned.permissions import admins_and_staff
from wspolnie.core.owned.services import OrganisationOwned
from wspolnie.lib.languages import normalise_language_tag

from .models import (
    COLUMN_TITLE_MAX_LENGTH,
    Board,
    Card,
    Column,
    Comment,
    PostAttempt,
    Reaction,
    is_hub_member,
    secret_hash,
)

for code, label in {
    "board.columns_changed": gettext_lazy("Board columns changed"),
    "board.card_posted": gettext_lazy("Card posted on a board"),
    "board.card_edited": gettext_lazy("Card on a board edited"),
    "board.card_deleted": gettext_lazy("Card on a board deleted"),
    "board.card_moderated": gettext_lazy("Card on a board moderated"),
    "board.comment_hidden": gettext_lazy("Comment on a board hidden"),
    "board.imported": gettext_lazy("Cards imported onto a board"),
}.items():
    audit.register_action(code, label)

#: Columns of a new board when none are given.
DEFAULT_COLUMNS = [gettext_lazy("Ideas")]
MODERATION_ACTIONS = ("approve", "hide", "show", "pin", "unpin")


class PostingRefused(PermissionDenied):
    """Posting is not allowed here; `message` says why, in the reader's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RateLimited(ValidationError):
    def __init__(self, message: str) -> None:
        super().__init__(message, code="rate_limited")


# --- who may do what ------------------------------------------------------------------------


def can_moderate(user, board: Board) -> bool:
    """The board organisation's admins and staff: change the board, hide, approve, pin."""
    return admins_and_staff(user, board.organisation)


def can_read(user, board: Board) -> bool:
    return Board.objects.visible_to(user).filter(pk=board.pk).exists()


def is_participant(user, board: Board) -> bool:
    """Registered (not cancelled) for the board's meeting with this account."""
    if not user.is_authenticated or board.event_id is None:
        return False
    from wspolnie.meetings.models import Registration

    return Registration.objects.filter(
        event_id=board.event_id, user=user, status__in=Registration.HOLDING_A_SEAT
    ).exists()


def posting_refusal(user, board: Board, *, moderator: bool | None = None,
                    readable: bool | None = None) -> str:
    """Why `user` may not post (cards, comments, "+1") on the board now; "" if they may.
    (`moderator`, `readable`: what the caller has found out already.)"""
    if not (can_read(user, board) if readable is None else readable):
        return _("This board is not available.")
    if not board.is_open:
        return _("This board is closed: it takes no new posts.")
    if can_moderate(user, board) if moderator is None else moderator:
        return ""
    if board.posting == Board.Posting.MEMBERS and not is_hub_member(user):
        return _("Only members of the hub may post on this board. Log in with an account "
                 "that belongs to an organisation.")
    if board.posting == Board.Posting.PARTICIPANTS and not is_participant(user, board):
        return _("Only the meeting's registered participants may post on this board. Log in "
                 "with the account you registered with.")
    return ""


def check_posting(user, board: Board) -> None:
    refusal = posting_refusal(user, board)
    if refusal:
        raise PostingRefused(refusal)


def can_edit_card(user, card: Card, secret: str | None = None) -> bool:
    """Moderators; the signed-in author; an anonymous author with the card's secret, for 24
    hours. Authors only while the board is open."""
    board = card.board
    if can_moderate(user, board):
        return True
    if not board.is_open or not can_read(user, board):
        return False
    if user.is_authenticated and card.created_by_id == user.pk:
        return True
    return card.secret_matches(secret)


# --- rate limit -----------------------------------------------------------------------------


def client_key(kind: str, value: str) -> str:
    """HMAC with SECRET_KEY: client addresses are stored only in this form."""
    return hmac.new(
        settings.SECRET_KEY.encode(), f"{kind}:{value}".encode(), hashlib.sha256
    ).hexdigest()


def check_rate_limit(client_address: str) -> None:
    """Count one post from this client; RateLimited after BOARDS_POSTS_PER_HOUR posts within
    the last hour. In the database, so that every web worker shares the count."""
    now = timezone.now()
    hour_ago = now - timedelta(hours=1)
    PostAttempt.objects.filter(at__lt=hour_ago).delete()
    key = client_key("board-client", client_address or "unknown")
    recent = PostAttempt.objects.filter(key=key, at__gte=hour_ago).count()
    if recent >= settings.BOARDS_POSTS_PER_HOUR:
        raise RateLimited(_("You have posted a lot in a short time. Please wait a while and "
                            "try again."))
    PostAttempt.objects.create(key=key, at=now)


# --- the board's version --------------------------------------------------------------------


def bump(board: Board) -> None:
    """A change viewers should see: the board's version goes up (in the caller's
    transaction), and the cached pages are forgotten (some changes, e.g. moving a card, are
    written with QuerySet.update(), which sends no signal)."""
    Board.objects.filter(pk=board.pk).update(version=F("version") + 1)
    versions.bump(versions.PAGES)


def _reindex_cards_on_commit(board: Board) -> None:
    """The board's reading or organisation changed: its cards' search documents follow."""
    from wspolnie.search import index

    pks = list(board.cards.values_list("pk", flat=True))

    def run() -> None:
        for pk in pks:
            index.run_safely(index.reindex, Card, pk)

    transaction.on_commit(run)


# --- boards ---------------------------------------------------------------------------------


class Boards(OrganisationOwned):
    model = Board
    scalar_fields = ["title", "description", "event", "posting", "reading", "needs_approval",
                     "is_open"]
    action_prefix = "board"
    action_labels = {
        "created": gettext_lazy("Board created"),
        "updated": gettext_lazy("Board changed"),
        "deleted": gettext_lazy("Board deleted"),
    }

    def new(self, actor, organisation) -> Board:
        return Board(organisation=organisation, created_by=actor)

    def clean(self, item: Board, relations, previous: dict[str, Any] | None) -> None:
        if item.event is not None and not item.event.organisers.filter(
            pk=item.organisation_id
        ).exists():
            raise ValidationError({"event": _(
                "The board of a meeting belongs to one of its organisers."
            )})
        if item.posting == Board.Posting.PARTICIPANTS and item.event is None:
            raise ValidationError({"posting": _(
                "Only a meeting's board can be limited to its registered participants."
            )})

    def before_save(self, item: Board, previous: dict[str, Any] | None) -> None:
        item.version += 1

    def create(self, actor, organisation, **values) -> Board:
        columns = values.pop("columns", None)
        with transaction.atomic():
            board = super().create(actor, organisation, **values)
            set_columns(board, [str(title) for title in DEFAULT_COLUMNS] if columns is None
                        else columns)
        return board

    def update(self, actor, item: Board, **values) -> Board:
        columns = values.pop("columns", None)
        reading_before = item.reading
        with transaction.atomic():
            board = super().update(actor, item, **values)
            if columns is not None:
                do_set_columns(actor, board, columns)
            if board.reading != reading_before:
                _reindex_cards_on_commit(board)
        return board


BOARDS = Boards()
do_create_board, do_update_board, do_delete_board = BOARDS.create, BOARDS.update, BOARDS.delete


def clean_column_titles(titles: Sequence[str]) -> list[str]:
    cleaned = [title.strip() for title in titles if title.strip()]
    errors = []
    if not cleaned:
        errors.append(_("A board needs at least one column."))
    too_long = [title for title in cleaned if len(title) > COLUMN_TITLE_MAX_LENGTH]
    if too_long:
        errors.append(_("A column's name can be at most %(limit)d characters long.")
                      % {"limit": COLUMN_TITLE_MAX_LENGTH})
    if len(set(cleaned)) != len(cleaned):
        errors.append(_("Two columns have the same name."))
    if errors:
        raise ValidationError({"columns": errors})
    return cleaned


def set_columns(board: Board, titles: Sequence[str]) -> list[Column]:
    """The board's columns become `titles`, in this order: existing columns are kept by name
    (their cards with them), new ones added; a column left out is removed only if it has no
    cards."""
    titles = clean_column_titles(titles)
    existing = {column.title: column for column in board.columns.all()}
    dropped = [column for title, column in existing.items() if title not in titles]
    with_cards = [column.title for column in dropped if column.cards.exists()]
    if with_cards:
        raise ValidationError({"columns": [_(
            "Move or delete the cards of “%(column)s” before removing the column."
        ) % {"column": title} for title in with_cards]})
    for column in dropped:
        column.delete()
    columns = []
    for position, title in enumerate(titles):
        column = existing.get(title) or Column(board=board, title=title)
        column.position = position
        column.save()
        columns.append(column)
    bump(board)
    return columns


@transaction.atomic
def do_set_columns(actor, board: Board, titles: Sequence[str]) -> list[Column]:
    if not can_moderate(actor, board):
        raise PermissionDenied
    before = list(board.columns.values_list("title", flat=True))
    columns = set_columns(board, titles)
    after = [column.title for column in columns]
    if before != after:
        audit.record(actor, "board.columns_changed", board, {"columns": [before, after]})
    return columns


# --- cards ----------------------------------------------------------------------------------

CARD_FIELDS = ("text", "link", "link_title", "author_name", "author_organisation", "tags",
               "language")


def _assign_card(card: Card, values: dict[str, Any]) -> None:
    unknown = set(values) - set(CARD_FIELDS) - {"column"}
    if unknown:
        raise TypeError(f"unknown card fields: {sorted(unknown)}")
    for name, value in values.items():
        if name == "language" and value:
            with contextlib.suppress(ValueError):  # full_clean names it
                value = normalise_language_tag(value)
        if isinstance(value, str):
            value = value.strip()
        setattr(card, name, value)


def _validate_card(card: Card) -> None:
    errors: dict[str, list] = {}
    try:
        card.full_clean(exclude=["board", "column", "secret_hash"])
    except ValidationError as error:
        errors.update(error.message_dict)
    if card.column_id is None or card.column.board_id != card.board_id:
        errors.setdefault("column", []).append(_("Choose one of this board's columns."))
    if errors:
        raise ValidationError(errors)


def _next_position(column: Column) -> int:
    last = column.cards.aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


@transaction.atomic
def do_post_card(actor, board: Board, *, client_address: str, column: Column | None = None,
                 **values) -> tuple[Card, str]:
    """Post a card; returns it and, for an anonymous poster, the secret that lets them edit
    or delete it for 24 hours ("" for a signed-in poster). PostingRefused, RateLimited,
    ValidationError."""
    check_posting(actor, board)
    card = Card(board=board, created_by=actor if actor.is_authenticated else None)
    if column is None:
        column = board.columns.first()
    card.column = column
    _assign_card(card, values)
    _validate_card(card)
    check_rate_limit(client_address)
    card.is_approved = not board.needs_approval or can_moderate(actor, board)
    card.position = _next_position(card.column)
    secret = ""
    if not actor.is_authenticated:
        secret = secrets.token_urlsafe(32)
        card.secret_hash = secret_hash(secret)
    card.save()
    bump(board)
    audit.record(actor, "board.card_posted", card, {"board": [None, board.pk]})
    return card, secret


@transaction.atomic
def do_edit_card(actor, card: Card, *, secret: str | None = None, **values) -> Card:
    if not can_edit_card(actor, card, secret):
        raise PermissionDenied
    before = audit.snapshot(card, list(CARD_FIELDS))
    _assign_card(card, values)
    _validate_card(card)
    card.save()
    bump(card.board)
    changes = audit.diff_fields(before, audit.snapshot(card, list(CARD_FIELDS)))
    if changes:
        audit.record(actor, "board.card_edited", card, changes)
    return card


@transaction.atomic
def do_delete_card(actor, card: Card, *, secret: str | None = None) -> None:
    if not can_edit_card(actor, card, secret):
        raise PermissionDenied
    audit.record(actor, "board.card_deleted", card, {"text": [card.text, None]})
    board = card.board
    pk = card.pk
    card.delete()
    card.pk = pk
    bump(board)


def _renumber(column: Column, card: Card | None = None, index: int | None = None) -> None:
    """Positions 0, 1, 2, … in the column's current order, with `card` put at `index`."""
    cards = [other for other in column.cards.order_by("position", "id") if card is None
             or other.pk != card.pk]
    if card is not None:
        index = len(cards) if index is None else max(0, min(index, len(cards)))
        cards.insert(index, card)
    for position, other in enumerate(cards):
        if other.position != position or (card is not None and other.pk == card.pk):
            Card.objects.filter(pk=other.pk).update(position=position, column=column)


@transaction.atomic
def do_move_card(actor, card: Card, column: Column, index: int | None = None,
                 *, secret: str | None = None) -> Card:
    """Put the card into `column` at `index` (0 = top; None = the bottom). Moderators and
    whoever may edit the card."""
    if not can_edit_card(actor, card, secret):
        raise PermissionDenied
    if column.board_id != card.board_id:
        raise ValidationError({"column": _("Choose one of this board's columns.")})
    previous = card.column
    _renumber(column, card, index)
    if previous.pk != column.pk:
        _renumber(previous)
    card.refresh_from_db()
    card.save(update_fields=["column", "position"])  # re-indexed (its column is a keyword)
    bump(card.board)
    return card


def do_move_card_by(actor, card: Card, direction: str, *, secret: str | None = None) -> Card:
    """The keyboard and no-JS way: "up", "down" within the column, "left", "right" to the
    neighbouring column (at its bottom)."""
    if direction in ("up", "down"):
        siblings = list(card.column.cards.order_by("position", "id").values_list("pk", flat=True))
        index = siblings.index(card.pk) + (-1 if direction == "up" else 1)
        return do_move_card(actor, card, card.column, max(index, 0), secret=secret)
    if direction in ("left", "right"):
        columns = list(card.board.columns.all())
        index = [column.pk for column in columns].index(card.column_id)
        index += -1 if direction == "left" else 1
        if not 0 <= index < len(columns):
            return card
        return do_move_card(actor, card, columns[index], None, secret=secret)
    raise ValidationError(_("Unknown direction."))


@transaction.atomic
def do_moderate_card(actor, card: Card, action: str) -> Card:
    """approve, hide, show, pin or unpin (the board organisation's admins and staff)."""
    if not can_moderate(actor, card.board):
        raise PermissionDenied
    field, value = {
        "approve": ("is_approved", True), "hide": ("is_hidden", True),
        "show": ("is_hidden", False), "pin": ("is_pinned", True), "unpin": ("is_pinned", False),
    }[action]
    if getattr(card, field) != value:
        setattr(card, field, value)
        card.save(update_fields=[field, "updated"])
        bump(card.board)
        audit.record(actor, "board.card_moderated", card, {field: [not value, value]})
    return card


# --- reactions and comments -----------------------------------------------------------------


def reader_key(user, browser_key: str) -> str:
    if user.is_authenticated:
        return f"user:{user.pk}"
    return client_key("board-reader", browser_key)[:64]


@transaction.atomic
def do_toggle_reaction(actor, card: Card, *, browser_key: str, client_address: str) -> bool:
    """Add the reader's "+1" to the card, or take it back; True when it is on now."""
    check_posting(actor, card.board)
    if not (card.is_approved and not card.is_hidden):
        raise PermissionDenied
    if not actor.is_authenticated and not browser_key:
        raise PostingRefused(_("Your browser must accept cookies to add a +1."))
    key = reader_key(actor, browser_key)
    deleted, _count = Reaction.objects.filter(card=card, reader=key).delete()
    if not deleted:
        check_rate_limit(client_address)
        Reaction.objects.create(card=card, reader=key)
    bump(card.board)
    return not deleted


@transaction.atomic
def do_comment(actor, card: Card, *, client_address: str, text: str,
               author_name: str = "") -> Comment:
    check_posting(actor, card.board)
    if not (card.is_approved and not card.is_hidden):
        raise PermissionDenied
    comment = Comment(
        card=card, text=(text or "").strip(), author_name=(author_name or "").strip(),
        created_by=actor if actor.is_authenticated else None,
    )
    comment.full_clean(exclude=["card"])
    check_rate_limit(client_address)
    comment.save()
    bump(card.board)
    return comment


@transaction.atomic
def do_hide_comment(actor, comment: Comment) -> Comment:
    board = comment.card.board
    if not can_moderate(actor, board):
        raise PermissionDenied
    if not comment.is_hidden:
        comment.is_hidden = True
        comment.save(update_fields=["is_hidden"])
        bump(board)
        audit.record(actor, "board.comment_hidden", comment, {"hidden": [False, True]})
    return comment


# --- for the library ------------------------------------------------------------------------


def card_as_library_draft(card: Card) -> dict[str, Any]:
    """What a library entry made from this card starts with ("promote to library"): title,
    description, links, tags, language and organisation. Plain values, for the library's own
    create function to validate; nothing is saved here."""
    from .text import card_title

    return {
        "title": card_title(card),
        "description": card.text,
        "links": [{"url": card.link, "title": card.link_label}] if card.link else [],
        "tags": card.tag_list,
        "language": card.language,
        "organisation": card.author_organisation,
        "source": {"board": card.board_id, "card": card.pk, "url": card.get_absolute_url()},
    }
