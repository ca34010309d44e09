"""The do_* functions of needs and offers: who may do what, validation, the audit log."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.base import BaseTestCase, make_user
from wspolnie.core.models import AuditEntry
from wspolnie.needs import services
from wspolnie.needs.models import NeedOffer, one_year_after

from .helpers import days, make_item, make_vocabulary


def values(**overrides) -> dict:
    data = {
        "kind": "need",
        "category": "volunteers",
        "title": "Wolontariusze na festyn",
        "description": "Sobota, 10–16.",
        "contact_note": "Przez profil organizacji.",
        "expires_on": days(14),
    }
    data.update(overrides)
    return data


class CreateNeedOfferTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_vocabulary(cls)

    def test_org_admin_posts_and_it_is_logged(self):
        item = services.do_create_need_offer(
            self.alice, self.org, languages=[self.uk, self.pl], districts=[self.nadodrze],
            **values(),
        )
        item.refresh_from_db()
        self.assertEqual(item.organisation, self.org)
        self.assertEqual(item.created_by, self.alice)
        self.assertTrue(item.is_open)
        self.assertEqual(list(self.org.needs_offers.all()), [item])
        entry = AuditEntry.objects.get(action="need_offer.created")
        self.assertEqual(entry.actor, self.alice)
        self.assertEqual(entry.changes["languages"], [None, ["pl", "uk"]])
        self.assertEqual(entry.changes["expires_on"], [None, days(14).isoformat()])

    def test_members_and_staff_may_post(self):
        services.do_create_need_offer(self.bob, self.org, **values())
        services.do_create_need_offer(self.staff, self.org, **values())
        self.assertEqual(self.org.needs_offers.count(), 2)

    def test_other_orgs_admin_and_people_without_membership_may_not(self):
        outsider = make_user("olena@example.org", "Olena")
        for user in (self.charlie, outsider):
            with self.assertRaises(PermissionDenied):
                services.do_create_need_offer(user, self.org, **values())
        self.assertFalse(NeedOffer.objects.exists())

    def assert_rejected(self, field: str, **overrides) -> list[str]:
        with self.assertRaises(ValidationError) as caught:
            services.do_create_need_offer(self.alice, self.org, **values(**overrides))
        self.assertIn(field, caught.exception.message_dict)
        self.assertFalse(NeedOffer.objects.exists())
        self.assertFalse(AuditEntry.objects.exists())
        return caught.exception.message_dict[field]

    def test_an_expiry_date_in_the_past_is_rejected(self):
        self.assert_rejected("expires_on", expires_on=days(-1))

    def test_today_and_one_year_ahead_are_the_limits(self):
        services.do_create_need_offer(self.alice, self.org, **values(expires_on=days(0)))
        last = one_year_after(timezone.localdate())
        services.do_create_need_offer(self.alice, self.org, **values(expires_on=last))
        self.assertEqual(NeedOffer.objects.count(), 2)
        NeedOffer.objects.all().delete()
        AuditEntry.objects.all().delete()
        self.assert_rejected("expires_on", expires_on=last + datetime.timedelta(days=1))

    def test_other_bad_values_are_rejected(self):
        self.assert_rejected("title", title="")
        self.assert_rejected("title", title="x" * 201)
        self.assert_rejected("description", description="")
        self.assert_rejected("kind", kind="gift")
        self.assert_rejected("category", category="castle")
        self.assert_rejected("expires_on", expires_on=None)


class UpdateAndCloseTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.mine = make_item(self.org, "Post Boba", created_by=self.bob)
        self.admins = make_item(self.org, "Post Alicji", created_by=self.alice)

    def test_org_admin_and_staff_manage_every_item_of_the_organisation(self):
        services.do_update_need_offer(self.alice, self.mine, title="Poprawione")
        services.do_update_need_offer(self.staff, self.admins, title="Przez staff")
        self.assertEqual(NeedOffer.objects.get(pk=self.mine.pk).title, "Poprawione")
        self.assertEqual(
            AuditEntry.objects.get(action="need_offer.updated", actor=self.alice).changes,
            {"title": ["Post Boba", "Poprawione"]},
        )

    def test_a_member_manages_only_what_they_posted(self):
        services.do_update_need_offer(self.bob, self.mine, title="Moje")
        services.do_close_need_offer(self.bob, self.mine)
        with self.assertRaises(PermissionDenied):
            services.do_update_need_offer(self.bob, self.admins, title="Nie moje")
        with self.assertRaises(PermissionDenied):
            services.do_close_need_offer(self.bob, self.admins)

    def test_a_former_member_no_longer_manages_their_item(self):
        self.bob.memberships.all().delete()
        with self.assertRaises(PermissionDenied):
            services.do_update_need_offer(self.bob, self.mine, title="Moje")

    def test_other_orgs_admin_may_not(self):
        with self.assertRaises(PermissionDenied):
            services.do_update_need_offer(self.charlie, self.mine, title="Przejęte")
        with self.assertRaises(PermissionDenied):
            services.do_close_need_offer(self.charlie, self.mine)
        self.assertFalse(NeedOffer.objects.get(pk=self.mine.pk).is_closed)

    def test_an_unchanged_expired_date_may_stay_but_a_new_one_must_be_valid(self):
        expired = make_item(self.org, "Stare", expires_on=days(-10))
        services.do_update_need_offer(self.alice, expired, title="Stare, poprawione")
        with self.assertRaises(ValidationError):
            services.do_update_need_offer(self.alice, expired, expires_on=days(-5))
        services.do_update_need_offer(self.alice, expired, expires_on=days(10))
        self.assertTrue(NeedOffer.objects.get(pk=expired.pk).is_open)

    def test_closing_is_logged_once(self):
        services.do_close_need_offer(self.alice, self.admins)
        services.do_close_need_offer(self.alice, self.admins)
        self.assertEqual(AuditEntry.objects.filter(action="need_offer.closed").count(), 1)
        item = NeedOffer.objects.get(pk=self.admins.pk)
        self.assertTrue(item.is_closed)
        self.assertFalse(item.is_open)
        self.assertNotIn(item, NeedOffer.objects.public())


class ProcessExpiredTestCase(BaseTestCase):
    def test_it_handles_each_expiry_once(self):
        gone = make_item(self.org, "Minęło", expires_on=days(-1))
        make_item(self.org, "Aktualne", expires_on=days(0))
        make_item(self.org, "Zamknięte", expires_on=days(-3), closed_at=timezone.now())

        self.assertEqual(services.process_expired(), 1)
        gone.refresh_from_db()
        self.assertIsNotNone(gone.expiry_processed_at)
        entry = AuditEntry.objects.get(action="need_offer.expired")
        self.assertIsNone(entry.actor)
        self.assertEqual(entry.object_id, str(gone.pk))

        self.assertEqual(services.process_expired(), 0)
        self.assertEqual(AuditEntry.objects.filter(action="need_offer.expired").count(), 1)

    def test_an_extended_item_is_looked_at_again_when_it_expires_again(self):
        item = make_item(self.org, "Minęło", expires_on=days(-1))
        services.process_expired()
        services.do_update_need_offer(self.alice, item, expires_on=days(5))
        item.refresh_from_db()
        self.assertIsNone(item.expiry_processed_at)
        self.assertEqual(services.process_expired(), 0)  # not expired yet
