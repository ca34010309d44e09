"""Signed-in sessions: idle and absolute timeouts, "Your sessions" with logging out one session,
the others or all of them, in the pages and the API (accounts.sessions).

Time is moved by writing the session's own timestamps into the past, not by freezing clocks.
"""

from __future__ import annotations

import time
from datetime import timedelta

from django.contrib.sessions.models import Session
from django.test import Client, SimpleTestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from tests.base import PASSWORD, BaseTestCase
from tests.helpers import html_tr
from wspolnie.accounts import services, sessions, sweeps
from wspolnie.accounts.models import UserSession

FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
CHROME_ANDROID = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like "
                  "Gecko) Chrome/126.0.0.0 Mobile Safari/537.36")
SAFARI_IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
                 "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1")
EDGE_WINDOWS = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                " Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0")


class UserAgentTestCase(SimpleTestCase):
    def test_browser_and_system_are_named(self):
        self.assertEqual(sessions.describe_user_agent(FIREFOX_LINUX), ("Firefox", "Linux"))
        self.assertEqual(sessions.describe_user_agent(CHROME_ANDROID), ("Chrome", "Android"))
        self.assertEqual(sessions.describe_user_agent(SAFARI_IPHONE), ("Safari", "iOS"))
        self.assertEqual(sessions.describe_user_agent(EDGE_WINDOWS), ("Edge", "Windows"))

    def test_an_unknown_or_missing_header_gives_nothing(self):
        self.assertEqual(sessions.describe_user_agent(""), ("", ""))
        self.assertEqual(sessions.describe_user_agent("x" * 100_000), ("", ""))


class SettingsTestCase(SimpleTestCase):
    def test_the_cookie_does_not_outlive_the_absolute_timeout(self):
        from wspolnie import settings as production

        self.assertEqual(production.SESSION_COOKIE_AGE, production.SESSION_ABSOLUTE_TIMEOUT)
        self.assertLessEqual(production.SESSION_IDLE_TIMEOUT, production.SESSION_ABSOLUTE_TIMEOUT)
        self.assertFalse(hasattr(production, "SESSION_ENGINE"))  # Django's: the database


def logged_in_client(user_email: str, user_agent: str = FIREFOX_LINUX) -> Client:
    """A client that went through the real login form (the bob/alice personas have no
    second factor)."""
    client = Client(HTTP_USER_AGENT=user_agent)
    response = client.post(reverse("accounts:login"),
                           {"username": user_email, "password": PASSWORD})
    assert response.status_code == 302, response
    return client


def is_logged_in(client: Client) -> bool:
    return client.get(reverse("accounts:profile")).status_code == 200


def shift(client: Client, **seconds_ago: float) -> None:
    """Moves the session's login (started=) and last request (seen=) into the past."""
    session = client.session
    now = time.time()
    if "started" in seconds_ago:
        session[sessions.STARTED] = now - seconds_ago["started"]
    if "seen" in seconds_ago:
        session[sessions.SEEN] = now - seconds_ago["seen"]
    session.save()


