from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from tests.base import PASSWORD, BaseTestCase
from tests.helpers import html_tr
from wspolnie.accounts import services
from wspolnie.core.models import AuditEntry

User = get_user_model()


class ExpiredSigner(signing.TimestampSigner):
    """Signs as if the token had been made just over EMAIL_VERIFICATION_MAX_AGE ago."""

    def timestamp(self) -> str:
        return signing.b62_encode(int(time.time()) - settings.EMAIL_VERIFICATION_MAX_AGE - 60)


class VerifyEmailTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.nino = User.objects.create_user(
            email="nino@example.org",
            password=PASSWORD,
            name="Nino Beridze",
            preferred_language="uk",
            is_active=False,
        )

    def url(self, token: str) -> str:
        return reverse("accounts:verify", kwargs={"token": token})

    def assert_failure_page(self, response) -> None:
        self.assertContains(response, html_tr("pl", "The link does not work"), status_code=400)
        self.assertNotIn("_auth_user_id", self.client.session)
        self.nino.refresh_from_db()
        self.assertFalse(self.nino.is_active)
        self.assertIsNone(self.nino.email_verified_at)

    def test_it_activates_the_account_and_logs_in(self):
        response = self.client.get(self.url(services.make_verification_token(self.nino)))
        self.assertRedirects(response, reverse("accounts:profile"))

        self.nino.refresh_from_db()
        self.assertTrue(self.nino.is_active)
        self.assertIsNotNone(self.nino.email_verified_at)
        self.assertEqual(self.client.session["_auth_user_id"], str(self.nino.pk))
        self.assertTrue(
            AuditEntry.objects.filter(
                action="account.verified_email", object_id=str(self.nino.pk), actor=self.nino
            ).exists()
        )

    def test_it_welcomes_the_user_in_their_language(self):
        response = self.client.get(
            self.url(services.make_verification_token(self.nino)), follow=True
        )
        self.assertEqual(self.client.cookies["wspolnie_language"].value, "uk")
        self.assertContains(
            response, html_tr("uk", "Your e-mail address is verified. Welcome to Wspólnie!")
        )
        self.assertContains(response, 'lang="uk"')

    def test_it_works_for_anonymous_and_logged_in_visitors_alike(self):
        self.login(self.bob)
        response = self.client.get(self.url(services.make_verification_token(self.nino)))
        self.assertRedirects(response, reverse("accounts:profile"))
        self.assertEqual(self.client.session["_auth_user_id"], str(self.nino.pk))

    def test_an_expired_link_gives_the_failure_page(self):
        token = ExpiredSigner(salt=services.VERIFICATION_SALT).sign_object(
            {"id": self.nino.pk, "email": self.nino.email}
        )
        self.assert_failure_page(self.client.get(self.url(token)))

    def test_a_forged_link_gives_the_failure_page(self):
        token = services.make_verification_token(self.nino)
        forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
        self.assert_failure_page(self.client.get(self.url(forged)))

    def test_a_link_signed_with_another_key_gives_the_failure_page(self):
        token = signing.TimestampSigner(key="not-our-key", salt=services.VERIFICATION_SALT)
        token = token.sign_object({"id": self.nino.pk, "email": self.nino.email})
        self.assert_failure_page(self.client.get(self.url(token)))

    def test_a_garbage_link_gives_the_failure_page(self):
        self.assert_failure_page(self.client.get(self.url("not-a-token")))

    def test_a_link_for_an_old_email_address_gives_the_failure_page(self):
        token = services.make_verification_token(self.nino)
        User.objects.filter(pk=self.nino.pk).update(email="nino.new@example.org")
        self.assert_failure_page(self.client.get(self.url(token)))

    def test_a_link_for_a_deleted_account_gives_the_failure_page(self):
        token = services.make_verification_token(self.nino)
        self.nino.delete()
        response = self.client.get(self.url(token))
        self.assertContains(response, html_tr("pl", "The link does not work"), status_code=400)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_the_link_logs_in_only_once(self):
        token = services.make_verification_token(self.nino)
        self.client.get(self.url(token))

        # Whoever opens the same mail later (another browser) must log in with the password.
        other_browser = self.client_class()
        response = other_browser.get(self.url(token), follow=True)
        self.assertRedirects(response, reverse("accounts:login"))
        self.assertNotIn("_auth_user_id", other_browser.session)
        self.assertContains(
            response,
            html_tr("pl", "Your e-mail address is already verified. Log in with your password."),
        )

    def test_the_link_does_not_log_in_a_deactivated_account(self):
        token = services.make_verification_token(self.nino)
        User.objects.filter(pk=self.nino.pk).update(
            email_verified_at=timezone.now(), is_active=False
        )
        self.client.get(self.url(token))
        self.assertNotIn("_auth_user_id", self.client.session)
        self.nino.refresh_from_db()
        self.assertFalse(self.nino.is_active)
