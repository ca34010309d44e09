from pathlib import Path

from django.utils.translation import gettext as _

from wspolnie.core import backup

from ._backup_base import BackupCommand


class Command(BackupCommand):
    help = (
        "Write a backup of the whole database to FILE, while the server and the worker run: "
        "SQLite through its online backup API (the file is an SQLite database), PostgreSQL "
        "with pg_dump's custom format. Restore it with `wspolnie restore FILE`."
    )
    force_help = "Overwrite FILE if it exists."

    def run(self, file: str, force: bool) -> None:
        backup.backup(Path(file), force=force)
        self.stdout.write(_("Backup written to %(path)s.") % {"path": file})
