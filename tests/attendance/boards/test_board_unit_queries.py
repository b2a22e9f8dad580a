"""Bounded cost: the unit board runs the same number of queries for 10 and for 200 staff, with their
check-ins, pending requests and pending corrections (the whole page for a head, and the htmx poll)."""

import datetime as dt

import pytest

from attendance.models import CheckIn
from tests.attendance.approvals.test_correction_fixtures import jakarta, pending
from tests.attendance.boards.test_board_unit import TUESDAY, ask, tuesday  # noqa: F401
from tests.conftest import forget_snapshots, login, make_employee, make_unit

URL = "/papan/unit/17.99.01.1001/"


def grow(world, unit, total):
    """Staff the unit up to `total` people: one in three late, one in ten outside the fence, one in five
    asking for izin tomorrow, one in seven with a correction of Monday."""
    have = unit.employees.count()
    for n in range(have, total):
        person = make_employee(unit, f"Pegawai {n:03d}")
        if n % 2 == 0:
            CheckIn.objects.create(
                employee=person, date=TUESDAY, kind="in", at=jakarta(TUESDAY, 7, 40 if n % 3 == 0 else 7),
                location="outside" if n % 10 == 0 else "inside", distance_m=300 if n % 10 == 0 else 5,
                reason="Di lapangan" if n % 10 == 0 else "", created_by=person.user,
            )
        if n % 5 == 0:
            ask(person, start=TUESDAY + dt.timedelta(days=1))
        if n % 7 == 0:
            pending(person, TUESDAY - dt.timedelta(days=1))


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "poll"])
def test_it_keeps_the_query_count_flat_from_10_to_200_staff(
    client, world, tuesday, django_assert_max_num_queries, htmx  # noqa: F811
):
    unit = world.kel_alpha1
    make_unit("17.99.01.1001.01", "Pos Pelayanan Alpha Satu", "upt", unit)
    headers = {"HX-Request": "true"} if htmx else {}
    login(client, world.lurah_alpha1)
    grow(world, unit, 10)
    client.get(URL, headers=headers)  # schedules, holidays, policies, shifts and bands: once per process
    forget_snapshots()  # built afresh, not from the snapshot of the request above
    # Rebuilt: the shift swaps waiting and the coverage alerts are counted (two queries), so that a page from the
    # snapshot reads their rows only when some are.
    with django_assert_max_num_queries(14 if htmx else 45) as small:
        response = client.get(URL, headers=headers)
    assert response.content.decode().count('<tr id="row-') == 10
    grow(world, unit, 200)
    forget_snapshots()
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        response = client.get(URL, headers=headers)
    assert response.content.decode().count('<tr id="row-') == 200
    print(f"board {'poll' if htmx else 'page'}: {len(small)} queries for 10 staff, {len(large)} for 200")
