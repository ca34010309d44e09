"""The subscription pages in a real browser, with axe on every page: sign up in Ukrainian, get
the confirmation mail (real SMTP on loopback), confirm, change the preferences, unsubscribe;
staff look at the subscriber list and the consent log."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import follow, visit
from tests.browser.helpers import field, log_in_quickly, tr
from tests.helpers import links_in, site_path
from wspolnie.directory.models import Topic
from wspolnie.newsletter.models import Subscriber

pytestmark = pytest.mark.browser


def test_sign_up_confirm_change_and_unsubscribe(
    new_page, smtp_server, personas, live_server
):
    Topic.objects.create(slug="work", names={"pl": "Praca", "en": "Work", "uk": "Робота"})
    page: Page = new_page(locale="uk-UA")
    visit(page, "/newsletter/")
    field(page, tr("uk", "E-mail address")).fill("olena@example.org")
    expect(page.get_by_role("checkbox", name="Українська")).to_be_checked()  # the page's
    page.get_by_role("checkbox", name="Робота").check()
    page.locator("#id_consent").check()
    follow(page, page.get_by_role("button", name=tr("uk", "Subscribe"), exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text(tr("uk", "Check your mailbox"))

    [message] = smtp_server.wait_for(1)
    [link] = [link for link in links_in(message) if "/confirm/" in link]
    visit(page, site_path(link))
    follow(page, page.get_by_role("button", name=tr("uk", "Confirm my subscription")))
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.languages == ["uk"]

    # The confirmation leads to the preferences.
    page.get_by_role("checkbox", name="Polski").check()
    follow(page, page.get_by_role("button", name=tr("uk", "Save"), exact=True))
    expect(page.get_by_role("status")).to_contain_text(tr("uk", "Your preferences are saved."))
    subscriber.refresh_from_db()
    assert subscriber.languages == ["pl", "uk"]

    follow(page, page.get_by_role("button", name=tr("uk", "Unsubscribe"), exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text(tr("uk", "You are unsubscribed"))
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert len(smtp_server.messages) == 1  # nothing but the confirmation

    # Staff: the list, then the subscriber with the four steps of the consent log.
    staff_page: Page = new_page(locale="en-GB")
    log_in_quickly(staff_page, personas.staff, live_server)
    visit(staff_page, "/newsletter/subscribers/?status=unsubscribed")
    follow(staff_page, staff_page.get_by_role("link", name="olena@example.org"))
    log = staff_page.get_by_role("table", name=tr(
        "en", "What this subscriber agreed to or withdrew, newest first"))
    expect(log.locator("tbody tr")).to_have_count(4)
