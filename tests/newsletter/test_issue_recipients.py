"""Who gets an issue, and in which language: confirmed subscribers only, their topics only, the
first approved version in their languages, then the configured fallback, then the source."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from tests.base import BaseTestCase
from wspolnie.core.models import AuditEntry
from wspolnie.newsletter import issues
from wspolnie.newsletter.models import Delivery, Issue, Subscriber

from .factories import make_subscriber
from .issue_factories import make_announcement, make_topic


class RecipientSelectionTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.housing = make_topic("housing")
        cls.schools = make_topic("schools")
        cls.housing_news = make_announcement(
            "Mieszkania komunalne", "Nabór wniosków trwa.",
            translations={"uk": ("Комунальне житло", "Прийом заяв триває.")},
            drafts={"en": ("Council flats", "Applications are open.")},
            topics=[cls.housing],
        )
        cls.for_everyone = make_announcement(
            "Festyn sąsiedzki", "W sobotę na Nadodrzu.",
            translations={"en": ("Neighbourhood fair", "On Saturday in Nadodrze.")},
        )

    def make_issue(self, *announcements) -> Issue:
        return issues.do_create_issue(
            self.staff, announcements or [self.housing_news, self.for_everyone],
            subject={"pl": "Wieści z Wrocławia"}, intro={},
        )

    def titles_for(self, issue: Issue, email: str) -> list[str]:
        for subscriber, entries in issues.recipients(issue):
            if subscriber.email == email:
                return [entry.version.title for entry in entries]
        return []

    def test_topics_pick_the_announcements(self):
        make_subscriber("housing@example.org", ["pl"], topics=[self.housing])
        make_subscriber("schools@example.org", ["pl"], topics=[self.schools])
        make_subscriber("all@example.org", ["pl"])
        issue = self.make_issue()
        # Schools-only readers still get the announcement that has no topic.
        assert self.titles_for(issue, "schools@example.org") == ["Festyn sąsiedzki"]
        assert self.titles_for(issue, "housing@example.org") == [
            "Mieszkania komunalne", "Festyn sąsiedzki"]
        assert self.titles_for(issue, "all@example.org") == [
            "Mieszkania komunalne", "Festyn sąsiedzki"]

    def test_nobody_without_a_matching_announcement_gets_a_delivery(self):
        make_subscriber("schools@example.org", ["pl"], topics=[self.schools])
        make_subscriber("housing@example.org", ["pl"], topics=[self.housing])
        issue = self.make_issue(self.housing_news)
        assert issues.do_start_sending(self.staff, issue) == 1
        assert list(Delivery.objects.values_list("email", flat=True)) == ["housing@example.org"]

    def test_unconfirmed_and_unsubscribed_get_nothing(self):
        make_subscriber("pending@example.org", ["pl"], confirmed=False)
        gone = make_subscriber("gone@example.org", ["pl"])
        gone.status = Subscriber.Status.UNSUBSCRIBED
        gone.save()
        make_subscriber("yes@example.org", ["pl"])
        issue = self.make_issue()
        assert [s.email for s, _e in issues.recipients(issue)] == ["yes@example.org"]

    def test_language_order_then_fallback_then_source(self):
        make_subscriber("uk@example.org", ["uk", "en"])
        make_subscriber("ka@example.org", ["ka"])
        issue = self.make_issue()
        # uk reader: approved uk version; the fair has no uk, so their second language (en).
        assert self.titles_for(issue, "uk@example.org") == [
            "Комунальне житло", "Neighbourhood fair"]
        # Georgian: nothing approved in ka; fallback en (a draft en does not count) then pl.
        assert self.titles_for(issue, "ka@example.org") == [
            "Mieszkania komunalne", "Neighbourhood fair"]

    @override_settings(NEWSLETTER_LANGUAGE_FALLBACK=["uk"])
    def test_fallback_order_is_configurable(self):
        make_subscriber("ka@example.org", ["ka"])
        issue = self.make_issue()
        assert self.titles_for(issue, "ka@example.org") == [
            "Комунальне житло", "Festyn sąsiedzki"]

    def test_recipient_counts_per_mail_language(self):
        make_subscriber("a@example.org", ["uk"])
        make_subscriber("b@example.org", ["uk", "pl"])
        make_subscriber("c@example.org", ["en"])
        make_subscriber("d@example.org", ["ka", "pl"])
        issue = self.make_issue()
        assert issues.recipient_counts(issue) == {"en": 1, "pl": 1, "uk": 2}

    def test_start_sending_queues_one_delivery_each_with_a_unique_message_id(self):
        for number in range(3):
            make_subscriber(f"r{number}@example.org", ["uk"])
        issue = self.make_issue()
        with self.captureOnCommitCallbacks(execute=False):
            assert issues.do_start_sending(self.staff, issue) == 3
        issue.refresh_from_db()
        assert issue.status == Issue.Status.SENDING
        deliveries = list(issue.deliveries.all())
        assert {d.status for d in deliveries} == {Delivery.Status.QUEUED}
        assert {d.language for d in deliveries} == {"uk"}
        ids = [d.message_id for d in deliveries]
        assert len(set(ids)) == 3
        assert all(i.startswith("<") and i.endswith("@127.0.0.1>") for i in ids), ids
        assert AuditEntry.objects.filter(action="newsletter.issue_sending").count() == 1
        with self.assertRaises(ValidationError):
            issues.do_start_sending(self.staff, issue)
        assert issue.deliveries.count() == 3

    def test_only_published_announcements_may_be_bundled(self):
        draft = make_announcement("Szkic", published=False)
        with self.assertRaises(ValidationError) as raised:
            issues.do_create_issue(self.staff, [draft])
        assert "Szkic" in raised.exception.messages[0]
        with self.assertRaises(ValidationError):
            issues.do_create_issue(self.staff, [])

    def test_nothing_to_send_is_refused(self):
        issue = self.make_issue()
        with self.assertRaises(ValidationError):
            issues.do_start_sending(self.staff, issue)
        issue.refresh_from_db()
        assert issue.status == Issue.Status.DRAFT

    def test_only_staff_may_compose_or_send(self):
        issue = self.make_issue()
        for user in (self.alice, self.bob, self.charlie):
            with self.assertRaises(PermissionDenied):
                issues.do_create_issue(user, [self.for_everyone])
            with self.assertRaises(PermissionDenied):
                issues.do_update_issue(user, issue, subject={"pl": "x"})
            with self.assertRaises(PermissionDenied):
                issues.do_start_sending(user, issue)

    def test_a_sending_issue_cannot_change(self):
        make_subscriber("r@example.org", ["pl"])
        issue = self.make_issue()
        with self.captureOnCommitCallbacks(execute=False):
            issues.do_start_sending(self.staff, issue)
        issue.refresh_from_db()
        with self.assertRaises(ValidationError):
            issues.do_update_issue(self.staff, issue, subject={"pl": "Nowy"})
