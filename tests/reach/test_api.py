"""/api/reach/plans/<pk>/links and /reach: a plan's tracked links and what they brought, for
the announcement's managers."""

from __future__ import annotations

from tests.base import BaseTestCase
from tests.reach.helpers import make_reach_scenario
from wspolnie.accounts.services import do_create_api_token
from wspolnie.reach.services import add


class ReachApiTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_reach_scenario(cls)
        add(cls.links[cls.leader.pk].pk, "visit", "ka", by=4)
        add(cls.links[cls.leader.pk].pk, "subscription", "ka")
        add(cls.links[cls.portal.pk].pk, "visit", "uk", by=2)

    def get(self, user, path: str):
        headers = {}
        if user is not None:
            headers["Authorization"] = f"Bearer {do_create_api_token(user, 'api')[1]}"
        return self.client.get(f"/api/reach/plans/{self.announcement.pk}/{path}", headers=headers)

    def test_who_may_read(self):
        for path in ("links", "reach"):
            for user, status in [(None, 401), (self.bob, 403), (self.charlie, 403),
                                 (self.alice, 200), (self.staff, 200)]:
                with self.subTest(path=path, user=user and user.email):
                    response = self.get(user, path)
                    self.assertEqual(response.status_code, status)
                    if status != 200:
                        self.assertIn("detail", response.json())
        self.assertEqual(self.client.get(
            "/api/reach/plans/999999/links",
            headers={"Authorization": f"Bearer {do_create_api_token(self.staff, 'x')[1]}"},
        ).status_code, 404)

    def test_links_with_their_counts(self):
        data = self.get(self.alice, "links").json()
        self.assertEqual(data["announcement_id"], self.announcement.pk)
        leader = next(link for link in data["links"] if link["channel"]["id"] == self.leader.pk)
        self.assertEqual(leader["code"], self.links[self.leader.pk].code)
        self.assertTrue(leader["channel"]["opinion_leader"])
        self.assertEqual(leader["channel"]["communities"], ["georgian"])
        self.assertEqual(leader["figures"], {"visits": 4, "registrations": 0, "subscriptions": 1,
                                             "board_posts": 0, "conversions": 1})
        self.assertEqual(leader["languages"][0]["language"], "ka")
        self.assertTrue(leader["qr_png"].endswith(f"/r/{leader['code']}/qr.png"))
        self.assertEqual(data["links"][0]["channel"]["id"], self.leader.pk)  # most visits first

    def test_reach_per_language_community_and_day(self):
        data = self.get(self.staff, "reach").json()
        self.assertEqual(data["total"]["visits"], 6)
        languages = {row["key"]: row["visits"] for row in data["languages"]}
        self.assertEqual(languages["ka"], 4)
        self.assertEqual(languages["uk"], 2)
        communities = {row["key"]: row for row in data["communities"]}
        self.assertEqual(communities["georgian"]["subscriptions"], 1)
        self.assertTrue(communities["georgian"]["targeted"])
        self.assertEqual(len(data["days"]), 1)
        self.assertEqual(data["days"][0]["visits"], 6)
