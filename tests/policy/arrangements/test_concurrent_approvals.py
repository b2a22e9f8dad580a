"""Two heads, or two tabs, approving at the same moment never take a unit below its minimum.

PostgreSQL only: SQLite serialises whole transactions and ignores SELECT … FOR UPDATE. Run with
DATABASE_URL=postgres://… ; each round starts two threads (each with its own connection) that
approve two pending WFH requests of one unit at once, where approving both would breach the minimum.
"""

import threading

import pytest
from django.db import connection, connections

from policy.approvals.decision import DecisionError
from policy.arrangements import requests
from policy.models import AuditEvent
from policy.plan.building import build_plan
from tests.conftest import World
from tests.policy.arrangements.requests_fixtures import (  # noqa: F401
    MONDAY,
    allow_wfh,
    friday,
    minimum,
    pending,
    staff,
)
from units.models import Employee

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("friday")]


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("Row locks need PostgreSQL: run with DATABASE_URL=postgres://…")


def approve_at_once(arrangements, users):
    barrier = threading.Barrier(len(arrangements))
    results, errors = [], []

    def run(arrangement, user):
        try:
            barrier.wait(timeout=10)
            results.append(requests.approve(arrangement, user).approved)
        except DecisionError as error:  # the other one decided first
            results.append(str(error))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=pair) for pair in zip(arrangements, users, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    return results


@pytest.mark.parametrize("round_", range(10))
def test_it_approves_exactly_one_of_two_simultaneous_approvals(round_):
    world = World()
    policy = allow_wfh(world)
    second_head = staff(world, world.dukcapil, "Sekretaris Dinas", role=Employee.Role.HEAD)
    a, b = staff(world, world.dukcapil, "Petugas A"), staff(world, world.dukcapil, "Petugas B")
    minimum(policy, world.dukcapil, 3)  # four on site: one of the two may work from home
    first, second = pending(a), pending(b)

    results = approve_at_once([first, second], [world.head_dukcapil.user, second_head.user])

    assert sorted(results) == [False, True]
    first.refresh_from_db()
    second.refresh_from_db()
    assert sorted([first.status, second.status]) == ["approved", "pending"]
    plan = build_plan(Employee.objects.filter(unit=world.dukcapil), [MONDAY])
    assert plan.shortfalls(world.dukcapil.pk, MONDAY) == []
    assert sum(plan.on_site(world.dukcapil.pk, MONDAY).values()) == 3


@pytest.mark.parametrize("round_", range(5))
def test_it_approves_one_request_once_from_two_tabs(round_):
    world = World()
    allow_wfh(world)
    arrangement = pending(world.staff_alpha1)
    results = approve_at_once(
        [arrangement, arrangement], [world.lurah_alpha1.user, world.camat_alpha.user]
    )
    assert sorted(results, key=str) == [
        "Pengajuan ini sudah disetujui; tidak ada yang diubah.",
        True,
    ]
    assert AuditEvent.objects.filter(arrangement=arrangement, action="approved").count() == 1
