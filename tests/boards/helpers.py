from __future__ import annotations

from tests.base import BaseTestCase
from wspolnie.boards.models import Board, Card, Column
from wspolnie.boards.services import do_create_board


class BoardTestCase(BaseTestCase):
    """A public board of self.org (alice admin, bob member) with two columns and one card."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.board = do_create_board(
            cls.alice, cls.org, title="Stoliki tematyczne", description="Wyniki.",
            columns=["Współpraca", "Wsparcie"],
        )
        cls.first, cls.second = list(cls.board.columns.all())
        cls.card = Card.objects.create(
            board=cls.board, column=cls.first, text="Wspólny kalendarz wydarzeń"
        )

    def make_board(self, **values) -> Board:
        values.setdefault("title", "Inna tablica")
        values.setdefault("columns", ["A"])
        return do_create_board(self.alice, self.org, **values)

    def card_in(self, column: Column, text: str = "Karta", **values) -> Card:
        return Card.objects.create(board=column.board, column=column, text=text, **values)
