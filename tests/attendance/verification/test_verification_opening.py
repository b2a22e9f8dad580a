"""A phone check-in outside every place of the day is saved with its reason and a pending Verification, in
one transaction; inside a place, by a kiosk scan or by a correction nothing waits. The card says it does
not count yet. A unit that refuses check-ins outside the radius still refuses them."""

import uuid

import pytest
from django.db import connection

from attendance.models import CheckIn, Verification
from attendance.verification import opening
from tests.attendance.checkin.test_checkin_page import (
    MONDAY,
    OFFICE,
    _frozen,  # noqa: F401 (fixture "frozen")
    _office,  # noqa: F401 (fixture "office")
    north_of,
    post,
    text,
)
from tests.conftest import login
from units.models import Unit

FAR = north_of(OFFICE, 320)


@pytest.fixture(autouse=True)
def _no_photo(world):
    for unit in Unit.objects.all():
        unit.photo_required = False
        unit.save()


def test_it_opens_a_pending_verification_for_a_check_in_outside(client, world, office, frozen):
    login(client, world.staff_alpha1)
    page = text(post(client, FAR, reason="Rapat di kantor camat", htmx=True))
    row = CheckIn.objects.get()
    verification = Verification.objects.get()
    assert (row.location, row.distance_m, row.reason) == ("outside", 320, "Rapat di kantor camat")
    assert (verification.checkin, verification.employee, verification.date) == (row, world.staff_alpha1, MONDAY)
    assert verification.status == "pending" and verification.decided_by is None
    assert "Tercatat 07:24 — belum dihitung" in page
    assert "menunggu verifikasi kepala unit" in page
    assert "sampai alasannya diterima, presensi itu belum dihitung" in page
    page = text(client.get("/saya/"))  # the same from the day's read
    assert "Tercatat 07:24 — belum dihitung" in page and "menunggu verifikasi kepala unit" in page


def test_it_opens_one_for_a_check_in_without_a_position(client, world, office, frozen):
    login(client, world.staff_alpha1)
    post(client, status="denied", reason="Ponsel kantor tidak mengizinkan lokasi")
    assert Verification.objects.get().checkin.location == "denied"


def test_it_opens_one_for_a_check_out_outside(client, world, office, frozen):
    login(client, world.staff_alpha1)
    post(client, north_of(OFFICE, 5))
    frozen.set(MONDAY, 16, 5)
    page = text(post(client, FAR, reason="Kunjungan lapangan", htmx=True))
    assert Verification.objects.get().checkin.kind == "out"
    assert "Tercatat 16:05 — belum dihitung" in page
    assert "Tercatat 07:24 — tepat waktu" in page


def test_nothing_waits_inside_the_fence(client, world, office, frozen):
    login(client, world.staff_alpha1)
    page = text(post(client, north_of(OFFICE, 5), htmx=True))
    assert CheckIn.objects.exists() and not Verification.objects.exists()
    assert "menunggu verifikasi" not in page


def test_a_retry_keeps_one_check_in_and_one_verification(client, world, office, frozen):
    login(client, world.staff_alpha1)
    token = uuid.uuid4()
    post(client, FAR, reason="Rapat", token=token)
    frozen.set(MONDAY, 7, 25)
    page = text(post(client, FAR, reason="Rapat", token=token, htmx=True))
    assert CheckIn.objects.count() == 1 and Verification.objects.count() == 1
    assert "Sudah tercatat sebelumnya" in page and "belum dihitung" in page


def test_a_unit_that_refuses_outside_check_ins_still_refuses(client, world, office, frozen):
    office.outside_fence = Unit.OutsideFence.REFUSE
    office.save()
    login(client, world.staff_alpha1)
    assert "tidak dicatat" in text(post(client, FAR, reason="Macet"))
    assert not CheckIn.objects.exists() and not Verification.objects.exists()


def test_the_check_in_is_not_kept_without_its_verification(client, world, office, frozen, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the verification could not be written")

    monkeypatch.setattr(Verification.objects, "create", broken)
    login(client, world.staff_alpha1)
    with pytest.raises(RuntimeError):
        post(client, FAR, reason="Rapat")
    assert not CheckIn.objects.exists()  # one transaction: never a flagged check-in that would count


@pytest.mark.parametrize(
    ("method", "location", "needed"),
    [
        ("phone", "outside", True),
        ("phone", "inaccurate", True),
        ("phone", "timeout", True),
        ("phone", "inside", False),
        ("phone", "not_checked", False),
        ("qr", "not_checked", False),
        ("qr", "outside", False),
        ("correction", "outside", False),
    ],
)
def test_only_phone_check_ins_outside_every_place_need_one(method, location, needed):
    assert opening.needed(CheckIn(method=method, location=location)) is needed


@pytest.mark.parametrize("where", ["inside", "outside"])
def test_it_checks_in_with_a_small_fixed_number_of_queries(
    client, world, office, frozen, where, django_assert_num_queries
):
    """Inside: the session, the user, the reads (one round trip on PostgreSQL, three statements on SQLite)
    and the insert in its savepoint, as before the rule. Outside: the same, in one transaction with the
    verification's insert (here a savepoint around both), who decides it, their notices and the channels they
    chose (three more). A check-in that counts also writes the person's kept presence row (attendance.presence:
    in the insert's statement on PostgreSQL, one more on SQLite); one waiting for verification changes nothing."""
    login(client, world.staff_alpha1)
    client.get("/saya/")
    reads = 3  # the plan inputs and the events: one round trip on PostgreSQL (attendance.checkin.sql.read)
    kept_row = 1 if where == "inside" and connection.vendor != "postgresql" else 0
    writes = (3 + kept_row) if where == "inside" else 9
    with django_assert_num_queries(2 + reads + writes):
        post(client, north_of(OFFICE, 5) if where == "inside" else FAR, reason="Rapat", htmx=True)
    assert CheckIn.objects.get().location == where
