"""The full-page cache of anonymous visitors (wspolnie.core.page_cache, issue #14): a cached
page is the page the view would render (its visitor's own CSRF token aside), a change shows
at once, nobody signed in ever gets or fills a cached page, and languages, htmx requests and
query strings never mix."""

from __future__ import annotations

import re
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.test import (
    Client,
    RequestFactory,
    SimpleTestCase,
    TransactionTestCase,
    override_settings,
)
from django.urls import reverse

from tests.base import BaseTestCase, make_user
from tests.contacts.base import EMAIL, PHONE_FORMS, add_contact
from tests.meetings.factories import make_event
from wspolnie.boards.services import do_create_board
from wspolnie.core import page_cache, versions
from wspolnie.core.models import DataVersion
from wspolnie.meetings.models import Registration
from wspolnie.organisations import services
from wspolnie.organisations.models import Location, Organisation

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')
HEADER_TOKEN = re.compile(r'"X-CSRFToken": "([A-Za-z0-9]{64})"')


def tokens(response) -> set[str]:
    text = response.content.decode()
    return set(TOKEN.findall(text)) | set(HEADER_TOKEN.findall(text))


def without_tokens(response) -> bytes:
    return re.sub(rb"[A-Za-z0-9]{64}", b"TOKEN", response.content)


def state(response) -> str | None:
    return response.get(page_cache.HIT_HEADER)


class PageCacheTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        #: e-mail for members, phone for staff only (tests/contacts/base.py)
        cls.contact = add_contact(cls.alice, cls.org)
        cls.profile = reverse("organisations:detail", args=[cls.org.slug])

    def test_a_hit_is_the_same_page_with_the_visitors_own_token(self):
        first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
        miss = first.get(self.profile)
        hit = second.get(self.profile)
        self.assertEqual((state(miss), state(hit)), ("miss", "hit"))
        self.assertEqual(without_tokens(hit), without_tokens(miss))
        self.assertEqual(len(tokens(miss)), 1)
        self.assertEqual(len(tokens(hit)), 1)
        self.assertNotEqual(tokens(hit), tokens(miss))
        # Each visitor got a cookie of their own, and the token on their page works with it:
        # the header's language form posts (CsrfViewMiddleware checks it).
        self.assertNotEqual(first.cookies[settings.CSRF_COOKIE_NAME].value,
                            second.cookies[settings.CSRF_COOKIE_NAME].value)
        for client, response in ((second, hit), (first, miss)):
            posted = client.post(reverse("set_language"), {
                "csrfmiddlewaretoken": tokens(response).pop(), "language": "en",
                "next": self.profile,
            })
            self.assertEqual(posted.status_code, 302)
        # The first visitor's token is no good with another's cookie.
        third = Client(enforce_csrf_checks=True)
        third.get(self.profile)
        refused = third.post(reverse("set_language"), {
            "csrfmiddlewaretoken": tokens(miss).pop(), "language": "en", "next": "/"})
        self.assertEqual(refused.status_code, 403)

    def test_a_visitor_with_a_csrf_cookie_gets_a_token_for_it(self):
        Client().get(self.profile)
        client = Client(enforce_csrf_checks=True)
        client.get("/")  # the cookie first
        cookie = client.cookies[settings.CSRF_COOKIE_NAME].value
        hit = client.get(self.profile)
        self.assertEqual(state(hit), "hit")
        self.assertEqual(client.cookies[settings.CSRF_COOKIE_NAME].value, cookie)
        posted = client.post(reverse("set_language"), {
            "csrfmiddlewaretoken": tokens(hit).pop(), "language": "uk", "next": "/"})
        self.assertEqual(posted.status_code, 302)

    def test_a_hit_costs_one_query_and_keeps_the_security_headers(self):
        miss = self.client.get(self.profile)
        with self.assertNumQueries(1):  # the data version
            hit = Client().get(self.profile)
        self.assertEqual(state(hit), "hit")
        for header in ("Content-Type", "Content-Security-Policy", "X-Frame-Options",
                       "Referrer-Policy", "X-Content-Type-Options", "Permissions-Policy",
                       "Content-Language", "Cross-Origin-Opener-Policy"):
            self.assertEqual(hit.get(header), miss.get(header), header)
        self.assertIn("Cookie", hit["Vary"])
        self.assertIn("Accept-Language", hit["Vary"])

    def test_head_is_answered_from_the_cache_too(self):
        self.client.get(self.profile)
        self.assertEqual(state(Client().head(self.profile)), "hit")

    def test_an_edit_by_the_organisations_admin_shows_at_once(self):
        self.assertContains(Client().get(self.profile), "Fundacja Testowa")
        admin = Client()
        admin.force_login(self.alice)
        admin.post(reverse("organisations:edit", args=[self.org.slug]), {
            "name": "Fundacja Zmieniona", "kind": "foundation",
            "short_description_pl": "Nowy opis fundacji.",
        })
        response = Client().get(self.profile)
        self.assertEqual(state(response), "miss")
        self.assertContains(response, "Fundacja Zmieniona")
        self.assertContains(response, "Nowy opis fundacji.")
        listing = Client().get(reverse("organisations:list"))
        self.assertContains(listing, "Fundacja Zmieniona")

    def test_a_change_of_another_model_shows_too(self):
        event = make_event(self.org, capacity=10)
        url = reverse("meetings:event", args=[event.slug])
        self.assertEqual(Client().get(url).context["remaining"], 10)
        self.assertEqual(state(Client().get(url)), "hit")
        Registration.objects.create(event=event, name="Ola", email="ola@example.org",
                                    status=Registration.Status.CONFIRMED)
        response = Client().get(url)
        self.assertEqual(state(response), "miss")
        self.assertEqual(response.context["remaining"], 9)

    def test_a_rolled_back_change_leaves_no_page_behind(self):
        Client().get(self.profile)
        with transaction.atomic():
            services.do_update_organisation(self.alice, self.org, name="Nazwa Wycofana")
            self.assertContains(Client().get(self.profile), "Nazwa Wycofana")
            transaction.set_rollback(True)
        response = Client().get(self.profile)
        self.assertNotContains(response, "Nazwa Wycofana")
        self.assertContains(response, "Fundacja Testowa")

    def test_members_and_staff_never_get_nor_fill_a_cached_page(self):
        for user in (self.bob, self.staff):
            with self.subTest(user=user.email):
                page_cache_clear()
                Client().get(self.profile)  # cached for anonymous visitors
                signed_in = Client()
                signed_in.force_login(user)
                response = signed_in.get(self.profile)
                self.assertIsNone(state(response))
                self.assertContains(response, EMAIL)  # members and staff see it
                # Signed in first, then anonymous: nothing was kept from the signed-in page.
                page_cache_clear()
                signed_in.get(self.profile)
                anonymous = Client().get(self.profile)
                self.assertEqual(state(anonymous), "miss")
                self.assertNotContains(anonymous, EMAIL)
                for form in PHONE_FORMS:
                    self.assertNotContains(anonymous, form)
                self.assertNotContains(Client().get(self.profile), EMAIL)

    def test_a_staff_only_page_is_never_cached(self):
        pending = Organisation.objects.create(
            name="Grupa Oczekująca", slug="grupa-oczekujaca",
            kind=Organisation.Kind.INFORMAL_GROUP, status=Organisation.Status.PENDING)
        url = reverse("organisations:detail", args=[pending.slug])
        staff = Client()
        staff.force_login(self.staff)
        self.assertContains(staff.get(url), "Grupa Oczekująca")
        self.assertEqual(Client().get(url).status_code, 404)
        self.assertEqual(Client().get(url).status_code, 404)
        self.assertContains(staff.get(url), "Grupa Oczekująca")

    def test_any_other_cookie_means_no_cache(self):
        Client().get(self.profile)
        for name in (settings.SESSION_COOKIE_NAME, "messages",
                     "board_reader", "board_card_1", "something_else"):
            with self.subTest(cookie=name):
                client = Client()
                client.cookies[name] = "x"
                self.assertIsNone(state(client.get(self.profile)))
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pl"
        self.assertEqual(state(client.get(self.profile)), "hit")

    def test_credentials_mean_no_cache(self):
        Client().get(self.profile)
        response = Client().get(self.profile, headers={"Authorization": "Bearer wsp_x"})
        self.assertIsNone(state(response))

    def test_languages_never_mix(self):
        texts = {}
        for language in ("pl", "en", "uk"):
            Client().get(self.profile, headers={"Accept-Language": language})
            response = Client().get(self.profile, headers={"Accept-Language": language})
            self.assertEqual(state(response), "hit")
            self.assertContains(response, f'<html lang="{language}">')
            texts[language] = without_tokens(response)
        self.assertEqual(len(set(texts.values())), 3)
        # The cookie and ?lang= choose too.
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "uk"
        self.assertContains(client.get(self.profile), '<html lang="uk">')
        self.assertContains(Client().get(self.profile + "?lang=en"), '<html lang="en">')
        self.assertContains(Client().get(self.profile + "?lang=en"), '<html lang="en">')
        self.assertContains(Client().get(self.profile), '<html lang="pl">')

    def test_the_lang_parameter_still_sets_the_cookie_on_a_hit(self):
        Client().get(self.profile + "?lang=uk")
        client = Client()
        response = client.get(self.profile + "?lang=uk")
        self.assertEqual(state(response), "hit")
        self.assertEqual(client.cookies[settings.LANGUAGE_COOKIE_NAME].value, "uk")

    def test_htmx_requests_have_entries_of_their_own(self):
        search = reverse("search:search") + "?q=fundacja"
        htmx = {"HX-Request": "true", "HX-Target": "search-results"}
        self.assertEqual(state(Client().get(search, headers=htmx)), "miss")
        self.assertEqual(state(Client().get(search)), "miss")
        self.assertEqual(state(Client().get(search, headers=htmx)), "hit")
        self.assertEqual(state(Client().get(search, headers={"HX-Request": "true"})), "miss")
        self.assertEqual(state(Client().get(search)), "hit")

    def test_query_strings_are_pages_of_their_own(self):
        listing = reverse("organisations:list")
        first = Client().get(listing + "?kind=foundation")
        self.assertContains(first, "Fundacja Testowa")
        other = Client().get(listing + "?kind=association")
        self.assertEqual(state(other), "miss")
        self.assertContains(other, "Stowarzyszenie Inne")
        self.assertNotContains(other, "Fundacja Testowa")
        self.assertEqual(state(Client().get(listing + "?kind=foundation")), "hit")

    def test_errors_and_posts_are_not_cached(self):
        missing = reverse("organisations:detail", args=["no-such-organisation"])
        for _ in range(2):
            response = Client().get(missing)
            self.assertEqual(response.status_code, 404)
            self.assertIsNone(state(response))
        event = make_event(self.org)
        register = reverse("meetings:event", args=[event.slug])
        for _ in range(2):
            self.assertIsNone(state(Client().post(register, {})))

    def test_pages_outside_the_list_are_not_cached(self):
        for url in ("/api/organisations/", reverse("accounts:login"),
                    reverse("opendata:index")):
            with self.subTest(url=url):
                Client().get(url)
                self.assertIsNone(state(Client().get(url)))

    @override_settings(PAGE_CACHE_SECONDS=0)
    def test_zero_seconds_turns_it_off(self):
        for _ in range(2):
            response = Client().get(self.profile)
            self.assertIsNone(state(response))
            self.assertIsNotNone(response.context)

    def test_viewing_pages_changes_no_data_version(self):
        event = make_event(self.org)
        board = do_create_board(self.alice, self.org, title="Tablica", columns=["A"])
        before = versions.token(versions.PAGES)
        for url in ("/", reverse("organisations:list"), self.profile,
                    reverse("meetings:list"), reverse("meetings:event", args=[event.slug]),
                    reverse("boards:list"), reverse("boards:detail", args=[board.pk]),
                    reverse("news:list"), reverse("search:search") + "?q=fundacja"):
            with self.subTest(url=url):
                self.assertEqual(Client().get(url).status_code, 200)
                self.assertEqual(state(Client().get(url)), "hit")
        self.assertEqual(versions.token(versions.PAGES), before)

    def test_a_board_change_without_signals_still_shows(self):
        board = do_create_board(self.alice, self.org, title="Tablica", columns=["A", "B"])
        url = reverse("boards:detail", args=[board.pk])
        Client().get(url)
        poster = Client()
        poster.force_login(self.bob)
        first = board.columns.first()
        poster.post(reverse("boards:post", args=[board.pk]),
                    {"column": first.pk, "text": "Karta od Boba"})
        self.assertContains(Client().get(url), "Karta od Boba")

    @override_settings(MAP_TILE_URL="https://{s}.tiles.example.org/{z}/{x}/{y}.png")
    def test_a_pages_own_content_security_policy_is_kept(self):
        Location.objects.create(
            organisation=self.org, name="Klub", street_address="ul. Roosevelta 5",
            latitude=Decimal("51.12"), longitude=Decimal("17.03"))
        url = reverse("organisations:list") + "?view=map"
        miss = Client().get(url)
        hit = Client().get(url)
        self.assertEqual(state(hit), "hit")
        self.assertIn("tiles.example.org", hit["Content-Security-Policy"])
        self.assertEqual(hit["Content-Security-Policy"], miss["Content-Security-Policy"])
        self.assertNotIn("tiles.example.org",
                         Client().get(reverse("organisations:list"))["Content-Security-Policy"])

    def test_no_csp_nonce_is_used_on_cached_pages(self):
        response = Client().get(self.profile)
        self.assertEqual(state(response), "miss")
        self.assertNotIn("nonce-", response["Content-Security-Policy"])

    def test_a_login_changes_no_page(self):
        before = versions.token(versions.PAGES)
        user = make_user("eve@example.org", "Eve")
        after_sign_up = versions.token(versions.PAGES)
        self.assertNotEqual(after_sign_up, before)
        client = Client()
        self.assertTrue(client.login(email=user.email, password="correct horse battery staple 42"))
        self.assertEqual(versions.token(versions.PAGES), after_sign_up)


