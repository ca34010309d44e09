"""Staff delete a vocabulary term, or merge it into another, after seeing what uses it."""

from __future__ import annotations

from django.urls import reverse

from tests.base import BaseTestCase
from tests.helpers import html_tr
from tests.newsletter.factories import make_subscriber
from tests.services.helpers import make_service
from wspolnie.core.models import AuditEntry
from wspolnie.directory import services
from wspolnie.directory.models import District, Topic
from wspolnie.organisations.models import Location
from wspolnie.search.index import base_key
from wspolnie.search.models import SearchEntry


class TermDeleteMergeTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.legal = Topic.objects.create(slug="legal", names={"pl": "Porady prawne"})
        self.law = Topic.objects.create(slug="law", names={"pl": "Prawo i urzędy"})
        self.org.topics.set([self.legal])
        self.other_org.topics.set([self.legal, self.law])
        self.service = make_service(self.org, "Dyżur prawnika", topics=[self.legal])
        make_subscriber("czytelnik@example.org", topics=[self.legal])
        self.delete_url = reverse("directory:topics_delete", args=[self.legal.pk])
        self.merge_url = reverse("directory:topics_merge", args=[self.legal.pk])

    # Permissions

    def test_it_requires_login(self):
        for url in (self.delete_url, self.merge_url):
            response = self.client.get(url)
            self.assertRedirects(response, reverse("accounts:login") + "?next=" + url)

    def test_it_rejects_everyone_but_staff(self):
        for user in (self.alice, self.bob, self.charlie):
            self.login(user)
            for url in (self.delete_url, self.merge_url):
                self.assertContains(self.client.get(url), html_tr("pl", "Access denied"),
                                    status_code=403)
                self.assertEqual(self.client.post(url, {"target": self.law.pk}).status_code,
                                 403)
        self.assertTrue(Topic.objects.filter(pk=self.legal.pk).exists())

    def test_an_unknown_term_is_404(self):
        self.login(self.staff)
        self.assertEqual(
            self.client.get(reverse("directory:topics_delete", args=[999999])).status_code, 404)

    # What uses it

    def test_the_confirmation_lists_every_use_with_counts_and_links(self):
        self.login(self.staff)
        response = self.client.get(self.delete_url)
        self.assertContains(response, "Fundacja Testowa")
        self.assertContains(response, self.org.get_absolute_url())
        self.assertContains(response, self.service.get_absolute_url())
        self.assertContains(response, "czytelnik@example.org")
        uses = {use.label: use.count for use in response.context["uses"]}
        self.assertEqual(uses, {"organizacje": 2, "usługi": 1, "subskrybenci": 1})
        # Still there until confirmed.
        self.assertTrue(Topic.objects.filter(pk=self.legal.pk).exists())

    # Delete

    def test_deleting_removes_the_term_from_everything_and_logs_it(self):
        self.login(self.staff)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.delete_url)
        self.assertRedirects(response, reverse("directory:topics"))
        self.assertFalse(Topic.objects.filter(pk=self.legal.pk).exists())
        self.assertEqual(list(self.other_org.topics.all()), [self.law])
        entry = AuditEntry.objects.get(action="directory.topic_deleted")
        self.assertEqual(entry.actor, self.staff)
        self.assertEqual(entry.changes["names"], [{"pl": "Porady prawne"}, None])
        keywords = SearchEntry.objects.get(key=base_key(self.org)).keywords
        self.assertNotIn("Porady prawne", keywords)

    def test_deleting_a_district_empties_the_locations_that_had_it(self):
        krzyki = District.objects.create(slug="krzyki", names={"pl": "Krzyki"})
        location = Location.objects.create(organisation=self.org, street_address="Ul. 1",
                                           district=krzyki)
        services.do_delete_term(self.staff, krzyki)
        location.refresh_from_db()
        self.assertIsNone(location.district)

    def test_merging_a_district_moves_the_locations_too(self):
        krzyki = District.objects.create(slug="krzyki", names={"pl": "Krzyki"})
        fabryczna = District.objects.create(slug="fabryczna", names={"pl": "Fabryczna"})
        location = Location.objects.create(organisation=self.org, street_address="Ul. 1",
                                           district=krzyki)
        self.org.districts.set([krzyki])
        self.assertEqual(services.do_merge_term(self.staff, krzyki, fabryczna), 2)
        location.refresh_from_db()
        self.assertEqual(location.district, fabryczna)
        self.assertEqual(list(self.org.districts.all()), [fabryczna])

    # Merge

    def test_merging_moves_every_use_without_duplicates_and_removes_the_term(self):
        self.login(self.staff)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.merge_url, {"target": self.law.pk})
        self.assertRedirects(response, reverse("directory:topics"))
        self.assertFalse(Topic.objects.filter(pk=self.legal.pk).exists())
        self.assertEqual(list(self.org.topics.all()), [self.law])
        self.assertEqual(list(self.other_org.topics.all()), [self.law])  # had both: once
        self.assertEqual(list(self.service.topics.all()), [self.law])
        self.assertEqual(self.law.subscribers.count(), 1)
        self.assertTrue(AuditEntry.objects.filter(action="directory.topic_merged").exists())
        merged_in = AuditEntry.objects.get(action="directory.topic_merged_in")
        self.assertEqual(merged_in.object_id, str(self.law.pk))
        keywords = SearchEntry.objects.get(key=base_key(self.org)).keywords
        self.assertIn("Prawo i urzędy", keywords)
        self.assertNotIn("Porady prawne", keywords)

    def test_merging_needs_a_target_and_says_so(self):
        self.login(self.staff)
        for target in ("", "999999", str(self.legal.pk)):
            response = self.client.post(self.merge_url, {"target": target})
            self.assertEqual(response.status_code, 200)
            self.assertTrue(response.context["form"].errors)
        self.assertContains(response, html_tr("pl", "Choose one of the terms in the list."))
        self.assertTrue(Topic.objects.filter(pk=self.legal.pk).exists())

    def test_merging_into_another_vocabulary_is_refused(self):
        district = District.objects.create(slug="srodmiescie", names={"pl": "Śródmieście"})
        with self.assertRaises(services.ValidationError):
            services.do_merge_term(self.staff, self.legal, district)

    def test_the_services_refuse_non_staff(self):
        with self.assertRaises(services.PermissionDenied):
            services.do_delete_term(self.alice, self.legal)
        with self.assertRaises(services.PermissionDenied):
            services.do_merge_term(self.alice, self.legal, self.law)


class VocabularyListLinksTestCase(BaseTestCase):
    def test_each_term_links_to_its_merge_and_delete_pages(self):
        topic = Topic.objects.create(slug="legal", names={"pl": "Porady prawne"})
        self.login(self.staff)
        response = self.client.get(reverse("directory:topics"))
        self.assertContains(response, reverse("directory:topics_merge", args=[topic.pk]))
        self.assertContains(response, reverse("directory:topics_delete", args=[topic.pk]))
