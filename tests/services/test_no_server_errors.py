"""Every services page and endpoint, as every persona, with odd input: never a 5xx."""

from __future__ import annotations

from django.test import Client

from tests.base import BaseTestCase

from .helpers import make_service


class ServicesNoServerErrorTestCase(BaseTestCase):
    def test_get_and_empty_post_everywhere(self):
        service = make_service(self.org)
        urls = [
            "/services/", "/services/?topic=x&community=&language=zz&free=maybe&page=-1",
            f"/services/{service.pk}/", f"/services/{service.pk}/edit/",
            f"/services/{service.pk}/delete/", "/services/999999/edit/",
            f"/services/organisation/{self.org.slug}/new/", "/services/organisation/x/new/",
            "/api/services/", "/api/services/?free=x&page=abc", f"/api/services/{service.pk}",
            "/api/services/999999",
        ]
        failures = []
        for user in (None, self.bob, self.alice, self.charlie, self.staff):
            client = Client()
            if user is not None:
                client.force_login(user)
            for method in ("get", "post", "patch", "delete"):
                for url in urls:
                    response = getattr(client, method)(url)
                    if response.status_code >= 500:
                        failures.append(f"{method} {url} as {user}: {response.status_code}")
        self.assertEqual(failures, [])
