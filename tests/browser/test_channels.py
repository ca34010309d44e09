"""Information channels in the browser: "Which channels reach…?", the list and a channel."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from tests.channels.helpers import STAFF_NOTE, make_channel, make_vocabulary
from wspolnie.channels.forms import language_label

from .axe import follow, visit
from .helpers import PHONE, tr

pytestmark = pytest.mark.browser


def label_of(language: str, page_language: str = "pl") -> str:
    with translation.override(page_language):
        return language_label(language)


@pytest.fixture
def channels(personas):
    make_vocabulary()
    return {
        "portal": make_channel(personas.org, "Portal miejski", languages=["pl", "uk", "en"],
                               estimated_reach=250_000),
        "telegram": make_channel(personas.org, "Telegram UA", kind="telegram",
                                 languages=["uk", "ru"], communities=["ukrainian"],
                                 estimated_reach=5_000),
        "board": make_channel(personas.other_org, "Tablica CAL Nadodrze", kind="notice_board",
                              languages=["pl", "uk"], districts=["nadodrze"],
                              estimated_reach=600),
        # The only Georgian-language channel is inactive: Georgian is a gap.
        "leader": make_channel(personas.other_org, "Liderka społeczności gruzińskiej",
                               kind="opinion_leader", languages=["ka"], communities=["georgian"],
                               districts=["nadodrze"], contact_note=STAFF_NOTE, active=False),
    }


def test_which_channels_reach_georgian_and_ukrainian_speakers(page: Page, channels):
    visit(page, "/channels/reach/")
    expect(page.get_by_role("heading", level=1)).to_have_text(tr("pl", "Which channels reach…?"))
    languages = page.get_by_role("group", name=tr("pl", "Languages"))
    languages.get_by_role("checkbox", name=label_of("ka"), exact=True).check()
    languages.get_by_role("checkbox", name=label_of("uk"), exact=True).check()
    follow(page, page.get_by_role("button", name=tr("pl", "Show channels")))

    # The choice stays ticked on the results page.
    languages = page.get_by_role("group", name=tr("pl", "Languages"))
    expect(languages.get_by_role("checkbox", name=label_of("ka"), exact=True)).to_be_checked()

    ranked = page.get_by_role("region", name=tr("pl", "Channels, best fit first"))
    titles = ranked.get_by_role("listitem").get_by_role("heading", level=3)
    # Each reaches Ukrainian speakers only (fit 1): the largest reach first; offline included.
    expect(titles).to_have_text(["Portal miejski", "Telegram UA", "Tablica CAL Nadodrze"])
    expect(ranked).not_to_contain_text("Liderka")

    gaps = page.get_by_role("region", name=tr("pl", "Gaps"))
    expect(gaps).to_contain_text(tr("pl", "No channel reaches people in these languages"))
    expect(gaps.locator('[lang="ka"]')).to_have_text("ქართული")
    expect(gaps).not_to_contain_text("Українська")
    expect(page.locator("body")).not_to_contain_text(STAFF_NOTE)

    follow(page, ranked.get_by_role("link", name="Telegram UA"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Telegram UA")


def test_the_reach_page_fits_a_phone(new_page, channels):
    page = new_page(locale="uk-UA", viewport=PHONE)
    visit(page, "/channels/reach/?languages=ka&languages=uk&communities=georgian")
    expect(page.get_by_role("heading", level=1)).to_have_text(tr("uk", "Which channels reach…?"))
    gaps = page.get_by_role("region", name=tr("uk", "Gaps"))
    expect(gaps).to_contain_text(tr("uk", "No channel reaches these communities"))
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px on a phone"


def test_filtering_the_list_by_mode(page: Page, channels):
    visit(page, "/channels/")
    results = page.locator("#results-heading")
    expect(results).to_have_text("3 kanały")
    mode = page.get_by_role("navigation", name=tr("pl", "Filter")).get_by_role(
        "region", name=tr("pl", "Online or offline"))
    follow(page, mode.get_by_role("link", name=re.compile("^" + tr("pl", "Offline"))))
    expect(results).to_have_text("1 kanał")
    expect(page.locator(".card h3")).to_have_text(["Tablica CAL Nadodrze"])


def test_org_admin_adds_an_opinion_leader_whose_contact_stays_with_staff(
    new_page, channels, personas, live_server
):
    from wspolnie.channels.models import Channel

    from .helpers import field, log_in_quickly, verbose

    page = new_page()
    log_in_quickly(page, personas.alice, live_server)
    visit(page, f"/organisations/{personas.org.slug}/")
    follow(page, page.get_by_role("link", name=tr("pl", "Add a channel")))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        tr("pl", "Add an information channel")
    )
    field(page, verbose("pl", Channel, "name")).fill("Liderka społeczności wietnamskiej (Gaj)")
    field(page, verbose("pl", Channel, "kind")).select_option("opinion_leader")
    page.get_by_role("group", name=tr("pl", "Languages")).get_by_role(
        "checkbox", name=label_of("vi"), exact=True
    ).check()
    field(page, verbose("pl", Channel, "citywide")).uncheck()
    page.get_by_role("group", name=tr("pl", "Districts reached")).get_by_role(
        "checkbox", name="Gaj", exact=True
    ).check()
    field(page, verbose("pl", Channel, "estimated_reach")).fill("-3")
    field(page, verbose("pl", Channel, "contact_note")).fill(STAFF_NOTE)
    follow(page, page.get_by_role("button", name=tr("pl", "Save")))

    # A negative reach: the form comes back with the message, the rest as typed.
    reach = field(page, verbose("pl", Channel, "estimated_reach"))
    expect(reach).to_have_attribute("aria-invalid", "true")
    expect(field(page, verbose("pl", Channel, "contact_note"))).to_have_value(STAFF_NOTE)
    reach.fill("80")
    follow(page, page.get_by_role("button", name=tr("pl", "Save")))

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Liderka społeczności wietnamskiej (Gaj)"
    )
    expect(page.get_by_role("status")).to_have_text(tr("pl", "The channel is added."))
    expect(page.get_by_role("article")).to_contain_text(STAFF_NOTE)  # alice manages it

    anonymous = new_page()
    visit(anonymous, page.url)
    expect(anonymous.get_by_role("heading", level=1)).to_have_text(
        "Liderka społeczności wietnamskiej (Gaj)"
    )
    expect(anonymous.locator("body")).not_to_contain_text(STAFF_NOTE)
    expect(anonymous.get_by_role("article")).to_contain_text(tr("pl", "Offline"))
