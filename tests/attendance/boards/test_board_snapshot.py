"""Board snapshots (attendance.boards.snapshot): a second request in the same minute over the same data is served
from the snapshot, and every change a person makes during the day shows on the very next request; the
clock's own changes show at the minute they happen; a snapshot never crosses viewers, roles or languages.

Now is Tuesday 7 April 2026, 10:00 in Bengkulu (tests.attendance.test_board_unit).
"""

import datetime as dt

import pytest

from attendance.boards import snapshot
from attendance.models import CheckIn
from policy.models import Arrangement, PlanEntry
from tests.attendance.approvals.test_correction_fixtures import jakarta, pending
from tests.attendance.boards.test_board_city import MONDAY, check, freeze
from tests.attendance.boards.test_board_unit import KEL, TUESDAY, ask, check_in, row, tuesday, words  # noqa: F401
from tests.conftest import login, make_employee
from units import clock


def board(client, **headers) -> str:
    response = client.get(KEL, headers=headers)
    assert response.status_code == 200
    return response.content.decode()


def test_a_second_request_in_the_same_minute_is_served_from_the_snapshot(
    client, world, tuesday, django_assert_num_queries  # noqa: F811
):
    check_in(world.staff_alpha1, 7, 52)
    login(client, world.lurah_alpha1)
    first = board(client)
    # session, user, fingerprint (units: kept for the minute); no shift swap waits and no coverage alert is
    # shown, which the snapshot's counts say, so neither is asked for
    with django_assert_num_queries(3) as hit:
        second = board(client)
    assert not any("attendance_checkin\".\"id\"" in q["sql"] for q in hit.captured_queries)
    assert row(second, world.staff_alpha1) == row(first, world.staff_alpha1)
    assert "07:52" in row(second, world.staff_alpha1)


def test_a_check_in_shows_at_once(client, world, tuesday):  # noqa: F811
    login(client, world.lurah_alpha1)
    assert "belum presensi masuk" in row(board(client), world.staff_alpha1)
    check_in(world.staff_alpha1, 9, 58)
    assert "09:58" in row(board(client), world.staff_alpha1)
    assert "09:58" in row(board(client, HX_Request="true"), world.staff_alpha1)  # the poll too


def test_a_new_request_and_its_decision_show_at_once(client, world, tuesday):  # noqa: F811
    login(client, world.lurah_alpha1)
    assert "Izin" not in row(board(client), world.staff_alpha1)
    request = ask(world.staff_alpha1)
    assert "Izin" in row(board(client), world.staff_alpha1)  # waiting for a decision
    request.status, request.decided_at = Arrangement.Status.APPROVED, clock.now()
    request.save()
    html = board(client)
    assert "Tidak ada pengajuan pegawai di papan ini" in html  # no longer waiting
    assert "Izin" in row(html, world.staff_alpha1)  # now the plan of the day


def test_a_pending_correction_shows_at_once(client, world, tuesday):  # noqa: F811
    login(client, world.lurah_alpha1)
    assert "Koreksi" not in row(board(client), world.operator_alpha1)
    pending(world.operator_alpha1, TUESDAY - dt.timedelta(days=1))
    assert "Koreksi" in row(board(client), world.operator_alpha1)


def test_a_cancelled_leave_shows_at_once(client, world, tuesday):  # noqa: F811
    trip = ask(world.staff_alpha1, "dl", status=Arrangement.Status.APPROVED, spt_number="800/1/SPT/2026")
    login(client, world.lurah_alpha1)
    assert "<div>DL</div>" in row(board(client), world.staff_alpha1)
    trip.status = Arrangement.Status.CANCELLED
    trip.save()
    assert "<div>Di kantor</div>" in row(board(client), world.staff_alpha1)


