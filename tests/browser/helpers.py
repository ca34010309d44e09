"""What a person sees and does, in the language the page speaks.

Strings come from Django's own catalogues (the .po files change while the translators work),
so the tests say "the translated 'Log in'" rather than hard-coding one translation.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.text import capfirst
from playwright.sync_api import Locator, Page

from tests.base import PASSWORD

from .axe import follow, visit

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}  # a small phone


def tr(language: str, message: str) -> str:
    """`message` translated into `language` by the site's catalogues."""
    with translation.override(language):
        return str(translation.gettext(message))


def verbose(language: str, model, field: str) -> str:
    """A model field's form label, as Django builds it, in `language`."""
    with translation.override(language):
        return str(capfirst(model._meta.get_field(field).verbose_name))


def field(page: Page, label: str) -> Locator:
    """The form control with exactly this label (Django adds a ':' to it)."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*:?\s*$"))


def log_in(page: Page, email: str, password: str = PASSWORD, language: str = "pl") -> None:
    """Log in with the e-mail + password form, as a person does."""
    visit(page, "/accounts/login/")
    field(page, tr(language, "E-mail address")).fill(email)
    field(page, tr(language, "Password")).fill(password)
    follow(page, page.get_by_role("button", name=tr(language, "Log in"), exact=True))


def log_in_quickly(page: Page, user, live_server) -> None:
    """Start the browser session logged in as `user`, skipping the form (tested elsewhere)."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }])


def assert_no_horizontal_overflow(page: Page) -> None:
    """The page is no wider than the window: nothing makes a phone scroll sideways."""
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    scroll_width, window_width = widths
    assert scroll_width <= window_width, (
        f"{page.url} is {scroll_width}px wide in a {window_width}px window"
    )
