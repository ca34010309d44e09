"""A distribution plan in the browser: an org admin sees the plan and its gaps, marks a channel
published, then reads the coverage report and the overview (axe checks every page)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.distribution.helpers import make_scenario
from wspolnie.distribution import services

from .axe import follow, visit
from .helpers import log_in_quickly, tr

pytestmark = pytest.mark.browser


def test_plan_gaps_status_and_coverage(page: Page, personas, live_server):
    make_scenario(personas)
    announcement = personas.announcement
    services.do_propose_plan(personas.alice, announcement)
    log_in_quickly(page, personas.alice, live_server)

    visit(page, f"/announcements/{announcement.pk}/plan/")
    gaps = page.get_by_role("region", name=tr("pl", "Who this plan does not reach"))
    expect(gaps).to_contain_text("Romska")
    add_link = gaps.get_by_role("link", name=tr("pl", "Add the channel to the directory"))
    expect(add_link).to_be_visible()
    checklist = page.get_by_role("region", name=tr("pl", "Checklist"))
    expect(checklist.get_by_role("heading", level=3)).to_have_count(5)
    # The opinion leader's staff-only phone number stays hidden from an organisation admin.
    expect(page.locator("body")).not_to_contain_text("600 000 000")

    telegram = page.locator("li", has=page.get_by_role("heading", name="Telegram Wrocław UA"))
    telegram.get_by_label(tr("pl", "Status")).select_option("published")
    save = telegram.get_by_role("button", name=tr("pl", "Save status of %(channel)s")
                                % {"channel": "Telegram Wrocław UA"})
    follow(page, save)  # no link: refused, with the reason next to the field
    telegram = page.locator("li", has=page.get_by_role("heading", name="Telegram Wrocław UA"))
    expect(telegram).to_contain_text(
        tr("pl", "Give the link to the published post: this channel is online.")
    )
    telegram.get_by_label(tr("pl", "Link to the published post")).fill("https://t.me/example/7")
    follow(page, telegram.get_by_role("button", name=tr("pl", "Save status of %(channel)s")
                                      % {"channel": "Telegram Wrocław UA"}))
    item = announcement.plan_items.get(channel=personas.telegram)
    expect(page.locator(f"#item-{item.pk}")).to_contain_text(tr("pl", "Published"))
    assert item.status == "published" and item.published_url == "https://t.me/example/7"

    follow(page, page.get_by_role("link", name=tr("pl", "Coverage report")))
    expect(page.get_by_role("img", name=tr("pl", "Channels per target community"))).to_be_visible()
    # The planned table (the measured reach below it has a row per community too).
    planned = page.get_by_role("table", name=tr("pl", "Target communities"))
    row = planned.get_by_role("row", name="Ukraińska")
    expect(row.get_by_role("cell")).to_have_text(["1", "1", tr("pl", "reached")])

    follow(page, page.get_by_role("link", name=tr("pl", "Coverage over time")))
    expect(page.get_by_role("heading", level=1)).to_have_text(tr("pl", "Coverage over time"))
