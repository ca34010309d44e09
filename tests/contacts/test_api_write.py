"""POST/PATCH/DELETE /api/contacts/…, erase and export: the organisation's admins and staff
only; bad input answers 4xx JSON with translated messages."""

from __future__ import annotations

from django.test import Client

from tests.helpers import tr
from wspolnie.contacts.models import ConsentRecord, ContactPerson

from .base import EMAIL, INVALID, NAME, NOT_A_NUMBER, ContactsTestCase

FORBIDDEN = "Only this organisation's admins and staff may manage its contact persons."


class CreateContactApiTestCase(ContactsTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.url = f"/api/contacts/{self.org.slug}"

    def body(self, **overrides) -> dict:
        body = {
            "name": "Punkt konsultacyjny",
            "role": {"pl": "Konsultacje", "uk": "Консультації"},
            "email": "punkt@example.org",
            "phone": "+48 71 799 00 00",
            "languages": ["pl", "uk"],
            "visibility": {"phone": "members"},
            "consent": {"given": True, "purpose": "Konsultacje dla rodzin"},
        }
        body.update(overrides)
        return body

    def new_contacts(self):
        return ContactPerson.objects.exclude(pk=self.contact.pk)

    def test_a_too_long_role_in_one_language_is_refused_not_cut(self):
        response = self.api(
            "post", self.url, self.body(role={"pl": "Konsultacje", "uk": "р" * 201}),
            token=self.token_for(self.alice),
        )
        self.assertEqual(response.status_code, 422, response.content)
        self.assertIn("200", " ".join(response.json()["errors"]["role"]))
        self.assertFalse(self.new_contacts().exists())

    def test_org_admin_creates_a_contact_with_consent(self):
        response = self.api("post", self.url, self.body(), token=self.token_for(self.alice))
        self.assertEqual(response.status_code, 201)
        doc = response.json()
        self.assertEqual(doc["phone"], "+48 71 799 00 00")
        self.assertEqual(doc["phone_e164"], "+48717990000")
        self.assertEqual(doc["visibility"], {
            "name": "public", "role": "public", "email": "members", "phone": "members",
            "languages": "public",
        })
        contact = self.new_contacts().get()
        consent = contact.consents.get()
        self.assertEqual(consent.source, ConsentRecord.Source.API)
        self.assertEqual(consent.recorded_by, self.alice)
        self.assertEqual(consent.purpose, "Konsultacje dla rodzin")

    def test_staff_can_create(self):
        response = self.api("post", self.url, self.body(), token=self.token_for(self.staff))
        self.assertEqual(response.status_code, 201)

    def test_it_requires_authentication(self):
        response = self.api("post", self.url, self.body())
        self.assertEqual(response.status_code, 401)
        self.assertFalse(self.new_contacts().exists())

    def test_it_rejects_members_and_other_orgs_admins(self):
        for user in (self.bob, self.charlie, self.dave):
            response = self.api("post", self.url, self.body(), token=self.token_for(user))
            self.assertEqual(response.status_code, 403)
            self.assertEqual(response.json(), {"detail": tr("pl", FORBIDDEN)})
        self.assertFalse(self.new_contacts().exists())

    def test_it_rejects_the_session_without_csrf(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        response = client.post(self.url, self.body(), content_type="application/json")
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self.new_contacts().exists())

    def test_consent_is_required(self):
        token = self.token_for(self.alice)
        response = self.api(
            "post", self.url, self.body(consent={"given": False, "purpose": "x"}), token=token
        )
        self.assertEqual(response.status_code, 422)
        self.assertEqual(
            response.json()["errors"]["consent"],
            [tr("pl", "A contact person can only be stored with their consent.")],
        )
        body = self.body()
        del body["consent"]
        self.assertEqual(self.api("post", self.url, body, token=token).status_code, 422)
        response = self.api(
            "post", self.url, self.body(consent={"given": True, "purpose": " "}), token=token
        )
        self.assertEqual(response.status_code, 422)
        self.assertIn("consent_purpose", response.json()["errors"])
        self.assertFalse(self.new_contacts().exists())

    def test_a_bad_phone_is_explained_in_polish_and_ukrainian(self):
        token = self.token_for(self.alice)
        for language, phone, message in (("pl", "12", INVALID), ("uk", "abc", NOT_A_NUMBER),
                                         ("uk", "+48 600 100 20", INVALID)):
            response = self.api("post", self.url, self.body(phone=phone), token=token,
                                HTTP_ACCEPT_LANGUAGE=language)
            self.assertEqual(response.status_code, 422)
            doc = response.json()
            self.assertEqual(doc["detail"], tr(language, "The request is not valid."))
            self.assertEqual(doc["errors"]["phone"], [tr(language, message) % {"value": phone}])
        self.assertFalse(self.new_contacts().exists())

    def test_a_bad_email_is_explained(self):
        response = self.api("post", self.url, self.body(email="punkt@"),
                            token=self.token_for(self.alice), HTTP_ACCEPT_LANGUAGE="uk")
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["errors"]["email"],
                         [tr("uk", "Enter a valid email address.")])

    def test_an_unknown_language_is_explained(self):
        response = self.api("post", self.url, self.body(languages=["pl", "xx-nope"]),
                            token=self.token_for(self.alice))
        self.assertEqual(response.status_code, 422)
        self.assertEqual(
            response.json()["errors"]["languages"],
            [tr("pl", "“%(code)s” is not a known language code.") % {"code": "xx-nope"}],
        )

    def test_wrong_types_give_422(self):
        token = self.token_for(self.alice)
        for body in ([], "null", self.body(name=""), self.body(name=5), self.body(role="x"),
                     self.body(languages="pl"), self.body(visibility={"phone": "secret"}),
                     self.body(visibility={"address": "public"}), self.body(phone=600100200)):
            response = self.api("post", self.url, body, token=token)
            self.assertEqual(response.status_code, 422, body)
            self.assertIn("detail", response.json())
        self.assertFalse(self.new_contacts().exists())

    def test_malformed_json_is_a_client_error(self):
        response = self.api("post", self.url, "{not json", token=self.token_for(self.alice))
        self.assertIn(response.status_code, (400, 422))
        self.assertIn("detail", response.json())

    def test_an_unknown_organisation_is_404(self):
        response = self.api("post", "/api/contacts/no-such-org", self.body(),
                            token=self.token_for(self.staff))
        self.assertEqual(response.status_code, 404)


