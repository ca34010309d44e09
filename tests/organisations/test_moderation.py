from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tests.base import BaseTestCase, make_user
from tests.helpers import html_tr, subject_of
from tests.smtp import body_text
from wspolnie.core.models import AuditEntry
from wspolnie.organisations.models import Membership, Organisation


class ModerationBase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.creator = make_user("olena@example.org", "Olena", preferred_language="uk")
        self.pending = Organisation.objects.create(
            name="Grupa Oczekująca", slug="grupa-oczekujaca", kind="informal_group",
            short_description={"pl": "Spotkania sąsiedzkie."}, submitted_by=self.creator,
        )
        Membership.objects.create(user=self.creator, organisation=self.pending, role="admin")
        self.queue_url = reverse("organisations:moderation")
        self.approve_url = reverse("organisations:approve", args=[self.pending.slug])
        self.reject_url = reverse("organisations:reject", args=[self.pending.slug])

    def status(self) -> str:
        return Organisation.objects.get(pk=self.pending.pk).status


class ModerationQueueTestCase(ModerationBase):
    def test_it_requires_login(self):
        response = self.client.get(self.queue_url)
        self.assertRedirects(response, reverse("accounts:login") + "?next=" + self.queue_url)

    def test_it_rejects_everyone_but_staff(self):
        for user in (self.bob, self.alice, self.charlie, self.creator):
            self.login(user)
            response = self.client.get(self.queue_url)
            self.assertContains(response, html_tr("pl", "Access denied"), status_code=403)

    def test_staff_see_the_pending_organisations(self):
        self.login(self.staff)
        response = self.client.get(self.queue_url)
        self.assertContains(response, "Grupa Oczekująca")
        self.assertContains(response, "Spotkania sąsiedzkie.")
        self.assertContains(response, "olena@example.org")
        self.assertContains(response, self.approve_url)
        self.assertContains(response, self.reject_url)
        self.assertNotContains(response, self.org.name)  # approved ones are not in the queue

    def test_it_says_so_when_nothing_waits(self):
        self.pending.delete()
        self.login(self.staff)
        response = self.client.get(self.queue_url)
        self.assertContains(response, html_tr("pl", "Nothing waits for approval."))


class ModerationApproveTestCase(ModerationBase):
    def test_it_requires_login(self):
        response = self.client.post(self.approve_url)
        self.assertRedirects(response, reverse("accounts:login") + "?next=" + self.approve_url)
        self.assertEqual(self.status(), "pending")

    def test_it_rejects_everyone_but_staff(self):
        for user in (self.bob, self.alice, self.charlie, self.creator):
            self.login(user)
            self.assertEqual(self.client.post(self.approve_url).status_code, 403)
        self.assertEqual(self.status(), "pending")
        self.assertFalse(AuditEntry.objects.exists())

    def test_it_needs_a_post(self):
        self.login(self.staff)
        self.assertEqual(self.client.get(self.approve_url).status_code, 405)
        self.assertEqual(self.status(), "pending")

    def test_staff_approve_and_the_admins_get_a_mail_in_their_language(self):
        self.login(self.staff)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.approve_url, follow=True)
        self.assertRedirects(response, self.queue_url)
        self.assertEqual(self.status(), "approved")
        entry = AuditEntry.objects.get(action="organisation.approved")
        self.assertEqual(entry.actor, self.staff)
        self.assertEqual(entry.changes, {"status": ["pending", "approved"]})
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["olena@example.org"])
        with translation.override("uk"):
            subject = gettext("%(name)s is now in the Wspólnie directory") % {
                "name": "Grupa Oczekująca"}
        self.assertEqual(mail.outbox[0].subject, subject)
        self.assertIn(self.pending.get_absolute_url(), mail.outbox[0].body)
        # Public now.
        self.client.logout()
        self.assertContains(self.client.get(reverse("organisations:list")), "Grupa Oczekująca")
        self.assertEqual(self.client.get(self.pending.get_absolute_url()).status_code, 200)

    def test_approving_twice_changes_nothing(self):
        self.login(self.staff)
        self.client.post(self.approve_url)
        self.client.post(self.approve_url)
        self.assertEqual(AuditEntry.objects.filter(action="organisation.approved").count(), 1)


