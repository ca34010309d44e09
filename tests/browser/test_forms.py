"""Logging in, signing up and editing an organisation, through the forms."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from wspolnie.organisations.models import Organisation

from .axe import follow, visit
from .helpers import field, log_in, log_in_quickly, tr, verbose

pytestmark = pytest.mark.browser


def test_wrong_password_shows_an_error_and_keeps_the_email(page: Page, personas):
    visit(page, "/accounts/login/")
    field(page, tr("pl", "E-mail address")).fill("alice@example.org")
    field(page, tr("pl", "Password")).fill("not the password")
    follow(page, page.get_by_role("button", name=tr("pl", "Log in"), exact=True))

    expect(page.get_by_role("alert")).to_have_text(
        tr("pl", "The e-mail address or the password is not correct.")
    )
    expect(field(page, tr("pl", "E-mail address"))).to_have_value("alice@example.org")
    expect(field(page, tr("pl", "Password"))).to_have_value("")
    nav = page.get_by_role("navigation", name=tr("pl", "Main"))
    expect(nav.get_by_role("link", name=tr("pl", "Log in"))).to_be_visible()


def test_sign_up_with_mismatched_passwords_keeps_what_was_typed(page: Page, personas):
    visit(page, "/accounts/sign-up/")
    field(page, tr("pl", "Your name")).fill("Olena Kowalenko")
    field(page, tr("pl", "E-mail address")).fill("olena@example.org")
    field(page, tr("pl", "Password")).fill("Słonecznik-na-balkonie-7")
    field(page, tr("pl", "Password again")).fill("Słonecznik-na-balkonie-8")
    field(page, tr("pl", "Preferred language")).select_option("uk")
    follow(page, page.get_by_role("button", name=tr("pl", "Create account")))

    expect(page).to_have_url(re.compile(r"/accounts/sign-up/$"))
    mismatch = tr("pl", "The two passwords do not match.")
    password_again = field(page, tr("pl", "Password again"))
    expect(page.get_by_text(mismatch)).to_be_visible()
    expect(password_again).to_have_attribute("aria-invalid", "true")
    expect(password_again).to_have_accessible_description(mismatch)
    expect(field(page, tr("pl", "Your name"))).to_have_value("Olena Kowalenko")
    expect(field(page, tr("pl", "E-mail address"))).to_have_value("olena@example.org")
    expect(field(page, tr("pl", "Preferred language"))).to_have_value("uk")


def test_organisation_admin_edits_the_profile_and_sees_the_history(page: Page, personas):
    log_in(page, "alice@example.org")
    nav = page.get_by_role("navigation", name=tr("pl", "Main"))
    expect(nav.get_by_role("link", name=tr("pl", "My profile"))).to_be_visible()

    follow(page, page.get_by_role("link", name=personas.org.name))
    follow(page, page.get_by_role("link", name=tr("pl", "Edit profile")))
    new_text = "Pomagamy rodzinom z Gruzji i Ukrainy w zapisach do szkół i przedszkoli."
    short = page.get_by_role("group", name=verbose("pl", Organisation, "short_description"))
    short.get_by_role("textbox", name="Polski (pl)").fill(new_text)
    follow(page, page.get_by_role("button", name=tr("pl", "Save")))

    expect(page).to_have_url(re.compile(rf"/organisations/{personas.org.slug}/$"))
    expect(page.get_by_role("status")).to_have_text(tr("pl", "The organisation profile is saved."))
    expect(page.get_by_role("article")).to_contain_text(new_text)

    follow(page, page.get_by_role("link", name=tr("pl", "History of changes")))
    newest = page.get_by_role("row").nth(1)
    expect(newest).to_contain_text(personas.alice.name)
    expect(newest).to_contain_text(verbose("pl", Organisation, "short_description"))
    expect(newest).to_contain_text(new_text)


def test_member_cannot_edit_the_organisation(page: Page, personas, live_server):
    log_in_quickly(page, personas.bob, live_server)
    visit(page, f"/organisations/{personas.org.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(personas.org.name)
    expect(page.get_by_role("link", name=tr("pl", "Edit profile"))).to_have_count(0)
    expect(page.get_by_role("link", name=tr("pl", "History of changes"))).to_have_count(0)

    visit(page, f"/organisations/{personas.org.slug}/edit/", status=403)
    expect(page.get_by_role("heading", level=1)).to_have_text(tr("pl", "Access denied"))



def test_sign_up_with_a_weak_password_reads_out_every_problem(page: Page, personas):
    visit(page, "/accounts/sign-up/")
    field(page, tr("pl", "Your name")).fill("Olena Kowalenko")
    field(page, tr("pl", "E-mail address")).fill("olena@example.org")
    field(page, tr("pl", "Password")).fill("123")
    field(page, tr("pl", "Password again")).fill("123")
    follow(page, page.get_by_role("button", name=tr("pl", "Create account")))

    password = field(page, tr("pl", "Password"))
    expect(password).to_have_attribute("aria-invalid", "true")
    problems = page.locator(".field-invalid").filter(has=password).locator(".error p")
    expect(problems).not_to_have_count(0)
    texts = problems.all_inner_texts()
    assert len(texts) > 1, "'123' should break several password rules"
    # A screen reader announces all the problems with the field, not just the first one.
    expect(password).to_have_accessible_description(re.compile(re.escape(texts[-1])))
    expect(password).to_have_accessible_description(re.compile(re.escape(texts[0])))


def test_token_name_label_belongs_to_the_token_field(page: Page, personas, live_server):
    log_in_quickly(page, personas.alice, live_server)
    visit(page, "/accounts/profile/")
    token_form = page.locator("form").filter(
        has=page.get_by_role("button", name=tr("pl", "Create a token"))
    )
    expect(token_form.get_by_label(tr("pl", "Token name"))).to_have_count(1, timeout=1000)
