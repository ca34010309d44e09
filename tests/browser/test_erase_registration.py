"""A registrant erases their registration from the link in the mail: registration page →
confirm page → erased, in Ukrainian, on a phone and on a desktop (axe on every page)."""

from __future__ import annotations

import pytest

from tests.meetings.factories import make_event, register
from wspolnie.meetings.models import Registration

from .axe import follow, visit
from .helpers import DESKTOP, tr

PHONE_390 = {"width": 390, "height": 844}

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE_390], ids=["desktop", "phone"])
def test_a_registrant_erases_the_registration(new_page, personas, viewport):
    event = make_event(personas.org, capacity=5)
    registration = register(event, "olena@example.org", "Olena Kowalenko", language="uk")
    page = new_page(locale="uk-UA", viewport=viewport)
    visit(page, registration.get_absolute_url())
    follow(page, page.get_by_role("link", name=tr("uk", "Erase my registration")))
    follow(page, page.get_by_role("button", name=tr("uk", "Erase for good")))
    message = tr("uk", "Your registration is erased: your name, e-mail address and answers "
                 "are deleted.")
    assert page.get_by_text(message).is_visible()
    registration.refresh_from_db()
    assert registration.is_erased
    assert registration.status == Registration.Status.CANCELLED
