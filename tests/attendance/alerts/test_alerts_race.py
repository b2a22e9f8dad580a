"""Two workers scanning the same minute at PostgreSQL (issue 14): one alert per short unit, each notice once.

Skipped on SQLite, which serialises writers (no race to prove); there the same guarantees are proven step by
step (test_coverage_alerts.py: test_two_scans_racing_raise_escalate_and_resolve_once)."""

import threading

import pytest
from django.db import connection, connections

from attendance.alerts import scan
from attendance.models import CoverageAlert
from tests.attendance.alerts.test_coverage_alerts import BETA1, KEL2, at
from tests.attendance.boards.test_board_city import build_city, freeze
from units.models import Notification

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the race needs PostgreSQL (set DATABASE_URL)"
)


def race(moment, workers=2) -> list:
    barrier = threading.Barrier(workers)
    results: list = [None] * workers

    def run(index):
        try:
            barrier.wait(timeout=10)
            results[index] = scan.scan(moment)
        except Exception as error:  # reported by the caller's assertions
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.django_db(transaction=True)
def test_two_workers_raise_and_climb_once(world, monkeypatch):
    freeze(monkeypatch, hh=7, mm=35)
    city = build_city(world)
    results = race(at(monkeypatch, 10, 0))
    assert all(isinstance(r, scan.Result) for r in results), results
    assert sum(r.raised for r in results) == 2
    assert sorted(CoverageAlert.objects.values_list("unit__code", flat=True)) == sorted([KEL2, BETA1])
    assert Notification.objects.filter(user=city.world.lurah_beta1.user).count() == 1
    results = race(at(monkeypatch, 10, 15))
    assert sum(r.escalated for r in results) == 2
    assert Notification.objects.filter(user=city.world.admin_user, kind="coverage_escalated").count() == 2
