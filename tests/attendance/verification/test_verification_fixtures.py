"""Shared helpers for the verification tests: the frozen Friday 10 April 2026 of the correction tests,
check-ins made outside every place with their Verification, and the decision endpoints.
Import what you use: `from tests.attendance.verification.test_verification_fixtures import april, ...`.
"""

from attendance.models import CheckIn, Verification
from tests.attendance.approvals.test_correction_fixtures import (  # noqa: F401 (fixture "april")
    MONDAY,
    THURSDAY,
    TODAY,
    TUESDAY,
    WEDNESDAY,
    april,
    check,
    jakarta,
)

OUTSIDE = {"location": "outside", "distance_m": 320, "accuracy_m": 12, "reason": "Rapat di kantor camat"}


def outside(employee, day=MONDAY, kind="in", hh=7, mm=20, *, status="pending", **extra) -> Verification:
    """A phone check-in outside every place with its Verification (`status`), as a check-in leaves it."""
    event = check(employee, day, kind, hh, mm, **{**OUTSIDE, **extra})
    return Verification.objects.create(checkin=event, employee=employee, date=day, status=status)


def legacy(employee, day=MONDAY, kind="in", hh=7, mm=20) -> CheckIn:
    """A check-in flagged before SE BKPSDM 4/2025's rule: no Verification."""
    return check(employee, day, kind, hh, mm, **OUTSIDE)


def accept(client, verification, note="", **headers):
    return client.post(f"/verifikasi/{verification.code}/terima/", {"note": note}, headers=headers)


def refuse(client, verification, note="Tidak ada surat tugas", **headers):
    return client.post(f"/verifikasi/{verification.code}/tolak/", {"note": note}, headers=headers)
