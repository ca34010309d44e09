"""The board's pages as each persona gets them: reading, posting, editing with the secret,
moderating, members-only boards, the live update's endpoints."""

from __future__ import annotations

from html.parser import HTMLParser

from django.contrib.auth.models import AnonymousUser
from django.test import override_settings
from django.urls import reverse
from django.utils.translation import gettext_lazy

from wspolnie.boards import services
from wspolnie.boards.models import Board, Card

from .helpers import BoardTestCase

#: The header of board.js's requests for the columns.
LIVE = {"HTTP_X_REQUESTED_WITH": "board.js"}
XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[klik](javascript:alert(1))",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<svg onload=alert(1)>",
    "<iframe src=\"https://evil.example\"></iframe>",
    "\"><script>alert(1)</script>",
    "<details open ontoggle=alert(1)>",
    "[a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<style>body{display:none}</style>",
]


CLOSED = gettext_lazy("This board is closed: it takes no new posts.")
TOO_MANY = gettext_lazy(
    "You have posted a lot in a short time. Please wait a while and try again."
)

class Markup(HTMLParser):
    """Tags and attributes that could run script or load something, as the browser parses
    the page (escaped text is text, not markup)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("iframe", "svg", "style", "img", "object", "embed") or (
            tag == "script" and not (attributes.get("src") or "").startswith("/static/")
        ):
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                ("javascript:", "data:", "vbscript:")
            ):
                self.found.append(f"{tag} {name}={value}")


def dangerous_markup(html: str) -> list[str]:
    """In the page's main part: the site's header draws its own logo and icons."""
    if "<main" in html:
        html = html.split("<main", 1)[1].split("</main>", 1)[0]
    parser = Markup()
    parser.feed(html)
    return parser.found


class ReadingTestCase(BoardTestCase):
    def test_anyone_reads_a_public_board(self):
        response = self.client.get(self.board.get_absolute_url())
        self.assertContains(response, "Stoliki tematyczne")
        self.assertContains(response, "Wspólny kalendarz wydarzeń")
        self.assertContains(response, "Współpraca")
        self.assertContains(response, "/static/boards/board.js")
        self.assertNotContains(response, "card_moderate")

    def test_members_only_board_is_invisible_to_anonymous_and_to_accounts_without_organisation(
        self
    ):
        board = self.make_board(title="Tylko dla członków", reading=Board.Reading.MEMBERS)
        self.card_in(board.columns.first(), "Sekretna karta")
        from wspolnie.accounts.models import User

        loner = User.objects.create_user(email="loner@example.org", password="x" * 20,
                                         name="Loner")
        for who in (None, loner):
            self.client.logout()
            if who:
                self.login(who)
            for url in (board.get_absolute_url(), reverse("boards:columns", args=[board.pk]),
                        reverse("boards:version", args=[board.pk]),
                        reverse("boards:export_csv", args=[board.pk]),
                        reverse("boards:print", args=[board.pk]),
                        f"/api/boards/{board.pk}", f"/api/boards/{board.pk}/cards"):
                self.assertEqual(self.client.get(url, **LIVE).status_code, 404, url)
            self.assertNotContains(self.client.get("/boards/"), "Tylko dla członków")
            self.assertNotContains(self.client.get("/api/boards/"), "Tylko dla członków")
            self.assertNotContains(self.client.get("/search/?q=Sekretna"), "Sekretna karta")
            self.assertNotContains(self.client.get("/search/?q=Tylko"), "Tylko dla członków")
        from wspolnie.search.models import SearchEntry

        self.assertFalse(SearchEntry.objects.filter(key__startswith="boards.").filter(
            title__in=["Tylko dla członków", "Sekretna karta"]).exists())
        self.login(self.charlie)  # a member of another organisation: a hub member
        self.assertContains(self.client.get(board.get_absolute_url()), "Sekretna karta")

    def test_hidden_and_pending_cards_only_for_moderators(self):
        self.card_in(self.first, "Ukryta karta", is_hidden=True)
        self.card_in(self.first, "Czeka na akceptację", is_approved=False)
        for who in (None, self.bob, self.charlie):
            self.client.logout()
            if who:
                self.login(who)
            response = self.client.get(self.board.get_absolute_url())
            self.assertNotContains(response, "Ukryta karta")
            self.assertNotContains(response, "Czeka na akceptację")
        for who in (self.alice, self.staff):
            self.login(who)
            response = self.client.get(self.board.get_absolute_url())
            self.assertContains(response, "Ukryta karta")
            self.assertContains(response, "Czeka na akceptację")

    def test_html_and_scripts_in_cards_and_comments_are_neutralised(self):
        for payload in XSS_PAYLOADS:
            card, _secret = services.do_post_card(
                self.alice, self.board, client_address="1", text=f"Tekst {payload}"
            )
            services.do_comment(self.alice, card, client_address="1", text=payload)
            for url in (self.board.get_absolute_url(), reverse("boards:card", args=[card.pk]),
                        reverse("boards:print", args=[self.board.pk])):
                html = self.client.get(url, **LIVE).content.decode()
                self.assertEqual(dangerous_markup(html), [], f"{payload!r} on {url}")


class LiveUpdateTestCase(BoardTestCase):
    def test_the_version_answers_304_until_something_changes(self):
        url = reverse("boards:version", args=[self.board.pk])
        first = self.client.get(url, **LIVE)
        self.assertEqual(first.status_code, 200)
        etag = first["ETag"]
        self.assertEqual(self.client.get(url, HTTP_IF_NONE_MATCH=etag).status_code, 304)
        services.do_post_card(self.bob, self.board, client_address="1", text="Nowa")
        again = self.client.get(url, HTTP_IF_NONE_MATCH=etag)
        self.assertEqual(again.status_code, 200)
        self.assertNotEqual(again["ETag"], etag)
        columns = self.client.get(reverse("boards:columns", args=[self.board.pk]),
                                  HTTP_X_REQUESTED_WITH="board.js")
        self.assertContains(columns, "Nowa")
        self.assertEqual(columns["ETag"], again["ETag"])

    def test_moves_reactions_and_edits_change_the_version(self):
        url = reverse("boards:version", args=[self.board.pk])
        seen = {self.client.get(url, **LIVE)["ETag"]}
        for change in (
            lambda: services.do_move_card(self.alice, self.card, self.second),
            lambda: services.do_toggle_reaction(self.bob, self.card, browser_key="",
                                                client_address="1"),
            lambda: services.do_edit_card(self.alice, self.card, text="Zmieniona"),
            lambda: services.do_moderate_card(self.alice, self.card, "pin"),
        ):
            change()
            etag = self.client.get(url, **LIVE)["ETag"]
            self.assertNotIn(etag, seen)
            seen.add(etag)

    def test_the_version_query_is_one_read_for_anonymous_viewers(self):
        url = reverse("boards:version", args=[self.board.pk])
        etag = self.client.get(url, **LIVE)["ETag"]
        with self.assertNumQueries(1):
            self.assertEqual(self.client.get(url, HTTP_IF_NONE_MATCH=etag).status_code, 304)


class PostingPageTestCase(BoardTestCase):
    def test_anonymous_posts_and_edits_with_the_cookie_then_with_the_secret_link(self):
        response = self.client.post(reverse("boards:post", args=[self.board.pk]), {
            "column": self.second.pk, "text": "Mój pomysł", "author_name": "Gość",
            "link": "https://example.org/wyniki-stolikow",
        }, follow=True)
        self.assertContains(response, "Mój pomysł")
        self.assertContains(response, "example.org › wyniki stolikow")
        card = Card.objects.get(text="Mój pomysł")
        cookie = self.client.cookies[f"board_card_{card.pk}"]
        self.assertEqual(cookie["path"], "/boards/")
        self.assertTrue(cookie["httponly"])
        messages = [str(m) for m in response.context["messages"]]
        secret_link = next(m for m in messages if "?secret=" in m).split(": ")[-1]
        self.assertEqual(self.client.get(reverse("boards:card_edit", args=[card.pk]))
                         .status_code, 200)
        # Another browser: nothing without the link, everything with it.
        other = self.client_class()
        self.assertEqual(other.get(reverse("boards:card_edit", args=[card.pk])).status_code, 403)
        path = secret_link.split("testserver")[-1]
        self.assertEqual(other.get(path).status_code, 200)
        response = other.post(reverse("boards:card_edit", args=[card.pk]), {
            "column": self.first.pk, "text": "Poprawiony pomysł",
        })
        self.assertEqual(response.status_code, 302)
        card.refresh_from_db()
        self.assertEqual((card.text, card.column), ("Poprawiony pomysł", self.first))
        response = other.post(reverse("boards:card_delete", args=[card.pk]))
        self.assertFalse(Card.objects.filter(pk=card.pk).exists())

    def test_a_closed_board_says_so(self):
        services.do_update_board(self.alice, self.board, is_open=False)
        response = self.client.post(reverse("boards:post", args=[self.board.pk]),
                                    {"column": self.first.pk, "text": "Spóźniony"})
        self.assertContains(response, str(CLOSED), status_code=403)
        self.assertContains(self.client.get(self.board.get_absolute_url()), str(CLOSED))
        self.assertFalse(Card.objects.filter(text="Spóźniony").exists())

    def test_bad_input_re_renders_the_form_with_messages(self):
        response = self.client.post(reverse("boards:post", args=[self.board.pk]),
                                    {"column": self.first.pk, "text": "", "link": "nie-link"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "field-invalid")

    @override_settings(BOARDS_POSTS_PER_HOUR=1)
    def test_too_many_posts_answer_429_with_a_message(self):
        url = reverse("boards:post", args=[self.board.pk])
        self.client.post(url, {"column": self.first.pk, "text": "Pierwsza"})
        response = self.client.post(url, {"column": self.first.pk, "text": "Druga"})
        self.assertContains(response, str(TOO_MANY), status_code=429)

    def test_an_author_moves_their_card_with_the_buttons_without_javascript(self):
        self.login(self.bob)
        card, _secret = services.do_post_card(self.bob, self.board, client_address="1",
                                              text="Do przesunięcia")
        response = self.client.post(reverse("boards:card_move", args=[card.pk]),
                                    {"direction": "right"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Card.objects.get(pk=card.pk).column, self.second)
        # Other people's cards: no.
        self.login(self.charlie)
        response = self.client.post(reverse("boards:card_move", args=[card.pk]),
                                    {"direction": "left"})
        self.assertEqual(response.status_code, 403)

    def test_reactions_from_anonymous_browsers(self):
        url = reverse("boards:card_react", args=[self.card.pk])
        self.client.post(url)
        self.assertIn("board_reader", self.client.cookies)
        self.assertEqual(self.card.reactions.count(), 1)
        self.client.post(url)
        self.assertEqual(self.card.reactions.count(), 0)


class ModerationPageTestCase(BoardTestCase):
    def moderate(self, action: str):
        return self.client.post(reverse("boards:card_moderate", args=[self.card.pk]),
                                {"action": action})

    def test_it_requires_the_boards_organisation_admin(self):
        self.assertEqual(self.moderate("hide").status_code, 403)
        self.login(self.bob)
        self.assertEqual(self.moderate("hide").status_code, 403)

    def test_it_rejects_other_orgs_admin(self):
        self.login(self.charlie)
        self.assertEqual(self.moderate("hide").status_code, 403)
        self.assertFalse(Card.objects.get(pk=self.card.pk).is_hidden)

    def test_admin_and_staff_hide_and_pin(self):
        self.login(self.alice)
        self.assertEqual(self.moderate("hide").status_code, 302)
        self.assertTrue(Card.objects.get(pk=self.card.pk).is_hidden)
        self.login(self.staff)
        self.moderate("pin")
        self.assertTrue(Card.objects.get(pk=self.card.pk).is_pinned)
        self.assertEqual(self.moderate("explode").status_code, 400)


class BoardPagesTestCase(BoardTestCase):
    def test_creating_a_board_requires_the_organisations_admin(self):
        url = reverse("boards:create", args=[self.org.slug])
        self.assertEqual(self.client.get(url, **LIVE).status_code, 302)  # to the login page
        for who in (self.bob, self.charlie):
            self.login(who)
            self.assertEqual(self.client.get(url, **LIVE).status_code, 403)
        self.login(self.alice)
        response = self.client.post(url, {
            "title": "Nowa tablica", "description": "", "columns": "Jeden\nDwa\n",
            "posting": "anyone", "reading": "public", "is_open": "on",
        })
        board = Board.objects.get(title="Nowa tablica")
        self.assertRedirects(response, board.get_absolute_url())
        self.assertEqual(list(board.columns.values_list("title", flat=True)), ["Jeden", "Dwa"])

    def test_editing_rejects_other_orgs_admin(self):
        url = reverse("boards:edit", args=[self.board.pk])
        self.login(self.charlie)
        self.assertEqual(self.client.get(url, **LIVE).status_code, 403)
        self.login(self.alice)
        self.assertContains(self.client.get(url, **LIVE), "Współpraca\nWsparcie")

    def test_the_event_page_links_its_board(self):
        import datetime

        from django.utils import timezone

        from wspolnie.meetings.models import Event

        event = Event.objects.create(
            slug="z-tablica", title={"pl": "Z tablicą"}, status="held",
            starts_at=timezone.now(), ends_at=timezone.now() + datetime.timedelta(hours=1),
        )
        event.organisers.add(self.org)
        board = self.make_board(title="Tablica spotkania", event=event)
        response = self.client.get(event.get_absolute_url())
        self.assertContains(response, board.get_absolute_url())
        self.assertContains(response, "Tablica spotkania")


class ColumnsQueriesTestCase(BoardTestCase):
    def test_the_columns_take_a_fixed_number_of_queries_whatever_the_cards(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        url = reverse("boards:columns", args=[self.board.pk])
        self.login(self.bob)

        def queries_with(cards: int) -> int:
            for n in range(cards):
                self.card_in(self.second, f"Karta {cards}-{n}")
            with CaptureQueriesContext(connection) as captured:
                self.assertContains(self.client.get(url, **LIVE), f"Karta {cards}-{cards - 1}")
            return len(captured)

        few = queries_with(2)
        self.assertEqual(queries_with(30), few)
        self.assertLessEqual(few, 10)

    def test_a_person_opening_the_columns_gets_the_board(self):
        url = reverse("boards:columns", args=[self.board.pk])
        self.assertRedirects(self.client.get(url), self.board.get_absolute_url())

    def test_plain_anonymous_readers_share_one_rendering_per_version(self):
        url = reverse("boards:columns", args=[self.board.pk])
        self.client.get(url, **LIVE)
        with self.assertNumQueries(1):  # the board's version only
            self.assertContains(self.client_class().get(url, **LIVE), "Wspólny kalendarz")
        services.do_post_card(self.bob, self.board, client_address="1", text="Świeża karta")
        self.assertContains(self.client_class().get(url, **LIVE), "Świeża karta")
        # Someone with a card of their own gets their own rendering, with its edit link.
        card, secret = services.do_post_card(AnonymousUser(), self.board, client_address="2",
                                             text="Moja")
        mine = self.client_class()
        mine.cookies[f"board_card_{card.pk}"] = secret
        self.assertContains(mine.get(url, **LIVE), reverse("boards:card_edit", args=[card.pk]))
        self.assertNotContains(self.client_class().get(url, **LIVE),
                               reverse("boards:card_edit", args=[card.pk]))


class PromoteTestCase(BoardTestCase):
    def test_moderators_promote_a_card_to_the_library_prefilled(self):
        from urllib.parse import parse_qs, urlsplit

        card = self.card_in(self.first, "**Newsletter sieci**\n\nRaz w miesiącu.",
                            link="https://example.org/newsletter", language="pl")
        self.login(self.charlie)
        self.assertNotContains(self.client.get(self.board.get_absolute_url()), "/library/new/")
        self.login(self.alice)
        html = self.client.get(self.board.get_absolute_url()).content.decode()
        start = html.index("/library/new/?", html.index(f'id="card-{card.pk}"'))
        url = html[start:html.index('"', start)].replace("&amp;", "&")
        params = parse_qs(urlsplit(url).query)
        self.assertEqual(params["title"], ["Newsletter sieci"])
        self.assertEqual(params["link"], ["example.org › newsletter | https://example.org/newsletter"])
        self.assertEqual(params["language"], ["pl"])
        response = self.client.get(url, follow=True)
        self.assertContains(response, "Newsletter sieci")
