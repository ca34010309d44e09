from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.base import PASSWORD, BaseTestCase
from tests.helpers import html_tr, links_in, site_path, subject_of, tr
from tests.smtp import body_text

User = get_user_model()

NEW_PASSWORD = "Dnipro-Odra-2025-nowe"


class PasswordResetTestCase(BaseTestCase):
    @pytest.fixture(autouse=True)
    def _smtp(self, smtp_server):
        self.smtp = smtp_server

    def setUp(self) -> None:
        super().setUp()
        self.url = reverse("accounts:password_reset")
        User.objects.filter(pk=self.bob.pk).update(preferred_language="uk")

    def ask_for_link(self, email: str):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.url, {"email": email})

    def reset_link(self) -> str:
        self.ask_for_link("bob@example.org")
        [message] = self.smtp.wait_for(1)
        [link] = links_in(message)
        return site_path(link)

    def test_it_shows_the_form(self):
        response = self.client.get(self.url)
        self.assertContains(response, 'name="email"')

    def test_it_mails_a_link_in_the_users_language(self):
        # The form is filled in on a Polish page; Bob reads Ukrainian.
        response = self.ask_for_link("bob@example.org")
        self.assertRedirects(response, reverse("accounts:password_reset_done"))

        [message] = self.smtp.wait_for(1)
        self.assertEqual(message["To"], "bob@example.org")
        self.assertEqual(subject_of(message), tr("uk", "Set a new password for Wspólnie"))
        body = body_text(message)
        self.assertIn(
            tr(
                "uk",
                "Someone asked to reset the password of your Wspólnie account. To set a new one, "
                "open this link:",
            ),
            body,
        )
        [link] = links_in(message)
        self.assertTrue(site_path(link).startswith("/accounts/reset/"))

    def test_it_finds_the_account_whatever_the_case_of_the_address(self):
        self.ask_for_link("BOB@example.org")
        self.assertEqual(len(self.smtp.wait_for(1)), 1)

    def test_an_unknown_address_gives_the_same_page_and_no_mail(self):
        response = self.ask_for_link("nobody@example.org")
        self.assertRedirects(response, reverse("accounts:password_reset_done"))
        response = self.client.get(reverse("accounts:password_reset_done"))
        self.assertContains(
            response,
            html_tr(
                "pl",
                "If an account exists for this address, we have sent it a link to set a new "
                "password.",
            ),
        )
        self.assertEqual(self.smtp.wait_for(1, timeout=0.5), [])

    def test_it_rejects_a_malformed_address(self):
        response = self.ask_for_link("bob-at-example.org")
        self.assertEqual(response.status_code, 200)
        self.assertIn("email", response.context["form"].errors)
        self.assertEqual(self.smtp.messages, [])

    def test_the_link_sets_a_new_password(self):
        response = self.client.get(self.reset_link())
        # Django moves the token out of the address before showing the form.
        set_password_url = response.url
        self.assertTrue(set_password_url.endswith("/set-password/"))

        response = self.client.get(set_password_url)
        self.assertContains(response, 'name="new_password1"')

        response = self.client.post(
            set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
        )
        self.assertRedirects(response, reverse("accounts:password_reset_complete"))

        self.bob.refresh_from_db()
        self.assertTrue(self.bob.check_password(NEW_PASSWORD))
        self.assertFalse(self.bob.check_password(PASSWORD))

        response = self.client.post(
            reverse("accounts:login"), {"username": "bob@example.org", "password": NEW_PASSWORD}
        )
        self.assertRedirects(response, reverse("core:home"))

    def test_the_link_works_only_once(self):
        link = self.reset_link()
        set_password_url = self.client.get(link).url
        self.client.post(
            set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
        )

        response = self.client_class().get(link)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(response.context["validlink"])
        self.assertContains(
            response,
            html_tr("pl", "This link is invalid or has already been used. Ask for a new one."),
        )

    def test_the_new_password_must_be_valid(self):
        set_password_url = self.client.get(self.reset_link()).url
        response = self.client.post(
            set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": "something else"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("new_password2", response.context["form"].errors)

        response = self.client.post(
            set_password_url, {"new_password1": "12345678", "new_password2": "12345678"}
        )
        self.assertIn("new_password2", response.context["form"].errors)
        self.bob.refresh_from_db()
        self.assertTrue(self.bob.check_password(PASSWORD))

    def test_a_forged_link_shows_the_invalid_link_page(self):
        response = self.client.get(
            reverse(
                "accounts:password_reset_confirm", kwargs={"uidb64": "Mg", "token": "abc-def"}
            )
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(response.context["validlink"])
        self.assertNotContains(response, 'name="new_password1"')

    def test_complete_page_links_to_login(self):
        response = self.client.get(reverse("accounts:password_reset_complete"))
        self.assertContains(response, reverse("accounts:login"))
