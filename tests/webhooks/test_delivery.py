"""Webhooks arrive signed at a receiver on loopback; failures are retried with a doubling
wait, recorded attempt by attempt; private addresses are refused."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json

from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.announcements.factories import make_announcement
from tests.base import BaseTestCase
from tests.meetings.factories import make_event
from wspolnie.announcements import services as announcements
from wspolnie.meetings import services as meetings
from wspolnie.meetings.models import Event
from wspolnie.organisations import services as organisations
from wspolnie.organisations.models import Organisation
from wspolnie.webhooks import delivery as deliveries
from wspolnie.webhooks import services
from wspolnie.webhooks.models import Delivery, Endpoint, Topic
from wspolnie.webhooks.sending import Refused, resolve

from .receiver import Receiver

ALL = [topic.value for topic in Topic if topic != Topic.PING]
LOOPBACK = override_settings(WEBHOOK_ALLOWED_HOSTS=["127.0.0.1"], WEBHOOK_TIMEOUT=5,
                             WEBHOOK_RETRY_BASE_SECONDS=60, WEBHOOK_MAX_ATTEMPTS=3)


def verify(secret: str, request) -> bool:
    """What a receiver does: recompute the signature over "<timestamp>.<body>"."""
    timestamp = request.headers["X-Wspolnie-Timestamp"]
    expected = "sha256=" + hmac.new(secret.encode(), f"{timestamp}.".encode() + request.body,
                                    hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, request.headers["X-Wspolnie-Signature"])


@LOOPBACK
class DeliveryTestCase(BaseTestCase):
    def endpoint(self, url: str, topics=ALL) -> Endpoint:
        return services.do_create_endpoint(self.staff, name="Portal miejski", url=url,
                                           topics=list(topics))

    def test_changes_arrive_signed_with_public_data(self):
        with Receiver() as receiver:
            endpoint = self.endpoint(receiver.url)
            with self.captureOnCommitCallbacks(execute=True):
                event = make_event(self.org, status=Event.Status.DRAFT,
                                   online_link="https://meet.example.org/secret-room")
                meetings.do_change_status(self.alice, event, Event.Status.REGISTRATION_OPEN)
            with self.captureOnCommitCallbacks(execute=True):
                meetings.do_update_event(self.alice, event, venue_name="Nowa sala")
            with self.captureOnCommitCallbacks(execute=True):
                announcement = make_announcement(self.org)
                announcements.do_publish(self.alice, announcement)
            pending = Organisation.objects.create(name="Nowa Grupa", slug="nowa-grupa",
                                                  kind=Organisation.Kind.INFORMAL_GROUP)
            with self.captureOnCommitCallbacks(execute=True):
                organisations.do_approve_organisation(self.staff, pending)
            with self.captureOnCommitCallbacks(execute=True):
                organisations.do_update_organisation(self.staff, pending, website=
                                                     "https://nowa.example.org")
        events = [request.json()["event"] for request in receiver.requests]
        self.assertEqual(events, ["event.created", "event.changed", "announcement.published",
                                  "organisation.approved", "organisation.changed"])
        for request in receiver.requests:
            self.assertEqual(request.path, "/hook?from=test")
            self.assertTrue(verify(endpoint.secret, request))
            self.assertFalse(verify("another secret", request))
            self.assertEqual(request.headers["Content-Type"], "application/json")
            body = request.json()
            self.assertEqual(request.headers["X-Wspolnie-Event"], body["event"])
            self.assertEqual(request.headers["X-Wspolnie-Delivery"], body["id"])
        changed = receiver.requests[1].json()["data"]
        self.assertEqual(changed["slug"], event.slug)
        self.assertEqual(changed["venue_name"], "Nowa sala")
        self.assertEqual(changed["url"], f"http://127.0.0.1:8000/meetings/{event.slug}/")
        self.assertNotIn("secret-room", receiver.requests[1].body.decode())
        self.assertEqual(receiver.requests[2].json()["data"]["title"], announcement.title)
        self.assertEqual(receiver.requests[4].json()["data"]["website"],
                         "https://nowa.example.org")
        self.assertEqual(Delivery.objects.filter(status=Delivery.Status.DELIVERED).count(), 5)
        attempt = Delivery.objects.first().attempt_log.get()
        self.assertEqual(attempt.status_code, 200)
        self.assertEqual(attempt.error, "")

    def test_what_the_public_does_not_see_is_not_sent(self):
        with Receiver() as receiver:
            self.endpoint(receiver.url)
            pending = Organisation.objects.create(name="Nowa Grupa", slug="nowa-grupa",
                                                  kind=Organisation.Kind.INFORMAL_GROUP)
            with self.captureOnCommitCallbacks(execute=True):
                meetings.do_create_event(self.alice, [self.org], "szkic", title={"pl": "Szkic"},
                                         starts_at=timezone.now() + dt.timedelta(days=3),
                                         ends_at=timezone.now() + dt.timedelta(days=3, hours=1))
                organisations.do_update_organisation(self.staff, pending, website=
                                                     "https://nowa.example.org")
                draft = make_announcement(self.org)
                announcements.do_update_announcement(self.alice, draft, title="Inny tytuł",
                                                     body="Treść")
        self.assertEqual(receiver.requests, [])
        self.assertFalse(Delivery.objects.exists())

    def test_an_endpoint_gets_only_the_changes_it_chose(self):
        with Receiver() as receiver:
            self.endpoint(receiver.url, topics=[Topic.ANNOUNCEMENT_PUBLISHED])
            with self.captureOnCommitCallbacks(execute=True):
                event = make_event(self.org)
                meetings.do_update_event(self.alice, event, venue_name="Nowa sala")
                announcements.do_publish(self.alice, make_announcement(self.org))
        self.assertEqual([r.json()["event"] for r in receiver.requests],
                         ["announcement.published"])

    def test_a_withdrawn_announcement_is_named_without_its_text(self):
        with Receiver() as receiver:
            self.endpoint(receiver.url, topics=[Topic.ANNOUNCEMENT_CHANGED])
            announcement = make_announcement(self.org, published=True, title="Stary tytuł")
            with self.captureOnCommitCallbacks(execute=True):
                announcements.do_withdraw(self.alice, announcement)
        [request] = receiver.requests
        self.assertEqual(request.json()["event"], "announcement.changed")
        self.assertEqual(request.json()["data"]["status"], "withdrawn")
        self.assertNotIn("Stary tytuł", request.body.decode())

    def test_a_failing_receiver_is_retried_with_a_doubling_wait_then_given_up(self):
        with Receiver(statuses=[500, 503, 500]) as receiver:
            endpoint = self.endpoint(receiver.url)
            with self.captureOnCommitCallbacks(execute=True):
                delivery = services.do_send_test(self.staff, endpoint)
            delivery.refresh_from_db()
            self.assertEqual(delivery.status, Delivery.Status.PENDING)
            first = delivery.attempt_log.get()
            self.assertEqual(first.status_code, 500)
            self.assertEqual(first.error, "Odbiorca odpowiedział HTTP 500.")
            self.assertAlmostEqual((first.retry_at - first.started_at).total_seconds(), 60,
                                   delta=5)
            # Not due yet: the sweep leaves it; once due, it tries again.
            self.assertEqual(deliveries.sweep(), [])
            Delivery.objects.filter(pk=delivery.pk).update(
                next_attempt_at=timezone.now() - dt.timedelta(seconds=1))
            self.assertEqual(deliveries.sweep(), [delivery.pk])
            second = delivery.attempt_log.get(number=2)
            self.assertEqual(second.status_code, 503)
            self.assertAlmostEqual((second.retry_at - second.started_at).total_seconds(), 120,
                                   delta=5)
            Delivery.objects.filter(pk=delivery.pk).update(
                next_attempt_at=timezone.now() - dt.timedelta(seconds=1))
            deliveries.sweep()
        delivery.refresh_from_db()
        self.assertEqual(delivery.status, Delivery.Status.FAILED)
        self.assertEqual(delivery.attempts, 3)
        self.assertIsNone(delivery.attempt_log.get(number=3).retry_at)
        self.assertEqual(len(receiver.requests), 3)
        # Every retry has the same id (the receiver de-duplicates), each its own timestamp.
        self.assertEqual({r.json()["id"] for r in receiver.requests}, {str(delivery.uuid)})
        self.assertTrue(all(verify(endpoint.secret, r) for r in receiver.requests))
        # Twice the same task (a worker restarted): nothing is sent again.
        self.assertEqual(deliveries.attempt(delivery.pk), "")

    def test_with_the_database_backend_the_retry_is_a_task_that_runs_after_the_wait(self):
        database = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
        with self.settings(TASKS=database), Receiver(statuses=[500]) as receiver:
            endpoint = self.endpoint(receiver.url)
            delivery = deliveries.new_delivery(endpoint, Topic.PING, {})
            self.assertEqual(deliveries.attempt(delivery.pk), Delivery.Status.PENDING)
        [task] = DBTaskResult.objects.filter(task_path="wspolnie.webhooks.tasks.deliver_webhook")
        self.assertEqual(task.args_kwargs, {"args": [delivery.pk], "kwargs": {}})
        self.assertEqual(task.run_after, delivery.attempt_log.get().retry_at)

    def test_redirects_are_not_followed(self):
        with Receiver(statuses=[302]) as receiver:
            endpoint = self.endpoint(receiver.url)
            with self.captureOnCommitCallbacks(execute=True):
                delivery = services.do_send_test(self.staff, endpoint)
        attempt = delivery.attempt_log.get()
        self.assertEqual(attempt.status_code, 302)
        self.assertEqual(attempt.error, "Przekierowania nie są śledzone.")
        self.assertEqual(len(receiver.requests), 1)

    def test_a_receiver_that_is_down_is_recorded(self):
        with Receiver() as receiver:
            url = receiver.url
        endpoint = self.endpoint(url)  # nothing listens any more
        with self.captureOnCommitCallbacks(execute=True):
            delivery = services.do_send_test(self.staff, endpoint)
        attempt = delivery.attempt_log.get()
        self.assertIsNone(attempt.status_code)
        self.assertIn("ConnectionRefusedError", attempt.error)


class PrivateAddressesTestCase(BaseTestCase):
    def test_a_private_address_is_refused_at_registration_with_a_reason(self):
        for url in ["http://127.0.0.1:8080/hook", "http://10.0.0.5/hook", "http://[::1]/hook",
                    "http://localhost/hook", "http://169.254.169.254/latest/meta-data",
                    "ftp://example.org/hook", "http://user:pw@example.org/hook"]:
            with self.subTest(url=url), self.assertRaises(Exception) as raised:
                services.do_create_endpoint(self.staff, name="X", url=url, topics=ALL)
            self.assertIn("url", raised.exception.message_dict)
        self.assertFalse(Endpoint.objects.exists())

    def test_a_host_name_resolving_to_a_private_address_is_refused_at_delivery(self):
        with self.assertRaises(Refused):
            resolve("localhost", 80)
        with Receiver() as receiver:
            # Registered while it was allowed; the setting changed since.
            endpoint = Endpoint.objects.create(name="X", url=receiver.url.replace(
                "127.0.0.1", "localhost"), topics=ALL)
            with self.captureOnCommitCallbacks(execute=True):
                delivery = services.do_send_test(self.staff, endpoint)
        self.assertEqual(receiver.requests, [])
        attempt = delivery.attempt_log.get()
        self.assertEqual(attempt.error,
                         "Adresy prywatne i pętli zwrotnej nie mogą odbierać webhooków.")

    @override_settings(WEBHOOK_ALLOWED_HOSTS=["127.0.0.1"])
    def test_an_allowed_host_may_be_private(self):
        endpoint = services.do_create_endpoint(self.staff, name="X", url="http://127.0.0.1/h",
                                               topics=ALL)
        self.assertEqual(json.loads(json.dumps(endpoint.topics)), ALL)

    @override_settings(WEBHOOK_ALLOWED_HOSTS=["127.0.0.0/8"], WEBHOOK_TIMEOUT=5)
    def test_the_allowed_hosts_may_be_a_network(self):
        with Receiver() as receiver:
            endpoint = services.do_create_endpoint(self.staff, name="X", url=receiver.url,
                                                   topics=ALL)
            with self.captureOnCommitCallbacks(execute=True):
                delivery = services.do_send_test(self.staff, endpoint)
        self.assertEqual(len(receiver.requests), 1)
        self.assertEqual(delivery.attempt_log.get().status_code, 200)
        with self.assertRaises(Exception) as raised:
            services.do_create_endpoint(self.staff, name="Y", url="http://10.0.0.5/hook",
                                        topics=ALL)
        self.assertIn("url", raised.exception.message_dict)
