"""Which check-ins need a head's verification, and their insert: the check-in hot path's one write
(attendance.checkin.sql.insert), with a pending Verification in the same transaction when it needs one.

No audit event is written here: the check-in itself (its time, place and reason) is the request, and the
decision on it is audited (attendance.verification.decisions).
"""

from django.db import transaction

from attendance.checkin import sql
from attendance.models import FLAGGED_LOCATIONS, CheckIn, Presence, Verification
from policy.approvals import notices


def needed(row: CheckIn) -> bool:
    """A phone check-in outside every place of the day, or without a usable position. A kiosk scan
    vouches for presence at the counter; a correction was decided already."""
    return row.method == CheckIn.Method.PHONE and row.location in FLAGGED_LOCATIONS


def insert(row: CheckIn, presence: Presence | None = None) -> None:
    """Insert `row` as attendance.checkin.sql.insert does, with its pending Verification when it needs one
    (one transaction: never a flagged check-in without it, which would count as one from before the rule),
    and set its `verification_status` as CheckIn.objects.with_verification() reads it. A refused insert
    (IntegrityError) leaves neither. `presence`: the person's kept row of the day, written with a check-in that
    counts (one waiting for verification changes nothing the boards count)."""
    if not needed(row):
        sql.insert(row, presence)
        row.verification_status = None
        return
    with transaction.atomic():
        sql.insert(row)
        verification = Verification.objects.create(checkin=row, employee=row.employee, date=row.date)
        notices.waiting(verification)
    row.verification_status = Verification.Status.PENDING
