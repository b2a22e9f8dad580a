"""SE BKPSDM Kota Bengkulu 4/2025 on the check-in: the places of the day (the unit's point and its other places,
the registered home, a DL's activity site), 15 m by default, no credit for the phone's accuracy, a "wait for a
better fix" answer with the accuracy in metres, and after CHECKIN_ACCURACY_TRIES attempts the position sent as
it is, flagged "Akurasi lokasi kurang" with a reason. The check-in names the place it was made at."""

import datetime as dt
import re
import uuid

import pytest
from django.conf import settings as django_settings
from django.db import connection

from attendance.models import CheckIn
from policy.models import Arrangement
from tests.attendance.checkin.test_checkin_page import (
    MONDAY,
    OFFICE,
    _frozen,  # noqa: F401 (fixture "frozen")
    north_of,
    post,
    text,
)
from tests.conftest import login
from units.models import Place, Unit

# About 1.1 km north of the office: the unit's counter at the MPP.
MPP = (-3.780000, 102.250000)
# The DL's activity site, about 3 km away.
SITE = (-3.763000, 102.250000)


@pytest.fixture(name="office")
def _office(world):
    """Kelurahan Alpha Satu with its point, the default 15 m radius, and its counter at the MPP."""
    unit = world.kel_alpha1
    unit.latitude, unit.longitude = OFFICE
    unit.geofence_radius_m = Unit._meta.get_field("geofence_radius_m").default
    unit.photo_required = False
    unit.save()
    Place.objects.create(unit=unit, name="Loket MPP", latitude=MPP[0], longitude=MPP[1])
    return unit


def dl_with_site(staff, *, radius=15, name="Aula Kantor Gubernur"):
    return Arrangement.objects.create(
        employee=staff, kind="dl", start_date=MONDAY, end_date=MONDAY, working_days=1, spt_number="094/1/2026",
        reason="Rapat koordinasi", status=Arrangement.Status.APPROVED,
        site_name=name, site_latitude=f"{SITE[0]:.6f}", site_longitude=f"{SITE[1]:.6f}", site_radius_m=radius,
    )


def test_the_default_radius_is_15_m():
    assert Unit._meta.get_field("geofence_radius_m").default == 15
    assert Place._meta.get_field("radius_m").default == 15


def test_it_records_an_arrival_inside_15_m_and_names_the_office(client, world, office, frozen):
    login(client, world.staff_alpha1)
    page = text(post(client, north_of(OFFICE, 10), accuracy=8, htmx=True))
    row = CheckIn.objects.get()
    assert (row.location, row.distance_m, row.place_name) == ("inside", 10, "Kantor Kelurahan Alpha Satu")
    assert "di dalam radius (10 m): Kantor Kelurahan Alpha Satu" in page


def test_it_flags_20_m_from_a_15_m_fence_with_a_good_fix(client, world, office, frozen):
    login(client, world.staff_alpha1)
    assert "Di luar radius kantor (20 m): alasan wajib diisi." in text(post(client, north_of(OFFICE, 20), accuracy=5))
    post(client, north_of(OFFICE, 20), accuracy=5, reason="Di parkiran")
    row = CheckIn.objects.get()
    assert (row.location, row.distance_m, row.place_name) == ("outside", 20, "")


def test_it_checks_in_at_another_place_of_the_unit_and_names_it(client, world, office, frozen):
    login(client, world.staff_alpha1)
    page = text(post(client, north_of(MPP, 4), accuracy=6, htmx=True))
    row = CheckIn.objects.get()
    assert (row.location, row.distance_m, row.place_name) == ("inside", 4, "Loket MPP")
    assert "di dalam radius (4 m): Loket MPP" in page


def test_it_measures_outside_to_the_nearest_place(client, world, office, frozen):
    login(client, world.staff_alpha1)
    page = text(post(client, north_of(MPP, 200), accuracy=5))
    assert "Di luar radius Loket MPP (200 m): alasan wajib diisi." in page


def test_an_inactive_place_does_not_count(client, world, office, frozen):
    Place.objects.filter(unit=office).update(is_active=False)
    # Also unseen by a signal (QuerySet.update): the table is read afresh here since nothing read it before.
    login(client, world.staff_alpha1)
    assert "Di luar radius kantor" in text(post(client, north_of(MPP, 4), accuracy=6))
    assert not CheckIn.objects.exists()


