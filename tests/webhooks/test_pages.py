"""The staff pages and the API of webhooks: who may do what, and bad input."""

from __future__ import annotations

import json

from django.test import Client, override_settings
from django.urls import reverse

from tests.base import BaseTestCase
from wspolnie.accounts import services as account_services
from wspolnie.core.models import AuditEntry
from wspolnie.webhooks import services
from wspolnie.webhooks.models import Delivery, Endpoint, Topic

from .receiver import Receiver

ALL = [topic.value for topic in Topic if topic != Topic.PING]
NOT_STAFF = ("alice", "bob", "charlie")


class WebhookFixtures(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.endpoint = services.do_create_endpoint(
            cls.staff, name="Portal miejski", url="https://portal.example.org/hook",
            topics=[Topic.EVENT_CREATED])
        cls.delivery = Delivery.objects.create(endpoint=cls.endpoint, topic=Topic.PING,
                                               payload={"id": "x", "event": "ping", "data": {}},
                                               status=Delivery.Status.FAILED, attempts=6)


class PagePermissionsTestCase(WebhookFixtures):
    def urls(self) -> list[tuple[str, str]]:
        pk = self.endpoint.pk
        return [
            ("get", reverse("webhooks:list")),
            ("get", reverse("webhooks:detail", args=[pk])),
            ("get", reverse("webhooks:delete", args=[pk])),
            ("get", reverse("webhooks:delivery", args=[self.delivery.pk])),
            ("post", reverse("webhooks:test", args=[pk])),
            ("post", reverse("webhooks:secret", args=[pk])),
            ("post", reverse("webhooks:delivery", args=[self.delivery.pk])),
            ("post", reverse("webhooks:delete", args=[pk])),
        ]

    def test_anonymous_visitors_are_sent_to_log_in(self):
        for method, url in self.urls():
            with self.subTest(url=url, method=method):
                response = getattr(self.client, method)(url)
                self.assertEqual(response.status_code, 302)
                self.assertIn(reverse("accounts:login"), response["Location"])

    def test_members_and_organisation_admins_are_refused(self):
        for who in NOT_STAFF:
            self.login(getattr(self, who))
            for method, url in self.urls():
                with self.subTest(who=who, url=url, method=method):
                    self.assertEqual(getattr(self.client, method)(url).status_code, 403)
        self.assertTrue(Endpoint.objects.filter(pk=self.endpoint.pk).exists())

    def test_staff_see_the_pages_and_the_log(self):
        self.login(self.staff)
        for _method, url in self.urls()[:4]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)
        response = self.client.get(reverse("webhooks:detail", args=[self.endpoint.pk]))
        self.assertContains(response, self.endpoint.secret)
        self.assertContains(response, "X-Wspolnie-Signature")
        self.assertContains(response, "Porzucono")  # the failed delivery, in the log
        response = self.client.get(reverse("webhooks:delivery", args=[self.delivery.pk]))
        self.assertContains(response, "Spróbuj ponownie teraz")

    @override_settings(WEBHOOK_ALLOWED_HOSTS=["127.0.0.1"])
    def test_staff_register_test_retry_renew_and_delete(self):
        self.login(self.staff)
        with Receiver() as receiver:
            with self.captureOnCommitCallbacks(execute=True):
                response = self.client.post(reverse("webhooks:list"), {
                    "name": "Odbiornik", "url": receiver.url, "topics": ALL, "active": "on"})
            endpoint = Endpoint.objects.get(name="Odbiornik")
            self.assertRedirects(response, endpoint.get_absolute_url())
            with self.captureOnCommitCallbacks(execute=True):
                response = self.client.post(reverse("webhooks:test", args=[endpoint.pk]))
            delivery = endpoint.deliveries.get()
            self.assertRedirects(response, delivery.get_absolute_url())
            page = self.client.get(delivery.get_absolute_url())
            self.assertContains(page, "Dostarczono")
            self.assertContains(page, "<td>200</td>", html=True)
        self.assertEqual(len(receiver.requests), 1)
        old_secret = endpoint.secret
        self.client.post(reverse("webhooks:secret", args=[endpoint.pk]))
        endpoint.refresh_from_db()
        self.assertNotEqual(endpoint.secret, old_secret)
        # A delivery that gave up can be tried once more; a delivered one cannot.
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("webhooks:delivery", args=[self.delivery.pk]))
        self.delivery.refresh_from_db()
        self.assertEqual(self.delivery.attempts, 7)
        response = self.client.post(reverse("webhooks:delivery", args=[delivery.pk]),
                                    follow=True)
        self.assertContains(response, "To dostarczenie jest właśnie wysyłane albo zostało już "
                                      "dostarczone.")
        self.client.post(reverse("webhooks:delete", args=[endpoint.pk]))
        self.assertFalse(Endpoint.objects.filter(pk=endpoint.pk).exists())
        self.assertEqual(
            set(AuditEntry.objects.filter(action__startswith="webhooks.").values_list(
                "action", flat=True)),
            {"webhooks.endpoint_created", "webhooks.test_sent", "webhooks.secret_renewed",
             "webhooks.delivery_retried", "webhooks.endpoint_deleted"})

    def test_bad_input_re_renders_the_form_with_translated_errors(self):
        self.login(self.staff)
        for values, message in [
            ({"name": "X", "url": "http://10.1.2.3/hook", "topics": ALL},
             "Adresy prywatne i pętli zwrotnej nie mogą odbierać webhooków."),
            ({"name": "X", "url": "to nie adres", "topics": ALL}, "Wpisz poprawny URL."),
            ({"name": "X", "url": "https://portal.example.org/", "topics": ["ping"]},
             "Wybierz poprawną wartość."),
            ({"name": "", "url": "https://portal.example.org/"}, "To pole jest wymagane."),
        ]:
            with self.subTest(values=values):
                response = self.client.post(reverse("webhooks:list"), values)
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, message, status_code=400)
        response = self.client.post(reverse("webhooks:detail", args=[self.endpoint.pk]), {
            "name": "Nowa nazwa", "url": "http://localhost/", "topics": ALL})
        self.assertContains(response, "Adresy prywatne", status_code=400)
        self.endpoint.refresh_from_db()
        self.assertEqual(self.endpoint.url, "https://portal.example.org/hook")