def page_cache_clear() -> None:
    from django.core.cache import cache

    cache.clear()


class RulesTestCase(SimpleTestCase):
    """The rules on their own."""

    def setUp(self) -> None:
        self.factory = RequestFactory()

    def test_split_at_tokens_cuts_only_the_secrets_tokens(self):
        from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret

        secret, other = _get_new_csrf_string(), _get_new_csrf_string()
        mine, theirs = _mask_cipher_secret(secret), _mask_cipher_secret(other)
        unrelated = "a" * 64
        content = f"<p>{mine}</p><i>{theirs}</i>{unrelated}<b>{mine}</b>".encode()
        parts = page_cache.split_at_tokens(content, secret)
        self.assertEqual(parts, [b"<p>", f"</p><i>{theirs}</i>{unrelated}<b>".encode(),
                                 b"</b>"])
        self.assertEqual(page_cache.split_at_tokens(content, None), [content])

    def test_which_requests_may_use_the_cache(self):
        self.assertTrue(page_cache.cacheable_request(self.factory.get("/")))
        self.assertTrue(page_cache.cacheable_request(self.factory.head("/")))
        self.assertFalse(page_cache.cacheable_request(self.factory.post("/")))
        self.assertFalse(page_cache.cacheable_request(
            self.factory.get("/", headers={"Authorization": "Basic eDp5"})))
        request = self.factory.get("/")
        request.COOKIES = {settings.CSRF_COOKIE_NAME: "x", settings.LANGUAGE_COOKIE_NAME: "en"}
        self.assertTrue(page_cache.cacheable_request(request))
        request.COOKIES["sessionid"] = "x"
        self.assertFalse(page_cache.cacheable_request(request))

    def test_which_answers_may_be_kept(self):
        request = self.factory.get("/")
        self.assertTrue(page_cache.storable(request, HttpResponse("<p>")))
        for response in (HttpResponse("<p>", status=404), HttpResponse("{}", "application/json")):
            self.assertFalse(page_cache.storable(request, response))
        with_cookie = HttpResponse("<p>")
        with_cookie.set_cookie("board_card_1", "secret")
        self.assertFalse(page_cache.storable(request, with_cookie))
        for control in ("private", "no-store", "no-cache, must-revalidate"):
            response = HttpResponse("<p>")
            response["Cache-Control"] = control
            self.assertFalse(page_cache.storable(request, response))
        varying = HttpResponse("<p>")
        varying["Vary"] = "HX-Request, User-Agent"
        self.assertFalse(page_cache.storable(request, varying))
        varying["Vary"] = "HX-Request, Accept-Language"
        self.assertTrue(page_cache.storable(request, varying))
        request._csp_nonce = "abc"
        self.assertFalse(page_cache.storable(request, HttpResponse("<p>")))

    def test_the_pages_scope_leaves_out_the_chatty_models(self):
        labels = {model._meta.label_lower for model in versions.watched_models(versions.PAGES)}
        self.assertIn("organisations.organisation", labels)
        self.assertIn("boards.card", labels)
        self.assertIn("meetings.registration", labels)
        self.assertIn("organisations.organisation_topics", labels)
        for excluded in versions.PAGES_EXCLUDED:
            self.assertNotIn(excluded, labels)
        self.assertNotIn("sessions.session", labels)


