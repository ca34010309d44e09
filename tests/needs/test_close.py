"""Closing a need or an offer."""

from __future__ import annotations

from tests.base import BaseTestCase
from tests.helpers import html_tr
from wspolnie.core.models import AuditEntry
from wspolnie.needs.models import NeedOffer

from .helpers import make_item


class CloseTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.item = make_item(self.org, "Sala na próby", created_by=self.bob)
        self.url = f"/needs/{self.item.pk}/close/"

    def is_closed(self) -> bool:
        return NeedOffer.objects.get(pk=self.item.pk).is_closed

    def test_it_requires_login(self):
        self.assertRedirects(self.client.post(self.url), f"/accounts/login/?next={self.url}")
        self.assertFalse(self.is_closed())

    def test_it_rejects_other_orgs_admin(self):
        self.login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(self.client.post(self.url).status_code, 403)
        self.assertFalse(self.is_closed())

    def test_it_rejects_members_who_did_not_post_it(self):
        other = make_item(self.org, "Post Alicji", created_by=self.alice)
        self.login(self.bob)
        self.assertEqual(self.client.post(f"/needs/{other.pk}/close/").status_code, 403)

    def test_get_asks_for_confirmation(self):
        self.login(self.alice)
        response = self.client.get(self.url)
        self.assertContains(response, "Sala na próby")
        self.assertFalse(self.is_closed())

    def test_the_poster_closes_it_and_it_leaves_the_board(self):
        self.login(self.bob)
        response = self.client.post(self.url, follow=True)
        self.assertRedirects(response, f"/needs/{self.item.pk}/")
        self.assertContains(response, html_tr("pl", "It is closed and no longer on the board."))
        self.assertTrue(self.is_closed())
        self.assertEqual(AuditEntry.objects.get(action="need_offer.closed").actor, self.bob)
        self.assertNotContains(self.client.get("/needs/"), "Sala na próby")

    def test_org_admin_and_staff_close(self):
        for user in (self.alice, self.staff):
            item = make_item(self.org, f"Do zamknięcia przez {user.name}")
            self.login(user)
            self.client.post(f"/needs/{item.pk}/close/")
            self.assertTrue(NeedOffer.objects.get(pk=item.pk).is_closed)
