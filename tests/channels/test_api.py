"""/api/channels/: list, filter, detail, reaching (public, contact per caller), create and
update (the owner's admins and staff); bad input is 4xx JSON, never a 500."""

from __future__ import annotations

import json

from django.test import Client

from tests.base import BaseTestCase
from tests.helpers import tr
from wspolnie.accounts import services as account_services
from wspolnie.channels.models import Channel
from wspolnie.core.models import AuditEntry

from .helpers import MEMBERS_NOTE, PUBLIC_NOTE, STAFF_NOTE, make_channel, make_vocabulary


class ApiTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_vocabulary()
        cls.portal = make_channel(
            cls.org, "Portal miejski", languages=["pl", "uk"], estimated_reach=250_000,
            contact_note=PUBLIC_NOTE, contact_visibility="public",
            submission_lead_days=14, accepted_formats=["text", "link"],
        )
        cls.telegram = make_channel(
            cls.org, "Telegram UA", kind="telegram", languages=["uk"], communities=["ukrainian"],
            estimated_reach=5_000, contact_note=MEMBERS_NOTE, contact_visibility="members",
        )
        cls.leader = make_channel(
            cls.other_org, "Liderka społeczności gruzińskiej (Nadodrze)", kind="opinion_leader",
            languages=["ka"], communities=["georgian"], districts=["nadodrze"],
            estimated_reach=150, contact_note=STAFF_NOTE,
        )
        cls.inactive = make_channel(cls.org, "Stary newsletter", kind="newsletter",
                                    active=False)

    def setUp(self) -> None:
        super().setUp()
        self.api_client = Client(enforce_csrf_checks=True)

    def token_for(self, user) -> str:
        return account_services.do_create_api_token(user, "test")[1]

    def get(self, url, params=None, user=None):
        headers = {"Authorization": f"Bearer {self.token_for(user)}"} if user else {}
        return self.api_client.get(url, params or {}, headers=headers)

    def assert_json_error(self, response, status: int) -> dict:
        self.assertEqual(response.status_code, status, response.content)
        self.assertTrue(response["Content-Type"].startswith("application/json"))
        doc = response.json()
        self.assertIn("detail", doc)
        return doc


