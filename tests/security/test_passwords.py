"""Weak passwords are refused, in Indonesian, wherever a password is set: the person's own "Ganti kata
sandi" page, a one-time code's page, an admin's temporary password, and the Django admin."""

import pytest

from tests.conftest import PASSWORD, login

STRONG = "Bengkulu-rafflesia-77"


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


def test_a_head_cannot_let_a_person_redeem_a_code_for_a_weak_password(client, world):
    person = world.staff_alpha1
    login(client, world.lurah_alpha1)
    html = client.post(f"/pegawai/{person.code}/kode-sandi/").content.decode()
    code = html.split('class="reset-code">')[1][:9]
    data = {"nip": person.nip, "code": code, "new_password1": person.nip, "new_password2": person.nip}
    response = client.post("/kata-sandi/atur-ulang/", data)
    assert response.status_code == 200
    assert "Kata sandi ini seluruhnya terdiri dari angka." in response.content.decode()
    assert password_ok(person.user, PASSWORD)


def test_an_admins_temporary_password_cannot_be_weak_either(client, world):
    person = world.staff_alpha1
    login(client, world.admin_user)
    data = {"new_password1": "12345678", "new_password2": "12345678", "reason": "uji"}
    response = client.post(f"/pegawai/{person.code}/sandi-sementara/", data)
    assert response.status_code == 200
    assert "Kata sandi ini terlalu umum." in response.content.decode()
    assert password_ok(person.user, PASSWORD)


def test_the_django_admin_refuses_a_weak_password_too(client, world):
    login(client, world.admin_user)
    user = world.staff_alpha1.user
    url = f"/admin/auth/user/{user.pk}/password/"
    response = client.post(url, {"password1": "12345678", "password2": "12345678"})
    assert response.status_code == 200
    assert "Kata sandi ini terlalu umum." in response.content.decode()
    assert password_ok(user, PASSWORD)