def test_a_place_added_later_counts_at_the_next_check_in(client, world, office, frozen):
    login(client, world.staff_alpha1)
    client.get("/saya/")  # the places are in memory now
    Place.objects.create(unit=office, name="Pos pelayanan pasar", latitude="-3.800000", longitude="102.250000")
    post(client, (-3.800000, 102.250000), accuracy=5)
    assert CheckIn.objects.get().place_name == "Pos pelayanan pasar"


def test_the_page_lists_the_places_of_the_day(client, world, office, frozen):
    login(client, world.staff_alpha1)
    page = text(client.get("/saya/"))
    assert (
        "Tempat presensi hari ini: Kantor Kelurahan Alpha Satu (radius 15 m); Loket MPP (radius 15 m)." in page
    )
    assert "hanya bila akurasi lokasi ponsel tidak lebih besar dari radius itu" in page


# The accuracy: wait for a better fix, then after the attempts send it as outside.


def retry_form(response) -> dict:
    html = response.content.decode()
    return {
        "tries": re.search(r'name="tries"(?: value="(\d*)")?', html).group(1),
        "goal": re.search(r'data-accuracy-goal="(\d+)"', html).group(1),
        "button": re.search(r'<button type="submit" class="big"[^>]*>([^<]+)</button>', html).group(1),
    }


def test_it_asks_a_60_m_fix_to_wait_for_a_better_one_and_stores_nothing(client, world, office, frozen):
    login(client, world.staff_alpha1)
    token = uuid.uuid4()
    response = post(client, north_of(OFFICE, 5), accuracy=60, token=token, htmx=True)
    assert response.status_code == 200
    page = text(response)
    assert "Akurasi lokasi ponsel Anda ±60 m, sedangkan radius Kantor Kelurahan Alpha Satu 15 m" in page
    assert "percobaan 1 dari 3" in page
    assert retry_form(response) == {"tries": "1", "goal": "15", "button": "Coba lagi"}
    assert str(token) in response.content.decode()  # the same form: its token, so a retry never doubles
    assert 'name="reason"' not in response.content.decode()
    assert not CheckIn.objects.exists()


def test_it_takes_the_better_fix_of_a_retry(client, world, office, frozen):
    login(client, world.staff_alpha1)
    token = uuid.uuid4()
    post(client, north_of(OFFICE, 5), accuracy=60, token=token, htmx=True)
    post(client, north_of(OFFICE, 6), accuracy=9, token=token, tries=1, htmx=True)
    row = CheckIn.objects.get()
    assert (row.location, row.accuracy_m, row.place_name) == ("inside", 9, "Kantor Kelurahan Alpha Satu")


def test_after_the_attempts_it_sends_the_position_as_outside_with_a_reason(client, world, office, frozen):
    login(client, world.staff_alpha1)
    token = uuid.uuid4()
    near = north_of(OFFICE, 5)
    assert retry_form(post(client, near, accuracy=60, token=token, tries=1))["tries"] == "2"
    assert "percobaan 2 dari 3" in text(post(client, near, accuracy=60, token=token, tries=1))
    third = post(client, near, accuracy=60, token=token, tries=2)
    page = text(third)
    assert (
        "Akurasi lokasi ponsel ±60 m, lebih besar dari radius Kantor Kelurahan Alpha Satu (15 m), jadi presensi "
        "ini dicatat sebagai di luar radius: alasan wajib diisi." in page
    )
    assert 'name="reason"' in third.content.decode() and not CheckIn.objects.exists()
    post(client, near, accuracy=60, token=token, tries=2, reason="GPS lemah di dalam gedung")
    row = CheckIn.objects.get()
    assert (row.location, row.accuracy_m, row.distance_m, row.place_name) == ("inaccurate", 60, 5, "")
    assert row.flagged and row.reason == "GPS lemah di dalam gedung"
    assert "Akurasi lokasi kurang (5 m)" in text(client.get("/saya/"))


