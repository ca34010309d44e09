"""The frame every page shares (base.html): where am I (menu, breadcrumbs), what next (empty
lists), who is this (an organisation's logo or initials)."""

from __future__ import annotations

import re

from django.template import Context, Template
from django.test import SimpleTestCase

from tests.base import BaseTestCase
from wspolnie.core import versions
from wspolnie.organisations.models import Organisation


def current_links(content: str) -> list[tuple[str, str]]:
    """(aria-current value, link text) of the main menu's marked links."""
    nav = re.search(r'<nav aria-label="Main">(.*?)</nav>', content, re.S).group(1)
    return [
        (value, re.sub(r"<[^>]+>", "", text).strip())
        for value, text in re.findall(r'<a [^>]*aria-current="(\w+)"[^>]*>(.*?)</a>', nav, re.S)
    ]


def breadcrumbs(content: str) -> list[tuple[str, str, bool]]:
    """(href, text, is current) of the breadcrumb trail, [] for none."""
    trail = re.search(
        r'<nav class="breadcrumbs" aria-label="[^"]+"><ol>(.*?)</ol></nav>', content, re.S
    )
    if not trail:
        return []
    return [
        (href, text, bool(current))
        for href, current, text in re.findall(
            r'<li><a href="([^"]+)"( aria-current="page")?>(.*?)</a></li>', trail.group(1)
        )
    ]


class NavigationTestCase(BaseTestCase):
    def get(self, path: str) -> str:
        return self.client.get(path, headers={"accept-language": "en"}).content.decode()

    def test_the_menu_marks_the_section_of_the_page(self):
        self.assertEqual(current_links(self.get("/organisations/")), [("page", "Organisations")])
        self.assertEqual(
            current_links(self.get(f"/organisations/{self.org.slug}/")), [("true", "Organisations")]
        )
        self.assertEqual(current_links(self.get("/meetings/")), [("page", "Meetings")])
        self.assertEqual(current_links(self.get("/accounts/login/")), [("page", "Log in")])
        self.assertEqual(current_links(self.get("/")), [])

    def test_signed_in_the_menu_marks_the_account_section(self):
        self.login(self.bob)
        self.assertEqual(current_links(self.get("/accounts/profile/")), [("page", "My profile")])

    def test_a_nested_page_has_breadcrumbs_ending_with_itself(self):
        self.assertEqual(
            breadcrumbs(self.get(f"/organisations/{self.org.slug}/")),
            [
                ("/", "Home", False),
                ("/organisations/", "Organisations", False),
                (f"/organisations/{self.org.slug}/", "Fundacja Testowa", True),
            ],
        )
        self.assertEqual(breadcrumbs(self.get("/organisations/")), [])

    def test_breadcrumbs_name_the_page_in_the_language_of_the_page(self):
        self.login(self.alice)
        content = self.client.get(
            f"/organisations/{self.org.slug}/edit/", headers={"accept-language": "uk"}
        ).content.decode()
        trail = re.search(r'<nav class="breadcrumbs" aria-label="([^"]+)">', content)
        self.assertEqual(trail.group(1), "Навігаційний ланцюжок")
        self.assertEqual(
            breadcrumbs(content)[1:],
            [
                ("/organisations/", "Організації", False),
                (f"/organisations/{self.org.slug}/", "Fundacja Testowa", False),
                (f"/organisations/{self.org.slug}/edit/", "Редагування: Fundacja Testowa", True),
            ],
        )


class OrganisationFaceTestCase(BaseTestCase):
    def test_the_profile_shows_the_short_description_only_without_a_long_one(self):
        short = self.org.short_description["pl"]

        def without_structured_data(response) -> str:
            # The schema.org JSON-LD block (data for machines, not shown) describes the
            # organisation with its short description whatever the page shows.
            return re.sub(r'<script type="application/ld\+json">.*?</script>', "",
                          response.content.decode(), flags=re.S)

        response = self.client.get(self.org.get_absolute_url())
        # The meta description and the text.
        self.assertEqual(without_structured_data(response).count(short), 2)
        Organisation.objects.filter(pk=self.org.pk).update(
            description={"pl": "Długi opis: kursy, dyżury i spotkania."}
        )
        versions.bump(versions.DIRECTORY)  # as every bulk writer does (no signal was sent)
        response = self.client.get(self.org.get_absolute_url())
        # The meta description only.
        self.assertEqual(without_structured_data(response).count(short), 1)
        self.assertContains(response, "Długi opis: kursy, dyżury i spotkania.")

    def test_an_organisation_without_a_logo_shows_its_initials(self):
        response = self.client.get("/organisations/")
        self.assertContains(response, '<span class="avatar avatar-tone-', count=2)
        self.assertContains(response, 'aria-hidden="true">FT</span>', html=False)
        response = self.client.get(self.org.get_absolute_url())
        self.assertContains(response, 'aria-hidden="true">FT</span>', html=False)

    def test_an_empty_result_says_what_to_do_next(self):
        response = self.client.get("/organisations/?q=zzzqqq", headers={"accept-language": "en"})
        self.assertContains(response, "No organisation matches these filters.")
        self.assertContains(response, "Try fewer filters or other words.")
        self.assertContains(response, 'href="/organisations/">Clear the filters</a>')
        Organisation.objects.all().delete()
        response = self.client.get("/organisations/", headers={"accept-language": "pl"})
        self.assertContains(response, "Dodaj ją do katalogu.")


class LayoutFiltersTestCase(SimpleTestCase):
    def render(self, source: str) -> str:
        return Template(source).render(Context())

    def test_initials_take_the_first_letters_of_two_words(self):
        for name, expected in [
            ("Fundacja Ukraina", "FU"),
            ("ARAW", "AR"),
            ("„Nomada” Stowarzyszenie", "NS"),
            ("Громада", "ГР"),
            ("", ""),
        ]:
            self.assertEqual(
                self.render("{{ name|initials }}".replace("name", repr(name))), expected, name
            )

    def test_an_icon_is_inline_decorative_svg(self):
        svg = self.render('{% icon "search" %}')
        self.assertTrue(svg.startswith('<svg class="icon" aria-hidden="true" focusable="false"'))
        self.assertIn("<circle", svg)
        self.assertNotIn("license", svg)