class UpdateContactApiTestCase(ContactsTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.url = f"/api/contacts/{self.org.slug}/{self.contact.pk}"

    def test_org_admin_updates_some_fields(self):
        response = self.api("patch", self.url,
                            {"phone": "600 100 201", "visibility": {"email": "public"}},
                            token=self.token_for(self.alice))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["phone"], "+48 600 100 201")
        contact = ContactPerson.objects.get(pk=self.contact.pk)
        self.assertEqual(contact.phone, "+48600100201")
        self.assertEqual(contact.email_visibility, "public")
        self.assertEqual(contact.name, NAME)
        self.assertEqual(contact.email, EMAIL)

    def test_it_rejects_members_and_other_orgs_admins(self):
        for user in (self.bob, self.charlie):
            response = self.api("patch", self.url, {"name": "X"}, token=self.token_for(user))
            self.assertEqual(response.status_code, 403)
        self.assertEqual(self.api("patch", self.url, {"name": "X"}).status_code, 401)
        self.assertEqual(ContactPerson.objects.get(pk=self.contact.pk).name, NAME)

    def test_a_bad_phone_is_422(self):
        response = self.api("patch", self.url, {"phone": "12"}, token=self.token_for(self.staff))
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["errors"]["phone"], [tr("pl", INVALID) % {"value": "12"}])
        self.assertEqual(ContactPerson.objects.get(pk=self.contact.pk).phone, "+48600100200")

    def test_another_organisations_contact_is_404_for_its_admin_via_this_slug(self):
        response = self.api(
            "patch", f"/api/contacts/{self.other_org.slug}/{self.contact.pk}", {"name": "X"},
            token=self.token_for(self.charlie),
        )
        self.assertEqual(response.status_code, 404)


