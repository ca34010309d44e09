from django.core.management.base import BaseCommand

from wspolnie.needs.services import process_expired


class Command(BaseCommand):
    help = (
        "Take needs and offers that have expired out of the search index. The board hides "
        "them already; safe to run as often as you like (e.g. hourly from cron)."
    )

    def handle(self, *args, **options) -> None:
        handled = process_expired()
        self.stdout.write(f"{handled} expired need(s)/offer(s) taken out of the search.")
