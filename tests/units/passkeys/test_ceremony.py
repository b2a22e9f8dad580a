"""Passkeys on the server (units/passkeys/ceremony.py, issue 15), with a software authenticator: registration
within the limit (audited), each check-in's challenge bound to its one-time token (a signature for one
check-in is refused for another), removed or unknown phones refused, and the unit's switch-over period
saving an unsigned check-in without its passkey."""

import json
import uuid

import pytest

from attendance.models import CheckIn
from policy.models import AuditEvent
from tests.attendance.checkin.test_checkin_page import OFFICE, _frozen, _office, post  # noqa: F401
from tests.conftest import login
from tests.units.passkeys.authenticator import Authenticator
from units.models import Passkey, PasskeyRules, Unit
from units.passkeys import ceremony


def register(client, phone: Authenticator, name="Ponsel kerja"):
    options = client.post("/akun/ponsel/opsi/").json()
    assert options["authenticatorSelection"]["userVerification"] == "required"
    return client.post("/akun/ponsel/daftar/", {"credential": phone.create(options), "name": name},
                       content_type="application/json")


def test_a_person_registers_a_phone_within_the_limit(client, world):
    login(client, world.staff_alpha1)
    phone = Authenticator()
    assert register(client, phone).json() == {"ok": True}
    saved = Passkey.objects.get()
    assert (saved.user, saved.name, saved.sign_count) == (world.staff_alpha1.user, "Ponsel kerja", 1)
    assert AuditEvent.objects.filter(action="passkey_registered", employee=world.staff_alpha1).exists()
    refused = client.post("/akun/ponsel/opsi/")
    assert refused.status_code == 400 and "batas yang berlaku" in refused.json()["error"]
    PasskeyRules.objects.create(max_per_person=2)  # an admin allows two
    assert register(client, Authenticator(), "Tablet").json() == {"ok": True}
    assert Passkey.objects.count() == 2


def test_a_registration_answer_for_another_challenge_is_refused(client, world):
    login(client, world.staff_alpha1)
    client.post("/akun/ponsel/opsi/")
    forged = Authenticator().create({"challenge": "c2VsZi1tYWRl"})
    answer = client.post("/akun/ponsel/daftar/", {"credential": forged}, content_type="application/json")
    assert answer.status_code == 400 and "tidak dapat didaftarkan" in answer.json()["error"]
    assert not Passkey.objects.exists()


def test_each_check_in_challenge_is_bound_to_its_token_and_person():
    token = str(uuid.uuid4())
    assert ceremony.checkin_challenge(1, token) != ceremony.checkin_challenge(1, str(uuid.uuid4()))
    assert ceremony.checkin_challenge(1, token) != ceremony.checkin_challenge(2, token)


@pytest.fixture
def required(world, office):  # noqa: F811
    Unit.objects.filter(pk=world.kel_alpha1.pk).update(passkeys=Unit.Passkeys.REQUIRED)
    world.staff_alpha1.unit.refresh_from_db()
    return world


def sign(client, phone: Authenticator) -> tuple[str, str]:
    """The form's token and the phone's signature of it, as static/js/passkey.js sends them."""
    page = client.get("/saya/").content.decode()
    token = page.split('name="token" value="')[1].split('"')[0]
    options = json.loads(page.split('data-passkey="')[1].split('"')[0].replace("&quot;", '"'))
    return token, json.dumps(phone.get(options))


def test_a_check_in_signed_by_the_registered_phone_is_recorded_with_it(client, required, frozen):
    login(client, required.staff_alpha1)
    phone = Authenticator()
    register(client, phone)
    token, signature = sign(client, phone)
    post(client, OFFICE, token=token, passkey=signature)
    arrival = CheckIn.objects.get()
    assert arrival.passkey == Passkey.objects.get() and Passkey.objects.get().sign_count == 2


def test_a_signature_for_another_check_in_or_from_a_removed_phone_is_refused(client, required, frozen):
    login(client, required.staff_alpha1)
    phone = Authenticator()
    register(client, phone)
    _token, signature = sign(client, phone)
    replayed = post(client, OFFICE, token=str(uuid.uuid4()), passkey=signature)  # signed for another token
    assert "Tanda tangan passkey tidak sah" in replayed.content.decode() and not CheckIn.objects.exists()
    unsigned = post(client, OFFICE, token=str(uuid.uuid4()))
    assert "Presensi ini tidak ditandatangani passkey ponsel Anda." in unsigned.content.decode()
    ceremony.remove(Passkey.objects.get(), required.lurah_alpha1.user, required.staff_alpha1, "Ponsel hilang")
    token, signature = sign_with_options_of(client, phone)
    lost = post(client, OFFICE, token=token, passkey=signature)
    assert "bukan ponsel yang Anda daftarkan" in lost.content.decode() and not CheckIn.objects.exists()
    assert AuditEvent.objects.get(action="passkey_removed").note == "Ponsel hilang"


def sign_with_options_of(client, phone: Authenticator) -> tuple[str, str]:
    """A lost phone still signs what it is asked (the page no longer asks: the person has no phone left)."""
    page = client.get("/saya/").content.decode()
    assert "data-passkey=" not in page and "Unit Anda mewajibkan presensi dari ponsel yang terdaftar" in page
    token = page.split('name="token" value="')[1].split('"')[0]
    return token, json.dumps(phone.get({"challenge": ceremony.bytes_to_base64url(ceremony.checkin_challenge(
        phone_user(client), token))}))


def phone_user(client) -> int:
    return int(client.session["_auth_user_id"])


def test_the_switch_over_period_saves_an_unsigned_check_in_without_a_passkey(client, world, office, frozen):
    assert world.staff_alpha1.unit.passkeys == Unit.Passkeys.SWITCHOVER  # the default
    login(client, world.staff_alpha1)
    assert "agar presensi Anda ditandatangani ponsel Anda sendiri" in client.get("/saya/").content.decode()
    post(client, OFFICE)
    assert CheckIn.objects.get().passkey is None


def test_a_registered_phone_signs_its_owner_in_without_a_password(client, world):
    login(client, world.staff_alpha1)
    phone = Authenticator()
    register(client, phone)
    client.logout()
    options = client.post("/masuk/passkey/opsi/").json()
    answer = client.post("/masuk/passkey/", {"credential": phone.get(options), "next": "https://evil.example/"},
                         content_type="application/json")
    assert answer.json() == {"ok": True, "url": "/"}  # an address elsewhere is not followed
    assert int(client.session["_auth_user_id"]) == world.staff_alpha1.user_id
    client.logout()
    replayed = client.post("/masuk/passkey/", {"credential": phone.get(options)}, content_type="application/json")
    assert replayed.status_code == 400 and "kedaluwarsa" in replayed.json()["error"]  # a challenge is good once
    ceremony.remove(Passkey.objects.get(), world.lurah_alpha1.user, world.staff_alpha1, "Ponsel hilang")
    options = client.post("/masuk/passkey/opsi/").json()
    lost = client.post("/masuk/passkey/", {"credential": phone.get(options)}, content_type="application/json")
    assert lost.status_code == 400 and "tidak terdaftar" in lost.json()["error"]
    assert "_auth_user_id" not in client.session
