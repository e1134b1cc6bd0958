"""Results computed from many rows (the quota board, proposal statistics), cached under a
version number that every save or delete of those rows bumps.

A change shows at once: the version is bumped when a watched record is saved or deleted,
and again after the commit (a result computed by another request in between saw the old
data). Bulk writes send `bulk_saved`; writes that send no signal at all (raw SQL) show
when the entry expires.
With REDIS_URL all workers share the cache; without it each process has its own."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal

# Sent (sender: the model) by services that write many rows at once without the model
# signals (bulk_create, bulk_update): the caches watching the model are bumped too.
bulk_saved = Signal()

T = TypeVar("T")


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

    def bump(self, **_kwargs: object) -> None:
        self._incr()
        transaction.on_commit(self._incr)

    def get_or_compute(self, key: str, compute: Callable[[], T]) -> T:
        full_key = f"{self.name}:{self._version()}:{key}"
        value = cache.get(full_key)
        if value is None:
            value = compute()
            cache.set(full_key, value, timeout=getattr(settings, self.seconds_setting))
        return value

    def _version(self) -> int:
        version = cache.get(self.version_key)
        if version is None:
            cache.add(self.version_key, 1, timeout=None)
            version = cache.get(self.version_key, 1)
        return version

    def _incr(self) -> None:
        try:
            cache.incr(self.version_key)
        except ValueError:  # not set yet (or evicted)
            cache.set(self.version_key, 2, timeout=None)
