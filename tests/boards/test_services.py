from __future__ import annotations

import datetime

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone
from django.utils.translation import gettext_lazy

from wspolnie.boards import services
from wspolnie.boards.models import Board, Card
from wspolnie.core.models import AuditEntry

from .helpers import BoardTestCase

ANON = AnonymousUser()


CLOSED = gettext_lazy("This board is closed: it takes no new posts.")
TOO_MANY = gettext_lazy(
    "You have posted a lot in a short time. Please wait a while and try again."
)

class PostingTestCase(BoardTestCase):
    def post(self, user=ANON, board=None, **values):
        values.setdefault("text", "Nowy pomysł")
        return services.do_post_card(user, board or self.board, client_address="10.0.0.1",
                                     **values)

    def test_anyone_with_the_link_posts_and_gets_a_secret(self):
        version = Board.objects.get(pk=self.board.pk).version
        card, secret = self.post(column=self.second, tags="a, b, a")
        self.assertTrue(secret)
        self.assertEqual(card.column, self.second)
        self.assertEqual(card.tag_list, ["a", "b"])
        self.assertTrue(card.secret_matches(secret))
        self.assertNotIn(secret, card.secret_hash)
        self.assertEqual(Board.objects.get(pk=self.board.pk).version, version + 1)
        self.assertTrue(AuditEntry.objects.filter(action="board.card_posted").exists())

    def test_a_signed_in_poster_gets_no_secret(self):
        card, secret = self.post(self.charlie)
        self.assertEqual(secret, "")
        self.assertEqual(card.created_by, self.charlie)

    def test_a_closed_board_refuses_with_a_clear_message(self):
        services.do_update_board(self.alice, self.board, is_open=False)
        with self.assertRaises(services.PostingRefused) as refused:
            self.post()
        self.assertEqual(refused.exception.message, str(CLOSED))
        with self.assertRaises(services.PostingRefused):
            self.post(self.alice)

    def test_members_only_posting(self):
        board = self.make_board(posting=Board.Posting.MEMBERS)
        with self.assertRaises(services.PostingRefused):
            self.post(board=board)
        self.post(self.charlie, board=board)  # a member of another organisation is a hub member

    def test_participants_only_posting(self):
        from wspolnie.meetings.models import Event, Registration

        event = Event.objects.create(
            slug="spotkanie", title={"pl": "Spotkanie"}, status="held",
            starts_at=timezone.now(), ends_at=timezone.now() + datetime.timedelta(hours=2),
        )
        event.organisers.add(self.org)
        board = self.make_board(event=event, posting=Board.Posting.PARTICIPANTS)
        with self.assertRaises(services.PostingRefused):
            self.post(self.charlie, board=board)
        Registration.objects.create(event=event, email=self.charlie.email, name="C",
                                    user=self.charlie, status="confirmed", answers={})
        self.post(self.charlie, board=board)

    def test_a_board_of_a_meeting_belongs_to_one_of_its_organisers(self):
        from wspolnie.meetings.models import Event

        event = Event.objects.create(
            slug="cudze", title={"pl": "Cudze"}, starts_at=timezone.now(),
            ends_at=timezone.now() + datetime.timedelta(hours=1),
        )
        event.organisers.add(self.other_org)
        with self.assertRaises(ValidationError) as error:
            self.make_board(event=event)
        self.assertIn("event", error.exception.message_dict)

    def test_approval_keeps_new_cards_off_the_board_until_approved(self):
        board = self.make_board(needs_approval=True)
        card, _secret = self.post(board=board)
        self.assertFalse(card.is_approved)
        self.assertFalse(Card.objects.filter(board=board).shown().exists())
        with self.assertRaises(PermissionDenied):
            services.do_moderate_card(self.charlie, card, "approve")
        services.do_moderate_card(self.alice, card, "approve")
        self.assertTrue(Card.objects.filter(board=board).shown().exists())
        mine, _secret = self.post(self.alice, board=board)
        self.assertTrue(mine.is_approved)  # a moderator's own card

    def test_too_long_text_and_bad_values_are_refused_not_cut(self):
        with self.assertRaises(ValidationError) as error:
            self.post(text="x" * 5001, link="javascript:alert(1)", language="xx-nope-42")
        self.assertEqual(set(error.exception.message_dict), {"text", "link", "language"})

    def test_a_column_of_another_board_is_refused(self):
        other = self.make_board()
        with self.assertRaises(ValidationError):
            self.post(column=other.columns.first())

    @override_settings(BOARDS_POSTS_PER_HOUR=3)
    def test_posting_is_rate_limited_per_client(self):
        for _n in range(3):
            self.post()
        with self.assertRaises(services.RateLimited):
            self.post()
        services.do_post_card(ANON, self.board, client_address="10.0.0.2", text="Inny klient")


