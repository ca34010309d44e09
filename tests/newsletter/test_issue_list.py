"""The staff list of newsletter issues."""

from __future__ import annotations

from django.urls import reverse

from wspolnie.newsletter.models import Delivery

from .issue_views_base import IssueTestCase, in_polish


class IssueListTests(IssueTestCase):
    url = reverse("newsletter:issue_list")

    def test_it_requires_staff(self):
        self.assert_staff_only(self.url)

    def test_it_rejects_org_admins_of_any_organisation(self):
        for user in (self.alice, self.charlie):
            self.login(user)
            assert self.client.get(self.url).status_code == 403

    def test_staff_see_issues_with_their_progress(self):
        issue = self.sending_issue()
        Delivery.objects.filter(issue=issue, email="jan@example.org").update(
            status=Delivery.Status.SENT)
        self.login(self.staff)
        response = self.client.get(self.url)
        assert response.status_code == 200
        self.assertContains(response, reverse("newsletter:issue_detail", args=[issue.pk]))
        self.assertContains(response, "Dzień otwarty")
        self.assertContains(response, in_polish("%(sent)s of %(total)s", sent=1, total=2))
        self.assertContains(response, reverse("newsletter:issue_create"))
