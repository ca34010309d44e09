"""The directory's facet counts are cached until the directory's data changes (issue #15):
a change made through the service functions shows at the next request, in this process and
in any other (the data version is stored in the database), and the cached counts are those
the uncached computation gives."""

from __future__ import annotations

import datetime

from django.core.cache import cache
from django.db import transaction
from django.http import QueryDict
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from tests.base import BaseTestCase
from tests.directory.test_facets import counts, make_org
from wspolnie.core import versions
from wspolnie.core.models import DataVersion
from wspolnie.directory import services as directory_services
from wspolnie.directory.facets import DirectoryQuery
from wspolnie.directory.models import Community, District, Topic
from wspolnie.needs.models import NeedOffer
from wspolnie.organisations import services
from wspolnie.organisations.models import Organisation
from wspolnie.search import index


def page_counts(response) -> dict[str, dict[str, int]]:
    return counts(response.context["facets"])


# The layer below the page cache (wspolnie.core.page_cache, tests/core/test_page_cache.py):
# these tests read each page's context, which a cached page has not.
@override_settings(PAGE_CACHE_SECONDS=0)
class FacetCacheTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for position, slug in enumerate(["education", "culture"]):
            Topic.objects.create(slug=slug, names={"pl": slug.title(), "en": slug.upper()},
                                 position=position)
        Community.objects.create(slug="roma", names={"pl": "Romowie"})
        District.objects.create(slug="nadodrze", names={"pl": "Nadodrze"})
        make_org("alfa", topics=["education"], communities=["roma"], districts=["nadodrze"],
                 languages=["pl", "uk"], short_description={"pl": "Kultura i sztuka"})
        make_org("beta", kind="foundation", topics=["education", "culture"],
                 districts=["nadodrze"], languages=["pl"])
        make_org("pending-one", status="pending", topics=["culture"])
        index.rebuild()

    def directory(self, query: str = ""):
        return self.client.get(reverse("organisations:list") + query)

    def fresh(self, query: str = "", base=None) -> dict[str, dict[str, int]]:
        """The counts computed without the cache."""
        directory_query = DirectoryQuery.from_params(QueryDict(query.lstrip("?")))
        return counts(directory_query._facets(base or Organisation.objects.public()))

    def test_cached_counts_are_the_computed_ones(self):
        for query in ["", "?topic=education", "?topic=education&district=nadodrze",
                      "?q=kultura", "?q=kultura&topic=education", "?kind=foundation"]:
            with self.subTest(query=query):
                first = page_counts(self.directory(query))
                self.assertEqual(first, self.fresh(query))
                self.assertEqual(page_counts(self.directory(query)), first)  # from the cache

    def test_a_second_request_does_not_count_again(self):
        self.directory("?topic=education")
        query = DirectoryQuery.from_params(QueryDict("topic=education"))
        with self.assertNumQueries(1):  # the data version only
            query.facets(Organisation.objects.public())

    def test_an_edit_shows_at_once(self):
        self.assertEqual(page_counts(self.directory())["topic"], {"education": 2, "culture": 1})
        self.login(self.alice)
        services.do_update_organisation(self.alice, self.org, topics=["culture"])
        self.assertEqual(page_counts(self.directory())["topic"], {"education": 2, "culture": 2})
        self.assertEqual(page_counts(self.directory()), self.fresh())

    def test_approval_and_rejection_show_at_once(self):
        self.directory()
        pending = Organisation.objects.get(slug="pending-one")
        services.do_approve_organisation(self.staff, pending)
        self.assertEqual(page_counts(self.directory())["topic"]["culture"], 2)
        services.do_reject_organisation(self.staff, Organisation.objects.get(slug="beta"), "x")
        self.assertEqual(page_counts(self.directory())["topic"], {"education": 1, "culture": 1})
        self.assertEqual(page_counts(self.directory()), self.fresh())

    def test_vocabulary_changes_show_at_once(self):
        self.directory()
        education = Topic.objects.get(slug="education")
        directory_services.do_rename_term(self.staff, education, {"pl": "Edukacja"})
        labels = {value.value: value.label
                  for value in self.directory().context["facets"][1].values}
        self.assertEqual(labels["education"], "Edukacja")
        directory_services.do_merge_term(self.staff, Topic.objects.get(slug="culture"), education)
        self.assertEqual(page_counts(self.directory())["topic"], {"education": 2})

    def test_a_new_need_shows_at_once_and_labels_follow_the_language(self):
        self.assertEqual(page_counts(self.directory())["open"], {})
        NeedOffer.objects.create(
            organisation=Organisation.objects.get(slug="alfa"), kind="need", title="Tłumacz",
            category=NeedOffer.Category.values[0],
            expires_on=timezone.localdate() + datetime.timedelta(days=3),
        )
        self.assertEqual(page_counts(self.directory())["open"], {"1": 1})
        with translation.override("en"):
            english = DirectoryQuery().facets(Organisation.objects.public())
        polish = DirectoryQuery().facets(Organisation.objects.public())
        self.assertEqual(english[1].label, "Topic")
        self.assertEqual({v.label for v in english[1].values}, {"EDUCATION", "CULTURE"})
        self.assertEqual({v.label for v in polish[1].values}, {"Education", "Culture"})

    def test_a_change_in_another_process_shows_at_once(self):
        self.assertEqual(page_counts(self.directory())["kind"],
                         {"foundation": 2, "ngo": 1, "association": 1})
        # What another worker's change leaves in the database: the rows and a new token
        # (this process's cache is untouched).
        Organisation.objects.filter(slug="alfa").update(kind="foundation")
        DataVersion.objects.filter(scope=versions.DIRECTORY).update(token="other-process")
        self.assertEqual(page_counts(self.directory())["kind"], {"foundation": 3, "association": 1})

    def test_a_rolled_back_change_leaves_the_counts(self):
        before = page_counts(self.directory())
        try:
            with transaction.atomic():
                services.do_update_organisation(self.alice, self.org, topics=["culture"])
                self.assertEqual(page_counts(self.directory())["topic"]["culture"], 2)
                raise RuntimeError("roll back")
        except RuntimeError:
            pass
        self.assertEqual(page_counts(self.directory()), before)
        self.assertEqual(before, self.fresh())

    def test_api_counts_per_viewer(self):
        url = "/api/organisations/"
        self.assertEqual(self.client.get(url).json()["count"], 4)
        anonymous = {facet["param"]: facet for facet in self.client.get(url).json()["facets"]}
        self.login(self.staff)
        staff = {facet["param"]: facet for facet in self.client.get(url).json()["facets"]}
        culture = [v["count"] for v in anonymous["topic"]["values"] if v["value"] == "culture"]
        staff_culture = [v["count"] for v in staff["topic"]["values"] if v["value"] == "culture"]
        self.assertEqual((culture, staff_culture), ([1], [2]))  # the pending one for staff

    def test_bulk_writes_bump_the_version(self):
        old = versions.token(versions.DIRECTORY)
        index.rebuild()
        self.assertNotEqual(versions.token(versions.DIRECTORY), old)
        cache.clear()
