"""/api/organisations/: filters and facets, full detail, create (pending) and full PATCH."""

from __future__ import annotations

import json

from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from tests.base import BaseTestCase, make_user
from tests.helpers import tr
from wspolnie.accounts import services as account_services
from wspolnie.core.models import AuditEntry
from wspolnie.directory.models import Community, District, Language, Topic
from wspolnie.organisations.models import Location, Membership, Organisation
from wspolnie.search import index


class ApiBase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.education = Topic.objects.create(slug="education", names={"pl": "Edukacja",
                                                                      "en": "Education"})
        cls.culture = Topic.objects.create(slug="culture", names={"pl": "Kultura"})
        cls.roma = Community.objects.create(slug="roma", names={"pl": "Romska"})
        cls.nadodrze = District.objects.create(slug="nadodrze", names={"pl": "Nadodrze"})
        cls.org.topics.set([cls.education])
        cls.org.languages.set(Language.for_codes(["pl", "uk"]))
        cls.other_org.topics.set([cls.education, cls.culture])
        cls.other_org.languages.set(Language.for_codes(["pl"]))
        cls.pending = Organisation.objects.create(
            name="Grupa Oczekująca", slug="grupa-oczekujaca", kind="ngo",
        )
        cls.pending.topics.set([cls.culture])
        Membership.objects.create(user=cls.bob, organisation=cls.pending, role="member")

    def setUp(self) -> None:
        super().setUp()
        self.api = Client(enforce_csrf_checks=True)

    def token_for(self, user) -> str:
        return account_services.do_create_api_token(user, "test")[1]

    def send(self, method: str, url: str, body, user=None, language: str = "pl"):
        headers = {"Authorization": f"Bearer {self.token_for(user)}"} if user else {}
        return getattr(self.api, method)(
            url, json.dumps(body), content_type="application/json", headers=headers,
            HTTP_ACCEPT_LANGUAGE=language,
        )


class ListApiTestCase(ApiBase):
    url = "/api/organisations/"

    def slugs(self, response) -> list[str]:
        self.assertEqual(response.status_code, 200, response.content)
        return [item["slug"] for item in response.json()["items"]]

    def facet(self, response, param: str) -> dict[str, int]:
        facet = next(f for f in response.json()["facets"] if f["param"] == param)
        return {value["value"]: value["count"] for value in facet["values"]}

    def test_it_filters_like_the_page(self):
        index.rebuild()  # the text box goes through the search index
        response = self.client.get(self.url, {"topic": ["education"], "language": ["uk"]})
        self.assertEqual(self.slugs(response), ["fundacja-testowa"])
        response = self.client.get(self.url, {"topic": ["culture", "education"]})
        self.assertEqual(self.slugs(response), ["fundacja-testowa", "stowarzyszenie-inne"])
        response = self.client.get(self.url, {"kind": "association", "q": "Inne"})
        self.assertEqual(self.slugs(response), ["stowarzyszenie-inne"])

    def test_it_returns_facet_counts(self):
        response = self.client.get(self.url, {"topic": "education"})
        self.assertEqual(self.facet(response, "topic"), {"education": 2, "culture": 1})
        self.assertEqual(self.facet(response, "language"), {"pl": 2, "uk": 1})
        doc = response.json()
        self.assertEqual((doc["count"], doc["page"], doc["pages"]), (2, 1, 1))
        topic = next(f for f in doc["facets"] if f["param"] == "topic")
        self.assertEqual(topic["label"], tr("pl", "Topic"))
        education = next(v for v in topic["values"] if v["value"] == "education")
        self.assertEqual((education["label"], education["selected"]), ("Edukacja", True))

    def test_list_items_carry_the_vocabularies(self):
        item = self.client.get(self.url).json()["items"][0]
        self.assertEqual(item["topics"], [{"slug": "education", "name": "Edukacja"}])
        self.assertEqual(
            item["languages"],
            [{"code": "pl", "name": "Polski"}, {"code": "uk", "name": "Українська"}],
        )
        self.assertEqual(item["status"], "approved")
        self.assertTrue(item["url"].endswith("/organisations/fundacja-testowa/"))

    def test_pending_is_listed_only_for_its_members_and_staff(self):
        self.assertNotIn("grupa-oczekujaca", self.slugs(self.client.get(self.url)))
        for user in (self.alice, self.charlie):
            self.client.force_login(user)
            self.assertNotIn("grupa-oczekujaca", self.slugs(self.client.get(self.url)))
        for user in (self.bob, self.staff):
            self.client.force_login(user)
            response = self.client.get(self.url)
            self.assertIn("grupa-oczekujaca", self.slugs(response))
        self.client.logout()
        # and never counted for the public
        self.assertEqual(self.facet(self.client.get(self.url), "topic"),
                         {"education": 2, "culture": 1})

    def test_bad_filters_are_ignored_and_bad_pages_are_422(self):
        response = self.client.get(self.url, {"topic": "nope", "language": "??"})
        self.assertEqual(len(self.slugs(response)), 2)
        response = self.client.get(self.url, {"page": "0"})
        self.assertEqual(response.status_code, 422)
        self.assertIn("detail", response.json())


