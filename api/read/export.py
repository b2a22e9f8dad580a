"""The monthly recap as other systems read it (the TPP deduction basis), and its streamed export.

The export walks the staff by id in batches of BATCH people (keyset, one query each) and runs
attendance.recap.monthly.gather on each batch: memory and queries grow with the batches, not with the rows."""

import datetime as dt
import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.http import HttpRequest

from api.clients.log import count_rows
from attendance.recap import monthly
from units.models import Employee

BATCH = 500
FINAL_NOTE = "Final: the month is locked."
NOT_FINAL_NOTE = (
    "Not final: only a locked month is final. Until BKPSDM locks it, corrections and decisions may still "
    "change these figures."
)


def month_state(recap: monthly.Recap) -> dict[str, Any]:
    lock = monthly.month_lock(recap.year, recap.month)
    return {
        "year": recap.year,
        "month": recap.month,
        "locked": lock is not None,
        "final": lock is not None,
        "locked_at": lock.locked_at if lock else None,
        "through": recap.through,
        "note": FINAL_NOTE if lock else NOT_FINAL_NOTE,
    }


def row_out(row: monthly.Row, rules: dict[str, monthly.Rule]) -> dict[str, Any]:
    """A person's month: counts, minutes, and the deduction basis per code (days × the code's percent)."""
    summary, employee = row.summary, row.employee
    deductions = []
    for code, days in sorted(summary.counts.items()):
        rule = rules.get(code)
        if rule is None or not days:
            continue
        deductions.append(
            {
                "code": code,
                "name": rule.name,
                "days": days,
                "percent_per_day": rule.percent,
                "percent": rule.percent * days,
                "example": rule.is_example,
            }
        )
    return {
        "nip": employee.nip,
        "full_name": employee.full_name,
        "asn_type": employee.asn_type,
        "unit_code": employee.unit.code,
        "working_days": summary.working_days,
        "counts": {code: n for code, n in summary.counts.items() if n},
        "late_minutes": summary.late_minutes,
        "early_minutes": summary.early_minutes,
        "deductions": deductions,
        "deduction_percent": summary.deduction,
        "example": summary.example,
    }


class _Encoder(DjangoJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, Decimal):
            return str(o)
        return super().default(o)


def _line(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, cls=_Encoder, ensure_ascii=False) + "\n").encode()


def batches(people: QuerySet[Employee], size: int = BATCH) -> Iterator[list[Employee]]:
    """`people` a batch at a time, by id (one query per batch)."""
    last = 0
    while True:
        batch = list(people.filter(pk__gt=last).select_related("unit").order_by("pk")[:size])
        if not batch:
            return
        yield batch
        last = batch[-1].pk


def lines(
    request: HttpRequest, people: QuerySet[Employee], year: int, month: int, *, today: dt.date
) -> Iterator[bytes]:
    first = monthly.gather([], year, month, today=today, year_to_date=False)
    yield _line({"type": "month", **month_state(first)})
    for batch in batches(people):
        recap = monthly.gather(batch, year, month, today=today, year_to_date=False)
        for row in recap.rows:
            yield _line({"type": "person", **row_out(row, recap.rules)})
        count_rows(request, len(recap.rows))