@override_settings(PAGE_CACHE_RECHECK_MS=60_000)
class RecheckTestCase(TransactionTestCase):
    """Production rereads the pages' version only every PAGE_CACHE_RECHECK_MS: a change made
    by another process shows after that long, one made by this process at once. (Outside a
    test transaction: inside any transaction the version is read every time.)"""

    def setUp(self) -> None:
        versions._recent.clear()
        self.org = Organisation.objects.create(
            name="Fundacja Pierwsza", slug="fundacja-pierwsza",
            status=Organisation.Status.APPROVED)
        self.profile = reverse("organisations:detail", args=[self.org.slug])

    def tearDown(self) -> None:
        versions._recent.clear()

    def test_another_processs_change_shows_once_the_version_is_read_again(self):
        self.assertEqual(state(Client().get(self.profile)), "miss")
        # Another process renames it and gives the pages a new version: this process does
        # not know yet (the same rows, changed behind its back).
        Organisation.objects.filter(pk=self.org.pk).update(name="Fundacja Druga")
        DataVersion.objects.filter(scope=versions.PAGES).update(token="another-process")
        stale = Client().get(self.profile)
        self.assertEqual(state(stale), "hit")
        self.assertContains(stale, "Fundacja Pierwsza")
        # Once the recheck time is up, the page is rendered again.
        read_at, kept = versions._recent[versions.PAGES]
        versions._recent[versions.PAGES] = (read_at - 61, kept)
        fresh = Client().get(self.profile)
        self.assertEqual(state(fresh), "miss")
        self.assertContains(fresh, "Fundacja Druga")

    def test_this_processs_own_change_shows_at_once(self):
        self.assertEqual(state(Client().get(self.profile)), "miss")
        self.assertEqual(state(Client().get(self.profile)), "hit")
        self.org.name = "Fundacja Nowa"
        self.org.save()
        fresh = Client().get(self.profile)
        self.assertEqual(state(fresh), "miss")
        self.assertContains(fresh, "Fundacja Nowa")
