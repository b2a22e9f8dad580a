"""The coverage alerts' history in the trends (issue 14): per unit, how often and for how many minutes it was
below its on-site minimum while open (attendance.models.CoverageAlert episodes, an open one counted up to now)."""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from attendance.models import CoverageAlert
from units.models import Unit


@dataclass
class ShortRow:
    unit: Unit
    alerts: int = 0
    minutes: int = 0
    days: set[dt.date] = field(default_factory=set)

    @property
    def day_count(self) -> int:
        return len(self.days)


def tally(alerts: Iterable[Mapping[str, Any]], units: dict[int, Unit], now: dt.datetime) -> list[ShortRow]:
    """Rows of `alerts` (unit_id, date, opened_at, resolved_at) per unit, the most minutes short first."""
    rows: dict[int, ShortRow] = {}
    for alert in alerts:
        unit = units.get(alert["unit_id"])
        if unit is None:
            continue
        row = rows.setdefault(unit.pk, ShortRow(unit))
        row.alerts += 1
        row.minutes += int(((alert["resolved_at"] or now) - alert["opened_at"]).total_seconds() // 60)
        row.days.add(alert["date"])
    return sorted(rows.values(), key=lambda r: (-r.minutes, r.unit.tree_path))


def rows_for(units: list[Unit], start: dt.date, end: dt.date, now: dt.datetime) -> list[ShortRow]:
    """The units' alert episodes between `start` and `end` (one query)."""
    found = CoverageAlert.objects.filter(unit__in=[u.pk for u in units], date__range=(start, end)).values(
        "unit_id", "date", "opened_at", "resolved_at"
    )
    return tally(found, {u.pk: u for u in units}, now)
