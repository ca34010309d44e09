from __future__ import annotations

from django.urls import reverse

from tests.helpers import html_tr
from wspolnie.contacts import services
from wspolnie.contacts.models import ContactPerson

from .base import EMAIL, NAME, ContactsTestCase, ManagerOnlyViewMixin, add_contact


class EditContactViewTestCase(ManagerOnlyViewMixin, ContactsTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.url = reverse("contacts:edit", args=[self.org.slug, self.contact.pk])

    def data(self, **overrides) -> dict:
        data = {
            "name": NAME,
            "name_visibility": "public",
            "role_pl": "Koordynacja zapisów do szkół",
            "role_uk": "Координація запису до шкіл",
            "role_visibility": "public",
            "email": EMAIL,
            "email_visibility": "members",
            "phone": "+48 600 100 200",
            "phone_visibility": "staff",
            "languages": "pl, uk",
            "languages_visibility": "public",
        }
        data.update(overrides)
        return data

    def test_the_form_shows_the_stored_values(self):
        self.login(self.alice)
        response = self.client.get(self.url)
        self.assertContains(response, f'value="{NAME}"')
        self.assertContains(response, 'value="+48600100200"')
        self.assertContains(response, 'value="pl, uk"')

    def test_org_admin_changes_the_phone_and_its_visibility(self):
        self.login(self.alice)
        response = self.client.post(
            self.url, self.data(phone="+380 44 123 4567", phone_visibility="members")
        )
        self.assertRedirects(response, reverse("contacts:manage", args=[self.org.slug]))
        contact = ContactPerson.objects.get(pk=self.contact.pk)
        self.assertEqual(contact.phone, "+380441234567")
        self.assertEqual(contact.phone_visibility, "members")
        self.assertEqual(contact.consents.count(), 1)

    def test_a_bad_phone_keeps_the_old_one(self):
        self.login(self.staff)
        response = self.client.post(self.url, self.data(phone="600 100"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'aria-invalid="true"')
        self.assertEqual(ContactPerson.objects.get(pk=self.contact.pk).phone, "+48600100200")

    def test_members_and_other_orgs_admins_cannot_post(self):
        for user in (self.bob, self.charlie):
            self.login(user)
            response = self.client.post(self.url, self.data(name="Przejęta"))
            self.assertEqual(response.status_code, 403)
        self.assertEqual(ContactPerson.objects.get(pk=self.contact.pk).name, NAME)

    def test_a_contact_of_another_organisation_is_404(self):
        other = add_contact(self.charlie, self.other_org)
        self.login(self.alice)
        url = reverse("contacts:edit", args=[self.org.slug, other.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.post(url, self.data(name="Przejęta")).status_code, 404)
        self.assertEqual(ContactPerson.objects.get(pk=other.pk).name, NAME)

    def test_an_erased_contact_cannot_be_edited(self):
        services.do_erase_contact(self.alice, self.contact)
        self.login(self.alice)
        self.assertContains(
            self.client.get(self.url), html_tr("pl", "Page not found"), status_code=404
        )
