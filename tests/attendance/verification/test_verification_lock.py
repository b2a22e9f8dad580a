"""Locking a month (the recap's lock) rejects its check-ins still waiting for verification, in the lock's
transaction and before the month's figures are stored: they never count (TK, or the band of the other
check-ins), the person sees why, and nobody can decide them afterwards."""

import pytest

from attendance.evaluation.bulk import evaluate
from attendance.models import MonthTally
from attendance.verification import decisions
from policy.models import AuditEvent
from tests.attendance.recap.test_recap_totals import AFTER_APRIL, freeze
from tests.attendance.verification.test_verification_fixtures import (
    MONDAY,
    TUESDAY,
    accept,
    outside,
)
from tests.conftest import login


@pytest.fixture(autouse=True)
def _may(monkeypatch):
    freeze(monkeypatch, AFTER_APRIL)


def lock_april(client, world):
    login(client, world.admin_user)
    return client.post("/rekap/kunci/", {"bulan": "2026-04", "note": "BA verifikasi"})


def test_the_lock_page_says_how_many_still_wait(client, world):
    outside(world.staff_alpha1)
    outside(world.staff_beta1, TUESDAY)
    login(client, world.admin_user)
    page = client.get("/rekap/kunci/?bulan=2026-04").content.decode()
    assert "2 presensi di luar radius bulan ini belum diverifikasi kepala unit." in page
    assert 'href="/verifikasi/"' in page


def test_locking_rejects_what_still_waits_and_it_counts_as_tk(client, world):
    siti = world.staff_alpha1
    waiting = outside(siti)
    decided = outside(world.staff_alpha2, status="approved")
    # No other record of the day (a check-out alone would make it TL4, "tidak presensi masuk": issue 17).
    assert evaluate([siti], [MONDAY]).status(siti.pk, MONDAY).codes == ("MV",)
    lock_april(client, world)
    waiting.refresh_from_db()
    assert (waiting.status, waiting.decided_by) == ("rejected", world.admin_user)
    assert waiting.decision_note == "Belum diputuskan ketika rekap bulan 04/2026 dikunci, jadi presensi ini tidak dihitung."
    decided.refresh_from_db()
    assert decided.status == "approved"
    assert evaluate([siti], [MONDAY]).status(siti.pk, MONDAY).codes == ("TK",)
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.employee, event.data["verification"]) == (
        "rejected", world.admin_user, siti, str(waiting.code),
    )
    # The month's stored figures were computed after the rejection: Monday is one of Siti's TK days.
    tally = MonthTally.objects.get(employee=siti, year=2026, month=4)
    other = MonthTally.objects.get(employee=world.staff_alpha2, year=2026, month=4)
    assert tally.days == other.days + 1


def test_nobody_decides_after_the_lock(client, world):
    waiting = outside(world.staff_alpha1)
    lock_april(client, world)
    login(client, world.lurah_alpha1)
    accept(client, waiting)
    waiting.refresh_from_db()
    assert waiting.status == "rejected" and AuditEvent.objects.count() == 1
    assert "Presensi ini sudah ditolak; tidak ada yang diubah." in client.get("/verifikasi/").content.decode()
    login(client, world.staff_alpha1)
    page = client.get(f"/verifikasi/{waiting.code}/").content.decode()
    assert "Belum diputuskan ketika rekap bulan 04/2026 dikunci" in page


def test_closing_a_month_with_nothing_waiting_changes_nothing(world):
    assert decisions.close_month(2026, 4, world.admin_user) == 0
    assert not AuditEvent.objects.exists()
