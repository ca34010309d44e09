"""GET /api/contacts/<slug> and /api/contacts/<slug>/<pk>: fields filtered by the caller's
level (token, session or anonymous)."""

from __future__ import annotations

from tests.helpers import tr
from wspolnie.contacts import services
from wspolnie.organisations.models import Organisation

from .base import EMAIL, NAME, ROLE, ContactsTestCase, add_contact


class ListContactsApiTestCase(ContactsTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.url = f"/api/contacts/{self.org.slug}"

    def test_anonymous_callers_get_the_public_fields(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), [{
            "id": self.contact.pk, "name": NAME, "role": ROLE, "email": None, "phone": None,
            "phone_e164": None, "languages": ["pl", "uk"], "visibility": None,
        }])

    def test_members_get_the_email(self):
        for user in (self.bob, self.charlie):
            [item] = self.api("get", self.url, token=self.token_for(user)).json()
            self.assertEqual(item["email"], EMAIL)
            self.assertIsNone(item["phone"])
            self.assertIsNone(item["visibility"])

    def test_a_user_without_an_organisation_gets_the_public_fields(self):
        [item] = self.api("get", self.url, token=self.token_for(self.dave)).json()
        self.assertIsNone(item["email"])

    def test_the_session_counts_too(self):
        self.login(self.bob)
        [item] = self.client.get(self.url).json()
        self.assertEqual(item["email"], EMAIL)

    def test_org_admin_and_staff_get_everything_with_the_visibility(self):
        for user in (self.alice, self.staff):
            [item] = self.api("get", self.url, token=self.token_for(user)).json()
            self.assertEqual(item["phone"], "+48 600 100 200")
            self.assertEqual(item["visibility"]["phone"], "staff")

    def test_a_bad_token_is_refused_not_read_as_anonymous(self):
        response = self.api("get", self.url, token="wsp_not-a-real-token")
        self.assertEqual(response.status_code, 401)
        self.assertEqual(
            response.json(),
            {"detail": tr("pl", "Authentication required: a valid API token or session.")},
        )

    def test_erased_and_hidden_contacts_are_left_out(self):
        services.do_erase_contact(self.alice, self.contact)
        add_contact(self.staff, self.org, name_visibility="staff", role_visibility="staff",
                    email_visibility="staff")
        self.assertEqual(self.client.get(self.url).json(), [])

    def test_an_unknown_or_pending_organisation_is_404(self):
        response = self.client.get("/api/contacts/no-such-org")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json(), {"detail": tr("pl", "Not found.")})
        Organisation.objects.filter(pk=self.org.pk).update(status=Organisation.Status.PENDING)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.api("get", self.url, token=self.token_for(self.bob)).status_code,
                         200)  # its own members still see it


class GetContactApiTestCase(ContactsTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.url = f"/api/contacts/{self.org.slug}/{self.contact.pk}"

    def test_anonymous_callers_get_the_public_fields(self):
        doc = self.client.get(self.url).json()
        self.assertEqual(doc["name"], NAME)
        self.assertIsNone(doc["email"])
        self.assertIsNone(doc["phone"])

    def test_staff_get_everything(self):
        doc = self.api("get", self.url, token=self.token_for(self.staff)).json()
        self.assertEqual(doc["phone_e164"], "+48600100200")

    def test_a_contact_showing_nothing_is_404(self):
        hidden = add_contact(self.staff, self.org, name_visibility="staff",
                             role_visibility="staff", email_visibility="members")
        url = f"/api/contacts/{self.org.slug}/{hidden.pk}"
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.api("get", url, token=self.token_for(self.bob)).status_code, 200)

    def test_a_contact_of_another_organisation_is_404(self):
        other = add_contact(self.staff, self.other_org)
        response = self.client.get(f"/api/contacts/{self.org.slug}/{other.pk}")
        self.assertEqual(response.status_code, 404)

    def test_an_erased_contact_is_404(self):
        services.do_erase_contact(self.alice, self.contact)
        self.assertEqual(self.api("get", self.url, token=self.token_for(self.staff)).status_code,
                         404)

    def test_a_bad_id_is_422(self):
        response = self.client.get(f"/api/contacts/{self.org.slug}/abc")
        self.assertEqual(response.status_code, 422)
        self.assertIn("detail", response.json())
