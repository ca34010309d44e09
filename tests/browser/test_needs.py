"""The board of needs and offers: an organisation admin posts a need, a visitor finds it."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from wspolnie.directory.models import District, Language
from wspolnie.needs.models import NeedOffer

from .axe import follow, visit
from .helpers import field, log_in_quickly, tr, verbose

pytestmark = pytest.mark.browser

TITLE = "Szukamy tłumaczy ukraińsko-polskich na dyżury"
OTHER = "Wolontariusze na festyn sąsiedzki"
SEARCH_WORD = "ukrainsko dyzury"  # no Polish letters: the text box ignores them


def in_days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def open_the_form(page: Page, personas, live_server) -> None:
    """Alice, admin of the organisation, goes from its profile to the form."""
    log_in_quickly(page, personas.alice, live_server)
    visit(page, f"/organisations/{personas.org.slug}/")
    follow(page, page.get_by_role("link", name=tr("pl", "Post a need or an offer")))
    expect(page.get_by_role("heading", level=1)).to_have_text(tr("pl", "Post a need or an offer"))


def test_org_admin_posts_a_need_and_a_visitor_finds_it_on_the_board(
    new_page, personas, live_server
):
    Language.for_codes(["pl", "uk"])
    District.objects.create(slug="nadodrze", names={"pl": "Nadodrze"})
    NeedOffer.objects.create(
        organisation=personas.other_org, kind="need", category="volunteers", title=OTHER,
        description="Sobota, 10–16.", expires_on=in_days(10),
    )

    admin_page = new_page()
    open_the_form(admin_page, personas, live_server)
    admin_page.get_by_label(tr("pl", "Need"), exact=True).check()
    field(admin_page, verbose("pl", NeedOffer, "category")).select_option(
        label=tr("pl", "Interpreting and translation")
    )
    field(admin_page, verbose("pl", NeedOffer, "title")).fill(TITLE)
    field(admin_page, verbose("pl", NeedOffer, "description")).fill(
        "Czwartki 16–18, Nadodrze. <b>Bez</b> doświadczenia też zapraszamy."
    )
    admin_page.get_by_label("Українська", exact=True).check()
    admin_page.get_by_label("Polski", exact=True).check()
    admin_page.get_by_label("Nadodrze", exact=True).check()
    field(admin_page, verbose("pl", NeedOffer, "expires_on")).fill(in_days(20).isoformat())
    follow(admin_page, admin_page.get_by_role("button", name=tr("pl", "Post it")))

    expect(admin_page.get_by_role("status")).to_have_text(tr("pl", "It is on the board now."))
    expect(admin_page.get_by_role("heading", level=1)).to_have_text(TITLE)

    # An anonymous visitor sees it on the board, newest first.
    visitor = new_page()
    visit(visitor, "/needs/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(tr("pl", "Needs and offers"))
    cards = visitor.locator(".card h3")
    expect(cards).to_have_text([TITLE, OTHER])

    # The facets are links with counts: a category keeps only the matching item, choosing
    # another one of the same facet widens the result, choosing it again removes it.
    facets = visitor.get_by_role("navigation", name=tr("pl", "Filter"))
    category = facets.get_by_role("region", name=tr("pl", "Category"))
    follow(visitor, category.get_by_role("link", name=re.compile(tr("pl", "Volunteers"))))
    expect(visitor).to_have_url(re.compile(r"category=volunteers"))
    expect(cards).to_have_text([OTHER])
    follow(visitor, category.get_by_role(
        "link", name=re.compile(tr("pl", "Interpreting and translation"))))
    expect(cards).to_have_text([TITLE, OTHER])
    follow(visitor, category.get_by_role("link", name=re.compile(tr("pl", "Volunteers"))))
    expect(cards).to_have_text([TITLE])

    # The text box searches like the site search (no Polish letters needed).
    facets.get_by_role("searchbox").fill(SEARCH_WORD)
    follow(visitor, facets.get_by_role("button", name=tr("pl", "Search")))
    expect(cards).to_have_text([TITLE])
    follow(visitor, visitor.get_by_role("link", name=tr("pl", "Clear all filters")))
    expect(cards).to_have_text([TITLE, OTHER])

    # Its page shows the description as typed (plain text) and no edit link to a visitor.
    follow(visitor, visitor.get_by_role("link", name=TITLE))
    article = visitor.get_by_role("article")
    expect(article).to_contain_text("<b>Bez</b> doświadczenia")
    expect(article).to_contain_text("Українська")
    expect(visitor.get_by_role("link", name=tr("pl", "Edit"))).to_have_count(0)


def test_an_expiry_date_in_the_past_is_explained_next_to_the_field(
    page: Page, personas, live_server
):
    open_the_form(page, personas, live_server)
    page.get_by_label(tr("pl", "Offer"), exact=True).check()
    field(page, verbose("pl", NeedOffer, "category")).select_option("space")
    field(page, verbose("pl", NeedOffer, "title")).fill("Sala na próby chóru")
    field(page, verbose("pl", NeedOffer, "description")).fill("Wtorki wieczorem.")
    expires_on = field(page, verbose("pl", NeedOffer, "expires_on"))
    expires_on.fill(in_days(-1).isoformat())
    follow(page, page.get_by_role("button", name=tr("pl", "Post it")))

    message = tr("pl", "The expiry date cannot be in the past.")
    expect(page.get_by_text(message)).to_be_visible()
    expect(expires_on).to_have_attribute("aria-invalid", "true")
    expect(expires_on).to_have_accessible_description(re.compile(re.escape(message)))
    expect(field(page, verbose("pl", NeedOffer, "title"))).to_have_value("Sala na próby chóru")
    assert not NeedOffer.objects.exists()
