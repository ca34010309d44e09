"""Deleting a service."""

from __future__ import annotations

from tests.base import BaseTestCase
from tests.helpers import tr
from wspolnie.core.models import AuditEntry
from wspolnie.services.models import Service

from .helpers import make_service


class ServiceDeleteTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.service = make_service(self.org)
        self.url = f"/services/{self.service.pk}/delete/"

    def test_it_requires_login(self):
        self.assertRedirects(self.client.post(self.url), f"/accounts/login/?next={self.url}")
        self.assertTrue(Service.objects.exists())

    def test_it_requires_org_admin(self):
        self.login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(self.client.post(self.url).status_code, 403)
        self.assertTrue(Service.objects.exists())

    def test_it_rejects_other_orgs_admin(self):
        self.login(self.charlie)
        self.assertEqual(self.client.post(self.url).status_code, 403)
        self.assertTrue(Service.objects.exists())

    def test_get_asks_for_confirmation(self):
        self.login(self.alice)
        response = self.client.get(self.url)
        self.assertContains(response, "Porady prawne")
        self.assertContains(response, tr("pl", "Delete"))
        self.assertTrue(Service.objects.exists())

    def test_org_admin_deletes(self):
        self.login(self.alice)
        response = self.client.post(self.url, follow=True)
        self.assertRedirects(response, f"/organisations/{self.org.slug}/")
        self.assertFalse(Service.objects.exists())
        self.assertEqual(AuditEntry.objects.get(action="service.deleted").actor, self.alice)
        self.assertEqual(self.client.get(f"/services/{self.service.pk}/").status_code, 404)

    def test_staff_deletes(self):
        self.login(self.staff)
        self.client.post(self.url)
        self.assertFalse(Service.objects.exists())
