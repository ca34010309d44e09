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

The PAGES scope (the full-page cache of anonymous visitors, wspolnie.core.page_cache) watches
every model of the project's apps except PAGES_EXCLUDED: a model added later invalidates the
pages by default. `bump(scope)` of any other scope bumps PAGES too (every scope's data is on
some page).
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.apps import apps
from django.core.cache import cache
from django.db import IntegrityError, connections, transaction
from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save

DIRECTORY = "directory"
PAGES = "pages"
#: Stands for every app of the project (the apps under wspolnie.) in SCOPES.
ALL_APPS = "*"

#: scope → app labels whose models (their many-to-many tables included) it watches.
SCOPES: dict[str, tuple[str, ...]] = {
    DIRECTORY: ("organisations", "directory", "needs"),
    PAGES: (ALL_APPS,),
}
#: Models of the project that no public page shows, or that change while pages are merely
#: viewed or mail is sent: a change of one of them leaves the cached pages as they are.
PAGES_EXCLUDED = frozenset({
    "core.dataversion",  # the tokens themselves
    "core.auditentry",  # the audit log (written with changes, never shown publicly)
    "core.outgoingmail",  # the mail outbox: claimed, sent and deleted by the worker
    "accounts.usersession",  # the index of sessions ("last seen")
    "accounts.apitoken",  # API tokens (their "last used")
    "reach.count",  # visit and conversion counters of tracked links
    "newsletter.delivery",  # one row per mail of a newsletter fan-out
    "newsletter.signupattempt",  # rate limiting of sign-ups
    "newsletter.consentrecord",  # the consent log
    "contacts.consentrecord",  # the consent log
    "boards.postattempt",  # rate limiting of posts
    "meetings.participantmessage",  # messages between participants
    "webhooks.delivery", "webhooks.attempt",  # outgoing webhook deliveries
    "imports.importjob",  # an import's progress (its rows are bumped by the import)
    "calendars.feed",  # a member's feed: when it was last fetched
    "network.networkstate",  # the background recomputation's bookkeeping
})
#: scope → {model label: test(instance) -> whether this instance matters}; for models of
#: apps not in SCOPES (every instance matters when the test is None).
EXTRA_MODELS: dict[str, dict[str, Callable | None]] = {
    # The directory's text box looks in the organisations' search entries; the index is
    # written after the organisation's change is committed (search.signals).
    DIRECTORY: {"search.searchentry": lambda entry: entry.kind == "organisation"},
}
#: scope → {model label: test(instance, update_fields) -> whether this save matters}, for
#: watched models of which some saves change nothing any page shows.
SAVE_TESTS: dict[str, dict[str, Callable]] = {
    # Every login saves the account's last_login.
    PAGES: {"accounts.user": lambda user, fields: not fields or set(fields) - {"last_login"}},
}
#: How long a value stays cached at most (a token that never changes).
TIMEOUT = 3600

T = TypeVar("T")


def _model():
    return apps.get_model("core", "DataVersion")


def bump(scope: str) -> str:
    """Give `scope` a new token: every value cached under the old one is forgotten. Any
    scope's change is on some page: the cached pages are forgotten too."""
    if scope != PAGES:
        _new_token(PAGES)
    return _new_token(scope)


def bump_all() -> None:
    """After a bulk change of anything (synthetic data, a restore)."""
    for scope in SCOPES:
        bump(scope)


def _new_token(scope: str) -> str:
    # This process sees its own change at its next request, whatever recent_token() kept.
    _recent.pop(scope, None)
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
    # Plain SQL: read at every cached page's request, where building the ORM's query cost
    # more than running it.
    model = _model()
    with connections[model.objects.db].cursor() as cursor:
        table = cursor.db.ops.quote_name(model._meta.db_table)
        cursor.execute(f"SELECT token FROM {table} WHERE scope = %s", [scope])  # noqa: S608
        found = cursor.fetchone()
    return _new_token(scope) if found is None else found[0]


#: scope → (time.monotonic() when read, token): recent_token()'s memory in this process.
_recent: dict[str, tuple[float, str]] = {}


def recent_token(scope: str, max_age: float) -> str:
    """`token(scope)`, or the one this process read less than `max_age` seconds ago.

    For the page cache's hits only: there the one query is a large part of what a hit costs
    (on PostgreSQL also the database server's CPU). A change made by another process then
    shows to anonymous visitors after at most `max_age` seconds; a change made by this
    process forgets the memory (`_new_token`), and nobody signed in is served from the page
    cache, so an author always sees their own change at once."""
    # Inside a transaction the token may be one this transaction wrote and will roll back:
    # read it, but keep nothing.
    if max_age <= 0 or connections[_model().objects.db].in_atomic_block:
        return token(scope)
    found = _recent.get(scope)
    if found is not None and time.monotonic() - found[0] < max_age:
        return found[1]
    value = token(scope)
    _recent[scope] = (time.monotonic(), value)
    return value


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


def _bumper(scope: str, test: Callable | None = None, save_test: Callable | None = None,
            watched: frozenset = frozenset()):
    def receiver(sender, instance=None, raw=False, action=None, origin=None,
                 update_fields=None, **kwargs) -> None:
        if raw:  # loaddata: whoever loads bumps afterwards (or the objects are incomplete)
            return
        if action is not None and not action.startswith("post_"):
            return  # m2m_changed: once, after the change
        if test is not None and instance is not None and not test(instance):
            return
        if save_test is not None and "created" in kwargs and not save_test(instance,
                                                                           update_fields):
            return
        if _cascaded(instance, origin, watched):
            return
        _new_token(scope)
    return receiver


def _cascaded(instance, origin, watched: frozenset) -> bool:
    """Deleted along with `origin` (a cascade), which this scope watches: the origin's own
    post_delete bumps, in the same transaction (not one UPDATE per cascaded row)."""
    if origin is None or instance is None or origin is instance:
        return False
    if isinstance(origin, QuerySet):
        return origin.model in watched and not isinstance(instance, origin.model)
    return type(origin) in watched


_receivers: list = []  # the signal framework keeps weak references only


def watched_models(scope: str) -> list:
    """The models whose every change (save, delete, many-to-many) gives `scope` a new token."""
    labels = SCOPES[scope]
    project = {config.label for config in apps.get_app_configs()
               if config.name.startswith("wspolnie.")}
    excluded = PAGES_EXCLUDED if scope == PAGES else frozenset()
    return [model for model in apps.get_models(include_auto_created=True)
            if (model._meta.app_label in labels
                or (ALL_APPS in labels and model._meta.app_label in project))
            and model is not _model() and model._meta.label_lower not in excluded]


def connect() -> None:
    """Watch every scope's models (called once, from the core app's ready())."""
    for scope in SCOPES:
        watched = watched_models(scope)
        plain = _bumper(scope, watched=frozenset(watched))
        _receivers.append(plain)
        for model in watched:
            save_test = SAVE_TESTS.get(scope, {}).get(model._meta.label_lower)
            receiver = plain
            if save_test is not None:
                receiver = _bumper(scope, save_test=save_test, watched=frozenset(watched))
                _receivers.append(receiver)
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