def test_the_number_of_attempts_is_a_setting(client, world, office, frozen, settings):
    settings.CHECKIN_ACCURACY_TRIES = 1
    login(client, world.staff_alpha1)
    assert "alasan wajib diisi" in text(post(client, north_of(OFFICE, 5), accuracy=60))


def test_the_default_is_three_attempts():
    assert django_settings.CHECKIN_ACCURACY_TRIES == 3


def test_a_poor_fix_far_from_every_place_is_outside_at_once(client, world, office, frozen):
    """No better fix can bring a phone 500 m away inside: it is not asked to wait."""
    login(client, world.staff_alpha1)
    assert "Di luar radius kantor (500 m): alasan wajib diisi." in text(post(client, north_of(OFFICE, 500), accuracy=60))


def test_a_unit_that_refuses_outside_refuses_an_imprecise_fix_after_the_attempts(client, world, office, frozen):
    office.outside_fence = Unit.OutsideFence.REFUSE
    office.save()
    login(client, world.staff_alpha1)
    assert "Coba lagi" in text(post(client, north_of(OFFICE, 5), accuracy=60))
    page = text(post(client, north_of(OFFICE, 5), accuracy=60, tries=2, reason="GPS"))
    assert "Unit Anda hanya menerima presensi dari dalam radius" in page and "tidak dicatat" in page
    assert not CheckIn.objects.exists()


def test_a_position_without_an_accuracy_is_unavailable(client, world, office, frozen):
    login(client, world.staff_alpha1)
    data = {"token": str(uuid.uuid4()), "location_status": "ok", "latitude": f"{OFFICE[0]:.6f}",
            "longitude": f"{OFFICE[1]:.6f}", "accuracy": ""}
    assert "Lokasi tidak tersedia: alasan wajib diisi." in text(client.post("/saya/presensi/", data))
    assert not CheckIn.objects.exists()


def test_the_place_name_is_stored_in_indonesian_whatever_the_page_language(client, world, office, frozen):
    login(client, world.staff_alpha1)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    post(client, OFFICE, accuracy=5)
    assert CheckIn.objects.get().place_name == "Kantor Kelurahan Alpha Satu"


def test_a_wfh_check_in_names_the_registered_home(client, world, office, frozen):
    from policy.models import PlanEntry

    staff = world.staff_alpha1
    PlanEntry.objects.create(employee=staff, date=MONDAY, mode="wfh", set_by=world.lurah_alpha1.user)
    login(client, staff)
    post(client, north_of((float(staff.home_latitude), float(staff.home_longitude)), 3), accuracy=5)
    assert CheckIn.objects.get().place_name == "Rumah terdaftar"


# A DL with an activity site.


def test_a_dl_with_a_site_asks_for_a_check_in_there(client, world, office, frozen):
    dl_with_site(world.staff_alpha1)
    login(client, world.staff_alpha1)
    page = text(client.get("/saya/"))
    assert "Dinas luar · Jam kerja 07:30–16:00" in page
    assert "Hari ini dinas luar: presensi di lokasi kegiatan Aula Kantor Gubernur (radius 15 m), bukan di kantor." in page
    assert "Presensi masuk" in page and "tidak perlu presensi" not in page


def test_a_dl_check_in_at_its_activity_site(client, world, office, frozen):
    dl_with_site(world.staff_alpha1)
    login(client, world.staff_alpha1)
    page = text(post(client, north_of(SITE, 7), accuracy=5, htmx=True))
    row = CheckIn.objects.get()
    assert (row.planned_mode, row.location, row.distance_m, row.place_name) == ("dl", "inside", 7, "Aula Kantor Gubernur")
    assert "di dalam radius (7 m): Aula Kantor Gubernur" in page


def test_on_a_dl_day_with_a_site_the_office_does_not_count(client, world, office, frozen):
    dl_with_site(world.staff_alpha1)
    login(client, world.staff_alpha1)
    page = text(post(client, OFFICE, accuracy=5))
    assert re.search(r"Di luar radius Aula Kantor Gubernur \(\d+(,\d)? km\): alasan wajib diisi\.", page)
    assert not CheckIn.objects.exists()


