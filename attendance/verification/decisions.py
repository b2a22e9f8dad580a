"""Decisions on check-ins made outside every place of the day (SE BKPSDM 4/2025: void until explained).

Accepted, the check-in counts with its own times; rejected (policy.approvals.workflow.reject_pending, the
same for every kind), it never counts and the day is what the other check-ins make it
(attendance.models.verification_counts). A verified month is final: locking it rejects, in the lock's
transaction, every verification of the month still waiting (`close_month`), and no decision is taken on
its days afterwards. Every decision is one audit event (data: {"verification": code}).
"""

import datetime as dt

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from attendance.models import MonthLock, Verification
from policy import audit
from policy.approvals.decision import DecisionError
from policy.models import AuditEvent
from units import clock

Status = Verification.Status
# The decision note of those the lock rejects: data, kept in Indonesian whatever the page's language.
CLOSED_NOTE = gettext_noop(
    "Belum diputuskan ketika rekap bulan %(month)s dikunci, jadi presensi ini tidak dihitung."
)


def locked_message(day: dt.date) -> str:
    return _(
        "Bulan %(month)s sudah dikunci setelah verifikasi rekap: presensi di luar radius pada bulan itu tidak "
        "dapat diputuskan lagi. Yang belum diputuskan saat dikunci tidak dihitung."
    ) % {"month": date_format(day, "F Y")}


def refusal(item: Verification) -> str:
    """Why `item` cannot be decided now ("" when it can): its month is locked (one query)."""
    return locked_message(item.date) if MonthLock.is_locked(item.date) else ""


def approve(item: Verification, actor, *, note: str = "") -> None:
    """Accept the reason: the check-in counts from now on. The month is checked again with the row locked
    (a lock rejecting it meanwhile has already decided it: DecisionError)."""
    with transaction.atomic():
        locked = item.lock_pending()
        if MonthLock.is_locked(locked.date):
            raise DecisionError(locked_message(locked.date))
        locked.decide(Status.APPROVED, actor, note)
        audit.record(actor, AuditEvent.Action.APPROVED, note=note, **locked.decision_trail())
    item.refresh_from_db()


def _month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, month, 1)
    return first, (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def waiting_in_month(year: int, month: int) -> int:
    """How many verifications of the month still wait (what locking it would reject; one query)."""
    return Verification.objects.filter(status=Status.PENDING, date__range=_month_range(year, month)).count()


def close_month(year: int, month: int, actor) -> int:
    """Inside the transaction that locks the month: reject every verification of its days still waiting,
    with a note saying so and one audit event each, before the month's figures are stored. Returns how
    many (three queries, and the audit events in bulk)."""
    waiting = list(
        Verification.objects.select_for_update()
        .filter(status=Status.PENDING, date__range=_month_range(year, month))
        .select_related("employee")
        .order_by("pk")
    )
    if not waiting:
        return 0
    note = CLOSED_NOTE % {"month": f"{month:02d}/{year}"}
    Verification.objects.filter(pk__in=[v.pk for v in waiting]).update(
        status=Status.REJECTED, decided_by=actor, decided_at=clock.now(), decision_note=note
    )
    events = []
    for item in waiting:
        trail = item.trail()
        events.append(
            AuditEvent(actor=actor, action=AuditEvent.Action.REJECTED, employee=trail.pop("employee"), note=note, data=trail)
        )
    AuditEvent.objects.bulk_create(events)
    return len(waiting)
