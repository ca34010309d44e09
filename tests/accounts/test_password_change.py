"""Changing the password from the profile: the old one stops working, the session stays."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.test import Client
from django.urls import reverse

from tests.base import PASSWORD, BaseTestCase
from tests.helpers import html_tr
from wspolnie.core.models import AuditEntry

URL = reverse("accounts:password_change")
NEW_PASSWORD = "Odra-Dnipro-2026-zmiana"


class PasswordChangeTestCase(BaseTestCase):
    def change(self, old=PASSWORD, new1=NEW_PASSWORD, new2=NEW_PASSWORD, **extra):
        return self.client.post(URL, {"old_password": old, "new_password1": new1,
                                      "new_password2": new2}, **extra)

    def test_it_requires_login(self):
        response = self.client.get(URL)
        self.assertRedirects(response, f"{reverse('accounts:login')}?next={URL}")

    def test_the_profile_links_to_it(self):
        self.login(self.bob)
        self.assertContains(self.client.get(reverse("accounts:profile")), f'href="{URL}"')

    def test_it_shows_a_translated_form(self):
        self.login(self.bob)
        response = self.client.get(URL, HTTP_ACCEPT_LANGUAGE="uk")
        self.assertContains(response, "<h1>Змінити пароль</h1>", html=True)
        self.assertContains(response, 'name="old_password"')
        self.assertContains(response, 'autocomplete="current-password"')

    def test_the_old_password_stops_working_and_the_session_stays(self):
        self.login(self.bob)
        other_device = Client()
        other_device.force_login(self.bob)
        response = self.change()
        self.assertRedirects(response, reverse("accounts:profile"),
                             fetch_redirect_response=False)
        # Still logged in here ...
        response = self.client.get(reverse("accounts:profile"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, html_tr("pl", "Your password is changed."))
        # ... but not on the other device.
        self.assertEqual(other_device.get(reverse("accounts:profile")).status_code, 302)
        self.assertIsNone(authenticate(username="bob@example.org", password=PASSWORD))
        self.assertIsNotNone(authenticate(username="bob@example.org", password=NEW_PASSWORD))
        self.assertTrue(AuditEntry.objects.filter(
            action="account.password_changed", actor=self.bob).exists())

    def test_a_wrong_old_password_is_refused_with_a_message(self):
        self.login(self.bob)
        response = self.change(old="not my password", HTTP_ACCEPT_LANGUAGE="uk")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, html_tr(
            "uk", "Your old password was entered incorrectly. Please enter it again."))
        self.assertIsNotNone(authenticate(username="bob@example.org", password=PASSWORD))

    def test_mismatched_new_passwords_are_refused(self):
        self.login(self.bob)
        response = self.change(new2="something else entirely 99")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors["new_password2"])
        self.assertIsNotNone(authenticate(username="bob@example.org", password=PASSWORD))

    def test_a_weak_new_password_is_refused(self):
        self.login(self.bob)
        response = self.change(new1="12345678", new2="12345678")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors["new_password2"])
