"""/api/boards/: boards, their columns and cards, "+1"s, comments and moderation.

Reading: public boards for anyone; members-only ones for members of the hub and staff (a
token or the browser session). Writing boards: the organisation's admins and staff (token or
session). Posting cards and comments follows the board's own rule; a call without a token is
anonymous (the session is not used for these, so another site cannot post in a signed-in
visitor's name), and an anonymous poster gets the card's `secret` (send it back as the
`X-Card-Secret` header to change or delete the card within 24 hours).
"""

# No `from __future__ import annotations`: ninja reads the endpoints' annotations.
from datetime import datetime
from typing import Literal

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import BaseModel

from wspolnie.api.auth import OPTIONAL, REQUIRED, token_auth
from wspolnie.api.schemas import ErrorOut, Id, Pagination, limit
from wspolnie.core.owned.api import OwnedApi, invalid
from wspolnie.core.owned.services import error_messages
from wspolnie.lib.client_ip import client_ip
from wspolnie.organisations.models import Organisation

from . import services
from .models import Board, Card, Column, Comment
from .services import BOARDS, PostingRefused

router = Router(tags=["boards"])

CANNOT_MANAGE = gettext_noop("Only this organisation's admins and staff may change its boards.")


class ColumnOut(Schema):
    id: int
    title: str
    position: int


class BoardOut(Schema):
    id: int
    organisation: str
    organisation_name: str
    event: str | None
    title: str
    description: str
    posting: str
    reading: str
    needs_approval: bool
    is_open: bool
    version: int
    columns: list[ColumnOut]
    created: datetime
    html_url: str

    @staticmethod
    def resolve_organisation(obj: Board) -> str:
        return obj.organisation.slug

    @staticmethod
    def resolve_organisation_name(obj: Board) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_event(obj: Board) -> str | None:
        return obj.event.slug if obj.event else None

    @staticmethod
    def resolve_columns(obj: Board) -> list:
        return list(obj.columns.all())

    @staticmethod
    def resolve_html_url(obj: Board) -> str:
        return obj.get_absolute_url()


class BoardPatch(BaseModel):
    title: str | None = Field(None, max_length=limit(Board, "title"))
    description: str | None = Field(None, max_length=limit(Board, "description"))
    event: str | None = Field(None, description="the meeting's slug (\"\" for none)")
    columns: list[str] | None = Field(None, description="column names, in their order")
    posting: Board.Posting | None = None
    reading: Board.Reading | None = None
    needs_approval: bool | None = None
    is_open: bool | None = None


class BoardIn(BoardPatch):
    organisation: str = Field(..., description="the organisation's slug")
    title: str = Field(..., max_length=limit(Board, "title"))


class BoardApi(OwnedApi):
    owned = BOARDS
    out, create_in, patch_in = BoardOut, BoardIn, BoardPatch
    related = ("columns",)
    cannot_post = cannot_manage = CANNOT_MANAGE
    noun, removal = "board", "delete"
    read_auth = OPTIONAL  # a token caller of the hub reads members-only boards, as in the list
    summaries = {
        "get": "One board with its columns",
        "create": "Create a board (the organisation's admins and staff)",
        "update": "Change a board's settings or columns",
        "delete": "Delete a board with its cards",
    }

    def queryset(self):
        return super().queryset().select_related("event")

    def resolve(self, values):
        values = super().resolve(values)
        if "event" in values:
            from wspolnie.meetings.models import Event

            slug = values["event"]
            event = Event.objects.filter(slug=slug).first() if slug else None
            if slug and event is None:
                raise ValidationError({"event": [
                    _("There is no meeting “%(slug)s”.") % {"slug": slug}
                ]})
            values["event"] = event
        return values


def _boards():
    return Board.objects.select_related("organisation", "event").prefetch_related("columns")


@router.get("/", response=list[BoardOut], auth=OPTIONAL,
            summary="Boards the caller may read, newest first")
@paginate(Pagination, page_size=50)
def list_boards(request, organisation: str | None = None, event: str | None = None):
    boards = _boards().visible_to(request.auth)
    if organisation:
        boards = boards.filter(organisation__slug=organisation)
    if event:
        boards = boards.filter(event__slug=event)
    return boards.order_by("-created", "-id")


BoardApi().add_routes(router)


# --- cards ----------------------------------------------------------------------------------


class CardOut(Schema):
    id: int
    board: int = Field(..., alias="board_id")
    column: int = Field(..., alias="column_id")
    text: str
    link: str
    link_title: str = Field(..., alias="link_label")
    author_name: str
    author_organisation: str | None
    tags: list[str] = Field(..., alias="tag_list")
    language: str
    position: int
    is_approved: bool
    is_hidden: bool
    is_pinned: bool
    plus_ones: int
    created: datetime
    updated: datetime
    html_url: str

    @staticmethod
    def resolve_author_organisation(obj: Card) -> str | None:
        return obj.author_organisation.slug if obj.author_organisation else None

    @staticmethod
    def resolve_plus_ones(obj: Card) -> int:
        return getattr(obj, "plus_ones", None) or obj.reactions.count()

    @staticmethod
    def resolve_html_url(obj: Card) -> str:
        return obj.get_absolute_url()


