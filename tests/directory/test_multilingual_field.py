"""MultilingualField / MultilingualWidget: one input per language, completeness per language."""

from __future__ import annotations

from django import forms
from django.test import SimpleTestCase, override_settings

from wspolnie.directory.fields import MultilingualField


class Form(forms.Form):
    text = MultilingualField(label="Text", required=False, completeness=True)
    plain = MultilingualField(label="Plain", required=False)


@override_settings(CONTENT_LANGUAGES=["pl", "en", "uk"])
class MultilingualFieldTestCase(SimpleTestCase):
    def test_it_renders_one_labelled_input_per_language(self):
        html = str(Form(initial={"text": {"pl": "Tekst"}})["text"])
        for code, name in [("pl", "Polski"), ("en", "English"), ("uk", "Українська")]:
            self.assertIn(f'name="text_{code}"', html)
            self.assertIn(f'lang="{code}"', html)
            self.assertIn(name, html)

    def test_it_shows_completeness_per_language(self):
        html = str(Form(initial={"text": {"pl": "Tekst", "uk": " "}})["text"])
        self.assertIn('class="completeness is-complete" id="id_text_0_status"', html)
        self.assertIn('class="completeness is-missing" id="id_text_1_status"', html)
        self.assertIn('class="completeness is-missing" id="id_text_2_status"', html)
        self.assertIn('aria-describedby="id_text_0_status"', html)

    def test_completeness_is_opt_in(self):
        html = str(Form()["plain"])
        self.assertNotIn("completeness", html)
        self.assertNotIn("data-completeness", html)

    def test_it_cleans_to_a_dict_without_empty_languages(self):
        form = Form({"text_pl": " Tekst ", "text_en": "", "text_uk": "Текст"})
        self.assertTrue(form.is_valid())
        self.assertEqual(form.cleaned_data["text"], {"pl": "Tekst", "uk": "Текст"})
