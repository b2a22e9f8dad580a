"""The read operations answer what the app's own pages compute (the one evaluation, the recap, the leave count),
never personal data, and page with a cursor."""

import datetime as dt

from django.utils import timezone

from api.read.schemas import StaffOut
from attendance.evaluation.bulk import evaluate
from attendance.models import CheckIn, MonthLock
from attendance.recap import monthly
from policy.arrangements.requests import leave_balance
from policy.models import Arrangement
from tests.api.conftest import bearer, freeze
from units.models import Employee

MONDAY = dt.date(2026, 4, 6)


def _check(employee, day, kind, hh, mm):
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(hh, mm)))
    CheckIn.objects.create(employee=employee, date=day, kind=kind, at=at, created_by=employee.user)


def test_staff_never_carry_a_home_address_or_coordinates(client, api_keys):
    siti = api_keys.world.staff_alpha1
    assert siti.home_address and siti.home_latitude is not None
    assert set(StaffOut.model_fields) == {
        "nip", "full_name", "asn_type", "unit_code", "position_title", "position_category", "service_role",
        "start_date", "is_active",
    }
    for url in ("/api/v1/staff", f"/api/v1/staff/{siti.nip}"):
        content = client.get(url, **bearer(api_keys.alpha_read)).content.decode()
        assert siti.nip in content
        assert "Mawar" not in content and "-3.8" not in content and "102.26" not in content


def test_the_staff_list_pages_with_a_cursor(client, api_keys):
    seen, cursor = [], None
    while True:
        query = "limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = client.get(f"/api/v1/staff?{query}", **bearer(api_keys.city_read)).json()
        assert len(page["items"]) <= 2
        seen += [p["nip"] for p in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(Employee.objects.values_list("nip", flat=True))


def test_the_statuses_are_the_evaluations(client, api_keys, monkeypatch):
    world = api_keys.world
    freeze(monkeypatch, dt.datetime(2026, 4, 10, 20))
    siti = world.staff_alpha1
    _check(siti, MONDAY, "in", 7, 50)
    _check(siti, MONDAY, "out", 15, 40)
    dl = Arrangement.objects.create(
        employee=siti, kind="dl", start_date=MONDAY + dt.timedelta(days=1), end_date=MONDAY + dt.timedelta(days=1),
        status=Arrangement.Status.APPROVED, working_days=1,
    )
    url = "/api/v1/units/17.99.01.1001/statuses?start=2026-04-06&end=2026-04-10"
    answer = client.get(url, **bearer(api_keys.alpha_read)).json()
    days = [MONDAY + dt.timedelta(days=i) for i in range(5)]
    expected = evaluate(Employee.objects.filter(pk=siti.pk), days, lean=True)
    mine = next(p for p in answer["items"] if p["nip"] == siti.nip)
    assert [d["codes"] for d in mine["days"]] == [list(expected.status(siti.pk, d).codes) for d in days]
    monday, tuesday = mine["days"][0], mine["days"][1]
    assert monday["code"].startswith("TL") and monday["late_minutes"] == 20 and monday["early_minutes"] == 20
    assert tuesday["code"] == "DL" and tuesday["arrangement"] == {"code": str(dl.code), "kind": "dl", "leave_type": ""}


def test_a_status_range_is_bounded(client, api_keys):
    url = "/api/v1/units/17.99.01.1001/statuses?start=2026-01-01&end=2026-03-01"
    assert client.get(url, **bearer(api_keys.alpha_read)).status_code == 422


def test_the_recap_says_whether_the_month_is_final(client, api_keys, monkeypatch):
    world = api_keys.world
    freeze(monkeypatch, dt.datetime(2026, 5, 10, 9))
    siti = world.staff_alpha1
    _check(siti, MONDAY, "in", 7, 50)
    url = "/api/v1/recap/2026/4?unit=17.99.01.1001"
    answer = client.get(url, **bearer(api_keys.alpha_read)).json()
    assert answer["month"]["final"] is False and "Not final" in answer["month"]["note"]
    recap = monthly.gather([siti], 2026, 4, today=dt.date(2026, 5, 10), year_to_date=False)
    row = next(r for r in answer["items"] if r["nip"] == siti.nip)
    assert row["deduction_percent"] == str(recap.rows[0].summary.deduction)
    assert row["counts"] == {k: v for k, v in recap.rows[0].summary.counts.items() if v}
    assert {d["code"] for d in row["deductions"]} <= set(row["counts"])
    MonthLock.objects.create(year=2026, month=4, locked_by=world.admin_user)
    answer = client.get(url, **bearer(api_keys.alpha_read)).json()
    assert answer["month"]["final"] is True and answer["month"]["locked"] is True


def test_the_leave_balance_is_the_request_forms(client, api_keys):
    siti = api_keys.world.staff_alpha1
    answer = client.get(f"/api/v1/staff/{siti.nip}/leave?year=2026", **bearer(api_keys.alpha_read)).json()
    found = leave_balance(siti, 2026)
    assert (answer["entitled"], answer["carried"], answer["used"], answer["balance"]) == (
        found.entitled, found.carried, found.used, found.balance
    )


def test_coverage_lists_only_the_keys_frontline_units(client, api_keys):
    answer = client.get("/api/v1/coverage", **bearer(api_keys.beta_read)).json()
    assert {row["unit_code"] for row in answer["items"]} == {"17.99.02", "17.99.02.1001"}


def test_the_docs_are_served_without_a_cdn(client, db):
    html = client.get("/api/v1/docs").content.decode()
    assert "/api/v1/staff/sync" in html and "openapi.json" in html
    assert "cdn" not in html.lower() and 'src="http' not in html and 'href="http' not in html


def test_the_docs_read_each_description_as_its_paragraphs():
    from api.docs import unwrapped

    assert unwrapped("Rows whose unit,\nor whose person's unit, are errors.\n\nOthers are written.") == (
        "Rows whose unit, or whose person's unit, are errors.\nOthers are written."
    )
