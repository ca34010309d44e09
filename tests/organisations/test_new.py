from __future__ import annotations

from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tests.base import BaseTestCase, make_user
from tests.helpers import html_tr
from wspolnie.core.models import AuditEntry
from wspolnie.directory.models import Topic
from wspolnie.organisations.models import Membership, Organisation


class OrganisationNewTestCase(BaseTestCase):
    """"Add your organisation": any signed-in person; it waits for approval."""

    def setUp(self) -> None:
        super().setUp()
        self.url = reverse("organisations:new")
        self.newcomer = make_user("olena@example.org", "Olena", preferred_language="uk")
        Topic.objects.create(slug="education", names={"pl": "Edukacja"})
        self.valid = {
            "name": "Stowarzyszenie Nowe",
            "kind": "association",
            "short_description_pl": "Kursy języka polskiego.",
            "short_description_uk": "Курси польської мови.",
            "description_pl": "Dłuższy opis.",
            "topics": ["education"],
            "languages": ["pl"],
            "other_languages": "uk",
            "nip": "5260250274",
        }

    def test_it_requires_login(self):
        response = self.client.get(self.url)
        self.assertRedirects(response, reverse("accounts:login") + "?next=" + self.url)
        response = self.client.post(self.url, self.valid)
        self.assertRedirects(response, reverse("accounts:login") + "?next=" + self.url)
        self.assertFalse(Organisation.objects.filter(name="Stowarzyszenie Nowe").exists())

    def test_every_signed_in_persona_may_open_it(self):
        for user in (self.newcomer, self.bob, self.alice, self.charlie, self.staff):
            self.login(user)
            response = self.client.get(self.url)
            self.assertContains(response, html_tr("pl", "Add your organisation"))
            self.assertContains(response, 'name="description_pl"')
            self.assertEqual(response.context["form"]["social_profiles"].value(), "")

    def test_it_creates_a_pending_organisation_with_its_creator_as_admin(self):
        self.login(self.newcomer)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.url, self.valid)
        organisation = Organisation.objects.get(name="Stowarzyszenie Nowe")
        self.assertRedirects(response, organisation.get_absolute_url())
        self.assertEqual(organisation.slug, "stowarzyszenie-nowe")
        self.assertEqual(organisation.status, Organisation.Status.PENDING)
        self.assertEqual(organisation.submitted_by, self.newcomer)
        self.assertEqual(organisation.nip, "5260250274")
        self.assertEqual(organisation.short_description,
                         {"pl": "Kursy języka polskiego.", "uk": "Курси польської мови."})
        self.assertEqual(sorted(organisation.languages.values_list("code", flat=True)),
                         ["pl", "uk"])
        self.assertTrue(
            Membership.objects.filter(
                user=self.newcomer, organisation=organisation, role="admin"
            ).exists()
        )
        entry = AuditEntry.objects.get(action="organisation.registered")
        self.assertEqual(entry.actor, self.newcomer)
        # The staff hear about it.
        self.assertEqual([message.to for message in mail.outbox], [[self.staff.email]])
        self.assertIn("Stowarzyszenie Nowe", mail.outbox[0].subject)
        self.assertIn(reverse("organisations:moderation"), mail.outbox[0].body)

        # The creator sees the page with the banner; the public does not see it at all.
        response = self.client.get(organisation.get_absolute_url())
        self.assertContains(response, html_tr("pl", "Waiting for approval."))
        self.client.logout()
        self.assertEqual(self.client.get(organisation.get_absolute_url()).status_code, 404)
        self.assertNotContains(self.client.get(reverse("organisations:list")),
                               "Stowarzyszenie Nowe")

    def test_the_creator_may_edit_it_while_it_waits(self):
        self.login(self.newcomer)
        self.client.post(self.url, self.valid)
        organisation = Organisation.objects.get(name="Stowarzyszenie Nowe")
        response = self.client.get(reverse("organisations:edit", args=[organisation.slug]))
        self.assertEqual(response.status_code, 200)

    def test_slugs_are_unique_and_readable(self):
        self.login(self.newcomer)
        Organisation.objects.create(name="X", slug="stowarzyszenie-nowe", kind="ngo")
        self.client.post(self.url, self.valid)
        self.client.post(self.url, {**self.valid, "name": "Фонд «Разом» Łódź"})
        self.client.post(self.url, {**self.valid, "name": "Moderation"})
        self.assertEqual(
            sorted(Organisation.objects.filter(submitted_by=self.newcomer)
                   .values_list("slug", flat=True)),
            ["fond-razom-lodz", "moderation-org", "stowarzyszenie-nowe-2"],
        )

    def test_it_rejects_an_incomplete_form(self):
        self.login(self.newcomer)
        response = self.client.post(self.url, {"name": "", "kind": ""})
        self.assertEqual(response.status_code, 200)
        self.assertIn("name", response.context["form"].errors)
        self.assertIn("kind", response.context["form"].errors)
        self.assertFalse(Organisation.objects.filter(submitted_by=self.newcomer).exists())

    def test_it_explains_a_bad_registry_number_in_ukrainian(self):
        self.login(self.newcomer)
        response = self.client.post(
            self.url, {**self.valid, "regon": "12345"}, HTTP_ACCEPT_LANGUAGE="uk"
        )
        with translation.override("uk"):
            expected = gettext("A %(label)s number has 9 or 14 digits.") % {"label": "REGON"}
        self.assertIn(expected, response.context["form"].errors["regon"])
        self.assertFalse(Organisation.objects.filter(submitted_by=self.newcomer).exists())