class ApiTestCase(WebhookFixtures):
    def call(self, method: str, url: str, who=None, body=None):
        headers = {}
        if who is not None:
            token = account_services.do_create_api_token(who, "test")[1]
            headers["Authorization"] = f"Bearer {token}"
        kwargs = {"headers": headers}
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        return getattr(Client(), method)(url, **kwargs)

    def test_only_staff_may_use_it(self):
        base = "/api/webhooks/endpoints"
        pk = self.endpoint.pk
        calls = [("get", base, None), ("post", base, {"name": "X", "url": "https://a.example.org/",
                                                      "topics": ["event.created"]}),
                 ("get", f"{base}/{pk}", None), ("patch", f"{base}/{pk}", {"name": "Y"}),
                 ("delete", f"{base}/{pk}", None), ("get", f"{base}/{pk}/deliveries", None)]
        for method, url, body in calls:
            with self.subTest(method=method, url=url):
                response = self.call(method, url, None, body)
                self.assertEqual(response.status_code, 401)
                self.assertIn("detail", response.json())
                for who in NOT_STAFF:
                    response = self.call(method, url, getattr(self, who), body)
                    self.assertEqual(response.status_code, 403)
                    self.assertEqual(response.json()["detail"],
                                     "Webhookami zarządza tylko zespół serwisu.")
        self.assertTrue(Endpoint.objects.filter(pk=pk, name="Portal miejski").exists())

    def test_staff_register_read_change_and_delete(self):
        response = self.call("post", "/api/webhooks/endpoints", self.staff, {
            "name": "Portal", "url": "https://portal2.example.org/hook",
            "topics": ["event.created", "organisation.changed"]})
        self.assertEqual(response.status_code, 201)
        created = response.json()
        self.assertEqual(len(created["secret"]), len(Endpoint.objects.get(pk=created["id"]).secret))
        url = f"/api/webhooks/endpoints/{created['id']}"
        self.assertNotIn("secret", self.call("get", url, self.staff).json())
        response = self.call("patch", url, self.staff, {"active": False})
        self.assertEqual(response.json()["active"], False)
        self.assertEqual(self.call("get", "/api/webhooks/endpoints", self.staff).json()[0]["name"],
                         "Portal")
        log = self.call("get", f"/api/webhooks/endpoints/{self.endpoint.pk}/deliveries",
                        self.staff).json()
        self.assertEqual([(d["topic"], d["status"], d["attempts"]) for d in log["items"]],
                         [("ping", "failed", 6)])
        self.assertEqual(self.call("delete", url, self.staff).status_code, 204)
        self.assertEqual(self.call("get", url, self.staff).status_code, 404)

    def test_bad_input_is_a_4xx_json_answer(self):
        base = "/api/webhooks/endpoints"
        for body in [{"name": "X", "url": "http://192.168.1.1/", "topics": ["event.created"]},
                     {"name": "X", "url": "https://a.example.org/", "topics": ["ping"]},
                     {"name": "X", "url": "https://a.example.org/", "topics": []},
                     {"name": "X" * 500, "url": "https://a.example.org/",
                      "topics": ["event.created"]},
                     {"name": "X", "url": "nie adres", "topics": ["event.created"]}]:
            with self.subTest(body=body):
                response = self.call("post", base, self.staff, body)
                self.assertEqual(response.status_code, 422)
                self.assertIn("detail", response.json())
        self.assertEqual(self.call("get", f"{base}/999999", self.staff).status_code, 404)
        self.assertEqual(self.call("patch", f"{base}/{self.endpoint.pk}", self.staff,
                                   {"url": "http://127.0.0.1/"}).status_code, 422)
