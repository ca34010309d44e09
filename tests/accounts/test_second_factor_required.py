"""Staff (and, with the setting, organisation admins) must log in with a second factor
(issue #17.4): without a verified device they can use neither /admin/ nor any other page."""

from __future__ import annotations

from django.test import Client, override_settings
from django.urls import reverse

from tests.base import BaseTestCase, make_user
from tests.helpers import html_tr
from wspolnie.accounts import two_factor

from .two_factor import (
    app_device,
    code_for,
    log_in_with_password,
    log_in_without_second_factor,
)

SETUP = reverse("accounts:two_factor_setup")
CODE = reverse("accounts:login_code")
STAFF_PAGES = [
    "/admin/",
    "/admin/accounts/user/",
    reverse("organisations:moderation"),
    reverse("organisations:reports"),
    reverse("imports:list"),
    reverse("accounts:profile"),
    "/",
]


class StaffWithoutDeviceTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.new_staff = make_user("nowy@example.org", "Nowy Staff", is_staff=True,
                                   is_superuser=True)

    def test_the_password_alone_leads_to_the_setup(self):
        response = log_in_with_password(self.client, "nowy@example.org", next="/admin/")
        self.assertRedirects(response, "/admin/", fetch_redirect_response=False)
        response = self.client.get("/admin/")
        self.assertRedirects(response, f"{SETUP}?next=/admin/", fetch_redirect_response=False)
        page = self.client.get(response["Location"])
        self.assertContains(page, html_tr("pl", "Your role needs two-step login. Set it up "
                                                "to go on."))

    def test_every_staff_page_and_admin_waits_for_the_setup(self):
        log_in_with_password(self.client, "nowy@example.org")
        for url in STAFF_PAGES:
            response = self.client.get(url)
            self.assertEqual(response.status_code, 302, url)
            self.assertTrue(response["Location"].startswith(SETUP), url)
        response = self.client.post(reverse("organisations:approve", args=[self.org.slug]))
        self.assertTrue(response["Location"].startswith(SETUP))

    def test_the_api_with_the_session_answers_json(self):
        log_in_with_password(self.client, "nowy@example.org")
        response = self.client.get("/api/accounts/me")
        self.assertEqual(response.status_code, 403)
        self.assertIn("detail", response.json())

    def test_after_the_setup_the_pages_open(self):
        log_in_with_password(self.client, "nowy@example.org")
        self.client.get(SETUP)
        device = two_factor.pending_app_device(self.new_staff)
        response = self.client.post(SETUP + "?next=/admin/", {"code": code_for(device),
                                                              "next": "/admin/"})
        self.assertContains(response, 'href="/admin/"')
        for url in STAFF_PAGES:
            self.assertEqual(self.client.get(url).status_code, 200, url)

    def test_logging_out_stays_possible(self):
        log_in_with_password(self.client, "nowy@example.org")
        response = self.client.post(reverse("accounts:logout"))
        self.assertRedirects(response, reverse("core:home"))
        self.assertNotIn("_auth_user_id", self.client.session)


class StaffWithDeviceTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.new_staff = make_user("nowy@example.org", "Nowy Staff", is_staff=True,
                                   is_superuser=True)
        self.device = app_device(self.new_staff)

    def test_admin_needs_the_code(self):
        response = log_in_with_password(self.client, "nowy@example.org", next="/admin/")
        self.assertRedirects(response, f"{CODE}?next=/admin/", fetch_redirect_response=False)
        # Not in yet: the admin sends to the site's login.
        response = self.client.get("/admin/", follow=True)
        self.assertTrue(response.redirect_chain[-1][0].startswith(reverse("accounts:login")))
        self.assertNotIn("_auth_user_id", self.client.session)
        response = self.client.post(CODE, {"code": code_for(self.device), "next": "/admin/"})
        self.assertRedirects(response, "/admin/")

    def test_a_session_without_the_code_reaches_no_staff_page(self):
        log_in_without_second_factor(self.client, self.new_staff)
        for url in STAFF_PAGES:
            response = self.client.get(url)
            self.assertEqual(response.status_code, 302, url)
            self.assertTrue(response["Location"].startswith(CODE), url)

    def test_turning_it_off_sends_back_to_the_setup(self):
        from tests.base import PASSWORD

        log_in_with_password(self.client, "nowy@example.org")
        self.client.post(CODE, {"code": code_for(self.device)})
        response = self.client.post(reverse("accounts:two_factor_disable"),
                                    {"password": PASSWORD,
                                     "code": code_for(self.device, steps_ahead=1)})
        self.assertRedirects(response, reverse("accounts:two_factor"),
                             fetch_redirect_response=False)
        response = self.client.get("/admin/")
        self.assertTrue(response["Location"].startswith(SETUP))


class AdminLoginTestCase(BaseTestCase):
    def test_the_admin_login_is_the_sites_login(self):
        response = self.client.get("/admin/login/?next=/admin/accounts/user/")
        self.assertRedirects(
            response, reverse("accounts:login") + "?next=/admin/accounts/user/",
            fetch_redirect_response=False,
        )

    def test_a_member_gets_forbidden_not_a_loop(self):
        self.login(self.bob)
        response = self.client.get("/admin/", follow=True)
        self.assertEqual(response.status_code, 403)

    def test_the_staff_persona_of_the_tests_is_verified(self):
        """force_login stands for the full login (tests/conftest.py)."""
        self.login(self.staff)
        self.assertEqual(self.client.get("/admin/").status_code, 200)


class OrganisationAdminsTestCase(BaseTestCase):
    def test_by_default_they_may_go_without(self):
        response = log_in_with_password(self.client, "alice@example.org")
        self.assertRedirects(response, reverse("core:home"))
        self.assertEqual(self.client.get(reverse("organisations:edit",
                                                 args=[self.org.slug])).status_code, 200)

    @override_settings(TWO_FACTOR_FOR_ORGANISATION_ADMINS=True)
    def test_the_setting_makes_them_set_it_up(self):
        log_in_with_password(self.client, "alice@example.org")
        response = self.client.get(reverse("organisations:edit", args=[self.org.slug]))
        self.assertTrue(response["Location"].startswith(SETUP))
        # Members are not concerned.
        bob = Client()
        log_in_with_password(bob, "bob@example.org")
        self.assertEqual(bob.get(reverse("accounts:profile")).status_code, 200)
