from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from tests.base import BaseTestCase
from tests.helpers import html_tr
from wspolnie.directory.models import Community, District, Language, Topic
from wspolnie.organisations.models import Location, Membership, Organisation


class OrganisationDetailTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.url = reverse("organisations:detail", args=[self.org.slug])
        self.edit_url = reverse("organisations:edit", args=[self.org.slug])
        self.history_url = reverse("organisations:history", args=[self.org.slug])

    def test_it_is_public(self):
        response = self.client.get(self.url)
        self.assertContains(response, f"<h1>{self.org.name}</h1>", html=True)
        self.assertContains(response, self.org.short_description["pl"])
        self.assertContains(response, html_tr("pl", "Foundation"))

    def test_it_hides_the_edit_links_from_anonymous_visitors(self):
        response = self.client.get(self.url)
        self.assertNotContains(response, self.edit_url)
        self.assertNotContains(response, self.history_url)

    def test_it_hides_the_edit_links_from_members(self):
        self.login(self.bob)
        response = self.client.get(self.url)
        self.assertNotContains(response, self.edit_url)
        self.assertNotContains(response, self.history_url)

    def test_it_hides_the_edit_links_from_other_orgs_admin(self):
        self.login(self.charlie)
        response = self.client.get(self.url)
        self.assertNotContains(response, self.edit_url)

    def test_it_shows_the_edit_links_to_org_admin(self):
        self.login(self.alice)
        response = self.client.get(self.url)
        self.assertContains(response, self.edit_url)
        self.assertContains(response, self.history_url)

    def test_it_shows_the_edit_links_to_staff(self):
        self.login(self.staff)
        response = self.client.get(self.url)
        self.assertContains(response, self.edit_url)
        self.assertContains(response, self.history_url)

    def test_it_gives_404_for_an_unknown_slug(self):
        response = self.client.get(reverse("organisations:detail", args=["no-such-org"]))
        self.assertContains(response, html_tr("pl", "Page not found"), status_code=404)

    def test_it_escapes_the_description(self):
        self.org.short_description = {"pl": "<script>alert(1)</script>"}
        self.org.save()
        response = self.client.get(self.url)
        self.assertNotContains(response, "<script>alert(1)</script>")
        self.assertContains(response, "&lt;script&gt;")


