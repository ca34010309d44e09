"""/api/newsletter/issues…, /bounces: staff only (401 anonymous, 403 JSON for everybody else),
bad input answers 4xx JSON."""

from __future__ import annotations

import json

from wspolnie.newsletter.models import Delivery, Issue, Subscriber

from .issue_views_base import IssueTestCase

API = "/api/newsletter"


class IssueApiTests(IssueTestCase):
    def post(self, path: str, data: dict | None = None):
        return self.client.post(f"{API}{path}", json.dumps(data or {}),
                                content_type="application/json")

    def endpoints(self) -> list[tuple[str, str, dict | None]]:
        pk = self.issue.pk
        return [
            ("get", "/issues", None),
            ("post", "/issues", {"announcements": [self.announcement.pk]}),
            ("get", f"/issues/{pk}", None),
            ("post", f"/issues/{pk}/send", {}),
            ("get", f"/issues/{pk}/progress", None),
            ("get", f"/issues/{pk}/deliveries", None),
            ("post", "/bounces", {"email": "jan@example.org", "reason": "x"}),
        ]

    def call(self, method: str, path: str, data):
        if method == "get":
            return self.client.get(f"{API}{path}")
        return self.post(path, data)

    def test_anonymous_gets_401_and_non_staff_403_everywhere(self):
        for method, path, data in self.endpoints():
            response = self.call(method, path, data)
            assert response.status_code == 401, (path, response.content)
        for user in (self.alice, self.bob, self.charlie):
            self.login(user)
            for method, path, data in self.endpoints():
                response = self.call(method, path, data)
                assert response.status_code == 403, (user, path, response.content)
                assert "detail" in response.json()
        assert Issue.objects.count() == 1
        assert not Delivery.objects.exists()

    def test_staff_compose_send_and_follow_progress(self):
        self.login(self.staff)
        response = self.post("/issues", {"announcements": [self.announcement.pk],
                                         "subject": {"uk": "Новини"}})
        assert response.status_code == 201, response.content
        created = response.json()
        assert created["status"] == "draft" and created["subject"] == {"uk": "Новини"}
        assert created["announcements"] == [self.announcement.pk]

        detail = self.client.get(f"{API}/issues/{created['id']}").json()
        assert detail["recipients_by_language"] == {"pl": 1, "uk": 1}

        with self.captureOnCommitCallbacks(execute=False):
            response = self.post(f"/issues/{created['id']}/send")
        assert response.status_code == 202, response.content
        assert response.json()["queued"] == 2 and response.json()["status"] == "sending"

        progress = self.client.get(f"{API}/issues/{created['id']}/progress").json()
        assert progress == {"status": "sending", "total": 2, "queued": 2, "sending": 0,
                            "sent": 0, "failed": 0, "bounced": 0, "skipped": 0}
        deliveries = self.client.get(f"{API}/issues/{created['id']}/deliveries").json()
        assert deliveries["count"] == 2
        assert {d["email"] for d in deliveries["items"]} == {"jan@example.org",
                                                            "olena@example.org"}
        listed = self.client.get(f"{API}/issues").json()
        assert [i["id"] for i in listed["items"]] == [created["id"], self.issue.pk]

        again = self.post(f"/issues/{created['id']}/send")
        assert again.status_code == 409 and again.json()["detail"]

    def test_bad_input_is_4xx_json(self):
        self.login(self.staff)
        cases = [
            ("/issues", {"announcements": []}, 422),
            ("/issues", {"announcements": [987654]}, 422),
            ("/issues", {"announcements": [self.draft_announcement.pk]}, 422),
            ("/issues", {"announcements": "all"}, 422),
            ("/issues/987654/send", {}, 404),
            ("/bounces", {}, 422),
            ("/bounces", {"message_id": "<nope@example.org>"}, 404),
        ]
        for path, data, status in cases:
            response = self.post(path, data)
            assert response.status_code == status, (path, data, response.content)
            assert "detail" in response.json()
        assert self.client.get(f"{API}/issues/987654/progress").status_code == 404
        response = self.client.get(f"{API}/issues/{self.issue.pk}/deliveries?status=nonsense")
        assert response.status_code == 422

    def test_a_bounce_marks_the_delivery_and_counts_for_the_subscriber(self):
        issue = self.sending_issue()
        delivery = issue.deliveries.get(email="jan@example.org")
        Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.SENT)
        self.login(self.staff)

        # Bounce processors often strip the angle brackets of the Message-ID.
        response = self.post("/bounces", {"message_id": delivery.message_id.strip("<>"),
                                          "reason": "550 mailbox full for good"})
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "bounced"
        delivery.refresh_from_db()
        assert delivery.status == Delivery.Status.BOUNCED
        assert delivery.error == "550 mailbox full for good"
        assert Subscriber.objects.get(email="jan@example.org").bounce_count == 1

    def test_a_bounce_by_address_takes_the_latest_sent_mail(self):
        issue = self.sending_issue()
        Delivery.objects.filter(issue=issue, email="olena@example.org").update(
            status=Delivery.Status.SENT)
        self.login(self.staff)
        response = self.post("/bounces", {"email": "Olena@Example.org"})
        assert response.status_code == 200, response.content
        assert Subscriber.objects.get(email="olena@example.org").bounce_count == 1