class PostedCardOut(CardOut):
    secret: str = Field("", description="anonymous posters only: the card's edit secret (24 h)")


class CardPatch(BaseModel):
    text: str | None = Field(None, max_length=limit(Card, "text"))
    link: str | None = Field(None, max_length=limit(Card, "link"))
    link_title: str | None = Field(None, max_length=limit(Card, "link_title"))
    author_name: str | None = Field(None, max_length=limit(Card, "author_name"))
    author_organisation: str | None = Field(None, description="an organisation's slug")
    tags: list[str] | None = None
    language: str | None = Field(None, max_length=35, description="BCP-47, e.g. \"uk\"")


class CardIn(CardPatch):
    column: int | None = Field(None, description="the column's id (default: the first)")
    text: str = Field(..., max_length=limit(Card, "text"))


class MoveIn(BaseModel):
    column: int
    index: int | None = Field(None, ge=0, description="0 is the top; none: the bottom")


class ModerateIn(BaseModel):
    action: Literal["approve", "hide", "show", "pin", "unpin"]


class CommentIn(BaseModel):
    text: str = Field(..., max_length=limit(Comment, "text"))
    author_name: str = Field("", max_length=limit(Comment, "author_name"))


class CommentOut(Schema):
    id: int
    card: int = Field(..., alias="card_id")
    text: str
    author_name: str
    is_hidden: bool
    created: datetime


def poster(request):
    """Who posts: the token's user, or anonymous (never the session: see the module doc)."""
    if request.headers.get("Authorization"):
        user = token_auth(request)
        if user is None:
            raise HttpError(401, _("Authentication required: a valid API token or session."))
        return user
    return AnonymousUser()


def _readable_board(request, pk: Id) -> Board:
    return get_object_or_404(_boards().visible_to(request.auth), pk=pk)


def _card(request, pk: Id) -> Card:
    return get_object_or_404(
        Card.objects.select_related("board__organisation", "column", "author_organisation"),
        pk=pk, board__in=Board.objects.visible_to(request.auth),
    )


def _card_values(values: dict) -> dict:
    if "tags" in values:
        values["tags"] = ", ".join(tag.strip() for tag in values["tags"] if tag.strip())
    if "author_organisation" in values:
        slug = values["author_organisation"]
        organisation = Organisation.objects.public().filter(slug=slug).first() if slug else None
        if slug and organisation is None:
            raise ValidationError({"author_organisation": [
                _("There is no organisation “%(slug)s”.") % {"slug": slug}
            ]})
        values["author_organisation"] = organisation
    return {name: value for name, value in values.items() if value is not None}


def _changing(do):
    try:
        return do()
    except PostingRefused as refused:
        raise HttpError(403, refused.message) from None
    except PermissionDenied:
        raise HttpError(403, _("You may not change this card.")) from None
    except ValidationError as error:
        if getattr(error, "code", "") == "rate_limited":
            raise HttpError(429, " ".join(error.messages)) from None
        return invalid(error_messages(error))


def _with_counts(cards):
    return cards.select_related("author_organisation").annotate(
        plus_ones=Count("reactions", distinct=True)
    )


@router.get("/{pk}/version", response={200: dict, 404: ErrorOut}, auth=OPTIONAL,
            summary="The board's version: it changes with every card, move, +1 or comment")
def board_version(request, pk: Id):
    return {"version": _readable_board(request, pk).version}


@router.get("/{pk}/cards", response={200: list[CardOut], 404: ErrorOut}, auth=OPTIONAL,
            summary="The board's cards, column by column (moderators also see pending and "
                    "hidden ones)")
def list_cards(request, pk: Id):
    board = _readable_board(request, pk)
    cards = _with_counts(board.cards.all()).order_by(
        "column__position", "-is_pinned", "position", "id"
    )
    if not services.can_moderate(request.auth, board):
        cards = cards.filter(is_approved=True, is_hidden=False)
    return list(cards)


@router.post("/{pk}/cards", response={201: PostedCardOut, 401: ErrorOut, 403: ErrorOut,
                                      404: ErrorOut, 422: dict, 429: ErrorOut},
             summary="Post a card (who may: the board's rule; anonymous without a token)")
def post_card(request, pk: Id, payload: CardIn):
    actor = poster(request)
    board = get_object_or_404(_boards().visible_to(actor), pk=pk)
    values = payload.model_dump(exclude_unset=True)
    column_id = values.pop("column", None)
    column = board.columns.filter(pk=column_id).first() if column_id else board.columns.first()
    if column_id and column is None:
        return invalid({"column": [_("Choose one of this board's columns.")]})

    def do():
        return services.do_post_card(actor, board, client_address=client_ip(request),
                                     column=column, **_card_values(values))

    result = _changing(do)
    if isinstance(result, Status):
        return result
    card, secret = result
    card = _with_counts(Card.objects.filter(pk=card.pk)).get()
    card.secret = secret
    return Status(201, card)


def _secret(request) -> str:
    return request.headers.get("X-Card-Secret", "")


