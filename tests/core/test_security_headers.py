"""Content-Security-Policy and Permissions-Policy, as the production settings send them, and
pages that keep to the policy they declare (no inline script, no event-handler attribute, no
inline style outside the mail previews).

The browser suite (tests/browser/csp.py) checks the same in Chromium on the pages it drives.
"""

from __future__ import annotations

from html.parser import HTMLParser

from django.conf import settings
from django.test import Client, SimpleTestCase, TestCase

from tests.base import BaseTestCase
from tests.core.page_walk import DemoPagesTestCase, is_html


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    found = {}
    for part in header.split(";"):
        name, *values = part.split()
        found[name] = values
    return found


class PolicyInProductionSettingsTestCase(TestCase):
    def test_the_test_run_uses_the_production_settings_with_debug_off(self):
        self.assertFalse(settings.DEBUG)
        self.assertIn("csp.middleware.CSPMiddleware", settings.MIDDLEWARE)

    def test_pages_allow_scripts_and_styles_only_from_the_site_and_are_never_framed(self):
        for url in ["/", "/organisations/", "/accounts/login/", "/admin/login/", "/api/docs",
                    "/no-such-page/"]:
            with self.subTest(url=url):
                policy = directives(Client().get(url))
                self.assertEqual(policy["script-src"], ["'self'"])
                self.assertEqual(policy["style-src"], ["'self'"])
                self.assertNotIn("style-src-attr", policy)
                self.assertEqual(policy["default-src"], ["'self'"])
                self.assertEqual(policy["object-src"], ["'none'"])
                self.assertEqual(policy["base-uri"], ["'self'"])
                self.assertEqual(policy["form-action"], ["'self'"])
                self.assertEqual(policy["frame-ancestors"], ["'none'"])

    def test_api_answers_carry_the_policy_too(self):
        response = Client().get("/api/organisations/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(directives(response)["default-src"], ["'self'"])

    def test_the_camera_is_for_the_site_itself_and_other_powerful_features_are_off(self):
        header = Client().get("/")["Permissions-Policy"]
        features = dict(part.strip().split("=", 1) for part in header.split(","))
        self.assertEqual(features["camera"], "(self)")
        for feature in ["geolocation", "microphone", "payment", "usb", "display-capture"]:
            with self.subTest(feature=feature):
                self.assertEqual(features[feature], "()")

    def test_the_api_documentation_is_served_from_our_own_static_files(self):
        html = Client().get("/api/docs").content.decode()
        self.assertIn("/static/ninja/swagger-ui-bundle.js", html)
        self.assertNotIn("cdn.", html)


class MailPreviewPolicyTestCase(BaseTestCase):
    def test_only_the_mail_preview_pages_allow_style_attributes(self):
        from tests.newsletter.issue_factories import make_announcement
        from wspolnie.newsletter import issues

        issue = issues.do_create_issue(self.staff, [make_announcement()],
                                       subject={"pl": "Wiadomości"})
        self.client.force_login(self.staff)
        response = self.client.get(f"/newsletter/issues/{issue.pk}/")
        self.assertEqual(response.status_code, 200)
        policy = directives(response)
        self.assertEqual(policy["style-src-attr"], ["'unsafe-inline'"])
        self.assertEqual(policy["script-src"], ["'self'"])
        self.assertEqual(policy["style-src"], ["'self'"])
        self.assertNotIn("style-src-attr", directives(self.client.get("/newsletter/issues/")))


DATA_BLOCKS = ("application/json", "application/ld+json")


class _InlineCode(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.styles: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _value in attrs}
        values = dict(attrs)
        # JSON and JSON-LD (schema.org) are data blocks, not code: nothing runs them.
        if tag == "script" and "src" not in names and values.get("type") not in DATA_BLOCKS:
            self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style> element")
        self.found += [f"{name}= on <{tag}>" for name in names if name.startswith("on")]
        if "style" in names:
            self.styles.append(f"style= on <{tag}>")
        for name in ("href", "src", "action"):
            if (values.get(name) or "").strip().lower().startswith("javascript:"):
                self.found.append(f"javascript: URL in {name} of <{tag}>")


class PagesKeepToTheirPolicyTestCase(DemoPagesTestCase):
    def test_no_page_of_the_walk_has_inline_code_its_policy_would_refuse(self):
        problems = []
        for who in [None, self.staff]:
            client = Client()
            if who is not None:
                client.force_login(who)
            for url, route in self.page_urls():
                if route == "accounts/logout/":
                    continue
                response = client.get(url)
                if not is_html(response) or response.status_code in (301, 302, 303):
                    continue
                parser = _InlineCode()
                parser.feed(response.content.decode())
                allowed = directives(response).get("style-src-attr", [])
                found = parser.found + ([] if "'unsafe-inline'" in allowed else parser.styles)
                problems += [f"{url} ({who}): {problem}" for problem in found]
        self.assertEqual(sorted(set(problems)), [])


class DeploySettingsTestCase(SimpleTestCase):
    def test_the_policies_are_part_of_the_settings_module_not_only_of_the_tests(self):
        from wspolnie import settings as production

        self.assertEqual(production.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"],
                         ["'self'"])
        self.assertIn("django_permissions_policy.PermissionsPolicyMiddleware",
                      production.MIDDLEWARE)
