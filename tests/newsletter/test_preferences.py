"""The preferences page of the link in every newsletter: no login, the token is the key."""

from __future__ import annotations

from django.urls import reverse

from tests.base import BaseTestCase
from tests.helpers import html_tr
from wspolnie.directory.models import Topic
from wspolnie.newsletter.models import ConsentRecord, Subscriber

from .factories import make_subscriber


class PreferencesTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.work = Topic.objects.create(slug="work", names={"pl": "Praca", "en": "Work"})
        self.health = Topic.objects.create(slug="health", names={"pl": "Zdrowie"})
        self.subscriber = make_subscriber("olena@example.org", ["uk"], topics=[self.work])
        self.url = reverse("newsletter:preferences", args=[self.subscriber.token])

    def test_it_shows_the_current_choices_and_an_unsubscribe_button(self):
        response = self.client.get(self.url, HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, "olena@example.org")
        self.assertContains(response, 'value="uk" id="id_languages_2" checked')
        self.assertContains(response, f'value="{self.work.pk}" id="id_topics_1" checked')
        self.assertContains(
            response, f'action="{reverse("newsletter:unsubscribe", args=[self.subscriber.token])}"'
        )

    def test_it_saves_new_choices_and_logs_them(self):
        response = self.client.post(
            self.url, {"languages": ["pl", "en"], "topics": [self.health.pk]},
            HTTP_ACCEPT_LANGUAGE="en", follow=True,
        )
        self.assertContains(response, html_tr("en", "Your preferences are saved."))
        self.subscriber.refresh_from_db()
        self.assertEqual(self.subscriber.languages, ["pl", "en"])
        self.assertEqual(list(self.subscriber.topics.all()), [self.health])
        [consent] = ConsentRecord.objects.all()
        self.assertEqual(consent.action, ConsentRecord.Action.CHANGE)
        self.assertEqual(consent.details, {"languages": ["pl", "en"], "topics": ["health"]})

    def test_no_topic_means_every_topic(self):
        self.client.post(self.url, {"languages": ["uk"]})
        self.assertFalse(self.subscriber.topics.exists())

    def test_bad_input_re_renders_with_a_translated_message(self):
        response = self.client.post(self.url, {"languages": ["xx"]}, HTTP_ACCEPT_LANGUAGE="uk")
        self.assertEqual(response.status_code, 422)
        response = self.client.post(self.url, {"topics": [self.work.pk]},
                                    HTTP_ACCEPT_LANGUAGE="uk")
        self.assertContains(response, html_tr("uk", "Choose at least one language."),
                            status_code=422)
        self.subscriber.refresh_from_db()
        self.assertEqual(self.subscriber.languages, ["uk"])

    def test_unknown_pending_or_unsubscribed_tokens_find_nothing(self):
        pending = make_subscriber("pending@example.org", confirmed=False)
        gone = make_subscriber("gone@example.org")
        Subscriber.objects.filter(pk=gone.pk).update(status=Subscriber.Status.UNSUBSCRIBED)
        for token in ["no-such-token", pending.token, gone.token]:
            url = reverse("newsletter:preferences", args=[token])
            self.assertEqual(self.client.get(url).status_code, 404)
            self.assertEqual(self.client.post(url, {"languages": ["pl"]}).status_code, 404)
