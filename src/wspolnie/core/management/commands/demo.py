import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand

from wspolnie.cli import DEMO_HOST, DEMO_PORT
from wspolnie.core.demo import DEMO_ACCOUNTS
from wspolnie.organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Run the demo: SQLite database in the data folder, demo network loaded if empty, "
        "a task worker and the server on http://127.0.0.1:8000/."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--port", type=int, default=DEMO_PORT)
        parser.add_argument("--no-worker", action="store_true", help="Do not start a task worker.")
        parser.add_argument(
            "--no-server", action="store_true", help="Prepare the database and exit."
        )

    def handle(self, *args, port: int, no_worker: bool, no_server: bool, **options) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        if not Organisation.objects.exists():
            call_command("loaddemo")
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Wspólnie demo: http://{DEMO_HOST}:{port}/"))
        for account in DEMO_ACCOUNTS:
            self.stdout.write(
                f"  {account['role']:<28} {account['email']:<34} password: {account['password']}"
            )
        # Staff always need a second factor (django-otp): say so before the login asks for it.
        self.stdout.write(
            "  Staff set up two-step login (an authenticator app) at their first login."
        )
        self.stdout.write("")
        if no_server:
            return
        worker = None
        if not no_worker:
            # A separate process, like in production; it inherits the demo environment.
            worker = subprocess.Popen(  # noqa: S603
                [sys.executable, "-m", "wspolnie", "worker", "--verbosity", "0"]
            )
        try:
            call_command("runserver", f"{DEMO_HOST}:{port}", use_reloader=False)
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)
