from django.conf import settings
from django.core.management.base import BaseCommand

from wspolnie.newsletter.subscriptions import expire_unconfirmed


class Command(BaseCommand):
    help = (
        "Forget newsletter sign-ups that were not confirmed within "
        "NEWSLETTER_CONFIRMATION_HOURS (their consent records stay, with the address blanked). "
        "Safe to run as often as you like (e.g. hourly from cron)."
    )

    def handle(self, *args, **options) -> None:
        count = expire_unconfirmed()
        self.stdout.write(
            f"{count} unconfirmed sign-up(s) older than "
            f"{settings.NEWSLETTER_CONFIRMATION_HOURS} hours forgotten."
        )
