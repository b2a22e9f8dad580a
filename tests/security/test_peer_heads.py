"""A head's request goes to the head above (or a city admin), never to another head of the same unit:
otherwise a head could appoint a second head (and set their password) and approve their own request."""

import pytest

from tests.conftest import login, make_employee
from tests.policy.arrangements.requests_fixtures import friday, pending  # noqa: F401
from units.models import Employee

pytestmark = pytest.mark.usefixtures("friday")


@pytest.fixture
def second_head(world):
    return make_employee(world.kel_alpha1, "Plt Lurah Alpha Satu", Employee.Role.HEAD)


def test_it_keeps_a_heads_request_from_another_head_of_the_same_unit(client, world, second_head):
    arrangement = pending(world.lurah_alpha1, kind="izin", reason="x")
    login(client, second_head)
    assert str(arrangement.code) not in client.get("/persetujuan/").content.decode()
    assert client.post(f"/persetujuan/{arrangement.code}/setujui/").status_code == 404
    arrangement.refresh_from_db()
    assert arrangement.status == "pending"


def test_it_leaves_a_heads_request_to_the_head_above(client, world, second_head):
    arrangement = pending(world.lurah_alpha1, kind="izin", reason="x")
    login(client, world.camat_alpha)
    assert client.post(f"/persetujuan/{arrangement.code}/setujui/").status_code == 302
    arrangement.refresh_from_db()
    assert arrangement.status == "approved"


def test_it_still_lets_either_head_decide_for_their_staff(client, world, second_head):
    arrangement = pending(world.staff_alpha1, kind="izin", reason="x")
    login(client, second_head)
    assert client.post(f"/persetujuan/{arrangement.code}/setujui/").status_code == 302
