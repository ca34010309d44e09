"""Cards and boards in the one search: public boards only, shown cards only; a board that
becomes members-only leaves the search with its cards."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from wspolnie.boards import services
from wspolnie.boards.models import Board
from wspolnie.search.models import SearchEntry

from .helpers import BoardTestCase


class SearchTestCase(BoardTestCase):
    def keys(self) -> set[str]:
        return set(SearchEntry.objects.filter(key__startswith="boards.").values_list(
            "key", flat=True))

    def test_public_cards_are_found_members_only_ones_never(self):
        with self.captureOnCommitCallbacks(execute=True):
            card, _secret = services.do_post_card(
                AnonymousUser(), self.board, client_address="1",
                text="Grupy na Telegramie dla rodzin", tags="komunikatory",
            )
        self.assertIn(f"boards.card:{card.pk}", self.keys())
        response = self.client.get("/search/", {"q": "Telegramie"})
        self.assertContains(response, "Telegramie")
        self.assertContains(response, card.get_absolute_url())

        with self.captureOnCommitCallbacks(execute=True):
            services.do_update_board(self.alice, Board.objects.get(pk=self.board.pk),
                                     reading=Board.Reading.MEMBERS)
        self.assertEqual(self.keys(), set())
        self.assertNotContains(self.client.get("/search/", {"q": "Telegramie"}),
                               card.get_absolute_url())

        with self.captureOnCommitCallbacks(execute=True):
            members_board = self.make_board(title="Zamknięta", reading=Board.Reading.MEMBERS)
            services.do_post_card(self.bob, members_board, client_address="1",
                                  text="Tajne notatki zespołu")
        self.assertEqual(self.keys(), set())

    def test_hidden_cards_leave_the_search(self):
        with self.captureOnCommitCallbacks(execute=True):
            card, _secret = services.do_post_card(self.bob, self.board, client_address="1",
                                                  text="Spam reklamowy")
        self.assertIn(f"boards.card:{card.pk}", self.keys())
        with self.captureOnCommitCallbacks(execute=True):
            services.do_moderate_card(self.alice, card, "hide")
        self.assertNotIn(f"boards.card:{card.pk}", self.keys())

    def test_a_full_rebuild_gives_the_same(self):
        from wspolnie.search import index

        with self.captureOnCommitCallbacks(execute=True):
            card, _secret = services.do_post_card(self.bob, self.board, client_address="1",
                                                  text="Karta do indeksu")
        before = self.keys()
        index.rebuild()
        self.assertEqual(self.keys(), before | {f"boards.card:{self.card.pk}",
                                                f"boards.board:{self.board.pk}"})
