"""Heads decide check-ins outside every place through the shared workflow: accepted, the day counts with the
check-in's times; rejected with a note, it does not count; each decision is an audit event; a head decides
only their scope and never their own; a locked month refuses both decisions in words."""

import pytest

from attendance.evaluation.bulk import evaluate
from attendance.models import MonthLock
from policy.models import AuditEvent
from tests.attendance.verification.test_verification_fixtures import (  # noqa: F401
    MONDAY,
    accept,
    april,
    check,
    outside,
    refuse,
)
from tests.conftest import login

pytestmark = pytest.mark.usefixtures("april")


def codes(employee, day=MONDAY):
    return evaluate([employee], [day]).status(employee.pk, day).codes


def test_an_accepted_check_in_counts(client, world):
    siti = world.staff_alpha1
    waiting = outside(siti, mm=41)
    check(siti, MONDAY, "out", 16, 5, location="inside")
    assert codes(siti) == ("MV",)
    login(client, world.lurah_alpha1)
    response = accept(client, waiting, note="Undangan rapat terlampir")
    assert response.status_code == 302 and response.url == "/verifikasi/"
    waiting.refresh_from_db()
    assert (waiting.status, waiting.decided_by, waiting.decision_note) == (
        "approved", world.lurah_alpha1.user, "Undangan rapat terlampir",
    )
    assert codes(siti) == ("TL1",)
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.employee, event.note, event.data) == (
        "approved", world.lurah_alpha1.user, siti, "Undangan rapat terlampir",
        {"verification": str(waiting.code), "date": "2026-04-06"},
    )
    page = client.get("/verifikasi/").content.decode()
    assert "Presensi Siti Alpha di luar radius diterima: hari itu dihitung dengan jam presensinya." in page


def test_a_rejected_check_in_does_not_count_and_says_why(client, world):
    siti = world.staff_alpha1
    waiting = outside(siti)
    login(client, world.camat_alpha)  # the head above the lurah decides too
    refuse(client, waiting, note="Tidak ada undangan rapat hari itu")
    waiting.refresh_from_db()
    assert (waiting.status, waiting.decision_note) == ("rejected", "Tidak ada undangan rapat hari itu")
    assert codes(siti) == ("TK",)
    assert AuditEvent.objects.get().action == "rejected"
    login(client, siti)
    page = client.get(f"/verifikasi/{waiting.code}/").content.decode()
    assert "Ditolak: presensi ini tidak dihitung." in page and "Tidak ada undangan rapat hari itu" in page
    mine = client.get("/verifikasi/").content.decode()
    assert "ditolak kepala unit" in mine and "Tidak ada undangan rapat hari itu" in mine


def test_it_rejects_only_with_a_note(client, world):
    waiting = outside(world.staff_alpha1)
    login(client, world.lurah_alpha1)
    html = refuse(client, waiting, note=" ").content.decode()
    assert "Tuliskan alasan penolakan untuk pegawai." in html
    waiting.refresh_from_db()
    assert waiting.status == "pending" and not AuditEvent.objects.exists()


def test_it_answers_htmx_with_the_decided_row_and_the_new_count(client, world):
    first, second = outside(world.staff_alpha1), outside(world.staff_alpha2)
    login(client, world.camat_alpha)
    html = accept(client, first, HX_Request="true").content.decode()
    assert f'id="ver-{first.code}"' in html and "diterima kepala unit" in html
    assert 'id="pending-count" role="status" hx-swap-oob="true"' in html and "1 presensi menunggu" in html
    assert second.code.hex not in html


def test_a_second_decision_changes_nothing(client, world):
    waiting = outside(world.staff_alpha1)
    login(client, world.lurah_alpha1)
    refuse(client, waiting)
    login(client, world.camat_alpha)
    accept(client, waiting)
    waiting.refresh_from_db()
    assert waiting.status == "rejected" and AuditEvent.objects.count() == 1
    page = client.get("/verifikasi/").content.decode()
    assert "Presensi ini sudah ditolak; tidak ada yang diubah." in page


def test_a_head_never_decides_their_own(client, world):
    own = outside(world.lurah_alpha1)
    login(client, world.lurah_alpha1)
    assert accept(client, own).status_code == 404
    own.refresh_from_db()
    assert own.status == "pending"
    assert f'id="ver-{own.code}"' not in client.get("/verifikasi/").content.decode()
    login(client, world.camat_alpha)
    accept(client, own)
    own.refresh_from_db()
    assert own.status == "approved"


def test_a_head_of_another_unit_an_operator_and_the_person_cannot_decide(client, world):
    waiting = outside(world.staff_alpha1)
    login(client, world.lurah_beta1)
    assert accept(client, waiting).status_code == 404
    assert refuse(client, waiting).status_code == 404
    assert client.get(f"/verifikasi/{waiting.code}/").status_code == 404
    for who in (world.operator_alpha1, world.staff_alpha1):
        login(client, who)
        assert accept(client, waiting).status_code == 403
    waiting.refresh_from_db()
    assert waiting.status == "pending" and not AuditEvent.objects.exists()


def test_an_admin_decides_anywhere(client, world):
    waiting = outside(world.staff_beta1)
    login(client, world.admin_user)
    accept(client, waiting)
    waiting.refresh_from_db()
    assert waiting.status == "approved" and waiting.decided_by == world.admin_user


@pytest.mark.parametrize("decide", [accept, refuse], ids=["accept", "reject"])
def test_a_locked_month_refuses_a_decision_in_words(client, world, decide):
    waiting = outside(world.staff_alpha1)
    MonthLock.objects.create(year=2026, month=4, locked_by=world.admin_user)
    login(client, world.admin_user)
    response = decide(client, waiting)
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == "pending" and not AuditEvent.objects.exists()
    page = client.get("/verifikasi/").content.decode()
    assert "Bulan April 2026 sudah dikunci setelah verifikasi rekap" in page
    assert "presensi ini tidak dapat diputuskan lagi dan tidak dihitung." in page
    assert f'action="/verifikasi/{waiting.code}/terima/"' not in page
