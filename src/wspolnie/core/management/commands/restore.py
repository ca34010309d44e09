from pathlib import Path

from django.utils.translation import gettext as _

from wspolnie.core import backup

from ._backup_base import BackupCommand


class Command(BackupCommand):
    help = (
        "Restore the database from FILE made by `wspolnie backup` (SQLite into SQLite, "
        "PostgreSQL into PostgreSQL). Refuses a database that already holds data unless "
        "--force. Stop the server and the worker first, then run `wspolnie migrate` if the "
        "backup is older than the installed version."
    )
    force_help = "Replace the data the database holds already."

    def run(self, file: str, force: bool) -> None:
        backup.restore(Path(file), force=force)
        self.stdout.write(_("Database restored from %(path)s.") % {"path": file})
