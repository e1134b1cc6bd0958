"""Results computed from many rows (the quota board, proposal statistics), cached under a
version number that every save or delete of those rows bumps.

Versions are per body: a record saved in one body makes only that body's results stale.
A record's body is its `body_id`, or found through a path registered by the record's app
(`register_body_of("committees.ActivityInvitation", "activity__body")` in its
AppConfig.ready()); a record with no body (or a path that finds none) bumps the global
version, which every body's results carry too.

A change shows at once: the version is bumped when a watched record is saved or deleted,
and again after the commit (a result computed by another request in between saw the old
data). Bulk writes send `bulk_saved`; writes that send no signal at all (`QuerySet.update`,
raw SQL) show when the entry is older than its setting's seconds (BOARD_CACHE_SECONDS…).

An entry older than that is refreshed by one request while the others keep answering
from it (stale while revalidate, as HTTP caches do): a result that takes a second to
compute on a region's data never makes a queue of requests each computing it again. A
result nobody has computed (a new version, or none kept) is computed by one request
while the others wait for it up to COMPUTE_WAIT_SECONDS, then compute it themselves.
With REDIS_URL all workers share the cache; without it each process has its own."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal

# Sent (sender: the model) by services that write many rows at once without the model
# signals (bulk_create, bulk_update): the caches watching the model are bumped too.
bulk_saved = Signal()

T = TypeVar("T")

# A kept result serves while it is refreshed for at most this many times its age limit.
KEEP_FACTOR = 12
# How long one request may hold the right to compute a result before another may.
LOCK_SECONDS = 60
# How long a request waits for a result another request is computing.
COMPUTE_WAIT_SECONDS = 10
_POLL_SECONDS = 0.05

# model -> the lookup path from a record of it to its body ("activity__body").
_BODY_PATHS: dict[type[models.Model], str] = {}


def register_body_of(model_label: str, path: str) -> None:
    """How to find the body of a record that has no `body` of its own: a lookup path
    through foreign keys ending at the body, e.g. "plan__committee__body"."""
    _BODY_PATHS[apps.get_model(model_label)] = path


def body_of(instance: models.Model) -> int | None:
    """The id of the body a record belongs to, or None (then it concerns every body)."""
    path = _BODY_PATHS.get(type(instance))
    if path is None:
        return getattr(instance, "body_id", None)
    first, *rest = path.split("__")
    field = instance._meta.get_field(first)
    try:
        if field.is_cached(instance):  # walk what is loaded (no query for the first hop)
            obj = getattr(instance, first)
            for name in rest[:-1]:
                obj = getattr(obj, name)
            return getattr(obj, f"{rest[-1]}_id") if rest else obj.pk
        pk = getattr(instance, field.attname)
        if pk is None:
            return None
        return (
            field.related_model._base_manager.using(instance._state.db or "default")
            .filter(pk=pk)
            .values_list("__".join(rest) if rest else "pk", flat=True)
            .first()
        )
    except ObjectDoesNotExist:
        return None


class VersionedCache:
    def __init__(self, name: str, seconds_setting: str) -> None:
        self.name = name
        self.version_key = f"{name}:version"
        self.seconds_setting = seconds_setting

    def watch(self, *model_labels: str) -> None:
        """Bump the version whenever one of these models ("app.Model") changes. Call it
        from an AppConfig.ready()."""
        for label in model_labels:
            model = apps.get_model(label)
            for signal in (post_save, post_delete, bulk_saved):
                signal.connect(
                    self.bump, sender=model, dispatch_uid=f"{self.name}-{label}-{signal}"
                )

    def watch_versions(self) -> None:
        """Bump the version whenever django-simple-history keeps a version of any record
        (its body's version, or every body's for a record without one) and on every
        `bulk_saved`: for results read from many kinds of record. Call it from an
        AppConfig.ready()."""
        from simple_history.signals import post_create_historical_record

        post_create_historical_record.connect(self.bump, dispatch_uid=f"{self.name}-versions")
        bulk_saved.connect(self.bump, dispatch_uid=f"{self.name}-versions-bulk")

    def bump(self, instance: models.Model | None = None, **_kwargs: object) -> None:
        key = self._version_key(body_of(instance) if instance is not None else None)
        self._incr(key)
        transaction.on_commit(lambda: self._incr(key))

    def get_or_compute(
        self, key: str, compute: Callable[[], T], *, body_id: int | None = None
    ) -> T:
        """The cached result for key; body_id: whose records it is computed from (then
        only a change in that body, or a body-less one, makes it stale)."""
        version = f"{self._version(self.version_key)}"
        if body_id is not None:
            version += f".{self._version(self._version_key(body_id))}"
        full_key = f"{self.name}:{version}:{key}"
        lock_key = f"{full_key}:computing"
        max_age = getattr(settings, self.seconds_setting)
        kept = cache.get(full_key)
        if kept is not None:
            computed_at, value = kept
            if time.time() - computed_at < max_age:
                return value
            locked = cache.add(lock_key, 1, timeout=LOCK_SECONDS)
            if not locked:
                return value  # another request is refreshing it
        else:
            locked = cache.add(lock_key, 1, timeout=LOCK_SECONDS)
            if not locked:
                waited = self._wait_for(full_key)
                if waited is not None:
                    return waited
        try:
            value = compute()
            cache.set(full_key, (time.time(), value), timeout=max_age * KEEP_FACTOR)
        finally:
            if locked:  # another request's right to compute is its own to give back
                cache.delete(lock_key)
        return value

    @staticmethod
    def _wait_for(full_key: str) -> T | None:
        """The result another request is computing, once it is there (None: not in time)."""
        deadline = time.monotonic() + COMPUTE_WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(_POLL_SECONDS)
            kept = cache.get(full_key)
            if kept is not None:
                return kept[1]
        return None

    def _version_key(self, body_id: int | None) -> str:
        return self.version_key if body_id is None else f"{self.version_key}:{body_id}"

    @staticmethod
    def _version(key: str) -> int:
        version = cache.get(key)
        if version is None:
            cache.add(key, 1, timeout=None)
            version = cache.get(key, 1)
        return version

    @staticmethod
    def _incr(key: str) -> None:
        try:
            cache.incr(key)
        except ValueError:  # not set yet (or evicted)
            cache.set(key, 2, timeout=None)


class ProcessMemo:
    """Results kept in this process for `seconds` (then built again), at most `limit` keys
    (then all dropped): for what is cheap to keep and costly to build on every request,
    and may lag that long (the to-do counting query, the menus)."""

    def __init__(self, seconds: float, limit: int = 2000) -> None:
        self.seconds = seconds
        self.limit = limit
        self._kept: dict[Any, tuple[float, Any]] = {}

    def get_or_build(self, key: Any, build: Callable[[], T]) -> T:
        now = time.monotonic()
        kept = self._kept.get(key)
        if kept is not None and now - kept[0] < self.seconds:
            return kept[1]
        value = build()
        if len(self._kept) >= self.limit:
            self._kept.clear()
        self._kept[key] = (now, value)
        return value

    def clear(self) -> None:
        self._kept.clear()
