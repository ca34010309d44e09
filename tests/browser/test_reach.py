"""Measured reach in a real browser: an opinion leader's private page (texts to copy, QR codes,
counts) and the coverage report's measured part, at a desktop's and a phone's width —
accessible (axe), within the Content-Security-Policy, no sideways scrolling. Screenshots go
to test-artifacts/reach/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.reach.helpers import make_reach_scenario
from wspolnie.reach.models import LeaderPage
from wspolnie.reach.services import add

from .axe import visit
from .helpers import assert_no_horizontal_overflow, log_in_quickly, tr

pytestmark = pytest.mark.browser

WIDTHS = {"1280": {"width": 1280, "height": 800}, "390": {"width": 390, "height": 844}}


def test_the_leaders_page_and_the_measured_report(new_page, personas, artifacts_dir,
                                                  live_server):
    make_reach_scenario(personas)
    link = personas.links[personas.leader.pk]
    add(link.pk, "visit", "pl", by=6)
    add(link.pk, "registration", "pl", by=2)
    add(personas.links[personas.telegram.pk].pk, "visit", "uk", by=9)
    leader_page = LeaderPage.objects.create(channel=personas.leader)
    shots = artifacts_dir / "reach"
    shots.mkdir(exist_ok=True)
    for width, viewport in WIDTHS.items():
        page = new_page(viewport=viewport)
        visit(page, leader_page.get_absolute_url())
        expect(page.locator("#leader-visits")).to_have_text("6")
        expect(page.locator("textarea").first).to_contain_text(link.public_url())
        expect(page.locator("svg.reach-qr").first).to_be_visible()
        assert_no_horizontal_overflow(page)
        page.screenshot(path=shots / f"leader-{width}.png", full_page=True)

        staff = new_page(viewport=viewport)
        log_in_quickly(staff, personas.staff, live_server)
        visit(staff, f"/announcements/{personas.announcement.pk}/coverage/")
        expect(staff.locator("#measured-visits")).to_have_text("15")
        expect(staff.get_by_role("img", name=tr("pl", "Visits and conversions per channel"))
               ).to_be_visible()
        assert_no_horizontal_overflow(staff)
        staff.screenshot(path=shots / f"coverage-{width}.png", full_page=True)
        visit(staff, f"/announcements/{personas.announcement.pk}/plan/")
        assert_no_horizontal_overflow(staff)
        staff.screenshot(path=shots / f"plan-{width}.png", full_page=True)
