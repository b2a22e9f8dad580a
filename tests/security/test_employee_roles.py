"""Operators manage staff, but never make themselves (or anyone) a head, nor touch a head's record."""

from tests.conftest import login
from units.models import Employee


def edit_data(person, **changes):
    return {
        "nip": person.nip,
        "full_name": person.full_name,
        "asn_type": person.asn_type,
        "position_title": person.position_title,
        "position_category": person.position_category,
        "service_role": person.service_role,
        "unit": person.unit_id,
        "role": person.role,
        "start_date": person.start_date.isoformat(),
        "is_active": "on",
        **changes,
    }


def test_it_refuses_an_operator_who_makes_themselves_head(client, world):
    me = world.operator_alpha1
    login(client, me)
    response = client.post(f"/pegawai/{me.code}/ubah/", edit_data(me, role="head"))
    assert response.status_code == 200  # the form again, with the role refused
    me.refresh_from_db()
    assert me.role == Employee.Role.OPERATOR


def test_it_refuses_an_operator_who_makes_staff_head(client, world):
    login(client, world.operator_alpha1)
    person = world.staff_alpha1
    response = client.post(f"/pegawai/{person.code}/ubah/", edit_data(person, role="head"))
    assert response.status_code == 200
    person.refresh_from_db()
    assert person.role == Employee.Role.STAFF
    html = client.get("/pegawai/baru/").content.decode()
    assert 'value="head"' not in html and 'value="operator"' in html


def test_it_keeps_an_operator_away_from_their_heads_record_and_password(client, world):
    head = world.lurah_alpha1
    login(client, world.operator_alpha1)
    assert client.get(f"/pegawai/{head.code}/ubah/").status_code == 403
    response = client.post(
        f"/pegawai/{head.code}/ubah/", edit_data(head, password="diambil-alih-2026")
    )
    assert response.status_code == 403
    head.user.refresh_from_db()
    assert not head.user.check_password("diambil-alih-2026")


def test_it_still_lets_a_head_appoint_a_head_in_their_scope(client, world):
    login(client, world.camat_alpha)
    person = world.staff_alpha1
    response = client.post(f"/pegawai/{person.code}/ubah/", edit_data(person, role="head"))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.role == Employee.Role.HEAD
