"""Services: an organisation admin adds one in several languages, a visitor finds it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from wspolnie.directory.models import Language, Topic
from wspolnie.services.models import Service

from .axe import follow, visit
from .helpers import log_in_quickly, tr

pytestmark = pytest.mark.browser


def test_org_admin_adds_a_service_and_a_visitor_filters_for_it(new_page, personas, live_server):
    Language.for_codes(["pl", "uk", "ka"])
    Topic.objects.create(slug="legal-aid", names={"pl": "Pomoc prawna", "uk": "Правова допомога"})
    Topic.objects.create(slug="education", names={"pl": "Edukacja", "uk": "Освіта"})
    Service.objects.create(organisation=personas.other_org, name={"pl": "Kurs polskiego"})

    admin: Page = new_page()
    log_in_quickly(admin, personas.alice, live_server)
    visit(admin, f"/organisations/{personas.org.slug}/")
    follow(admin, admin.get_by_role("link", name=tr("pl", "Add a service")))
    name = admin.get_by_role("group", name=re.compile(rf"^{tr('pl', 'name').capitalize()}"))

    # Nothing typed in any language: the form says so and keeps the rest.
    admin.get_by_role("group", name=re.compile(tr("pl", "description"), re.I)).get_by_label(
        re.compile("^Polski")).fill("Dyżur prawnika w czwartki.")
    follow(admin, admin.get_by_role("button", name=tr("pl", "Save")))
    expect(name.get_by_label(re.compile("^Polski"))).to_have_attribute("aria-invalid", "true")

    name.get_by_label(re.compile("^Polski")).fill("Porady prawne dla rodzin z Gruzji")
    name.get_by_label(re.compile("^Українська")).fill("Юридичні консультації для родин з Грузії")
    admin.get_by_label("ქართული", exact=True).check()
    admin.get_by_label("Pomoc prawna", exact=True).check()
    follow(admin, admin.get_by_role("button", name=tr("pl", "Save")))
    expect(admin.get_by_role("status")).to_have_text(tr("pl", "The service is saved."))

    visitor: Page = new_page(locale="uk-UA")
    visit(visitor, "/services/")
    cards = visitor.locator(".card h3")
    expect(cards).to_have_count(2)
    facets = visitor.get_by_role("navigation", name=tr("uk", "Filter"))
    topic = facets.get_by_role("region", name=tr("uk", "Topic"))
    follow(visitor, topic.get_by_role("link", name=re.compile("^Правова допомога")))
    expect(cards).to_have_text(["Юридичні консультації для родин з Грузії"])
    follow(visitor, visitor.get_by_role("link", name=tr("uk", "Clear all filters")))
    expect(cards).to_have_count(2)
    # The text box: a word's beginning, in any language of the service.
    facets.get_by_role("searchbox").fill("юридичн")
    follow(visitor, facets.get_by_role("button", name=tr("uk", "Search")))
    expect(cards).to_have_text(["Юридичні консультації для родин з Грузії"])
    follow(visitor, visitor.get_by_role("link", name="Юридичні консультації для родин з Грузії"))
    # No Ukrainian description: the Polish one, marked as Polish for screen readers.
    expect(visitor.locator('[lang="pl"]', has_text="Dyżur prawnika")).to_be_visible()