class OrganisationProfileTestCase(BaseTestCase):
    """Everything on the profile page, and who sees pending and rejected organisations."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        org = cls.org
        org.description = {"pl": "Opis po polsku.", "uk": "Опис українською."}
        org.legal_form = "Fundacja"
        org.krs = "0000123456"
        org.nip = "5260250274"
        org.regon = "123456785"
        org.website = "https://fundacja.example.org"
        org.email = "kontakt@fundacja.example.org"
        org.phone = "+48 71 123 45 67"
        org.social_profiles = ["https://www.facebook.com/fundacja-testowa/"]
        org.founding_year = 2015
        org.size = Organisation.Size.SMALL
        org.save()
        org.topics.set([Topic.objects.create(slug="education", names={"pl": "Edukacja",
                                                                      "uk": "Освіта"})])
        org.communities.set([Community.objects.create(slug="georgian",
                                                      names={"pl": "Gruzińska"})])
        org.languages.set(Language.for_codes(["pl", "uk", "ka"]))
        district = District.objects.create(slug="nadodrze", names={"pl": "Nadodrze"})
        org.districts.set([district])
        Location.objects.create(
            organisation=org, name="Biuro", street_address="ul. Roosevelta 5",
            postal_code="50-236", district=district,
            opening_hours={"pl": "pn–pt 10–16", "uk": "пн–пт 10–16", "en": "Mon–Fri 10–16"},
            accessibility={"pl": "Wejście bez schodów, winda.", "uk": "Вхід без сходів, ліфт."},
            latitude="51.120000", longitude="17.040000",
        )
        cls.pending = Organisation.objects.create(
            name="Grupa Oczekująca", slug="grupa-oczekujaca", kind="informal_group",
            status=Organisation.Status.PENDING,
        )
        Membership.objects.create(user=cls.bob, organisation=cls.pending, role="admin")
        cls.rejected = Organisation.objects.create(
            name="Grupa Odrzucona", slug="grupa-odrzucona", kind="ngo",
            status=Organisation.Status.REJECTED, rejection_reason="Brak opisu działalności.",
        )
        Membership.objects.create(user=cls.bob, organisation=cls.rejected, role="admin")

    def setUp(self) -> None:
        super().setUp()
        self.url = reverse("organisations:detail", args=[self.org.slug])

    def test_it_shows_the_whole_profile(self):
        response = self.client.get(self.url)
        for text in [
            "Opis po polsku.", "Fundacja", "0000123456", "5260250274", "123456785",
            'href="https://fundacja.example.org"', 'href="mailto:kontakt@fundacja.example.org"',
            'href="tel:+48711234567"', "facebook.com/fundacja-testowa", "2015",
            html_tr("pl", "6–20 people"), "Edukacja", "Gruzińska", "Nadodrze",
            '<span lang="uk">Українська</span>', '<span lang="ka">ქართული</span>',
            "ul. Roosevelta 5", "50-236", "pn–pt 10–16", "Wejście bez schodów, winda.",
            "https://www.openstreetmap.org/?mlat=51.120000&amp;mlon=17.040000",
            html_tr("pl", "Last updated"),
        ]:
            self.assertContains(response, text)

    def test_the_description_is_in_the_visitors_language_with_a_fallback(self):
        response = self.client.get(self.url, HTTP_ACCEPT_LANGUAGE="uk")
        self.assertContains(response, '<div lang="uk"><p>Опис українською.</p></div>', html=True)
        self.assertNotContains(response, "Opis po polsku.")
        response = self.client.get(self.url, HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, '<div lang="pl"><p>Opis po polsku.</p></div>', html=True)
        with translation.override("en"):
            note = gettext("Not available in your language; shown in: %(language)s.") % {
                "language": "Polski"}
        self.assertContains(response, escape(note))

    def test_short_description_and_place_notes_are_in_the_visitors_language(self):
        self.org.short_description = {"pl": "Pomagamy rodzinom.", "uk": "Допомагаємо родинам.",
                                      "en": "We help families."}
        self.org.description = {}  # the short one shows where the long one is absent
        self.org.save()
        response = self.client.get(self.url, HTTP_ACCEPT_LANGUAGE="uk")
        self.assertContains(
            response, '<div class="short-description" lang="uk"><p>Допомагаємо родинам.</p></div>',
            html=True,
        )
        self.assertContains(response, '<dd lang="uk">пн–пт 10–16</dd>', html=True)
        self.assertContains(response, '<dd lang="uk">Вхід без сходів, ліфт.</dd>', html=True)
        for polish in ("Pomagamy rodzinom.", "pn–pt 10–16", "Wejście bez schodów"):
            self.assertNotContains(response, polish)
        # Not written in English: the Polish text, marked as Polish (the description's
        # fallback).
        response = self.client.get(self.url, HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, "We help families.")
        self.assertContains(response, '<dd lang="en">Mon–Fri 10–16</dd>', html=True)
        self.assertContains(response, '<dd lang="pl">Wejście bez schodów, winda.</dd>',
                            html=True)

    def test_topics_link_to_the_filtered_directory(self):
        response = self.client.get(self.url)
        self.assertContains(response, f'href="{reverse("organisations:list")}?topic=education"')

    def test_it_links_to_the_outdated_information_report(self):
        response = self.client.get(self.url)
        self.assertContains(response, reverse("organisations:report", args=[self.org.slug]))
        self.assertContains(response, html_tr("pl", "Report outdated information"))

    def test_pending_is_hidden_from_anonymous_visitors(self):
        url = self.pending.get_absolute_url()
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_pending_is_hidden_from_other_orgs_admin_and_members_of_other_orgs(self):
        for user in (self.charlie, self.alice):
            self.login(user)
            self.assertEqual(self.client.get(self.pending.get_absolute_url()).status_code, 404)

    def test_pending_is_shown_to_its_members_with_a_banner(self):
        self.login(self.bob)
        response = self.client.get(self.pending.get_absolute_url())
        self.assertContains(response, html_tr("pl", "Waiting for approval."))
        self.assertContains(response, 'class="banner banner-pending"')
        self.assertNotContains(response, reverse("organisations:approve",
                                                 args=[self.pending.slug]))

    def test_pending_is_shown_to_staff_with_the_moderation_buttons(self):
        self.login(self.staff)
        response = self.client.get(self.pending.get_absolute_url())
        self.assertContains(response, html_tr("pl", "Waiting for approval."))
        self.assertContains(response, reverse("organisations:approve", args=[self.pending.slug]))
        self.assertContains(response, reverse("organisations:reject", args=[self.pending.slug]))

    def test_an_approved_profile_has_no_banner(self):
        self.login(self.staff)
        response = self.client.get(self.url)
        self.assertNotContains(response, 'class="banner')
        self.assertNotContains(response, reverse("organisations:approve", args=[self.org.slug]))

    def test_rejected_shows_the_reason_and_a_resubmit_button_to_its_admins(self):
        self.assertEqual(self.client.get(self.rejected.get_absolute_url()).status_code, 404)
        self.login(self.bob)
        response = self.client.get(self.rejected.get_absolute_url())
        self.assertContains(response, "Brak opisu działalności.")
        self.assertContains(response, reverse("organisations:resubmit",
                                              args=[self.rejected.slug]))

    def test_the_number_of_queries_is_bounded(self):
        with CaptureQueriesContext(connection) as context:
            self.client.get(self.url)
        before = len(context.captured_queries)
        for i in range(5):
            Location.objects.create(organisation=self.org, street_address=f"ul. Nowa {i}",
                                    district=District.objects.get(slug="nadodrze"))
        with CaptureQueriesContext(connection) as context:
            self.client.get(self.url)
        self.assertEqual(len(context.captured_queries), before)
