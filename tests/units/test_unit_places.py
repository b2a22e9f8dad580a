"""A unit's other places of check-in (units.Place: an MPP counter, a pustu) and its radius: edited by city
admins on the unit form and in the Django admin, shown on the unit's page; heads and operators may not edit
them, nor reach another unit's place by its id."""

import pytest

from tests.conftest import login
from units.models import Place, Unit

OFFICE = {"latitude": "-3.790000", "longitude": "102.250000"}


def unit_data(unit: Unit, **extra) -> dict:
    data = {
        "code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "parent": unit.parent_id or "",
        "is_frontline": "on" if unit.is_frontline else "",
        **OFFICE,
        "geofence_radius_m": "15",
        "outside_fence": "flag",
        "passkeys": "switchover",
        "schedule": unit.schedule_id,
        "is_active": "on",
        "photo_required": "",
    }
    return {**data, **extra}


def rows(*places, initial=0) -> dict:
    """The places' rows of the form: each a dict of its fields (with "id" for an existing place)."""
    data = {"place-TOTAL_FORMS": str(len(places)), "place-INITIAL_FORMS": str(initial),
            "place-MIN_NUM_FORMS": "0", "place-MAX_NUM_FORMS": "20"}
    for i, place in enumerate(places):
        data.update({f"place-{i}-{name}": value for name, value in place.items()})
    return data


MPP = {"name": "Loket MPP Kota Bengkulu", "latitude": "-3.792200", "longitude": "102.266100", "radius_m": "15",
       "is_active": "on"}


@pytest.fixture
def dukcapil(world):
    unit = world.dukcapil
    unit.latitude, unit.longitude = OFFICE["latitude"], OFFICE["longitude"]
    unit.photo_required = False
    unit.save()
    return unit


def test_the_unit_form_offers_a_row_for_a_new_place(client, world, dukcapil):
    login(client, world.admin_user)
    html = client.get(f"/unit/{dukcapil.code}/ubah/").content.decode()
    assert "Tempat presensi lain" in html and "Tempat baru" in html
    assert 'name="place-0-name"' in html and 'name="place-TOTAL_FORMS"' in html
    assert ">Radius presensi (meter):</label>" in html


def test_an_admin_adds_a_place_and_changes_the_radius(client, world, dukcapil):
    login(client, world.admin_user)
    response = client.post(f"/unit/{dukcapil.code}/ubah/", {**unit_data(dukcapil, geofence_radius_m="20"), **rows(MPP)})
    assert response.status_code == 302, response.content.decode()
    dukcapil.refresh_from_db()
    place = Place.objects.get(unit=dukcapil)
    assert (dukcapil.geofence_radius_m, place.name, str(place.latitude), place.radius_m, place.is_active) == (
        20, "Loket MPP Kota Bengkulu", "-3.792200", 15, True
    )
    html = client.get(f"/unit/{dukcapil.code}/").content.decode()
    assert "Loket MPP Kota Bengkulu · -3.792200; 102.266100 · radius 15 m" in html


def test_an_admin_edits_and_deletes_places(client, world, dukcapil):
    kept = Place.objects.create(unit=dukcapil, name="Loket MPP", latitude="-3.79", longitude="102.26")
    gone = Place.objects.create(unit=dukcapil, name="Pos lama", latitude="-3.78", longitude="102.25")
    login(client, world.admin_user)
    data = rows(
        {"id": kept.pk, "name": "Loket MPP", "latitude": "-3.790000", "longitude": "102.260000", "radius_m": "30"},
        {"id": gone.pk, "name": "Pos lama", "latitude": "-3.780000", "longitude": "102.250000", "radius_m": "15",
         "is_active": "on", "DELETE": "on"},
        initial=2,
    )
    assert client.post(f"/unit/{dukcapil.code}/ubah/", {**unit_data(dukcapil), **data}).status_code == 302
    assert list(Place.objects.values_list("name", "radius_m", "is_active")) == [("Loket MPP", 30, False)]


