"""The board's pages are valid HTML (the W3C checker, as tests/core/test_html_validity.py,
here on a board with every kind of card, as the visitor and as the moderator)."""

from __future__ import annotations

from django.urls import reverse

from tests.core.test_html_validity import vnu_errors
from wspolnie.boards import services

from .helpers import BoardTestCase


class BoardHtmlTestCase(BoardTestCase):
    def test_the_pages_are_valid_html(self):
        card, _secret = services.do_post_card(
            self.alice, self.board, client_address="1", column=self.second,
            text="**Pogrubione**\n\n- lista\n- [link](https://example.org)",
            link="https://example.org/a-b", tags="x, y", language="uk",
            author_name="Ktoś", author_organisation=self.other_org,
        )
        services.do_moderate_card(self.alice, card, "pin")
        self.card_in(self.first, "Ukryta", is_hidden=True)
        self.card_in(self.first, "Czeka", is_approved=False)
        services.do_comment(self.bob, card, client_address="1", text="Komentarz")
        urls = [
            "/boards/", self.board.get_absolute_url(),
            reverse("boards:columns", args=[self.board.pk]),
            reverse("boards:post", args=[self.board.pk]),
            reverse("boards:print", args=[self.board.pk]),
            reverse("boards:card", args=[card.pk]),
            reverse("boards:card_edit", args=[card.pk]),
            reverse("boards:card_delete", args=[card.pk]),
            reverse("boards:edit", args=[self.board.pk]),
            reverse("boards:delete", args=[self.board.pk]),
            reverse("boards:import", args=[self.board.pk]),
            reverse("boards:create", args=[self.org.slug]),
            f"/organisations/{self.org.slug}/",
        ]
        documents = {}
        for label, who in {"anonymous": None, "admin": self.alice}.items():
            self.client.logout()
            if who:
                self.login(who)
            for url in urls:
                response = self.client.get(url, HTTP_X_REQUESTED_WITH="board.js")
                if response.status_code == 200:
                    documents[f"{url} as {label}"] = response.content.decode()
        self.assertGreater(len(documents), 15)
        errors = vnu_errors(documents)
        self.assertEqual(errors, [])
