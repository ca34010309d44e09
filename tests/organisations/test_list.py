from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.base import BaseTestCase
from tests.helpers import html_tr
from wspolnie.directory.models import Community, District, Language, Topic
from wspolnie.organisations.models import Location, Membership, Organisation
from wspolnie.search import index


class OrganisationListTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.url = reverse("organisations:list")

    def test_it_is_public(self):
        response = self.client.get(self.url)
        self.assertContains(response, self.org.name)
        self.assertContains(response, self.other_org.name)
        self.assertContains(response, self.org.get_absolute_url())
        self.assertContains(response, html_tr("pl", "Foundation"))

    def test_it_looks_the_same_for_every_persona(self):
        for user in (self.bob, self.alice, self.charlie, self.staff):
            self.login(user)
            response = self.client.get(self.url)
            self.assertContains(response, self.org.name)
            self.assertContains(response, self.other_org.name)

    def test_it_says_so_when_there_are_no_organisations(self):
        Organisation.objects.all().delete()
        response = self.client.get(self.url)
        self.assertContains(response, html_tr("pl", "No organisations yet."))

    def test_it_paginates(self):
        Organisation.objects.bulk_create(
            Organisation(
                name=f"Zespół {i:02}", slug=f"zespol-{i:02}", kind="ngo", status="approved"
            )
            for i in range(40)
        )
        response = self.client.get(self.url)
        self.assertContains(response, 'rel="next"')
        self.assertNotContains(response, "Zespół 39")

        response = self.client.get(self.url, {"page": 2})
        self.assertContains(response, "Zespół 39")
        self.assertContains(response, 'rel="prev"')
        self.assertNotContains(response, self.org.name)

    def test_it_survives_a_bad_page_number(self):
        for page in ("abc", "0", "-1", "9999", ""):
            response = self.client.get(self.url, {"page": page})
            self.assertEqual(response.status_code, 200)
            self.assertContains(response, self.org.name)