def test_a_dl_site_with_a_wider_radius_takes_a_poorer_fix(client, world, office, frozen):
    dl_with_site(world.staff_alpha1, radius=100)
    login(client, world.staff_alpha1)
    post(client, north_of(SITE, 30), accuracy=60)
    assert CheckIn.objects.get().location == "inside"


def test_a_dl_without_a_site_needs_no_check_in(client, world, office, frozen):
    Arrangement.objects.create(
        employee=world.staff_alpha1, kind="dl", start_date=MONDAY, end_date=MONDAY, working_days=1,
        spt_number="094/2/2026", reason="Bimtek", status=Arrangement.Status.APPROVED,
    )
    login(client, world.staff_alpha1)
    assert "Hari ini Anda tercatat dinas luar (pengajuan disetujui); tidak perlu presensi." in text(client.get("/saya/"))
    assert "tidak perlu presensi" in text(post(client, OFFICE))
    assert not CheckIn.objects.exists()


def test_a_dl_day_with_a_site_is_dl_with_a_check_in_and_tk_without(client, world, office, frozen):
    from attendance.evaluation.bulk import evaluate

    dl_with_site(world.staff_alpha1)
    dl_with_site(world.staff_alpha2)
    world.kel_alpha2.photo_required = False
    world.kel_alpha2.save()
    login(client, world.staff_alpha1)
    post(client, north_of(SITE, 3), accuracy=5)
    frozen.set(MONDAY + dt.timedelta(days=1), 9, 0)
    found = evaluate([world.staff_alpha1, world.staff_alpha2], [MONDAY])
    assert found.status(world.staff_alpha1.pk, MONDAY).code == "DL"
    assert found.status(world.staff_alpha2.pk, MONDAY).code == "TK"


# The hot path stays as cheap.


@pytest.mark.parametrize("day", ["office", "dl"])
def test_it_checks_in_with_the_same_number_of_queries(client, world, office, frozen, day, django_assert_num_queries):
    """The session, the user, the reads (one round trip on PostgreSQL) and the insert: the places come from
    memory, the DL's site with the person's plan inputs."""
    if day == "dl":
        dl_with_site(world.staff_alpha1)
    login(client, world.staff_alpha1)
    client.get("/saya/")
    reads = 3  # the plan inputs and the events: one round trip on PostgreSQL (attendance.checkin.sql.read)
    point = north_of(SITE if day == "dl" else MPP, 3)
    kept_row = 0 if connection.vendor == "postgresql" or day == "dl" else 1  # the kept presence row (a DL counts no one)
    with django_assert_num_queries(2 + reads + 3 + kept_row):
        post(client, point, accuracy=5, htmx=True)
    assert CheckIn.objects.get().location == "inside"


def test_a_retry_answer_costs_no_insert(client, world, office, frozen, django_assert_num_queries):
    login(client, world.staff_alpha1)
    client.get("/saya/")
    reads = 3  # the plan inputs and the events: one round trip on PostgreSQL (attendance.checkin.sql.read)
    with django_assert_num_queries(2 + reads):
        post(client, OFFICE, accuracy=60, htmx=True)


def test_the_place_is_in_the_persons_own_data_download(client, world, office, frozen):
    from tests.attendance.privacy.test_my_data import download, rows

    login(client, world.staff_alpha1)
    post(client, north_of(MPP, 4), accuracy=6)
    presensi = rows(download(client), "presensi.csv")
    place = presensi[0].index("Tempat presensi")
    assert presensi[1][place] == "Loket MPP"


def test_the_office_kiosk_refuses_a_dl_day_with_an_activity_site(client, world, office, frozen):
    from attendance.checkin import kiosk

    dl_with_site(world.staff_alpha1)
    now = frozen.set(MONDAY, 7, 24)
    login(client, world.staff_alpha1)
    response = client.get(f"/presensi/qr/{kiosk.issue(office.code, now)}/")
    assert response.status_code == 409
    assert (
        "Hari ini Anda dinas luar dengan lokasi kegiatan Aula Kantor Gubernur: presensi dengan tombol di "
        "halaman Presensi dari lokasi itu, bukan dengan kode QR kios kantor." in text(response)
    )
    assert not CheckIn.objects.exists()