@override_settings(SESSION_IDLE_TIMEOUT=3600, SESSION_ABSOLUTE_TIMEOUT=24 * 3600)
class TimeoutTestCase(BaseTestCase):
    def test_a_login_is_indexed_with_its_browser_and_no_address(self):
        client = logged_in_client("bob@example.org")
        row = UserSession.objects.get(user=self.bob)
        self.assertEqual((row.browser, row.system), ("Firefox", "Linux"))
        self.assertEqual(row.session_key, client.session.session_key)
        fields = {field.name for field in UserSession._meta.get_fields()}
        self.assertEqual(fields, {"id", "user", "session_key", "browser", "system", "created",
                                  "last_seen"})

    def test_logging_in_again_in_the_same_session_keeps_one_row(self):
        client = logged_in_client("bob@example.org")
        client.force_login(self.bob)
        client.force_login(self.bob)
        self.assertEqual(UserSession.objects.filter(user=self.bob).count(), 1)
        self.assertTrue(is_logged_in(client))

    def test_activity_within_the_idle_timeout_keeps_the_session(self):
        client = logged_in_client("bob@example.org")
        shift(client, seen=3500, started=20 * 3600)
        self.assertTrue(is_logged_in(client))
        # The request counted as activity: "last seen" moved on, in the session and the index.
        self.assertAlmostEqual(client.session[sessions.SEEN], time.time(), delta=5)
        row = UserSession.objects.get(user=self.bob)
        self.assertLess(timezone.now() - row.last_seen, timedelta(seconds=5))

    def test_an_idle_session_is_logged_out_with_a_message(self):
        client = logged_in_client("bob@example.org")
        shift(client, seen=3601)
        response = client.get(reverse("accounts:profile"), follow=True)
        self.assertEqual(response.redirect_chain[0][0],
                         reverse("accounts:login") + "?next=" + reverse("accounts:profile"))
        self.assertContains(response, html_tr("pl", "You were logged out after a long time "
                                                    "without activity. Please log in again."))
        self.assertFalse(UserSession.objects.filter(user=self.bob).exists())

    def test_an_active_session_ends_at_the_absolute_timeout(self):
        client = logged_in_client("bob@example.org")
        shift(client, started=24 * 3600 + 1, seen=10)
        response = client.get("/", follow=True)
        self.assertEqual(response.status_code, 200)  # a public page: shown, as anonymous
        self.assertContains(response, html_tr(
            "pl", "Your session has reached its maximum length. Please log in again."))
        self.assertFalse(is_logged_in(client))

    def test_a_session_from_before_the_index_starts_counting_now(self):
        client = logged_in_client("bob@example.org")
        session = client.session
        for key in (sessions.STARTED, sessions.SEEN, sessions.INDEX):
            del session[key]
        session.save()
        UserSession.objects.all().delete()
        self.assertTrue(is_logged_in(client))
        self.assertEqual(UserSession.objects.filter(user=self.bob).count(), 1)

    def test_the_api_with_a_timed_out_session_is_unauthenticated(self):
        client = logged_in_client("bob@example.org")
        shift(client, seen=7200)
        response = client.get("/api/accounts/me")
        self.assertEqual(response.status_code, 401)
        self.assertIn("detail", response.json())

    def test_the_sweep_forgets_ended_sessions(self):
        client = logged_in_client("bob@example.org")
        logged_in_client("bob@example.org")
        UserSession.objects.filter(session_key=client.session.session_key).update(
            last_seen=timezone.now() - timedelta(hours=3))
        Session.objects.filter(session_key=client.session.session_key).update(
            expire_date=timezone.now() - timedelta(seconds=1))
        sweeps.sweep()
        self.assertEqual(UserSession.objects.filter(user=self.bob).count(), 1)
        self.assertFalse(Session.objects.filter(session_key=client.session.session_key).exists())


class SessionsPageTestCase(BaseTestCase):
    url = reverse("accounts:sessions")

    def setUp(self) -> None:
        super().setUp()
        self.laptop = logged_in_client("bob@example.org", FIREFOX_LINUX)
        self.phone = logged_in_client("bob@example.org", CHROME_ANDROID)
        self.alices = logged_in_client("alice@example.org", SAFARI_IPHONE)

    def row_of(self, client: Client) -> UserSession:
        return UserSession.objects.get(pk=client.session[sessions.INDEX])

    def test_anonymous_visitors_are_sent_to_log_in(self):
        response = Client().get(self.url)
        self.assertRedirects(response, reverse("accounts:login") + "?next=" + self.url)
        for name in ("end_other_sessions", "end_all_sessions"):
            self.assertEqual(Client().post(reverse(f"accounts:{name}")).status_code, 302)

    def test_it_lists_ones_own_sessions_and_marks_this_one(self):
        response = self.laptop.get(self.url)
        self.assertContains(response, "Firefox, Linux")
        self.assertContains(response, "Chrome, Android")
        self.assertNotContains(response, "Safari")  # alice's
        self.assertContains(response, f"({html_tr('pl', 'this session')})", count=1)
        self.assertContains(response, html_tr("pl", "Log out everywhere"))

    def test_the_profile_links_to_it(self):
        self.assertContains(self.laptop.get(reverse("accounts:profile")), self.url)

    def test_it_is_translated(self):
        for language in ("en", "uk"):
            with self.subTest(language=language):
                response = self.laptop.get(self.url, {"lang": language})
                self.assertContains(response, f"<h1>{html_tr(language, 'Your sessions')}</h1>")

    def test_logging_out_another_session(self):
        response = self.laptop.post(reverse("accounts:end_session",
                                            args=[self.row_of(self.phone).pk]), follow=True)
        self.assertContains(response, html_tr("pl", "That session is logged out."))
        self.assertFalse(is_logged_in(self.phone))
        self.assertTrue(is_logged_in(self.laptop))
        self.assertNotContains(self.laptop.get(self.url), "Android")

    def test_logging_out_this_session(self):
        response = self.laptop.post(reverse("accounts:end_session",
                                            args=[self.row_of(self.laptop).pk]))
        self.assertRedirects(response, reverse("accounts:login"))
        self.assertFalse(is_logged_in(self.laptop))
        self.assertTrue(is_logged_in(self.phone))

    def test_someone_elses_session_is_out_of_reach(self):
        alices = self.row_of(self.alices)
        response = self.laptop.post(reverse("accounts:end_session", args=[alices.pk]))
        self.assertEqual(response.status_code, 404)
        self.assertTrue(is_logged_in(self.alices))

    def test_logging_out_everywhere_else(self):
        response = self.laptop.post(reverse("accounts:end_other_sessions"), follow=True)
        self.assertContains(response, html_tr("pl", "Your other sessions are logged out."))
        self.assertTrue(is_logged_in(self.laptop))
        self.assertFalse(is_logged_in(self.phone))
        self.assertTrue(is_logged_in(self.alices))

    def test_logging_out_everywhere(self):
        response = self.laptop.post(reverse("accounts:end_all_sessions"), follow=True)
        self.assertContains(response, html_tr("pl", "You are logged out everywhere."))
        self.assertFalse(is_logged_in(self.laptop))
        self.assertFalse(is_logged_in(self.phone))
        self.assertTrue(is_logged_in(self.alices))
        self.assertFalse(UserSession.objects.filter(user=self.bob).exists())

    def test_the_actions_need_post(self):
        for url in (reverse("accounts:end_other_sessions"), reverse("accounts:end_all_sessions"),
                    reverse("accounts:end_session", args=[self.row_of(self.phone).pk])):
            with self.subTest(url=url):
                self.assertEqual(self.laptop.get(url).status_code, 405)
        self.assertTrue(is_logged_in(self.phone))

    def test_a_password_change_logs_out_the_other_sessions_and_keeps_this_one(self):
        response = self.laptop.post(reverse("accounts:password_change"), {
            "old_password": PASSWORD, "new_password1": "a new horse battery 77",
            "new_password2": "a new horse battery 77",
        })
        self.assertEqual(response.status_code, 302)
        self.assertTrue(is_logged_in(self.laptop))
        self.assertFalse(is_logged_in(self.phone))
        # The kept session got a new key; its row follows it.
        self.assertEqual(self.row_of(self.laptop).session_key, self.laptop.session.session_key)
        self.assertEqual(len(sessions.active_sessions(self.bob)), 1)

    def test_deleting_the_account_ends_its_sessions(self):
        self.laptop.post(reverse("accounts:delete"), {"password": PASSWORD})
        self.assertFalse(is_logged_in(self.phone))
        self.assertFalse(UserSession.objects.filter(user=self.bob).exists())

    def test_the_service_refuses_someone_elses_sessions(self):
        from django.core.exceptions import PermissionDenied

        with self.assertRaises(PermissionDenied):
            services.do_end_sessions(self.bob, [self.row_of(self.alices)])
        self.assertTrue(is_logged_in(self.alices))


