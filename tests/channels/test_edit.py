"""/channels/<pk>/edit/: the owner organisation's admins and staff."""

from __future__ import annotations

from tests.base import BaseTestCase
from wspolnie.channels.models import Channel
from wspolnie.core.models import AuditEntry

from .helpers import STAFF_NOTE, make_channel, make_vocabulary


class ChannelEditTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_vocabulary()
        cls.channel = make_channel(
            cls.org, "Telegram UA", kind="telegram", languages=["uk"],
            communities=["ukrainian"], contact_note=STAFF_NOTE, contact_visibility="staff",
        )
        cls.other = make_channel(cls.other_org, "Portal", languages=["pl"])

    def setUp(self) -> None:
        super().setUp()
        self.url = f"/channels/{self.channel.pk}/edit/"

    def data(self, **extra) -> dict:
        data = {
            "name": "Telegram UA — Wrocław",
            "kind": "telegram",
            "description_pl": "",
            "url": "https://t.me/example",
            "mode_override": "",
            "languages": ["uk"],
            "other_languages": "ru",
            "communities": ["ukrainian"],
            "citywide": "on",
            "estimated_reach": "5000",
            "submission_lead_days": "2",
            "accepted_formats": ["text"],
            "cost": "free",
            "contact_note": STAFF_NOTE,
            "contact_visibility": "staff",
        }
        data.update(extra)
        return data

    def assert_unchanged(self) -> None:
        self.assertEqual(Channel.objects.get(pk=self.channel.pk).name, "Telegram UA")
        self.assertFalse(AuditEntry.objects.filter(action="channel.updated").exists())

    def test_it_requires_login(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)
        self.client.post(self.url, self.data())
        self.assert_unchanged()

    def test_it_requires_org_admin(self):
        self.login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(self.client.post(self.url, self.data()).status_code, 403)
        self.assert_unchanged()

    def test_it_rejects_other_orgs_admin(self):
        self.login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(self.client.post(self.url, self.data()).status_code, 403)
        self.assert_unchanged()

    def test_org_admin_edits(self):
        self.login(self.alice)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'value="Telegram UA"')
        response = self.client.post(self.url, self.data())
        self.assertRedirects(response, f"/channels/{self.channel.pk}/")
        channel = Channel.objects.get(pk=self.channel.pk)
        self.assertEqual(channel.name, "Telegram UA — Wrocław")
        self.assertEqual(channel.url, "https://t.me/example")
        self.assertEqual(sorted(channel.languages.values_list("code", flat=True)), ["ru", "uk"])
        self.assertEqual(channel.estimated_reach, 5000)
        entry = AuditEntry.objects.get(action="channel.updated")
        self.assertEqual(entry.actor, self.alice)
        self.assertNotIn(STAFF_NOTE, str(entry.changes))

    def test_staff_edits(self):
        self.login(self.staff)
        self.client.post(self.url, self.data(name="Kanał UA"))
        self.assertEqual(Channel.objects.get(pk=self.channel.pk).name, "Kanał UA")

    def test_renaming_to_a_name_the_organisation_already_uses_is_refused(self):
        make_channel(self.org, "Newsletter", kind="newsletter")
        self.login(self.alice)
        response = self.client.post(self.url, self.data(name="Newsletter"))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].non_field_errors())
        self.assert_unchanged()

    def test_bad_input_rerenders(self):
        self.login(self.alice)
        response = self.client.post(self.url, self.data(estimated_reach="-1", url="ftp//x"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(set(response.context["form"].errors), {"estimated_reach", "url"})
        self.assert_unchanged()

    def test_an_unknown_channel_gives_404(self):
        self.login(self.staff)
        self.assertEqual(self.client.get("/channels/999999/edit/").status_code, 404)
