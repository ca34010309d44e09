from __future__ import annotations

import hashlib

from django.urls import reverse

from tests.base import BaseTestCase
from tests.helpers import html_tr
from wspolnie.accounts import services
from wspolnie.accounts.models import ApiToken
from wspolnie.core.models import AuditEntry


class CreateApiTokenTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.url = reverse("accounts:create_token")

    def test_it_requires_login(self):
        response = self.client.post(self.url, {"name": "script"})
        self.assertRedirects(response, reverse("accounts:login") + "?next=" + self.url)
        self.assertFalse(ApiToken.objects.exists())

    def test_it_requires_post(self):
        self.login(self.bob)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 405)

    def test_it_shows_the_raw_token_once_and_stores_only_its_hash(self):
        self.login(self.bob)
        response = self.client.post(self.url, {"name": "newsletter script"})
        self.assertEqual(response.status_code, 200)
        raw = response.context["raw_token"]
        self.assertTrue(raw.startswith("wsp_"))
        self.assertContains(response, f'value="{raw}"')
        self.assertContains(response, html_tr("pl", "Copy it now: it is shown only once."))

        token = ApiToken.objects.get()
        self.assertEqual(token.user, self.bob)
        self.assertEqual(token.name, "newsletter script")
        self.assertEqual(token.token_hash, hashlib.sha256(raw.encode()).hexdigest())
        self.assertEqual(token.prefix, raw[:10])
        for value in (token.name, token.token_hash, token.prefix):
            self.assertNotEqual(value, raw)
        self.assertTrue(
            AuditEntry.objects.filter(
                action="api_token.created", actor=self.bob, object_id=str(token.pk)
            ).exists()
        )

        # The profile lists the token by its start, never the whole token again.
        response = self.client.get(reverse("accounts:profile"))
        self.assertContains(response, "newsletter script")
        self.assertContains(response, token.prefix)
        self.assertNotContains(response, raw)

    def test_every_token_is_different(self):
        self.login(self.bob)
        first = self.client.post(self.url, {"name": "one"}).context["raw_token"]
        second = self.client.post(self.url, {"name": "two"}).context["raw_token"]
        self.assertNotEqual(first, second)
        self.assertEqual(ApiToken.objects.filter(user=self.bob).count(), 2)

    def test_the_new_token_works_with_the_api(self):
        self.login(self.bob)
        raw = self.client.post(self.url, {"name": "script"}).context["raw_token"]
        response = self.client_class().get(
            "/api/accounts/me", headers={"Authorization": f"Bearer {raw}"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["email"], "bob@example.org")

    def test_it_rejects_an_empty_name(self):
        self.login(self.bob)
        response = self.client.post(self.url, {"name": ""})
        self.assertEqual(response.status_code, 400)
        self.assertIn("name", response.context["token_form"].errors)
        self.assertContains(response, 'class="error"', status_code=400)
        self.assertFalse(ApiToken.objects.exists())

    def test_profile_lists_only_own_tokens(self):
        services.do_create_api_token(self.alice, "alice's importer")
        services.do_create_api_token(self.bob, "bob's script")
        self.login(self.bob)
        response = self.client.get(reverse("accounts:profile"))
        self.assertContains(response, "bob&#x27;s script")
        self.assertNotContains(response, "alice&#x27;s importer")


class RevokeApiTokenTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.token, self.raw = services.do_create_api_token(self.bob, "script")
        self.url = reverse("accounts:revoke_token", args=[self.token.pk])

    def test_it_requires_login(self):
        response = self.client.post(self.url)
        self.assertRedirects(response, reverse("accounts:login") + "?next=" + self.url)
        self.assertTrue(ApiToken.objects.filter(pk=self.token.pk).exists())

    def test_it_requires_post(self):
        self.login(self.bob)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 405)
        self.assertTrue(ApiToken.objects.filter(pk=self.token.pk).exists())

    def test_it_revokes_an_own_token(self):
        self.login(self.bob)
        response = self.client.post(self.url, follow=True)
        self.assertRedirects(response, reverse("accounts:profile"))
        self.assertContains(response, html_tr("pl", "The token is revoked."))
        self.assertFalse(ApiToken.objects.filter(pk=self.token.pk).exists())
        self.assertTrue(
            AuditEntry.objects.filter(
                action="api_token.revoked", actor=self.bob, object_id=str(self.token.pk)
            ).exists()
        )

    def test_a_revoked_token_no_longer_works(self):
        self.login(self.bob)
        self.client.post(self.url)
        response = self.client_class().get(
            "/api/accounts/me", headers={"Authorization": f"Bearer {self.raw}"}
        )
        self.assertEqual(response.status_code, 401)

    def test_it_rejects_someone_elses_token(self):
        for user in (self.alice, self.charlie, self.staff):
            self.login(user)
            response = self.client.post(self.url)
            self.assertEqual(response.status_code, 404)
        self.assertTrue(ApiToken.objects.filter(pk=self.token.pk).exists())
        self.assertFalse(AuditEntry.objects.filter(action="api_token.revoked").exists())

    def test_an_unknown_token_gives_404(self):
        self.login(self.bob)
        response = self.client.post(reverse("accounts:revoke_token", args=[self.token.pk + 1000]))
        self.assertEqual(response.status_code, 404)
