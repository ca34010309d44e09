"""Shared set-up for the contact person tests: the personas of tests/base.py, plus a signed-up
user without any membership, and a contact with a staff-only phone."""

from __future__ import annotations

import json

from django.test import Client
from django.urls import reverse

from tests.base import BaseTestCase, make_user
from wspolnie.accounts import services as account_services
from wspolnie.contacts import services
from wspolnie.contacts.models import ContactPerson
from wspolnie.core.models import AuditEntry

PHONE_INPUT = "+48 600 100 200"
#: Every way the test phone number could be written on a page or in JSON.
PHONE_FORMS = [
    "+48 600 100 200",  # international (display)
    "+48600100200",  # E.164 (storage, tel: links)
    "600 100 200",  # national
    "600100200",  # digits only
    "+48-600-100-200",  # RFC 3966 (tel:+48-600-100-200)
    "600-100-200",
]
NOT_A_NUMBER = "“%(value)s” is not a phone number. Write it with digits, e.g. +48 71 123 45 67."
INVALID = (
    "“%(value)s” is not a valid phone number. Check the number of digits, and add the "
    "country code (e.g. +380) for a number from outside Poland."
)
EMAIL = "dialog.koordynacja@example.org"
NAME = "Koordynatorka ds. dialogu"
ROLE = {"pl": "Koordynacja zapisów do szkół", "uk": "Координація запису до шкіл"}


def add_contact(actor, organisation, **overrides) -> ContactPerson:
    values = {
        "name": NAME,
        "role": dict(ROLE),
        "email": EMAIL,
        "phone": PHONE_INPUT,
        "languages": ["pl", "uk"],
        "consent_given": True,
        "consent_purpose": "Pytania rodzin o zapisy do szkół",
    }
    values.update(overrides)
    return services.do_add_contact(actor, organisation, **values)


class ContactsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        #: signed up, belongs to no organisation: sees only public data.
        cls.dave = make_user("dave@example.org", "Dave Newcomer")
        #: name and role public, e-mail members only, phone staff only (the defaults).
        cls.contact = add_contact(cls.alice, cls.org)

    def token_for(self, user) -> str:
        return account_services.do_create_api_token(user, "test")[1]

    def api(self, method: str, url: str, body=None, token: str | None = None, **extra):
        client = Client(enforce_csrf_checks=True)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        kwargs = {"headers": headers, **extra}
        if body is not None:
            kwargs["data"] = body if isinstance(body, str) else json.dumps(body)
            kwargs["content_type"] = "application/json"
        return getattr(client, method)(url, **kwargs)

    def assert_no_phone(self, text: str, where: str = "") -> None:
        for form in PHONE_FORMS:
            self.assertNotIn(form, text, f"the staff-only phone ({form}) leaked {where}")

    def assert_no_personal_data_in_audit_log(self) -> None:
        text = json.dumps(
            list(AuditEntry.objects.values("object_repr", "changes")), ensure_ascii=False
        )
        for value in (NAME, EMAIL, *ROLE.values(), *PHONE_FORMS):
            self.assertNotIn(value, text)

    def assert_phone_shown(self, text: str, where: str = "") -> None:
        self.assertIn("+48 600 100 200", text, where)


class ManagerOnlyViewMixin:
    """Permission tests shared by every management page: `url` (set in setUp) is for the
    organisation's admins and staff only."""

    url: str

    def test_it_requires_login(self):
        response = self.client.get(self.url)
        self.assertRedirects(
            response, reverse("accounts:login") + "?next=" + self.url, fetch_redirect_response=False
        )

    def test_it_rejects_members(self):
        self.login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 403)

    def test_it_rejects_other_orgs_admin(self):
        self.login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 403)

    def test_it_rejects_users_without_an_organisation(self):
        self.login(self.dave)
        self.assertEqual(self.client.get(self.url).status_code, 403)

    def test_it_allows_org_admin(self):
        self.login(self.alice)
        self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_it_allows_staff(self):
        self.login(self.staff)
        self.assertEqual(self.client.get(self.url).status_code, 200)
