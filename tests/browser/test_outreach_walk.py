"""The outreach walk of issue 5 in a real browser, with axe on every page: an organisation admin
writes an announcement in Polish, translates it into Ukrainian and English, approves both and
publishes; the distribution plan lists the channels that reach the Ukrainian community and shows
the Georgian community as a gap; staff send a newsletter issue with it; the mails arrive at a
real SMTP server on loopback, each in its subscriber's language, and their unsubscribe links
(the page and the RFC 8058 one-click POST) work."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from tests.channels.helpers import make_channel
from tests.helpers import links_in, site_path
from tests.newsletter.factories import make_subscriber
from tests.smtp import body_text
from wspolnie.announcements.models import Announcement, AnnouncementTranslation
from wspolnie.channels.models import Channel
from wspolnie.directory.models import Community, Language, Topic
from wspolnie.lib.languages import native_name
from wspolnie.newsletter.models import Issue, Subscriber

from .axe import follow, visit
from .helpers import field, log_in, log_in_quickly, tr

pytestmark = pytest.mark.browser

TITLES = {
    "pl": "Dzień otwarty w świetlicy",
    "uk": "День відкритих дверей у клубі",
    "en": "Open day at the community centre",
}
BODIES = {
    "pl": "Zapraszamy **całe rodziny**. [Zapisy](https://example.org/zapisy)",
    "uk": "Запрошуємо **всі родини**. [Реєстрація](https://example.org/zapisy)",
    "en": "**Whole families** are welcome. [Registration](https://example.org/zapisy)",
}


@pytest.fixture
def outreach(personas, settings):
    # Mail as fast as the SMTP server takes it (the throttle is tested elsewhere).
    settings.NEWSLETTER_RATE_PER_SECOND = 0
    Language.for_codes(["pl", "en", "uk"])
    Topic.objects.create(slug="family", names={"pl": "Rodzina", "en": "Family", "uk": "Родина"})
    for position, (slug, names) in enumerate({
        "ukrainian": {"pl": "Ukraińska", "en": "Ukrainian", "uk": "Українська"},
        "georgian": {"pl": "Gruzińska", "en": "Georgian", "uk": "Грузинська"},
    }.items()):
        Community.objects.create(slug=slug, names=names, position=position)
    # The directory reaches the Ukrainian community in Ukrainian, online and offline; nothing
    # reaches the Georgian community.
    make_channel(personas.other_org, "Telegram Wrocław UA", kind=Channel.Kind.TELEGRAM,
                 languages=["uk"], communities=["ukrainian"], estimated_reach=2000,
                 url="https://t.me/example")
    make_channel(personas.other_org, "Tablica w świetlicy", kind=Channel.Kind.NOTICE_BOARD,
                 languages=["uk"], communities=["ukrainian"])
    return {
        code: make_subscriber(f"reader-{code}@example.org", languages=[code])
        for code in ("uk", "en", "pl")
    }


def ntr(language: str, singular: str, plural: str, count: int) -> str:
    """A message with plural forms, as the site says it in `language` for `count`."""
    with translation.override(language):
        return translation.ngettext(singular, plural, count) % {"counter": count}


def translate(page: Page, language: str) -> None:
    """From the announcement page: open the side-by-side editor, write, hand in, go back."""
    name = f"{tr('pl', 'Translate')} ({native_name(language)})"
    follow(page, page.get_by_role("link", name=name, exact=True))
    expect(page.get_by_role("region", name=re.compile(re.escape(
        tr("pl", "Original (%(language)s)") % {"language": native_name("pl")}
    )))).to_contain_text(TITLES["pl"])
    field(page, tr("pl", "Title")).fill(TITLES[language])
    field(page, tr("pl", "Text")).fill(BODIES[language])
    follow(page, page.get_by_role("button", name=tr("pl", "Hand in for review"), exact=True))
    expect(page.get_by_role("status")).to_contain_text(
        tr("pl", "The translation is handed in for review.")
    )
    follow(page, page.get_by_role("link", name=tr("pl", "Back to the announcement")))


def approve(page: Page, language: str) -> None:
    name = f"{tr('pl', 'Approve')} ({native_name(language)})"
    follow(page, page.get_by_role("button", name=name, exact=True))
    row = page.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=native_name(language), exact=True))
    with translation.override("pl"):
        approved = str(AnnouncementTranslation.Status.APPROVED.label)
    expect(row.get_by_role("cell").first).to_contain_text(approved)


def test_compose_translate_approve_plan_and_send_the_newsletter(
    new_page, personas, outreach, smtp_server, live_server
):
    subscribers = outreach

    # 1. Alice (admin of an approved organisation) writes the announcement in Polish.
    page: Page = new_page()
    log_in(page, personas.alice.email)
    visit(page, "/announcements/new/")
    field(page, tr("pl", "Written in")).select_option("pl")
    field(page, tr("pl", "Title")).fill(TITLES["pl"])
    field(page, tr("pl", "Text")).fill(BODIES["pl"])
    for language in ("uk", "en"):
        page.get_by_role("checkbox", name=f"{native_name(language)} ({language})",
                         exact=True).check()
    for community in ("Ukraińska", "Gruzińska"):
        page.get_by_role("checkbox", name=community, exact=True).check()
    page.get_by_role("checkbox", name="Rodzina", exact=True).check()
    follow(page, page.locator("#main").get_by_role("button", name=tr("pl", "Save"), exact=True))
    announcement = Announcement.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLES["pl"])
    assert announcement.status == Announcement.Status.DRAFT

    # 2. Translations into Ukrainian and English in the side-by-side editor, then approval.
    for language in ("uk", "en"):
        translate(page, language)
    for language in ("uk", "en"):
        approve(page, language)
    assert set(announcement.translations.values_list("language", "status")) == {
        ("uk", AnnouncementTranslation.Status.APPROVED),
        ("en", AnnouncementTranslation.Status.APPROVED),
    }
    follow(page, page.get_by_role("button", name=tr("pl", "Publish"), exact=True))
    announcement.refresh_from_db()
    assert announcement.is_public

    # 3. The distribution plan: both channels, and the Georgian community as a gap.
    follow(page, page.get_by_role("link", name=tr("pl", "Distribution plan")))
    follow(page, page.get_by_role("button", name=tr("pl", "Propose a plan"), exact=True))
    checklist = page.get_by_role("region", name=tr("pl", "Checklist"))
    expect(checklist.get_by_role("heading", level=3)).to_have_count(2)
    expect(checklist.get_by_role("heading", name="Telegram Wrocław UA")).to_be_visible()
    expect(checklist.get_by_role("heading", name="Tablica w świetlicy")).to_be_visible()
    gaps = page.get_by_role("region", name=tr("pl", "Who this plan does not reach"))
    expect(gaps).to_contain_text(f"{tr('pl', 'Community')}: Gruzińska")
    expect(gaps).not_to_contain_text("Ukraińska")
    expect(gaps.get_by_role("link", name=tr("pl", "Add the channel to the directory"))
           ).to_be_visible()

    # 4. Staff compose a newsletter issue with it and send it (confirmation step). The tests run
    # tasks with the immediate backend: the fan-out runs when the sending request commits, so
    # the dashboard the browser lands on already shows the finished issue.
    staff: Page = new_page(locale="en-GB")
    log_in_quickly(staff, personas.staff, live_server)
    visit(staff, "/newsletter/issues/")
    follow(staff, staff.get_by_role("link", name=tr("en", "Compose a new issue")))
    staff.get_by_role("checkbox", name=re.compile(re.escape(TITLES["pl"]))).check()
    follow(staff, staff.locator("#main").get_by_role(
        "button", name=tr("en", "Save draft"), exact=True))
    issue = Issue.objects.get()
    recipients = staff.get_by_role("table", name=tr("en", "Mails that would go out, by language"))
    for language in ("pl", "en", "uk"):
        row = recipients.get_by_role("row", name=native_name(language))
        expect(row.get_by_role("cell")).to_have_text("1")
    follow(staff, staff.get_by_role("link", name=tr("en", "Send…")))
    expect(staff.locator("#main")).to_contain_text(ntr(
        "en", "The issue will be mailed to %(counter)s subscriber. This cannot be undone.",
        "The issue will be mailed to %(counter)s subscribers. This cannot be undone.", 3,
    ))
    follow(staff, staff.get_by_role("button", name=tr("en", "Send now"), exact=True))
    progress = staff.get_by_role("region", name=tr("en", "Delivery progress"))
    expect(progress).to_contain_text(
        tr("en", "%(done)s of %(total)s mails handled") % {"done": 3, "total": 3}
    )
    by_status = progress.get_by_role("table", name=tr("en", "Deliveries by status"))
    sent = by_status.get_by_role("row").filter(
        has=staff.get_by_role("rowheader", name=tr("en", "Sent"), exact=True))
    expect(sent.get_by_role("cell")).to_have_text("3")
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT

    # 5. One mail per subscriber, in their language, with RFC 8058 one-click unsubscribe.
    messages = smtp_server.wait_for(3)
    assert len(messages) == 3
    mail = {}
    for message in messages:
        [recipient] = [address.addr_spec for address in message["To"].addresses]
        assert recipient not in mail, f"{recipient} got two mails"
        mail[recipient] = message
    assert sorted(mail) == sorted(s.email for s in subscribers.values())
    for language, subscriber in subscribers.items():
        message = mail[subscriber.email]
        text = body_text(message)
        assert TITLES[language] in str(message["Subject"]), message["Subject"]
        assert TITLES[language] in text
        for other in set(TITLES) - {language}:
            assert TITLES[other] not in text
        assert "https://example.org/zapisy" in text
        assert message["Content-Language"] == language
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        # (A long header is folded: the value may start with whitespace.)
        assert re.fullmatch(r"<https?://\S+/one-click/>", str(message["List-Unsubscribe"]).strip())

    # 6a. The Ukrainian reader follows the unsubscribe link in her mail and confirms.
    reader: Page = new_page(locale="uk-UA")
    [link] = [link for link in links_in(mail[subscribers["uk"].email])
              if "/unsubscribe/" in link and "one-click" not in link]
    visit(reader, site_path(link))
    follow(reader, reader.get_by_role("button", name=tr("uk", "Unsubscribe"), exact=True))
    expect(reader.get_by_role("heading", level=1)).to_have_text(tr("uk", "You are unsubscribed"))

    # 6b. The English reader's mail client uses the one-click header (a POST without session).
    one_click = str(mail[subscribers["en"].email]["List-Unsubscribe"]).strip().strip("<>")
    response = reader.request.post(site_path(one_click),
                                   form={"List-Unsubscribe": "One-Click"})
    assert response.status == 200, response.text()

    statuses = dict(Subscriber.objects.values_list("email", "status"))
    assert statuses == {
        subscribers["uk"].email: Subscriber.Status.UNSUBSCRIBED,
        subscribers["en"].email: Subscriber.Status.UNSUBSCRIBED,
        subscribers["pl"].email: Subscriber.Status.CONFIRMED,
    }
