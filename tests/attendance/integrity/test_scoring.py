"""The nightly scoring and the "Presensi mencurigakan" pages (issue 15 part 2): the check-ins read per unit,
a case per flagged person with each signal's reason, heads see their units' cases and admins the city's, never
their own; marking a case reviewed is audited and the next scoring looks only at later check-ins."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from attendance.integrity import planted, scoring, signals
from attendance.models import CheckIn, IntegrityRules, SuspicionCase
from policy.models import AuditEvent
from tests.attendance.recap.test_recap_totals import jakarta
from tests.conftest import login, make_employee
from units import clock

NOW = jakarta(dt.date(2026, 11, 28), 1, 30)
SPOT = planted.moved(planted.OFFICE, 14, -9)


@pytest.fixture
def office(world, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: NOW)
    monkeypatch.setattr(clock, "today", lambda: NOW.date())
    unit = world.kel_alpha1
    unit.latitude, unit.longitude = Decimal(f"{planted.OFFICE[0]:.6f}"), Decimal(f"{planted.OFFICE[1]:.6f}")
    unit.save()
    return unit


def phone_checkin(employee, day: dt.date, hh: int, mm: int, point, accuracy=12) -> CheckIn:
    lat, lon = planted.stored(point)
    return CheckIn.objects.create(
        employee=employee, date=day, kind="in" if hh < 12 else "out", at=jakarta(day, hh, mm), method="phone",
        latitude=Decimal(f"{lat:.6f}"), longitude=Decimal(f"{lon:.6f}"), accuracy_m=accuracy, location="inside",
        distance_m=10, created_by=employee.user,
    )


def days(n: int) -> list[dt.date]:
    return planted.working_days(dt.date(2026, 11, 2), n)


@pytest.fixture
def month(world, office):
    """Siti (staff_alpha1) checks in from one pinned spot on 6 days; the operator's GPS wanders like a phone's."""
    for index, day in enumerate(days(6)):
        phone_checkin(world.staff_alpha1, day, 7, 20 + index, SPOT, accuracy=9 + index)
        phone_checkin(world.operator_alpha1, day, 7, 15, planted.moved(planted.OFFICE, 3 * index - 7, 11 - 2 * index))
    return world


def test_the_scoring_opens_a_case_for_the_spoofer_only_with_its_reason(month):
    found = scoring.score()
    assert (found.flagged, found.opened) == (1, 1)
    case = SuspicionCase.objects.get()
    assert case.employee == month.staff_alpha1 and case.unit == month.kel_alpha1
    assert (case.period_start, case.period_end) == (dt.date(2026, 10, 29), dt.date(2026, 11, 27))  # 30 days to yesterday
    [signal] = case.signals
    assert signal["kind"] == signals.SAME_POINT and signal["reason"].startswith("Koordinat yang sama")
    assert len(signal["checkins"]) == 6


def test_a_second_scoring_updates_the_open_case_and_clears_one_whose_signals_are_gone(month):
    scoring.score()
    scoring.score()
    assert SuspicionCase.objects.count() == 1
    rules = IntegrityRules.objects.create(same_point_days=7)  # an admin raises the threshold
    assert rules.thresholds().same_point_days == 7
    assert scoring.score().cleared == 1 and not SuspicionCase.objects.exists()


def test_it_reads_the_check_ins_per_unit_not_per_person(month):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            scoring.score(units=[month.kel_alpha1])
        return len(captured)

    before = queries()
    for n in range(4):
        person = make_employee(month.kel_alpha1, f"Tambahan {n}")
        for day in days(3):
            phone_checkin(person, day, 7, 30, planted.moved(planted.OFFICE, n * 5, day.day))
    assert queries() == before


def test_heads_see_their_units_cases_and_admins_the_citys(client, month):
    scoring.score()
    case = SuspicionCase.objects.get()
    login(client, month.lurah_alpha1)
    page = client.get("/presensi-mencurigakan/").content.decode()
    assert "Siti" in page or month.staff_alpha1.full_name in page
    assert "Titik sama berhari-hari" in page and "Belum ditinjau" in page
    detail = client.get(f"/presensi-mencurigakan/{case.pk}/").content.decode()
    assert "Koordinat yang sama (selisih kurang dari 1 meter) pada 6 hari berbeda" in detail
    assert f"{SPOT[0]:.6f}" in detail and detail.count("<tr>") == 1 + 6  # the head row and the six check-ins
    login(client, month.lurah_beta1)  # another kelurahan's head
    assert month.staff_alpha1.full_name not in client.get("/presensi-mencurigakan/").content.decode()
    assert client.get(f"/presensi-mencurigakan/{case.pk}/").status_code == 404
    login(client, month.staff_alpha1)  # the person never sees the list
    assert client.get("/presensi-mencurigakan/").status_code == 403


def test_nobody_sees_or_reviews_their_own_case(client, month):
    SuspicionCase.objects.create(
        employee=month.lurah_alpha1, unit=month.kel_alpha1, scored_at=NOW, period_start=NOW.date(),
        period_end=NOW.date(), signals=[],
    )
    login(client, month.lurah_alpha1)
    own = SuspicionCase.objects.get(employee=month.lurah_alpha1)
    assert client.get(f"/presensi-mencurigakan/{own.pk}/").status_code == 404
    assert client.post(f"/presensi-mencurigakan/{own.pk}/tinjau/", {"note": "Aman"}).status_code == 404
    assert "Lurah Alpha Satu" not in re.sub(r"<header.*?</header>", "", client.get("/presensi-mencurigakan/").content.decode(), flags=re.S)


def test_marking_a_case_reviewed_is_audited_and_keeps_its_check_ins_out_of_the_next_scoring(client, month):
    scoring.score()
    case = SuspicionCase.objects.get()
    login(client, month.lurah_alpha1)
    empty = client.post(f"/presensi-mencurigakan/{case.pk}/tinjau/", {"note": ""})
    assert empty.status_code == 400 and "Hasil peninjauan" in empty.content.decode()
    note = "Sudah ditanyakan: aplikasi lokasi palsu dipasang anaknya. Diteruskan ke BKPSDM."
    response = client.post(f"/presensi-mencurigakan/{case.pk}/tinjau/", {"note": note}, follow=True)
    assert "ditandai sudah ditinjau" in response.content.decode()
    case.refresh_from_db()
    assert not case.is_open and case.review_note == note and case.reviewed_by == month.lurah_alpha1.user
    event = AuditEvent.objects.get(action=AuditEvent.Action.SUSPICION_REVIEWED)
    assert event.employee == month.staff_alpha1 and event.note == note and len(event.data["checkins"]) == 6
    again = client.post(f"/presensi-mencurigakan/{case.pk}/tinjau/", {"note": "lagi"}, follow=True)
    assert "sudah ditinjau orang lain" in again.content.decode()
    assert scoring.score().flagged == 0  # the reviewed check-ins are not scored again
    assert SuspicionCase.objects.count() == 1


def test_the_list_keeps_its_query_count_flat(client, month, django_assert_max_num_queries):
    scoring.score()
    login(client, month.admin_user)
    client.get("/presensi-mencurigakan/")
    with CaptureQueriesContext(connection) as few:
        client.get("/presensi-mencurigakan/")
    for n in range(6):
        person = make_employee(month.kel_alpha2, f"Pegawai {n}")
        SuspicionCase.objects.create(employee=person, unit=month.kel_alpha2, scored_at=NOW, period_start=NOW.date(),
                                     period_end=NOW.date(), signals=[{"kind": "travel", "reason": "x", "checkins": []}])
    with django_assert_max_num_queries(len(few)):
        client.get("/presensi-mencurigakan/")


def test_the_command_scores_now(month, capsys):
    call_command("score_integrity")
    assert "1 people flagged (1 new cases, 0 cleared)" in capsys.readouterr().out


def test_open_cases_wait_in_the_heads_inbox_and_on_the_admins_landing_page(client, month):
    scoring.score()
    login(client, month.lurah_alpha1)
    inbox = client.get("/verifikasi/").content.decode()
    assert "1 pegawai dengan presensi mencurigakan menunggu tinjauan Anda." in inbox
    assert 'href="/presensi-mencurigakan/"' in inbox
    login(client, month.admin_user)
    assert "1 pegawai dengan presensi mencurigakan" in client.get("/papan/kota/").content.decode()
    SuspicionCase.objects.update(reviewed_at=NOW, reviewed_by=month.admin_user)
    login(client, month.lurah_alpha1)
    assert "presensi mencurigakan menunggu" not in client.get("/verifikasi/").content.decode()