def test_it_refuses_a_place_out_of_range_in_indonesian_and_saves_nothing(client, world, dukcapil):
    login(client, world.admin_user)
    bad = {**MPP, "latitude": "-95", "radius_m": "2"}
    response = client.post(f"/unit/{dukcapil.code}/ubah/", {**unit_data(dukcapil, geofence_radius_m="25"), **rows(bad)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Periksa kembali isian yang ditandai." in html
    assert "Pastikan nilai ini lebih besar dari atau sama dengan -90." in html
    assert "Pastikan nilai ini lebih besar dari atau sama dengan 5." in html
    dukcapil.refresh_from_db()
    assert dukcapil.geofence_radius_m == 15 and not Place.objects.exists()


def test_two_places_of_a_unit_need_different_names(client, world, dukcapil):
    login(client, world.admin_user)
    response = client.post(f"/unit/{dukcapil.code}/ubah/", {**unit_data(dukcapil), **rows(MPP, MPP)})
    assert response.status_code == 200 and not Place.objects.exists()


def test_an_admin_creates_a_unit_with_a_place(client, world):
    login(client, world.admin_user)
    new = Unit(code="pkm-uji", name="Puskesmas Uji", short_name="PKM Uji", kind=Unit.Kind.PUSKESMAS,
               schedule=world.dukcapil.schedule)
    pustu = {"name": "Pustu Uji", "latitude": "-3.800000", "longitude": "102.270000", "radius_m": "15", "is_active": "on"}
    response = client.post("/unit/baru/", {**unit_data(new), **rows(pustu)})
    assert response.status_code == 302
    assert Place.objects.get().unit == Unit.objects.get(code="pkm-uji")


def test_a_form_sent_without_the_places_rows_leaves_them_alone(client, world, dukcapil):
    Place.objects.create(unit=dukcapil, name="Loket MPP", latitude="-3.79", longitude="102.26")
    login(client, world.admin_user)
    assert client.post(f"/unit/{dukcapil.code}/ubah/", unit_data(dukcapil, geofence_radius_m="18")).status_code == 302
    dukcapil.refresh_from_db()
    assert dukcapil.geofence_radius_m == 18 and Place.objects.count() == 1


def test_another_units_place_cannot_be_edited_by_its_id(client, world, dukcapil):
    theirs = Place.objects.create(unit=world.kel_beta1, name="Pos Beta", latitude="-3.70", longitude="102.20")
    login(client, world.admin_user)
    forged = rows({"id": theirs.pk, "name": "Diambil alih", "latitude": "-3.790000", "longitude": "102.250000",
                   "radius_m": "5000", "is_active": "on"}, initial=1)
    client.post(f"/unit/{dukcapil.code}/ubah/", {**unit_data(dukcapil), **forged})  # the row is ignored
    theirs.refresh_from_db()
    assert (theirs.unit, theirs.name, theirs.radius_m) == (world.kel_beta1, "Pos Beta", 15)
    assert not Place.objects.filter(unit=dukcapil).exists()


@pytest.mark.parametrize("who", ["head_dukcapil", "lurah_alpha1", "operator_alpha1", "staff_alpha1"])
def test_heads_operators_and_staff_may_not_edit_places(client, world, dukcapil, who):
    person = getattr(world, who)
    own = person.unit
    login(client, person)
    assert client.get(f"/unit/{own.code}/ubah/").status_code == 403
    response = client.post(f"/unit/{own.code}/ubah/", {**unit_data(own), **rows(MPP)})
    assert response.status_code == 403 and not Place.objects.exists()


def test_a_head_sees_the_places_of_their_unit_without_an_edit_link(client, world, dukcapil):
    Place.objects.create(unit=dukcapil, name="Loket MPP", latitude="-3.79", longitude="102.26", is_active=False)
    login(client, world.head_dukcapil)
    html = client.get(f"/unit/{dukcapil.code}/").content.decode()
    assert "Tempat presensi lain" in html and "Loket MPP" in html and "tidak dipakai" in html
    assert f"/unit/{dukcapil.code}/ubah/" not in html


def test_the_django_admin_edits_places_inline_for_admins_only(client, world, dukcapil):
    login(client, world.admin_user)
    html = client.get(f"/admin/units/unit/{dukcapil.pk}/change/").content.decode()
    assert 'name="places-TOTAL_FORMS"' in html
    login(client, world.head_dukcapil)
    response = client.get(f"/admin/units/unit/{dukcapil.pk}/change/")
    assert response.status_code == 302 and "/admin/login/" in response.url