class ChannelListApiTestCase(ApiTestCase):
    url = "/api/channels/"

    def test_it_is_public(self):
        response = self.get(self.url)
        self.assertEqual(response.status_code, 200)
        doc = response.json()
        self.assertEqual(doc["count"], 3)
        names = [item["name"] for item in doc["items"]]
        self.assertEqual(
            names,
            ["Liderka społeczności gruzińskiej (Nadodrze)", "Portal miejski", "Telegram UA"],
        )
        portal = doc["items"][1]
        self.assertEqual(portal["kind"], "portal")
        self.assertEqual(portal["kind_label"], tr("pl", "Portal"))
        self.assertEqual(portal["mode"], "online")
        self.assertEqual(portal["organisation"], {"slug": self.org.slug, "name": self.org.name})
        self.assertEqual(portal["languages"], ["pl", "uk"])
        self.assertTrue(portal["citywide"])
        self.assertEqual(portal["submission"]["lead_days"], 14)
        self.assertEqual(portal["submission"]["formats"], ["text", "link"])
        self.assertEqual(portal["web_url"], f"/channels/{self.portal.pk}/")
        leader = doc["items"][0]
        self.assertEqual(leader["districts"], ["nadodrze"])
        self.assertEqual(leader["mode"], "offline")

    def test_contact_notes_follow_the_callers_level(self):
        def notes(user=None, session=None):
            client = self.api_client
            if session:
                client = Client()
                client.force_login(session)
                response = client.get(self.url)
            else:
                response = self.get(self.url, user=user)
            return {item["name"]: item["contact_note"] for item in response.json()["items"]}

        anonymous = notes()
        self.assertEqual(anonymous["Portal miejski"], PUBLIC_NOTE)
        self.assertIsNone(anonymous["Telegram UA"])
        self.assertIsNone(anonymous["Liderka społeczności gruzińskiej (Nadodrze)"])
        self.assertNotIn(STAFF_NOTE, json.dumps(anonymous))

        bob = notes(user=self.bob)
        self.assertEqual(bob["Telegram UA"], MEMBERS_NOTE)
        self.assertIsNone(bob["Liderka społeczności gruzińskiej (Nadodrze)"])
        # The session counts as well as a token.
        self.assertEqual(notes(session=self.bob)["Telegram UA"], MEMBERS_NOTE)
        self.assertEqual(
            notes(user=self.staff)["Liderka społeczności gruzińskiej (Nadodrze)"], STAFF_NOTE
        )
        # charlie's organisation owns the leader channel: he edits the note, so he sees it.
        charlie = notes(user=self.charlie)
        self.assertEqual(charlie["Liderka społeczności gruzińskiej (Nadodrze)"], STAFF_NOTE)
        self.assertEqual(charlie["Telegram UA"], MEMBERS_NOTE)

    def test_inactive_channels_only_for_their_organisation_and_staff(self):
        self.assertNotIn("Stary newsletter", self.get(self.url).content.decode())
        self.assertNotIn("Stary newsletter", self.get(self.url, user=self.charlie).content.decode())
        self.assertIn("Stary newsletter", self.get(self.url, user=self.bob).content.decode())
        self.assertIn("Stary newsletter", self.get(self.url, user=self.staff).content.decode())

    def test_it_filters(self):
        cases = [
            ({"kind": "telegram"}, ["Telegram UA"]),
            ({"language": "uk"}, ["Portal miejski", "Telegram UA"]),
            ({"community": "georgian"}, ["Liderka społeczności gruzińskiej (Nadodrze)"]),
            ({"district": "gaj"}, ["Portal miejski", "Telegram UA"]),
            ({"mode": "offline"}, ["Liderka społeczności gruzińskiej (Nadodrze)"]),
            ({"organisation": self.other_org.slug},
             ["Liderka społeczności gruzińskiej (Nadodrze)"]),
        ]
        for params, expected in cases:
            with self.subTest(params):
                doc = self.get(self.url, params).json()
                self.assertEqual([item["name"] for item in doc["items"]], expected)

    def test_bad_filters_give_422_json(self):
        for params in ({"kind": "pigeon"}, {"language": "zz-99-x"}, {"community": "mars"},
                       {"district": "mars"}, {"mode": "both"}, {"mode": "sometimes"},
                       {"page": "0"}, {"page": "abc"}, {"language": "x" * 100}):
            with self.subTest(params):
                self.assert_json_error(self.get(self.url, params), 422)

    def test_a_bad_token_gives_401_json(self):
        response = self.api_client.get(self.url, headers={"Authorization": "Bearer wsp_nope"})
        doc = self.assert_json_error(response, 401)
        self.assertEqual(
            doc["detail"], tr("pl", "Authentication required: a valid API token or session.")
        )

    def test_it_paginates(self):
        Channel.objects.bulk_create(
            Channel(organisation=self.org, name=f"Grupa {i:02}", kind="viber_group")
            for i in range(55)
        )
        doc = self.get(self.url).json()
        self.assertEqual(doc["count"], 58)
        self.assertEqual(len(doc["items"]), 50)
        self.assertEqual(len(self.get(self.url, {"page": 2}).json()["items"]), 8)
        self.assertEqual(self.get(self.url, {"page": 99}).json()["items"], [])


class ChannelDetailApiTestCase(ApiTestCase):
    def test_it_is_public_without_the_staff_only_contact(self):
        response = self.get(f"/api/channels/{self.leader.pk}")
        self.assertEqual(response.status_code, 200)
        doc = response.json()
        self.assertEqual(doc["name"], "Liderka społeczności gruzińskiej (Nadodrze)")
        self.assertIsNone(doc["contact_note"])
        self.assertIsNone(doc["contact_visibility"])
        self.assertNotIn(STAFF_NOTE, response.content.decode())
        for user in (self.bob, self.alice):
            self.assertNotIn(STAFF_NOTE, self.get(f"/api/channels/{self.leader.pk}",
                                                  user=user).content.decode())

    def test_staff_and_the_owners_admins_see_the_staff_only_contact(self):
        for user in (self.staff, self.charlie):
            doc = self.get(f"/api/channels/{self.leader.pk}", user=user).json()
            self.assertEqual(doc["contact_note"], STAFF_NOTE)
            self.assertEqual(doc["contact_visibility"], "staff")

    def test_unknown_and_inactive_give_404_json(self):
        self.assert_json_error(self.get("/api/channels/999999"), 404)
        self.assert_json_error(self.get(f"/api/channels/{self.inactive.pk}"), 404)
        self.assert_json_error(self.get("/api/channels/abc"), 404)


