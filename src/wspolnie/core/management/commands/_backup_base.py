"""What `wspolnie backup` and `wspolnie restore` share: one readable line on a problem."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from wspolnie.core.backup import BackupError


class BackupCommand(BaseCommand):
    def add_arguments(self, parser) -> None:
        parser.add_argument("file")
        parser.add_argument("--force", action="store_true", help=self.force_help)
        parser.add_argument(
            "--language", default=settings.LANGUAGE_CODE,
            choices=[code for code, _name in settings.LANGUAGES],
            help="Language of the messages (default: the site's).",
        )

    def handle(self, *args, file: str, force: bool, language: str, **options) -> None:
        with translation.override(language):
            try:
                self.run(file, force)
            except BackupError as error:
                raise CommandError(str(error)) from None

    def run(self, file: str, force: bool) -> None:
        raise NotImplementedError