class SessionsApiTestCase(BaseTestCase):
    url = "/api/accounts/me/sessions"

    def setUp(self) -> None:
        super().setUp()
        self.laptop = logged_in_client("bob@example.org", FIREFOX_LINUX)
        self.phone = logged_in_client("bob@example.org", CHROME_ANDROID)
        self.alices = logged_in_client("alice@example.org", SAFARI_IPHONE)
        self.headers = {"Authorization": "Bearer "
                        + services.do_create_api_token(self.bob, "script")[1]}

    def test_anonymous_callers_get_401(self):
        self.assertEqual(Client().get(self.url).status_code, 401)
        self.assertEqual(Client().delete(self.url).status_code, 401)

    def test_a_token_lists_the_sessions(self):
        found = Client().get(self.url, headers=self.headers).json()
        self.assertEqual(sorted((s["browser"], s["system"], s["current"]) for s in found),
                         [("Chrome", "Android", False), ("Firefox", "Linux", False)])

    def test_the_session_sees_itself_as_current(self):
        found = self.laptop.get(self.url).json()
        self.assertEqual({s["browser"]: s["current"] for s in found},
                         {"Firefox": True, "Chrome": False})

    def test_ending_one_session(self):
        phone = self.phone.session[sessions.INDEX]
        response = Client().delete(f"{self.url}/{phone}", headers=self.headers)
        self.assertEqual(response.status_code, 204)
        self.assertFalse(is_logged_in(self.phone))
        self.assertTrue(is_logged_in(self.laptop))

    def test_someone_elses_session_is_404(self):
        alices = self.alices.session[sessions.INDEX]
        response = Client().delete(f"{self.url}/{alices}", headers=self.headers)
        self.assertEqual(response.status_code, 404)
        self.assertIn("detail", response.json())
        self.assertTrue(is_logged_in(self.alices))

    def test_ending_all_sessions_leaves_the_token(self):
        response = Client().delete(self.url, headers=self.headers)
        self.assertEqual(response.json(), {"ended": 2})
        self.assertFalse(is_logged_in(self.laptop))
        self.assertFalse(is_logged_in(self.phone))
        self.assertEqual(Client().get(self.url, headers=self.headers).json(), [])
