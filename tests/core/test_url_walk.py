"""Walk every URL pattern of the project as each persona: nothing may answer with a 5xx.

GET in the site's default language is the permission matrix's (test_permission_matrix.py,
which checks the expected status of every persona); here: GET in the other languages, empty
POSTs, POSTs without a CSRF token and odd query parameters.

A new URL parameter needs a value in `params` (setUp); the test says so when one is missing.
"""

from __future__ import annotations

import re
import traceback
from urllib.parse import urlencode

from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

from tests.base import BaseTestCase
from wspolnie.accounts import services

#: Admin pages are Django's own; only these two are walked.
ADMIN_PAGES = {"admin/", "admin/login/"}
#: <name> or <converter:name> in a route.
PARAMETER = r"<(?:\w+:)?(\w+)>"


def _regex_to_route(regex: str) -> str:
    """'^api/(?P<path>.*)$' -> 'api/<path>' (named groups become route parameters)."""
    regex = regex.removeprefix("^").removesuffix("$").removesuffix(r"\Z")
    route, i = "", 0
    while i < len(regex):
        match = re.match(r"\(\?P<(\w+)>", regex[i:])
        if match is None:
            route += regex[i]
            i += 1
            continue
        depth, j = 1, i + match.end()
        while depth:
            depth += {"(": 1, ")": -1}.get(regex[j], 0)
            j += 1
        route += f"<{match.group(1)}>"
        i = j
    return route.replace("\\", "")


def _route_of(entry: URLPattern | URLResolver) -> str:
    if isinstance(entry.pattern, RoutePattern):
        return str(entry.pattern)
    if isinstance(entry.pattern, RegexPattern):
        return _regex_to_route(str(entry.pattern))
    raise AssertionError(f"Unknown pattern type {entry.pattern!r}")


def walk(resolver: URLResolver, prefix: str = ""):
    """(route, name) for every URL pattern under the resolver, recursively."""
    for entry in resolver.url_patterns:
        route = prefix + _route_of(entry)
        if isinstance(entry, URLResolver):
            yield from walk(entry, route)
        else:
            yield route, entry.name


def walk_params(org, token) -> dict[str, str]:
    """The test value of every route parameter: the personas' organisation, bob's API token
    (tests/base.py), values that name nothing elsewhere. Shared with the permission matrix
    (tests/core/test_permission_matrix.py)."""
    return {
        "slug": org.slug,
        "pk": str(token.pk),
        "token": "some-token",
        "uidb64": "MQ",
        "path": "no-such-endpoint",
        "language": "uk",
        "platform": "telegram",
        "chart": "meetings-held",
        "extension": "csv",
        "file_format": "gexf",
        "code": "no-such-code",
    }


def project_urls(params: dict[str, str]) -> tuple[list[tuple[str, str]], set[str]]:
    """(url, route) pairs of every project URL, admin internals left out, and the route
    parameters `params` has no value for."""
    found = []
    missing = set()
    for route, _name in walk(get_resolver()):
        if route.startswith("admin/") and route not in ADMIN_PAGES:
            continue
        names = re.findall(PARAMETER, route)
        missing.update(f"{name} (in {route})" for name in names if name not in params)
        url = "/" + re.sub(PARAMETER, lambda m: params.get(m.group(1), "x"), route)
        found.append((url, route))
    return found, missing


class UrlWalkTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.token = services.do_create_api_token(self.bob, "walk")[0]
        self.params = walk_params(self.org, self.token)

    def urls(self) -> list[tuple[str, str]]:
        """(url, route) pairs: every project URL, admin internals left out."""
        found, missing = project_urls(self.params)
        self.assertFalse(missing, f"add a test value to params for: {sorted(missing)}")
        return found

    def personas(self) -> dict[str, object]:
        return {
            "anonymous": None,
            "member": self.bob,
            "org admin": self.alice,
            "other org's admin": self.charlie,
            "staff": self.staff,
        }

    def check(self, method: str, urls, personas, languages, **client_kwargs) -> list[str]:
        failures = []
        everyone = self.personas()
        for label in personas:
            who = everyone[label]
            for language in languages:
                client = Client(**client_kwargs)
                client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
                for url, route in urls:
                    if route.startswith("api/") and language != languages[0]:
                        # The API's answers do not depend on the UI language beyond the
                        # translated "detail" (checked by the catalogue tests): one is enough,
                        # and it keeps the walk (the suite's slowest test) shorter.
                        continue
                    if who is not None and client.session.get("_auth_user_id") != str(who.pk):
                        # Again after the walk has POSTed to the logout URL.
                        client.force_login(who)
                    where = f"{method.upper()} {url} ({route}) as {label}, {language}"
                    try:
                        response = getattr(client, method)(url)
                    except Exception:
                        failures.append(f"{where}: raised\n{traceback.format_exc(limit=-1)}")
                        continue
                    if response.status_code >= 500:
                        failures.append(f"{where}: {response.status_code}")
        return failures

    def walk_as(self, persona: str, method: str, **client_kwargs) -> None:
        """Every page as one persona: in every UI language for the anonymous visitor and
        staff (between them they reach every page a language could break), in the default
        language for the others, whose own permission paths do not depend on the language.
        One test per persona, so that the parallel runner spreads the suite's slowest walk."""
        urls = self.urls()
        if method == "post":
            urls = [(url, route) for url, route in urls if not route.startswith("admin/")]
        if persona in ("anonymous", "staff"):
            languages = [code for code, _name in settings.LANGUAGES]
            if method == "get":
                # The default language's GET is the permission matrix's
                # (tests/core/test_permission_matrix.py), which also checks each status.
                languages.remove(settings.LANGUAGE_CODE)
        else:
            languages = [settings.LANGUAGE_CODE]
        failures = self.check(method, urls, [persona], languages, **client_kwargs)
        if failures:
            self.fail("\n".join(failures))

    def test_no_page_fails_on_get_as_anonymous(self):
        self.walk_as("anonymous", "get")

    # GET as a member and as the organisations' admins, in the default language (all they
    # need, see walk_as): the permission matrix (tests/core/test_permission_matrix.py) does
    # it, with the status each must get.

    def test_no_page_fails_on_get_as_staff(self):
        self.walk_as("staff", "get")

    def test_no_page_fails_on_an_empty_post_as_anonymous(self):
        self.walk_as("anonymous", "post")

    def test_no_page_fails_on_an_empty_post_as_member(self):
        self.walk_as("member", "post")

    def test_no_page_fails_on_an_empty_post_as_org_admin(self):
        self.walk_as("org admin", "post")

    def test_no_page_fails_on_an_empty_post_as_other_orgs_admin(self):
        self.walk_as("other org's admin", "post")

    def test_no_page_fails_on_an_empty_post_as_staff(self):
        self.walk_as("staff", "post")

    def test_the_walk_finds_every_part_of_the_site(self):
        urls = {url for url, _route in self.urls()}
        for expected in [
            "/",
            "/accounts/login/",
            "/accounts/reset/MQ/some-token/",
            f"/accounts/profile/tokens/{self.token.pk}/revoke/",
            "/organisations/fundacja-testowa/edit/",
            "/organisations/fundacja-testowa/history/",
            "/i18n/setlang/",
            "/api/docs",
            "/api/openapi.json",
            "/api/organisations/fundacja-testowa",
            "/api/no-such-endpoint",
            "/admin/",
            "/admin/login/",
            "/library/",
            "/library/organisation/fundacja-testowa/new/",
            "/notes/",
            "/notes/feed/",
            "/notes/meeting/fundacja-testowa/new/",
        ]:
            self.assertIn(expected, urls)
        self.assertFalse([url for url in urls if url.startswith("/admin/auth/")])

    def walk_with_odd_query_parameters(self, persona: str) -> None:
        # ?next= back to the page itself, and page numbers that are not page numbers.
        urls = [
            (f"{url}?{urlencode({'next': url, 'page': page})}", route)
            for url, route in self.urls()
            for page in ("-1", "abc")
        ]
        failures = self.check("get", urls, [persona], [settings.LANGUAGE_CODE])
        if failures:
            self.fail("\n".join(failures))

    # The parameters are read by the pages' own code, the same for a member and an
    # organisation admin, and for both organisations' admins: three personas suffice.
    def test_no_page_fails_on_odd_query_parameters_as_anonymous(self):
        self.walk_with_odd_query_parameters("anonymous")

    def test_no_page_fails_on_odd_query_parameters_as_org_admin(self):
        self.walk_with_odd_query_parameters("org admin")

    def test_no_page_fails_on_odd_query_parameters_as_staff(self):
        self.walk_with_odd_query_parameters("staff")

    def test_no_page_fails_on_a_post_without_csrf_token(self):
        urls = [(url, route) for url, route in self.urls() if not route.startswith("admin/")]
        failures = self.check(
            "post", urls, list(self.personas()), [settings.LANGUAGE_CODE], enforce_csrf_checks=True
        )
        if failures:
            self.fail("\n".join(failures))
