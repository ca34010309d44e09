"""`wspolnie send-newsletter ISSUE_ID`: start sending an issue (if it is still a draft) and
follow its deliveries with a progress bar until every one is sent, failed or skipped."""

from __future__ import annotations

import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from wspolnie.newsletter import fanout, issues
from wspolnie.newsletter.models import Issue


class Command(BaseCommand):
    help = (
        "Send a newsletter issue and show its progress. The mails go out through the background "
        "worker (`wspolnie worker` must be running), or from this process with --here."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("issue_id", type=int, help="The issue's number (see the issue list).")
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--here", action="store_true",
            help="Send from this process instead of the background worker.",
        )
        group.add_argument(
            "--no-wait", action="store_true",
            help="Queue the issue for the worker and return at once.",
        )
        parser.add_argument(
            "--interval", type=float, default=0.5, help="Seconds between progress updates."
        )

    def handle(self, *args, issue_id: int, here: bool, no_wait: bool, interval: float,
               **options) -> None:
        issue = Issue.objects.filter(pk=issue_id).first()
        if issue is None:
            raise CommandError(f"There is no newsletter issue {issue_id}.")
        if issue.status == Issue.Status.DRAFT:
            try:
                queued = issues.start_sending(issue, via="command line", enqueue=not here)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None
            self.stdout.write(f"Issue {issue_id}: {queued} mails queued.")
        elif issue.status == Issue.Status.SENT:
            raise CommandError(f"Issue {issue_id} has already been sent.")
        if no_wait:
            return

        counts = issues.progress(issue)
        bar = tqdm(total=counts["total"], unit="mail", desc=f"Issue {issue_id}",
                   file=self.stderr._out, dynamic_ncols=True, mininterval=0)

        def show() -> dict[str, int]:
            now = issues.progress(issue)
            bar.n = now["total"] - now["queued"] - now["sending"]
            bar.set_postfix(sent=now["sent"], failed=now["failed"], refresh=False)
            bar.refresh()
            return now

        try:
            if here:
                fanout.send_all_here(issue.pk, on_progress=show)
            while Issue.objects.filter(pk=issue.pk, status=Issue.Status.SENDING).exists():
                show()
                time.sleep(interval)
            counts = show()
        finally:
            bar.close()
        self.stdout.write(
            f"Issue {issue_id}: {counts['sent']} sent, {counts['failed']} failed, "
            f"{counts['skipped']} skipped."
        )