class EditingTestCase(BoardTestCase):
    def test_the_secret_lets_the_anonymous_poster_edit_and_delete_for_24_hours(self):
        card, secret = services.do_post_card(ANON, self.board, client_address="1", text="Raz")
        with self.assertRaises(PermissionDenied):
            services.do_edit_card(ANON, card, secret="wrong", text="Dwa")
        services.do_edit_card(ANON, card, secret=secret, text="Dwa")
        self.assertEqual(Card.objects.get(pk=card.pk).text, "Dwa")
        Card.objects.filter(pk=card.pk).update(
            created=timezone.now() - datetime.timedelta(hours=25)
        )
        card.refresh_from_db()
        with self.assertRaises(PermissionDenied):
            services.do_delete_card(ANON, card, secret=secret)
        services.do_delete_card(self.alice, card)  # moderators any time
        self.assertFalse(Card.objects.filter(pk=card.pk).exists())

    def test_other_organisations_admins_cannot_moderate_or_edit(self):
        for action in ("hide", "pin"):
            with self.assertRaises(PermissionDenied):
                services.do_moderate_card(self.charlie, self.card, action)
        with self.assertRaises(PermissionDenied):
            services.do_edit_card(self.charlie, self.card, text="Nie")
        with self.assertRaises(PermissionDenied):
            services.do_edit_card(self.bob, self.card, text="Nie")  # members do not moderate

    def test_moving_and_reordering(self):
        a = self.card_in(self.second, "A", position=0)
        b = self.card_in(self.second, "B", position=1)
        services.do_move_card(self.alice, self.card, self.second, 1)
        order = list(self.second.cards.order_by("position").values_list("text", flat=True))
        self.assertEqual(order, ["A", self.card.text, "B"])
        services.do_move_card_by(self.alice, b, "up")
        order = list(self.second.cards.order_by("position").values_list("text", flat=True))
        self.assertEqual(order, ["A", "B", self.card.text])
        services.do_move_card_by(self.alice, a, "left")
        self.assertEqual(Card.objects.get(pk=a.pk).column, self.first)
        services.do_move_card_by(self.alice, a, "left")  # no column further left: stays
        self.assertEqual(Card.objects.get(pk=a.pk).column, self.first)

    def test_columns_with_cards_are_not_dropped(self):
        with self.assertRaises(ValidationError):
            services.do_set_columns(self.alice, self.board, ["Wsparcie"])
        services.do_set_columns(self.alice, self.board, ["Współpraca", "Nowa"])
        self.assertEqual(list(self.board.columns.values_list("title", flat=True)),
                         ["Współpraca", "Nowa"])
        with self.assertRaises(PermissionDenied):
            services.do_set_columns(self.charlie, self.board, ["X"])


class ReactionsAndCommentsTestCase(BoardTestCase):
    def test_a_plus_one_toggles(self):
        self.assertTrue(services.do_toggle_reaction(self.bob, self.card, browser_key="",
                                                    client_address="1"))
        self.assertEqual(self.card.reactions.count(), 1)
        self.assertFalse(services.do_toggle_reaction(self.bob, self.card, browser_key="",
                                                     client_address="1"))
        self.assertEqual(self.card.reactions.count(), 0)
        services.do_toggle_reaction(ANON, self.card, browser_key="k1", client_address="1")
        services.do_toggle_reaction(ANON, self.card, browser_key="k2", client_address="1")
        self.assertEqual(self.card.reactions.count(), 2)

    def test_comments_and_hiding_them(self):
        comment = services.do_comment(ANON, self.card, client_address="1", text="Dobry pomysł")
        with self.assertRaises(PermissionDenied):
            services.do_hide_comment(self.charlie, comment)
        services.do_hide_comment(self.alice, comment)
        self.assertTrue(comment.is_hidden)
        with self.assertRaises(ValidationError):
            services.do_comment(ANON, self.card, client_address="1", text="")


class LibraryDraftTestCase(BoardTestCase):
    def test_a_card_as_a_library_draft(self):
        card = self.card_in(self.first, "**Newsletter sieci**\n\nRaz w miesiącu.",
                            link="https://example.org/newsletter", tags="newsletter, kanały",
                            language="pl", author_organisation=self.other_org)
        draft = services.card_as_library_draft(card)
        self.assertEqual(draft["title"], "Newsletter sieci")
        self.assertEqual(draft["description"], card.text)
        self.assertEqual(draft["links"], [{"url": "https://example.org/newsletter",
                                           "title": "example.org › newsletter"}])
        self.assertEqual(draft["tags"], ["newsletter", "kanały"])
        self.assertEqual(draft["language"], "pl")
        self.assertEqual(draft["organisation"], self.other_org)
