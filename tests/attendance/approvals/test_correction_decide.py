"""Heads approve or reject corrections: an approval adds correcting events (the original is never
edited) and the day's status changes; scope as for requests; a locked month refuses approvals."""

import datetime as dt

import pytest

from attendance.evaluation.bulk import evaluate
from attendance.models import CheckIn, Correction, MonthLock
from policy.models import Arrangement, AuditEvent
from tests.attendance.approvals.test_correction_fixtures import (  # noqa: F401
    MONDAY,
    THURSDAY,
    TUESDAY,
    WEDNESDAY,
    approve,
    april,
    check,
    jakarta,
    pending,
    reject,
)
from tests.conftest import login

pytestmark = pytest.mark.usefixtures("april")


def codes(employee, day):
    return evaluate([employee], [day]).status(employee.pk, day).codes


def test_it_turns_a_missing_check_out_into_a_full_day(client, world):
    siti = world.staff_alpha1
    original = check(siti, MONDAY, "in", 7, 20)
    assert codes(siti, MONDAY) == ("PSW4",)
    correction = pending(siti, MONDAY, "lupa_pulang", time_out=dt.time(16, 5))
    login(client, world.lurah_alpha1)
    response = approve(client, correction, note="Sesuai daftar hadir manual")
    assert response.status_code == 302 and response.url == "/koreksi/"
    assert codes(siti, MONDAY) == ("H",)
    added = CheckIn.objects.get(correction=correction)
    assert (added.kind, added.at, added.method, added.created_by, added.corrects) == (
        "out", jakarta(MONDAY, 16, 5), "correction", world.lurah_alpha1.user, None,
    )
    correction.refresh_from_db()
    assert (correction.status, correction.decided_by, correction.decision_note) == (
        "approved", world.lurah_alpha1.user, "Sesuai daftar hadir manual",
    )
    original.refresh_from_db()
    assert (original.at, original.method, original.kind) == (jakarta(MONDAY, 7, 20), "phone", "in")
    event = AuditEvent.objects.filter(action="approved").get()
    assert (event.actor, event.employee, event.note, event.data["correction"]) == (
        world.lurah_alpha1.user, siti, "Sesuai daftar hadir manual", str(correction.code),
    )


def test_it_turns_an_absent_day_present_with_both_corrections(client, world):
    siti = world.staff_alpha1
    assert codes(siti, WEDNESDAY) == ("TK",)
    came = pending(siti, WEDNESDAY, "lupa_masuk", time_in=dt.time(7, 25))
    left = pending(siti, WEDNESDAY, "lupa_pulang", time_out=dt.time(16, 10))
    login(client, world.lurah_alpha1)
    approve(client, came)
    assert codes(siti, WEDNESDAY) == ("PSW4",)  # in, but no check-out yet
    approve(client, left)
    assert codes(siti, WEDNESDAY) == ("H",)


def test_it_replaces_a_wrong_check_in_and_keeps_the_original(client, world):
    siti = world.staff_alpha1
    wrong = check(siti, MONDAY, "in", 9, 45)
    check(siti, MONDAY, "out", 16, 5)
    assert codes(siti, MONDAY) == ("TL4",)
    correction = pending(siti, MONDAY, "lupa_masuk", time_in=dt.time(7, 25))
    login(client, world.camat_alpha)  # the head above the lurah decides too
    approve(client, correction)
    assert codes(siti, MONDAY) == ("H",)
    added = CheckIn.objects.get(correction=correction)
    assert added.corrects == wrong and added.at == jakarta(MONDAY, 7, 25)
    wrong.refresh_from_db()
    assert wrong.at == jakarta(MONDAY, 9, 45) and wrong.method == "phone"


def test_it_accepts_the_location_of_a_flagged_check_in_for_gps(client, world):
    siti = world.staff_alpha1
    flagged = check(siti, TUESDAY, "in", 7, 20, location="outside", distance_m=320, reason="Sinyal GPS lemah")
    check(siti, TUESDAY, "out", 16, 5, location="inside")
    correction = pending(siti, TUESDAY, "gps_gagal")
    login(client, world.lurah_alpha1)
    approve(client, correction)
    added = CheckIn.objects.get(correction=correction)
    assert (added.kind, added.at, added.location, added.corrects) == ("in", flagged.at, "inside", flagged)
    result = evaluate([siti], [TUESDAY])
    assert result.status(siti.pk, TUESDAY).codes == ("H",)
    assert not any(e.flagged for e in result.checkins[(siti.pk, TUESDAY)])
    flagged.refresh_from_db()
    assert flagged.location == "outside"


