"""The members page: admins (and staff) see who is a member and hand the admin role over."""

from __future__ import annotations

from django.urls import reverse

from tests.base import BaseTestCase
from tests.helpers import html_tr
from wspolnie.organisations.models import Membership


class MakeAdminTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.bob_membership = Membership.objects.get(user=self.bob, organisation=self.org)
        self.url = reverse("organisations:make_admin", args=[self.org.slug,
                                                             self.bob_membership.pk])
        self.members_url = reverse("organisations:members", args=[self.org.slug])

    def role(self) -> str:
        self.bob_membership.refresh_from_db()
        return self.bob_membership.role

    def test_the_members_page_offers_it_for_members(self):
        self.login(self.alice)
        response = self.client.get(self.members_url)
        self.assertContains(response, f'action="{self.url}"')

    def test_an_admin_makes_a_member_admin(self):
        self.login(self.alice)
        response = self.client.post(self.url, follow=True)
        self.assertRedirects(response, self.members_url)
        self.assertContains(response, html_tr(
            "pl", "%(name)s is now an admin of the organisation.") % {"name": "Bob Member"})
        self.assertEqual(self.role(), Membership.Role.ADMIN)
        # Now Alice is no longer the only admin, and may delete her account.
        self.assertNotContains(self.client.get(reverse("accounts:delete")),
                               html_tr("pl", "Your account cannot be deleted yet."))

    def test_staff_can(self):
        self.login(self.staff)
        self.client.post(self.url)
        self.assertEqual(self.role(), Membership.Role.ADMIN)

    def test_members_and_other_organisations_admins_cannot(self):
        for user in (self.bob, self.charlie):
            self.login(user)
            self.assertEqual(self.client.post(self.url).status_code, 403)
        self.assertEqual(self.role(), Membership.Role.MEMBER)

    def test_a_membership_of_another_organisation_is_not_found(self):
        self.login(self.charlie)
        url = reverse("organisations:make_admin", args=[self.other_org.slug,
                                                        self.bob_membership.pk])
        self.assertEqual(self.client.post(url).status_code, 404)
        self.assertEqual(self.role(), Membership.Role.MEMBER)

    def test_anonymous_visitors_are_sent_to_log_in(self):
        self.assertEqual(self.client.post(self.url).status_code, 302)
        self.assertEqual(self.role(), Membership.Role.MEMBER)

    def test_it_needs_post(self):
        self.login(self.alice)
        self.assertEqual(self.client.get(self.url).status_code, 405)
