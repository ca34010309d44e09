"""/api/boards/: boards, cards, moderation, reactions, comments; 4xx answers are JSON."""

from __future__ import annotations

import json

from django.utils.translation import gettext_lazy

from wspolnie.accounts.services import do_create_api_token
from wspolnie.boards.models import Board, Card

from .helpers import BoardTestCase

CLOSED = gettext_lazy("This board is closed: it takes no new posts.")
TOO_MANY = gettext_lazy(
    "You have posted a lot in a short time. Please wait a while and try again."
)

class ApiTestCase(BoardTestCase):
    def call(self, method: str, url: str, data=None, user=None, **headers):
        if user is not None:
            token = do_create_api_token(user, "test")[1]
            headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        return getattr(self.client, method)(
            url, data=json.dumps(data) if data is not None else None,
            content_type="application/json", **headers,
        )

    def test_reading_a_board_and_its_cards(self):
        response = self.call("get", f"/api/boards/{self.board.pk}")
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual([c["title"] for c in body["columns"]], ["Współpraca", "Wsparcie"])
        cards = self.call("get", f"/api/boards/{self.board.pk}/cards").json()
        self.assertEqual([c["text"] for c in cards], ["Wspólny kalendarz wydarzeń"])
        listed = self.call("get", "/api/boards/").json()["items"]
        self.assertEqual([b["id"] for b in listed], [self.board.pk])

    def test_members_only_boards_need_a_hub_member(self):
        board = self.make_board(title="Wewnętrzna", reading=Board.Reading.MEMBERS)
        self.assertEqual(self.call("get", f"/api/boards/{board.pk}/cards").status_code, 404)
        self.assertEqual(self.call("get", "/api/boards/").json()["count"], 1)
        self.assertEqual(
            self.call("get", f"/api/boards/{board.pk}/cards", user=self.charlie).status_code, 200
        )
        self.assertEqual(self.call("get", "/api/boards/", user=self.charlie).json()["count"], 2)
        # The board itself too: hidden from anonymous callers; a member's token reads it.
        self.assertEqual(self.call("get", f"/api/boards/{board.pk}").status_code, 404)
        response = self.call("get", f"/api/boards/{board.pk}", user=self.charlie)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["title"], "Wewnętrzna")

    def test_huge_ids_and_pages_are_refused_with_json(self):
        for url in ("/api/boards/?page=99999999999999999999999",
                    "/api/boards/99999999999999999999999",
                    "/api/boards/99999999999999999999999/cards"):
            response = self.call("get", url)
            self.assertEqual(response.status_code, 422, url)
            self.assertIn("detail", response.json())

    def test_creating_boards_requires_the_organisations_admin(self):
        data = {"organisation": self.org.slug, "title": "Z API", "columns": ["X", "Y"]}
        self.assertEqual(self.call("post", "/api/boards/", data).status_code, 401)
        self.assertEqual(self.call("post", "/api/boards/", data, user=self.bob).status_code, 403)
        self.assertEqual(
            self.call("post", "/api/boards/", data, user=self.charlie).status_code, 403
        )
        response = self.call("post", "/api/boards/", data, user=self.alice)
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual([c["title"] for c in response.json()["columns"]], ["X", "Y"])
        bad = self.call("post", "/api/boards/", {**data, "columns": []}, user=self.alice)
        self.assertEqual(bad.status_code, 422)
        self.assertIn("columns", bad.json()["errors"])
        patched = self.call("patch", f"/api/boards/{self.board.pk}", {"is_open": False},
                            user=self.charlie)
        self.assertEqual(patched.status_code, 403)
        self.assertIn("detail", patched.json())

    def test_anonymous_posting_with_the_secret(self):
        url = f"/api/boards/{self.board.pk}/cards"
        response = self.call("post", url, {"text": "Z API", "column": self.second.pk,
                                           "tags": ["a", "b"]})
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertTrue(body["secret"])
        self.assertEqual(body["tags"], ["a", "b"])
        card_url = f"/api/boards/cards/{body['id']}"
        self.assertEqual(self.call("patch", card_url, {"text": "Nie"}).status_code, 403)
        changed = self.call("patch", card_url, {"text": "Tak"}, HTTP_X_CARD_SECRET=body["secret"])
        self.assertEqual(changed.json()["text"], "Tak")
        moved = self.call("post", f"{card_url}/move", {"column": self.first.pk, "index": 0},
                          HTTP_X_CARD_SECRET=body["secret"])
        self.assertEqual(moved.json()["column"], self.first.pk)
        self.assertEqual(self.call("delete", card_url, HTTP_X_CARD_SECRET=body["secret"])
                         .status_code, 204)

    def test_bad_input_and_closed_boards_answer_json(self):
        url = f"/api/boards/{self.board.pk}/cards"
        too_long = self.call("post", url, {"text": "x" * 6000})
        self.assertEqual(too_long.status_code, 422)
        bad_link = self.call("post", url, {"text": "ok", "link": "javascript:alert(1)"})
        self.assertEqual(bad_link.status_code, 422)
        self.assertIn("link", bad_link.json()["errors"])
        Board.objects.filter(pk=self.board.pk).update(is_open=False)
        closed = self.call("post", url, {"text": "Spóźniona"})
        self.assertEqual(closed.status_code, 403)
        self.assertEqual(closed.json()["detail"], str(CLOSED))

    def test_moderation_reactions_and_comments(self):
        url = f"/api/boards/cards/{self.card.pk}"
        self.assertEqual(self.call("post", f"{url}/moderate", {"action": "pin"},
                                   user=self.charlie).status_code, 403)
        pinned = self.call("post", f"{url}/moderate", {"action": "pin"}, user=self.alice)
        self.assertTrue(pinned.json()["is_pinned"])
        plus = self.call("post", f"{url}/reactions", user=self.bob).json()
        self.assertEqual(plus, {"plus_one": True, "plus_ones": 1})
        comment = self.call("post", f"{url}/comments", {"text": "<b>Super</b>"})
        self.assertEqual(comment.status_code, 201)
        self.assertEqual(len(self.call("get", f"{url}/comments").json()), 1)
        hidden = self.call("post", f"/api/boards/comments/{comment.json()['id']}/hide",
                           user=self.alice)
        self.assertTrue(hidden.json()["is_hidden"])
        self.assertEqual(self.call("get", f"{url}/comments").json(), [])
        self.assertEqual(Card.objects.get(pk=self.card.pk).reactions.count(), 1)
