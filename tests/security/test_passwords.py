"""Weak passwords are refused, in Indonesian, wherever a password is set: the person's own "Ganti kata
sandi" page, a head's or admin's staff form (the initial password), and the Django admin."""

import pytest
from django.contrib.auth import get_user_model

from tests.conftest import PASSWORD, login

STRONG = "Bengkulu-rafflesia-77"
VALID = {
    "nip": "19900101 201903 2 011",
    "full_name": "Maya Sari",
    "asn_type": "PNS",
    "position_title": "Analis Kebijakan",
    "position_category": "fungsional",
    "service_role": "administrasi",
    "role": "staff",
    "start_date": "2019-03-01",
    "is_active": "on",
}


def password_ok(user, password) -> bool:
    user.refresh_from_db()
    return user.check_password(password)


def change_own(client, old, new):
    return client.post(
        "/kata-sandi/", {"old_password": old, "new_password1": new, "new_password2": new}
    )


@pytest.mark.parametrize(
    "weak, message",
    [
        ("12345678", "Kata sandi ini terlalu umum."),
        ("NIP", "Kata sandi ini seluruhnya terdiri dari angka."),
        ("NIP+a", "Kata sandi terlalu mirip dengan nama pengguna."),
        ("bkl2026", "Kata sandi terlalu pendek. Harus mengandung setidaknya 8 karakter."),
    ],
)
def test_a_person_cannot_change_their_password_to_a_weak_one(client, world, weak, message):
    person = world.staff_alpha1
    weak = weak.replace("NIP+a", person.nip + "a").replace("NIP", person.nip)
    login(client, person)
    response = change_own(client, PASSWORD, weak)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert password_ok(person.user, PASSWORD)


def test_a_person_can_change_to_a_strong_password(client, world):
    login(client, world.staff_alpha1)
    response = change_own(client, PASSWORD, STRONG)
    assert response.status_code == 302 and response.url == "/kata-sandi/selesai/"
    assert password_ok(world.staff_alpha1.user, STRONG)


def _staff_form(world, **changes):
    return {**VALID, "unit": world.kel_alpha1.pk, **changes}


@pytest.mark.parametrize(
    "weak, message",
    [
        ("12345678", "Kata sandi ini terlalu umum."),
        ("199001012019032011", "Kata sandi ini seluruhnya terdiri dari angka."),
        ("199001012019032011x", "Kata sandi terlalu mirip dengan nama pengguna."),
    ],
)
def test_a_head_cannot_give_new_staff_a_weak_initial_password(client, world, weak, message):
    login(client, world.lurah_alpha1)
    response = client.post("/pegawai/baru/", _staff_form(world, password=weak))
    html = response.content.decode()
    assert response.status_code == 200 and message in html
    assert 'value="Maya Sari"' in html  # nothing else typed is lost
    assert not get_user_model().objects.filter(username="199001012019032011").exists()


def test_a_head_cannot_reset_a_persons_password_to_their_nip(client, world):
    person = world.staff_alpha1
    login(client, world.lurah_alpha1)
    data = {
        **VALID,
        "nip": person.nip,
        "full_name": person.full_name,
        "unit": world.kel_alpha1.pk,
        "password": person.nip,
    }
    response = client.post(f"/pegawai/{person.code}/ubah/", data)
    assert response.status_code == 200
    assert "Kata sandi terlalu mirip dengan nama pengguna." in response.content.decode()
    assert password_ok(person.user, PASSWORD)

    data["password"] = STRONG
    assert client.post(f"/pegawai/{person.code}/ubah/", data).status_code == 302
    assert password_ok(person.user, STRONG)


def test_the_django_admin_refuses_a_weak_password_too(client, world):
    login(client, world.admin_user)
    user = world.staff_alpha1.user
    url = f"/admin/auth/user/{user.pk}/password/"
    response = client.post(url, {"password1": "12345678", "password2": "12345678"})
    assert response.status_code == 200
    assert "Kata sandi ini terlalu umum." in response.content.decode()
    assert password_ok(user, PASSWORD)
