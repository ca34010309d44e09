"""The staff list of an issue's deliveries, filtered by status."""

from __future__ import annotations

from django.urls import reverse

from wspolnie.newsletter.models import Delivery

from .issue_views_base import IssueTestCase


class DeliveryListTests(IssueTestCase):
    def url(self) -> str:
        return reverse("newsletter:issue_deliveries", args=[self.issue.pk])

    def test_it_requires_staff(self):
        self.sending_issue()
        self.assert_staff_only(self.url())

    def test_filter_by_status(self):
        self.sending_issue()
        Delivery.objects.filter(email="jan@example.org").update(
            status=Delivery.Status.FAILED, error="550 No such user")
        self.login(self.staff)
        response = self.client.get(self.url())
        self.assertContains(response, "jan@example.org")
        self.assertContains(response, "olena@example.org")
        response = self.client.get(self.url(), {"status": "failed"})
        self.assertContains(response, "jan@example.org")
        self.assertContains(response, "550 No such user")
        self.assertNotContains(response, "olena@example.org")

    def test_a_bad_filter_value_shows_the_form_error_not_a_crash(self):
        self.sending_issue()
        self.login(self.staff)
        response = self.client.get(self.url(), {"status": "nonsense"})
        assert response.status_code == 200
        assert response.context["form"].errors["status"]

    def test_unknown_issue_is_404(self):
        self.login(self.staff)
        response = self.client.get(reverse("newsletter:issue_deliveries", args=[99999]))
        assert response.status_code == 404
