from django.core.management.base import BaseCommand

from wspolnie.core.demo import load_demo_data


class Command(BaseCommand):
    help = "Load (or refresh) the demo network. Safe to run again: it updates, never duplicates."

    def handle(self, *args, **options) -> None:
        load_demo_data(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
