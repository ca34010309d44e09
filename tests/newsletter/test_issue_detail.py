"""An issue's page: the mail previewed per language, recipients per language before sending,
and — once sending — the live dashboard, polled by htmx until the issue is sent."""

from __future__ import annotations

from django.urls import reverse

from wspolnie.newsletter.models import Delivery, Issue

from .issue_views_base import IssueTestCase


class IssueDetailTests(IssueTestCase):
    def url(self, pk: int | None = None) -> str:
        return reverse("newsletter:issue_detail", args=[pk or self.issue.pk])

    def test_it_requires_staff(self):
        self.assert_staff_only(self.url())

    def test_unknown_issue_is_404(self):
        self.login(self.staff)
        assert self.client.get(self.url(99999)).status_code == 404

    def test_draft_shows_recipients_per_language_and_a_send_link(self):
        self.login(self.staff)
        response = self.client.get(self.url())
        assert response.status_code == 200
        # The pending sign-up is not counted.
        assert response.context["recipient_counts"] == {"pl": 1, "uk": 1}
        self.assertContains(response, reverse("newsletter:issue_send", args=[self.issue.pk]))
        self.assertNotContains(response, "data-hx-get")

    def test_preview_per_language_in_a_sandboxed_frame(self):
        self.login(self.staff)
        response = self.client.get(self.url(), {"language": "uk"})
        self.assertContains(response, 'sandbox=""')
        # The mail is in srcdoc, escaped as an attribute value; its body is sanitised HTML.
        self.assertContains(response, "Запрошуємо &lt;strong&gt;всіх&lt;/strong&gt;")
        self.assertContains(response, "День відкритих дверей")
        response = self.client.get(self.url(), {"language": "pl"})
        self.assertContains(response, "Zapraszamy &lt;strong&gt;wszystkich&lt;/strong&gt;")
        assert response.context["preview"].subject == "Wieści"

    def test_an_unknown_preview_language_falls_back_to_the_first(self):
        self.login(self.staff)
        response = self.client.get(self.url(), {"language": "<script>"})
        assert response.status_code == 200
        assert response.context["language"] == "pl"

    def test_dashboard_while_sending_polls_and_shows_failures(self):
        issue = self.sending_issue()
        Delivery.objects.filter(email="jan@example.org").update(
            status=Delivery.Status.FAILED, error="550 5.1.1 No such user")
        self.login(self.staff)
        response = self.client.get(self.url())
        progress_url = reverse("newsletter:issue_progress", args=[issue.pk])
        self.assertContains(response, f'data-hx-get="{progress_url}"')
        self.assertContains(response, 'data-hx-trigger="every 2s"')
        self.assertContains(response, '<progress aria-labelledby="issue-progress-label" max="2" '
                                      'value="1">', html=False)
        self.assertContains(response, "550 5.1.1 No such user")


class IssueProgressTests(IssueTestCase):
    def url(self) -> str:
        return reverse("newsletter:issue_progress", args=[self.issue.pk])

    def test_it_requires_staff(self):
        self.assert_staff_only(self.url())

    def test_polling_stops_when_the_issue_is_sent(self):
        self.sending_issue()
        self.login(self.staff)
        response = self.client.get(self.url(), HTTP_HX_REQUEST="true")
        self.assertContains(response, "data-hx-get")
        counts = {value: count for value, _label, count in response.context["statuses"]}
        assert counts["queued"] == 2 and counts["sent"] == 0

        Delivery.objects.update(status=Delivery.Status.SENT)
        Issue.objects.update(status=Issue.Status.SENT)
        response = self.client.get(self.url(), HTTP_HX_REQUEST="true")
        self.assertNotContains(response, "data-hx-get")
        self.assertContains(response, 'value="2"')
