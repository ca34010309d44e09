from __future__ import annotations

from django.urls import reverse

from tests.base import BaseTestCase
from tests.helpers import html_tr
from wspolnie.core.models import AuditEntry
from wspolnie.directory.models import District
from wspolnie.organisations.models import Location, Organisation


def formset_data(*places, initial: int = 0) -> dict:
    data = {
        "locations-TOTAL_FORMS": str(len(places)),
        "locations-INITIAL_FORMS": str(initial),
        "locations-MIN_NUM_FORMS": "0",
        "locations-MAX_NUM_FORMS": "1000",
    }
    for index, place in enumerate(places):
        defaults = {"city": "Wrocław"}
        for name, value in {**defaults, **place}.items():
            data[f"locations-{index}-{name}"] = value
    return data


class OrganisationLocationsTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.url = reverse("organisations:locations", args=[self.org.slug])
        self.district = District.objects.create(slug="nadodrze", names={"pl": "Nadodrze"})
        self.new_place = {
            "name": "Biuro", "street_address": "ul. Roosevelta 5", "postal_code": "50236",
            "district": str(self.district.pk), "opening_hours_pl": "pn–pt 10–16",
            "opening_hours_uk": "пн–пт 10–16", "accessibility_pl": "Winda.",
            "latitude": "51.12", "longitude": "17.04",
        }

    def test_it_requires_login(self):
        response = self.client.get(self.url)
        self.assertRedirects(response, reverse("accounts:login") + "?next=" + self.url)

    def test_it_rejects_members_and_other_orgs_admin(self):
        for user in (self.bob, self.charlie):
            self.login(user)
            self.assertEqual(self.client.get(self.url).status_code, 403)
            self.assertEqual(
                self.client.post(self.url, formset_data(self.new_place)).status_code, 403
            )
        self.assertFalse(Location.objects.exists())

    def test_org_admin_and_staff_may_open_it(self):
        for user in (self.alice, self.staff):
            self.login(user)
            response = self.client.get(self.url)
            self.assertContains(response, html_tr("pl", "A new place"))

    def test_it_adds_a_place_and_its_district(self):
        self.login(self.alice)
        response = self.client.post(self.url, formset_data(self.new_place))
        self.assertRedirects(response, self.org.get_absolute_url())
        location = Location.objects.get()
        self.assertEqual(location.postal_code, "50-236")
        self.assertEqual(str(location.latitude), "51.120000")
        # In several languages, side by side (pl, en, uk).
        self.assertEqual(location.opening_hours, {"pl": "pn–pt 10–16", "uk": "пн–пт 10–16"})
        self.assertEqual(location.accessibility, {"pl": "Winda."})
        self.assertEqual(list(self.org.districts.all()), [self.district])
        self.assertTrue(AuditEntry.objects.filter(action="organisation.location_added").exists())

    def test_opening_hours_and_accessibility_have_a_box_per_language(self):
        Location.objects.create(organisation=self.org, street_address="ul. A 1",
                                opening_hours={"pl": "pn 9–17"}, accessibility={"ka": "ლიფტი"})
        self.login(self.alice)
        response = self.client.get(self.url)
        for name in ("opening_hours", "accessibility"):
            for code in ("pl", "en", "uk"):
                self.assertContains(response, f'name="locations-0-{name}_{code}"')
        # A language outside the content languages that is already written in keeps its box.
        self.assertContains(response, "ლიფტი")
        self.assertContains(response, html_tr("pl", "Missing in this language"))

    def test_a_too_long_text_in_one_language_rerenders_the_form(self):
        self.login(self.alice)
        response = self.client.post(
            self.url, formset_data({**self.new_place, "accessibility_en": "x" * 1001})
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'class="error"')
        self.assertContains(response, "ul. Roosevelta 5")  # nothing typed is lost
        self.assertFalse(Location.objects.exists())

    def test_it_changes_and_deletes_places(self):
        first = Location.objects.create(organisation=self.org, street_address="ul. A 1")
        second = Location.objects.create(organisation=self.org, street_address="ul. B 2")
        self.login(self.staff)
        data = formset_data(
            {"id": str(first.pk), "street_address": "ul. A 10", "name": ""},
            {"id": str(second.pk), "street_address": "ul. B 2", "DELETE": "on"},
            {},
            initial=2,
        )
        response = self.client.post(self.url, data)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(list(Location.objects.values_list("street_address", flat=True)),
                         ["ul. A 10"])
        updated = AuditEntry.objects.get(action="organisation.location_updated")
        self.assertEqual(updated.changes, {f"location {first.pk}: street_address":
                                           ["ul. A 1", "ul. A 10"]})
        self.assertTrue(AuditEntry.objects.filter(action="organisation.location_deleted")
                        .exists())

    def test_it_cannot_touch_another_organisations_place(self):
        other = Location.objects.create(organisation=self.other_org, street_address="ul. C 3")
        self.login(self.alice)
        data = formset_data({"id": str(other.pk), "street_address": "Przejęte", "DELETE": "on"},
                            initial=1)
        self.client.post(self.url, data)
        self.assertEqual(Location.objects.get(pk=other.pk).street_address, "ul. C 3")

    def test_it_explains_bad_values(self):
        self.login(self.alice)
        response = self.client.post(self.url, formset_data(
            {**self.new_place, "postal_code": "5O-236", "latitude": "95", "longitude": ""}
        ))
        self.assertEqual(response.status_code, 200)
        errors = response.context["formset"].forms[0].errors
        self.assertIn("postal_code", errors)
        self.assertIn("latitude", errors)
        response = self.client.post(self.url, formset_data(
            {**self.new_place, "longitude": ""}
        ))
        self.assertContains(
            response, html_tr("pl", "Give both the latitude and the longitude, or neither.")
        )
        self.assertFalse(Location.objects.exists())

    def test_a_pending_organisation_can_have_places(self):
        pending = Organisation.objects.create(name="Grupa", slug="grupa", kind="ngo")
        self.login(self.staff)
        url = reverse("organisations:locations", args=[pending.slug])
        self.client.post(url, formset_data(self.new_place))
        self.assertEqual(Location.objects.get().organisation, pending)
