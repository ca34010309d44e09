"""The buttons of the announcement page: assign, approve, send back, publish, withdraw."""

from __future__ import annotations

from django.core import mail
from django.urls import reverse

from tests.base import BaseTestCase, make_user
from wspolnie.announcements.models import Announcement, AnnouncementTranslation

from .factories import make_announcement, translation, write

T = AnnouncementTranslation.Status


class ActionTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.announcement = make_announcement(self.org)
        self.detail = self.announcement.get_manage_url()

    def url(self, name: str, *language: str) -> str:
        return reverse(f"announcements:{name}", args=[self.announcement.pk, *language])

    def messages(self, response) -> list[str]:
        return [str(m) for m in response.context["messages"]]


class AssignTests(ActionTestCase):
    def test_it_requires_login(self):
        self.assertEqual(self.client.post(self.url("assign", "uk")).status_code, 302)

    def test_it_requires_org_admin(self):
        write(self.announcement, "uk", translator=self.bob)
        self.login(self.bob)
        response = self.client.post(self.url("assign", "uk"), {"email": "bob@example.org"})
        self.assertEqual(response.status_code, 403)

    def test_it_rejects_other_orgs_admin(self):
        self.login(self.charlie)
        response = self.client.post(self.url("assign", "uk"), {"email": "charlie@example.org"})
        self.assertEqual(response.status_code, 404)
        self.assertIsNone(translation(self.announcement, "uk").translator)

    def test_get_is_not_allowed(self):
        self.login(self.alice)
        self.assertEqual(self.client.get(self.url("assign", "uk")).status_code, 405)

    def test_assigning_a_hub_member_by_e_mail(self):
        self.login(self.alice)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.url("assign", "uk"), {"email": "BOB@example.org"},
                                        follow=True)
        self.assertRedirects(response, self.detail)
        self.assertEqual(translation(self.announcement, "uk").translator, self.bob)
        self.assertEqual(mail.outbox[0].to, ["bob@example.org"])

    def test_an_unknown_address_is_explained_and_nothing_changes(self):
        make_user("outsider@example.org", "Outsider")
        self.login(self.alice)
        for email in ("outsider@example.org", "nobody@example.org", "not an address"):
            response = self.client.post(self.url("assign", "uk"), {"email": email}, follow=True)
            self.assertEqual(len(self.messages(response)), 1)
        self.assertIsNone(translation(self.announcement, "uk").translator)
        self.assertEqual(mail.outbox, [])

    def test_an_empty_address_unassigns(self):
        write(self.announcement, "uk", translator=self.bob)
        self.login(self.alice)
        self.client.post(self.url("assign", "uk"), {"email": ""})
        self.assertIsNone(translation(self.announcement, "uk").translator)


class ApproveTests(ActionTestCase):
    def setUp(self) -> None:
        super().setUp()
        write(self.announcement, "uk", status=T.NEEDS_REVIEW, translator=self.bob)

    def test_it_requires_org_admin(self):
        self.login(self.bob)
        self.assertEqual(self.client.post(self.url("approve", "uk")).status_code, 403)
        self.assertEqual(translation(self.announcement, "uk").status, T.NEEDS_REVIEW)

    def test_it_rejects_other_orgs_admin(self):
        self.login(self.charlie)
        self.assertEqual(self.client.post(self.url("approve", "uk")).status_code, 404)

    def test_approving_and_sending_back(self):
        self.login(self.alice)
        response = self.client.post(self.url("approve", "uk"))
        self.assertRedirects(response, self.detail)
        self.assertEqual(translation(self.announcement, "uk").status, T.APPROVED)
        self.client.post(self.url("reject", "uk"))
        self.assertEqual(translation(self.announcement, "uk").status, T.DRAFT)

    def test_a_stale_translation_is_refused_with_a_message(self):
        Announcement.objects.filter(pk=self.announcement.pk).update(source_revision=5)
        self.login(self.alice)
        response = self.client.post(self.url("approve", "uk"), follow=True)
        self.assertEqual(len(self.messages(response)), 1)
        self.assertEqual(translation(self.announcement, "uk").status, T.NEEDS_REVIEW)

    def test_an_unknown_language_is_404(self):
        self.login(self.alice)
        self.assertEqual(self.client.post(self.url("approve", "de")).status_code, 404)


class PublishTests(ActionTestCase):
    def test_it_requires_org_admin(self):
        self.login(self.bob)
        self.assertEqual(self.client.post(self.url("publish")).status_code, 404)

    def test_it_rejects_other_orgs_admin(self):
        self.login(self.charlie)
        self.assertEqual(self.client.post(self.url("publish")).status_code, 404)
        self.assertEqual(Announcement.objects.published().count(), 0)

    def test_publishing_and_withdrawing(self):
        self.login(self.alice)
        response = self.client.post(self.url("publish"), {"publish_at": ""})
        self.assertRedirects(response, self.detail)
        self.assertEqual(list(Announcement.objects.published()), [self.announcement])
        self.client.post(self.url("withdraw"))
        self.assertEqual(Announcement.objects.published().count(), 0)

    def test_a_date_in_warsaw_time(self):
        self.login(self.alice)
        self.client.post(self.url("publish"), {"publish_at": "2031-05-01T09:30"})
        self.announcement.refresh_from_db()
        self.assertEqual(self.announcement.publish_at.isoformat(), "2031-05-01T07:30:00+00:00")
        self.assertFalse(self.announcement.is_public)

    def test_a_malformed_date_is_explained(self):
        self.login(self.alice)
        response = self.client.post(self.url("publish"), {"publish_at": "soon"}, follow=True)
        self.assertEqual(len(self.messages(response)), 1)
        self.announcement.refresh_from_db()
        self.assertEqual(self.announcement.status, Announcement.Status.DRAFT)

    def test_withdrawing_a_draft_is_explained(self):
        self.login(self.alice)
        response = self.client.post(self.url("withdraw"), follow=True)
        self.assertEqual(len(self.messages(response)), 1)
