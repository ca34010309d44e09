"""/channels/reach/: "Which channels reach…?" — ranked channels and gaps."""

from __future__ import annotations

from tests.base import BaseTestCase
from tests.helpers import html_tr

from .helpers import STAFF_NOTE, make_channel, make_vocabulary


class ReachPageTestCase(BaseTestCase):
    url = "/channels/reach/"

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_vocabulary()
        cls.portal = make_channel(cls.org, "Portal miejski", languages=["pl", "uk"],
                                  estimated_reach=250_000)
        cls.telegram = make_channel(cls.org, "Telegram UA", kind="telegram", languages=["uk"],
                                    communities=["ukrainian"], estimated_reach=5_000)
        cls.leader = make_channel(
            cls.other_org, "Liderka społeczności gruzińskiej (Nadodrze)", kind="opinion_leader",
            languages=["ka"], communities=["georgian"], districts=["nadodrze"],
            estimated_reach=150, contact_note=STAFF_NOTE,
        )

    def test_it_is_public_and_shows_the_form(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, html_tr("pl", "Which channels reach…?"))
        self.assertFalse(response.context["asked"])
        self.assertContains(response, 'name="languages" value="ka"')

    def test_it_ranks_and_shows_the_gaps(self):
        response = self.client.get(
            self.url, {"communities": ["ukrainian", "vietnamese"], "languages": ["uk", "vi"]}
        )
        self.assertEqual(response.status_code, 200)
        ranked = [result.channel.name for result in response.context["results"]]
        self.assertEqual(ranked, ["Telegram UA", "Portal miejski"])
        gaps = response.context["gaps"]
        self.assertEqual([c.slug for c in gaps["communities"]], ["vietnamese"])
        self.assertEqual([la.code for la in gaps["languages"]], ["vi"])
        html = response.content.decode()
        self.assertLess(html.index("Telegram UA"), html.index("Portal miejski"))
        self.assertIn(html_tr("pl", "No channel reaches people in these languages"), html)
        self.assertIn("Wietnamska", html)
        self.assertNotIn(STAFF_NOTE, html)

    def test_offline_channels_and_opinion_leaders_are_included(self):
        response = self.client.get(self.url, {"languages": ["ka"], "districts": ["nadodrze"]})
        ranked = [result.channel for result in response.context["results"]]
        self.assertEqual(ranked[0], self.leader)
        self.assertEqual(ranked[0].fit, 2)
        self.assertNotIn(STAFF_NOTE, response.content.decode())

    def test_a_channel_of_another_district_does_not_reach_the_district_asked(self):
        response = self.client.get(self.url, {"communities": ["georgian"], "districts": ["gaj"]})
        ranked = [result.channel for result in response.context["results"]]
        self.assertNotIn(self.leader, ranked)
        self.assertEqual([c.slug for c in response.context["gaps"]["communities"]], ["georgian"])
        self.assertContains(response, "Gruzińska")

    def test_no_gaps_message(self):
        response = self.client.get(self.url, {"languages": ["uk", "ka"]})
        self.assertEqual(response.context["gaps"], {"communities": [], "languages": []})
        self.assertContains(
            response,
            html_tr("pl", "Every community, language and district you picked is reached by at "
                          "least one channel."),
        )

    def test_unknown_values_rerender_the_form(self):
        response = self.client.get(self.url, {"languages": ["xx"], "communities": ["mars"]})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(response.context["asked"])
        self.assertEqual(set(response.context["form"].errors), {"languages", "communities"})
