"""The organisation picker (organisations/picker.py, issue #14): its shortlist, the names it
resolves, the form field's validation, and the suggestions endpoint."""

from __future__ import annotations

import json

from django import forms
from django.test import TestCase
from django.utils.translation import gettext

from tests.base import BaseTestCase
from tests.search.helpers import NASTY, make_org, rebuild
from wspolnie.organisations import picker
from wspolnie.organisations.models import Membership, Organisation

SUGGEST = "/organisations/suggest/"
NOT_IN_DIRECTORY = ("That organisation is not in the directory. Choose one from the list or "
                    "type its name.")
NOT_FOUND_CLOSE = ("No organisation in the directory is called “%(name)s”. Did you mean one of "
                   "these? Choose it below.")
AMBIGUOUS = "Several organisations in the directory are called “%(name)s”: choose one below."


def errors_of(form) -> str:
    return " ".join(message for messages in form.errors.values() for message in messages)


class PickerForm(forms.Form):
    organisation = picker.OrganisationPickerField(label="Organisation", required=False)


class ShortlistTests(BaseTestCase):
    def test_own_organisations_then_the_sources_in_name_order_capped(self):
        others = [make_org(f"Grupa {number:02d}") for number in range(12)]
        pending = make_org("Grupa Oczekująca", status="pending")
        found = picker.shortlist(
            [picker.own_organisations(self.alice),
             Organisation.objects.filter(pk__in=[o.pk for o in others] + [pending.pk])],
            cap=5,
        )
        self.assertEqual(len(found), 5)
        self.assertEqual(found[0].name, "Fundacja Testowa")  # alice's own comes first
        self.assertNotIn("Grupa Oczekująca", [choice.name for choice in found])
        self.assertEqual([c.name for c in found[1:]], ["Grupa 00", "Grupa 01", "Grupa 02",
                                                       "Grupa 03"])

    def test_the_chosen_value_is_always_there_even_past_the_cap(self):
        chosen = make_org("Żywa Pamięć")
        crowd = [make_org(f"Koło {number}") for number in range(4)]
        found = picker.shortlist([Organisation.objects.filter(pk__in=[o.pk for o in crowd])],
                                 chosen=[chosen.pk], cap=3)
        self.assertIn(chosen.pk, [choice.pk for choice in found])
        self.assertEqual(len(found), 3)

    def test_anonymous_has_no_own_organisations(self):
        from django.contrib.auth.models import AnonymousUser

        self.assertFalse(picker.own_organisations(AnonymousUser()).exists())
        self.assertFalse(picker.own_organisations(None).exists())

    def test_a_pending_own_organisation_is_left_out(self):
        pending = make_org("Nowe Koło", status="pending")
        Membership.objects.create(user=self.bob, organisation=pending)
        self.assertNotIn(pending, picker.own_organisations(self.bob))


class NameTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.lodz = make_org("Stowarzyszenie Łódzkie Śródmieście")
        cls.twin_a = make_org("Klub Sąsiedzki", slug="klub-a")
        cls.twin_b = make_org("Klub Sąsiedzki", slug="klub-b")
        cls.hidden = make_org("Fundacja Ukryta", status="pending")
        cls.rejected = make_org("Fundacja Odrzucona", status="rejected")
        make_org("Fundacja Otwarta")
        rebuild()

    def test_the_name_is_found_whatever_the_case_diacritics_and_spaces(self):
        for typed in ["Stowarzyszenie Łódzkie Śródmieście", "stowarzyszenie lodzkie srodmiescie",
                      "  STOWARZYSZENIE   ŁÓDZKIE śródmieście "]:
            with self.subTest(typed):
                self.assertEqual(picker.resolve(typed).organisation, self.lodz)

    def test_a_part_of_the_name_is_not_a_match_but_gives_close_matches(self):
        found = picker.resolve("Stowarzyszenie Łódzkie")
        self.assertIsNone(found.organisation)
        self.assertEqual([c.pk for c in found.matches], [self.lodz.pk])
        self.assertFalse(found.ambiguous)

    def test_two_organisations_of_one_name_are_ambiguous(self):
        found = picker.resolve("klub sasiedzki")
        self.assertIsNone(found.organisation)
        self.assertTrue(found.ambiguous)
        self.assertEqual({c.pk for c in found.matches}, {self.twin_a.pk, self.twin_b.pk})

    def test_unapproved_organisations_are_never_found_nor_suggested(self):
        for typed in ["Fundacja Ukryta", "Fundacja Odrzucona", "fundacja"]:
            with self.subTest(typed):
                found = picker.resolve(typed)
                self.assertIsNone(found.organisation)
                names = [c.name for c in found.matches + picker.suggestions(typed)]
                self.assertNotIn("Fundacja Ukryta", names)
                self.assertNotIn("Fundacja Odrzucona", names)

    def test_odd_text_resolves_to_nothing_without_an_error(self):
        for typed in NASTY:
            with self.subTest(typed=typed[:20]):
                self.assertIsNone(picker.resolve(typed).organisation)

    def test_the_field_takes_any_approved_id_a_name_or_a_pick(self):
        for data, expected in [
            ({"organisation": str(self.lodz.pk)}, self.lodz),
            ({"organisation_name": "stowarzyszenie lodzkie srodmiescie"}, self.lodz),
            ({"organisation_pick": str(self.twin_b.pk), "organisation_name": "klub"},
             self.twin_b),
            ({"organisation": ""}, None),
        ]:
            with self.subTest(data):
                form = PickerForm(data)
                self.assertTrue(form.is_valid(), form.errors)
                self.assertEqual(form.cleaned_data["organisation"], expected)

    def test_unknown_unapproved_and_malformed_ids_are_form_errors(self):
        for value in [str(self.hidden.pk), str(self.rejected.pk), "999999", "abc", "-1",
                      str(2**70), "1.5", "\x00"]:
            for key in ["organisation", "organisation_pick"]:
                with self.subTest(key=key, value=value):
                    form = PickerForm({key: value})
                    self.assertFalse(form.is_valid())
                    self.assertEqual(errors_of(form), gettext(NOT_IN_DIRECTORY))

    def test_a_name_that_names_nothing_is_an_error_that_keeps_the_text_and_lists_matches(self):
        form = PickerForm({"organisation_name": "Stowarzyszenie Łódzkie"})
        self.assertFalse(form.is_valid())
        self.assertEqual(errors_of(form),
                         gettext(NOT_FOUND_CLOSE) % {"name": "Stowarzyszenie Łódzkie"})
        html = str(form["organisation"])
        self.assertIn('value="Stowarzyszenie Łódzkie"', html)
        self.assertIn(f'name="organisation_pick" value="{self.lodz.pk}"', html)

    def test_an_ambiguous_name_lists_both(self):
        form = PickerForm({"organisation_name": "Klub Sąsiedzki"})
        self.assertFalse(form.is_valid())
        self.assertEqual(errors_of(form), gettext(AMBIGUOUS) % {"name": "Klub Sąsiedzki"})
        html = str(form["organisation"])
        self.assertIn(f'value="{self.twin_a.pk}"', html)
        self.assertIn(f'value="{self.twin_b.pk}"', html)


class SuggestTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.org = make_org("Fundacja Gruzińska Rodzina", email="tajne@example.org",
                           phone="+48 600 100 200", krs="0000123456")
        cls.hidden = make_org("Fundacja Gruzińska Ukryta", status="pending")
        rebuild()

    def test_anonymous_visitors_get_only_public_fields_of_approved_organisations(self):
        response = self.client.get(SUGGEST, {"q": "gruzi"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"results": [
            {"id": self.org.pk, "name": "Fundacja Gruzińska Rodzina",
             "slug": "fundacja-gruzinska-rodzina"},
        ]})
        self.assertIn("public", response["Cache-Control"])
        for private in ["tajne@", "600", "0000123456", "Ukryta"]:
            self.assertNotIn(private, response.content.decode())

    def test_htmx_gets_a_radio_group_for_the_field_reading_its_own_input(self):
        response = self.client.get(
            SUGGEST, {"field": "author_organisation", "author_organisation_name": "gruzinska"},
            HTTP_HX_REQUEST="true")
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response, f'<input type="radio" name="author_organisation_pick" value="{self.org.pk}"')
        self.assertNotContains(response, "Ukryta")

    def test_empty_odd_and_huge_text_never_fail(self):
        # (A lone surrogate cannot be sent in a URL: the client cannot encode it.)
        for text in ["", " ", *(text for text in NASTY if "\ud800" not in text)]:
            with self.subTest(text=text[:20]):
                response = self.client.get(SUGGEST, {"q": text})
                if len(text) > 2 * picker.NAME_MAX_LENGTH:
                    self.assertEqual(response.status_code, 400)
                    self.assertIn("detail", response.json())
                else:
                    self.assertEqual(response.status_code, 200)
                    self.assertIsInstance(response.json()["results"], list)
        self.assertEqual(self.client.get(SUGGEST).json(), {"results": []})

    def test_a_bad_field_name_is_refused_and_htmx_is_told_in_a_fragment(self):
        response = self.client.get(SUGGEST, {"field": "<script>", "q": "x"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("detail", json.loads(response.content))
        response = self.client.get(SUGGEST, {"q": "x" * 1000}, HTTP_HX_REQUEST="true")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, gettext(
            "That is too long for a name: type at most %(count)d characters.") % {"count": 200})


class SeveralForm(forms.Form):
    organisations = picker.MultipleOrganisationPickerField(label="Organisations",
                                                           required=False)


class MultiplePickerTests(TestCase):
    """Several organisations (meetings' co-organisers and speakers, library entries' users)."""

    @classmethod
    def setUpTestData(cls):
        cls.one = make_org("Fundacja Pierwsza")
        cls.two = make_org("Fundacja Druga")
        cls.far = make_org("Stowarzyszenie Dalekie Łąki")
        cls.pending = make_org("Grupa Czekająca", status="pending")
        rebuild()

    def data(self, **values):
        from django.http import QueryDict

        query = QueryDict(mutable=True)
        for key, value in values.items():
            query.setlist(key, value if isinstance(value, list) else [value])
        return query

    def test_ticked_ids_and_one_more_by_name(self):
        form = SeveralForm(self.data(organisations=[str(self.one.pk), str(self.two.pk)],
                                     organisations_name="stowarzyszenie dalekie laki"))
        self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual(form.cleaned_data["organisations"], [self.two, self.one, self.far])

    def test_unknown_unapproved_and_malformed_ids_are_form_errors(self):
        for ids in [[str(self.pending.pk)], ["987654"], ["x"], [str(2**70)],
                    [str(self.one.pk), "-3"]]:
            with self.subTest(ids):
                form = SeveralForm(self.data(organisations=ids))
                self.assertFalse(form.is_valid())
                self.assertEqual(errors_of(form), gettext(NOT_IN_DIRECTORY))

    def test_the_chosen_ones_are_listed_ticked_with_the_typed_text_kept_on_error(self):
        form = SeveralForm(self.data(organisations=[str(self.far.pk)],
                                     organisations_name="Fundacja"))
        self.assertFalse(form.is_valid())
        html = str(form["organisations"])
        self.assertIn(f'name="organisations" value="{self.far.pk}" checked', html)
        self.assertIn('value="Fundacja"', html)
        self.assertIn(f'name="organisations_pick" value="{self.one.pk}"', html)

    def test_an_unchanged_row_has_not_changed(self):
        field = SeveralForm().fields["organisations"]
        self.assertFalse(field.has_changed([self.one], {"ids": [str(self.one.pk)], "name": "",
                                                        "pick": ""}))
        self.assertTrue(field.has_changed([], {"ids": [], "name": "Fundacja Druga",
                                               "pick": ""}))
