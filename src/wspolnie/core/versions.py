"""Data versions: cache a computation until the data behind it changes (issue #15).

A *scope* names a set of models (the directory: organisations, their vocabularies, needs and
offers, the organisations' search entries). Every save, delete or many-to-many change of one
of them gives the scope a new random token, stored in the database (`core.DataVersion`), in
the same transaction as the change. A cached value's key carries the token read at the start
of the computation, so

- every process (each gunicorn worker has its own cache) sees a change at its next request:
  the token is read from the database each time (one query by primary key);
- a change that is rolled back rolls its token back too, and the old token's values are
  still right for the old data (a token is random, never reused: a counter would come back
  to a number whose cached values were computed from rolled-back data);
- a value computed while a change is being committed is stored under the token it read
  first, which belongs to the data before or after the change, never to later data.

Bulk operations (QuerySet.update(), bulk_create(), raw SQL) send no signals: code that
changes a scope's data that way calls `bump(scope)` itself (imports, the synthetic data,
rebuilding the search index).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.apps import apps
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

DIRECTORY = "directory"

#: scope → app labels whose models (their many-to-many tables included) it watches.
SCOPES: dict[str, tuple[str, ...]] = {
    DIRECTORY: ("organisations", "directory", "needs"),
}
#: scope → {model label: test(instance) -> whether this instance matters}; for models of
#: apps not in SCOPES (every instance matters when the test is None).
EXTRA_MODELS: dict[str, dict[str, Callable | None]] = {
    # The directory's text box looks in the organisations' search entries; the index is
    # written after the organisation's change is committed (search.signals).
    DIRECTORY: {"search.searchentry": lambda entry: entry.kind == "organisation"},
}
#: How long a value stays cached at most (a token that never changes).
TIMEOUT = 3600

T = TypeVar("T")


def _model():
    return apps.get_model("core", "DataVersion")


def bump(scope: str) -> str:
    """Give `scope` a new token: every value cached under the old one is forgotten."""
    model = _model()
    token = uuid.uuid4().hex
    if model.objects.filter(scope=scope).update(token=token):
        return token
    try:
        with transaction.atomic():
            model.objects.create(scope=scope, token=token)
    except IntegrityError:  # another process created it meanwhile
        model.objects.filter(scope=scope).update(token=token)
    return token


def token(scope: str) -> str:
    found = _model().objects.filter(scope=scope).values_list("token", flat=True).first()
    return bump(scope) if found is None else found


def cached(scope: str, key: object, compute: Callable[[], T]) -> T:
    """`compute()`, or its value cached for `key` (anything with a stable repr()) as long
    as `scope`'s data has not changed."""
    digest = hashlib.sha256(repr(key).encode("utf-8")).hexdigest()[:32]
    name = f"wspolnie:{scope}:{token(scope)}:{digest}"
    value = cache.get(name)
    if value is None:
        value = compute()
        cache.set(name, value, TIMEOUT)
    return value


def _bumper(scope: str, test: Callable | None = None):
    def receiver(sender, instance=None, raw=False, action=None, **kwargs) -> None:
        if raw:  # loaddata: whoever loads bumps afterwards (or the objects are incomplete)
            return
        if action is not None and not action.startswith("post_"):
            return  # m2m_changed: once, after the change
        if test is not None and instance is not None and not test(instance):
            return
        bump(scope)
    return receiver


_receivers: list = []  # the signal framework keeps weak references only


def connect() -> None:
    """Watch every scope's models (called once, from the core app's ready())."""
    for scope, labels in SCOPES.items():
        watched = [model for model in apps.get_models(include_auto_created=True)
                   if model._meta.app_label in labels and model is not _model()]
        receiver = _bumper(scope)
        _receivers.append(receiver)
        for model in watched:
            uid = f"version-{scope}-{model._meta.label_lower}"
            post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}-delete")
            # (sent with the many-to-many table as the sender, when add() etc. are used)
            m2m_changed.connect(receiver, sender=model, dispatch_uid=f"{uid}-m2m")
        for label, test in EXTRA_MODELS.get(scope, {}).items():
            model = apps.get_model(label)
            extra = _bumper(scope, test)
            _receivers.append(extra)
            uid = f"version-{scope}-{label}"
            post_save.connect(extra, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(extra, sender=model, dispatch_uid=f"{uid}-delete")
