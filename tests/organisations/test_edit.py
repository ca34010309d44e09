from __future__ import annotations

import io
import re
import shutil
import tempfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from PIL import Image

from tests.base import BaseTestCase
from tests.helpers import html_tr, tr
from wspolnie.core.models import AuditEntry
from wspolnie.directory.models import Community, District, Language, Topic
from wspolnie.organisations.models import Organisation


class OrganisationEditTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.url = reverse("organisations:edit", args=[self.org.slug])
        self.valid = {
            "name": "Fundacja Testowa Wrocław",
            "kind": "association",
            "short_description_pl": "Kursy polskiego dla dorosłych.",
            "short_description_uk": "Курси польської для дорослих.",
        }

    def assert_unchanged(self) -> None:
        org = Organisation.objects.get(pk=self.org.pk)
        self.assertEqual(org.name, "Fundacja Testowa")
        self.assertEqual(org.kind, "foundation")
        self.assertEqual(org.short_description, self.org.short_description)
        self.assertFalse(AuditEntry.objects.filter(action="organisation.updated").exists())

    def test_it_requires_login(self):
        response = self.client.get(self.url)
        self.assertRedirects(response, reverse("accounts:login") + "?next=" + self.url)

    def test_post_requires_login(self):
        response = self.client.post(self.url, self.valid)
        self.assertRedirects(response, reverse("accounts:login") + "?next=" + self.url)
        self.assert_unchanged()

    def test_it_rejects_members(self):
        self.login(self.bob)
        response = self.client.get(self.url)
        self.assertContains(response, html_tr("pl", "Access denied"), status_code=403)

    def test_it_rejects_members_post(self):
        self.login(self.bob)
        response = self.client.post(self.url, self.valid)
        self.assertEqual(response.status_code, 403)
        self.assert_unchanged()

    def test_it_rejects_other_orgs_admin(self):
        self.login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        response = self.client.post(self.url, self.valid)
        self.assertEqual(response.status_code, 403)
        self.assert_unchanged()

    def test_it_allows_org_admin(self):
        self.login(self.alice)
        response = self.client.get(self.url)
        self.assertContains(response, 'value="Fundacja Testowa"')
        self.assertContains(response, 'name="kind"')

    def test_it_allows_staff(self):
        self.login(self.staff)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)

    def test_it_gives_404_for_an_unknown_slug(self):
        self.login(self.staff)
        response = self.client.get(reverse("organisations:edit", args=["no-such-org"]))
        self.assertEqual(response.status_code, 404)

    def test_it_saves_and_records_the_change(self):
        self.login(self.alice)
        response = self.client.post(self.url, self.valid, follow=True)
        self.assertRedirects(response, self.org.get_absolute_url())
        self.assertContains(response, html_tr("pl", "The organisation profile is saved."))

        org = Organisation.objects.get(pk=self.org.pk)
        self.assertEqual(org.name, "Fundacja Testowa Wrocław")
        self.assertEqual(org.kind, "association")
        self.assertEqual(org.short_description, {"pl": "Kursy polskiego dla dorosłych.",
                                                 "uk": "Курси польської для дорослих."})

        entry = AuditEntry.objects.get(action="organisation.updated")
        self.assertEqual(entry.actor, self.alice)
        self.assertEqual(entry.object_type, "organisations.organisation")
        self.assertEqual(entry.object_id, str(self.org.pk))
        self.assertEqual(
            entry.changes,
            {
                "name": ["Fundacja Testowa", "Fundacja Testowa Wrocław"],
                "kind": ["foundation", "association"],
                "short_description": [
                    "[pl] Pomagamy rodzinom z Gruzji w zapisach do szkół.",
                    "[pl] Kursy polskiego dla dorosłych.\n[uk] Курси польської для дорослих.",
                ],
            },
        )

    def test_it_records_only_the_changed_fields(self):
        self.login(self.staff)
        self.client.post(
            self.url,
            {"name": "Nowa nazwa", "kind": "foundation",
             "short_description_pl": self.org.short_description["pl"]},
        )
        entry = AuditEntry.objects.get(action="organisation.updated")
        self.assertEqual(entry.actor, self.staff)
        self.assertEqual(entry.changes, {"name": ["Fundacja Testowa", "Nowa nazwa"]})

    def test_an_unchanged_form_writes_no_audit_entry(self):
        self.login(self.alice)
        response = self.client.post(
            self.url,
            {"name": self.org.name, "kind": self.org.kind,
             "short_description_pl": self.org.short_description["pl"]},
        )
        self.assertEqual(response.status_code, 302)
        self.assertFalse(AuditEntry.objects.exists())

    def test_it_rejects_an_empty_name(self):
        self.login(self.alice)
        response = self.client.post(self.url, {**self.valid, "name": ""})
        self.assertEqual(response.status_code, 200)
        self.assertIn("name", response.context["form"].errors)
        self.assertContains(response, 'class="error"')
        self.assert_unchanged()
        # The page still names the organisation as it is saved, not as typed.
        self.assertContains(response, "Fundacja Testowa")

    def test_it_rejects_an_unknown_kind(self):
        self.login(self.alice)
        response = self.client.post(self.url, {**self.valid, "kind": "castle"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("kind", response.context["form"].errors)
        self.assert_unchanged()

    def test_it_rejects_a_too_long_description(self):
        self.login(self.alice)
        response = self.client.post(self.url, {**self.valid, "short_description_uk": "x" * 1001})
        self.assertIn("short_description", response.context["form"].errors)
        # What was typed stays in the form.
        self.assertContains(response, "Kursy polskiego dla dorosłych.")
        self.assert_unchanged()

    def test_it_ignores_fields_that_are_not_editable(self):
        self.login(self.alice)
        self.client.post(self.url, {**self.valid, "slug": "hijacked"})
        self.assertEqual(Organisation.objects.get(pk=self.org.pk).slug, "fundacja-testowa")

    def test_org_admin_cannot_edit_another_org(self):
        self.login(self.alice)
        url = reverse("organisations:edit", args=[self.other_org.slug])
        response = self.client.post(url, self.valid)
        self.assertEqual(response.status_code, 403)
        self.assertEqual(
            Organisation.objects.get(pk=self.other_org.pk).name, "Stowarzyszenie Inne"
        )


def image_file(name: str = "logo.png", image_format: str = "PNG", size=(40, 20)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 83, 148)).save(buffer, image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{image_format}")


class OrganisationProfileEditTestCase(BaseTestCase):
    """The whole profile form: every field, validation in the visitor's language, logo."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.education = Topic.objects.create(slug="education", names={"pl": "Edukacja"})
        cls.culture = Topic.objects.create(slug="culture", names={"pl": "Kultura"})
        cls.roma = Community.objects.create(slug="roma", names={"pl": "Romska"})
        cls.nadodrze = District.objects.create(slug="nadodrze", names={"pl": "Nadodrze"})
        Language.for_codes(["pl", "en", "uk", "ru"])

    def setUp(self) -> None:
        super().setUp()
        self.url = reverse("organisations:edit", args=[self.org.slug])
        self.media = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.media, ignore_errors=True)
        override = self.settings(MEDIA_ROOT=self.media)
        override.enable()
        self.addCleanup(override.disable)
        self.full = {
            "name": "Fundacja Testowa",
            "kind": "foundation",
            "short_description_pl": "Pomagamy rodzinom.",
            "short_description_uk": "Допомагаємо родинам.",
            "description_pl": "Pełny opis.",
            "description_en": "",
            "description_uk": "Повний опис.",
            "legal_form": "Fundacja",
            "krs": "123456",
            "nip": "526-025-02-74",
            "regon": "123 456 785",
            "founding_year": "2015",
            "size": "6-20",
            "website": "https://fundacja.example.org",
            "email": "kontakt@fundacja.example.org",
            "phone": "71 123 45 67",
            "social_profiles": "https://www.facebook.com/fundacja\n\n https://instagram.com/f \n",
            "topics": ["education", "culture"],
            "communities": ["roma"],
            "districts": ["nadodrze"],
            "languages": ["pl", "uk"],
            "other_languages": "ka, pt_br",
        }

    def post(self, data, language="pl", **extra):
        return self.client.post(self.url, data, HTTP_ACCEPT_LANGUAGE=language, **extra)

    def error_of(self, response, field: str) -> list[str]:
        return [str(error) for error in response.context["form"].errors.get(field, [])]

    def test_it_saves_every_field_normalised(self):
        self.login(self.alice)
        response = self.post(self.full)
        self.assertRedirects(response, self.org.get_absolute_url())
        org = Organisation.objects.get(pk=self.org.pk)
        self.assertEqual(org.description, {"pl": "Pełny opis.", "uk": "Повний опис."})
        self.assertEqual(org.krs, "0000123456")
        self.assertEqual(org.nip, "5260250274")
        self.assertEqual(org.regon, "123456785")
        self.assertEqual(org.phone, "+48 71 123 45 67")
        self.assertEqual(org.founding_year, 2015)
        self.assertEqual(org.size, "6-20")
        self.assertEqual(org.social_profiles,
                         ["https://www.facebook.com/fundacja", "https://instagram.com/f"])
        self.assertEqual(sorted(org.topics.values_list("slug", flat=True)),
                         ["culture", "education"])
        self.assertEqual(list(org.communities.values_list("slug", flat=True)), ["roma"])
        self.assertEqual(list(org.districts.values_list("slug", flat=True)), ["nadodrze"])
        self.assertEqual(sorted(org.languages.values_list("code", flat=True)),
                         ["ka", "pl", "pt-BR", "uk"])
        entry = AuditEntry.objects.get(action="organisation.updated")
        self.assertEqual(entry.actor, self.alice)
        self.assertEqual(entry.changes["topics"], ["", "culture, education"])
        self.assertEqual(entry.changes["languages"], ["", "ka, pl, pt-BR, uk"])
        self.assertEqual(entry.changes["nip"], ["", "5260250274"])
        self.assertNotIn("name", entry.changes)

    def test_the_form_shows_what_is_saved(self):
        self.login(self.alice)
        self.post(self.full)
        response = self.client.get(self.url)
        self.assertContains(response, "https://www.facebook.com/fundacja\nhttps://instagram.com/f")
        self.assertRegex(response.content.decode(), r'value="education" id="id_topics_\d" checked')
        self.assertContains(response, 'value="+48 71 123 45 67"')
        # a box for each language the organisation works in, side by side
        for code in ["pl", "en", "uk", "ka", "pt-BR"]:
            self.assertContains(response, f'lang="{code}"')
        self.assertContains(response, 'name="description_ka"')
        self.assertContains(response, 'name="description_pt-BR"')

    def test_descriptions_are_side_by_side_with_a_completeness_indicator(self):
        self.org.description = {"pl": "Opis."}
        self.org.save()
        self.login(self.alice)
        response = self.client.get(self.url)
        self.assertContains(response, 'class="multilingual" data-completeness')
        for index, code in enumerate(["pl", "en", "uk"]):
            self.assertContains(response, f'name="description_{code}"')
            self.assertContains(response, f'id="id_description_{index}_status"')
        self.assertContains(response, html_tr("pl", "Completeness per language"))
        summary = response.content.decode().split("data-completeness-summary", 1)[1]
        summary = summary.split("</ul>", 1)[0]
        self.assertRegex(summary, r'data-language="pl">.*?is-complete')
        self.assertRegex(summary, r'data-language="en">.*?is-missing')
        self.assertIn(html_tr("pl", "missing"), summary)

    def test_after_an_error_the_indicator_shows_what_was_typed(self):
        self.login(self.alice)
        response = self.post({**self.full, "nip": "123", "description_en": "Typed in English",
                              "short_description_en": "Short, typed in English"})
        summary = response.content.decode().split("data-completeness-summary", 1)[1]
        self.assertRegex(summary.split("</ul>", 1)[0], r'data-language="en">.*?is-complete')
        self.assertContains(response, "Typed in English")
        self.assertContains(response, "Short, typed in English")

    def test_a_language_is_complete_with_both_the_short_and_the_long_description(self):
        self.login(self.alice)
        # English: the description only; Ukrainian: both.
        response = self.post({**self.full, "nip": "123", "description_en": "Typed in English"})
        summary = response.content.decode().split("data-completeness-summary", 1)[1]
        summary = summary.split("</ul>", 1)[0]
        self.assertRegex(summary, r'data-language="en">(?:(?!</li>).)*is-missing')
        self.assertRegex(summary, r'data-language="uk">(?:(?!</li>).)*is-complete')
        # Each short description box says whether it is filled in.
        html = response.content.decode()
        self.assertRegex(html, r'id="id_short_description_\d_status" data-language="en"[^>]*>\s*'
                               + re.escape(tr("pl", "Missing in this language")))
        self.assertRegex(html, r'id="id_short_description_\d_status" data-language="uk"[^>]*>\s*'
                               + re.escape(tr("pl", "Filled in")))

    def assert_message(self, field: str, typed: str, message: str, **params):
        self.login(self.alice)
        for language in ("pl", "uk"):
            response = self.post({**self.full, field: typed}, language=language)
            self.assertEqual(response.status_code, 200, f"{field}={typed!r}")
            with translation.override(language):
                expected = gettext(message) % params if params else gettext(message)
            self.assertIn(expected, self.error_of(response, field), language)
            self.assertContains(response, escape(expected))
        self.assertFalse(AuditEntry.objects.filter(action="organisation.updated").exists())
        self.assertEqual(Organisation.objects.get(pk=self.org.pk).nip, "")

    def test_krs_with_letters(self):
        self.assert_message(
            "krs", "KRS12",
            "A %(label)s number may contain only digits (spaces and dashes are ignored).",
            label="KRS",
        )

    def test_krs_too_long(self):
        self.assert_message("krs", "12345678901", "A %(label)s number has at most 10 digits.",
                            label="KRS")

    def test_nip_with_a_wrong_check_digit(self):
        self.assert_message(
            "nip", "5260250275",
            "This %(label)s number has a wrong check digit: please look for a typo.",
            label="NIP",
        )

    def test_nip_of_the_wrong_length(self):
        self.assert_message("nip", "526025027", "A %(label)s number has 10 digits.",
                            label="NIP")

    def test_regon_of_the_wrong_length(self):
        self.assert_message("regon", "1234567", "A %(label)s number has 9 or 14 digits.",
                            label="REGON")

    def test_regon_with_a_wrong_check_digit(self):
        self.assert_message(
            "regon", "123456786",
            "This %(label)s number has a wrong check digit: please look for a typo.",
            label="REGON",
        )

    def test_bad_phone(self):
        self.assert_message(
            "phone", "12 34",
            "“%(value)s” is not a valid phone number. Write it like +48 71 123 45 67.",
            value="12 34",
        )

    def test_bad_website(self):
        self.assert_message("website", "not a web address", "Enter a valid URL.")

    def test_bad_email(self):
        self.assert_message("email", "kontakt@", "Enter a valid email address.")

    def test_bad_social_profile(self):
        self.assert_message(
            "social_profiles", "https://ok.example.org\nfacebook",
            "“%(url)s” is not a valid web address (it must start with https://).",
            url="facebook",
        )

    def test_bad_language_code(self):
        self.assert_message(
            "other_languages", "ka, klingon1",
            "“%(code)s” is not a valid BCP-47 language code (e.g. uk, ka, pt-BR).",
            code="klingon1",
        )

    def test_founding_year_in_the_future(self):
        self.assert_message("founding_year", "2999",
                            "The founding year cannot be in the future.")

    def test_unknown_vocabulary_values_are_refused(self):
        self.login(self.alice)
        response = self.post({**self.full, "topics": ["no-such-topic"]})
        self.assertIn("topics", response.context["form"].errors)

    def test_the_messages_are_translated(self):
        for message in [
            "A %(label)s number has 10 digits.",
            "This %(label)s number has a wrong check digit: please look for a typo.",
            "“%(value)s” is not a valid phone number. Write it like +48 71 123 45 67.",
            "“%(code)s” is not a valid BCP-47 language code (e.g. uk, ka, pt-BR).",
            "Enter a valid URL.",
        ]:
            with translation.override("uk"):
                ukrainian = gettext(message)
            with translation.override("pl"):
                polish = gettext(message)
            self.assertNotEqual(ukrainian, message)
            self.assertNotEqual(polish, message)

    def test_logo_upload(self):
        self.login(self.alice)
        response = self.post({**self.full, "logo": image_file()})
        self.assertEqual(response.status_code, 302)
        org = Organisation.objects.get(pk=self.org.pk)
        self.assertTrue(org.logo.name.startswith("logos/"))
        self.assertEqual(AuditEntry.objects.get().changes["logo"][0], "")
        # The profile shows it through the logo view.
        response = self.client.get(org.get_absolute_url())
        self.assertContains(response, org.get_logo_url())
        logo = self.client.get(org.get_logo_url())
        self.assertEqual(logo["Content-Type"], "image/png")
        self.assertTrue(b"".join(logo.streaming_content).startswith(b"\x89PNG"))
        # Saving the form again without a file keeps it.
        self.post(self.full)
        self.assertEqual(Organisation.objects.get(pk=self.org.pk).logo.name, org.logo.name)
        # …and "remove" removes it.
        self.post({**self.full, "logo-clear": "on"})
        self.assertEqual(Organisation.objects.get(pk=self.org.pk).logo.name, "")

    def test_logo_too_big(self):
        self.login(self.alice)
        big = image_file("big.bmp", "BMP", size=(1000, 800))  # 2.4 MB uncompressed
        response = self.post({**self.full, "logo": big})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(self.error_of(response, "logo"))
        self.assertIn("2", self.error_of(response, "logo")[0])
        self.assertEqual(Organisation.objects.get(pk=self.org.pk).logo.name, "")

    def test_logo_must_be_an_image_of_a_web_format(self):
        self.login(self.alice)
        for upload in [
            image_file("logo.bmp", "BMP"),
            SimpleUploadedFile("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>",
                               content_type="image/svg+xml"),
            SimpleUploadedFile("logo.png", b"not an image", content_type="image/png"),
        ]:
            response = self.post({**self.full, "logo": upload})
            self.assertEqual(response.status_code, 200, upload.name)
            self.assertTrue(self.error_of(response, "logo"), upload.name)
        self.assertEqual(Organisation.objects.get(pk=self.org.pk).logo.name, "")

    def test_members_cannot_post_the_full_form(self):
        for user in (self.bob, self.charlie):
            self.login(user)
            self.assertEqual(self.post(self.full).status_code, 403)
        self.assertEqual(Organisation.objects.get(pk=self.org.pk).nip, "")

    def test_staff_can_edit_a_pending_organisation(self):
        pending = Organisation.objects.create(name="Grupa", slug="grupa", kind="ngo")
        self.login(self.staff)
        url = reverse("organisations:edit", args=[pending.slug])
        response = self.client.post(url, {**self.full, "name": "Grupa Nowa"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Organisation.objects.get(pk=pending.pk).name, "Grupa Nowa")
        self.assertEqual(Organisation.objects.get(pk=pending.pk).status, "pending")
