"""The organisation-owned base (wspolnie.core.owned.services): who may create, change, close
and delete, validation with every field's message, and the audit entries with the diff."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from tests.base import BaseTestCase
from tests.needs.helpers import days, make_item, make_vocabulary
from wspolnie.core.audit import action_label
from wspolnie.core.models import AuditEntry
from wspolnie.needs.models import NeedOffer

from .owned_capability import MEMBER_POSTS, POSTS, SHOUTING


def values(**overrides) -> dict:
    return {
        "kind": "offer", "category": "space", "title": "Sala na 30 osób",
        "description": "W soboty.", "expires_on": days(20), **overrides,
    }


class PermissionMatrixTestCase(BaseTestCase):
    """Default rule: the organisation's admins and staff; a capability may let members post."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_vocabulary(cls)

    def personas(self):
        return {
            "admin": self.alice, "member": self.bob, "other org's admin": self.charlie,
            "staff": self.staff, "anonymous": AnonymousUser(),
        }

    def test_create(self):
        for owned, allowed in (
            (POSTS, {"admin", "staff"}),
            (MEMBER_POSTS, {"admin", "member", "staff"}),
        ):
            for name, user in self.personas().items():
                with self.subTest(owned=type(owned).__name__, persona=name):
                    if name in allowed:
                        item = owned.create(user, self.org, **values())
                        self.assertEqual(item.organisation, self.org)
                    else:
                        with self.assertRaises(PermissionDenied):
                            owned.create(user, self.org, **values(title=f"by {name}"))
                        self.assertFalse(NeedOffer.objects.filter(title=f"by {name}").exists())

    def test_update_close_and_delete(self):
        allowed = {"admin", "staff"}
        for name, user in self.personas().items():
            with self.subTest(persona=name):
                item = make_item(self.org, title="Stary tytuł")
                if name in allowed:
                    POSTS.update(user, item, title="Nowy tytuł")
                    POSTS.close(user, item)
                    POSTS.delete(user, item)
                    self.assertFalse(NeedOffer.objects.filter(pk=item.pk).exists())
                else:
                    for change, extra in (
                        (POSTS.update, {"title": "Nowy tytuł"}),
                        (POSTS.close, {}),
                        (POSTS.delete, {}),
                    ):
                        with self.assertRaises(PermissionDenied):
                            change(user, item, **extra)
                    item.refresh_from_db()
                    self.assertEqual(item.title, "Stary tytuł")
                    self.assertIsNone(item.closed_at)

    def test_a_member_may_post_but_not_manage_under_the_members_rule(self):
        item = MEMBER_POSTS.create(self.bob, self.org, **values())
        with self.assertRaises(PermissionDenied):
            MEMBER_POSTS.update(self.bob, item, title="Zmiana")


class ValidationTestCase(BaseTestCase):
    def test_every_wrong_field_is_named_and_nothing_is_stored(self):
        with self.assertRaises(ValidationError) as caught:
            POSTS.create(self.alice, self.org, **values(kind="wish", title="x" * 300))
        self.assertEqual(set(caught.exception.message_dict), {"kind", "title"})
        self.assertFalse(NeedOffer.objects.exists())
        self.assertFalse(AuditEntry.objects.exists())

    def test_the_capabilitys_own_rule_is_checked_too(self):
        with self.assertRaises(ValidationError) as caught:
            POSTS.create(self.alice, self.org, **values(title="SALA"))
        self.assertEqual(caught.exception.message_dict, {"title": [SHOUTING]})

    def test_a_field_the_model_rejects_keeps_only_the_models_message(self):
        with self.assertRaises(ValidationError) as caught:
            POSTS.create(self.alice, self.org, **values(title=""))
        self.assertNotIn(SHOUTING, caught.exception.message_dict["title"])

    def test_a_rejected_update_leaves_the_stored_object_as_it_was(self):
        item = make_item(self.org, title="Sala")
        with self.assertRaises(ValidationError):
            POSTS.update(self.alice, item, title="SALA")
        self.assertEqual(NeedOffer.objects.get(pk=item.pk).title, "Sala")

    def test_a_field_that_is_not_editable_is_a_programming_error(self):
        with self.assertRaises(ValueError):
            POSTS.create(self.alice, self.org, **values(closed_at=None))


class AuditTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_vocabulary(cls)

    def test_creating_records_the_filled_in_values(self):
        item = POSTS.create(self.alice, self.org, **values(districts=[self.nadodrze]))
        entry = AuditEntry.objects.get(action="test_post.created")
        self.assertEqual(entry.actor, self.alice)
        self.assertEqual(entry.object_id, str(item.pk))
        self.assertEqual(entry.changes["title"], [None, "Sala na 30 osób"])
        self.assertEqual(entry.changes["expires_on"], [None, days(20).isoformat()])
        self.assertEqual(entry.changes["districts"], [None, ["nadodrze"]])
        self.assertNotIn("contact_note", entry.changes)  # empty: not recorded
        self.assertEqual(action_label("test_post.created"), "Test post created")

    def test_an_update_records_only_what_changed(self):
        item = make_item(self.org, title="Sala", districts=[self.nadodrze])
        POSTS.update(self.staff, item, title="Sala duża", districts=[self.nadodrze, self.krzyki])
        entry = AuditEntry.objects.get(action="test_post.updated")
        self.assertEqual(entry.actor, self.staff)
        self.assertEqual(
            entry.changes,
            {
                "title": ["Sala", "Sala duża"],
                "districts": [["nadodrze"], ["krzyki", "nadodrze"]],
            },
        )

    def test_an_update_that_changes_nothing_records_nothing(self):
        item = make_item(self.org, title="Sala")
        POSTS.update(self.alice, item, title="Sala")
        self.assertFalse(AuditEntry.objects.filter(action="test_post.updated").exists())

    def test_a_private_field_is_recorded_only_as_changed(self):
        item = POSTS.create(self.alice, self.org, **values(contact_note="tel. 600 100 200"))
        POSTS.update(self.alice, item, contact_note="tel. 600 999 999")
        for entry in AuditEntry.objects.all():
            self.assertNotIn("600", str(entry.changes))
        created = AuditEntry.objects.get(action="test_post.created")
        self.assertEqual(created.changes["contact_note"], ["", "…"])
        updated = AuditEntry.objects.get(action="test_post.updated")
        self.assertEqual(updated.changes["contact_note"], ["…", "…"])

    def test_closing_twice_records_it_once(self):
        item = make_item(self.org)
        POSTS.close(self.alice, item)
        closed_at = NeedOffer.objects.get(pk=item.pk).closed_at
        POSTS.close(self.alice, item)
        self.assertEqual(NeedOffer.objects.get(pk=item.pk).closed_at, closed_at)
        entry = AuditEntry.objects.get(action="test_post.closed")
        self.assertEqual(entry.changes, {"closed": [None, closed_at.isoformat()]})

    def test_deleting_records_what_the_capability_keeps_and_the_object_keeps_its_pk(self):
        item = make_item(self.org, title="Sala")
        pk = item.pk
        POSTS.delete(self.alice, item)
        self.assertEqual(item.pk, pk)
        entry = AuditEntry.objects.get(action="test_post.deleted")
        self.assertEqual(entry.object_id, str(pk))
        self.assertEqual(entry.changes, {"title": ["Sala", None]})
