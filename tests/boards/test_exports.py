"""Markdown, CSV and the printable page show what every reader sees; the Padlet import."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wspolnie.boards.models import Card

from .helpers import BoardTestCase

PADLET_CSV = (
    "Subject,Body,Attachment,Author,Created At,Updated At,Section\n"
    "Kalendarz,Wspólny kalendarz wydarzeń,https://example.org/kalendarz,Anna,2023-10-11,"
    "2023-10-11,Współpraca\n"
    ",Тільки текст,,,2023-10-11,2023-10-11,Nowa sekcja\n"
).encode()


class ExportTestCase(BoardTestCase):
    def test_markdown_and_csv_leave_out_hidden_cards(self):
        self.card_in(self.second, "=HYPERLINK(\"evil\")", tags="x")
        self.card_in(self.second, "Ukryta", is_hidden=True)
        markdown = self.client.get(reverse("boards:export_markdown", args=[self.board.pk]))
        text = markdown.content.decode()
        self.assertIn("# Stoliki tematyczne", text)
        self.assertIn("## Wsparcie", text)
        self.assertIn("- Wspólny kalendarz wydarzeń", text)
        self.assertNotIn("Ukryta", text)
        csv = self.client.get(reverse("boards:export_csv", args=[self.board.pk]))
        self.assertEqual(csv["Content-Type"], "text/csv; charset=utf-8")
        body = csv.content.decode("utf-8-sig")
        self.assertIn("Współpraca,Wspólny kalendarz wydarzeń", body)
        self.assertIn("'=HYPERLINK", body)  # not a formula in a spreadsheet
        self.assertNotIn("Ukryta", body)
        printable = self.client.get(reverse("boards:print", args=[self.board.pk]))
        self.assertContains(printable, "data-print")
        self.assertNotContains(printable, "Ukryta")


class PadletImportTestCase(BoardTestCase):
    def upload(self, data: bytes = PADLET_CSV, name: str = "padlet.csv"):
        return self.client.post(reverse("boards:import", args=[self.board.pk]),
                                {"file": SimpleUploadedFile(name, data)})

    def test_it_requires_the_boards_organisation_admin(self):
        self.assertEqual(self.upload().status_code, 302)
        self.login(self.bob)
        self.assertEqual(self.upload().status_code, 403)

    def test_it_rejects_other_orgs_admin(self):
        self.login(self.charlie)
        self.assertEqual(self.upload().status_code, 403)

    def test_posts_become_cards_and_sections_columns(self):
        self.login(self.alice)
        response = self.upload()
        self.assertRedirects(response, self.board.get_absolute_url())
        imported = Card.objects.get(text__contains="**Kalendarz**")
        self.assertEqual(imported.column, self.first)
        self.assertEqual(imported.link, "https://example.org/kalendarz")
        self.assertEqual(imported.author_name, "Anna")
        self.assertEqual(Card.objects.get(text="Тільки текст").column.title, "Nowa sekcja")

    def test_a_file_that_is_not_a_padlet_export_is_refused_with_a_message(self):
        self.login(self.alice)
        response = self.upload(b"name,kind\nX,Y\n")
        self.assertContains(response, "Padlet")
        self.assertContains(response, "field-invalid")
        response = self.upload(b"\xff\xfe\x00garbage")
        self.assertEqual(response.status_code, 200)
