"""/exports/: CSV and XLSX with the import's columns, only what the requester may see, and an
export imported again changes nothing."""

from __future__ import annotations

from django.urls import reverse

from tests.helpers import html_tr
from wspolnie.channels.models import Channel
from wspolnie.core.models import AuditEntry
from wspolnie.imports.mappings import ChannelMapping, Options, ServiceMapping
from wspolnie.imports.parsing import read_table
from wspolnie.imports.services import check_table, do_import_table
from wspolnie.organisations.models import Location, Organisation
from wspolnie.services.models import Service

from .base import ImportTestCase
from .helpers import VALID_NIP


class ExportTestCase(ImportTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.org.description = {"pl": "Opis", "uk": "Опис", "de": "Beschreibung"}
        self.org.short_description = {"pl": "Krótko", "uk": "Коротко"}
        self.org.nip = VALID_NIP
        self.org.phone = "+48 71 123 45 67"
        self.org.website = "https://fundacja.example/"
        self.org.founding_year = 2010
        self.org.save()
        self.org.topics.set(self.topics("education", "legal-aid"))
        self.org.languages.set(["pl", "uk"])
        self.pending = Organisation.objects.create(
            name="Czekająca", slug="czekajaca", kind="ngo", status="pending",
        )
        self.service = Service.objects.create(
            organisation=self.org, name={"pl": "Porady", "uk": "Консультації"},
            description={"pl": "=2+2 to nie formuła"}, url="https://porady.example/",
        )
        self.service.languages.set(["uk"])
        self.inactive_service = Service.objects.create(
            organisation=self.org, name={"pl": "Zawieszona"}, status="inactive",
        )
        self.channel = Channel.objects.create(
            organisation=self.org, name="Grupa na Telegramie", kind="telegram",
            contact_note="Olena, tel. 600 100 200", contact_visibility="members",
        )
        self.hidden_channel = Channel.objects.create(
            organisation=self.org, name="Stara tablica", kind="notice_board", active=False,
        )
        Channel.objects.create(
            organisation=self.pending, name="Kanał czekającej", kind="portal",
        )

    @staticmethod
    def topics(*slugs):
        from wspolnie.directory.models import Topic

        return list(Topic.objects.filter(slug__in=slugs))

    def download(self, entity: str, file_format: str, user=None):
        if user is not None:
            self.login(user)
        else:
            self.client.logout()
        response = self.client.get(reverse("imports:export_file", kwargs={
            "entity": entity, "file_format": file_format}))
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment;", response["Content-Disposition"])
        return response.content

    def rows(self, entity, file_format="csv", user=None):
        table = read_table(self.download(entity, file_format, user), f"x.{file_format}")
        return table

    # -- the page ----------------------------------------------------------------------------

    def test_the_exports_page_is_public(self):
        response = self.client.get(reverse("imports:exports"))
        self.assertContains(response, html_tr("pl", "Exports"))
        self.assertContains(response, "/exports/organisations.xlsx")
        self.assertContains(response, reverse("imports:export_hsds"))
        self.assertNotContains(response, f'href="{reverse("imports:list")}"')

    def test_the_exports_page_links_importers_to_the_import(self):
        for user, shown in ((self.bob, False), (self.alice, True), (self.staff, True)):
            self.login(user)
            response = self.client.get(reverse("imports:exports"))
            (self.assertContains if shown else self.assertNotContains)(
                response, f'href="{reverse("imports:list")}"'
            )

    def test_an_unknown_export_is_404(self):
        for url in ("/exports/cats.csv", "/exports/organisations.pdf"):
            self.assertEqual(self.client.get(url).status_code, 404)

    # -- what is in it -----------------------------------------------------------------------

    def test_anonymous_organisation_export_has_no_pending_organisation(self):
        for file_format in ("csv", "xlsx"):
            table = self.rows("organisations", file_format)
            slugs = [cells["slug"] for _row, cells in table.rows]
            self.assertEqual(slugs, ["fundacja-testowa", "stowarzyszenie-inne"], file_format)
        cells = self.rows("organisations").rows[0][1]
        self.assertEqual(cells["nip"], VALID_NIP)
        self.assertEqual(cells["topics"], "education; legal-aid")
        self.assertEqual(cells["description_uk"], "Опис")
        self.assertEqual(cells["short_description_pl"], "Krótko")
        self.assertEqual(cells["short_description_uk"], "Коротко")
        self.assertNotIn("short_description", cells)
        self.assertEqual(cells["phone"], "+48 71 123 45 67")  # the "'" escape is undone

    def test_members_see_their_own_pending_organisation_and_staff_see_all(self):
        from wspolnie.organisations.models import Membership

        Membership.objects.create(user=self.bob, organisation=self.pending)
        slugs = [c["slug"] for _r, c in self.rows("organisations", user=self.bob).rows]
        self.assertIn("czekajaca", slugs)
        slugs = [c["slug"] for _r, c in self.rows("organisations", user=self.charlie).rows]
        self.assertNotIn("czekajaca", slugs)
        slugs = [c["slug"] for _r, c in self.rows("organisations", user=self.staff).rows]
        self.assertIn("czekajaca", slugs)

    def test_csv_escapes_formulas_and_xlsx_keeps_them_text(self):
        raw = self.download("services", "csv").decode("utf-8-sig")
        self.assertIn("'=2+2 to nie formuła", raw)
        from io import BytesIO

        from openpyxl import load_workbook

        sheet = load_workbook(BytesIO(self.download("services", "xlsx"))).worksheets[0]
        cells = [cell for row in sheet.iter_rows() for cell in row
                 if cell.value == "=2+2 to nie formuła"]
        self.assertEqual(len(cells), 1)
        self.assertEqual(cells[0].data_type, "s")

    def test_anonymous_service_export_has_only_public_services(self):
        table = self.rows("services")
        self.assertEqual([cells["id"] for _row, cells in table.rows], [str(self.service.pk)])
        self.assertEqual(table.rows[0][1]["name_uk"], "Консультації")
        self.assertEqual(table.rows[0][1]["languages"], "uk")

    def test_org_members_see_their_inactive_services(self):
        ids = [c["id"] for _r, c in self.rows("services", user=self.bob).rows]
        self.assertIn(str(self.inactive_service.pk), ids)

    def test_channel_contacts_only_for_staff(self):
        for user in (None, self.bob, self.alice, self.charlie):
            table = self.rows("channels", user=user)
            self.assertNotIn("contact_note", table.columns)
            self.assertNotIn("Olena", self.download("channels", "csv", user).decode("utf-8-sig"))
        table = self.rows("channels", user=self.staff)
        self.assertIn("contact_note", table.columns)
        notes = {c["name"]: c["contact_note"] for _r, c in table.rows}
        self.assertEqual(notes["Grupa na Telegramie"], "Olena, tel. 600 100 200")

    def test_anonymous_channel_export_has_only_public_channels(self):
        names = [c["name"] for _r, c in self.rows("channels").rows]
        self.assertEqual(names, ["Grupa na Telegramie"])

    # -- round trip --------------------------------------------------------------------------

    def reimport(self, entity, user, file_format):
        table = read_table(self.download(entity, file_format, user), f"x.{file_format}")
        report = check_table(user, entity, table, Options())
        summary = do_import_table(user, entity, table, Options(), skip_rows=report.invalid_rows)
        return report, summary

    def test_export_then_import_changes_nothing(self):
        before = {
            "organisations": list(Organisation.objects.values_list("updated", flat=True)),
            "services": list(Service.objects.values_list("updated", flat=True)),
            "channels": list(Channel.objects.values_list("updated", flat=True)),
        }
        AuditEntry.objects.all().delete()
        for entity in ("organisations", "services", "channels"):
            for file_format in ("csv", "xlsx"):
                report, summary = self.reimport(entity, self.staff, file_format)
                self.assertEqual(report.errors, [], (entity, file_format))
                self.assertGreater(report.unchanged, 0)
                self.assertEqual((report.to_create, report.to_update, report.invalid),
                                 (0, 0, 0), (entity, file_format))
                self.assertEqual((summary.created, summary.updated), (0, 0))
        self.assertFalse(AuditEntry.objects.exists())
        self.assertEqual(before["organisations"],
                         list(Organisation.objects.values_list("updated", flat=True)))
        self.assertEqual(before["services"],
                         list(Service.objects.values_list("updated", flat=True)))
        self.assertEqual(before["channels"],
                         list(Channel.objects.values_list("updated", flat=True)))

    def test_an_org_admins_export_reimports_without_changes(self):
        for entity in ("organisations", "services", "channels"):
            table = read_table(self.download(entity, "csv", self.alice), "x.csv")
            mine = [(row, cells) for row, cells in table.rows
                    if cells.get("slug", cells.get("organisation")) == self.org.slug]
            table.rows = mine
            report = check_table(self.alice, entity, table, Options())
            self.assertEqual((report.to_update, report.invalid), (0, 0), (entity, report.errors))
        self.assertEqual(Channel.objects.get(pk=self.channel.pk).contact_note,
                         "Olena, tel. 600 100 200")


class ServiceAndChannelImportTestCase(ImportTestCase):
    """Services and channels go through their apps' own services (their checks and audit)."""

    def setUp(self) -> None:
        super().setUp()
        self.location = Location.objects.create(organisation=self.org, street_address="Ul. 1")

    def table(self, rows: list[dict[str, str]]):
        from .helpers import csv_bytes

        return read_table(csv_bytes(rows), "x.csv")

    def run_import(self, entity, rows, actor):
        table = self.table(rows)
        report = check_table(actor, entity, table, Options())
        summary = do_import_table(actor, entity, table, Options(), skip_rows=report.invalid_rows)
        return report, summary

    def test_services_check_saves_nothing_and_reports_errors(self):
        row = {column: "" for column in ServiceMapping().columns()}
        rows = [
            dict(row, organisation=self.org.slug, name_pl="Kurs polskiego", cost="free",
                 status="active", languages="pl; uk", topics="education"),
            dict(row, organisation=self.org.slug, name_pl="Płatny", cost="paid",
                 status="active"),
            dict(row, organisation=self.other_org.slug, name_pl="Cudza", cost="free",
                 status="active"),
            dict(row, organisation="nie-ma-takiej", name_pl="X", cost="free", status="active"),
            dict(row, organisation=self.org.slug, name_pl="Y", cost="free", status="active",
                 topics="no-such-topic", languages="xx-bad-1"),
        ]
        report = check_table(self.alice, "services", self.table(rows), Options())
        self.assertEqual(report.to_create, 1)
        self.assertEqual(report.invalid, 4)
        self.assertEqual(
            [(e["row"], e["column"]) for e in report.errors],
            [(3, "fees_description_pl"), (4, "organisation"), (5, "organisation"),
             (6, "languages"), (6, "topics")],
        )
        self.assertFalse(Service.objects.exists())
        self.assertFalse(AuditEntry.objects.exists())

    def test_services_import_and_update(self):
        row = {column: "" for column in ServiceMapping().columns()}
        report, summary = self.run_import("services", [
            dict(row, organisation=self.org.slug, name_pl="Kurs polskiego", cost="free",
                 status="active", languages="pl; uk", topics="education"),
        ], self.alice)
        self.assertEqual(summary.created, 1)
        service = Service.objects.get()
        self.assertEqual(service.name, {"pl": "Kurs polskiego"})
        self.assertEqual(sorted(service.languages.values_list("code", flat=True)), ["pl", "uk"])
        self.assertTrue(AuditEntry.objects.filter(action="service.created",
                                                  actor=self.alice).exists())
        _report, summary = self.run_import("services", [
            {"id": str(service.pk), "organisation": self.org.slug, "name_uk": "Курс польської"},
        ], self.alice)
        self.assertEqual(summary.updated, 1)
        service.refresh_from_db()
        self.assertEqual(service.name, {"pl": "Kurs polskiego", "uk": "Курс польської"})
        # charlie may not change alice's service
        report, summary = self.run_import("services", [
            {"id": str(service.pk), "name_en": "Polish course"},
        ], self.charlie)
        self.assertEqual((report.invalid, summary.updated), (1, 0))

    def test_channels_import(self):
        row = {column: "" for column in ChannelMapping().columns()}
        rows = [
            dict(row, organisation=self.org.slug, name="Newsletter", kind="newsletter",
                 citywide="tak", active="yes", languages="pl", accepted_formats="text; link"),
            dict(row, organisation=self.org.slug, name="Tablica", kind="notice_board",
                 citywide="nie", districts="", active="yes"),
            dict(row, organisation=self.org.slug, name="Zła", kind="radio",
                 citywide="może", active="yes"),
            dict(row, organisation=self.org.slug, name="Newsletter", kind="newsletter",
                 citywide="yes", active="yes"),
        ]
        report, summary = self.run_import("channels", rows, self.alice)
        self.assertEqual(summary.created, 1)
        self.assertEqual(
            sorted({(e["row"], e["column"]) for e in report.errors}),
            [(3, "districts"), (4, "citywide"), (5, "name")],
        )
        channel = Channel.objects.get()
        self.assertEqual(channel.accepted_formats, ["text", "link"])
        self.assertTrue(AuditEntry.objects.filter(action="channel.created").exists())
