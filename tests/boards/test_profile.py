"""The organisation profile's "Boards" block: the boards the reader may see, and the way to
create one for the organisation's admins."""

from __future__ import annotations

from django.urls import reverse

from wspolnie.boards.models import Board

from .helpers import BoardTestCase


class ProfileTestCase(BoardTestCase):
    def test_visitors_see_public_boards_only(self):
        self.make_board(title="Wewnętrzna tablica", reading=Board.Reading.MEMBERS)
        response = self.client.get(self.org.get_absolute_url())
        self.assertContains(response, "Stoliki tematyczne")
        self.assertNotContains(response, "Wewnętrzna tablica")
        self.assertNotContains(response, reverse("boards:create", args=[self.org.slug]))

    def test_the_admin_gets_the_create_link_other_orgs_admin_does_not(self):
        create = reverse("boards:create", args=[self.org.slug])
        self.login(self.charlie)
        response = self.client.get(self.org.get_absolute_url())
        self.assertNotContains(response, create)
        self.assertContains(response, "Stoliki tematyczne")
        self.login(self.alice)
        self.assertContains(self.client.get(self.org.get_absolute_url()), create)
