"""Pieces of the subscription service that the pages do not show directly: the links for the
newsletter's mail, who may receive an issue, and the rate limit's housekeeping."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client, TestCase, override_settings
from django.utils import timezone

from wspolnie.newsletter import subscriptions
from wspolnie.newsletter.models import SignupAttempt, Subscriber

from .factories import make_subscriber


@override_settings(SITE_URL="https://wspolnie.example.org")
class LinksTestCase(TestCase):
    def test_every_link_is_absolute_and_works(self):
        subscriber = make_subscriber("olena@example.org")
        links = subscriptions.subscriber_links(subscriber)
        self.assertEqual(set(links), {"preferences", "unsubscribe", "one_click"})
        for link in links.values():
            self.assertTrue(link.startswith("https://wspolnie.example.org/newsletter/"))
            self.assertIn(subscriber.token, link)
        path = links["preferences"].removeprefix("https://wspolnie.example.org")
        self.assertEqual(Client().get(path).status_code, 200)
        path = links["one_click"].removeprefix("https://wspolnie.example.org")
        Client().post(path, "List-Unsubscribe=One-Click",
                      content_type="application/x-www-form-urlencoded")
        subscriber.refresh_from_db()
        self.assertEqual(subscriber.status, Subscriber.Status.UNSUBSCRIBED)


class RecipientsTestCase(TestCase):
    def test_only_confirmed_subscribers_receive_issues(self):
        make_subscriber("yes@example.org")
        make_subscriber("pending@example.org", confirmed=False)
        gone = make_subscriber("gone@example.org")
        subscriptions.do_unsubscribe(gone.token, source="test")
        self.assertEqual(
            [s.email for s in subscriptions.confirmed_subscribers()], ["yes@example.org"]
        )


class RateLimitHousekeepingTestCase(TestCase):
    def test_attempts_older_than_an_hour_are_pruned_and_no_longer_count(self):
        with override_settings(NEWSLETTER_SIGNUP_LIMIT_PER_HOUR=1):
            subscriptions.check_rate_limit("10.0.0.1", "a@example.org")
            with self.assertRaises(subscriptions.RateLimited):
                subscriptions.check_rate_limit("10.0.0.1", "b@example.org")
            SignupAttempt.objects.update(at=timezone.now() - timedelta(minutes=61))
            subscriptions.check_rate_limit("10.0.0.1", "b@example.org")
        self.assertEqual(SignupAttempt.objects.count(), 2)  # the new client + address keys



class MailLanguageTestCase(TestCase):
    def test_the_page_language_if_chosen_else_the_first_chosen_the_site_speaks(self):
        self.assertEqual(subscriptions.mail_language(["uk", "pl"], "pl"), "pl")
        self.assertEqual(subscriptions.mail_language(["uk", "pl"], "en"), "uk")
        self.assertEqual(subscriptions.mail_language(["ka"], "en"), "en")
