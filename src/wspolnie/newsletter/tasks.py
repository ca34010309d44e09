"""Background task of the newsletter: one fan-out batch. Thin and safe to run twice — the
claiming, sending and scheduling (with the crash-safety argument) live in newsletter.fanout."""

from __future__ import annotations

from django_tasks import TaskContext, task


@task(takes_context=True)
def send_issue_batch(context: TaskContext, issue_id: int, watchdog: bool = False) -> dict:
    from .fanout import can_schedule, run_batch

    if can_schedule():
        # The database (or Redis) backend: one batch; the next ones are separate tasks.
        outcome = run_batch(issue_id, task_id=str(context.task_result.id), watchdog=watchdog)
    else:
        # The immediate backend runs a task inside the enqueueing call: chaining batches as
        # tasks would nest one call per batch, so loop here instead. Retries that are not due
        # yet wait for the next run (`wspolnie send-newsletter`, or a real worker).
        outcome = run_batch(issue_id, via_tasks=False)
        while outcome.more_now:
            outcome = run_batch(issue_id, via_tasks=False)
    return {
        "claimed": outcome.claimed, "sent": outcome.sent, "retried": outcome.retried,
        "failed": outcome.failed, "skipped": outcome.skipped, "finished": outcome.finished,
    }
