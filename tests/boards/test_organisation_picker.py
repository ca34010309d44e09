"""The card form's organisation (issue #14): a shortlist instead of the whole directory, any
approved organisation by name or id, errors that keep what was typed."""

from __future__ import annotations

import datetime
import re

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from tests.search.helpers import make_org, rebuild
from wspolnie.boards.models import Card
from wspolnie.meetings.models import AgendaItem, Event
from wspolnie.organisations import picker
from wspolnie.organisations.models import Organisation

from .helpers import BoardTestCase

OPTION = re.compile(r"<option\b")


def post_form(html: str) -> str:
    """The board page's "Add a card" form."""
    return html.split('class="board-post"', 1)[1].split("</form>", 1)[0]


class ShortlistOnTheBoardTestCase(BoardTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.far = make_org("Stowarzyszenie Dalekie Łąki")
        Organisation.objects.bulk_create([
            Organisation(name=f"Organizacja {n:03d}", slug=f"organizacja-{n:03d}", kind="ngo",
                         status="approved")
            for n in range(300)
        ])
        cls.author = make_org("Koło Autorów")
        cls.card_in(cls, cls.first, "Z organizacją", author_organisation=cls.author)

    def test_the_page_lists_a_shortlist_not_the_directory(self):
        self.assertGreater(Organisation.objects.public().count(), 300)
        html = post_form(self.client.get(self.board.get_absolute_url()).content.decode())
        options = len(OPTION.findall(html)) - 1  # the column select has one option per column
        self.assertLessEqual(options, picker.SHORTLIST_CAP + 1 + 2)
        self.assertIn("Koło Autorów", html)  # already on this board
        self.assertNotIn("Organizacja 150", html)
        self.assertIn('name="author_organisation_name"', html)
        self.assertIn(f'data-hx-get="{reverse("organisations:suggest")}?field='
                      f'author_organisation"', html)

    def test_a_member_finds_their_own_organisation_first(self):
        self.login(self.bob)
        html = post_form(self.client.get(self.board.get_absolute_url()).content.decode())
        self.assertIn(f'<option value="{self.org.pk}">Fundacja Testowa</option>', html)

    def test_a_meeting_board_lists_the_meetings_organisers_and_speakers(self):
        event = Event.objects.create(
            slug="spotkanie", title={"pl": "Spotkanie"}, status="held",
            starts_at=timezone.now(), ends_at=timezone.now() + datetime.timedelta(hours=1),
        )
        event.organisers.add(self.org)
        item = AgendaItem.objects.create(event=event, title={"pl": "Wystąpienie"})
        item.speaker_organisations.add(self.far)
        board = self.make_board(title="Tablica spotkania", event=event)
        html = post_form(self.client.get(board.get_absolute_url()).content.decode())
        self.assertIn("Fundacja Testowa", html)
        self.assertIn("Stowarzyszenie Dalekie Łąki", html)
        self.assertNotIn("Koło Autorów", html)  # on another board


class PostingWithAnOrganisationTestCase(BoardTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.far = make_org("Stowarzyszenie Dalekie Łąki")
        cls.near = make_org("Stowarzyszenie Dalekie Pola")
        cls.pending = make_org("Grupa Czekająca", status="pending")
        rebuild()

    def post(self, **data):
        values = {"column": self.first.pk, "text": "Karta z organizacją"}
        values.update(data)
        return self.client.post(reverse("boards:post", args=[self.board.pk]), values)

    def test_an_organisation_outside_the_shortlist_by_name(self):
        response = self.post(author_organisation_name="stowarzyszenie dalekie laki")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Card.objects.get(text="Karta z organizacją").author_organisation,
                         self.far)

    def test_an_organisation_outside_the_shortlist_by_id(self):
        response = self.post(author_organisation=str(self.near.pk))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Card.objects.get(text="Karta z organizacją").author_organisation,
                         self.near)

    def test_a_picked_suggestion(self):
        response = self.post(author_organisation_name="Stowarzyszenie",
                             author_organisation_pick=str(self.far.pk))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Card.objects.get(text="Karta z organizacją").author_organisation,
                         self.far)

    def test_a_name_that_names_none_re_renders_with_the_text_kept_and_close_matches(self):
        response = self.post(author_organisation_name="Stowarzyszenie Dalekie",
                             author_name="Ola", tags="współpraca")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Card.objects.filter(text="Karta z organizacją").exists())
        self.assertContains(response, gettext(
            "No organisation in the directory is called “%(name)s”. Did you mean one of these? "
            "Choose it below.") % {"name": "Stowarzyszenie Dalekie"})
        for kept in ['value="Stowarzyszenie Dalekie"', "Karta z organizacją", 'value="Ola"',
                     'value="współpraca"']:
            self.assertContains(response, kept)
        for match in (self.far, self.near):
            self.assertContains(
                response, f'name="author_organisation_pick" value="{match.pk}"')
        # Choosing one of them then posts the card.
        response = self.post(author_organisation_name="Stowarzyszenie Dalekie",
                             author_organisation_pick=str(self.near.pk))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Card.objects.get(text="Karta z organizacją").author_organisation,
                         self.near)

    def test_unknown_and_unapproved_ids_are_form_errors_not_server_errors(self):
        for data in [{"author_organisation": str(self.pending.pk)},
                     {"author_organisation": "987654"},
                     {"author_organisation": str(2**64)},
                     {"author_organisation_pick": "x"},
                     {"author_organisation_name": "Grupa Czekająca"}]:
            with self.subTest(data):
                response = self.post(**data)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "field-invalid")
        self.assertFalse(Card.objects.filter(text="Karta z organizacją").exists())

    def test_editing_keeps_the_organisation_outside_the_shortlist(self):
        card = self.card_in(self.first, "Moja", author_organisation=self.far, created_by=self.bob)
        self.login(self.bob)
        url = reverse("boards:card_edit", args=[card.pk])
        response = self.client.get(url)
        self.assertContains(response, f'<option value="{self.far.pk}" selected>')
        response = self.client.post(url, {"column": self.first.pk, "text": "Moja, poprawiona",
                                          "author_organisation": str(self.far.pk)})
        self.assertEqual(response.status_code, 302)
        card.refresh_from_db()
        self.assertEqual((card.text, card.author_organisation), ("Moja, poprawiona", self.far))
