from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background task worker (mail, reminders) for the configured TASKS_BACKEND."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--batch", action="store_true", help="Run every queued task, then exit."
        )
        parser.add_argument(
            "--max-tasks", type=int, default=None, help="Exit after this many tasks."
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds between polls when idle."
        )

    def handle(self, *args, batch: bool, max_tasks: int | None, interval: float, **options):
        if settings.TASKS_BACKEND == "rq":
            call_command(
                "rqworker",
                "default",
                job_class="django_tasks_rq.Job",
                burst=batch,
                max_jobs=max_tasks,
            )
            return
        if settings.TASKS_BACKEND == "immediate":
            self.stdout.write(
                "TASKS_BACKEND=immediate runs tasks in the request; no worker needed."
            )
            return
        worker_options = {
            "interval": interval,
            "batch": batch,
            "reload": False,
            "startup_delay": False,
            "verbosity": options["verbosity"],
        }
        if max_tasks is not None:
            worker_options["max_tasks"] = max_tasks
        call_command("db_worker", **worker_options)