class ReachingApiTestCase(ApiTestCase):
    url = "/api/channels/reaching"

    def test_it_ranks_and_reports_gaps(self):
        response = self.get(
            self.url,
            {"communities": ["georgian", "vietnamese"], "languages": ["ka", "uk", "vi"],
             "districts": ["nadodrze"]},
        )
        self.assertEqual(response.status_code, 200)
        doc = response.json()
        ranked = [(item["name"], item["fit"]) for item in doc["channels"]]
        self.assertEqual(
            ranked,
            [("Liderka społeczności gruzińskiej (Nadodrze)", 3), ("Portal miejski", 2),
             ("Telegram UA", 2)],
        )
        self.assertEqual(
            doc["channels"][0]["covers"],
            {"communities": ["georgian"], "languages": ["ka"], "districts": ["nadodrze"],
             "citywide": False},
        )
        self.assertTrue(doc["channels"][1]["covers"]["citywide"])
        self.assertEqual([g["key"] for g in doc["gaps"]["communities"]], ["vietnamese"])
        self.assertEqual([g["key"] for g in doc["gaps"]["languages"]], ["vi"])
        self.assertEqual(doc["gaps"]["languages"][0]["name"], "Tiếng Việt")
        self.assertEqual(doc["gaps"]["districts"], [])
        self.assertNotIn(STAFF_NOTE, response.content.decode())

    def test_bad_input_gives_422_json(self):
        for params in ({}, {"communities": ["mars"]}, {"languages": ["zz-99-x"]},
                       {"districts": ["atlantis"]}, {"languages": ["uk"] * 51}):
            with self.subTest(params):
                self.assert_json_error(self.get(self.url, params), 422)


class ChannelCreateApiTestCase(ApiTestCase):
    url = "/api/channels/"

    def post(self, body, user=None, **extra):
        headers = {"Authorization": f"Bearer {self.token_for(user)}"} if user else {}
        data = body if isinstance(body, str) else json.dumps(body)
        return self.api_client.post(self.url, data, content_type="application/json",
                                    headers=headers, **extra)

    def body(self, **extra) -> dict:
        return {"organisation": self.org.slug, "name": "Grupa rodziców", "kind": "viber_group",
                "languages": ["uk"], "communities": ["ukrainian"], "citywide": False,
                "districts": ["nadodrze"], "estimated_reach": 80, "accepted_formats": ["text"],
                **extra}

    def test_org_admin_creates(self):
        response = self.post(self.body(), user=self.alice)
        self.assertEqual(response.status_code, 201, response.content)
        doc = response.json()
        self.assertEqual(doc["name"], "Grupa rodziców")
        self.assertEqual(doc["districts"], ["nadodrze"])
        self.assertEqual(doc["contact_visibility"], None)  # no contact note given
        channel = Channel.objects.get(name="Grupa rodziców")
        self.assertEqual(channel.organisation, self.org)
        self.assertEqual(AuditEntry.objects.get(action="channel.created").actor, self.alice)

    def test_staff_creates_for_any_organisation(self):
        response = self.post(self.body(organisation=self.other_org.slug), user=self.staff)
        self.assertEqual(response.status_code, 201)

    def test_an_opinion_leaders_contact_defaults_to_staff(self):
        response = self.post(self.body(kind="opinion_leader", contact_note=STAFF_NOTE),
                             user=self.alice)
        self.assertEqual(response.json()["contact_visibility"], "staff")

    def test_it_requires_authentication(self):
        self.assert_json_error(self.post(self.body()), 401)
        self.assertFalse(Channel.objects.filter(name="Grupa rodziców").exists())

    def test_it_requires_org_admin(self):
        self.assert_json_error(self.post(self.body(), user=self.bob), 403)

    def test_it_rejects_other_orgs_admin(self):
        doc = self.assert_json_error(self.post(self.body(), user=self.charlie), 403)
        self.assertEqual(
            doc["detail"],
            tr("pl", "Only the organisation's admins and staff may add its channels."),
        )
        self.assertFalse(Channel.objects.filter(name="Grupa rodziców").exists())

    def test_the_session_needs_a_csrf_token(self):
        self.api_client.force_login(self.alice)
        self.assert_json_error(self.post(self.body()), 403)

    def test_bad_input_gives_4xx_json(self):
        cases = [
            self.body(estimated_reach=-1),
            self.body(url="not a url"),
            self.body(languages=["uk", "zz-99-x"]),
            self.body(communities=["mars"]),
            self.body(districts=[]),
            self.body(kind="pigeon"),
            self.body(accepted_formats=["hologram"]),
            self.body(submission_lead_days=1000),
            self.body(submission_email="nobody"),
            self.body(description={"xx-nonsense-99": "?"}),
            self.body(description="plain text"),
            self.body(name=""),
            self.body(contact_visibility="public", kind="opinion_leader", contact_note="x"),
            self.body(colour="blue"),
            {"name": "bez organizacji", "kind": "portal"},
            [],
            "null",
            "{not json",
            42,
        ]
        for body in cases:
            with self.subTest(body=body):
                response = self.post(body, user=self.alice)
                self.assertGreaterEqual(response.status_code, 400, response.content)
                self.assertLess(response.status_code, 500)
                self.assertIn("detail", response.json())
        self.assertFalse(Channel.objects.filter(name="Grupa rodziców").exists())

    def test_a_too_long_description_in_one_language_is_refused_not_cut(self):
        for field in ("description", "submission_how"):
            with self.subTest(field=field):
                long_text = {"pl": "krótko", "uk": "ж" * 3001}
                doc = self.assert_json_error(
                    self.post(self.body(**{field: long_text}), user=self.alice), 422
                )
                self.assertIn("3000", " ".join(doc["errors"][field]))
        self.assertFalse(Channel.objects.filter(name="Grupa rodziców").exists())
        at_the_limit = self.post(self.body(description={"uk": "ж" * 3000}), user=self.alice)
        self.assertEqual(at_the_limit.status_code, 201, at_the_limit.content)
        self.assertEqual(len(Channel.objects.get(name="Grupa rodziców").description["uk"]), 3000)

    def test_an_unknown_organisation_gives_404(self):
        self.assert_json_error(self.post(self.body(organisation="nie-ma"), user=self.staff), 404)

    def test_a_duplicate_name_gives_422(self):
        self.post(self.body(), user=self.alice)
        self.assert_json_error(self.post(self.body(), user=self.alice), 422)