class DetailApiTestCase(ApiBase):
    def test_it_has_every_public_field(self):
        self.org.description = {"pl": "Opis.", "en": "Description."}
        self.org.krs = "0000123456"
        self.org.phone = "+48 71 123 45 67"
        self.org.social_profiles = ["https://facebook.com/x"]
        self.org.founding_year = 2001
        self.org.size = "1-5"
        self.org.save()
        Location.objects.create(
            organisation=self.org, street_address="ul. A 1", district=self.nadodrze,
            latitude="51.1", longitude="17.0", opening_hours={"pl": "pn 9–17", "en": "Mon 9–17"},
            accessibility={"pl": "Winda."},
        )
        self.org.short_description = {"pl": "Krótko.", "en": "In short."}
        self.org.save()
        response = self.client.get(f"/api/organisations/{self.org.slug}",
                                   HTTP_ACCEPT_LANGUAGE="en")
        doc = response.json()
        self.assertEqual(doc["description"], {"pl": "Opis.", "en": "Description."})
        self.assertEqual(doc["description_text"], "Description.")
        self.assertEqual(doc["krs"], "0000123456")
        self.assertEqual(doc["phone"], "+48 71 123 45 67")
        self.assertEqual(doc["social_profiles"], ["https://facebook.com/x"])
        self.assertEqual((doc["founding_year"], doc["size"]), (2001, "1-5"))
        self.assertEqual(doc["size_label"], tr("en", "1–5 people"))
        self.assertEqual(doc["logo_url"], "")
        [location] = doc["locations"]
        self.assertEqual(location["district"], {"slug": "nadodrze", "name": "Nadodrze"})
        self.assertEqual((location["latitude"], location["longitude"]), (51.1, 17.0))
        self.assertEqual(location["opening_hours"], {"pl": "pn 9–17", "en": "Mon 9–17"})
        self.assertEqual(location["opening_hours_text"], "Mon 9–17")
        self.assertEqual(location["accessibility"], {"pl": "Winda."})
        self.assertEqual(location["accessibility_text"], "Winda.")  # the Polish fallback
        self.assertEqual(doc["short_description"], {"pl": "Krótko.", "en": "In short."})
        self.assertEqual(doc["short_description_text"], "In short.")

    def test_pending_is_404_except_for_its_members_and_staff(self):
        url = f"/api/organisations/{self.pending.slug}"
        self.assertEqual(self.client.get(url).status_code, 404)
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get(url).status_code, 404)
        for user in (self.bob, self.staff):
            self.client.force_login(user)
            response = self.client.get(url)
            self.assertEqual(response.json()["status"], "pending")


class CreateApiTestCase(ApiBase):
    url = "/api/organisations/"
    body = {
        "name": "Fundacja Z API", "kind": "foundation", "topics": ["education"],
        "languages": ["pl", "ka"], "nip": "526-025-02-74", "phone": "600 100 200",
        "description": {"pl": "Opis.", "uk": "Опис."},
    }

    def test_it_requires_authentication(self):
        response = self.send("post", self.url, self.body)
        self.assertEqual(response.status_code, 401)
        self.assertFalse(Organisation.objects.filter(name="Fundacja Z API").exists())

    def test_it_creates_a_pending_organisation(self):
        newcomer = make_user("olena@example.org", "Olena")
        response = self.send("post", self.url, self.body, newcomer)
        self.assertEqual(response.status_code, 201, response.content)
        doc = response.json()
        self.assertEqual((doc["slug"], doc["status"]), ("fundacja-z-api", "pending"))
        self.assertEqual(doc["nip"], "5260250274")
        self.assertEqual(doc["phone"], "+48 600 100 200")
        self.assertEqual([t["slug"] for t in doc["topics"]], ["education"])
        self.assertEqual(sorted(lang["code"] for lang in doc["languages"]), ["ka", "pl"])
        organisation = Organisation.objects.get(slug="fundacja-z-api")
        self.assertTrue(organisation.memberships.filter(user=newcomer, role="admin").exists())
        # Not public until approved.
        self.assertEqual(self.client.get(f"{self.url}fundacja-z-api").status_code, 404)

    def test_name_and_kind_are_required(self):
        response = self.send("post", self.url, {"name": "X"}, self.bob)
        self.assertEqual(response.status_code, 422)
        self.assertIn("detail", response.json())

    def test_it_explains_invalid_values_in_the_callers_language(self):
        body = {**self.body, "krs": "abc", "nip": "5260250275", "regon": "12", "phone": "12",
                "website": "nope", "email": "a@", "languages": ["pl", "not a language"],
                "topics": ["no-such-topic"], "social_profiles": ["nope"]}
        for language in ("pl", "uk"):
            response = self.send("post", self.url, body, self.bob, language=language)
            self.assertEqual(response.status_code, 422)
            errors = response.json()["errors"]
            with translation.override(language):
                self.assertEqual(errors["nip"], [gettext(
                    "This %(label)s number has a wrong check digit: please look for a typo."
                ) % {"label": "NIP"}])
                self.assertEqual(errors["krs"], [gettext(
                    "A %(label)s number may contain only digits (spaces and dashes are ignored)."
                ) % {"label": "KRS"}])
                self.assertEqual(errors["regon"], [
                    gettext("A %(label)s number has 9 or 14 digits.") % {"label": "REGON"}])
                self.assertEqual(errors["phone"], [gettext(
                    "“%(value)s” is not a valid phone number. Write it like +48 71 123 45 67."
                ) % {"value": "12"}])
                self.assertEqual(errors["website"], [gettext("Enter a valid URL.")])
                self.assertEqual(errors["email"], [gettext("Enter a valid email address.")])
                self.assertEqual(errors["languages"], [gettext(
                    "“%(code)s” is not a valid BCP-47 language code (e.g. uk, ka, pt-BR)."
                ) % {"code": "not a language"}])
                self.assertIn("topics", errors)
                self.assertIn("social_profiles", errors)
        self.assertFalse(Organisation.objects.filter(name="Fundacja Z API").exists())


