"""The finished days of a month, remembered for the city recap (issue 16, item 9).

The city recap per unit evaluates every active person on every day of the month: 45,000 person-days for the demo
city, about a second on the demo machine, and up to 9 s for a past month on a busy one. The days before today do
not change unless someone changes what they read, so their statuses are kept in Django's cache under a key made of
- the month, the people (a digest of their ids) and the days,
- `attendance.boards.snapshot.fingerprint` over those days: their check-ins (append-only: the number and the
  highest id), the requests around them and their decisions, corrections, verifications and their decisions,
  roster cells, check-outs taken back and the staff (their last change),
- the generation of the reference tables (policies, holidays, schedules, minute bands: policy.plan.reference).
So a correction, a decision or an edit shows at the next request, as without the cache; only today is evaluated on
every request. The nightly task `warm_city_recap` (attendance/recap/tasks.py) fills the entries of this month and
the last one for the whole city, so that with a shared cache (CACHE_URL) nobody waits for the first evaluation. Kept per day as the four things the recap reads of a DayStatus (`Day`), about 20 bytes a person-day
once pickled. Measured in docs/performance.md, "City recap".
"""

import datetime as dt
import hashlib
from typing import NamedTuple

from django.core.cache import cache

from attendance.boards.snapshot import fingerprint
from attendance.evaluation.bulk import evaluate
from attendance.evaluation.status import DayStatus
from policy.plan import reference
from units.models import Employee

TTL = 24 * 3600  # seconds: an entry nobody asks for again goes within a day


class Day(NamedTuple):
    """What the recap reads of a finished day's DayStatus (monthly.summarize, monthly._codes)."""

    code: str
    codes: tuple[str, ...]
    late_minutes: int
    early_minutes: int


def _key(employees: list[Employee], days: list[dt.date]) -> str:
    people = hashlib.sha256(",".join(str(pk) for pk in sorted(e.pk for e in employees)).encode()).hexdigest()[:16]
    state = hashlib.sha256(repr((reference.generation(), fingerprint(days))).encode()).hexdigest()[:32]
    return f"hadir:recap-days:{days[0]:%Y%m%d}-{days[-1]:%Y%m%d}:{people}:{state}"


def statuses(employees: list[Employee], days: list[dt.date], *, today: dt.date) -> dict[tuple[int, dt.date], Day | DayStatus]:
    """{(person, day): status} for `employees` over `days`: the days before `today` from the cache when nothing
    they read has changed (else evaluated and kept), today and later evaluated now."""
    finished = [d for d in days if d < today]
    rest = [d for d in days if d >= today]
    found: dict[tuple[int, dt.date], Day | DayStatus] = {}
    if finished and employees:
        key = _key(employees, finished)
        kept = cache.get(key)
        if kept is None:
            evaluation = evaluate(employees, finished, lean=True)
            kept = {
                k: Day(s.code, tuple(s.codes), s.late_minutes, s.early_minutes) for k, s in evaluation.statuses.items()
            }
            cache.set(key, kept, TTL)
        found.update(kept)
    if rest and employees:
        found.update(evaluate(employees, rest, lean=True).statuses)
    return found
