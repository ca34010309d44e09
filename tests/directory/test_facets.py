"""The directory's faceted filter (wspolnie.directory.facets): AND across facets, OR within one,
counts per value against the other facets' filter, constant number of queries."""

from __future__ import annotations

import datetime

from django.db import connection
from django.http import QueryDict
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wspolnie.directory.facets import DirectoryQuery, open_needs_organisation_ids
from wspolnie.directory.models import Community, District, Language, Topic
from wspolnie.organisations.models import Organisation
from wspolnie.search import index


def make_org(slug, kind="ngo", status="approved", topics=(), communities=(), languages=(),
             districts=(), **extra):
    organisation = Organisation.objects.create(
        name=slug.replace("-", " ").title(), slug=slug, kind=kind, status=status, **extra
    )
    organisation.topics.set(Topic.objects.filter(slug__in=topics))
    organisation.communities.set(Community.objects.filter(slug__in=communities))
    organisation.languages.set(Language.for_codes(languages))
    organisation.districts.set(District.objects.filter(slug__in=districts))
    return organisation


def counts(facets) -> dict[str, dict[str, int]]:
    return {facet.param: {value.value: value.count for value in facet.values} for facet in facets}


def selected(facets) -> dict[str, list[str]]:
    return {facet.param: [v.value for v in facet.selected] for facet in facets if facet.selected}


class FacetTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        for position, slug in enumerate(["education", "legal-aid", "culture"]):
            Topic.objects.create(
                slug=slug, names={"pl": slug.title(), "en": slug}, position=position
            )
        for slug in ["ukrainian", "roma"]:
            Community.objects.create(slug=slug, names={"pl": slug.title()})
        for slug in ["nadodrze", "krzyki"]:
            District.objects.create(slug=slug, names={"pl": slug.title()})
        make_org("alfa", kind="ngo", topics=["education", "legal-aid"], communities=["ukrainian"],
                 languages=["pl", "uk"], districts=["nadodrze"])
        make_org("beta", kind="foundation", topics=["education"], communities=["roma"],
                 languages=["pl"], districts=["krzyki"])
        make_org("gamma", kind="ngo", topics=["culture"], communities=["ukrainian"],
                 languages=["uk", "ka"], districts=["nadodrze", "krzyki"])
        make_org("delta", kind="association", topics=["legal-aid"], languages=["en"])
        # Not public: never counted, never found.
        make_org("pending", kind="ngo", status="pending", topics=["education"], languages=["pl"])
        make_org("rejected", kind="ngo", status="rejected", topics=["culture"])
        index.rebuild()  # the text goes through the search index

    def query(self, **params) -> DirectoryQuery:
        data = QueryDict(mutable=True)
        for name, values in params.items():
            data.setlist(name, values if isinstance(values, list) else [values])
        return DirectoryQuery.from_params(data)

    def found(self, query: DirectoryQuery) -> list[str]:
        return sorted(query.apply(Organisation.objects.public()).values_list("slug", flat=True))

    def test_no_filter_finds_every_approved_organisation(self):
        query = self.query()
        self.assertEqual(self.found(query), ["alfa", "beta", "delta", "gamma"])
        self.assertFalse(query.is_filtered)

    def test_values_of_one_facet_widen_the_result(self):
        query = self.query(topic=["culture", "legal-aid"])
        self.assertEqual(self.found(query), ["alfa", "delta", "gamma"])

    def test_different_facets_narrow_the_result(self):
        query = self.query(topic=["education", "culture"], language="uk")
        self.assertEqual(self.found(query), ["alfa", "gamma"])
        query = self.query(topic=["education", "culture"], language="uk", kind="foundation")
        self.assertEqual(self.found(query), [])

    def test_an_organisation_with_two_matching_values_is_found_once(self):
        query = self.query(topic=["education", "legal-aid"], district=["nadodrze", "krzyki"])
        self.assertEqual(self.found(query), ["alfa", "beta"])

    def test_counts_without_a_filter(self):
        facets = DirectoryQuery().facets(Organisation.objects.public())
        self.assertEqual(
            counts(facets),
            {
                "kind": {"ngo": 2, "foundation": 1, "association": 1},
                "topic": {"education": 2, "legal-aid": 2, "culture": 1},
                "community": {"ukrainian": 2, "roma": 1},
                "language": {"pl": 2, "uk": 2, "ka": 1, "en": 1},
                "district": {"nadodrze": 2, "krzyki": 2},
                "open": {},
            },
        )

    def test_a_facet_is_counted_against_the_other_facets_only(self):
        # Filtering by topic=education: the topic facet still counts every topic (so one can
        # widen the choice), the others count within the two education organisations.
        facets = self.query(topic="education").facets(Organisation.objects.public())
        result = counts(facets)
        self.assertEqual(result["topic"], {"education": 2, "legal-aid": 2, "culture": 1})
        self.assertEqual(result["kind"], {"ngo": 1, "foundation": 1})
        self.assertEqual(result["language"], {"pl": 2, "uk": 1})
        self.assertEqual(result["community"], {"ukrainian": 1, "roma": 1})
        self.assertEqual(selected(facets), {"topic": ["education"]})

    def test_counts_with_two_facets(self):
        facets = self.query(topic="education", language="uk").facets(
            Organisation.objects.public()
        )
        result = counts(facets)
        # topic counted within language=uk: alfa (education, legal-aid), gamma (culture)
        self.assertEqual(result["topic"], {"education": 1, "legal-aid": 1, "culture": 1})
        # language counted within topic=education: alfa (pl, uk), beta (pl)
        self.assertEqual(result["language"], {"pl": 2, "uk": 1})
        # the others within both: only alfa
        self.assertEqual(result["kind"], {"ngo": 1})
        self.assertEqual(result["district"], {"nadodrze": 1})

    def test_a_selected_value_without_results_is_still_shown(self):
        facets = self.query(topic="culture", community="roma").facets(
            Organisation.objects.public()
        )
        result = counts(facets)
        self.assertEqual(result["community"], {"ukrainian": 1, "roma": 0})
        self.assertEqual(result["topic"], {"education": 1, "culture": 0})

    def test_the_base_queryset_limits_the_counts(self):
        base = Organisation.objects.all()  # e.g. staff in the API: pending ones too
        result = counts(DirectoryQuery().facets(base))
        self.assertEqual(result["topic"], {"education": 3, "legal-aid": 2, "culture": 2})

    def test_unknown_and_malformed_values_are_dropped(self):
        query = self.query(
            kind=["castle", "ngo"], topic=["no-such-topic"], language=["xx-not-a-tag", "UK"],
            district="", community=["roma", "roma"],
        )
        self.assertEqual(
            query.filters, {"kind": ["ngo"], "language": ["uk"], "community": ["roma"]}
        )

    def test_text_search_combines_with_the_facets(self):
        query = self.query(q="gam", language="uk")
        self.assertEqual(self.found(query), ["gamma"])
        self.assertEqual(counts(query.facets(Organisation.objects.public()))["language"],
                         {"uk": 1, "ka": 1})

    def test_toggle_adds_and_removes_a_value_and_keeps_the_rest(self):
        query = self.query(topic="education", view="list", q="x")
        self.assertEqual(query.toggle("topic", "culture"),
                         "topic=education&topic=culture&q=x&view=list")
        self.assertEqual(query.toggle("topic", "education"), "q=x&view=list")
        self.assertEqual(query.without_filters(), "view=list")

    def test_language_values_carry_their_code_for_the_lang_attribute(self):
        facets = DirectoryQuery().facets(Organisation.objects.public())
        language = next(facet for facet in facets if facet.param == "language")
        ukrainian = next(value for value in language.values if value.value == "uk")
        self.assertEqual(ukrainian.lang, "uk")
        self.assertEqual(ukrainian.label, "Українська")

    def test_the_number_of_queries_does_not_grow_with_the_organisations(self):
        query = self.query(topic="education", language="pl")
        with CaptureQueriesContext(connection) as context:
            query._facets(Organisation.objects.public())  # the counting (uncached)
        # one aggregate per facet, one label query per vocabulary
        self.assertLessEqual(len(context.captured_queries), 9)
        for i in range(20):
            make_org(f"extra-{i}", topics=["education", "culture"], languages=["pl", "de"],
                     communities=["roma"], districts=["krzyki"])
        with self.assertNumQueries(len(context.captured_queries)):
            query._facets(Organisation.objects.public())


