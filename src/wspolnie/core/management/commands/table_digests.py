import json

from django.core.management.base import BaseCommand

from wspolnie.core.backup import table_digests


class Command(BaseCommand):
    help = (
        "Print every table of the database with its row count and a hash of its content "
        "(JSON), e.g. to compare a restored database with the original."
    )

    def handle(self, *args, **options) -> None:
        digests = {table: {"rows": rows, "sha256": digest}
                   for table, (rows, digest) in table_digests().items()}
        self.stdout.write(json.dumps(digests, indent=1, sort_keys=True))
