"""Checking and importing organisation rows: the same translated messages as the forms, nothing
saved by a check, only valid rows saved, everything in the audit log."""

from __future__ import annotations

from django.utils import translation

from tests.base import BaseTestCase
from tests.helpers import tr
from wspolnie.core.models import AuditEntry
from wspolnie.directory.models import Language
from wspolnie.imports.mappings import Options
from wspolnie.imports.parsing import read_table
from wspolnie.imports.services import check_table, do_import_table
from wspolnie.organisations.models import Organisation

from .helpers import BAD_NIP, VALID_NIP, csv_bytes, make_vocabularies, org_row


class OrganisationRowsTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        make_vocabularies()

    def table(self, rows, columns=None):
        return read_table(csv_bytes(rows, columns), "organisations.csv")

    def check(self, rows, actor=None, columns=None, language="pl"):
        with translation.override(language):
            return check_table(actor or self.staff, "organisations", self.table(rows, columns),
                               Options())

    def errors_of(self, report) -> list[tuple[int, str, str]]:
        return [(e["row"], e["column"], e["message"]) for e in report.errors]

    # -- checking ----------------------------------------------------------------------------

    def test_valid_rows_are_counted_and_nothing_is_saved(self):
        report = self.check([org_row("nowa-1", nip=VALID_NIP), org_row("nowa-2")])
        self.assertEqual((report.total, report.to_create, report.invalid), (2, 2, 0))
        self.assertEqual(report.errors, [])
        self.assertFalse(Organisation.objects.filter(slug__startswith="nowa").exists())
        self.assertFalse(AuditEntry.objects.exists())

    def test_bad_nip_checksum(self):
        report = self.check([org_row("a", nip=BAD_NIP)])
        self.assertEqual(self.errors_of(report), [(2, "nip", tr(
            "pl", "This %(label)s number has a wrong check digit: please look for a typo."
        ) % {"label": "NIP"})])

    def test_unknown_topic_slug(self):
        report = self.check([org_row("a", topics="education; no-such-topic")])
        self.assertEqual(self.errors_of(report), [(2, "topics", tr(
            "pl", "“%(value)s” is not in the list of %(vocabulary)s."
        ) % {"value": "no-such-topic", "vocabulary": tr("pl", "topics")})])

    def test_bad_language_code(self):
        report = self.check([org_row("a", languages="pl; xx-nonsense-1")])
        self.assertEqual(self.errors_of(report), [(2, "languages", tr(
            "pl", "“%(code)s” is not a valid BCP-47 language code (e.g. uk, ka, pt-BR)."
        ) % {"code": "xx-nonsense-1"})])

    def test_missing_name(self):
        report = self.check([org_row("a", name="")])
        self.assertEqual(self.errors_of(report),
                         [(2, "name", tr("pl", "This field cannot be blank."))])

    def test_duplicate_slug_within_the_file(self):
        report = self.check([org_row("a"), org_row("b"), org_row("a", name="Inna")])
        self.assertEqual(report.to_create, 2)
        self.assertEqual(self.errors_of(report), [(4, "slug", tr(
            "pl", "The same %(column)s is already in row %(row)d."
        ) % {"column": "slug", "row": 2})])

    def test_errors_are_in_the_language_asked_for(self):
        report = self.check([org_row("a", name="")], language="uk")
        self.assertEqual(report.errors[0]["message"], tr("uk", "This field cannot be blank."))

    def test_several_errors_in_one_row_are_all_listed(self):
        report = self.check([org_row("a", kind="spaceship", email="not-an-email",
                                     founding_year="dawno", website="ftp//x")])
        self.assertEqual(report.invalid, 1)
        self.assertEqual(
            sorted(column for _row, column, _message in self.errors_of(report)),
            ["email", "founding_year", "kind", "website"],
        )
        messages = dict((column, message) for _r, column, message in self.errors_of(report))
        self.assertEqual(messages["founding_year"], tr("pl", "Enter a whole number."))

    def test_kind_and_size_may_be_written_as_their_labels(self):
        report = self.check([org_row("a", kind=tr("pl", "Foundation"),
                                     size=tr("uk", "more than 250 people"))])
        self.assertEqual(report.errors, [])

    def test_a_future_founding_year(self):
        report = self.check([org_row("a", founding_year="2999")])
        self.assertEqual(self.errors_of(report), [(2, "founding_year", tr(
            "pl", "The founding year cannot be in the future."))])

    def test_a_bad_phone_number(self):
        report = self.check([org_row("a", phone="12")])
        self.assertEqual([column for _r, column, _m in self.errors_of(report)], ["phone"])

    def test_a_reserved_slug(self):
        report = self.check([org_row("new")])
        self.assertEqual([column for _r, column, _m in self.errors_of(report)], ["slug"])

    def test_existing_slug_is_an_update_and_same_values_are_unchanged(self):
        # An old file's single short_description column is the Polish one.
        columns = ["slug", "name", "kind", "short_description"]
        same = {"slug": self.org.slug, "name": self.org.name, "kind": self.org.kind,
                "short_description": self.org.short_description["pl"]}
        changed = dict(same, slug=self.other_org.slug, name="Stowarzyszenie Nowe",
                       kind=self.other_org.kind, short_description="")
        report = self.check([same, changed], columns=columns)
        self.assertEqual((report.to_update, report.unchanged, report.to_create), (1, 1, 0))

    # -- org admins --------------------------------------------------------------------------

    def test_org_admin_may_update_only_their_organisation(self):
        columns = ["slug", "name"]
        rows = [
            {"slug": self.org.slug, "name": "Fundacja Testowa (nowa nazwa)"},
            {"slug": self.other_org.slug, "name": "Przejęte"},
            {"slug": "zupelnie-nowa", "name": "Nowa"},
        ]
        report = self.check(rows, actor=self.alice, columns=columns)
        self.assertEqual(report.to_update, 1)
        self.assertEqual(self.errors_of(report), [
            (3, "slug", tr("pl", "You can only change the organisations you administer.")),
            (4, "slug", tr("pl", "Only staff can add organisations; you can update the "
                                 "organisations you administer.")),
        ])

    # -- importing ---------------------------------------------------------------------------

    def import_rows(self, rows, actor=None, options=None, columns=None):
        actor = actor or self.staff
        table = self.table(rows, columns)
        report = check_table(actor, "organisations", table, options or Options())
        return report, do_import_table(actor, "organisations", table, options or Options(),
                                    skip_rows=report.invalid_rows)

    def test_accept_valid_saves_only_the_valid_rows(self):
        report, summary = self.import_rows([
            org_row("dobra-1"), org_row("zla", nip=BAD_NIP), org_row("dobra-2"),
        ])
        self.assertEqual(report.invalid, 1)
        self.assertEqual((summary.created, summary.skipped), (2, 1))
        self.assertEqual(
            sorted(Organisation.objects.filter(slug__in=["dobra-1", "dobra-2", "zla"])
                   .values_list("slug", flat=True)),
            ["dobra-1", "dobra-2"],
        )

    def test_created_organisations_have_every_field_and_wait_for_approval(self):
        self.import_rows([org_row("pelna", nip=VALID_NIP, krs="123456", phone="71 123 45 67")])
        organisation = Organisation.objects.get(slug="pelna")
        self.assertEqual(organisation.status, Organisation.Status.PENDING)
        self.assertEqual(organisation.name, "Organizacja pelna")
        self.assertEqual(organisation.nip, VALID_NIP)
        self.assertEqual(organisation.krs, "0000123456")  # normalised, as the form does
        self.assertEqual(organisation.phone, "+48 71 123 45 67")
        self.assertEqual(organisation.description["pl"], "Długi opis po polsku.")
        self.assertEqual(organisation.founding_year, 2015)
        self.assertEqual(sorted(organisation.topics.values_list("slug", flat=True)),
                         ["education", "legal-aid"])
        self.assertEqual(list(organisation.communities.values_list("slug", flat=True)),
                         ["ukrainian"])
        self.assertEqual(list(organisation.districts.values_list("slug", flat=True)),
                         ["nadodrze"])
        self.assertEqual(sorted(organisation.languages.values_list("code", flat=True)),
                         ["pl", "uk"])
        entry = AuditEntry.objects.get(object_id=str(organisation.pk))
        self.assertEqual(entry.action, "organisation.imported")
        self.assertEqual(entry.actor, self.staff)
        self.assertEqual(entry.changes["name"], [None, "Organizacja pelna"])
        self.assertEqual(entry.changes["status"], [None, "pending"])

    def test_staff_may_approve_new_organisations_at_once(self):
        self.import_rows([org_row("od-razu")], options=Options(approve_new=True))
        self.assertEqual(Organisation.objects.get(slug="od-razu").status, "approved")

    def test_approve_new_is_ignored_for_org_admins(self):
        # (an org admin cannot create at all; the option never reaches a pending one)
        report, _summary = self.import_rows([org_row("nie")], actor=self.alice,
                                            options=Options(approve_new=True))
        self.assertEqual(report.invalid, 1)
        self.assertFalse(Organisation.objects.filter(slug="nie").exists())

    def test_a_new_language_code_is_added_to_the_vocabulary(self):
        self.import_rows([org_row("gruzini", languages="ka; pt-br")])
        self.assertTrue(Language.objects.filter(code="pt-BR").exists())
        self.assertEqual(
            sorted(Organisation.objects.get(slug="gruzini").languages.values_list("code",
                                                                                  flat=True)),
            ["ka", "pt-BR"],
        )

    def test_update_changes_only_the_columns_in_the_file_and_is_audited(self):
        self.org.description = {"pl": "Stary opis", "de": "Alte Beschreibung"}
        self.org.save()
        self.org.topics.set([])
        columns = ["slug", "description_pl", "topics"]
        _report, summary = self.import_rows(
            [{"slug": self.org.slug, "description_pl": "Nowy opis", "topics": "education"}],
            actor=self.alice, columns=columns,
        )
        self.assertEqual(summary.updated, 1)
        organisation = Organisation.objects.get(pk=self.org.pk)
        self.assertEqual(organisation.name, "Fundacja Testowa")
        self.assertEqual(organisation.description, {"pl": "Nowy opis", "de": "Alte Beschreibung"})
        self.assertEqual(list(organisation.topics.values_list("slug", flat=True)), ["education"])
        self.assertEqual(organisation.status, "approved")
        entry = AuditEntry.objects.get(action="organisation.import_updated")
        self.assertEqual(entry.actor, self.alice)
        self.assertEqual(set(entry.changes), {"description", "topics"})
        self.assertEqual(entry.changes["topics"], ["", "education"])

    def test_the_short_description_has_a_column_per_language(self):
        self.org.short_description = {"pl": "Po polsku", "de": "Auf Deutsch"}
        self.org.save()
        columns = ["slug", "short_description_uk", "short_description_en"]
        _report, summary = self.import_rows(
            [{"slug": self.org.slug, "short_description_uk": "Українською",
              "short_description_en": ""}],
            actor=self.alice, columns=columns,
        )
        self.assertEqual(summary.updated, 1)
        # The languages in the file are replaced (an empty cell clears), the others kept.
        self.assertEqual(Organisation.objects.get(pk=self.org.pk).short_description,
                         {"pl": "Po polsku", "de": "Auf Deutsch", "uk": "Українською"})
        entry = AuditEntry.objects.get(action="organisation.import_updated")
        self.assertEqual(set(entry.changes), {"short_description"})

    def test_an_old_files_short_description_column_is_the_polish_one(self):
        self.org.short_description = {"pl": "Stary", "uk": "Старий"}
        self.org.save()
        report, summary = self.import_rows(
            [{"slug": self.org.slug, "short_description": "Nowy"}],
            columns=["slug", "short_description"],
        )
        self.assertEqual(report.ignored_columns, [])
        self.assertEqual(Organisation.objects.get(pk=self.org.pk).short_description,
                         {"pl": "Nowy", "uk": "Старий"})

    def test_a_too_long_short_description_says_in_which_language(self):
        report = self.check([org_row("dluga", short_description_uk="x" * 1001)])
        [(_row, column, message)] = self.errors_of(report)
        self.assertTrue(column.startswith("short_description_"), column)
        self.assertIn("uk", message)
        self.assertIn("1000", message)

    def test_empty_cells_clear_fields_on_update(self):
        self.org.website = "https://fundacja.example/"
        self.org.save()
        self.import_rows([{"slug": self.org.slug, "website": ""}],
                         columns=["slug", "website"])
        self.assertEqual(Organisation.objects.get(pk=self.org.pk).website, "")

    def test_unchanged_rows_write_nothing(self):
        before = Organisation.objects.get(pk=self.org.pk).updated
        _report, summary = self.import_rows(
            [{"slug": self.org.slug, "name": self.org.name}], columns=["slug", "name"]
        )
        self.assertEqual((summary.unchanged, summary.updated), (1, 0))
        self.assertEqual(Organisation.objects.get(pk=self.org.pk).updated, before)
        self.assertFalse(AuditEntry.objects.exists())

    def test_the_system_may_import_without_a_user(self):
        table = self.table([org_row("z-cli")])
        summary = do_import_table(None, "organisations", table, Options(), skip_rows=set())
        self.assertEqual(summary.created, 1)
        self.assertIsNone(AuditEntry.objects.get(action="organisation.imported").actor)