class OpenNeedsFacetTestCase(TestCase):
    """The facet follows the needs app's NeedOffer model (open = not closed, not expired)."""

    def test_it_counts_organisations_with_open_needs(self):
        if open_needs_organisation_ids() is None:
            self.skipTest("the needs app has no NeedOffer model yet")
        from django.apps import apps

        need_offer = apps.get_model("needs", "NeedOffer")
        with_need = make_org("with-need")
        with_old_need = make_org("with-old-need")
        make_org("without")
        today = timezone.localdate()
        self._need(need_offer, with_need, today + datetime.timedelta(days=10))
        self._need(need_offer, with_old_need, today - datetime.timedelta(days=1))

        facets = DirectoryQuery().facets(Organisation.objects.public())
        self.assertEqual(counts(facets)["open"], {"1": 1})
        query = DirectoryQuery.from_params(QueryDict("open=1"))
        self.assertEqual(
            list(query.apply(Organisation.objects.public()).values_list("slug", flat=True)),
            ["with-need"],
        )

    def _need(self, model, organisation, expires_on):
        fields = {field.name for field in model._meta.get_fields()}
        values = {"organisation": organisation, "expires_on": expires_on}
        for name, value in {"title": "Tłumacz", "kind": "need", "description": "x"}.items():
            if name in fields:
                values[name] = value
        instance = model(**values)
        for field in model._meta.concrete_fields:
            if (
                not field.blank and not field.null and not field.has_default()
                and getattr(instance, field.attname) in (None, "")
                and field.choices
            ):
                setattr(instance, field.attname, field.choices[0][0])
        instance.save()
        return instance
