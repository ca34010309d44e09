"""The demo holds the board of the 11 October 2023 meeting: a column per theme of the cycle and
a dozen cards; loading it again changes nothing."""

from __future__ import annotations

import io

from django.test import TestCase

from wspolnie.boards.models import Board, Card
from wspolnie.core.demo import load_demo_data


class DemoBoardTestCase(TestCase):
    def test_the_board_of_the_11_october_2023_meeting(self):
        load_demo_data(io.StringIO())
        board = Board.objects.get(event__slug="wspolnie-2023-02-wymiana-wiedzy")
        self.assertEqual(board.event.starts_at.date().isoformat(), "2023-10-11")
        self.assertEqual(
            list(board.columns.values_list("title", flat=True)),
            ["Współpraca", "Wsparcie", "Wymiana wiedzy i informacji", "Partycypacja"],
        )
        self.assertEqual(board.cards.shown().count(), 12)
        self.assertTrue(board.is_public)
        self.assertFalse(Card.objects.exclude(author_name="").exists())  # no personal data
        response = self.client.get(board.event.get_absolute_url())
        self.assertContains(response, board.get_absolute_url())
        load_demo_data(io.StringIO())
        self.assertEqual(Board.objects.count(), 1)
        self.assertEqual(Card.objects.count(), 12)
