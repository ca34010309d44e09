"""The Django admin edits the multilingual texts side by side (not as raw JSON)."""

from __future__ import annotations

from tests.base import BaseTestCase
from wspolnie.organisations.models import Location, Organisation


class OrganisationAdminTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.staff.is_superuser = True
        self.staff.save()
        self.url = f"/admin/organisations/organisation/{self.org.pk}/change/"

    def test_it_requires_staff(self):
        self.login(self.alice)
        self.assertEqual(self.client.get(self.url).status_code, 302)

    def test_short_description_and_place_notes_per_language(self):
        place = Location.objects.create(organisation=self.org, street_address="ul. A 1",
                                        opening_hours={"pl": "pn 9–17"})
        self.login(self.staff)
        response = self.client.get(self.url)
        self.assertContains(response, 'name="short_description_uk"')
        self.assertContains(response, 'name="locations-0-opening_hours_en"')
        data = {
            "name": self.org.name, "slug": self.org.slug, "kind": self.org.kind,
            "status": self.org.status, "short_description_pl": "Po polsku.",
            "short_description_uk": "Українською.", "description_pl": "Opis.",
            "social_profiles": "[]",
            "locations-TOTAL_FORMS": "1", "locations-INITIAL_FORMS": "1",
            "locations-MIN_NUM_FORMS": "0", "locations-MAX_NUM_FORMS": "1000",
            "locations-0-id": str(place.pk), "locations-0-organisation": str(self.org.pk),
            "locations-0-street_address": "ul. A 1", "locations-0-city": "Wrocław",
            "locations-0-opening_hours_pl": "pn 9–17", "locations-0-opening_hours_en": "Mon 9–17",
            "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0", "memberships-MAX_NUM_FORMS": "1000",
        }
        response = self.client.post(self.url, data)
        self.assertEqual(response.status_code, 302, response.content.decode()[-3000:])
        org = Organisation.objects.get(pk=self.org.pk)
        self.assertEqual(org.short_description, {"pl": "Po polsku.", "uk": "Українською."})
        self.assertEqual(Location.objects.get(pk=place.pk).opening_hours,
                         {"pl": "pn 9–17", "en": "Mon 9–17"})

    def test_search_looks_into_each_language(self):
        self.org.short_description = {"uk": "Допомагаємо родинам."}
        self.org.save()
        self.login(self.staff)
        response = self.client.get("/admin/organisations/organisation/", {"q": "родинам"})
        self.assertContains(response, self.org.name)
        self.assertNotContains(response, self.other_org.name)
