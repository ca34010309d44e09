"""The demo announcements: realistic, translated, idempotent."""

from __future__ import annotations

import io

import pytest

from wspolnie.announcements import demo
from wspolnie.announcements.models import Announcement, AnnouncementTranslation
from wspolnie.core.demo import load_demo_data

T = AnnouncementTranslation.Status


@pytest.mark.django_db
def test_the_demo_announces_the_next_meeting_and_more_in_three_languages():
    load_demo_data(io.StringIO())
    counts = (Announcement.objects.count(), AnnouncementTranslation.objects.count())
    demo.load(io.StringIO())  # idempotent (the rest of the demo has its own tests)
    assert (Announcement.objects.count(), AnnouncementTranslation.objects.count()) == counts

    published = list(Announcement.objects.published())
    kinds = {a.kind for a in published}
    assert {"save_the_date", "call_for_partners", "news"} <= kinds
    for announcement in published:
        assert announcement.source_language == "pl"
        assert [v.language for v in announcement.approved_versions()] == ["pl", "en", "uk"]
        assert not any(t.source_changed for t in announcement.translations.all())

    save_the_date = Announcement.objects.get(kind="save_the_date")
    assert save_the_date.event is not None
    assert save_the_date.event.series.slug.startswith("wspolnie-o-miedzykulturowosci")
    assert save_the_date.event.starts_at > save_the_date.publish_at

    # One draft shows the workflow: a volunteer's Ukrainian waiting for review.
    draft = Announcement.objects.get(status="draft")
    uk = draft.translations.get(language="uk")
    assert uk.status == T.NEEDS_REVIEW
    assert uk.translator.email == "member@demo.wspolnie.example"
    assert draft.translations.get(language="en").status == T.MISSING
