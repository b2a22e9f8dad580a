"""The coverage alerts' history on the trends page (issue 14): per unit, how many alerts, on how many days and
for how many minutes it was short while open, the most minutes first; an alert still open counts up to now."""

import re

from attendance.models import CoverageAlert
from attendance.trends import shortfalls
from tests.attendance.recap.test_recap_totals import jakarta
from tests.attendance.trends.test_trends_aggregation import MON, THU, build_week, freeze
from tests.attendance.trends.test_trends_page import _empty_cache  # noqa: F401
from tests.conftest import login
from units.models import Unit


def test_it_adds_up_the_minutes_of_each_units_alerts():
    a, b = Unit(pk=1, code="a", tree_path="/a/"), Unit(pk=2, code="b", tree_path="/b/")
    now = jakarta(THU, 10, 0)
    rows = shortfalls.tally(
        [
            {"unit_id": 1, "date": MON, "opened_at": jakarta(MON, 7, 40), "resolved_at": jakarta(MON, 8, 10)},
            {"unit_id": 1, "date": MON, "opened_at": jakarta(MON, 13, 0), "resolved_at": jakarta(MON, 13, 5)},
            {"unit_id": 2, "date": THU, "opened_at": jakarta(THU, 9, 0), "resolved_at": None},  # still short
            {"unit_id": 9, "date": THU, "opened_at": jakarta(THU, 9, 0), "resolved_at": None},  # not shown
        ],
        {1: a, 2: b},
        now,
    )
    assert [(r.unit.code, r.alerts, r.day_count, r.minutes) for r in rows] == [("b", 1, 1, 60), ("a", 2, 1, 35)]


def test_the_trends_page_lists_the_units_short_of_staff(client, world, monkeypatch):
    freeze(monkeypatch)
    build_week(world)
    unit = Unit.objects.get(code="17.99.01.1007")
    for day, start, end in ((MON, (7, 40), (8, 25)), (THU, (7, 45), (8, 0))):
        CoverageAlert.objects.create(
            unit=unit, date=day, opened_at=jakarta(day, *start), resolved_at=jakarta(day, *end), needed=2, present=1,
            missing=1,
        )
    login(client, world.admin_user)
    html = client.get("/tren/?unit=17.99.01.1007").content.decode()
    row = re.search(r'<tr data-unit="17.99.01.1007"><th scope="row">Kelurahan Tren Uji</th>(.*?)</tr>', html, re.S)
    assert row and re.findall(r">(\d+)<", row.group(1)) == ["2", "2", "60"]
    assert "1 unit pernah kurang petugas" in html
    CoverageAlert.objects.all().delete()
    assert "Tidak ada peringatan kurang petugas dalam 30 hari ini." in client.get("/tren/?unit=17.99.01.1007").content.decode()
