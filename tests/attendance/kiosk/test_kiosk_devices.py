"""A real kiosk mode (issue 16, item 4): a head registers the counter tablet as the unit's kiosk (a long-lived
device token bound to the unit, revocable); its screen shows only the rotating code, the unit's name and the clock,
with no menu and no way into anyone's account, and signing the head out does not stop it."""

import re

from attendance.kiosk import devices
from attendance.models import KioskDevice
from policy.models import AuditEvent
from tests.conftest import login

SCREEN = "/kios/layar/"


def register(client, world, name="Tablet loket depan"):
    login(client, world.lurah_alpha1)
    return client.post(f"/kios/{world.kel_alpha1.code}/perangkat/", {"name": name})


def test_a_head_registers_this_browser_and_is_signed_out_of_it(client, world):
    answer = register(client, world)
    assert answer.status_code == 302 and answer["Location"] == SCREEN
    cookie = answer.cookies[devices.COOKIE]
    assert cookie["path"] == "/kios/" and cookie["httponly"] and cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) >= 365 * 24 * 3600
    device = KioskDevice.objects.get()
    assert device.unit == world.kel_alpha1 and device.name == "Tablet loket depan"
    assert device.token_hash == devices.digest(cookie.value) and cookie.value not in device.token_hash
    assert "_auth_user_id" not in client.session  # nobody's account stays signed in on the tablet
    event = AuditEvent.objects.get(action=AuditEvent.Action.KIOSK_REGISTERED)
    assert event.actor == world.lurah_alpha1.user and event.data["device"] == str(device.code)


def test_the_screen_shows_the_code_name_and_clock_and_nothing_else(client, world):
    register(client, world)
    page = client.get(SCREEN).content.decode()
    assert world.kel_alpha1.name in page and "<svg" in page and 'class="kiosk-clock"' in page
    assert 'hx-get="/kios/layar/"' in page
    assert "Keluar" not in page and "<nav" not in page and "Menu" not in page
    assert len(re.findall(r"<a\s", page)) == 0  # no way anywhere from the screen
    partial = client.get(SCREEN, headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<div id="kiosk-qr"') and "<svg" in partial


def test_signing_the_head_out_elsewhere_does_not_stop_it_and_revoking_does(client, world, django_user_model):
    from django.test import Client

    register(client, world)
    head = Client()
    login(head, world.lurah_alpha1)
    head.post("/keluar/")
    assert client.get(SCREEN).status_code == 200
    login(head, world.lurah_alpha1)
    device = KioskDevice.objects.get()
    url = f"/kios/{world.kel_alpha1.code}/perangkat/{device.code}/cabut/"
    assert "Cabut perangkat kios Tablet loket depan?" in head.get(url).content.decode()  # asked first
    assert KioskDevice.objects.get().revoked_at is None
    head.post(url)
    assert KioskDevice.objects.get().revoked_at is not None
    refused = client.get(SCREEN)
    assert refused.status_code == 403 and "Perangkat ini bukan kios presensi" in refused.content.decode()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.KIOSK_REVOKED).count() == 1
    listed = head.get(f"/kios/{world.kel_alpha1.code}/perangkat/").content.decode()
    assert "Dicabut" in listed and "Tablet loket depan" in listed


def test_a_browser_without_a_registered_token_gets_no_screen(client, world):
    assert client.get(SCREEN).status_code == 403
    client.cookies[devices.COOKIE] = "made-up"
    assert client.get(SCREEN).status_code == 403


def test_another_unit_s_head_cannot_see_or_revoke_the_devices(client, world):
    register(client, world)
    device = KioskDevice.objects.get()
    login(client, world.lurah_beta1)
    assert client.get(f"/kios/{world.kel_alpha1.code}/perangkat/").status_code == 404
    assert client.post(f"/kios/{world.kel_alpha1.code}/perangkat/{device.code}/cabut/").status_code == 404
    assert KioskDevice.objects.get().revoked_at is None


def test_an_operator_cannot_register_a_device(client, world):
    login(client, world.operator_alpha1)
    assert client.post(f"/kios/{world.kel_alpha1.code}/perangkat/", {"name": "x"}).status_code == 403
    assert not KioskDevice.objects.exists()


def test_a_blank_name_is_refused_and_nothing_is_registered(client, world):
    answer = register(client, world, name="   ")
    assert answer.status_code == 200 and "errorlist" in answer.content.decode()
    assert not KioskDevice.objects.exists()
