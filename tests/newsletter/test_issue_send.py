"""Sending an issue from its page: a confirmation step, then the fan-out starts."""

from __future__ import annotations

from django.urls import reverse

from wspolnie.newsletter.models import Delivery, Issue, Subscriber

from .issue_views_base import IssueTestCase, in_polish


class IssueSendTests(IssueTestCase):
    def url(self) -> str:
        return reverse("newsletter:issue_send", args=[self.issue.pk])

    def test_it_requires_staff(self):
        self.assert_staff_only(self.url())
        self.assert_staff_only(self.url(), "post")
        self.issue.refresh_from_db()
        assert self.issue.status == Issue.Status.DRAFT
        assert not Delivery.objects.exists()

    def test_get_asks_for_confirmation_and_sends_nothing(self):
        self.login(self.staff)
        response = self.client.get(self.url())
        assert response.status_code == 200
        assert response.context["recipient_total"] == 2
        self.assertContains(response, '<form method="post">')
        assert not Delivery.objects.exists()

    def test_post_starts_sending(self):
        self.login(self.staff)
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            response = self.client.post(self.url())
        self.assertRedirects(response, reverse("newsletter:issue_detail", args=[self.issue.pk]),
                             fetch_redirect_response=False)
        self.issue.refresh_from_db()
        assert self.issue.status == Issue.Status.SENDING
        assert sorted(Delivery.objects.values_list("email", flat=True)) == [
            "jan@example.org", "olena@example.org"]
        assert len(callbacks) == 1  # the fan-out task, enqueued once committed
        # A second click does not queue the issue again.
        response = self.client.post(self.url())
        assert response.status_code == 302
        assert Delivery.objects.count() == 2

    def test_nobody_to_send_to_re_renders_with_a_message(self):
        Subscriber.objects.update(status=Subscriber.Status.UNSUBSCRIBED)
        self.login(self.staff)
        response = self.client.post(self.url())
        assert response.status_code == 400
        self.assertContains(response, in_polish(
            "Nobody would receive this issue: no confirmed subscriber is interested in its "
            "announcements."), status_code=400)
        self.issue.refresh_from_db()
        assert self.issue.status == Issue.Status.DRAFT
