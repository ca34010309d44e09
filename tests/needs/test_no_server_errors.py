"""Every page and endpoint of the board, as every persona, with odd input: never a 5xx."""

from __future__ import annotations

from django.test import Client

from tests.base import BaseTestCase

from .helpers import make_item


class NeedsNoServerErrorTestCase(BaseTestCase):
    def test_get_and_empty_post_everywhere(self):
        item = make_item(self.org, created_by=self.bob)
        urls = [
            "/needs/", "/needs/?kind=x&category=y&district=z&language=&page=abc",
            f"/needs/{item.pk}/", f"/needs/{item.pk}/edit/", f"/needs/{item.pk}/close/",
            "/needs/999999/close/", f"/needs/organisation/{self.org.slug}/",
            f"/needs/organisation/{self.org.slug}/new/", "/needs/organisation/x/new/",
            "/api/needs/", "/api/needs/?kind=x&page=0", f"/api/needs/{item.pk}",
            f"/api/needs/{item.pk}/close", "/api/needs/999999/close",
        ]
        failures = []
        for user in (None, self.bob, self.alice, self.charlie, self.staff):
            client = Client()
            if user is not None:
                client.force_login(user)
            for method in ("get", "post", "patch"):
                for url in urls:
                    response = getattr(client, method)(url)
                    if response.status_code >= 500:
                        failures.append(f"{method} {url} as {user}: {response.status_code}")
        self.assertEqual(failures, [])