class DeleteContactApiTestCase(ContactsTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.url = f"/api/contacts/{self.org.slug}/{self.contact.pk}"

    def test_org_admin_deletes(self):
        response = self.api("delete", self.url, token=self.token_for(self.alice))
        self.assertEqual(response.status_code, 204)
        self.assertFalse(ContactPerson.objects.filter(pk=self.contact.pk).exists())

    def test_it_rejects_others(self):
        self.assertEqual(self.api("delete", self.url).status_code, 401)
        for user in (self.bob, self.charlie):
            self.assertEqual(
                self.api("delete", self.url, token=self.token_for(user)).status_code, 403
            )
        self.assertTrue(ContactPerson.objects.filter(pk=self.contact.pk).exists())


class EraseContactApiTestCase(ContactsTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.url = f"/api/contacts/{self.org.slug}/{self.contact.pk}/erase"

    def test_staff_erase_with_a_reason(self):
        response = self.api("post", self.url, {"reason": "withdrawal"},
                            token=self.token_for(self.staff))
        self.assertEqual(response.status_code, 200)
        contact = ContactPerson.objects.get(pk=self.contact.pk)
        self.assertEqual(response.json(), {"id": contact.pk,
                                           "erased_at": contact.erased_at.isoformat()})
        self.assertEqual(contact.email, "")
        self.assertEqual(self.client.get(f"/api/contacts/{self.org.slug}").json(), [])

    def test_the_reason_is_optional(self):
        response = self.api("post", self.url, {}, token=self.token_for(self.alice))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(ContactPerson.objects.get(pk=self.contact.pk).is_erased)

    def test_an_unknown_reason_is_422(self):
        response = self.api("post", self.url, {"reason": "boredom"},
                            token=self.token_for(self.alice))
        self.assertEqual(response.status_code, 422)
        self.assertFalse(ContactPerson.objects.get(pk=self.contact.pk).is_erased)

    def test_it_rejects_others(self):
        self.assertEqual(self.api("post", self.url, {}).status_code, 401)
        for user in (self.bob, self.charlie):
            response = self.api("post", self.url, {}, token=self.token_for(user))
            self.assertEqual(response.status_code, 403)
        self.assertFalse(ContactPerson.objects.get(pk=self.contact.pk).is_erased)

    def test_erasing_twice_is_404(self):
        token = self.token_for(self.alice)
        self.assertEqual(self.api("post", self.url, {}, token=token).status_code, 200)
        self.assertEqual(self.api("post", self.url, {}, token=token).status_code, 404)


class ExportContactApiTestCase(ContactsTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.url = f"/api/contacts/{self.org.slug}/{self.contact.pk}/export"

    def test_org_admin_exports_everything(self):
        response = self.api("get", self.url, token=self.token_for(self.alice))
        self.assertEqual(response.status_code, 200)
        doc = response.json()
        self.assertEqual(doc["contact"]["phone_e164"], "+48600100200")
        self.assertEqual(doc["contact"]["email"], EMAIL)
        self.assertEqual(len(doc["consents"]), 1)

    def test_erased_contacts_can_still_be_exported(self):
        token = self.token_for(self.staff)
        self.api("post", f"/api/contacts/{self.org.slug}/{self.contact.pk}/erase", {}, token=token)
        doc = self.api("get", self.url, token=token).json()
        self.assertIsNotNone(doc["contact"]["erased_at"])
        self.assertEqual(doc["consents"][0]["subject_name"], "")

    def test_it_rejects_others(self):
        self.assertEqual(self.api("get", self.url).status_code, 401)
        for user in (self.bob, self.charlie, self.dave):
            response = self.api("get", self.url, token=self.token_for(user))
            self.assertEqual(response.status_code, 403)
            self.assertNotIn(EMAIL, response.content.decode())