def test_an_assignment_and_an_edit_of_a_person_show_at_once(client, world, tuesday):  # noqa: F811
    login(client, world.lurah_alpha1)
    assert "WFH" not in row(board(client), world.staff_alpha1)
    PlanEntry.objects.create(employee=world.staff_alpha1, date=TUESDAY, mode="wfh", set_by=world.lurah_alpha1.user)
    assert "WFH" in row(board(client), world.staff_alpha1)
    world.staff_alpha1.full_name = "Siti Berganti Nama"
    world.staff_alpha1.save()
    assert "Siti Berganti Nama" in row(board(client), world.staff_alpha1)
    newcomer = make_employee(world.kel_alpha1, "Pegawai Baru")
    assert "Pegawai Baru" in row(board(client), newcomer)


def test_the_clock_changes_the_board_at_the_minute_it_happens(client, world, monkeypatch):
    """Tuesday's hours end at 16:00; with no check-in the day turns TK when the check-out window closes at
    20:00: the snapshot of 19:59 does not answer at 20:00."""
    login(client, world.lurah_alpha1)
    monkeypatch.setattr(clock, "now", lambda: jakarta(TUESDAY, 19, 59))
    assert "belum presensi masuk" in row(board(client), world.staff_alpha1)
    monkeypatch.setattr(clock, "now", lambda: jakarta(TUESDAY, 20, 0))
    assert "TK" in words(row(board(client), world.staff_alpha1))


def test_a_snapshot_never_crosses_roles_or_languages(client, world, tuesday):  # noqa: F811
    ask(world.staff_alpha1)
    login(client, world.lurah_alpha1)
    assert "/pengajuan/" in row(board(client), world.staff_alpha1)  # the head opens the request
    login(client, world.operator_alpha1)
    assert "/pengajuan/" not in row(board(client), world.staff_alpha1)  # the operator only sees it
    client.cookies["django_language"] = "en"
    assert "not checked in yet" in board(client)


def test_the_units_kept_for_the_minute_stay_in_each_viewers_scope(client, world, tuesday):  # noqa: F811
    for who, status in [("camat_alpha", 200), ("lurah_beta1", 404), ("lurah_alpha1", 200), ("staff_alpha1", 403)]:
        login(client, getattr(world, who))
        assert client.get(KEL).status_code == status, who
    login(client, world.camat_alpha)
    assert client.get("/papan/unit/17.99.01/").status_code == 200
    login(client, world.lurah_alpha1)
    assert client.get("/papan/unit/17.99.01/").status_code == 404  # the camat's own unit, kept just above
    assert client.get("/papan/unit/17.99.01%2F17.99.01.1001/").status_code == 404


def test_the_fingerprint_watches_only_the_boards_own_staff(world, tuesday):  # noqa: F811
    alpha = [world.kel_alpha1.pk]
    before, city = snapshot.fingerprint([TUESDAY], alpha), snapshot.fingerprint([TUESDAY])
    check_in(world.staff_beta1, 7, 20)
    assert snapshot.fingerprint([TUESDAY], alpha) == before
    assert snapshot.fingerprint([TUESDAY]) != city
    check_in(world.staff_alpha1, 7, 25)
    assert snapshot.fingerprint([TUESDAY], alpha) != before


def test_the_city_board_shows_a_check_in_at_once_and_follows_the_clock(client, world, monkeypatch):
    freeze(monkeypatch, hh=10, mm=0)
    login(client, world.admin_user)
    first = client.get("/papan/kota/").content.decode()
    check(world.staff_alpha1, "in", 9, 59)
    second = client.get("/papan/kota/").content.decode()
    assert second != first
    assert "Keadaan pukul 10:00 WIB" in second
    freeze(monkeypatch, hh=10, mm=1)
    assert "Keadaan pukul 10:01 WIB" in client.get("/papan/kota/", headers={"HX-Request": "true"}).content.decode()


@pytest.mark.parametrize("day", [MONDAY])
def test_the_city_board_watches_yesterdays_check_ins_for_night_shifts(world, day):
    before = snapshot.fingerprint([day - dt.timedelta(days=1), day])
    CheckIn.objects.create(
        employee=world.staff_alpha1, date=day - dt.timedelta(days=1), kind="out", at=jakarta(day, 7, 0),
        created_by=world.staff_alpha1.user,
    )
    assert snapshot.fingerprint([day - dt.timedelta(days=1), day]) != before