class PatchApiTestCase(ApiBase):
    def setUp(self) -> None:
        super().setUp()
        self.url = f"/api/organisations/{self.org.slug}"

    def test_org_admin_updates_the_full_field_set(self):
        body = {
            "description": {"pl": "Nowy opis", "en": "New"}, "legal_form": "Fundacja",
            "krs": "123", "regon": "123456785", "website": "https://f.example.org",
            "email": "f@example.org", "social_profiles": ["https://facebook.com/f"],
            "topics": ["culture"], "communities": ["roma"], "districts": ["nadodrze"],
            "languages": ["uk", "ru"], "founding_year": 1999, "size": "21-50",
        }
        response = self.send("patch", self.url, body, self.alice)
        self.assertEqual(response.status_code, 200, response.content)
        doc = response.json()
        self.assertEqual(doc["krs"], "0000000123")
        self.assertEqual([t["slug"] for t in doc["topics"]], ["culture"])
        self.assertEqual([d["slug"] for d in doc["districts"]], ["nadodrze"])
        self.assertEqual(sorted(lang["code"] for lang in doc["languages"]), ["ru", "uk"])
        entry = AuditEntry.objects.get(action="organisation.updated")
        self.assertEqual(entry.actor, self.alice)
        self.assertEqual(entry.changes["topics"], ["education", "culture"])
        self.assertEqual(entry.changes["founding_year"], [None, 1999])

    def test_null_clears_a_field(self):
        self.org.founding_year = 2000
        self.org.website = "https://x.example.org"
        self.org.save()
        response = self.send("patch", self.url,
                             {"founding_year": None, "website": None, "topics": None},
                             self.staff)
        self.assertEqual(response.status_code, 200)
        org = Organisation.objects.get(pk=self.org.pk)
        self.assertEqual((org.founding_year, org.website, org.topics.count()), (None, "", 0))

    def test_it_rejects_members_and_other_orgs_admin(self):
        for user in (self.bob, self.charlie):
            response = self.send("patch", self.url, {"topics": []}, user)
            self.assertEqual(response.status_code, 403)
        self.assertEqual(self.org.topics.count(), 1)

    def test_a_pending_organisation_is_404_for_outsiders(self):
        response = self.send("patch", f"/api/organisations/{self.pending.slug}",
                             {"name": "X"}, self.charlie)
        self.assertEqual(response.status_code, 404)

    def test_invalid_values_give_422_and_change_nothing(self):
        response = self.send("patch", self.url, {"nip": "123", "topics": ["culture"]},
                             self.alice, language="uk")
        self.assertEqual(response.status_code, 422)
        with translation.override("uk"):
            expected = gettext("A %(label)s number has 10 digits.") % {"label": "NIP"}
        self.assertEqual(response.json()["errors"]["nip"], [expected])
        org = Organisation.objects.get(pk=self.org.pk)
        self.assertEqual(org.nip, "")
        self.assertEqual(list(org.topics.values_list("slug", flat=True)), ["education"])
        self.assertFalse(AuditEntry.objects.filter(action="organisation.updated").exists())

    def test_wrong_types_give_422(self):
        for body in ({"topics": "education"}, {"founding_year": "dawno"},
                     {"description": ["pl"]}, {"languages": [1]}):
            response = self.send("patch", self.url, body, self.alice)
            self.assertEqual(response.status_code, 422, body)
