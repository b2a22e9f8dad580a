"""Finding 2 of the security test (issue 11): a head no longer sets a subordinate's password. A head,
an operator or an admin issues a one-time code that the person redeems themselves; every step is in
the person's audit trail."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from policy.models import AuditEvent
from tests.conftest import PASSWORD, login, make_employee, make_nip
from units import clock
from units.models import Employee, PasswordReset
from units.passwords import resets
from units.passwords.tasks import send_reset_code

NEW = "Bengkulu-rafflesia-77"
CODE = re.compile(r'class="reset-code">([A-Z0-9]{4}-[A-Z0-9]{4})<')


def issue(client, person) -> str:
    response = client.post(f"/pegawai/{person.code}/kode-sandi/")
    assert response.status_code == 200, response
    return CODE.search(response.content.decode()).group(1)


def redeem(client, person, code, password=NEW):
    return client.post(
        "/kata-sandi/atur-ulang/",
        {"nip": person.nip, "code": code, "new_password1": password, "new_password2": password},
    )


def password_is(person, password) -> bool:
    person.user.refresh_from_db()
    return person.user.check_password(password)


def actions(person) -> list[str]:
    return list(AuditEvent.objects.filter(employee=person).order_by("id").values_list("action", flat=True))


def test_it_explains_the_code_before_making_one(client, world):
    login(client, world.lurah_alpha1)
    html = client.get(f"/pegawai/{world.staff_alpha1.code}/kode-sandi/").content.decode()
    assert "Buat kode" in html and "ditampilkan sekali" in html
    assert not PasswordReset.objects.exists()


def test_it_shows_the_head_a_code_once_and_keeps_only_its_hash(client, world):
    person = world.staff_alpha1
    login(client, world.lurah_alpha1)
    response = client.post(f"/pegawai/{person.code}/kode-sandi/")
    code = CODE.search(response.content.decode()).group(1)
    assert "no-store" in response["Cache-Control"]
    reset = PasswordReset.objects.get(employee=person)
    assert code.replace("-", "") not in reset.secret_hash
    assert reset.issued_by == world.lurah_alpha1.user
    assert password_is(person, PASSWORD)  # the old password works until the code is used
    assert actions(person) == [resets.RESET_ISSUED]
    # The confirmation page never shows it again.
    assert code not in client.get(f"/pegawai/{person.code}/kode-sandi/").content.decode()


def test_the_person_sets_their_own_password_with_the_code(client, world):
    person = world.staff_alpha1
    login(client, world.lurah_alpha1)
    code = issue(client, person)
    client.logout()
    response = redeem(client, person, code.lower().replace("-", " "))  # as typed on a phone
    assert response.status_code == 302 and response.url == "/masuk/"
    assert password_is(person, NEW) and not password_is(person, PASSWORD)
    assert PasswordReset.objects.get(employee=person).used_at is not None
    assert actions(person) == [resets.RESET_ISSUED, resets.RESET_USED]


def test_the_person_sees_every_step_in_their_history(client, world):
    person = world.staff_alpha1
    login(client, world.lurah_alpha1)
    code = issue(client, person)
    redeem(client, person, code)
    person.user.refresh_from_db()
    login(client, person)
    html = client.get(f"/pegawai/{person.code}/riwayat/").content.decode()
    assert "Kode atur ulang kata sandi dibuat" in html
    assert "Kata sandi baru dibuat dengan kode atur ulang" in html


def test_a_code_works_once(client, world):
    person = world.staff_alpha1
    login(client, world.lurah_alpha1)
    code = issue(client, person)
    redeem(client, person, code)
    response = redeem(client, person, code, "Lain-lagi-sandi-2026")
    assert response.status_code == 200 and "tidak berlaku" in response.content.decode()
    assert password_is(person, NEW)


def test_a_code_ends_after_its_time(client, world, monkeypatch, settings):
    person = world.staff_alpha1
    login(client, world.lurah_alpha1)
    code = issue(client, person)
    later = clock.now() + dt.timedelta(minutes=settings.PASSWORD_RESET_MINUTES, seconds=1)
    monkeypatch.setattr(clock, "now", lambda: later)
    assert redeem(client, person, code).status_code == 200
    assert password_is(person, PASSWORD)


def test_a_new_code_ends_the_earlier_one(client, world):
    person = world.staff_alpha1
    login(client, world.lurah_alpha1)
    first = issue(client, person)
    second = issue(client, person)
    assert redeem(client, person, first).status_code == 200
    assert password_is(person, PASSWORD)
    assert redeem(client, person, second).status_code == 302


def test_five_wrong_tries_end_the_code(client, world):
    person = world.staff_alpha1
    login(client, world.lurah_alpha1)
    code = issue(client, person)
    wrong = "ABCD-EFGH" if code != "ABCD-EFGH" else "HGFE-DCBA"
    for _ in range(resets.MAX_TRIES):
        assert redeem(client, person, wrong).status_code == 200
    assert redeem(client, person, code).status_code == 200
    assert password_is(person, PASSWORD)


def test_it_says_the_same_for_an_unknown_nip_and_a_wrong_code(client, world):
    login(client, world.lurah_alpha1)
    issue(client, world.staff_alpha1)
    stranger = Employee(nip=make_nip())
    unknown = redeem(client, stranger, "ABCD-EFGH").content.decode()
    wrong = redeem(client, world.staff_alpha1, "ABCD-EFGH").content.decode()
    message = "NIP atau kode tidak cocok"
    assert message in unknown and message in wrong


def test_a_weak_password_is_refused_and_the_code_kept(client, world):
    person = world.staff_alpha1
    login(client, world.lurah_alpha1)
    code = issue(client, person)
    response = redeem(client, person, code, person.nip)
    assert response.status_code == 200
    assert "Kata sandi ini seluruhnya terdiri dari angka." in response.content.decode()
    assert f'value="{person.nip}"' in response.content.decode()  # the NIP typed is kept
    assert redeem(client, person, code).status_code == 302


@pytest.mark.parametrize(
    "issuer, target, status",
    [
        ("operator_alpha1", "lurah_alpha1", 403),  # an operator never reaches their head's account
        ("lurah_alpha1", "lurah_alpha1", 403),  # one's own password needs the old one
        ("lurah_alpha1", "staff_beta1", 404),  # another unit's person
        ("staff_alpha1", "staff_alpha1", 403),  # staff issue nothing
    ],
)
def test_it_refuses_who_may_not_issue_a_code(client, world, issuer, target, status):
    login(client, getattr(world, issuer))
    person = getattr(world, target)
    assert client.post(f"/pegawai/{person.code}/kode-sandi/").status_code == status
    assert not PasswordReset.objects.exists()
    assert password_is(person, PASSWORD)


def test_an_operator_issues_codes_for_their_staff(client, world):
    login(client, world.operator_alpha1)
    code = issue(client, world.staff_alpha1)
    assert redeem(client, world.staff_alpha1, code).status_code == 302


def test_a_person_with_e_mail_gets_the_code_and_the_head_never_sees_it(client, world, mailoutbox):
    person = world.staff_alpha1
    person.user.email = "siti.alpha@bengkulukota.go.id"
    person.user.save()
    login(client, world.lurah_alpha1)
    response = client.post(f"/pegawai/{person.code}/kode-sandi/", follow=True)
    html = response.content.decode()
    assert "s•••@bengkulukota.go.id" in html and not CODE.search(html)
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["siti.alpha@bengkulukota.go.id"]
    code = re.search(r"Kode: ([A-Z0-9]{4}-[A-Z0-9]{4})", mailoutbox[0].body).group(1)
    assert "/kata-sandi/atur-ulang/" in mailoutbox[0].body
    # A retried delivery sends nothing more: the person never holds two codes.
    reset = PasswordReset.objects.get(employee=person)
    assert send_reset_code.call(str(reset.code)) is False
    assert len(mail.outbox) == 1
    assert redeem(client, person, code).status_code == 302


def test_a_first_code_makes_the_login_of_someone_who_has_none(client, world):
    person = make_employee(world.kel_alpha1, "Pegawai Baru", login=False)
    login(client, world.lurah_alpha1)
    code = issue(client, person)
    person.refresh_from_db()
    assert person.user.username == person.nip and not person.user.has_usable_password()
    assert redeem(client, person, code).status_code == 302
    assert password_is(person, NEW)


def test_it_never_hands_a_new_person_an_existing_login_named_by_their_nip(client, world):
    nip = make_nip()
    boss = get_user_model().objects.create_superuser(nip, password=PASSWORD)
    person = make_employee(world.kel_alpha1, "Orang Baru", nip=nip, login=False)
    login(client, world.lurah_alpha1)
    response = client.post(f"/pegawai/{person.code}/kode-sandi/", follow=True)
    assert "sudah dipakai akun masuk lain" in response.content.decode()
    assert not PasswordReset.objects.exists()
    person.refresh_from_db()
    assert person.user_id is None
    boss.refresh_from_db()
    assert boss.check_password(PASSWORD)
