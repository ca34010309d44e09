from django.core.management.base import BaseCommand

from wspolnie.needs.services import process_expired


class Command(BaseCommand):
    help = (
        "Record needs and offers that have expired in the audit log and drop them from the "
        "search index. The board and the search hide them at their expiry time already; "
        "safe to run as often as you like (e.g. daily from cron)."
    )

    def handle(self, *args, **options) -> None:
        handled = process_expired()
        self.stdout.write(f"{handled} expired need(s)/offer(s) taken out of the search.")
