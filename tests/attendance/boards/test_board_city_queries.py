"""The city board's cost does not grow with the staff: 150 units with 300 staff, then with 5,000, the same
number of queries (bulk inserts keep the test to a few seconds)."""

import datetime as dt

from attendance.models import CheckIn
from policy.models import StaffingMinimum
from tests.attendance.boards.test_board_city import MONDAY, freeze, jakarta
from tests.conftest import five_day_schedule, forget_snapshots, login, make_nip
from tests.policy.plan.test_my_day import make_policy
from units.models import Employee, Unit

UNITS = 150


def make_units(count: int) -> list[Unit]:
    schedule = five_day_schedule()
    kinds = [Unit.Kind.KELURAHAN, Unit.Kind.PUSKESMAS, Unit.Kind.DINAS]
    Unit.objects.bulk_create(
        Unit(
            code=f"beban-{n:03d}", name=f"Unit Beban {n}", short_name=f"Beban {n}", kind=kinds[n % 3],
            tree_path=f"/beban-{n:03d}/", is_frontline=n % 2 == 0, schedule=schedule,
        )
        for n in range(count)
    )
    return list(Unit.objects.filter(code__startswith="beban-"))


def add_staff(units: list[Unit], total: int, admin) -> None:
    """`total` more staff spread over the units; two in three checked in this morning."""
    before = set(Employee.objects.values_list("pk", flat=True))
    Employee.objects.bulk_create(
        Employee(
            nip=make_nip(), full_name=f"Pegawai Beban {n}", asn_type="PNS", position_title="Pelaksana",
            position_category=Employee.PositionCategory.PELAKSANA, unit=units[n % len(units)],
            start_date=dt.date(2015, 1, 1),
        )
        for n in range(total)
    )
    new = Employee.objects.exclude(pk__in=before).values_list("pk", flat=True)
    CheckIn.objects.bulk_create(
        CheckIn(employee_id=pk, date=MONDAY, kind="in", at=jakarta(MONDAY, 7, 15 + n % 30), created_by=admin)
        for n, pk in enumerate(new)
        if n % 3
    )


def test_it_keeps_the_query_count_flat_from_300_to_5000_staff(client, world, monkeypatch, django_assert_max_num_queries):
    freeze(monkeypatch)
    policy = make_policy(world)
    StaffingMinimum.objects.create(policy=policy, unit_kind=Unit.Kind.KELURAHAN, min_count=2, min_percent=50)
    units = make_units(UNITS)
    add_staff(units, 300, world.admin_user)
    login(client, world.admin_user)
    client.get("/papan/kota/")  # schedules, holidays, policies and minimums are read once per process
    forget_snapshots()  # measured afresh, not from the snapshot of the request above
    # 12 for the board, 5 for what waits for the admin's decision (requests, corrections, verifications, shift
    # swaps, and the suspicious check-ins to review).
    with django_assert_max_num_queries(17) as small:
        html = client.get("/papan/kota/").content.decode()
    assert html.count('<tr data-unit="beban-') == UNITS
    add_staff(units, 5000 - 300, world.admin_user)
    forget_snapshots()
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = client.get("/papan/kota/").content.decode()
    assert html.count('<tr data-unit="beban-') == UNITS
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get("/papan/kota/?jenis=kelurahan", headers={"HX-Request": "true"}).status_code == 200
