"""Boards and their cards in the search (see wspolnie/search/types.py).

Only public boards (readable by everyone) of approved organisations give documents: a
members-only board and its cards are never indexed. A card gives one document while it is
approved and not hidden. When a board's reading changes, services.py re-indexes its cards.
"""

from __future__ import annotations

from wspolnie.announcements.text import markdown_to_text
from wspolnie.core.owned.search_index import OrganisationIndex, owned_document
from wspolnie.search.types import SearchDocument

from .models import Board, Card
from .text import card_title

MODELS = [Board, Card]


def board_document(board: Board) -> SearchDocument:
    return owned_document(
        board, kind="board", title=board.title,
        body=f"{markdown_to_text(board.description)}\n{board.organisation.name}",
        keywords=" ".join(board.columns.values_list("title", flat=True)),
    )


def card_document(card: Card) -> SearchDocument:
    board = card.board
    return SearchDocument(
        key=f"boards.card:{card.pk}",
        kind="card",
        title=card_title(card) or board.title,
        body="\n".join(part for part in (
            markdown_to_text(card.text), card.link_label, card.author_name,
            card.author_organisation.name if card.author_organisation else "",
        ) if part),
        url=card.get_absolute_url(),
        organisation_id=board.organisation_id,
        keywords=" ".join([*card.tag_list, card.column.title, board.title]),
        extra={"organisation": board.organisation.name, "board": board.title},
    )


def documents_for(instance) -> list[SearchDocument]:
    if instance.pk is None:
        return []
    if isinstance(instance, Board):
        return [board_document(instance)] if instance.is_public else []
    card = instance
    if not (card.board.is_public and card.is_approved and not card.is_hidden):
        return []
    return [card_document(card)]


def _findable_documents(board: Board) -> list[SearchDocument]:
    cards = board.cards.shown().select_related("column", "author_organisation", "board")
    return [board_document(board), *(card_document(card) for card in cards)]


INDEX = OrganisationIndex(
    _findable_documents,
    lambda: Board.objects.public().select_related("organisation"),
)
documents_for_organisation = INDEX.documents_for_organisation
all_documents = INDEX.all_documents
