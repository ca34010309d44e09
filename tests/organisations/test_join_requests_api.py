"""/api/organisations/{slug}/join-requests: ask, list (admins), approve, decline."""

from __future__ import annotations

from django.test import Client

from tests.base import BaseTestCase, make_user
from wspolnie.accounts.services import do_create_api_token
from wspolnie.organisations.models import JoinRequest, Membership, Organisation

JR = JoinRequest.Status


class JoinRequestsApiTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.zoe = make_user("zoe@example.org", "Zoe Nowak")
        self.api = Client(enforce_csrf_checks=True)
        self.base = f"/api/organisations/{self.org.slug}/join-requests"

    def call(self, method, path, user=None, **json):
        headers = {}
        if user is not None:
            headers["Authorization"] = f"Bearer {do_create_api_token(user, 'script')[1]}"
        with self.captureOnCommitCallbacks(execute=True):
            return getattr(self.api, method)(path, json, content_type="application/json",
                                             headers=headers) if method == "post" else \
                getattr(self.api, method)(path, headers=headers)

    def ask(self, user=None, message="Cześć"):
        return self.call("post", self.base, user or self.zoe, message=message)

    def test_asking_needs_authentication(self):
        response = self.call("post", self.base, None, message="x")
        self.assertEqual(response.status_code, 401)
        self.assertIn("detail", response.json())

    def test_asking_creates_a_pending_request(self):
        response = self.ask()
        self.assertEqual(response.status_code, 201)
        data = response.json()
        self.assertEqual((data["organisation"], data["status"], data["message"]),
                         (self.org.slug, "pending", "Cześć"))

    def test_asking_twice_is_a_conflict(self):
        self.ask()
        response = self.ask()
        self.assertEqual(response.status_code, 409)
        self.assertIn("detail", response.json())
        self.assertEqual(JoinRequest.objects.count(), 1)

    def test_a_member_cannot_ask(self):
        response = self.ask(self.bob)
        self.assertEqual(response.status_code, 409)
        self.assertIn("detail", response.json())

    def test_a_too_long_message_is_422(self):
        response = self.ask(message="x" * 1001)
        self.assertEqual(response.status_code, 422)
        self.assertIn("detail", response.json())

    def test_an_unapproved_organisation_is_not_found(self):
        Organisation.objects.filter(pk=self.org.pk).update(status=Organisation.Status.PENDING)
        response = self.ask()
        self.assertEqual(response.status_code, 404)
        self.assertIn("detail", response.json())

    def test_admins_and_staff_list_pending_requests_others_are_refused(self):
        self.ask()
        for user in (self.alice, self.staff):
            response = self.call("get", self.base, user)
            self.assertEqual(response.status_code, 200)
            [item] = response.json()
            self.assertEqual((item["name"], item["email"]), ("Zoe Nowak", "zoe@example.org"))
        for user in (self.bob, self.charlie, self.zoe):
            response = self.call("get", self.base, user)
            self.assertEqual(response.status_code, 403, user)
            self.assertIn("detail", response.json())

    def test_approve_and_decline(self):
        pk = self.ask().json()["id"]
        response = self.call("post", f"{self.base}/{pk}/approve", self.alice)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["status"], "approved")
        self.assertTrue(Membership.objects.filter(user=self.zoe, organisation=self.org,
                                                  role="member").exists())
        response = self.call("post", f"{self.base}/{pk}/decline", self.alice)
        self.assertEqual(response.status_code, 409)
        self.assertIn("detail", response.json())

    def test_decline(self):
        pk = self.ask().json()["id"]
        response = self.call("post", f"{self.base}/{pk}/decline", self.staff)
        self.assertEqual(response.json()["status"], "declined")
        self.assertFalse(Membership.objects.filter(user=self.zoe).exists())

    def test_another_organisations_admin_cannot_answer(self):
        pk = self.ask().json()["id"]
        for user in (self.charlie, self.bob):
            response = self.call("post", f"{self.base}/{pk}/approve", user)
            self.assertEqual(response.status_code, 403)
        self.assertEqual(JoinRequest.objects.get(pk=pk).status, JR.PENDING)
        # Nor through their own organisation's address.
        response = self.call(
            "post", f"/api/organisations/{self.other_org.slug}/join-requests/{pk}/approve",
            self.charlie)
        self.assertEqual(response.status_code, 404)
        self.assertEqual(JoinRequest.objects.get(pk=pk).status, JR.PENDING)
