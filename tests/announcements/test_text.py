"""Announcement bodies: Markdown to safe HTML and to plain text."""

from __future__ import annotations

from django.test import SimpleTestCase, override_settings

from wspolnie.announcements.text import markdown_to_text, render_markdown


@override_settings(SITE_URL="https://wspolnie.example.org")
class TextTestCase(SimpleTestCase):
    def test_markdown_becomes_html_with_safe_links(self):
        html = render_markdown("Zapraszamy **wszystkich**: [zapisy](https://example.org/form).")
        self.assertInHTML("<strong>wszystkich</strong>", html)
        self.assertIn('href="https://example.org/form"', html)
        self.assertIn('rel="noopener noreferrer"', html)

    def test_raw_html_and_script_links_come_out_inert(self):
        html = render_markdown('<script>alert(1)</script> [x](javascript:alert(1)) <b onclick="y">')
        self.assertNotIn("<script", html)
        self.assertNotIn('href="javascript', html)  # shown as text, never a link
        self.assertNotIn("<b ", html)  # raw HTML is escaped, not rendered

    def test_links_to_the_site_become_absolute_for_mail_feeds_and_posters(self):
        body = "[Strona spotkania](/meetings/wspolnie-01/) i [inna](https://example.org/)"
        self.assertIn('href="https://wspolnie.example.org/meetings/wspolnie-01/"',
                      render_markdown(body))
        self.assertEqual(
            markdown_to_text(body),
            "Strona spotkania (https://wspolnie.example.org/meetings/wspolnie-01/) i inna "
            "(https://example.org/)",
        )

    def test_plain_text_keeps_lists_and_paragraphs(self):
        text = markdown_to_text("Program:\n\n- powitanie\n- rozmowa\n\nDo zobaczenia &amp; pa")
        self.assertEqual(text, "Program:\n\n• powitanie\n• rozmowa\n\nDo zobaczenia & pa")
