"""The organisations directory in a real browser: facets, profile editing, moderation."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from wspolnie.directory.models import Language, Topic
from wspolnie.organisations.models import Location, Organisation

from .axe import check_a11y, follow, visit
from .helpers import field, log_in_quickly, tr, verbose

pytestmark = pytest.mark.browser


@pytest.fixture
def directory(personas):
    education = Topic.objects.create(slug="education", names={"pl": "Edukacja",
                                                              "en": "Education"})
    culture = Topic.objects.create(slug="culture", names={"pl": "Kultura", "en": "Culture"})
    personas.org.topics.set([education])
    personas.org.languages.set(Language.for_codes(["pl", "uk"]))
    personas.other_org.topics.set([education, culture])
    personas.other_org.languages.set(Language.for_codes(["pl"]))
    third = Organisation.objects.create(
        name="Klub Kultury", slug="klub-kultury", kind="ngo", status="approved"
    )
    third.topics.set([culture])
    third.languages.set(Language.for_codes(["uk"]))
    return personas


def facet_value(page: Page, facet: str, value: str):
    return page.locator(f'.facets a[data-facet="{facet}"][data-value="{value}"]')


def count_of(page: Page, facet: str, value: str) -> str:
    return facet_value(page, facet, value).locator(".count").inner_text().split()[-1]


def result_names(page: Page) -> list[str]:
    return page.locator(".card-grid h3").all_inner_texts()


def test_facets_combine_update_their_counts_and_make_a_shareable_url(
    page: Page, new_page, directory
):
    visit(page, "/organisations/")
    expect(page.get_by_role("heading", level=1)).to_have_text(tr("pl", "Organisations"))
    assert count_of(page, "topic", "education") == "2"
    assert count_of(page, "language", "uk") == "2"
    assert sorted(result_names(page)) == sorted(
        ["Fundacja Testowa", "Stowarzyszenie Inne", "Klub Kultury"]
    )

    follow(page, facet_value(page, "topic", "education"))
    expect(page).to_have_url(re.compile(r"/organisations/\?topic=education$"))
    expect(facet_value(page, "topic", "education")).to_have_attribute("aria-current", "true")
    assert sorted(result_names(page)) == ["Fundacja Testowa", "Stowarzyszenie Inne"]
    # Within "education", Ukrainian is spoken by one organisation only.
    assert count_of(page, "language", "uk") == "1"
    # The topic facet still offers "culture" (counted without the topic filter).
    assert count_of(page, "topic", "culture") == "2"

    follow(page, facet_value(page, "language", "uk"))
    expect(page).to_have_url(re.compile(r"\?topic=education&language=uk$"))
    assert result_names(page) == ["Fundacja Testowa"]
    assert count_of(page, "topic", "education") == "1"
    assert count_of(page, "language", "pl") == "2"
    heading = page.get_by_role("heading", name=re.compile(r"^1 "))
    expect(heading).to_be_visible()
    shared_url = page.url

    # Someone opening the shared link sees the same selection.
    other = new_page(locale="en-GB")
    visit(other, shared_url)
    assert result_names(other) == ["Fundacja Testowa"]
    expect(facet_value(other, "language", "uk")).to_have_attribute("aria-current", "true")
    expect(other.get_by_role("heading", name=tr("en", "Topic"))).to_be_visible()

    # Removing a filter from the "active filters" list widens the result again.
    follow(page, page.locator(".active-filters a", has_text="Українська"))
    expect(page).to_have_url(re.compile(r"\?topic=education$"))
    assert len(result_names(page)) == 2

    # The list layout and the printable version keep the filters.
    follow(page, page.get_by_role("link", name=tr("pl", "List"), exact=True))
    expect(page).to_have_url(re.compile(r"\?topic=education&view=list$"))
    expect(page.locator(".org-list h3")).to_have_count(2)
    follow(page, page.get_by_role("link", name=tr("pl", "Printable version")))
    expect(page.get_by_role("table")).to_contain_text("Stowarzyszenie Inne")
    expect(page.get_by_role("table")).not_to_contain_text("Klub Kultury")


def test_profile_edit_shows_languages_side_by_side_with_completeness(
    page: Page, directory, live_server
):
    organisation = directory.org
    organisation.description = {"pl": "Pomagamy rodzinom."}
    organisation.save()
    log_in_quickly(page, directory.alice, live_server)
    visit(page, f"/organisations/{organisation.slug}/")
    follow(page, page.get_by_role("link", name=tr("pl", "Edit profile")))

    boxes = [page.locator(f'textarea[name="description_{code}"]') for code in ("pl", "en", "uk")]
    for box, code in zip(boxes, ("pl", "en", "uk"), strict=True):
        expect(box).to_have_attribute("lang", code)
    first, second, third = (box.bounding_box() for box in boxes)
    assert first["y"] == second["y"] == third["y"], "the languages are not side by side"
    assert first["x"] < second["x"] < third["x"]
    description = page.get_by_role("group", name=tr("pl", "Description"), exact=True)
    expect(description.get_by_role("textbox", name="English (en)")).to_be_visible()
    # The short description has a box per language too.
    short = page.get_by_role("group", name=verbose("pl", Organisation, "short_description"))
    short_english = short.get_by_role("textbox", name="English (en)")
    expect(short_english).to_have_attribute("lang", "en")

    summary = page.locator("[data-completeness-summary]")
    english_summary = summary.locator('[data-language="en"] .completeness')
    english_status = description.locator('.completeness[data-language="en"]')
    expect(summary.locator('[data-language="pl"] .completeness')).to_have_text(
        tr("pl", "complete"))
    expect(english_summary).to_have_text(tr("pl", "missing"))
    expect(english_status).to_have_text(tr("pl", "Missing in this language"))
    expect(boxes[1]).to_have_accessible_description(tr("pl", "Missing in this language"))

    boxes[1].fill("We help families.")
    expect(english_status).to_have_text(tr("pl", "Filled in"))
    # Complete in English once the short description is written in it too.
    expect(english_summary).to_have_text(tr("pl", "missing"))
    short_english.fill("Families.")
    expect(english_summary).to_have_text(tr("pl", "complete"))
    boxes[1].fill("  ")
    expect(english_status).to_have_text(tr("pl", "Missing in this language"))
    boxes[1].fill("We help families.")
    check_a11y(page)

    field(page, tr("pl", "Other languages (codes)")).fill("ka")
    follow(page, page.get_by_role("button", name=tr("pl", "Save")))
    expect(page.get_by_role("status")).to_contain_text(
        tr("pl", "The organisation profile is saved.")
    )
    expect(page.get_by_role("article")).to_contain_text("ქართული")

    follow(page, page.get_by_role("link", name=tr("pl", "Edit profile")))
    expect(page.locator('textarea[name="description_ka"]')).to_be_visible()
    expect(page.locator('[data-completeness-summary] [data-language="en"] .completeness')
           ).to_have_text(tr("pl", "complete"))
    expect(page.locator('[data-completeness-summary] [data-language="ka"] .completeness')
           ).to_have_text(tr("pl", "missing"))


def test_a_bad_registry_number_is_explained_next_to_the_field(page: Page, directory,
                                                              live_server):
    log_in_quickly(page, directory.alice, live_server)
    visit(page, f"/organisations/{directory.org.slug}/edit/")
    nip = field(page, verbose("pl", Organisation, "nip"))
    nip.fill("526-025-02-75")
    follow(page, page.get_by_role("button", name=tr("pl", "Save")))
    message = tr(
        "pl", "This %(label)s number has a wrong check digit: please look for a typo."
    ) % {"label": "NIP"}
    expect(nip).to_have_attribute("aria-invalid", "true")
    expect(nip).to_have_accessible_description(re.compile(re.escape(message)))
    expect(nip).to_have_value("526-025-02-75")


def test_a_new_organisation_waits_for_staff_approval(new_page, directory, live_server):
    bob = new_page()
    log_in_quickly(bob, directory.bob, live_server)
    visit(bob, "/organisations/")
    follow(bob, bob.get_by_role("link", name=tr("pl", "Add your organisation")))
    field(bob, verbose("pl", Organisation, "name")).fill("Grupa Sąsiedzka Popowice")
    field(bob, verbose("pl", Organisation, "kind")).select_option("informal_group")
    follow(bob, bob.get_by_role("button", name=tr("pl", "Send for approval")))
    expect(bob.get_by_role("heading", level=1)).to_have_text("Grupa Sąsiedzka Popowice")
    expect(bob.locator(".banner-pending")).to_contain_text(tr("pl", "Waiting for approval."))

    staff = new_page()
    log_in_quickly(staff, directory.staff, live_server)
    visit(staff, "/organisations/moderation/")
    item = staff.locator(".moderation-item", has_text="Grupa Sąsiedzka Popowice")
    approve = tr("pl", "Approve %(name)s") % {"name": "Grupa Sąsiedzka Popowice"}
    follow(staff, item.get_by_role("button", name=approve))
    expect(staff.get_by_role("status")).to_contain_text("Grupa Sąsiedzka Popowice")
    expect(staff.get_by_text(tr("pl", "Nothing waits for approval."))).to_be_visible()

    visit(bob, "/organisations/")
    expect(bob.locator(".card-grid")).to_contain_text("Grupa Sąsiedzka Popowice")


def test_reporting_outdated_information_reaches_the_staff_list(new_page, directory,
                                                               live_server):
    visitor = new_page()
    visit(visitor, f"/organisations/{directory.org.slug}/")
    follow(visitor, visitor.get_by_role("link", name=tr("pl", "Report outdated information")))
    follow(visitor, visitor.get_by_role("button", name=tr("pl", "Send the report")))
    expect(visitor.locator(".field-invalid")).to_have_count(1)  # the message is required
    visitor.get_by_role("textbox").first.fill("Numer telefonu nie działa.")
    follow(visitor, visitor.get_by_role("button", name=tr("pl", "Send the report")))
    expect(visitor.get_by_role("status")).to_contain_text(
        tr("pl", "Thank you! The staff will check the profile and update it."))

    staff = new_page()
    log_in_quickly(staff, directory.staff, live_server)
    visit(staff, "/organisations/reports/")
    row = staff.get_by_role("row", name=re.compile("Numer telefonu nie działa"))
    follow(staff, row.get_by_role("button", name=tr("pl", "Mark as resolved")))
    expect(staff.get_by_text(tr("pl", "No reports."))).to_be_visible()


def test_staff_manage_the_vocabularies_and_places(page: Page, directory, live_server):
    log_in_quickly(page, directory.staff, live_server)
    visit(page, "/directory/vocabularies/")
    follow(page, page.get_by_role("link", name=re.compile("^Topics|^Tematy|^topics|^tematy")))
    page.get_by_role("textbox", name="Polski (pl)").fill("Zdrowie")
    page.get_by_role("textbox", name="English (en)").fill("Health")
    follow(page, page.get_by_role("button", name=tr("pl", "Add"), exact=True))
    expect(page.get_by_role("cell", name="Health", exact=True)).to_be_visible()
    move_up = tr("pl", "Move %(name)s up") % {"name": "Zdrowie"}
    follow(page, page.get_by_role("button", name=move_up))
    # culture, education, health (the new one is added last) → culture, health, education
    expect(page.get_by_role("row").nth(2)).to_contain_text("Zdrowie")
    expect(page.get_by_role("row").nth(3)).to_contain_text("Edukacja")

    visit(page, f"/organisations/{directory.org.slug}/places/")
    field(page, verbose("pl", Location, "street_address")).fill("ul. Roosevelta 5")
    # Opening hours have a box per language, side by side.
    hours = page.get_by_role("group", name=verbose("pl", Location, "opening_hours"))
    hours.get_by_role("textbox", name="Polski (pl)").fill("pn–pt 10–16")
    hours.get_by_role("textbox", name="Українська (uk)").fill("пн–пт 10–16")
    follow(page, page.get_by_role("button", name=tr("pl", "Save the places")))
    expect(page.get_by_role("article")).to_contain_text("pn–pt 10–16")