class ChannelUpdateApiTestCase(ApiTestCase):
    def patch(self, body, user=None, pk=None):
        headers = {"Authorization": f"Bearer {self.token_for(user)}"} if user else {}
        data = body if isinstance(body, str) else json.dumps(body)
        return self.api_client.patch(f"/api/channels/{pk or self.telegram.pk}", data,
                                     content_type="application/json", headers=headers)

    def assert_unchanged(self) -> None:
        channel = Channel.objects.get(pk=self.telegram.pk)
        self.assertEqual(channel.name, "Telegram UA")
        self.assertTrue(channel.active)
        self.assertFalse(AuditEntry.objects.filter(action__startswith="channel.").exists())

    def test_org_admin_updates(self):
        response = self.patch({"name": "Telegram UA Wrocław", "languages": ["uk", "ru"],
                               "estimated_reach": None, "mode_override": "both"}, self.alice)
        self.assertEqual(response.status_code, 200, response.content)
        doc = response.json()
        self.assertEqual(doc["name"], "Telegram UA Wrocław")
        self.assertEqual(sorted(doc["languages"]), ["ru", "uk"])
        self.assertIsNone(doc["estimated_reach"])
        self.assertEqual(doc["mode"], "both")
        self.assertEqual(doc["contact_note"], MEMBERS_NOTE)

    def test_org_admin_deactivates(self):
        response = self.patch({"active": False}, self.alice)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(response.json()["active"])
        self.assertEqual(
            AuditEntry.objects.get(action__startswith="channel.").action, "channel.deactivated"
        )
        # Still reachable for its organisation (to activate it again).
        self.assertEqual(self.patch({"active": True}, self.alice).status_code, 200)
        self.assertTrue(Channel.objects.get(pk=self.telegram.pk).active)

    def test_staff_updates(self):
        self.assertEqual(self.patch({"name": "Kanał UA"}, self.staff).status_code, 200)

    def test_it_requires_authentication(self):
        self.assert_json_error(self.patch({"name": "Przejęta"}), 401)
        self.assert_unchanged()

    def test_it_requires_org_admin(self):
        self.assert_json_error(self.patch({"name": "Przejęta"}, self.bob), 403)
        self.assert_json_error(self.patch({"active": False}, self.bob), 403)
        self.assert_unchanged()

    def test_it_rejects_other_orgs_admin(self):
        self.assert_json_error(self.patch({"name": "Przejęta"}, self.charlie), 403)
        self.assert_json_error(self.patch({}, self.charlie), 403)
        self.assert_unchanged()

    def test_another_orgs_inactive_channel_is_not_found(self):
        self.assert_json_error(self.patch({"active": True}, self.charlie, pk=self.inactive.pk),
                               404)

    def test_bad_input_gives_4xx_json(self):
        for body in ({"estimated_reach": -3}, {"url": "nope"}, {"languages": ["??"]},
                     {"name": ""}, {"kind": None, "name": None, "citywide": False,
                                    "districts": []}, {"organisation": "x"}, [], "{"):
            with self.subTest(body=body):
                response = self.patch(body, self.alice)
                self.assertGreaterEqual(response.status_code, 400, response.content)
                self.assertLess(response.status_code, 500)
                self.assertIn("detail", response.json())
        self.assert_unchanged()