class DirectoryFacetsTestCase(BaseTestCase):
    """The directory page: facets, shareable URLs, list/grid, printable version."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.education = Topic.objects.create(
            slug="education", names={"pl": "Edukacja", "en": "Education", "uk": "Освіта"}
        )
        cls.culture = Topic.objects.create(
            slug="culture", names={"pl": "Kultura", "en": "Culture", "uk": "Культура"}
        )
        cls.roma = Community.objects.create(slug="roma", names={"pl": "Romska"})
        cls.nadodrze = District.objects.create(slug="nadodrze", names={"pl": "Nadodrze"})
        cls.org.topics.set([cls.education])
        cls.org.languages.set(Language.for_codes(["pl", "uk"]))
        cls.org.districts.set([cls.nadodrze])
        cls.other_org.topics.set([cls.education, cls.culture])
        cls.other_org.communities.set([cls.roma])
        cls.other_org.languages.set(Language.for_codes(["pl"]))
        Location.objects.create(
            organisation=cls.org, street_address="ul. Jedności Narodowej 1", postal_code="50-260",
            district=cls.nadodrze, opening_hours={"pl": "pn–pt 9–17"},
        )
        cls.pending = Organisation.objects.create(
            name="Grupa Oczekująca", slug="grupa-oczekujaca", kind="informal_group",
            status=Organisation.Status.PENDING,
        )
        cls.pending.topics.set([cls.education, cls.culture])
        cls.rejected = Organisation.objects.create(
            name="Grupa Odrzucona", slug="grupa-odrzucona", kind="ngo",
            status=Organisation.Status.REJECTED,
        )
        Membership.objects.create(user=cls.bob, organisation=cls.pending, role="admin")

    def setUp(self) -> None:
        super().setUp()
        self.url = reverse("organisations:list")

    def facet_link(self, response, param: str, value: str):
        """The facet value's link: (href, count) as shown on the page."""
        html = response.content.decode()
        match = re.search(
            rf'<a href="\?([^"]*)" data-facet="{param}" data-value="{re.escape(value)}"'
            rf'[^>]*>.*?<span class="count">.*?(\d+)</span></a>',
            html,
            re.S,
        )
        self.assertIsNotNone(match, f"no facet link for {param}={value}")
        return match.group(1).replace("&amp;", "&"), int(match.group(2))

    def test_pending_and_rejected_organisations_are_never_listed(self):
        for user in (None, self.bob, self.alice, self.charlie, self.staff):
            if user:
                self.login(user)
            response = self.client.get(self.url)
            self.assertNotContains(response, "Grupa Oczekująca")
            self.assertNotContains(response, "Grupa Odrzucona")
            # …nor counted: both organisations with "education" are approved ones
            self.assertEqual(self.facet_link(response, "topic", "education")[1], 2)
            self.assertEqual(self.facet_link(response, "topic", "culture")[1], 1)

    def test_each_facet_value_links_to_its_filter_with_a_count(self):
        response = self.client.get(self.url)
        self.assertContains(response, html_tr("pl", "Topic"))
        self.assertEqual(self.facet_link(response, "topic", "education"), ("topic=education", 2))
        self.assertEqual(self.facet_link(response, "kind", "foundation"), ("kind=foundation", 1))
        self.assertEqual(self.facet_link(response, "community", "roma"), ("community=roma", 1))
        self.assertEqual(self.facet_link(response, "language", "uk"), ("language=uk", 1))
        self.assertEqual(self.facet_link(response, "district", "nadodrze"),
                         ("district=nadodrze", 1))
        self.assertContains(response, '<span class="facet-label" lang="uk">Українська</span>',
                            html=True)

    def test_facets_combine_and_counts_follow(self):
        response = self.client.get(self.url, {"topic": "education"})
        self.assertContains(response, self.org.name)
        self.assertContains(response, self.other_org.name)
        href, count = self.facet_link(response, "language", "uk")
        self.assertEqual((href, count), ("topic=education&language=uk", 1))
        # The selected value is marked, and its link removes it.
        self.assertEqual(self.facet_link(response, "topic", "education")[0], "")
        self.assertContains(response, 'data-value="education" aria-current="true"')

        response = self.client.get("?".join([self.url, href]))
        self.assertContains(response, self.org.name)
        self.assertNotContains(response, self.other_org.name)
        # Within language=uk, "culture" matches nobody; "education" still one.
        self.assertEqual(self.facet_link(response, "topic", "education")[1], 1)
        self.assertNotContains(response, 'data-value="culture"')
        self.assertContains(
            response,
            html_tr("pl", "Remove the filter"),
        )

    def test_values_of_one_facet_widen_the_result(self):
        response = self.client.get(self.url, {"language": ["uk"], "community": ["roma"]})
        self.assertNotContains(response, self.org.name)  # AND across facets: nobody has both
        self.assertNotContains(response, self.other_org.name)
        self.assertContains(response, html_tr("pl", "No organisation matches these filters."))
        response = self.client.get(self.url, {"language": ["uk", "pl"], "topic": ["culture"]})
        self.assertNotContains(response, self.org.name)
        self.assertContains(response, self.other_org.name)

    def test_bad_filter_values_are_ignored(self):
        response = self.client.get(
            self.url, {"kind": "castle", "topic": "<script>", "language": "--", "open": "x",
                       "view": "nonsense", "q": "x" * 500}
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "<script>")

    def test_text_search(self):
        index.rebuild()  # the text box goes through the search index
        response = self.client.get(self.url, {"q": "Inne"})
        self.assertContains(response, self.other_org.name)
        self.assertNotContains(response, self.org.get_absolute_url())
        self.assertContains(response, 'value="Inne"')

    def test_text_search_finds_the_short_description_in_any_language(self):
        self.other_org.short_description = {"pl": "Spotkania sąsiedzkie.",
                                            "uk": "Сусідські зустрічі."}
        with self.captureOnCommitCallbacks(execute=True):  # re-indexed after the commit
            self.other_org.save()
        for words in ("sąsiedzkie", "Сусідські"):
            response = self.client.get(self.url, {"q": words})
            self.assertContains(response, self.other_org.get_absolute_url())
            self.assertNotContains(response, self.org.get_absolute_url())
        # The card shows it in the visitor's language.
        response = self.client.get(self.url, {"q": "Сусідські"}, HTTP_ACCEPT_LANGUAGE="uk")
        self.assertContains(response, '<p lang="uk">Сусідські зустрічі.</p>', html=True)

    def test_pagination_keeps_the_filters(self):
        Organisation.objects.bulk_create(
            Organisation(name=f"Zespół {i:02}", slug=f"zespol-{i:02}", kind="ngo",
                         status="approved")
            for i in range(40)
        )
        response = self.client.get(self.url, {"kind": "ngo", "view": "list"})
        self.assertContains(response, 'href="?kind=ngo&amp;view=list&amp;page=2" rel="next"')
        response = self.client.get(self.url, {"kind": "ngo", "view": "list", "page": 2})
        self.assertContains(response, "Zespół 39")
        self.assertContains(response, 'href="?kind=ngo&amp;view=list&amp;page=1" rel="prev"')
        self.assertContains(response, 'class="org-list"')

    def test_grid_is_the_default_and_list_is_a_link_away(self):
        response = self.client.get(self.url, {"topic": "education"})
        self.assertContains(response, 'class="card-grid"')
        self.assertContains(response, 'href="?topic=education&amp;view=list"')
        response = self.client.get(self.url, {"topic": "education", "view": "list"})
        self.assertContains(response, 'class="org-list"')
        self.assertNotContains(response, 'class="card-grid"')
        # facet links keep the chosen layout
        self.assertEqual(self.facet_link(response, "language", "uk")[0],
                         "topic=education&language=uk&view=list")

    def test_printable_version_lists_everything_with_contact_details(self):
        self.org.website = "https://fundacja.example.org"
        self.org.save()
        Organisation.objects.bulk_create(
            Organisation(name=f"Zespół {i:02}", slug=f"zespol-{i:02}", kind="ngo",
                         status="approved")
            for i in range(40)
        )
        response = self.client.get(self.url, {"print": "1"})
        self.assertContains(response, "<caption>")
        self.assertContains(response, "Zespół 39")  # no pagination
        self.assertContains(response, "https://fundacja.example.org")
        self.assertContains(response, "ul. Jedności Narodowej 1")
        self.assertContains(response, "pn–pt 9–17")
        self.assertNotContains(response, "Grupa Oczekująca")
        response = self.client.get(self.url, {"print": "1", "topic": "culture"})
        self.assertContains(response, self.other_org.name)
        self.assertNotContains(response, "Zespół 39")

    def test_the_list_links_to_the_printable_version_with_the_filters(self):
        response = self.client.get(self.url, {"topic": "culture"})
        self.assertContains(response, 'href="?topic=culture&amp;print=1"')

    def test_the_number_of_queries_does_not_grow_with_the_organisations(self):
        def queries() -> int:
            with CaptureQueriesContext(connection) as context:
                self.assertEqual(self.client.get(self.url, {"view": "list"}).status_code, 200)
            return len(context.captured_queries)

        few = queries()
        for i in range(25):
            organisation = Organisation.objects.create(
                name=f"Zespół {i:02}", slug=f"zespol-{i:02}", kind="ngo", status="approved"
            )
            organisation.topics.set([self.education, self.culture])
            organisation.languages.set(Language.for_codes(["pl", "de"]))
        self.assertEqual(queries(), few)

    def test_staff_see_links_to_their_tools(self):
        response = self.client.get(self.url)
        self.assertNotContains(response, reverse("organisations:moderation"))
        self.login(self.staff)
        response = self.client.get(self.url)
        self.assertContains(response, reverse("organisations:moderation"))
        self.assertContains(response, reverse("organisations:reports"))
        self.assertContains(response, reverse("directory:vocabularies"))

    def test_everyone_sees_the_add_your_organisation_link(self):
        response = self.client.get(self.url)
        self.assertContains(response, reverse("organisations:new"))
        self.assertContains(response, html_tr("pl", "Add your organisation"))

    def test_it_speaks_ukrainian(self):
        response = self.client.get(self.url, HTTP_ACCEPT_LANGUAGE="uk")
        self.assertContains(response, "Освіта")
        self.assertContains(response, html_tr("uk", "Filter"))
