"""GDPR self-service: a signed-in person downloads everything the hub holds about them (JSON and
a readable page, from the profile) — and nothing about anybody else; a newsletter subscriber
without an account does the same, and erases it, through the private link in their mail."""

from __future__ import annotations

import json

from django.urls import reverse
from django.utils import translation

from tests.base import BaseTestCase
from tests.meetings.factories import make_event, register
from tests.newsletter.factories import make_subscriber
from wspolnie.boards.models import Card, Comment
from wspolnie.boards.services import do_create_board
from wspolnie.contacts.models import ContactPerson
from wspolnie.core import audit
from wspolnie.core.models import AuditEntry
from wspolnie.meetings.models import ParticipantMessage
from wspolnie.newsletter.models import ConsentRecord, Subscriber


class UserDownloadTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        event = make_event(cls.org)
        cls.mine = register(event, "bob@example.org", "Bob Member", user=cls.bob,
                            answers={"diet": "wegańska"})
        cls.other = register(event, "olena@example.org", "Olena Inna",
                             answers={"diet": "bez glutenu"})
        ParticipantMessage.objects.create(event=event, sender=cls.other, recipient=cls.mine,
                                          subject="Cześć Bob", body="Do zobaczenia")
        ParticipantMessage.objects.create(event=event, sender=cls.mine, recipient=cls.other,
                                          subject="Cześć Olena", body="Dzięki")
        board = do_create_board(cls.alice, cls.org, title="Pomysły", columns=["A"])
        column = board.columns.get()
        card = Card.objects.create(board=board, column=column, text="Karta Boba",
                                   created_by=cls.bob)
        Card.objects.create(board=board, column=column, text="Karta Alicji",
                            created_by=cls.alice)
        Comment.objects.create(card=card, text="Komentarz Boba", created_by=cls.bob)
        ContactPerson.objects.create(organisation=cls.org, name="Bob jako kontakt",
                                     email="BOB@example.org")
        ContactPerson.objects.create(organisation=cls.org, name="Alicja kontakt",
                                     email="alice@example.org")
        subscriber = make_subscriber("bob@example.org", ["uk"])
        ConsentRecord.objects.create(subscriber=subscriber, email=subscriber.email,
                                     action=ConsentRecord.Action.CONFIRM, source="test",
                                     text="Zgoda", language="uk")
        make_subscriber("alice@example.org")
        audit.record(cls.alice, "account.updated_profile", cls.bob, {"name": ["B", "Bob"]})

    def test_the_json_download_holds_everything_about_the_person_and_nothing_about_others(self):
        self.login(self.bob)
        response = self.client.get(reverse("accounts:my_data_json"))
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response["Content-Disposition"])
        data = json.loads(response.content)["data"]
        text = response.content.decode()

        self.assertEqual(data["account"][0]["email"], "bob@example.org")
        self.assertEqual([m["organisation"] for m in data["memberships"]], [self.org.name])
        self.assertEqual([r["answers"] for r in data["registrations"]], [{"diet": "wegańska"}])
        self.assertEqual([c["text"] for c in data["board_cards"]], ["Karta Boba"])
        self.assertEqual([c["text"] for c in data["board_comments"]], ["Komentarz Boba"])
        self.assertEqual([c["name"] for c in data["contact_person_entries"]],
                         ["Bob jako kontakt"])
        self.assertEqual([m["subject"] for m in data["messages_sent"]], ["Cześć Olena"])
        self.assertEqual([m["subject"] for m in data["messages_received"]], ["Cześć Bob"])
        self.assertEqual(data["newsletter_subscription"][0]["languages"], ["uk"])
        self.assertEqual([c["text"] for c in data["newsletter_consents"]], ["Zgoda"])
        self.assertEqual([e["action"] for e in data["audit_about_you"]],
                         ["account.updated_profile"])
        # Nobody else, and no secret.
        for foreign in ("alice@example.org", "Alice Admin", "Olena Inna", "olena@example.org",
                        "bez glutenu", "Karta Alicji", "Alicja kontakt",
                        self.mine.token, self.bob.password):
            self.assertNotIn(foreign, text)

    def test_the_page_shows_the_same_readably_and_links_the_download_and_the_erasure(self):
        self.login(self.bob)
        profile = self.client.get(reverse("accounts:profile"))
        self.assertContains(profile, reverse("accounts:my_data"))
        with translation.override("uk"):
            response = self.client.get(reverse("accounts:my_data"), HTTP_ACCEPT_LANGUAGE="uk")
        self.assertContains(response, "Karta Boba")
        self.assertContains(response, "wegańska")
        self.assertContains(response, reverse("accounts:my_data_json"))
        self.assertContains(response, reverse("accounts:delete"))
        self.assertNotContains(response, "Olena Inna")
        self.assertNotContains(response, "alice@example.org")

    def test_only_the_signed_in_person_gets_their_data(self):
        for name in ("accounts:my_data", "accounts:my_data_json"):
            response = self.client.get(reverse(name))
            self.assertEqual(response.status_code, 302, name)
            self.assertIn(reverse("accounts:login"), response["Location"])
        # Each persona sees only themselves.
        for persona in (self.alice, self.charlie, self.staff):
            self.login(persona)
            data = json.loads(self.client.get(reverse("accounts:my_data_json")).content)["data"]
            self.assertEqual(data["account"][0]["email"], persona.email)
            self.assertNotIn("bob@example.org", json.dumps(data))


class SubscriberSelfServiceTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.subscriber = make_subscriber("nadia@example.org", ["uk", "pl"])
        make_subscriber("someone.else@example.org")

    def test_the_private_link_gives_the_data_and_erases_it(self):
        token = self.subscriber.token
        preferences = self.client.get(reverse("newsletter:preferences", args=[token]))
        self.assertContains(preferences, reverse("newsletter:my_data", args=[token]))

        page = self.client.get(reverse("newsletter:my_data", args=[token]))
        self.assertContains(page, "nadia@example.org")
        self.assertNotContains(page, "someone.else@example.org")
        download = self.client.get(reverse("newsletter:my_data_json", args=[token]))
        data = json.loads(download.content)["data"]
        self.assertEqual(data["newsletter_subscription"][0]["email"], "nadia@example.org")
        self.assertNotIn(token, download.content.decode())

        erase_url = reverse("newsletter:erase_me", args=[token])
        self.assertContains(self.client.get(erase_url), "nadia@example.org")
        self.assertTrue(Subscriber.objects.filter(pk=self.subscriber.pk).exists())  # GET asks
        response = self.client.post(erase_url)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Subscriber.objects.filter(email="nadia@example.org").exists())
        self.assertFalse(ConsentRecord.objects.filter(email="nadia@example.org").exists())
        entry = AuditEntry.objects.get(action="newsletter.subscriber_erased")
        self.assertNotIn("nadia", json.dumps([entry.object_repr, entry.changes]))
        # The link is dead now.
        for name in ("newsletter:my_data", "newsletter:my_data_json", "newsletter:erase_me"):
            self.assertEqual(self.client.get(reverse(name, args=[token])).status_code, 404)
        self.assertEqual(self.client.post(erase_url).status_code, 404)

    def test_an_unknown_token_gets_nothing(self):
        for name in ("newsletter:my_data", "newsletter:my_data_json", "newsletter:erase_me"):
            self.assertEqual(self.client.get(reverse(name, args=["nope"])).status_code, 404)
        self.assertEqual(self.client.post(reverse("newsletter:erase_me", args=["nope"]))
                         .status_code, 404)
        self.assertEqual(Subscriber.objects.count(), 2)


#: Every link from a model to an account, and where the download has it. A new model that
#: points at accounts fails this test until it is placed in one of the two tables.
IN_THE_DOWNLOAD = {
    "core.AuditEntry.actor": "audit_by_you",
    "accounts.ApiToken.user": "api_tokens",
    "accounts.UserSession.user": "sessions",
    "organisations.Membership.user": "memberships",
    "organisations.JoinRequest.user": "join_requests",
    "organisations.OutdatedReport.reporter": "outdated_reports",
    "needs.NeedOffer.created_by": "needs_offers",
    "meetings.Registration.user": "registrations",
    "meetings.ParticipantMessage.sender_user": "messages_sent",
    "boards.Card.created_by": "board_cards",
    "boards.Comment.created_by": "board_comments",
    "admin.LogEntry.user": "admin_log_by_you",
    "otp_totp.TOTPDevice.user": "two_factor_devices",
    "otp_static.StaticDevice.user": "two_factor_devices",
}
#: Work done for an organisation or the hub (who published, decided, recorded): the record
#: of the work, not data about the person, and it names other people's things.
NOT_ABOUT_THE_PERSON = {
    "organisations.Organisation.submitted_by", "organisations.OutdatedReport.resolved_by",
    "organisations.JoinRequest.decided_by", "contacts.ConsentRecord.recorded_by",
    "imports.ImportJob.created_by", "announcements.Announcement.created_by",
    "announcements.AnnouncementTranslation.translator",
    "announcements.AnnouncementTranslation.approved_by", "newsletter.Issue.created_by",
    "distribution.PlanItem.done_by", "boards.Board.created_by", "notes.Note.created_by",
    "library.Entry.created_by", "network.Partnership.proposed_by",
    "network.Suggestion.decided_by", "webhooks.Endpoint.created_by",
}


def test_every_link_to_an_account_is_in_the_download_or_explained():
    from django.apps import apps
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    links = {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is user_model
    }
    assert links == set(IN_THE_DOWNLOAD) | NOT_ABOUT_THE_PERSON


class SectionTests(BaseTestCase):
    def test_the_download_has_a_section_for_each_link(self):
        from wspolnie.accounts.personal_data import for_user

        keys = {section.key for section in for_user(self.bob)}
        self.assertLessEqual(set(IN_THE_DOWNLOAD.values()), keys)
