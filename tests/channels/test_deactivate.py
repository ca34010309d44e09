"""/channels/<pk>/deactivate/ and /activate/: confirm, then POST."""

from __future__ import annotations

from tests.base import BaseTestCase
from wspolnie.channels.models import Channel
from wspolnie.core.models import AuditEntry

from .helpers import make_channel


class ChannelDeactivateTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.channel = make_channel(cls.org, "Telegram UA", kind="telegram")

    def setUp(self) -> None:
        super().setUp()
        self.url = f"/channels/{self.channel.pk}/deactivate/"

    def is_active(self) -> bool:
        return Channel.objects.get(pk=self.channel.pk).active

    def test_it_requires_login(self):
        self.assertEqual(self.client.post(self.url).status_code, 302)
        self.assertTrue(self.is_active())

    def test_it_requires_org_admin(self):
        self.login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(self.client.post(self.url).status_code, 403)
        self.assertTrue(self.is_active())

    def test_it_rejects_other_orgs_admin(self):
        self.login(self.charlie)
        self.assertEqual(self.client.post(self.url).status_code, 403)
        self.assertTrue(self.is_active())

    def test_get_asks_for_confirmation(self):
        self.login(self.alice)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<form method="post">')
        self.assertTrue(self.is_active())

    def test_org_admin_deactivates_and_activates_again(self):
        self.login(self.alice)
        response = self.client.post(self.url)
        self.assertRedirects(response, f"/channels/{self.channel.pk}/")
        self.assertFalse(self.is_active())
        self.assertEqual(self.client.get("/channels/").context["total"], 0)

        self.client.post(f"/channels/{self.channel.pk}/activate/")
        self.assertTrue(self.is_active())
        self.assertEqual(
            list(AuditEntry.objects.order_by("id").values_list("action", flat=True)),
            ["channel.deactivated", "channel.activated"],
        )

    def test_staff_deactivates(self):
        self.login(self.staff)
        self.client.post(self.url)
        self.assertFalse(self.is_active())
