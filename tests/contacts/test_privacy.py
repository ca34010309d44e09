"""THE privacy test: a contact person's staff-only phone number (+48 600 100 200) and
members-only e-mail address never reach anyone who may not see them — not on a page, in the
API, in search results or snippets, in a feed or in an export — while staff do see them."""

from __future__ import annotations

import contextlib
import itertools
import json
import re
from urllib.parse import quote, quote_plus

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils.html import escape

from wspolnie.contacts.models import ContactPerson
from wspolnie.core import versions

from .base import EMAIL, NAME, ContactsTestCase

PARAMETER = r"<(?:\w+:)?(\w+)>"


def _routes(resolver: URLResolver, prefix: str = ""):
    """Every URL route of the project (regex routes too, their named groups as <name>)."""
    for entry in resolver.url_patterns:
        if isinstance(entry.pattern, RoutePattern):
            route = prefix + str(entry.pattern)
        elif isinstance(entry.pattern, RegexPattern):
            regex = str(entry.pattern).removeprefix("^").removesuffix("$").removesuffix(r"\Z")
            route = prefix + re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", regex).replace("\\", "")
        else:  # pragma: no cover
            raise AssertionError(f"Unknown pattern {entry.pattern!r}")
        if isinstance(entry, URLResolver):
            yield from _routes(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


def without_echo(text: str, query: str) -> str:
    """The response without the copies of the query itself (in the search box, the page
    title, the "nothing found for ..." message, links to further pages)."""
    for echo in {query, escape(query), quote(query), quote_plus(query), json.dumps(query)}:
        text = text.replace(echo, "")
    return text


class PrivacyTestCase(ContactsTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.profile_url = reverse("organisations:detail", args=[self.org.slug])
        self.api_url = f"/api/contacts/{self.org.slug}"

    def client_for(self, user) -> Client:
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        return client

    def outsiders(self) -> dict:
        """Everyone who may see neither the phone (staff only) nor, for some, the e-mail."""
        return {
            "anonymous": None,
            "signed-up user without an organisation": self.dave,
            "member of the same organisation": self.bob,
            "admin of another organisation": self.charlie,
        }

    # --- pages -------------------------------------------------------------------------

    def test_the_profile_page_hides_the_phone_from_outsiders(self):
        for label, user in self.outsiders().items():
            html = self.client_for(user).get(self.profile_url).content.decode()
            self.assertIn(NAME, html, label)  # the contact is there ...
            self.assert_no_phone(html, f"on the profile page to {label}")  # ... its phone not

    def test_the_profile_page_shows_the_email_only_to_members_of_the_hub(self):
        for user in (None, self.dave):
            html = self.client_for(user).get(self.profile_url).content.decode()
            self.assertNotIn(EMAIL, html)
        for user in (self.bob, self.charlie):
            html = self.client_for(user).get(self.profile_url).content.decode()
            self.assertIn(EMAIL, html)

    def test_staff_and_the_organisations_admins_see_the_phone(self):
        for user in (self.staff, self.alice):
            html = self.client_for(user).get(self.profile_url).content.decode()
            self.assert_phone_shown(html, str(user))
            self.assertIn('href="tel:+48600100200"', html)
            self.assertIn(EMAIL, html)

    def test_the_organisations_list_does_not_show_the_phone(self):
        for label, user in {**self.outsiders(), "staff": self.staff}.items():
            html = self.client_for(user).get(reverse("organisations:list")).content.decode()
            self.assert_no_phone(html, f"on the organisations list to {label}")

    def test_no_page_of_the_site_shows_the_phone_to_outsiders(self):
        # Every GET URL of the project — present and future pages, feeds, exports, search,
        # API — with this organisation and this contact as parameters (and, for search, a
        # query that finds the contact).
        # Parameters get every value worth trying (others: "x"), e.g. each kind of export.
        params = {
            "slug": [self.org.slug],
            "pk": [str(self.contact.pk)],
            "entity": ["organisations", "services", "channels", "contacts"],
            "file_format": ["csv", "json"],
        }
        urls = set()
        for route in _routes(get_resolver()):
            if route.startswith("admin/"):
                continue
            names = list(dict.fromkeys(re.findall(PARAMETER, route)))
            for values in itertools.product(*(params.get(name, ["x"]) for name in names)):
                chosen = dict(zip(names, values, strict=True))
                urls.add("/" + re.sub(PARAMETER, lambda m, c=chosen: c[m.group(1)], route))
        self.assertIn(self.profile_url, urls)
        self.assertIn(f"/api/contacts/{self.org.slug}/{self.contact.pk}", urls)
        # (charlie sees at the same level as bob: members of the hub)
        outsiders = {k: v for k, v in self.outsiders().items() if v != self.charlie}
        for label, user in outsiders.items():
            client = self.client_for(user)
            for url in sorted(urls):
                queries = [{}, {"q": NAME}] if "search" in url else [{}]
                for query in queries:
                    response = client.get(url, query)
                    body = b"".join(response) if response.streaming else response.content
                    text = body.decode(errors="replace")
                    self.assert_no_phone(text, f"at {url} {query} to {label}")
                    if user in (None, self.dave):  # members-only: not for them
                        self.assertNotIn(EMAIL, text, f"at {url} {query} to {label}")

    # --- API ---------------------------------------------------------------------------

    def test_the_api_hides_the_phone_from_anonymous_callers(self):
        for url in (self.api_url, f"{self.api_url}/{self.contact.pk}"):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200)
            self.assert_no_phone(response.content.decode(), f"in {url}")
            self.assertNotIn(EMAIL, response.content.decode())
        item = self.client.get(self.api_url).json()[0]
        self.assertEqual(item["name"], NAME)
        self.assertIsNone(item["phone"])
        self.assertIsNone(item["phone_e164"])
        self.assertIsNone(item["email"])

    def test_the_api_hides_the_phone_from_member_tokens(self):
        for user in (self.bob, self.charlie, self.dave):
            token = self.token_for(user)
            for url in (self.api_url, f"{self.api_url}/{self.contact.pk}"):
                response = self.api("get", url, token=token)
                self.assertEqual(response.status_code, 200)
                self.assert_no_phone(response.content.decode(), f"in {url} for {user}")
        item = self.api("get", self.api_url, token=self.token_for(self.bob)).json()[0]
        self.assertEqual(item["email"], EMAIL)  # members of the hub see the e-mail address
        self.assertIsNone(item["phone"])

    def test_the_api_hides_the_phone_from_member_sessions(self):
        client = self.client_for(self.bob)
        response = client.get(self.api_url)
        self.assertEqual(response.status_code, 200)
        self.assert_no_phone(response.content.decode())

    def test_the_api_shows_the_phone_to_staff(self):
        item = self.api("get", self.api_url, token=self.token_for(self.staff)).json()[0]
        self.assertEqual(item["phone"], "+48 600 100 200")
        self.assertEqual(item["phone_e164"], "+48600100200")
        self.assertEqual(item["email"], EMAIL)

    def test_the_openapi_document_holds_no_contact_data(self):
        text = self.client.get("/api/openapi.json").content.decode()
        self.assert_no_phone(text)

    # --- search ------------------------------------------------------------------------

    def test_search_results_never_show_the_phone(self):
        try:
            search_url = reverse("search:search")
        except NoReverseMatch:
            pytest.skip("the search app (search:search, /api/search/) is not there yet")
        with contextlib.suppress(CommandError):  # (or it indexes on save only)
            call_command("rebuild_search_index", verbosity=0)
        # The page repeats the query ("Nothing found for ..."): that copy is not a leak.
        queries = [NAME, "Koordynacja", "dialogu", "600 100 200", "+48600100200", "600100200"]
        for label, user in {**self.outsiders(), "staff": self.staff}.items():
            client = self.client_for(user)
            for query in queries:
                for url in (search_url, "/api/search/"):
                    response = client.get(url, {"q": query})
                    self.assertLess(response.status_code, 500, f"{url} {query}")
                    text = without_echo(response.content.decode(), query)
                    self.assert_no_phone(text, f"in {url}?q={query} for {label}")
                    self.assertNotIn(EMAIL, text, f"in {url}?q={query} for {label}")

    # --- exports -----------------------------------------------------------------------

    def test_the_gdpr_export_is_closed_to_outsiders(self):
        page = reverse("contacts:export", args=[self.org.slug, self.contact.pk])
        api = f"{self.api_url}/{self.contact.pk}/export"
        for label, user in self.outsiders().items():
            response = self.client_for(user).get(page)
            self.assertIn(response.status_code, (302, 403), label)
            self.assert_no_phone(response.content.decode(), f"in the export page to {label}")
            token = self.token_for(user) if user else None
            response = self.api("get", api, token=token)
            self.assertIn(response.status_code, (401, 403), label)
            self.assert_no_phone(response.content.decode(), f"in the API export to {label}")

    def test_the_gdpr_export_gives_staff_the_phone(self):
        page = reverse("contacts:export", args=[self.org.slug, self.contact.pk])
        response = self.client_for(self.staff).get(page)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["contact"]["phone"], "+48 600 100 200")

    # --- after a change of visibility --------------------------------------------------

    def test_a_phone_made_public_shows_and_made_staff_only_again_hides(self):
        # QuerySet.update() sends no signal: as every bulk writer must, the test says that the
        # pages changed (the product changes visibility through saves, which bump).
        ContactPerson.objects.filter(pk=self.contact.pk).update(phone_visibility="public")
        versions.bump(versions.PAGES)
        self.assert_phone_shown(self.client.get(self.profile_url).content.decode())
        ContactPerson.objects.filter(pk=self.contact.pk).update(phone_visibility="staff")
        versions.bump(versions.PAGES)
        self.assert_no_phone(self.client.get(self.profile_url).content.decode())
