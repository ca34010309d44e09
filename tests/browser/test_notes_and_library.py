"""A meeting's note and the library, as people use them: an organiser writes and publishes the
note, a visitor reads it (contacts only as public as their organisations made them), switches
its version and opens the link list; a member promotes a board card to the library and a
visitor finds it with the facets. axe checks every page; screenshots at 1280 and 390 px."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.utils import translation
from playwright.sync_api import expect

from tests.notes.helpers import STAFF_PHONE_SHOWN, make_contact, make_event, make_note
from wspolnie.directory.models import Language, Topic
from wspolnie.library.models import Entry
from wspolnie.notes.models import Note

from .axe import follow, visit
from .helpers import field, log_in_quickly, tr, verbose

pytestmark = pytest.mark.browser



def shoot(page, directory, name: str) -> None:
    """Screenshots in test-artifacts/ (not committed), to look at."""
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=directory / f"notes-library-{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})


def test_an_organiser_publishes_the_note_and_a_visitor_reads_it(
    new_page, personas, live_server, artifacts_dir
):
    event = make_event([personas.org])
    contact = make_contact(personas.other_org)
    note = make_note(event, personas.org, published=False, summary={}, contacts=[contact])

    admin = new_page()
    log_in_quickly(admin, personas.alice, live_server)
    visit(admin, f"/notes/{note.pk}/edit/")
    summary = admin.get_by_role("group", name=tr("pl", "Summary"))
    summary.get_by_label("Polski").fill(
        "Rozmawialiśmy o kanałach. Zob. [portal kultury](https://example.org/kultura).")
    summary.get_by_label("Українська").fill("Ми говорили про канали.")
    first = admin.get_by_role("group", name=tr("pl", "Presentation %(number)s") % {"number": 1})
    first.get_by_role("group", name=tr("pl", "Title")).get_by_label("Polski").fill(
        "Newsletter sieci")
    # Not among the meeting's organisers (the picker's shortlist): named instead (issue #14).
    first.get_by_label(tr("pl", "Another organisation")).fill(personas.other_org.name)
    follow(admin, admin.get_by_role("button", name=tr("pl", "Save")))
    expect(admin.get_by_role("status")).to_have_text(tr("pl", "The note is saved."))
    follow(admin, admin.get_by_role("link", name=tr("pl", "Publish"), exact=True))
    follow(admin, admin.get_by_role("button", name=tr("pl", "Publish")))
    assert Note.objects.get().is_published

    visitor = new_page()
    visit(visitor, event.get_absolute_url())
    follow(visitor, visitor.get_by_role("link", name=tr("pl", "Meeting note"), exact=True))
    expect(visitor.get_by_role("heading", level=1)).to_contain_text(tr("pl", "Meeting note"))
    expect(visitor.get_by_role("heading", name="Newsletter sieci")).to_be_visible()
    expect(visitor.get_by_role("heading", name="Koordynatorka Ola")).to_be_visible()
    expect(visitor.locator("main")).not_to_contain_text(STAFF_PHONE_SHOWN)
    shoot(visitor, artifacts_dir, "note")
    follow(visitor, visitor.get_by_role("link", name="Українська"))
    expect(visitor.locator("main")).to_contain_text("Ми говорили про канали.")
    follow(visitor, visitor.get_by_role("link", name=tr("pl", "The meeting's link list")))
    expect(visitor.get_by_role("table")).to_contain_text("https://example.org/kultura")
    shoot(visitor, artifacts_dir, "links")

    # In Ukrainian the page speaks Ukrainian.
    ukrainian = new_page(locale="uk-UA")
    visit(ukrainian, note.get_absolute_url())
    expect(ukrainian.get_by_role("heading", level=2, name=tr("uk", "Summary"))).to_be_visible()


def test_a_card_is_promoted_to_the_library_and_found_with_the_facets(
    new_page, personas, live_server, artifacts_dir
):
    Language.for_codes(["pl", "uk"])
    Topic.objects.create(slug="education", names={"pl": "Edukacja", "uk": "Освіта"})
    Entry.objects.create(organisation=personas.other_org, kind="tool", title="Portal kultury",
                         description="Kalendarz wydarzeń.", cost="free")
    member = new_page()
    log_in_quickly(member, personas.bob, live_server)
    query = urlencode([("title", "Grupa rodziców w komunikatorze"), ("kind", "tool"),
                       ("description", "Ogłoszenia o zapisach do szkół."),
                       ("link", "Zasady | https://example.org/zasady"), ("language", "uk"),
                       ("tag", "education"), ("source_url", "/boards/1/")])
    visit(member, f"/library/new/?{query}")  # a member of one organisation goes straight on
    expect(field(member, verbose("pl", Entry, "title"))).to_have_value(
        "Grupa rodziców w komunikatorze")
    with translation.override("pl"):
        free = translation.pgettext("cost", "Free")
    member.get_by_label(free, exact=True).check()
    shoot(member, artifacts_dir, "library-form")
    follow(member, member.get_by_role("button", name=tr("pl", "Add to the library")))
    expect(member.get_by_role("status")).to_have_text(tr("pl", "The entry is in the library now."))
    expect(member.get_by_role("heading", level=1)).to_have_text("Grupa rodziców w komunikatorze")
    entry = Entry.objects.get(title="Grupa rodziców w komunikatorze")
    assert [language.code for language in entry.languages.all()] == ["uk"]
    assert entry.source_url == "/boards/1/"
    shoot(member, artifacts_dir, "library-entry")

    visitor = new_page()
    visit(visitor, "/library/")
    cards = visitor.locator(".card h3")
    expect(cards).to_have_text(["Grupa rodziców w komunikatorze", "Portal kultury"])
    facets = visitor.get_by_role("navigation", name=tr("pl", "Filter"))
    follow(visitor, facets.get_by_role("region", name=tr("pl", "Tags")).get_by_role("link"))
    expect(cards).to_have_text(["Grupa rodziców w komunikatorze"])
    shoot(visitor, artifacts_dir, "library")
    phone = new_page(viewport={"width": 390, "height": 844})
    visit(phone, "/library/?kind=tool")
    expect(phone.locator(".card h3")).to_have_count(2)
