"""Staff ask for a correction: only past or today's working days, not in a locked month, not twice."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from attendance.evaluation.bulk import evaluate
from attendance.models import Correction, MonthLock
from policy.models import AuditEvent
from tests.attendance.approvals.test_correction_fixtures import (  # noqa: F401
    MONDAY,
    TUESDAY,
    approve,
    april,
    check,
)
from tests.conftest import login

pytestmark = pytest.mark.usefixtures("april")


# A valid correction of Monday's missing check-out; each test changes what it is about.
FIELDS = {"date": "2026-04-06", "kind": "lupa_pulang", "time_out": "16:05", "reason": "Lupa menekan tombol"}


def post(client, **data):
    return client.post("/koreksi/baru/", {**FIELDS, **data})


def test_it_records_a_pending_correction_and_its_audit_event(client, world):
    login(client, world.staff_alpha1)
    response = post(client)
    correction = Correction.objects.get()
    assert response.status_code == 302 and response.url == f"/koreksi/{correction.code}/"
    assert (correction.employee, correction.date, correction.kind, correction.status) == (
        world.staff_alpha1, MONDAY, "lupa_pulang", "pending",
    )
    assert correction.time_out.strftime("%H:%M") == "16:05" and correction.time_in is None
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.employee, event.note) == (
        "requested", world.staff_alpha1.user, world.staff_alpha1, "Lupa menekan tombol",
    )
    assert event.data["correction"] == str(correction.code) and event.data["date"] == "2026-04-06"


def test_it_prefills_the_date_from_the_calendar_and_shows_the_day(client, world):
    check(world.staff_alpha1, MONDAY, "in", 7, 20)
    login(client, world.staff_alpha1)
    html = client.get("/koreksi/baru/?tanggal=2026-04-06").content.decode()
    assert 'value="2026-04-06"' in html
    assert "Presensi Senin, 6 April 2026 saat ini" in html
    assert "PSW4 · tidak presensi pulang" in html and "Presensi masuk 07:20" in html


def test_it_asks_for_the_reason_and_the_time_of_the_kind(client, world):
    login(client, world.staff_alpha1)
    html = post(client, reason="", time_out="").content.decode()
    assert "Tuliskan alasan koreksi." in html and "Isi jam pulang yang sebenarnya." in html
    html = post(client, kind="dl_mendadak", spt_number="").content.decode()
    assert "Isi nomor SPT dinas luar." in html
    assert not Correction.objects.exists()


def test_it_refuses_a_later_day_a_weekend_and_a_time_not_yet_passed(client, world):
    login(client, world.staff_alpha1)
    assert "Koreksi hanya untuk hari ini atau hari yang sudah lewat." in post(client, date="2026-04-13").content.decode()
    html = post(client, date="2026-04-04").content.decode()
    assert "Sabtu, 4 April 2026 bukan hari kerja Anda" in html
    html = post(client, date="2026-04-10", time_out="16:30").content.decode()
    assert "Jam 16:30 hari ini belum lewat." in html
    assert not Correction.objects.exists()


def test_it_keeps_what_was_typed_when_refusing(client, world):
    login(client, world.staff_alpha1)
    html = post(client, date="2026-04-04", reason="Tombol tidak merespons").content.decode()
    assert "Tombol tidak merespons" in html and 'value="16:05"' in html


def test_it_refuses_a_locked_month(client, world):
    MonthLock.objects.create(year=2026, month=4, locked_by=world.admin_user)
    login(client, world.staff_alpha1)
    html = post(client).content.decode()
    assert "Bulan April 2026 sudah dikunci setelah verifikasi rekap" in html
    assert not Correction.objects.exists()


def test_it_refuses_the_same_kind_twice_while_pending(client, world):
    login(client, world.staff_alpha1)
    post(client)
    html = post(client, time_out="16:10").content.decode()
    assert "Koreksi &#x27;Lupa presensi pulang&#x27; untuk 6 April 2026 sudah diajukan" in html
    post(client, kind="lupa_masuk", time_in="07:25")  # another kind for the same day is fine
    assert Correction.objects.count() == 2


def test_it_refuses_gps_when_nothing_was_flagged(client, world):
    check(world.staff_alpha1, TUESDAY, "in", 7, 20, location="inside")
    login(client, world.staff_alpha1)
    html = post(client, date="2026-04-07", kind="gps_gagal").content.decode()
    assert "tidak ada presensi yang ditandai masalah lokasi" in html
    check(world.staff_alpha1, TUESDAY, "out", 16, 5, location="outside", distance_m=320, reason="Di lapangan")
    assert post(client, date="2026-04-07", kind="gps_gagal").status_code == 302


def test_it_refuses_a_day_already_on_approved_leave(client, world):
    from policy.models import Arrangement

    Arrangement.objects.create(
        employee=world.staff_alpha1, kind="cuti", leave_type="tahunan", start_date=MONDAY, end_date=MONDAY,
        working_days=1, status="approved",
    )
    login(client, world.staff_alpha1)
    html = post(client).content.decode()
    assert "Anda sudah tercatat cuti" in html


def test_it_checks_the_attachment_by_its_content(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    login(client, world.staff_alpha1)
    fake = SimpleUploadedFile("spt.pdf", b"MZ not a pdf", content_type="application/pdf")
    html = post(client, attachment=fake).content.decode()
    assert "Lampiran harus berupa berkas PDF, JPG atau PNG." in html
    big = SimpleUploadedFile("spt.pdf", b"%PDF-1.4" + b"0" * (2 * 1024 * 1024), content_type="application/pdf")
    assert "Lampiran paling besar 2 MB" in post(client, attachment=big).content.decode()
    good = SimpleUploadedFile("Surat Siti.pdf", b"%PDF-1.4 ok", content_type="application/pdf")
    assert post(client, attachment=good).status_code == 302
    name = Correction.objects.get().attachment.name
    assert name.startswith("koreksi/") and name.endswith(".pdf") and "Siti" not in name


def test_it_swaps_the_fields_of_the_kind_with_htmx(client, world):
    login(client, world.staff_alpha1)
    response = client.get(
        "/koreksi/baru/?kind=dl_mendadak", headers={"HX-Request": "true", "HX-Target": "kind-fields"}
    )
    html = response.content.decode()
    assert 'id="kind-fields"' in html and "Nomor SPT" in html and "<h1" not in html


def test_it_is_for_people_with_an_employee_record(client, world):
    login(client, world.admin_user)
    assert client.get("/koreksi/baru/").status_code == 403


def test_a_dl_at_an_activity_site_can_get_a_forgotten_check_in_corrected(client, world):
    """SE BKPSDM 4/2025: a DL with an activity site is checked in there, so a day without its check-in (TK) can
    be corrected like an office day; a DL without a site cannot (nothing is checked in), nor "DL mendadak"."""
    from policy.models import Arrangement

    dl = Arrangement.objects.create(
        employee=world.staff_alpha1, kind="dl", start_date=MONDAY, end_date=MONDAY, working_days=1, status="approved",
        spt_number="094/1/2026", site_name="Aula Kantor Gubernur", site_latitude="-3.791000",
        site_longitude="102.265000", site_radius_m=15,
    )
    login(client, world.staff_alpha1)
    assert "Anda sudah tercatat dinas luar" in post(client, kind="dl_mendadak", spt_number="094/2/2026").content.decode()
    assert post(client, kind="lupa_masuk", time_in="07:25").status_code == 302
    correction = Correction.objects.get()
    assert correction.kind == "lupa_masuk"
    login(client, world.lurah_alpha1)
    approve(client, correction)
    assert evaluate([world.staff_alpha1], [MONDAY]).status(world.staff_alpha1.pk, MONDAY).code == "DL"  # not TK
    login(client, world.staff_alpha1)
    Arrangement.objects.filter(pk=dl.pk).update(site_name="", site_latitude=None, site_longitude=None, site_radius_m=None)
    assert "Anda sudah tercatat dinas luar" in post(client, time_out="16:10").content.decode()


def test_a_forgotten_break_check_in_is_corrected_inside_the_break_window(client, world):
    """SE BKPSDM 4/2025's break moment: a day marked TPI for a missing break check-in can be corrected with the
    time it should have been, inside that day's break window; the approval turns TPI into H."""
    staff = world.staff_alpha1  # the test schedule: break 12:00–13:00 Monday to Thursday
    check(staff, MONDAY, "in", 7, 20)
    check(staff, MONDAY, "out", 16, 5)
    login(client, staff)
    html = post(client, kind="lupa_istirahat", time_out="", time_break="12:10").content.decode()
    assert "Hari itu tidak meminta presensi istirahat." in html  # the rule not yet in force for this schedule
    schedule = staff.unit.schedule
    schedule.break_checkin_from = MONDAY
    schedule.save()
    assert evaluate([staff], [MONDAY]).status(staff.pk, MONDAY).codes == ("TPI",)
    html = post(client, kind="lupa_istirahat", time_out="", time_break="14:00").content.decode()
    assert "Jam istirahat hari itu 12:00–13:00; isi jam di antaranya." in html
    assert "Isi jam presensi istirahat yang sebenarnya." in post(client, kind="lupa_istirahat", time_out="").content.decode()
    assert post(client, kind="lupa_istirahat", time_out="", time_break="12:10").status_code == 302
    correction = Correction.objects.get()
    assert (correction.kind, correction.time_break, correction.time_out) == ("lupa_istirahat", dt.time(12, 10), None)
    login(client, world.lurah_alpha1)
    approve(client, correction)
    assert evaluate([staff], [MONDAY]).status(staff.pk, MONDAY).codes == ("H",)
    detail = client.get(f"/koreksi/{correction.code}/").content.decode()
    assert "Jam presensi istirahat yang sebenarnya" in detail and "12:10" in detail
