"""The staff-only subscriber list: filters, counts, CSV/XLSX export, the detail page with the
consent log, and erasure — and every other persona kept out."""

from __future__ import annotations

import io

import openpyxl
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tests.base import BaseTestCase
from tests.helpers import html_tr
from wspolnie.core.models import AuditEntry
from wspolnie.directory.models import Topic
from wspolnie.newsletter import subscriptions
from wspolnie.newsletter.models import ConsentRecord, Delivery, Issue, Subscriber

from .factories import make_subscriber

S = Subscriber.Status


class SubscriberListTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.work = Topic.objects.create(slug="work", names={"pl": "Praca", "en": "Work"})
        self.health = Topic.objects.create(slug="health", names={"pl": "Zdrowie"})
        self.olena = make_subscriber("olena@example.org", ["uk", "pl"], topics=[self.work])
        self.nino = make_subscriber("nino@example.org", ["en"], topics=[self.health])
        self.anna = make_subscriber("anna@example.org", ["pl"])  # every topic
        self.pending = make_subscriber("pending@example.org", ["uk"], confirmed=False)
        self.list_url = reverse("newsletter:subscriber_list")
        self.export_url = reverse("newsletter:subscriber_export")
        self.detail_url = reverse("newsletter:subscriber_detail", args=[self.olena.pk])
        self.erase_url = reverse("newsletter:subscriber_erase", args=[self.olena.pk])

    def emails_in(self, response) -> set[str]:
        return {subscriber.email for subscriber in response.context["page"]}

    # --- permissions

    def test_anonymous_visitors_are_sent_to_log_in(self):
        for url in [self.list_url, self.export_url + "?format=csv", self.detail_url]:
            response = self.client.get(url)
            self.assertEqual(response.status_code, 302)
            self.assertTrue(response["Location"].startswith(reverse("accounts:login")))
        self.assertEqual(self.client.post(self.erase_url).status_code, 302)
        self.assertTrue(Subscriber.objects.filter(pk=self.olena.pk).exists())

    def test_members_org_admins_and_other_orgs_admins_are_refused(self):
        for user in [self.bob, self.alice, self.charlie]:
            self.login(user)
            for url in [self.list_url, self.export_url + "?format=csv",
                        self.export_url + "?format=xlsx", self.detail_url]:
                with self.subTest(user=user.email, url=url):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 403)
                    self.assertNotIn(b"olena@example.org", response.content)
            self.assertEqual(self.client.post(self.erase_url).status_code, 403)
        self.assertTrue(Subscriber.objects.filter(pk=self.olena.pk).exists())

    # --- the list

    def test_staff_see_everybody_with_counts(self):
        self.login(self.staff)
        response = self.client.get(self.list_url, HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.emails_in(response), {
            "olena@example.org", "nino@example.org", "anna@example.org", "pending@example.org"})
        self.assertContains(response, "4 subscribers")
        counts = dict(response.context["counts"])
        self.assertEqual(counts[S.CONFIRMED.label], 3)
        self.assertEqual(counts[S.PENDING.label], 1)

    def test_staff_filter_by_status_language_and_topic(self):
        self.login(self.staff)
        cases = [
            ({"status": "pending"}, {"pending@example.org"}),
            ({"language": "uk"}, {"olena@example.org", "pending@example.org"}),
            # No topics = every topic: Anna and Pending receive "work" news too.
            ({"topic": "work", "status": "confirmed"}, {"olena@example.org", "anna@example.org"}),
            ({"language": "en", "topic": "health"}, {"nino@example.org"}),
        ]
        for query, expected in cases:
            with self.subTest(query=query):
                self.assertEqual(self.emails_in(self.client.get(self.list_url, query)), expected)

    def test_an_invalid_filter_is_ignored_not_an_error(self):
        self.login(self.staff)
        response = self.client.get(self.list_url, {"status": "bogus", "topic": "nope"})
        self.assertEqual(response.status_code, 200)

    # --- exports

    def test_staff_export_the_filtered_list_as_csv(self):
        self.login(self.staff)
        response = self.client.get(self.export_url, {"format": "csv", "language": "uk"},
                                    HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment;", response["Content-Disposition"])
        text = response.content.decode("utf-8-sig")
        lines = text.strip().splitlines()
        self.assertTrue(lines[0].startswith("E-mail address,Status,Languages,Topics"))
        self.assertEqual(len(lines), 3)
        self.assertIn('olena@example.org,Subscribed,"uk, pl",work', text)
        self.assertNotIn("nino@example.org", text)

    def test_staff_export_xlsx_and_an_address_starting_with_equals_stays_text(self):
        make_subscriber("=cmd@example.org", ["pl"])
        self.login(self.staff)
        response = self.client.get(self.export_url, {"format": "xlsx"})
        self.assertEqual(response.status_code, 200)
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        cells = {row[0].value: row[0].data_type for row in sheet.iter_rows(min_row=2)}
        self.assertEqual(cells["=cmd@example.org"], "s")
        self.assertIn("olena@example.org", cells)

    def test_an_unknown_export_format_is_not_found(self):
        self.login(self.staff)
        self.assertEqual(self.client.get(self.export_url, {"format": "pdf"}).status_code, 404)

    # --- detail and erasure

    def test_staff_see_the_consent_log(self):
        ConsentRecord.objects.create(
            subscriber=self.olena, email=self.olena.email, action="sign_up",
            source="sign-up page", text="Zgadzam się na newsletter.", language="pl",
            details={"languages": ["uk", "pl"], "topics": ["work"]},
        )
        self.login(self.staff)
        response = self.client.get(self.detail_url, HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, "Zgadzam się na newsletter.")
        self.assertContains(response, "sign-up page")
        self.assertContains(response, html_tr("en", "Erase this subscriber"))

    def test_a_missing_subscriber_is_not_found(self):
        self.login(self.staff)
        url = reverse("newsletter:subscriber_detail", args=[999999])
        self.assertEqual(self.client.get(url).status_code, 404)
        url = reverse("newsletter:subscriber_erase", args=[999999])
        self.assertEqual(self.client.post(url).status_code, 404)

    def test_erasure_deletes_the_subscriber_and_blanks_the_address_everywhere(self):
        subscriptions.do_update_preferences(self.olena.token, ["uk"], [])
        delivery = Delivery.objects.create(issue=Issue.objects.create(), subscriber=self.olena,
                                           email=self.olena.email, language="uk",
                                           message_id="<1@example.org>", status="sent")
        self.login(self.staff)
        response = self.client.post(self.erase_url, follow=True, HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, html_tr(
            "en", "The subscriber is erased; the consent log keeps no address."))
        self.assertFalse(Subscriber.objects.filter(email="olena@example.org").exists())
        self.assertFalse(ConsentRecord.objects.filter(email="olena@example.org").exists())
        actions = sorted(ConsentRecord.objects.values_list("action", flat=True))
        self.assertEqual(actions, ["change", "erase"])
        address_hash = subscriptions.keyed_hash("email", "olena@example.org")
        for consent in ConsentRecord.objects.all():
            self.assertEqual(consent.details["email_hash"], address_hash)
        delivery.refresh_from_db()  # the fan-out's record stays (counts), without the address
        self.assertEqual((delivery.email, delivery.subscriber), ("", None))
        self.assertFalse(AuditEntry.objects.filter(object_repr__contains="olena").exists())
        entry = AuditEntry.objects.get(action="newsletter.subscriber_erased")
        self.assertEqual(entry.actor, self.staff)

    def test_erasure_is_a_staff_only_service(self):
        with self.assertRaises(PermissionDenied):
            subscriptions.do_erase_subscriber(self.alice, self.olena)
        self.assertTrue(Subscriber.objects.filter(pk=self.olena.pk).exists())
