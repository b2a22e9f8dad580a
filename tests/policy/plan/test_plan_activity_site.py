"""A head's DL assignment at an activity site (SE BKPSDM 4/2025, issue 13 item 4): set from the plan's cell form
with a name and a point (the radius 15 m unless typed), refused without a point, and on that day the check-in is
fenced at the site, not at the office, and the day is DL with a check-in there and TK without."""

import datetime as dt
import re

import pytest
from django.db import IntegrityError, transaction

from attendance.evaluation.bulk import evaluate
from attendance.models import CheckIn
from policy.models import AuditEvent, PlanEntry
from tests.attendance.checkin.test_checkin_page import (
    MONDAY,
    OFFICE,
    _frozen,  # noqa: F401 (fixture "frozen")
    north_of,
    post,
    text,
)
from tests.conftest import login
from tests.policy.plan.test_plan_edit import HTMX, url

SITE = (-3.763000, 102.250000)  # about 3 km north of the office
SITE_FIELDS = {"site_name": "Aula Kantor Gubernur", "site_latitude": "-3,763000", "site_longitude": "102.250000"}


@pytest.fixture(name="office")
def _office(world):
    unit = world.kel_alpha1
    unit.latitude, unit.longitude = OFFICE
    unit.photo_required = False
    unit.save()
    return unit


def assign(world, employee, day=MONDAY, radius=15):
    return PlanEntry.objects.create(
        employee=employee, date=day, mode="dl", set_by=world.lurah_alpha1.user,
        site_name="Aula Kantor Gubernur", site_latitude=f"{SITE[0]:.6f}", site_longitude=f"{SITE[1]:.6f}",
        site_radius_m=radius,
    )


def test_the_head_assigns_a_dl_at_a_site_from_the_cell_form(client, world, frozen):
    frozen.set(MONDAY, 8, 0)
    login(client, world.lurah_alpha1)
    partial = client.get(url(world.staff_alpha1), **HTMX).content.decode()
    assert "Dinas luar di lokasi kegiatan" in partial and 'name="site_latitude"' in partial
    response = client.post(url(world.staff_alpha1), {"pilihan": "dl", **SITE_FIELDS}, **HTMX)
    assert response.status_code == 200
    entry = PlanEntry.objects.get(employee=world.staff_alpha1)
    assert (entry.mode, entry.site_name, str(entry.site_latitude), entry.site_radius_m) == (
        "dl", "Aula Kantor Gubernur", "-3.763000", 15
    )
    cell = response.content.decode()
    cell = cell[cell.index(f'id="cell-{world.staff_alpha1.code}-20260303"') :]
    assert "Dinas luar di Aula Kantor Gubernur (radius 15 m)" in cell[: cell.index("</td>")]
    event = AuditEvent.objects.get(action=AuditEvent.Action.PLAN_SET)
    assert event.data["mode"] == "dl" and event.data["site"] == "Aula Kantor Gubernur"
    assert event.data["site_point"] == ["-3.763000", "102.250000"] and event.data["site_radius_m"] == 15
    # The form opened again shows the site it holds.
    again = client.get(url(world.staff_alpha1), **HTMX).content.decode()
    assert re.search(r'value="dl"[^>]*checked', again) and 'value="Aula Kantor Gubernur"' in again


def test_a_dl_assignment_without_a_point_is_refused_and_keeps_what_was_typed(client, world, frozen):
    frozen.set(MONDAY, 8, 0)
    login(client, world.lurah_alpha1)
    html = client.post(url(world.staff_alpha1), {"pilihan": "dl", "site_name": "Aula"}, **HTMX).content.decode()
    assert "Isi lintang dan bujur lokasi kegiatan: presensi hari itu dilakukan di sana." in html
    assert 'value="Aula"' in html
    assert not PlanEntry.objects.exists() and not AuditEvent.objects.exists()


def test_site_fields_sent_with_another_mode_are_not_kept(client, world, frozen):
    frozen.set(MONDAY, 8, 0)
    login(client, world.lurah_alpha1)
    client.post(url(world.staff_alpha1), {"pilihan": "onsite", **SITE_FIELDS}, **HTMX)
    entry = PlanEntry.objects.get()
    assert (entry.mode, entry.site_name, entry.site_latitude, entry.site_radius_m) == ("onsite", "", None, None)


def test_the_database_holds_a_dl_assignment_to_its_site(world):
    """A DL assignment without a site, or a site on another mode, is refused by the database too."""
    for mode, site in (("dl", {}), ("onsite", {"site_latitude": 1, "site_longitude": 1, "site_radius_m": 15})):
        with pytest.raises(IntegrityError), transaction.atomic():
            PlanEntry.objects.create(
                employee=world.staff_alpha1, date=MONDAY, mode=mode, set_by=world.lurah_alpha1.user, **site
            )


def test_on_an_assigned_dl_day_the_check_in_is_fenced_at_the_site(client, world, office, frozen):
    assign(world, world.staff_alpha1)
    login(client, world.staff_alpha1)
    page = text(client.get("/saya/"))
    assert "Hari ini: dinas luar di Aula Kantor Gubernur (ditetapkan kepala unit); presensi dilakukan di sana." in page
    assert "Hari ini dinas luar: presensi di lokasi kegiatan Aula Kantor Gubernur (radius 15 m), bukan di kantor." in page
    # At the office: outside the day's only place (a reason is asked, nothing stored).
    assert "alasan wajib diisi" in text(post(client, OFFICE, accuracy=5))
    assert not CheckIn.objects.exists()
    page = text(post(client, north_of(SITE, 6), accuracy=5, htmx=True))
    row = CheckIn.objects.get()
    assert (row.planned_mode, row.location, row.distance_m, row.place_name) == ("dl", "inside", 6, "Aula Kantor Gubernur")
    assert "di dalam radius (6 m): Aula Kantor Gubernur" in page


def test_an_assigned_dl_day_is_dl_with_a_check_in_there_and_tk_without(client, world, office, frozen):
    assign(world, world.staff_alpha1)
    assign(world, world.staff_alpha2)
    world.kel_alpha2.photo_required = False
    world.kel_alpha2.save()
    login(client, world.staff_alpha1)
    post(client, north_of(SITE, 3), accuracy=5)
    frozen.set(MONDAY + dt.timedelta(days=1), 9, 0)
    found = evaluate([world.staff_alpha1, world.staff_alpha2], [MONDAY])
    assert found.status(world.staff_alpha1.pk, MONDAY).code == "DL"
    assert found.status(world.staff_alpha2.pk, MONDAY).code == "TK"
