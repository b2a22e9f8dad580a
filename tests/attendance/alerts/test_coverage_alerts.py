"""Coverage alerts (issue 14): a frontline unit below its minimum while open raises an alert a grace after
opening, to its head and operators; it climbs to the unit above and BKPSDM when nobody takes it on; it resolves
itself when the count is back, and everyone it reached is told. One alert per unit and episode, whatever runs
the scan.

The day is test_board_city's worked Monday (units open 07:30): at 10:00 Kelurahan Alpha Dua has 1 of its 2 on
site (no head of its own; the camat of Alpha above), Kelurahan Beta Satu 0 of 2 (its lurah); Alpha Satu has
enough."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from attendance.alerts import scan, tasks
from attendance.boards import coverage
from attendance.models import CoverageAlert
from tests.attendance.boards.test_board_city import MONDAY, build_city, check, freeze, text
from tests.attendance.recap.test_recap_totals import jakarta
from tests.conftest import login
from units import clock
from units.models import Notification
from units.schedule import Hours

KEL2, BETA1 = "17.99.01.1002", "17.99.02.1001"
GRACE, CLIMB = dt.timedelta(minutes=10), dt.timedelta(minutes=15)


@pytest.fixture
def city(world, monkeypatch):
    freeze(monkeypatch, hh=7, mm=35)
    return build_city(world)


def at(monkeypatch, hh, mm=0):
    freeze(monkeypatch, hh=hh, mm=mm)
    return jakarta(MONDAY, hh, mm)


def alerts() -> dict[str, CoverageAlert]:
    return {a.unit.code: a for a in CoverageAlert.objects.select_related("unit")}


def notices(who) -> list[tuple[str, str]]:
    user = who.user if hasattr(who, "user") else who
    return [(n.kind, n.data["code"]) for n in Notification.objects.filter(user=user).order_by("id")]


# --- The step, pure ---

OPEN = coverage.Service(coverage.OPEN, Hours(dt.time(7, 30), dt.time(16)))


def row(short: bool, service=OPEN) -> coverage.UnitCoverage:
    return coverage.UnitCoverage(
        code="u", name="Kelurahan Uji", short_name="Kel. Uji", kind="kelurahan", frontline=True, tree_path="/u/",
        kecamatan="", kecamatan_path="", service=service, staff=3, minimums={"": 2},
        present={"": 1 if short else 2},
    )


def aware(hh, mm):
    return jakarta(MONDAY, hh, mm)


@pytest.mark.parametrize(
    "short, now, alert, action",
    [
        (True, aware(7, 39), None, scan.NOTHING),  # within the grace after opening
        (True, aware(7, 40), None, scan.RAISE),
        (False, aware(10, 0), None, scan.NOTHING),
        (True, aware(10, 14), scan.Open(aware(10, 0), 1, False), scan.KEEP),
        (True, aware(10, 15), scan.Open(aware(10, 0), 1, False), scan.ESCALATE),
        (True, aware(10, 15), scan.Open(aware(10, 0), 1, True), scan.KEEP),  # someone took it on
        (True, aware(11, 0), scan.Open(aware(10, 0), 2, False), scan.KEEP),  # climbs once
        (False, aware(10, 5), scan.Open(aware(10, 0), 2, False), scan.RESOLVE),
    ],
)
def test_the_step_of_one_unit(short, now, alert, action):
    assert scan.step(row(short), alert, now, grace=GRACE, escalate_after=CLIMB) == action


def test_a_closed_unit_resolves_its_alert_and_raises_none():
    closed = coverage.Service(coverage.AFTER, Hours(dt.time(7, 30), dt.time(16)))
    assert scan.step(row(True, closed), scan.Open(aware(15, 0), 1, False), aware(16, 0), grace=GRACE,
                     escalate_after=CLIMB) == scan.RESOLVE
    assert scan.step(row(True, closed), None, aware(16, 0), grace=GRACE, escalate_after=CLIMB) == scan.NOTHING


# --- The scan over the worked day ---


def test_it_raises_one_alert_per_short_unit_after_the_grace_and_tells_its_managers(city, monkeypatch):
    assert scan.scan(at(monkeypatch, 7, 35)).raised == 0  # Beta Satu short since 07:30: within the grace
    result = scan.scan(at(monkeypatch, 10, 0))
    assert (result.raised, result.short) == (2, 2)
    found = alerts()
    assert set(found) == {KEL2, BETA1}
    assert (found[BETA1].needed, found[BETA1].present, found[BETA1].missing, found[BETA1].level) == (2, 0, 2, 1)
    assert notices(city.world.lurah_beta1) == [("coverage_short", BETA1)]
    assert notices(city.world.camat_alpha) == [] and notices(city.world.admin_user) == []
    # The next scans keep the same alerts and tell nobody again.
    scan.scan(at(monkeypatch, 10, 1))
    scan.scan(at(monkeypatch, 10, 1))
    assert CoverageAlert.objects.count() == 2 and Notification.objects.count() == 1


def test_it_climbs_to_the_unit_above_and_bkpsdm_unless_someone_took_it_on(city, client, monkeypatch):
    scan.scan(at(monkeypatch, 10, 0))
    login(client, city.world.lurah_beta1)
    beta = alerts()[BETA1]
    assert client.post(f"/peringatan/{beta.pk}/tangani/").status_code == 302
    assert scan.scan(at(monkeypatch, 10, 14)).escalated == 0
    assert scan.scan(at(monkeypatch, 10, 15)).escalated == 1  # Alpha Dua only: Beta Satu is taken on
    found = alerts()
    assert (found[KEL2].level, found[BETA1].level) == (2, 1)
    assert found[BETA1].acknowledged_by == city.world.lurah_beta1.user
    assert notices(city.world.camat_alpha) == [("coverage_escalated", KEL2)]
    assert notices(city.world.admin_user) == [("coverage_escalated", KEL2)]
    assert scan.scan(at(monkeypatch, 10, 40)).escalated == 0  # once


def test_a_check_in_resolves_it_and_everyone_it_reached_is_told(city, monkeypatch):
    scan.scan(at(monkeypatch, 10, 0))
    scan.scan(at(monkeypatch, 10, 15))
    check(city.andi, "in", 10, 20)  # Alpha Dua: 2 of 2 now
    result = scan.scan(at(monkeypatch, 10, 21))
    assert result.resolved == 1
    alpha2 = alerts()[KEL2]
    assert alpha2.resolved_at == jakarta(MONDAY, 10, 21) and alpha2.present == 2
    assert notices(city.world.camat_alpha) == [("coverage_escalated", KEL2), ("coverage_resolved", KEL2)]
    assert ("coverage_resolved", KEL2) in notices(city.world.admin_user)
    # A new shortfall later is a new episode: a new alert.
    check(city.andi, "out", 11, 0)
    scan.scan(at(monkeypatch, 11, 1))
    assert CoverageAlert.objects.filter(unit__code=KEL2).count() == 2


def test_closing_time_resolves_what_is_open(city, monkeypatch):
    scan.scan(at(monkeypatch, 10, 0))
    assert scan.scan(at(monkeypatch, 16, 0)).resolved == 2
    assert not CoverageAlert.objects.filter(resolved_at__isnull=True).exists()


def test_two_scans_racing_raise_escalate_and_resolve_once(city, monkeypatch):
    """The database holds one open alert per unit, and the climb and the resolution are conditional updates:
    the second of two scans that read the same state does nothing and tells nobody."""
    now = at(monkeypatch, 10, 0)
    rows = {r.code: r for r in coverage.gather(*scan_scope(), now=now)}
    assert scan._raise(rows[BETA1], now) == 1
    assert scan._raise(rows[BETA1], now) == 0
    alert = alerts()[BETA1]
    later = at(monkeypatch, 10, 15)
    assert scan._escalate(alert, rows[BETA1], later) == 1
    assert scan._escalate(alert, rows[BETA1], later) == 0
    assert scan._resolve(alert, rows[BETA1], later) == 1
    assert scan._resolve(alert, rows[BETA1], later) == 0
    assert CoverageAlert.objects.count() == 1
    assert [n.kind for n in Notification.objects.filter(user=city.world.admin_user).order_by("id")] == [
        "coverage_escalated", "coverage_resolved"
    ]
    assert [n.kind for n in Notification.objects.filter(user=city.world.lurah_beta1.user).order_by("id")] == [
        "coverage_short", "coverage_resolved"
    ]


def scan_scope():
    from units.models import Employee, Unit

    units = Unit.objects.active().filter(is_frontline=True)
    return units, Employee.objects.active().filter(unit__in=units)


# --- The scheduler and the task ---


def test_the_scheduler_enqueues_a_scan_that_the_worker_runs(city, monkeypatch):
    at(monkeypatch, 10, 0)
    out = StringIO()
    call_command("run_scheduler", "--once", verbosity=2, stdout=out)  # TASKS_IMMEDIATE in the tests: runs now
    assert "scan enqueued for 2026-04-13 10:00" in out.getvalue()
    assert set(alerts()) == {KEL2, BETA1}


def test_a_stale_scan_is_skipped(city, monkeypatch):
    at(monkeypatch, 10, 5)
    assert tasks.scan_coverage.call(jakarta(MONDAY, 10, 0).isoformat()) == {"skipped": "2026-04-13T10:00:00+07:00"}
    assert not CoverageAlert.objects.exists()


# --- What people see ---


def test_the_board_shows_the_alert_and_who_took_it_on(city, client, monkeypatch):
    scan.scan(at(monkeypatch, 10, 0))
    login(client, city.world.lurah_beta1)
    page = text(client.get(f"/papan/unit/{BETA1}/").content.decode())
    assert "Belum teratasi Kelurahan Beta Satu: kurang petugas sejak 10:00 (0 dari minimal 2 di kantor)." in page
    assert "Saya tangani" in page
    alert = alerts()[BETA1]
    client.post(f"/peringatan/{alert.pk}/tangani/")
    page = text(client.get(f"/papan/unit/{BETA1}/").content.decode())
    assert "Ditangani Lurah Beta Satu sejak 10:00." in page and "Saya tangani" not in page


def test_the_board_shows_an_alert_raised_in_the_minute_of_its_last_load(city, client, monkeypatch):
    """The board's snapshot counts the alerts it shows (their rows are read only when some are): one raised after
    a load, in the same minute, shows at the next load."""
    now = at(monkeypatch, 10, 0)
    login(client, city.world.lurah_beta1)
    assert "kurang petugas sejak" not in text(client.get(f"/papan/unit/{BETA1}/").content.decode())
    scan.scan(now)
    page = text(client.get(f"/papan/unit/{BETA1}/").content.decode())
    assert "Belum teratasi Kelurahan Beta Satu: kurang petugas sejak 10:00 (0 dari minimal 2 di kantor)." in page


def test_only_people_who_see_the_unit_may_take_it_on(city, client, monkeypatch):
    scan.scan(at(monkeypatch, 10, 0))
    alert = alerts()[BETA1]
    login(client, city.world.lurah_alpha1)  # another kelurahan
    assert client.post(f"/peringatan/{alert.pk}/tangani/").status_code == 404
    login(client, city.world.staff_beta1)  # staff: not a manager
    assert client.post(f"/peringatan/{alert.pk}/tangani/").status_code == 403
    assert client.get(f"/peringatan/{alert.pk}/tangani/").status_code in (403, 405)
    assert not CoverageAlert.objects.filter(acknowledged_at__isnull=False).exists()


def test_the_bell_counts_unread_notices_and_the_list_says_them_in_words(city, client, monkeypatch):
    scan.scan(at(monkeypatch, 10, 0))
    login(client, city.world.lurah_beta1)
    assert text(client.get("/pemberitahuan/jumlah/").content.decode()) == "Pemberitahuan (1 belum dibaca)"
    page = text(client.get("/pemberitahuan/").content.decode())
    assert "Kelurahan Beta Satu kurang 2 petugas: 0 dari minimal 2 di kantor sekarang." in page
    client.post("/pemberitahuan/baca/")
    assert text(client.get("/pemberitahuan/jumlah/").content.decode()) == "Pemberitahuan"
    assert clock.now() == jakarta(MONDAY, 10, 0)
