"""A note's search document shows its meeting (title) and depends on it (a meeting taken back
to draft hides its note): re-index the note when its meeting is saved."""

from __future__ import annotations

from functools import partial

from django.db import transaction

from wspolnie.search import index

from .models import Note


def event_saved(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    for pk in Note.objects.filter(event_id=instance.pk).values_list("pk", flat=True):
        transaction.on_commit(partial(index.run_safely, index.reindex, Note, pk))
