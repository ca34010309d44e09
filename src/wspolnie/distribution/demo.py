"""Demo plans: a distribution plan for every demo announcement (the announcements' demo runs
first: INSTALLED_APPS order), and, for the published ones, a few channels marked published or
submitted so that the coverage report and the overview have something to show.

Idempotent: proposing again keeps statuses, and only items still "to do" are marked.
"""

from __future__ import annotations

from typing import TextIO

from django.contrib.auth import get_user_model

from wspolnie.announcements.models import Announcement

from . import services
from .models import PlanItem

DEMO_STAFF = "staff@demo.wspolnie.example"


def load(stdout: TextIO | None = None) -> None:
    actor = get_user_model().objects.filter(email=DEMO_STAFF, is_staff=True).first()
    if actor is None:
        return
    planned = marked = 0
    for announcement in Announcement.objects.order_by("pk"):
        services.do_propose_plan(actor, announcement)
        planned += 1
        if announcement.status != Announcement.Status.PUBLISHED:
            continue
        items = list(announcement.plan_items.select_related("channel").order_by("position"))
        # The two best-fitting channels published it; the next one has it in its queue.
        for index, item in enumerate(items[:3]):
            if item.status != PlanItem.Status.TODO:
                continue
            if index < 2 and (item.channel.is_offline or item.channel.url):
                services.do_set_status(
                    actor, item, PlanItem.Status.PUBLISHED,
                    "" if item.channel.is_offline else item.channel.url,
                    "Demo",
                )
            else:
                services.do_set_status(actor, item, PlanItem.Status.SUBMITTED, "", "Demo")
            marked += 1
    if stdout is not None:
        stdout.write(f"Distribution plans: {planned} plans, {marked} channels marked.\n")
