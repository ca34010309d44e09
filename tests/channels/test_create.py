"""/channels/new/: org admins add channels of their organisations; staff of any."""

from __future__ import annotations

from tests.base import BaseTestCase
from tests.helpers import html_tr
from wspolnie.channels.models import Channel
from wspolnie.core.models import AuditEntry

from .helpers import make_vocabulary


class ChannelCreateTestCase(BaseTestCase):
    url = "/channels/new/"

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_vocabulary()

    def data(self, **extra) -> dict:
        data = {
            "organisation": str(self.org.pk),
            "name": "Grupa rodziców na Viberze",
            "kind": "viber_group",
            "description_pl": "Grupa rodziców dzieci z Ukrainy w szkole nr 1.",
            "url": "",
            "mode_override": "",
            "languages": ["uk", "pl"],
            "other_languages": "",
            "communities": ["ukrainian"],
            "citywide": "",
            "districts": ["nadodrze"],
            "estimated_reach": "120",
            "submission_how_pl": "Wiadomość do moderatorki grupy.",
            "submission_lead_days": "3",
            "accepted_formats": ["text", "image"],
            "submission_email": "",
            "submission_url": "",
            "cost": "free",
            "cost_note": "",
            "contact_note": "Moderatorka grupy — przez sekretariat.",
            "contact_visibility": "",
        }
        data.update(extra)
        return data

    def test_it_requires_login(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])
        self.client.post(self.url, self.data())
        self.assertFalse(Channel.objects.exists())

    def test_it_requires_org_admin(self):
        self.login(self.bob)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(self.client.post(self.url, self.data()).status_code, 403)
        self.assertFalse(Channel.objects.exists())

    def test_org_admin_adds_a_channel(self):
        self.login(self.alice)
        response = self.client.get(self.url, {"organisation": self.org.slug})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, html_tr("pl", "Add an information channel"))

        response = self.client.post(self.url, self.data())
        channel = Channel.objects.get()
        self.assertRedirects(response, f"/channels/{channel.pk}/")
        self.assertEqual(channel.organisation, self.org)
        self.assertEqual(channel.name, "Grupa rodziców na Viberze")
        self.assertEqual(
            channel.description, {"pl": "Grupa rodziców dzieci z Ukrainy w szkole nr 1."}
        )
        self.assertEqual(sorted(channel.languages.values_list("code", flat=True)), ["pl", "uk"])
        self.assertFalse(channel.citywide)
        self.assertEqual([d.slug for d in channel.districts.all()], ["nadodrze"])
        self.assertEqual(channel.estimated_reach, 120)
        self.assertEqual(channel.accepted_formats, ["text", "image"])
        self.assertEqual(channel.contact_visibility, "members")
        self.assertEqual(AuditEntry.objects.get(action="channel.created").actor, self.alice)

    def test_it_rejects_other_orgs_admin(self):
        # charlie may add channels to his own organisation only.
        self.login(self.charlie)
        response = self.client.post(self.url, self.data())
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors["organisation"])
        self.assertFalse(Channel.objects.exists())
        response = self.client.post(self.url, self.data(organisation=str(self.other_org.pk)))
        self.assertEqual(Channel.objects.get().organisation, self.other_org)

    def test_staff_adds_to_any_organisation(self):
        self.login(self.staff)
        self.client.post(self.url, self.data(organisation=str(self.other_org.pk)))
        self.assertEqual(Channel.objects.get().organisation, self.other_org)

    def test_an_opinion_leaders_contact_defaults_to_staff_only(self):
        self.login(self.alice)
        self.client.post(self.url, self.data(kind="opinion_leader",
                                             name="Liderka społeczności gruzińskiej"))
        self.assertEqual(Channel.objects.get().contact_visibility, "staff")

    def test_bad_input_rerenders_with_translated_messages(self):
        self.login(self.alice)
        cases = {
            "estimated_reach": ({"estimated_reach": "-5"},
                                "Ensure this value is greater than or equal to %(limit_value)s."),
            "url": ({"url": "nie adres"}, "Enter a valid URL."),
            "other_languages": ({"other_languages": "ka, xx-nonsense-99"},
                                None),
            "districts": ({"citywide": "", "districts": []}, None),
            "name": ({"name": ""}, "This field is required."),
            "contact_visibility": (
                {"kind": "opinion_leader", "contact_visibility": "public"}, None
            ),
        }
        for field, (extra, message) in cases.items():
            with self.subTest(field):
                response = self.client.post(self.url, self.data(**extra))
                self.assertEqual(response.status_code, 200)
                errors = response.context["form"].errors
                self.assertIn(field, errors)
                if message:
                    from django.utils import translation

                    with translation.override("pl"):
                        expected = translation.gettext(message) % {"limit_value": 0}
                    self.assertIn(expected, errors[field][0])
                self.assertContains(response, 'aria-invalid="true"')
        self.assertFalse(Channel.objects.exists())

    def test_a_bad_language_code_names_the_code(self):
        self.login(self.alice)
        response = self.client.post(self.url, self.data(other_languages="ka, zz-99"))
        self.assertIn("zz-99", response.context["form"].errors["other_languages"][0])

    def test_other_languages_are_added_by_code(self):
        self.login(self.alice)
        self.client.post(self.url, self.data(other_languages="KA; vi"))
        self.assertEqual(
            sorted(Channel.objects.get().languages.values_list("code", flat=True)),
            ["ka", "pl", "uk", "vi"],
        )

    def test_the_same_name_twice_in_one_organisation_is_refused(self):
        self.login(self.alice)
        self.client.post(self.url, self.data())
        response = self.client.post(self.url, self.data())
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Channel.objects.count(), 1)
        self.assertTrue(response.context["form"].non_field_errors())