@router.patch("/cards/{pk}", response={200: CardOut, 401: ErrorOut, 403: ErrorOut,
                                       404: ErrorOut, 422: dict},
              summary="Change a card (moderators, its author, or with its secret)")
def update_card(request, pk: Id, payload: CardPatch):
    actor = poster(request)
    card = get_object_or_404(Card.objects.select_related("board__organisation"), pk=pk,
                             board__in=Board.objects.visible_to(actor))
    values = payload.model_dump(exclude_unset=True)

    def do():
        return services.do_edit_card(actor, card, secret=_secret(request), **_card_values(values))

    result = _changing(do)
    return result if isinstance(result, Status) else _with_counts(
        Card.objects.filter(pk=pk)).get()


@router.delete("/cards/{pk}", response={204: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
               summary="Delete a card (moderators, its author, or with its secret)")
def delete_card(request, pk: Id):
    actor = poster(request)
    card = get_object_or_404(Card.objects.select_related("board__organisation"), pk=pk,
                             board__in=Board.objects.visible_to(actor))
    _changing(lambda: services.do_delete_card(actor, card, secret=_secret(request)))
    return Status(204, None)


@router.post("/cards/{pk}/move", response={200: CardOut, 401: ErrorOut, 403: ErrorOut,
                                           404: ErrorOut, 422: dict},
             summary="Move a card to a column and place (reorder)")
def move_card(request, pk: Id, payload: MoveIn):
    actor = poster(request)
    card = get_object_or_404(Card.objects.select_related("board__organisation", "column"),
                             pk=pk, board__in=Board.objects.visible_to(actor))
    column = Column.objects.filter(pk=payload.column, board_id=card.board_id).first()
    if column is None:
        return invalid({"column": [_("Choose one of this board's columns.")]})
    result = _changing(lambda: services.do_move_card(
        actor, card, column, payload.index, secret=_secret(request)
    ))
    return result if isinstance(result, Status) else _with_counts(
        Card.objects.filter(pk=pk)).get()


@router.post("/cards/{pk}/moderate", response={200: CardOut, 401: ErrorOut, 403: ErrorOut,
                                               404: ErrorOut},
             auth=REQUIRED, summary="Approve, hide, show, pin or unpin a card (moderators)")
def moderate_card(request, pk: Id, payload: ModerateIn):
    card = _card(request, pk)
    if not services.can_moderate(request.auth, card.board):
        raise HttpError(403, _("Only the board organisation's admins and staff may moderate."))
    services.do_moderate_card(request.auth, card, payload.action)
    return _with_counts(Card.objects.filter(pk=pk)).get()


@router.post("/cards/{pk}/reactions", response={200: dict, 401: ErrorOut, 403: ErrorOut,
                                                404: ErrorOut, 429: ErrorOut},
             auth=REQUIRED, summary="Add your +1 to a card, or take it back")
def toggle_reaction(request, pk: Id):
    card = _card(request, pk)
    if not card.is_approved or card.is_hidden:
        raise HttpError(404, _("Not found."))
    result = _changing(lambda: services.do_toggle_reaction(
        request.auth, card, browser_key="", client_address=client_ip(request)
    ))
    return {"plus_one": result, "plus_ones": card.reactions.count()}


@router.get("/cards/{pk}/comments", response={200: list[CommentOut], 404: ErrorOut},
            auth=OPTIONAL, summary="A card's comments")
def list_comments(request, pk: Id):
    card = _card(request, pk)
    if (not card.is_approved or card.is_hidden) and not services.can_moderate(
        request.auth, card.board
    ):
        raise HttpError(404, _("Not found."))
    comments = card.comments.all()
    if not services.can_moderate(request.auth, card.board):
        comments = comments.filter(is_hidden=False)
    return list(comments)


@router.post("/cards/{pk}/comments", response={201: CommentOut, 401: ErrorOut, 403: ErrorOut,
                                               404: ErrorOut, 422: dict, 429: ErrorOut},
             summary="Comment on a card (who may: the board's rule)")
def post_comment(request, pk: Id, payload: CommentIn):
    actor = poster(request)
    card = get_object_or_404(Card.objects.select_related("board__organisation"), pk=pk,
                             board__in=Board.objects.visible_to(actor))
    if not card.is_approved or card.is_hidden:
        raise HttpError(404, _("Not found."))
    result = _changing(lambda: services.do_comment(
        actor, card, client_address=client_ip(request), **payload.model_dump()
    ))
    return result if isinstance(result, Status) else Status(201, result)


@router.post("/comments/{pk}/hide", response={200: CommentOut, 401: ErrorOut, 403: ErrorOut,
                                              404: ErrorOut},
             auth=REQUIRED, summary="Hide a comment (moderators)")
def hide_comment(request, pk: Id):
    comment = get_object_or_404(
        Comment.objects.select_related("card__board__organisation"), pk=pk,
        card__board__in=Board.objects.visible_to(request.auth),
    )
    if not services.can_moderate(request.auth, comment.card.board):
        raise HttpError(403, _("Only the board organisation's admins and staff may moderate."))
    return services.do_hide_comment(request.auth, comment)



