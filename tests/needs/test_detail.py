"""One need or offer."""

from __future__ import annotations

from django.utils import timezone

from tests.base import BaseTestCase
from tests.helpers import html_tr, tr
from wspolnie.organisations.models import Organisation

from .helpers import days, make_item, make_vocabulary


class DetailTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_vocabulary(cls)

    def setUp(self) -> None:
        super().setUp()
        self.item = make_item(
            self.org, "Tłumacze na dyżury", description="Czwartki <b>16–18</b>.\nNadodrze.",
            contact_note="Napisz przez profil.", languages=[self.uk], districts=[self.nadodrze],
            created_by=self.bob,
        )
        self.url = f"/needs/{self.item.pk}/"

    def test_it_is_public(self):
        response = self.client.get(self.url)
        self.assertContains(response, "<h1>Tłumacze na dyżury</h1>", html=True)
        self.assertContains(response, "Czwartki &lt;b&gt;16–18&lt;/b&gt;.<br>Nadodrze.")
        self.assertContains(response, "Napisz przez profil.")
        self.assertContains(response, "Українська")
        self.assertContains(response, "Nadodrze")
        self.assertNotContains(response, f"/needs/{self.item.pk}/edit/")
        self.assertNotContains(response, "noindex")

    def test_the_poster_org_admin_and_staff_see_the_links(self):
        for user in (self.bob, self.alice, self.staff):
            self.login(user)
            response = self.client.get(self.url)
            self.assertContains(response, f"/needs/{self.item.pk}/edit/")
            self.assertContains(response, f"/needs/{self.item.pk}/close/")

    def test_other_orgs_admin_does_not(self):
        self.login(self.charlie)
        self.assertNotContains(self.client.get(self.url), f"/needs/{self.item.pk}/edit/")

    def test_an_expired_item_says_so(self):
        self.item.expires_on = days(-2)
        self.item.save()
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "noindex")
        self.assertContains(response, tr("pl", "Back to the board"))
        self.assertContains(response, 'class="notice"')

    def test_a_closed_item_says_so(self):
        self.item.closed_at = timezone.now()
        self.item.save()
        response = self.client.get(self.url)
        self.assertContains(response, 'class="notice"')
        self.assertNotContains(response, html_tr("pl", "Close it"))

    def test_items_of_pending_organisations_are_only_for_members_and_staff(self):
        Organisation.objects.filter(pk=self.org.pk).update(status="pending")
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        for user in (self.bob, self.staff):
            self.login(user)
            self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_an_unknown_item_is_404(self):
        self.assertEqual(self.client.get("/needs/999999/").status_code, 404)
