"""`wspolnie import FILE`: check a CSV or XLSX file and import it, with a progress bar.

Without --as the import runs as the system (shown as such in the history); with --as EMAIL it
runs with that person's rights (staff, or the admin of the organisations in the rows).
Exit status: 0 when done (or checked, with --dry-run), 1 with one readable line otherwise.
"""

from __future__ import annotations

import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wspolnie.imports.mappings import MAPPINGS, Options, is_staff, mapping_for, may_import
from wspolnie.imports.parsing import ImportFileError, read_table
from wspolnie.imports.services import check_table, do_import_table

BAR_WIDTH = 30
#: Without a terminal, a progress line at most this often (seconds), plus the last one.
LINE_INTERVAL = 2.0


class ProgressBar:
    """A bar redrawn in place on a terminal; periodic plain lines in a log."""

    def __init__(self, stream, label: str) -> None:
        self.stream = stream
        self.label = label
        self.tty = stream.isatty()
        self.last_line = 0.0

    def __call__(self, done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        text = _("%(label)s: %(done)d of %(total)d rows (%(percent)d%%)") % {
            "label": self.label, "done": done, "total": total, "percent": percent,
        }
        if self.tty:
            filled = BAR_WIDTH * done // total if total else BAR_WIDTH
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            self.stream.write(f"\r[{bar}] {text}", ending="\n" if done >= total else "")
            self.stream.flush()
            return
        now = time.monotonic()
        if done >= total or now - self.last_line >= LINE_INTERVAL:
            self.last_line = now
            self.stream.write(text)


class Command(BaseCommand):
    help = "Import organisations, services or information channels from a CSV or XLSX file."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="A .csv or .xlsx file; the first row names the columns.")
        parser.add_argument(
            "--entity", choices=sorted(MAPPINGS), default="organisations",
            help="What the rows are (default: organisations).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only check the rows; save nothing."
        )
        parser.add_argument(
            "--accept-valid", action="store_true",
            help="Import the valid rows even when some rows have errors (those are skipped).",
        )
        parser.add_argument(
            "--as", dest="as_email", metavar="EMAIL",
            help="Act as this user (their rights apply, the history names them).",
        )
        parser.add_argument(
            "--approve", action="store_true",
            help="Approve new organisations at once (otherwise they wait for approval).",
        )
        parser.add_argument(
            "--language", default=settings.LANGUAGE_CODE,
            choices=[code for code, _name in settings.LANGUAGES],
            help="Language of the messages (default: the site's).",
        )

    def handle(self, *args, file: str, entity: str, dry_run: bool, accept_valid: bool,
               as_email: str | None, approve: bool, language: str, **options) -> None:
        with translation.override(language):
            self._run(Path(file), entity, dry_run, accept_valid, as_email, approve)

    def _actor(self, email: str | None, entity: str):
        if not email:
            if mapping_for(entity).needs_user:
                raise CommandError(_(
                    "Importing %(entity)s needs a user to act as: add --as EMAIL."
                ) % {"entity": entity})
            return None
        user = get_user_model().objects.filter(email__iexact=email.strip(), is_active=True).first()
        if user is None:
            raise CommandError(_("There is no active user with the e-mail address %(email)s.")
                               % {"email": email})
        if not may_import(user):
            raise CommandError(_("%(email)s may not import: only staff and organisation admins "
                                 "can.") % {"email": email})
        return user

    def _run(self, path: Path, entity: str, dry_run: bool, accept_valid: bool,
             as_email: str | None, approve: bool) -> None:
        actor = self._actor(as_email, entity)
        if approve and not is_staff(actor):
            raise CommandError(_("Only staff can approve new organisations."))
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise CommandError(_("No such file: %(path)s") % {"path": path}) from None
        except OSError as error:
            raise CommandError(_("The file cannot be read: %(reason)s")
                               % {"reason": error.strerror or error}) from None
        try:
            table = read_table(data, path.name)
            options = Options(approve_new=approve)
            report = check_table(actor, entity, table, options,
                                 progress=ProgressBar(self.stderr, _("Checking")))
        except ImportFileError as error:
            raise CommandError(f"{path.name}: {error.message}") from None

        if report.ignored_columns:
            self.stderr.write(_("Ignored columns: %(columns)s")
                              % {"columns": ", ".join(report.ignored_columns)})
        for error in report.errors:
            self.stderr.write(_("Row %(row)d, %(column)s: %(message)s") % {
                "row": error["row"], "column": error["column"] or "—",
                "message": error["message"],
            })
        self.stdout.write(_(
            "Checked %(total)d rows: %(create)d to create, %(update)d to update, "
            "%(unchanged)d without changes, %(invalid)d with errors."
        ) % {"total": report.total, "create": report.to_create, "update": report.to_update,
             "unchanged": report.unchanged, "invalid": report.invalid})

        if dry_run:
            self.stdout.write(_("Dry run: nothing was saved."))
            return
        if report.invalid and not accept_valid:
            raise CommandError(ngettext(
                "%(count)d row has errors, so nothing was imported: fix it, or add "
                "--accept-valid to import only the valid rows.",
                "%(count)d rows have errors, so nothing was imported: fix them, or add "
                "--accept-valid to import only the valid rows.",
                report.invalid,
            ) % {"count": report.invalid})
        if not report.to_create and not report.to_update:
            self.stdout.write(_("Nothing to import: no row adds or changes anything."))
            return

        bar = ProgressBar(self.stderr, _("Importing"))
        summary = do_import_table(
            actor, entity, table, options, skip_rows=report.invalid_rows,
            after_batch=lambda done, _summary: bar(done, len(table)),
        )
        for error in summary.errors:
            self.stderr.write(_("Row %(row)d, %(column)s: %(message)s") % {
                "row": error["row"], "column": error["column"] or "—",
                "message": error["message"],
            })
        self.stdout.write(_(
            "Imported: %(created)d created, %(updated)d updated, %(unchanged)d without "
            "changes, %(skipped)d skipped."
        ) % {"created": summary.created, "updated": summary.updated,
             "unchanged": summary.unchanged, "skipped": summary.skipped})
