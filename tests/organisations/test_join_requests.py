"""Asking to join an organisation, and its admins answering (pages and mails)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.base import BaseTestCase, make_user
from tests.helpers import html_tr, links_in, site_path, subject_of, tr
from tests.smtp import body_text
from wspolnie.core.models import AuditEntry
from wspolnie.organisations import services
from wspolnie.organisations.models import JoinRequest, Membership, Organisation

JR = JoinRequest.Status


class JoinRequestsTestCase(BaseTestCase):
    @pytest.fixture(autouse=True)
    def _smtp(self, smtp_server):
        self.smtp = smtp_server

    def setUp(self) -> None:
        super().setUp()
        self.zoe = make_user("zoe@example.org", "Zoe Nowak", preferred_language="uk")
        # A second admin who reads English: each admin gets the mail in their language.
        self.erin = make_user("erin@example.org", "Erin Admin", preferred_language="en")
        Membership.objects.create(user=self.erin, organisation=self.org, role="admin")
        self.profile = self.org.get_absolute_url()
        self.join_url = reverse("organisations:join", args=[self.org.slug])
        self.members_url = reverse("organisations:members", args=[self.org.slug])

    def ask(self, user=None, message="Prowadzę zajęcia dla dzieci w środy."):
        self.login(user or self.zoe)
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.join_url, {"message": message})

    def pending(self) -> JoinRequest:
        return JoinRequest.objects.get(user=self.zoe, status=JR.PENDING)

    def decide(self, actor, join_request, decision="approve"):
        self.login(actor)
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(reverse(f"organisations:join_{decision}",
                                            args=[self.org.slug, join_request.pk]))

    # -- asking -------------------------------------------------------------------------------

    def test_a_post_without_any_field_asks_without_a_message(self):
        """Found by tests/fuzz: a POST with no field at all (the message is optional) showed
        the form again, unbound, without saying why (htmx may post with the token in a
        header only)."""
        self.login(self.zoe)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.join_url, {})
        self.assertRedirects(response, self.profile, fetch_redirect_response=False)
        self.assertEqual(self.pending().message, "")

    def test_the_profile_offers_the_form_to_a_signed_in_non_member(self):
        self.login(self.zoe)
        response = self.client.get(self.profile, HTTP_ACCEPT_LANGUAGE="uk")
        self.assertContains(response, f'action="{self.join_url}"')
        self.assertContains(response, "Попросити про приєднання")

    def test_anonymous_visitors_are_asked_to_log_in(self):
        response = self.client.get(self.profile)
        self.assertNotContains(response, f'action="{self.join_url}"')
        self.assertContains(response, f"{reverse('accounts:login')}?next={self.profile}")
        response = self.client.post(self.join_url, {"message": "hi"})
        self.assertEqual(response.status_code, 302)
        self.assertFalse(JoinRequest.objects.exists())

    def test_members_are_not_offered_the_form(self):
        self.login(self.bob)
        self.assertNotContains(self.client.get(self.profile), f'action="{self.join_url}"')

    def test_a_member_cannot_ask(self):
        response = self.ask(self.bob)
        self.assertRedirects(response, self.profile, fetch_redirect_response=False)
        self.assertFalse(JoinRequest.objects.exists())
        self.assertContains(self.client.get(self.profile),
                            html_tr("pl", "You are already a member of this organisation."))

    def test_asking_mails_every_admin_in_their_language(self):
        response = self.ask()
        self.assertRedirects(response, self.profile, fetch_redirect_response=False)
        join_request = self.pending()
        self.assertEqual(join_request.message, "Prowadzę zajęcia dla dzieci w środy.")
        messages = {m["To"]: m for m in self.smtp.wait_for(2)}
        self.assertEqual(sorted(messages), ["alice@example.org", "erin@example.org"])
        self.assertEqual(subject_of(messages["alice@example.org"]),
                         "Ktoś prosi o dołączenie do Fundacja Testowa")
        english = messages["erin@example.org"]
        self.assertEqual(subject_of(english), "Somebody asks to join Fundacja Testowa")
        self.assertIn("Zoe Nowak", body_text(english))
        self.assertIn("Prowadzę zajęcia dla dzieci w środy.", body_text(english))
        self.assertEqual([site_path(link) for link in links_in(english)], [self.members_url])
        self.assertTrue(AuditEntry.objects.filter(
            action="organisation.join_requested", actor=self.zoe,
            object_id=str(self.org.pk)).exists())
        # The profile now says the request waits.
        response = self.client.get(self.profile)
        self.assertContains(response, 'id="join-status"')
        self.assertNotContains(response, f'action="{self.join_url}"')

    def test_one_cannot_ask_twice_while_a_request_waits(self):
        self.ask()
        response = self.ask()
        self.assertRedirects(response, self.profile, fetch_redirect_response=False)
        self.assertEqual(JoinRequest.objects.filter(user=self.zoe).count(), 1)
        self.assertContains(self.client.get(self.profile), html_tr(
            "pl", "You have already asked to join; the admins have not answered yet."))

    def test_markup_in_the_message_is_dropped(self):
        self.ask(message='<script>alert(1)</script><b>Cześć</b>')
        self.assertEqual(self.pending().message, "Cześć")

    def test_a_too_long_message_is_shown_again_with_an_error(self):
        self.login(self.zoe)
        response = self.client.post(self.join_url, {"message": "x" * 1001},
                                    HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "x" * 1001, status_code=400)
        self.assertContains(response, "at most 1000 characters", status_code=400)
        self.assertFalse(JoinRequest.objects.exists())

    def test_one_cannot_ask_to_join_an_unapproved_organisation(self):
        Organisation.objects.filter(pk=self.org.pk).update(status=Organisation.Status.PENDING)
        response = self.ask()
        self.assertEqual(response.status_code, 404)
        self.assertFalse(JoinRequest.objects.exists())

    # -- the members page and the answer -------------------------------------------------------

    def test_the_members_page_is_for_the_organisations_admins_and_staff(self):
        self.ask()
        self.client.logout()
        self.assertEqual(self.client.get(self.members_url).status_code, 302)
        for user in (self.bob, self.charlie, self.zoe):
            self.login(user)
            self.assertEqual(self.client.get(self.members_url).status_code, 403, user)
        for user in (self.alice, self.staff):
            self.login(user)
            response = self.client.get(self.members_url)
            self.assertContains(response, "Zoe Nowak")
            self.assertContains(response, "Prowadzę zajęcia dla dzieci w środy.")
            self.assertContains(response, "Bob Member")

    def test_the_profile_tells_admins_about_waiting_requests(self):
        self.ask()
        self.login(self.alice)
        response = self.client.get(self.profile, HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, f'href="{self.members_url}"')
        self.assertContains(response, "1 request to join")

    def test_approving_makes_a_member_and_tells_the_person(self):
        self.ask()
        join_request = self.pending()
        count = len(self.smtp.wait_for(2))
        response = self.decide(self.alice, join_request)
        self.assertRedirects(response, self.members_url, fetch_redirect_response=False)
        membership = Membership.objects.get(user=self.zoe, organisation=self.org)
        self.assertEqual(membership.role, Membership.Role.MEMBER)
        join_request.refresh_from_db()
        self.assertEqual((join_request.status, join_request.decided_by), (JR.APPROVED,
                                                                           self.alice))
        [mail] = self.smtp.wait_for(count + 1)[count:]
        self.assertEqual(mail["To"], "zoe@example.org")
        self.assertEqual(subject_of(mail), "Тепер ви учасник організації Fundacja Testowa")
        self.assertTrue(AuditEntry.objects.filter(action="organisation.join_approved",
                                                  actor=self.alice).exists())

    def test_declining_tells_the_person_and_makes_no_member(self):
        self.ask()
        count = len(self.smtp.wait_for(2))
        self.decide(self.alice, self.pending(), "decline")
        self.assertFalse(Membership.objects.filter(user=self.zoe).exists())
        self.assertEqual(JoinRequest.objects.get(user=self.zoe).status, JR.DECLINED)
        [mail] = self.smtp.wait_for(count + 1)[count:]
        self.assertEqual(subject_of(mail), tr("uk", "Your request to join %(name)s")
                         % {"name": "Fundacja Testowa"})
        self.assertIn("відхилили", body_text(mail))
        # After an answer one may ask again.
        self.ask()
        self.assertEqual(JoinRequest.objects.filter(user=self.zoe, status=JR.PENDING).count(), 1)

    def test_staff_can_answer(self):
        self.ask()
        self.decide(self.staff, self.pending())
        self.assertTrue(Membership.objects.filter(user=self.zoe, organisation=self.org).exists())

    def test_another_organisations_admin_cannot_answer(self):
        self.ask()
        join_request = self.pending()
        for user in (self.charlie, self.bob, self.zoe):
            response = self.decide(user, join_request)
            self.assertEqual(response.status_code, 403)
        join_request.refresh_from_db()
        self.assertEqual(join_request.status, JR.PENDING)
        self.assertFalse(Membership.objects.filter(user=self.zoe).exists())

    def test_a_request_of_another_organisation_is_not_found_here(self):
        charlie_request = services.do_request_to_join(self.zoe, self.other_org, "")
        response = self.decide(self.alice, charlie_request)
        self.assertEqual(response.status_code, 404)

    def test_a_request_is_answered_once(self):
        self.ask()
        join_request = self.pending()
        self.decide(self.alice, join_request, "decline")
        response = self.decide(self.erin, join_request, "approve")
        self.assertRedirects(response, self.members_url, fetch_redirect_response=False)
        self.assertFalse(Membership.objects.filter(user=self.zoe).exists())

    def test_deciding_needs_post(self):
        self.ask()
        self.login(self.alice)
        response = self.client.get(reverse("organisations:join_approve",
                                           args=[self.org.slug, self.pending().pk]))
        self.assertEqual(response.status_code, 405)


class JoinRequestWithoutAdminsTestCase(BaseTestCase):
    @pytest.fixture(autouse=True)
    def _smtp(self, smtp_server):
        self.smtp = smtp_server

    def test_the_staff_are_told_when_the_organisation_has_no_admin(self):
        Membership.objects.filter(organisation=self.other_org).delete()
        zoe = make_user("zoe@example.org", "Zoe Nowak")
        with self.captureOnCommitCallbacks(execute=True):
            services.do_request_to_join(zoe, self.other_org, "")
        self.assertEqual([m["To"] for m in self.smtp.wait_for(1)], ["staff@example.org"])
