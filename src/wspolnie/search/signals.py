"""Keep the index in step with the data: every save, delete and many-to-many change of a model
that a `search_index` module lists schedules a re-index after the transaction commits, so a
change that is rolled back never reaches the index.

Bulk operations (QuerySet.update(), bulk_create()) send no signals: run
`wspolnie rebuild_search_index` after them.
"""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from . import index

_DEPENDENTS = "_search_index_dependents"
_CLEARED = "_search_index_cleared"


def _schedule(function, *args) -> None:
    transaction.on_commit(partial(index.run_safely, function, *args))


def on_save(sender, instance, raw=False, **kwargs) -> None:
    if raw:  # loaddata: the objects may not be complete yet; rebuild afterwards
        return
    _schedule(index.reindex, type(instance), instance.pk)


def before_delete(sender, instance, **kwargs) -> None:
    # Which other documents show this object (a topic's name in organisations' keywords)?
    # Asked now: after the delete, the relations that say so are gone.
    try:
        setattr(instance, _DEPENDENTS, index.dependent_keys(instance))
    except Exception:
        if index.RAISE_ERRORS:
            raise
        index.logger.exception("Could not find the search documents that show %r", instance)


def on_delete(sender, instance, **kwargs) -> None:
    dependents = getattr(instance, _DEPENDENTS, set())
    _schedule(index.remove, type(instance), instance.pk, frozenset(dependents))


def on_m2m_changed(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    """The model that declares the field holds the relation in its documents: re-index it."""
    indexed = index.indexed_models()
    if not reverse:
        if action in ("post_add", "post_remove", "post_clear") and type(instance) in indexed:
            _schedule(index.reindex, type(instance), instance.pk)
        return
    if model not in indexed:
        return
    if action == "pre_clear":
        # The other side's objects are about to lose `instance`: note them now.
        field = _through_field(sender, model)
        own = _through_field(sender, type(instance))
        if field and own:
            pks = set(
                sender._default_manager.filter(**{own.attname: instance.pk})
                .values_list(field.attname, flat=True)
            )
            setattr(instance, _CLEARED, pks)
        return
    if action == "post_clear":
        pk_set = getattr(instance, _CLEARED, set())
    elif action not in ("post_add", "post_remove"):
        return
    for pk in pk_set or ():
        _schedule(index.reindex, model, pk)


def _through_field(through, model):
    for field in through._meta.get_fields():
        if getattr(field, "related_model", None) is model and field.many_to_one:
            return field
    return None


def connect() -> None:
    connected_through = set()
    for model in index.indexed_models():
        uid = model._meta.label_lower
        post_save.connect(on_save, sender=model, dispatch_uid=f"search-save-{uid}")
        pre_delete.connect(before_delete, sender=model, dispatch_uid=f"search-predel-{uid}")
        post_delete.connect(on_delete, sender=model, dispatch_uid=f"search-delete-{uid}")
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            if through in connected_through:
                continue
            connected_through.add(through)
            m2m_changed.connect(
                on_m2m_changed, sender=through,
                dispatch_uid=f"search-m2m-{through._meta.label_lower}",
            )
