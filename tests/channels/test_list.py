"""/channels/: the public list with filters and counts."""

from __future__ import annotations

from tests.base import BaseTestCase
from tests.helpers import html_tr
from wspolnie.channels.models import Channel
from wspolnie.organisations.models import Organisation
from wspolnie.search import index

from .helpers import STAFF_NOTE, make_channel, make_vocabulary


class ChannelListTestCase(BaseTestCase):
    url = "/channels/"

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_vocabulary()
        cls.portal = make_channel(cls.org, "Portal miejski", languages=["pl", "uk"],
                                  communities=["ukrainian"], estimated_reach=250_000)
        cls.telegram = make_channel(cls.org, "Telegram UA", kind="telegram",
                                    languages=["uk"], communities=["ukrainian"])
        cls.leader = make_channel(
            cls.other_org, "Liderka społeczności gruzińskiej (Nadodrze)", kind="opinion_leader",
            languages=["ka"], communities=["georgian"], districts=["nadodrze"],
            contact_note=STAFF_NOTE, contact_visibility="staff",
        )
        cls.board = make_channel(cls.other_org, "Tablica CAL Gaj", kind="notice_board",
                                 languages=["pl"], districts=["gaj"])
        cls.inactive = make_channel(cls.org, "Stary newsletter", kind="newsletter",
                                    active=False)
        pending = Organisation.objects.create(name="Nowa", slug="nowa", kind="ngo")
        cls.unapproved = make_channel(pending, "Kanał nowej organizacji")

    def names(self, response) -> list[str]:
        return [channel.name for channel in response.context["page"]]

    def test_it_is_public_and_lists_active_channels_of_approved_organisations(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            self.names(response),
            ["Liderka społeczności gruzińskiej (Nadodrze)", "Portal miejski", "Tablica CAL Gaj",
             "Telegram UA"],
        )
        self.assertContains(response, html_tr("pl", "Information channels"), count=None)
        self.assertNotContains(response, "Stary newsletter")
        self.assertNotContains(response, "Kanał nowej organizacji")

    def test_the_staff_only_contact_is_never_in_the_list(self):
        for user in (None, self.bob, self.alice, self.charlie, self.staff):
            if user:
                self.login(user)
            self.assertNotContains(self.client.get(self.url), STAFF_NOTE)

    def test_it_filters_by_kind_language_community_district_and_mode(self):
        cases = [
            ({"kind": "telegram"}, ["Telegram UA"]),
            ({"language": "uk"}, ["Portal miejski", "Telegram UA"]),
            ({"community": "georgian"}, ["Liderka społeczności gruzińskiej (Nadodrze)"]),
            # City-wide channels reach Gaj too.
            ({"district": "gaj"}, ["Portal miejski", "Tablica CAL Gaj", "Telegram UA"]),
            ({"mode": "offline"},
             ["Liderka społeczności gruzińskiej (Nadodrze)", "Tablica CAL Gaj"]),
            ({"mode": "online", "language": "pl"}, ["Portal miejski"]),
        ]
        for params, expected in cases:
            with self.subTest(params):
                response = self.client.get(self.url, params)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(self.names(response), expected)
                self.assertEqual(response.context["total"], len(expected))

    def facet_counts(self, response) -> dict[str, dict[str, int]]:
        return {facet.param: {value.value: value.count for value in facet.values}
                for facet in response.context["facets"]}

    def test_the_facets_show_how_many_channels_each_value_gives(self):
        response = self.client.get(self.url, {"language": "uk"})
        counts = self.facet_counts(response)
        # Among the Ukrainian-language channels: one portal, one Telegram group.
        self.assertEqual(counts["kind"], {"portal": 1, "telegram": 1})
        # The language facet ignores its own filter: every language stays choosable.
        self.assertEqual(counts["language"], {"uk": 2, "pl": 2, "ka": 1})
        self.assertEqual(counts["mode"], {"online": 2})
        self.assertContains(response, "2 kanały")
        self.assertContains(response, 'href="?language=uk&amp;language=ka"')

    def test_values_of_one_facet_widen_and_facets_narrow(self):
        response = self.client.get(self.url, {"language": ["uk", "ka"]})
        self.assertEqual(response.context["total"], 3)
        response = self.client.get(self.url, {"language": ["uk", "ka"], "kind": "telegram"})
        self.assertEqual(self.names(response), ["Telegram UA"])

    def test_an_unknown_filter_value_of_an_old_link_is_dropped(self):
        for params in ({"kind": "pigeon"}, {"language": "zz"}, {"district": "mars"},
                       {"mode": "both"}, {"community": "x" * 500}, {"language": "!!"}):
            with self.subTest(params):
                response = self.client.get(self.url, params)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.context["total"], 4)
                self.assertEqual(response.context["query"].filters, {})

    def test_the_text_box_goes_through_the_search_and_never_finds_private_notes(self):
        index.rebuild()
        response = self.client.get(self.url, {"q": "gruzinskiej"})
        self.assertEqual(self.names(response),
                         ["Liderka społeczności gruzińskiej (Nadodrze)"])
        self.assertEqual(self.facet_counts(response)["kind"], {"opinion_leader": 1})
        # The staff-only phone number in the contact note is not findable.
        self.assertEqual(self.client.get(self.url, {"q": "600 000 000"}).context["total"], 0)
        self.assertEqual(self.client.get(self.url, {"q": "zespolu"}).context["total"], 0)
        api = self.client.get("/api/channels/", {"q": "telegr"}).json()
        self.assertEqual([item["name"] for item in api["items"]], ["Telegram UA"])
        self.assertEqual(self.client.get("/api/channels/", {"q": "600000000"}).json()["count"],
                         0)

    def test_pages_keep_the_filters(self):
        Channel.objects.bulk_create(
            Channel(organisation=self.org, name=f"Grupa {i:02}", kind="viber_group")
            for i in range(35)
        )
        response = self.client.get(self.url, {"kind": "viber_group"})
        self.assertEqual(response.context["total"], 35)
        self.assertContains(response, "?kind=viber_group&amp;page=2")
        response = self.client.get(self.url, {"kind": "viber_group", "page": "2"})
        self.assertEqual(len(self.names(response)), 5)
        for page in ("abc", "-1", "999"):
            self.assertEqual(self.client.get(self.url, {"page": page}).status_code, 200)

    def test_add_link_only_for_those_who_can_add(self):
        add = 'href="/channels/new/"'
        self.assertNotContains(self.client.get(self.url), add)
        self.login(self.bob)
        self.assertNotContains(self.client.get(self.url), add)
        self.login(self.alice)
        self.assertContains(self.client.get(self.url), add)
        self.login(self.staff)
        self.assertContains(self.client.get(self.url), add)
