"""GET /api/organisations/ answers from plain values (wspolnie.api.rows, issue #15): the
items must be exactly what OrganisationListItem makes of the organisations, for every kind
of caller and language; the totals and the order as before."""

from __future__ import annotations

import json
import shutil
import tempfile

from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.utils import translation
from ninja.responses import NinjaJSONEncoder

from tests.base import BaseTestCase
from tests.organisations.test_logo import png
from wspolnie.directory.facets import DirectoryQuery
from wspolnie.directory.models import Community, District, Language, Topic
from wspolnie.organisations.api import PAGE_SIZE, OrganisationListItem
from wspolnie.organisations.models import Membership, Organisation
from wspolnie.search import index


class OrganisationRowsTestCase(BaseTestCase):
    url = "/api/organisations/"

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # Positions not in slug order: the lists follow the vocabularies' order.
        topics = [Topic.objects.create(slug=f"t{i}", names={"pl": f"Temat {i}", "uk": f"Тема {i}"},
                                       position=10 - i) for i in range(3)]
        no_name = Topic.objects.create(slug="bez-nazwy", names={})
        community = Community.objects.create(slug="romowie", names={"en": "Roma"})
        districts = [District.objects.create(slug=s, names={"pl": s.title()}) for s in ("b", "a")]
        cls.org.topics.set([*topics, no_name])
        cls.org.communities.set([community])
        cls.org.districts.set(districts)
        cls.org.languages.set(Language.for_codes(["uk", "pl", "ka"]))
        cls.org.short_description = {"uk": "Лише українською."}
        cls.org.website = "https://example.org/"
        cls.org.save()
        cls.other_org.topics.set(topics[:1])
        cls.pending = Organisation.objects.create(
            name="Aaa Oczekująca", slug="aaa-oczekujaca", kind="informal_group",
            short_description={"pl": "Czeka.", "en": "Waiting."},
        )
        cls.rejected = Organisation.objects.create(
            name="Odrzucona", slug="odrzucona", kind="ngo", status="rejected")
        Membership.objects.create(user=cls.bob, organisation=cls.pending, role="member")

    def setUp(self) -> None:
        super().setUp()
        media = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, media, ignore_errors=True)
        override = self.settings(MEDIA_ROOT=media)
        override.enable()
        self.addCleanup(override.disable)
        self.org.logo.save("logo.png", png())

    def expected(self, user, params: dict, language: str, page: int = 1) -> list[dict]:
        """What the schema makes of the model objects (the answer before issue #15)."""
        with translation.override(language):
            query = DirectoryQuery.from_params(params)
            found = query.ordered(query.apply(Organisation.objects.visible_to(user)))
            start = (page - 1) * PAGE_SIZE
            items = [OrganisationListItem.model_validate(organisation).model_dump()
                     for organisation in found[start:start + PAGE_SIZE]]
        return json.loads(json.dumps(items, cls=NinjaJSONEncoder))

    def get(self, params: dict, language: str, user=None):
        client = Client()
        if user is not None:  # (the list reads the session, as the directory page)
            client.force_login(user)
        response = client.get(self.url, params, HTTP_ACCEPT_LANGUAGE=language)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        return response.json()

    def test_the_items_are_what_the_schema_makes_of_the_organisations(self):
        index.rebuild()
        for user in (None, self.bob, self.charlie, self.staff):
            for language in ("pl", "en", "uk"):
                for params in ({}, {"topic": ["t0"]}, {"q": "fundacja"}, {"kind": ["ngo"]}):
                    with self.subTest(user=user, language=language, params=params):
                        doc = self.get(params, language, user)
                        self.assertEqual(
                            doc["items"], self.expected(user or AnonymousUser(), params,
                                                        language))
                        self.assertEqual(doc["count"], len(doc["items"]))

    def test_an_item_with_everything(self):
        item = self.get({}, "en")["items"][0]
        self.assertEqual(item["slug"], "fundacja-testowa")
        self.assertEqual([t["slug"] for t in item["topics"]], ["t2", "t1", "t0", "bez-nazwy"])
        self.assertEqual(item["topics"][0]["name"], "Temat 2")  # no English: Polish
        self.assertEqual(item["topics"][3]["name"], "bez-nazwy")  # no name at all: the slug
        self.assertEqual(item["communities"], [{"slug": "romowie", "name": "Roma"}])
        self.assertEqual([d["slug"] for d in item["districts"]], ["a", "b"])
        self.assertEqual([lang["code"] for lang in item["languages"]], ["ka", "pl", "uk"])
        self.assertEqual(item["short_description_text"], "Лише українською.")
        self.assertTrue(item["logo_url"].startswith("/organisations/fundacja-testowa/logo/?v="))
        self.assertTrue(item["url"].endswith("/organisations/fundacja-testowa/"))
        self.assertEqual(item["kind_label"], "Foundation")

    def test_what_each_caller_is_shown_and_counted(self):
        def slugs(user=None):
            doc = self.get({}, "pl", user)
            return doc["count"], doc["pages"], [item["slug"] for item in doc["items"]]

        public = (2, 1, ["fundacja-testowa", "stowarzyszenie-inne"])
        self.assertEqual(slugs(), public)
        self.assertEqual(slugs(self.charlie), public)
        self.assertEqual(slugs(self.bob), (3, 1, ["aaa-oczekujaca", *public[2]]))
        self.assertEqual(slugs(self.staff), (4, 1, ["aaa-oczekujaca", "fundacja-testowa",
                                                    "odrzucona", "stowarzyszenie-inne"]))

    def test_pages_count_and_order_past_the_first_page(self):
        Organisation.objects.bulk_create(
            Organisation(name=f"Zespół {i:03}", slug=f"zespol-{i:03}", kind="ngo",
                         status="approved")
            for i in range(2 * PAGE_SIZE)
        )
        first, second, third = (self.get({"page": page}, "pl") for page in (1, 2, 3))
        total = 2 * PAGE_SIZE + 2
        for doc in (first, second, third):
            self.assertEqual((doc["count"], doc["pages"]), (total, 3))
        names = [item["name"] for doc in (first, second, third) for item in doc["items"]]
        self.assertEqual(len(names), total)
        self.assertEqual(names, sorted(names))
        self.assertEqual(second["items"], self.expected(AnonymousUser(), {}, "pl", page=2))
        past = self.get({"page": 4}, "pl")
        self.assertEqual((past["count"], past["pages"], past["items"]), (total, 3, []))
