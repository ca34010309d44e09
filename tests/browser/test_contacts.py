"""An organisation admin adds a contact person with consent; the staff-only phone number
stays off the public profile."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from wspolnie.contacts.models import ContactPerson
from wspolnie.contacts.services import CONSENT_TEXT
from wspolnie.lib.languages import native_name

from .axe import follow, visit
from .helpers import field, log_in_quickly, tr, verbose

pytestmark = pytest.mark.browser

NAME = "Koordynatorka ds. dialogu"
ROLE = "Zapisy do szkół dla rodzin z Gruzji"
EMAIL = "dialog.koordynacja@example.org"


def consent_text(language: str) -> str:
    with translation.override(language):
        return str(CONSENT_TEXT)


def test_org_admin_adds_a_contact_whose_staff_only_phone_stays_private(
    new_page, personas, live_server
):
    admin: Page = new_page()
    log_in_quickly(admin, personas.alice, live_server)
    visit(admin, f"/organisations/{personas.org.slug}/")
    follow(admin, admin.get_by_role("link", name=tr("pl", "Manage contact persons")))
    follow(admin, admin.get_by_role("link", name=tr("pl", "Add a contact person")))

    field(admin, tr("pl", "Person")).fill(NAME)
    # The role: one input per language, each labelled with the language's own name.
    admin.get_by_role("textbox", name=f"{native_name('pl')} (pl)").fill(ROLE)
    field(admin, tr("pl", "E-mail address")).fill(EMAIL)
    field(admin, tr("pl", "Phone number")).fill("600 100 200")
    field(admin, verbose("pl", ContactPerson, "phone_visibility")).select_option(
        label=tr("pl", "Staff only")
    )
    field(admin, tr("pl", "Languages spoken")).fill("ka, pl")
    # Saving without the consent is refused, and says why.
    follow(admin, admin.get_by_role("button", name=tr("pl", "Save")))
    expect(admin.get_by_text(tr("pl", "A contact person can only be stored with their consent.")))\
        .to_be_visible()
    expect(field(admin, tr("pl", "Person"))).to_have_value(NAME)
    assert not ContactPerson.objects.exists()

    admin.get_by_role("checkbox", name=consent_text("pl")).check()
    field(admin, tr("pl", "Purpose of the consent")).fill("Pytania rodzin o zapisy do szkół")
    follow(admin, admin.get_by_role("button", name=tr("pl", "Save")))

    expect(admin).to_have_url(re.compile(rf"/contacts/{personas.org.slug}/$"))
    expect(admin.get_by_role("status")).to_have_text(
        tr("pl", "The contact person is saved, with their consent.")
    )
    row = admin.get_by_role("row").filter(has_text=NAME)
    expect(row).to_contain_text("+48 600 100 200")
    expect(row).to_contain_text(tr("pl", "Staff only"))
    contact = ContactPerson.objects.get()
    assert contact.phone == "+48600100200"
    assert contact.phone_visibility == "staff"
    assert contact.consents.get().recorded_by == personas.alice

    visitor: Page = new_page()
    visit(visitor, f"/organisations/{personas.org.slug}/")
    card = visitor.locator(f"#contact-{contact.pk}")
    expect(card.get_by_role("heading", name=NAME)).to_be_visible()
    expect(card).to_contain_text(ROLE)
    expect(card).to_contain_text("ქართული")  # Georgian, by its own name
    html = visitor.content()
    for form in ("600 100 200", "600100200", "+48-600-100-200", EMAIL):
        assert form not in html, f"{form} is on the public profile"
    expect(visitor.get_by_text(tr("pl", "Phone number"))).to_have_count(0)
