"""The do_* functions: permissions, validation and the audit log."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from tests.base import BaseTestCase
from wspolnie.core.models import AuditEntry
from wspolnie.services import services
from wspolnie.services.models import Service

from .helpers import make_service, make_vocabulary


class CreateServiceTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_vocabulary(cls)

    def test_org_admin_creates_a_service_with_everything(self):
        service = services.do_create_service(
            self.alice,
            self.org,
            name={"pl": "Porady prawne", "uk": "Юридичні консультації"},
            description={"pl": "Raz w tygodniu."},
            cost="paid",
            fees_description={"pl": "20 zł"},
            languages=[self.pl, self.ka],
            topics=[self.legal],
            communities=[self.georgian],
            locations=[self.office],
            url="https://example.org/porady",
            email="porady@example.org",
        )
        service.refresh_from_db()
        self.assertEqual(service.organisation, self.org)
        self.assertEqual(service.status, "active")
        self.assertEqual({lang.code for lang in service.languages.all()}, {"pl", "ka"})
        self.assertEqual(list(service.locations.all()), [self.office])
        self.assertEqual(list(self.org.services.all()), [service])

        entry = AuditEntry.objects.get(action="service.created")
        self.assertEqual(entry.actor, self.alice)
        self.assertEqual(entry.object_id, str(service.pk))
        self.assertEqual(entry.changes["languages"], [None, ["ka", "pl"]])
        self.assertEqual(entry.changes["name"][1]["uk"], "Юридичні консультації")

    def test_staff_may_create(self):
        services.do_create_service(self.staff, self.org, name={"pl": "Dyżur"})
        self.assertEqual(self.org.services.count(), 1)

    def test_members_and_other_orgs_admins_may_not(self):
        for user in (self.bob, self.charlie):
            with self.assertRaises(PermissionDenied):
                services.do_create_service(user, self.org, name={"pl": "Dyżur"})
        self.assertFalse(Service.objects.exists())
        self.assertFalse(AuditEntry.objects.exists())

    def assert_rejected(self, field: str, **values) -> ValidationError:
        values.setdefault("name", {"pl": "Dyżur"})
        with self.assertRaises(ValidationError) as caught:
            services.do_create_service(self.alice, self.org, **values)
        self.assertIn(field, caught.exception.message_dict)
        self.assertFalse(Service.objects.exists())
        self.assertFalse(AuditEntry.objects.exists())
        return caught.exception

    def test_an_empty_multilingual_name_is_rejected(self):
        for name in ({}, {"pl": ""}, {"pl": "   ", "en": ""}):
            self.assert_rejected("name", name=name)

    def test_a_location_of_another_organisation_is_rejected(self):
        error = self.assert_rejected("locations", locations=[self.office, self.other_office])
        self.assertIn("locations", error.message_dict)

    def test_texts_in_an_unknown_language_are_rejected(self):
        self.assert_rejected("description", description={"klingon": "Qapla'"})

    def test_a_paid_service_must_say_what_it_costs(self):
        self.assert_rejected("fees_description", cost="paid")

    def test_bad_choices_and_addresses_are_rejected(self):
        self.assert_rejected("cost", cost="cheap")
        self.assert_rejected("status", status="defunct")
        self.assert_rejected("url", url="not a url")
        self.assert_rejected("email", email="nobody")

    def test_a_too_long_name_is_rejected(self):
        self.assert_rejected("name", name={"pl": "x" * 201})

    def test_unknown_fields_are_a_programming_error(self):
        with self.assertRaises(ValueError):
            services.do_create_service(self.alice, self.org, name={"pl": "X"}, slug="x")


class UpdateServiceTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_vocabulary(cls)

    def setUp(self) -> None:
        super().setUp()
        self.service = make_service(self.org, languages=[self.pl])

    def test_org_admin_updates_and_the_change_is_logged(self):
        services.do_update_service(
            self.alice, self.service, name={"pl": "Porady", "en": "Advice"},
            languages=[self.pl, self.uk], status="inactive",
        )
        self.service.refresh_from_db()
        self.assertEqual(self.service.name, {"pl": "Porady", "en": "Advice"})
        self.assertEqual(self.service.status, "inactive")
        entry = AuditEntry.objects.get(action="service.updated")
        self.assertEqual(entry.actor, self.alice)
        self.assertEqual(
            entry.changes,
            {
                "name": [{"pl": "Porady prawne"}, {"pl": "Porady", "en": "Advice"}],
                "languages": [["pl"], ["pl", "uk"]],
                "status": ["active", "inactive"],
            },
        )

    def test_nothing_changed_logs_nothing(self):
        services.do_update_service(self.alice, self.service, name={"pl": "Porady prawne"})
        self.assertFalse(AuditEntry.objects.exists())

    def test_other_orgs_admin_and_member_may_not(self):
        for user in (self.charlie, self.bob):
            with self.assertRaises(PermissionDenied):
                services.do_update_service(user, self.service, name={"pl": "Przejęta"})
        self.service.refresh_from_db()
        self.assertEqual(self.service.name, {"pl": "Porady prawne"})

    def test_a_location_of_another_organisation_is_rejected(self):
        with self.assertRaises(ValidationError) as caught:
            services.do_update_service(self.staff, self.service, locations=[self.other_office])
        self.assertIn("locations", caught.exception.message_dict)
        self.assertFalse(self.service.locations.exists())


class DeleteServiceTestCase(BaseTestCase):
    def test_org_admin_deletes_and_it_is_logged(self):
        service = make_service(self.org)
        pk = service.pk
        services.do_delete_service(self.alice, service)
        self.assertFalse(Service.objects.filter(pk=pk).exists())
        entry = AuditEntry.objects.get(action="service.deleted")
        self.assertEqual((entry.actor, entry.object_id), (self.alice, str(pk)))

    def test_other_orgs_admin_may_not(self):
        service = make_service(self.org)
        with self.assertRaises(PermissionDenied):
            services.do_delete_service(self.charlie, service)
        self.assertTrue(Service.objects.filter(pk=service.pk).exists())