def test_it_makes_a_sudden_official_trip_a_dl_day(client, world):
    siti = world.staff_alpha1
    assert codes(siti, THURSDAY) == ("TK",)
    correction = pending(siti, THURSDAY, "dl_mendadak", spt_number="800/12/SPT/2026")
    login(client, world.lurah_alpha1)
    approve(client, correction, note="SPT sudah saya tanda tangani")
    assert codes(siti, THURSDAY) == ("DL",)
    trip = Arrangement.objects.get()
    assert (trip.kind, trip.status, trip.start_date, trip.end_date, trip.spt_number, trip.decided_by) == (
        "dl", "approved", THURSDAY, THURSDAY, "800/12/SPT/2026", world.lurah_alpha1.user,
    )
    event = AuditEvent.objects.get(action="approved")
    assert event.arrangement == trip and event.data["correction"] == str(correction.code)
    assert not CheckIn.objects.exists()
    html = client.get(f"/koreksi/{correction.code}/").content.decode()
    assert "Dinas luar (DL) 9 April 2026 dicatat sebagai pengajuan yang disetujui." in html
    assert f'href="/pengajuan/{trip.code}/"' in html


def test_it_rejects_only_with_a_note(client, world):
    correction = pending(world.staff_alpha1)
    login(client, world.lurah_alpha1)
    html = reject(client, correction, note="  ").content.decode()
    assert "Tuliskan alasan penolakan untuk pegawai." in html
    correction.refresh_from_db()
    assert correction.status == "pending" and not AuditEvent.objects.filter(action="rejected").exists()
    reject(client, correction, note="Tidak ada di kantor sore itu")
    correction.refresh_from_db()
    assert (correction.status, correction.decision_note) == ("rejected", "Tidak ada di kantor sore itu")
    event = AuditEvent.objects.get(action="rejected")
    assert (event.actor, event.note) == (world.lurah_alpha1.user, "Tidak ada di kantor sore itu")
    assert not CheckIn.objects.filter(method="correction").exists()


def test_it_refuses_an_approval_in_a_locked_month(client, world):
    check(world.staff_alpha1, MONDAY, "in", 7, 20)
    correction = pending(world.staff_alpha1)
    MonthLock.objects.create(year=2026, month=4, locked_by=world.admin_user)
    login(client, world.admin_user)
    response = approve(client, correction, note="ok")
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Bulan April 2026 sudah dikunci" in m for m in messages)
    correction.refresh_from_db()
    assert correction.status == "pending"
    assert not CheckIn.objects.filter(method="correction").exists()
    assert codes(world.staff_alpha1, MONDAY) == ("PSW4",)


def test_it_hides_corrections_from_heads_of_other_units(client, world):
    correction = pending(world.staff_alpha1)
    for who in (world.lurah_beta1, world.head_dukcapil):
        login(client, who)
        assert approve(client, correction).status_code == 404
        assert reject(client, correction, note="x").status_code == 404
        assert client.get(f"/koreksi/{correction.code}/").status_code == 404
    correction.refresh_from_db()
    assert correction.status == "pending"


def test_it_never_lets_anyone_decide_their_own_correction(client, world):
    own = pending(world.lurah_alpha1)
    login(client, world.lurah_alpha1)
    assert approve(client, own).status_code == 404
    assert reject(client, own, note="x").status_code == 404
    html = client.get("/koreksi/").content.decode()
    assert "Tidak ada koreksi yang menunggu keputusan Anda." in html
    assert f"/koreksi/{own.code}/setujui/" not in html
    login(client, world.camat_alpha)  # the head above decides
    approve(client, own)
    own.refresh_from_db()
    assert own.status == "approved"


def test_it_does_not_let_staff_or_operators_decide(client, world):
    correction = pending(world.staff_alpha1)
    for who in (world.operator_alpha1, world.staff_alpha2, world.staff_alpha1):
        login(client, who)
        assert approve(client, correction).status_code == 403  # deciding is for heads, as for requests
        assert reject(client, correction, note="x").status_code == 403
    correction.refresh_from_db()
    assert correction.status == "pending"


def test_it_swaps_the_row_with_htmx_and_updates_the_count(client, world):
    check(world.staff_alpha1, MONDAY, "in", 7, 20)
    correction = pending(world.staff_alpha1)
    pending(world.staff_alpha2, MONDAY, "lupa_masuk")
    login(client, world.camat_alpha)
    response = client.post(
        f"/koreksi/{correction.code}/setujui/", {"note": ""},
        headers={"HX-Request": "true", "HX-Target": f"kor-{correction.code}"},
    )
    html = response.content.decode()
    assert f'id="kor-{correction.code}"' in html and "Disetujui" in html and "<h1" not in html
    assert 'id="pending-count" role="status" hx-swap-oob="true">1 koreksi menunggu' in html


def test_it_says_a_second_decision_changes_nothing(client, world):
    correction = pending(world.staff_alpha1)
    login(client, world.lurah_alpha1)
    reject(client, correction, note="Tidak sesuai")
    response = approve(client, correction)
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Koreksi ini sudah ditolak; tidak ada yang diubah." in m for m in messages)
    assert Correction.objects.get().status == "rejected"
