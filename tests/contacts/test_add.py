from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from tests.helpers import html_tr
from wspolnie.contacts.models import ConsentRecord, ContactPerson
from wspolnie.contacts.services import CONSENT_TEXT

from .base import INVALID, NOT_A_NUMBER, ContactsTestCase, ManagerOnlyViewMixin


class AddContactViewTestCase(ManagerOnlyViewMixin, ContactsTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.url = reverse("contacts:add", args=[self.org.slug])

    def data(self, **overrides) -> dict:
        data = {
            "name": "Punkt konsultacyjny dla rodzin",
            "name_visibility": "public",
            "role_pl": "Konsultacje dla rodzin",
            "role_en": "",
            "role_uk": "Консультації для родин",
            "role_visibility": "public",
            "email": "rodziny@example.org",
            "email_visibility": "members",
            "phone": "71 799 00 00",
            "phone_visibility": "staff",
            "languages": "pl, UK ka",
            "languages_visibility": "public",
            "consent": "on",
            "consent_purpose": "Odpowiedzi na pytania rodzin",
        }
        data.update(overrides)
        return data

    def new_contacts(self):
        return ContactPerson.objects.exclude(pk=self.contact.pk)

    def test_org_admin_adds_a_contact_with_consent(self):
        self.login(self.alice)
        response = self.client.post(self.url, self.data())
        self.assertRedirects(response, reverse("contacts:manage", args=[self.org.slug]))
        contact = self.new_contacts().get()
        self.assertEqual(contact.organisation, self.org)
        self.assertEqual(contact.phone, "+48717990000")
        self.assertEqual(contact.role, {"pl": "Konsultacje dla rodzin",
                                        "uk": "Консультації для родин"})
        self.assertEqual(sorted(c.code for c in contact.languages.all()), ["ka", "pl", "uk"])
        consent = contact.consents.get()
        self.assertEqual(consent.source, ConsentRecord.Source.FORM)
        self.assertEqual(consent.recorded_by, self.alice)
        self.assertEqual(consent.purpose, "Odpowiedzi na pytania rodzin")
        self.assertEqual(consent.consent_text, str(CONSENT_TEXT))

    def test_the_consent_text_is_stored_in_the_language_it_was_shown_in(self):
        self.login(self.staff)
        self.client.post(self.url, self.data(), HTTP_ACCEPT_LANGUAGE="uk")
        consent = self.new_contacts().get().consents.get()
        with translation.override("uk"):
            self.assertEqual(consent.consent_text, str(CONSENT_TEXT))

    def test_it_requires_the_consent_checkbox(self):
        self.login(self.alice)
        data = self.data()
        del data["consent"]
        response = self.client.post(self.url, data)
        self.assertContains(
            response, html_tr("pl", "A contact person can only be stored with their consent.")
        )
        self.assertFalse(self.new_contacts().exists())

    def test_it_requires_a_purpose(self):
        self.login(self.alice)
        response = self.client.post(self.url, self.data(consent_purpose=" "))
        self.assertContains(
            response, html_tr("pl", "Say what the contact details will be used for.")
        )
        self.assertFalse(self.new_contacts().exists())

    def test_a_bad_phone_number_is_explained_in_polish(self):
        self.login(self.alice)
        response = self.client.post(self.url, self.data(phone="12"))
        self.assertContains(response, html_tr("pl", INVALID) % {"value": "12"})
        self.assertFalse(self.new_contacts().exists())
        # What was typed stays in the form.
        self.assertContains(response, 'value="Punkt konsultacyjny dla rodzin"')

    def test_a_bad_phone_number_is_explained_in_ukrainian(self):
        self.login(self.alice)
        response = self.client.post(self.url, self.data(phone="abc"), HTTP_ACCEPT_LANGUAGE="uk")
        self.assertContains(response, html_tr("uk", NOT_A_NUMBER) % {"value": "abc"})
        self.assertFalse(self.new_contacts().exists())

    def test_an_unknown_language_code_is_explained(self):
        self.login(self.alice)
        response = self.client.post(self.url, self.data(languages="pl, klingon-xx"))
        self.assertContains(
            response,
            html_tr("pl", "“%(code)s” is not a known language code.") % {"code": "klingon-xx"},
        )
        self.assertFalse(self.new_contacts().exists())

    def test_a_bad_email_is_refused(self):
        self.login(self.alice)
        response = self.client.post(self.url, self.data(email="rodziny@"))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(self.new_contacts().exists())

    def test_an_empty_post_shows_errors(self):
        self.login(self.alice)
        response = self.client.post(self.url, {})
        self.assertContains(response, 'aria-invalid="true"')
        self.assertFalse(self.new_contacts().exists())

    def test_members_and_other_orgs_admins_cannot_post(self):
        for user in (self.bob, self.charlie, self.dave):
            self.login(user)
            self.assertEqual(self.client.post(self.url, self.data()).status_code, 403)
        self.assertFalse(self.new_contacts().exists())

    def test_the_form_offers_the_privacy_friendly_defaults(self):
        self.login(self.alice)
        form = self.client.get(self.url).context["form"]
        self.assertEqual(form["name_visibility"].value(), "public")
        self.assertEqual(form["role_visibility"].value(), "public")
        self.assertEqual(form["email_visibility"].value(), "members")
        self.assertEqual(form["phone_visibility"].value(), "staff")
