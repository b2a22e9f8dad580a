"""Slow-changing reference tables kept in memory for the check-in hot path: every unit's path, the policies
that govern some day, the holidays, the schedules with their timetables and the shifts.

A check-in would otherwise read them on every request (about ten queries for tables an admin edits a few
times a year). Only the hot path reads them from here (attendance.checkin.recording); approvals, plans, boards and
recaps keep reading the database in the same transaction as their decision.

Freshness. Each process keeps its own copy, tagged with a generation number kept in Django's cache
(settings.CACHES "default"), for at most TTL seconds:
- any save or delete of a watched model (and a change of a policy's named people) bumps the generation
  at once, for reads later in the same transaction, and again once the transaction commits, so that a
  request that read the old rows while the change was not yet committed does not keep them;
- with a cache shared by the workers (Redis, Memcached, or a file-based cache on one machine), every
  worker sees the bump at its next check-in; with the default per-process memory cache, the other
  workers see an admin's change within TTL seconds. Changes that bypass signals (QuerySet.update,
  bulk_create, raw SQL) are also seen within TTL seconds.
A stale copy can only affect what a check-in made within TTL seconds of an admin's edit records as its
planned mode and whether it is refused as a day off; every board and recap evaluates the day afresh.
"""

import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal

T = TypeVar("T")

TTL = 60  # seconds a process keeps a table before reading it again
GENERATION_KEY = "hadir:reference:generation"

# name → (generation, monotonic time read, value); each name keeps its own type of value.
_kept: dict[str, tuple[int, float, Any]] = {}


def generation() -> int:
    return cache.get(GENERATION_KEY, 0)


def bump() -> None:
    """Make every process read the tables again (at once where the cache is shared)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not in the cache yet (or evicted)
        if not cache.add(GENERATION_KEY, 1, timeout=None):
            cache.incr(GENERATION_KEY)
    _kept.clear()


def clear() -> None:
    """Forget this process's copies (tests start each case afresh)."""
    _kept.clear()


# Sent inside the transaction of every change of a watched table (attendance.presence listens: the kept
# counts of the day no longer follow).
tables_changed = Signal()


def changed(**_kwargs) -> None:
    tables_changed.send(sender=None)
    bump()
    transaction.on_commit(bump)


def watch(*models) -> None:
    for model in models:
        post_save.connect(changed, sender=model, dispatch_uid=f"hadir-reference-save-{model._meta.label}")
        post_delete.connect(changed, sender=model, dispatch_uid=f"hadir-reference-delete-{model._meta.label}")


def watch_m2m(*through_models) -> None:
    for through in through_models:
        m2m_changed.connect(changed, sender=through, dispatch_uid=f"hadir-reference-m2m-{through._meta.label}")


def remembered(name: str, load: Callable[[], T], *, current: int | None = None) -> T:
    """The value of `load()`, read again when the generation moved or after TTL seconds. Pass `current`
    (from `generation()`) when reading several tables for one request: one cache read for all."""
    current = generation() if current is None else current
    now = time.monotonic()
    kept = _kept.get(name)
    if kept is not None and kept[0] == current and now - kept[1] < TTL:
        return kept[2]
    value = load()
    _kept[name] = (current, now, value)
    return value
