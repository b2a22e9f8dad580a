"""The staff form never hands an existing account (an admin's, someone else's) to a new person, and
never lets a head reach an account that is a superuser."""

from django.contrib.auth import get_user_model

from tests.conftest import PASSWORD, login, make_nip
from tests.security.test_employee_roles import edit_data
from units.models import Employee


def new_person(nip, unit, **extra):
    return {
        "nip": nip,
        "full_name": "Orang Baru",
        "asn_type": "PNS",
        "position_title": "Pengadministrasi Umum",
        "position_category": "pelaksana",
        "service_role": "administrasi",
        "unit": unit.pk,
        "role": "staff",
        "start_date": "2019-03-01",
        "is_active": "on",
        **extra,
    }


def test_it_never_gives_a_head_an_admin_account_named_by_the_same_nip(client, world):
    nip = make_nip()
    boss = get_user_model().objects.create_superuser(nip, password=PASSWORD)
    login(client, world.lurah_alpha1)
    response = client.post("/pegawai/baru/", new_person(nip, world.kel_alpha1, password="diambil-alih-2026"))
    assert response.status_code == 302  # the record, without a login: the form sets no password
    person = Employee.objects.get(nip=nip)
    assert person.user_id is None
    response = client.post(f"/pegawai/{person.code}/kode-sandi/", follow=True)
    assert "akun" in response.content.decode()
    boss.refresh_from_db()
    assert boss.check_password(PASSWORD) and not boss.check_password("diambil-alih-2026")
    assert not Employee.objects.filter(user=boss).exists()


def test_it_keeps_a_head_away_from_a_superusers_record(client, world):
    lurah = world.lurah_alpha1
    lurah.user.is_superuser = lurah.user.is_staff = True
    lurah.user.save()
    login(client, world.camat_alpha)
    response = client.post(
        f"/pegawai/{lurah.code}/ubah/", edit_data(lurah, password="diambil-alih-2026")
    )
    assert response.status_code == 403
    assert client.post(f"/pegawai/{lurah.code}/kode-sandi/").status_code == 403
    lurah.user.refresh_from_db()
    assert lurah.user.check_password(PASSWORD)


def test_it_explains_a_nip_already_used_by_another_login_instead_of_failing(client, world):
    taken = make_nip()
    get_user_model().objects.create_user(taken, password=PASSWORD)
    person = world.staff_alpha1
    login(client, world.admin_user)
    response = client.post(f"/pegawai/{person.code}/ubah/", edit_data(person, nip=taken))
    assert response.status_code == 200
    assert "akun" in response.content.decode()
    person.refresh_from_db()
    assert person.nip != taken