class ModerationRejectTestCase(ModerationBase):
    def test_it_rejects_everyone_but_staff(self):
        for user in (self.bob, self.alice, self.charlie, self.creator):
            self.login(user)
            self.assertEqual(self.client.get(self.reject_url).status_code, 403)
            response = self.client.post(self.reject_url, {"reason": "Nie."})
            self.assertEqual(response.status_code, 403)
        self.assertEqual(self.status(), "pending")

    def test_a_reason_is_required(self):
        self.login(self.staff)
        response = self.client.post(self.reject_url, {"reason": "  "})
        self.assertEqual(response.status_code, 200)
        self.assertIn("reason", response.context["form"].errors)
        self.assertEqual(self.status(), "pending")

    def test_a_too_long_reason_is_refused_not_cut(self):
        from django.core.exceptions import ValidationError

        from wspolnie.organisations import services

        self.login(self.staff)
        response = self.client.get(self.queue_url)
        self.assertNotRegex(response.content.decode(), r"\smaxlength=")
        reason = "Brak danych. " + "x" * 1990
        response = self.client.post(self.reject_url, {"reason": reason})
        self.assertEqual(response.status_code, 200)
        self.assertIn("reason", response.context["form"].errors)
        self.assertContains(response, reason)
        # The service itself refuses it too (the API and commands reach it without the form).
        with self.assertRaises(ValidationError) as caught, translation.override("en"):
            services.do_reject_organisation(self.staff, self.pending, reason)
        with translation.override("en"):
            self.assertEqual(caught.exception.message_dict["reason"], [
                "The reason may be at most 2000 characters long (it has 2003)."])
        self.assertEqual(self.status(), "pending")
        self.assertEqual(len(mail.outbox), 0)

    def test_staff_reject_with_a_reason_that_the_admins_receive(self):
        self.login(self.staff)
        self.assertEqual(self.client.get(self.reject_url).status_code, 200)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.reject_url, {"reason": "Brak danych kontaktowych."})
        self.assertRedirects(response, self.queue_url)
        organisation = Organisation.objects.get(pk=self.pending.pk)
        self.assertEqual(organisation.status, "rejected")
        self.assertEqual(organisation.rejection_reason, "Brak danych kontaktowych.")
        entry = AuditEntry.objects.get(action="organisation.rejected")
        self.assertEqual(entry.changes["reason"], [None, "Brak danych kontaktowych."])
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn("Brak danych kontaktowych.", mail.outbox[0].body)
        # The creator sees why, and can ask again.
        self.client.force_login(self.creator)
        response = self.client.get(self.pending.get_absolute_url())
        self.assertContains(response, "Brak danych kontaktowych.")
        response = self.client.post(reverse("organisations:resubmit", args=[self.pending.slug]))
        self.assertEqual(self.status(), "pending")
        self.assertTrue(AuditEntry.objects.filter(action="organisation.resubmitted").exists())


class ModerationMailOverSmtpTestCase(ModerationBase):
    """The approval mail goes through the task queue to a real SMTP server."""

    @pytest.fixture(autouse=True)
    def _smtp(self, smtp_server):
        self.smtp = smtp_server

    def test_the_approval_mail_arrives(self):
        self.login(self.staff)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(self.approve_url)
        [message] = self.smtp.wait_for(1)
        self.assertEqual(message["To"], "olena@example.org")
        with translation.override("uk"):
            subject = gettext("%(name)s is now in the Wspólnie directory") % {
                "name": "Grupa Oczekująca"}
        self.assertEqual(subject_of(message), subject)
        self.assertIn(self.pending.get_absolute_url(), body_text(message))


class ResubmitTestCase(ModerationBase):
    def setUp(self) -> None:
        super().setUp()
        self.pending.status = Organisation.Status.REJECTED
        self.pending.save()
        self.url = reverse("organisations:resubmit", args=[self.pending.slug])

    def test_it_requires_an_admin_of_the_organisation(self):
        self.assertEqual(self.client.post(self.url).status_code, 302)  # to the login page
        member = make_user("member@example.org", "Member")
        Membership.objects.create(user=member, organisation=self.pending, role="member")
        for user in (member, self.alice, self.charlie):
            self.login(user)
            self.assertIn(self.client.post(self.url).status_code, (403, 404))
        self.assertEqual(self.status(), "rejected")

    def test_it_needs_a_post(self):
        self.login(self.creator)
        self.assertEqual(self.client.get(self.url).status_code, 405)

    def test_staff_may_resubmit_too(self):
        self.login(self.staff)
        self.client.post(self.url)
        self.assertEqual(self.status(), "pending")
