"""do_create_channel / do_update_channel / do_set_channel_active: permission, validation and
the audit log."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from tests.base import BaseTestCase
from tests.helpers import tr
from wspolnie.channels import services
from wspolnie.channels.models import Channel
from wspolnie.core.models import AuditEntry

from .helpers import STAFF_NOTE, make_channel, make_vocabulary


def valid(**extra) -> dict:
    return {"name": "Grupa rodziców", "kind": "viber_group", "languages": ["uk"], **extra}


class CreateChannelTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_vocabulary()

    def test_org_admin_creates_a_channel_of_their_organisation(self):
        channel = services.do_create_channel(
            self.alice, self.org, **valid(communities=["ukrainian"], estimated_reach=120,
                                          accepted_formats=["text", "image"])
        )
        self.assertEqual(channel.organisation, self.org)
        self.assertEqual(list(channel.languages.values_list("code", flat=True)), ["uk"])
        self.assertEqual([c.slug for c in channel.communities.all()], ["ukrainian"])
        self.assertTrue(channel.citywide)
        self.assertEqual(channel.mode, "online")
        self.assertEqual(channel.contact_visibility, "members")
        entry = AuditEntry.objects.get(action="channel.created")
        self.assertEqual(entry.actor, self.alice)
        self.assertEqual(entry.object_id, str(channel.pk))
        self.assertEqual(entry.changes["languages"], [None, ["uk"]])

    def test_staff_creates_for_any_organisation(self):
        channel = services.do_create_channel(self.staff, self.other_org, **valid())
        self.assertEqual(channel.organisation, self.other_org)

    def test_others_may_not(self):
        for user in (self.bob, self.charlie, AnonymousUser()):
            with self.assertRaises(PermissionDenied):
                services.do_create_channel(user, self.org, **valid())
        self.assertFalse(Channel.objects.exists())

    def test_an_opinion_leaders_contact_is_staff_only_by_default(self):
        channel = services.do_create_channel(
            self.alice, self.org, name="Liderka społeczności gruzińskiej (Nadodrze)",
            kind="opinion_leader", contact_note=STAFF_NOTE, citywide=False,
            districts=["nadodrze"],
        )
        self.assertEqual(channel.contact_visibility, "staff")
        self.assertEqual(channel.mode, "offline")

    def test_an_opinion_leaders_contact_cannot_be_public(self):
        with self.assertRaises(ValidationError) as caught:
            services.do_create_channel(
                self.alice, self.org, **valid(kind="opinion_leader", contact_note=STAFF_NOTE,
                                              contact_visibility="public")
            )
        self.assertIn("contact_visibility", caught.exception.message_dict)

    def test_the_contact_note_is_not_copied_into_the_audit_log(self):
        services.do_create_channel(self.alice, self.org, **valid(contact_note=STAFF_NOTE))
        entry = AuditEntry.objects.get(action="channel.created")
        self.assertNotIn(STAFF_NOTE, str(entry.changes))
        self.assertEqual(entry.changes["contact_note"], ["", "…"])

    def test_bad_values_are_rejected_with_messages_per_field(self):
        cases = {
            "estimated_reach": {"estimated_reach": -5},
            "url": {"url": "not a url"},
            "languages": {"languages": ["uk", "xx-nonsense-99"]},
            "communities": {"communities": ["martian"]},
            "accepted_formats": {"accepted_formats": ["hologram"]},
            "submission_lead_days": {"submission_lead_days": 400},
            "submission_email": {"submission_email": "nobody"},
            "description": {"description": {"klingon-x": "Qapla'"}},
            "kind": {"kind": "pigeon"},
        }
        for field, values in cases.items():
            with self.subTest(field), self.assertRaises(ValidationError) as caught:
                services.do_create_channel(self.alice, self.org, **valid(**values))
            self.assertIn(field, caught.exception.message_dict)
        self.assertFalse(Channel.objects.exists())
        self.assertFalse(AuditEntry.objects.exists())

    def test_a_bad_language_says_which_code(self):
        with self.assertRaises(ValidationError) as caught:
            services.do_create_channel(self.alice, self.org, **valid(languages=["zz-qq-1"]))
        self.assertEqual(
            caught.exception.message_dict["languages"],
            [tr("pl", "Not a valid BCP-47 language code: %(codes)s.") % {"codes": "zz-qq-1"}],
        )

    def test_not_citywide_needs_districts(self):
        with self.assertRaises(ValidationError) as caught:
            services.do_create_channel(self.alice, self.org, **valid(citywide=False))
        self.assertIn("districts", caught.exception.message_dict)

    def test_citywide_clears_the_districts(self):
        channel = services.do_create_channel(
            self.alice, self.org, **valid(citywide=True, districts=["gaj"])
        )
        self.assertEqual(list(channel.districts.all()), [])

    def test_one_name_per_organisation(self):
        services.do_create_channel(self.alice, self.org, **valid())
        with self.assertRaises(ValidationError):
            services.do_create_channel(self.alice, self.org, **valid())
        # Another organisation may use the name.
        services.do_create_channel(self.charlie, self.other_org, **valid())


class UpdateChannelTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_vocabulary()
        cls.channel = make_channel(cls.org, "Grupa rodziców", kind="viber_group",
                                   languages=["uk"], contact_note=STAFF_NOTE,
                                   contact_visibility="staff")

    def test_org_admin_updates_and_the_change_is_audited(self):
        services.do_update_channel(
            self.alice, self.channel, name="Grupa rodziców UA", languages=["uk", "ru"],
            estimated_reach=300,
        )
        channel = Channel.objects.get(pk=self.channel.pk)
        self.assertEqual(channel.name, "Grupa rodziców UA")
        self.assertEqual(sorted(channel.languages.values_list("code", flat=True)), ["ru", "uk"])
        entry = AuditEntry.objects.get(action="channel.updated")
        self.assertEqual(entry.changes["name"], ["Grupa rodziców", "Grupa rodziców UA"])
        self.assertEqual(entry.changes["languages"], [["uk"], ["ru", "uk"]])
        self.assertEqual(entry.changes["estimated_reach"], [None, 300])

    def test_others_may_not(self):
        for user in (self.bob, self.charlie, AnonymousUser()):
            with self.assertRaises(PermissionDenied):
                services.do_update_channel(user, self.channel, name="Przejęta")
            with self.assertRaises(PermissionDenied):
                services.do_set_channel_active(user, self.channel, False)
        self.assertEqual(Channel.objects.get(pk=self.channel.pk).name, "Grupa rodziców")

    def test_deactivating_and_activating(self):
        services.do_set_channel_active(self.staff, self.channel, False)
        self.assertFalse(Channel.objects.get(pk=self.channel.pk).active)
        services.do_set_channel_active(self.alice, self.channel, True)
        self.assertTrue(Channel.objects.get(pk=self.channel.pk).active)
        self.assertEqual(
            list(AuditEntry.objects.order_by("id").values_list("action", flat=True)),
            ["channel.deactivated", "channel.activated"],
        )

    def test_unknown_fields_are_a_programming_error(self):
        with self.assertRaises(ValueError):
            services.do_update_channel(self.alice, self.channel, organisation=self.other_org)
