"""Renderings and news in a real browser: axe on every page, the Copy button copies."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.axe import visit
from tests.browser.helpers import log_in_quickly
from wspolnie.announcements.models import Announcement, AnnouncementTranslation

pytestmark = pytest.mark.browser


def make(personas) -> Announcement:
    item = Announcement.objects.create(
        organisation=personas.org, title="Zapisy do szkół", source_language="pl",
        body="Zapraszamy **rodziców**.\n\n## Program\n\n- powitanie\n- rozmowa",
        status=Announcement.Status.PUBLISHED,
        publish_at=timezone.now() - dt.timedelta(hours=1),
        links=[{"url": "https://example.org/form", "label": "Formularz"}],
    )
    AnnouncementTranslation.objects.create(
        announcement=item, language="uk", title="Запис до шкіл", body="Запрошуємо батьків.",
        status="approved")
    return item


def test_renderings_copy_and_pages_are_accessible(page: Page, personas, live_server):
    item = make(personas)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"],
                                   origin=live_server.url)
    visit(page, "/news/")
    visit(page, item.get_absolute_url())
    visit(page, item.get_absolute_url() + "?language=uk")
    visit(page, f"/announcements/{item.pk}/poster/uk/")
    expect(page.locator("svg.poster-qr")).to_be_visible()
    log_in_quickly(page, personas.alice, live_server)
    visit(page, f"/announcements/{item.pk}/renderings/?language=uk")
    page.locator('[data-copy-target="post-sms"]').click()
    expect(page.locator("#post-sms ~ .copy-status")).not_to_be_empty()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("#post-sms").input_value()
    assert copied.endswith("?language=uk")
