"""Posting a need or an offer."""

from __future__ import annotations

from django.utils import timezone

from tests.base import BaseTestCase
from tests.helpers import html_tr
from wspolnie.core.models import AuditEntry
from wspolnie.needs.models import NeedOffer, one_year_after

from .helpers import days, make_vocabulary


class CreateTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_vocabulary(cls)

    def setUp(self) -> None:
        super().setUp()
        self.url = f"/needs/organisation/{self.org.slug}/new/"

    def form_data(self, **overrides) -> dict:
        data = {
            "kind": "need",
            "category": "interpreting",
            "title": "Tłumacze ukraińsko-polscy",
            "description": "Na dyżury w czwartki.",
            "languages": [self.uk.pk, self.pl.pk],
            "districts": [self.nadodrze.pk],
            "contact_note": "Przez profil.",
            "expires_on": days(30).isoformat(),
        }
        data.update(overrides)
        return data

    def test_it_requires_login(self):
        self.assertRedirects(self.client.get(self.url), f"/accounts/login/?next={self.url}")

    def test_it_rejects_other_orgs_admin(self):
        self.login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(self.client.post(self.url, self.form_data()).status_code, 403)
        self.assertFalse(NeedOffer.objects.exists())

    def test_an_unknown_organisation_is_404(self):
        self.login(self.staff)
        self.assertEqual(self.client.get("/needs/organisation/nope/new/").status_code, 404)

    def test_the_form_proposes_a_month_and_limits_the_date(self):
        self.login(self.alice)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, f'value="{days(30).isoformat()}"')
        self.assertContains(response, f'min="{timezone.localdate().isoformat()}"')
        self.assertContains(response, f'max="{one_year_after(timezone.localdate()).isoformat()}"')

    def test_org_admin_posts(self):
        self.login(self.alice)
        response = self.client.post(self.url, self.form_data(), follow=True)
        item = NeedOffer.objects.get()
        self.assertRedirects(response, f"/needs/{item.pk}/")
        self.assertContains(response, html_tr("pl", "It is on the board now."))
        self.assertEqual(item.organisation, self.org)
        self.assertEqual(item.created_by, self.alice)
        self.assertEqual({lang.code for lang in item.languages.all()}, {"pl", "uk"})
        self.assertEqual(AuditEntry.objects.get(action="need_offer.created").actor, self.alice)
        self.assertContains(self.client.get("/needs/"), "Tłumacze ukraińsko-polscy")

    def test_members_and_staff_post_too(self):
        for user in (self.bob, self.staff):
            self.login(user)
            self.assertEqual(self.client.post(self.url, self.form_data()).status_code, 302)
        self.assertEqual(NeedOffer.objects.count(), 2)

    def test_an_expiry_date_in_the_past_is_rejected_with_a_message(self):
        self.login(self.alice)
        response = self.client.post(self.url, self.form_data(expires_on=days(-1).isoformat()))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, html_tr("pl", "The expiry date cannot be in the past."))
        self.assertContains(response, 'aria-invalid="true"')
        self.assertContains(response, "Tłumacze ukraińsko-polscy")  # what was typed stays
        self.assertFalse(NeedOffer.objects.exists())

    def test_an_expiry_date_more_than_a_year_ahead_is_rejected(self):
        self.login(self.alice)
        response = self.client.post(self.url, self.form_data(expires_on=days(400).isoformat()))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'class="field field-invalid"')
        self.assertFalse(NeedOffer.objects.exists())

    def test_missing_and_bad_values_are_rejected(self):
        self.login(self.alice)
        for overrides in ({"title": ""}, {"expires_on": ""}, {"expires_on": "31.02.2025"},
                          {"kind": "gift"}, {"category": ""}, {"languages": ["xx"]}):
            response = self.client.post(self.url, self.form_data(**overrides))
            self.assertEqual(response.status_code, 200, overrides)
            self.assertContains(response, 'class="field field-invalid"')
        self.assertFalse(NeedOffer.objects.exists())
