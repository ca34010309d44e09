from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.base import PASSWORD, BaseTestCase
from tests.helpers import html_tr

User = get_user_model()


class LoginTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.url = reverse("accounts:login")

    def post(self, email: str, password: str = PASSWORD, **extra):
        return self.client.post(self.url, {"username": email, "password": password, **extra})

    def assert_logged_out(self) -> None:
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_it_shows_the_form(self):
        response = self.client.get(self.url)
        self.assertContains(response, 'name="username"')
        self.assertContains(response, 'name="password"')
        self.assertContains(response, reverse("accounts:password_reset"))

    def test_it_logs_in(self):
        response = self.post("bob@example.org")
        self.assertRedirects(response, reverse("core:home"))
        self.assertEqual(self.client.session["_auth_user_id"], str(self.bob.pk))

    def test_it_accepts_the_email_address_in_any_case(self):
        self.post("Bob@Example.ORG")
        self.assertEqual(self.client.session["_auth_user_id"], str(self.bob.pk))

    def test_it_sets_the_language_cookie_to_the_preferred_language(self):
        User.objects.filter(pk=self.bob.pk).update(preferred_language="uk")
        response = self.post("bob@example.org")
        self.assertEqual(response.cookies["wspolnie_language"].value, "uk")

        response = self.client.get(reverse("core:home"))
        self.assertContains(response, 'lang="uk"')

    def test_it_redirects_to_next(self):
        next_url = reverse("organisations:edit", args=[self.org.slug])
        response = self.post("alice@example.org", next=next_url)
        self.assertRedirects(response, next_url)

    def test_it_ignores_an_offsite_next(self):
        response = self.post("alice@example.org", next="https://evil.example/")
        self.assertRedirects(response, reverse("core:home"))

    def test_it_rejects_a_wrong_password(self):
        response = self.post("bob@example.org", "not the password")
        self.assertContains(
            response, html_tr("pl", "The e-mail address or the password is not correct.")
        )
        self.assert_logged_out()

    def test_it_rejects_an_unknown_email_address(self):
        response = self.post("nobody@example.org")
        self.assertContains(
            response, html_tr("pl", "The e-mail address or the password is not correct.")
        )
        self.assert_logged_out()

    def test_it_requires_both_fields(self):
        response = self.client.post(self.url, {})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(set(response.context["form"].errors), {"username", "password"})
        self.assert_logged_out()

    def test_it_tells_an_unverified_account_to_verify(self):
        User.objects.create_user(
            email="nino@example.org", password=PASSWORD, name="Nino", is_active=False
        )
        response = self.post("nino@example.org")
        self.assertContains(
            response,
            html_tr(
                "pl",
                "This account is not active yet. Open the link in the verification e-mail we "
                "sent you.",
            ),
        )
        self.assert_logged_out()

    def test_it_does_not_reveal_an_unverified_account_to_a_wrong_password(self):
        User.objects.create_user(
            email="nino@example.org", password=PASSWORD, name="Nino", is_active=False
        )
        response = self.post("nino@example.org", "not the password")
        self.assertContains(
            response, html_tr("pl", "The e-mail address or the password is not correct.")
        )
        self.assertNotContains(
            response,
            html_tr(
                "pl",
                "This account is not active yet. Open the link in the verification e-mail we "
                "sent you.",
            ),
        )

    def test_it_redirects_a_logged_in_user(self):
        self.login(self.bob)
        response = self.client.get(self.url)
        self.assertRedirects(response, reverse("core:home"))

    def test_it_redirects_a_logged_in_user_whose_next_is_the_login_page(self):
        self.login(self.bob)
        response = self.client.get(self.url, {"next": self.url})
        self.assertRedirects(response, reverse("core:home"))

    def test_it_redirects_a_logged_in_user_to_next(self):
        self.login(self.bob)
        response = self.client.get(self.url, {"next": reverse("accounts:profile")})
        self.assertRedirects(response, reverse("accounts:profile"))


class LogoutTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.url = reverse("accounts:logout")

    def test_it_logs_out(self):
        self.login(self.bob)
        response = self.client.post(self.url)
        self.assertRedirects(response, reverse("core:home"))
        self.assertNotIn("_auth_user_id", self.client.session)

        response = self.client.get(reverse("accounts:profile"))
        self.assertEqual(response.status_code, 302)

    def test_it_requires_post(self):
        self.login(self.bob)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 405)
        self.assertEqual(self.client.session["_auth_user_id"], str(self.bob.pk))

    def test_it_is_harmless_for_anonymous_visitors(self):
        response = self.client.post(self.url)
        self.assertRedirects(response, reverse("core:home"))

    def test_every_page_has_a_logout_form_for_logged_in_users(self):
        self.login(self.bob)
        response = self.client.get(reverse("core:home"))
        self.assertContains(response, f'<form method="post" action="{self.url}"')
