from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from wspolnie.core.sweeping import SweepThread, run_sweeps


class Command(BaseCommand):
    help = (
        "Run the background task worker (mail, reminders) for the configured TASKS_BACKEND. "
        "It also runs the periodic sweeps (e.g. resuming a newsletter whose worker died) at "
        "start and every WORKER_SWEEP_SECONDS: no cron job is needed."
    )

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
        parser.add_argument(
            "--sweep-interval", type=float, default=None,
            help="Seconds between sweeps (default: WORKER_SWEEP_SECONDS).",
        )

    def handle(self, *args, batch: bool, max_tasks: int | None, interval: float,
               sweep_interval: float | None, **options):
        if sweep_interval is None:
            sweep_interval = float(settings.WORKER_SWEEP_SECONDS)
        if settings.TASKS_BACKEND == "rq":
            from wspolnie.core.rq_worker import SweepingWorker

            SweepingWorker.sweep_interval = sweep_interval
            call_command(
                "rqworker",
                "default",
                job_class="django_tasks_rq.Job",
                worker_class="wspolnie.core.rq_worker.SweepingWorker",
                # Runs scheduled tasks (watchdogs, retries) — without it they would wait for a
                # separate `rqscheduler`.
                with_scheduler=True,
                burst=batch,
                max_jobs=max_tasks,
            )
            return
        if settings.TASKS_BACKEND == "immediate":
            self.stdout.write(
                "TASKS_BACKEND=immediate runs tasks in the request; no worker needed."
            )
            return
        if batch:
            run_sweeps()
        else:
            SweepThread(sweep_interval).start()
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
