"""Plain-text mails are plain text: a meeting called `Spotkanie "A&B" <ważne>` arrives so in
the subject and the text, not as `&quot;A&amp;B&quot; &lt;ważne&gt;`; the HTML part of a
newsletter escapes it as HTML must. Real mails, through a real SMTP server."""

from __future__ import annotations

import pytest

from tests.base import make_user
from tests.helpers import subject_of
from tests.meetings.factories import make_event
from tests.newsletter.factories import make_subscriber
from tests.newsletter.issue_factories import make_announcement
from tests.smtp import body_text
from wspolnie.meetings import services as meetings
from wspolnie.newsletter import fanout, issues
from wspolnie.organisations import services as organisations
from wspolnie.organisations.models import Membership, Organisation

TITLE = 'Spotkanie "A&B" <ważne>'
ESCAPED = ("&quot;", "&amp;", "&lt;", "&gt;", "&#x27;", "&#39;")


def assert_plain(text: str) -> None:
    assert TITLE in text
    for entity in ESCAPED:
        assert entity not in text, entity


@pytest.mark.django_db
def test_meeting_mails_are_not_html_escaped(smtp_server, django_capture_on_commit_callbacks):
    org = Organisation.objects.create(name="Fundacja", slug="fundacja", kind="ngo",
                                      status=Organisation.Status.APPROVED)
    event = make_event(org, title={"pl": TITLE, "en": TITLE, "uk": TITLE})
    with django_capture_on_commit_callbacks(execute=True):
        meetings.do_register(None, event, meetings.RegistrationData(
            name='Ola "O&K" <Nowak>', email="ola@example.org", language="pl"))
    [message] = smtp_server.wait_for(1)
    assert_plain(subject_of(message))
    assert_plain(body_text(message))
    assert 'Ola "O&K" <Nowak>' in body_text(message)


@pytest.mark.django_db
def test_other_apps_text_mails_are_not_escaped(smtp_server, django_capture_on_commit_callbacks):
    org = Organisation.objects.create(name=TITLE, slug="a-b", kind="ngo",
                                      status=Organisation.Status.APPROVED)
    admin = make_user("admin@example.org", "Ada")
    Membership.objects.create(user=admin, organisation=org, role="admin")
    person = make_user("person@example.org", 'Piotr "P&P" <Kowal>')
    with django_capture_on_commit_callbacks(execute=True):
        organisations.do_request_to_join(person, org, message="Chętnie")
    [message] = smtp_server.wait_for(1)
    assert_plain(subject_of(message))
    assert_plain(body_text(message))
    assert 'Piotr "P&P" <Kowal>' in body_text(message)


@pytest.mark.django_db
def test_newsletter_text_part_is_plain_and_html_part_is_escaped(smtp_server):
    staff = make_user("staff@example.org", "Sam", is_staff=True)
    make_subscriber("reader@example.org", ["pl"])
    announcement = make_announcement(title=TITLE, body="Zapraszamy.")
    issue = issues.do_create_issue(staff, [announcement], subject={"pl": TITLE})
    issues.start_sending(issue, staff, enqueue=False)
    fanout.send_all_here(issue.pk)
    [message] = smtp_server.wait_for(1)
    assert_plain(subject_of(message))
    assert_plain(body_text(message))
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "&lt;ważne&gt;" in html
    assert "<ważne>" not in html
