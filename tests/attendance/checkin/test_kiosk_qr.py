"""Scanning a kiosk code (/presensi/qr/<token>/): checked in as on site, or refused in plain words."""

import datetime as dt

from attendance.checkin import kiosk
from attendance.models import CheckIn
from tests.attendance.checkin.test_checkin_page import (
    MONDAY,
    _frozen,  # noqa: F401 (fixture "frozen")
    text,
)
from tests.conftest import PASSWORD, login, make_employee


def code_for(unit, now):
    return f"/presensi/qr/{kiosk.issue(unit.code, now)}/"


def test_it_checks_the_person_in_on_site_at_the_kiosks_unit(client, world, frozen):
    now = frozen.set(MONDAY, 7, 24)
    login(client, world.staff_alpha1)
    response = client.get(code_for(world.kel_alpha1, now))
    assert response.status_code == 200
    row = CheckIn.objects.get()
    assert (row.kind, row.method, row.location, row.unit) == ("in", "qr", "not_checked", world.kel_alpha1)
    assert row.latitude is None and row.qr_nonce == kiosk.read(kiosk.issue("17.99.01.1001", now)).nonce
    page = text(response)
    assert "Tersimpan: Presensi masuk pukul 07:24." in page
    assert "Tercatat 07:24 — tepat waktu" in page and "dengan kode QR kios" in page
    assert f'data-checkin="{row.pk}"' in response.content.decode()


def test_it_checks_out_with_a_later_code(client, world, frozen):
    login(client, world.staff_alpha1)
    client.get(code_for(world.kel_alpha1, frozen.set(MONDAY, 7, 24)))
    response = client.get(code_for(world.kel_alpha1, frozen.set(MONDAY, 16, 2)))
    assert "Tersimpan: Presensi pulang pukul 16:02." in text(response)
    assert list(CheckIn.objects.values_list("kind", flat=True)) == ["in", "out"]


def test_it_accepts_a_code_until_the_end_of_its_window_plus_the_grace(client, world, frozen):
    shown = frozen.set(MONDAY, 7, 0, 0)  # the window 07:00:00–07:00:29, refused after 07:01:00
    url = code_for(world.kel_alpha1, shown)
    login(client, world.staff_alpha1)
    frozen.set(MONDAY, 7, 1, 1)
    response = client.get(url)
    assert response.status_code == 400
    assert "Kode QR ini sudah kedaluwarsa" in text(response) and "Presensi tidak dicatat" in text(response)
    assert not CheckIn.objects.exists()
    frozen.set(MONDAY, 7, 0, 59)
    assert client.get(url).status_code == 200
    assert CheckIn.objects.count() == 1


def test_it_records_the_same_code_once_per_person_and_again_for_a_colleague(client, world, frozen):
    """The same person scanning the same code again (a retry, a second scan) gets the first row back,
    never a second one: not a check-out, not a refusal (tests/attendance/test_kiosk_retry.py)."""
    now = frozen.set(MONDAY, 7, 24)
    url = code_for(world.kel_alpha1, now)
    login(client, world.staff_alpha1)
    assert client.get(url).status_code == 200
    frozen.set(MONDAY, 7, 24, 40)
    again = client.get(url)
    assert again.status_code == 200
    row = CheckIn.objects.get(employee=world.staff_alpha1)
    assert "Sudah tercatat sebelumnya: Presensi masuk pukul 07:24." in text(again)
    assert f'data-checkin="{row.pk}"' in again.content.decode()

    colleague = make_employee(world.kel_alpha1, "Rekan Alpha")
    login(client, colleague)
    frozen.set(MONDAY, 7, 24, 40)
    assert client.get(url).status_code == 200
    assert CheckIn.objects.filter(employee=colleague, method="qr").count() == 1


def test_it_refuses_another_units_code(client, world, frozen):
    login(client, world.staff_beta1)
    response = client.get(code_for(world.kel_alpha1, frozen.set(MONDAY, 7, 24)))
    assert response.status_code == 403
    assert (
        "Kode QR ini milik kios Kelurahan Alpha Satu, sedangkan Anda terdaftar di Kelurahan Beta Satu"
        in text(response)
    )
    assert not CheckIn.objects.exists()


def test_it_accepts_a_parent_units_kiosk_for_staff_below_it(client, world, frozen):
    login(client, world.staff_alpha1)
    assert client.get(code_for(world.kec_alpha, frozen.set(MONDAY, 7, 24))).status_code == 200
    assert CheckIn.objects.get().unit == world.kec_alpha


def test_it_refuses_an_altered_code(client, world, frozen):
    token = kiosk.issue("17.99.01.1001", frozen.set(MONDAY, 7, 24))
    forged = kiosk.issue("17.99.02.1001", frozen.set(MONDAY, 7, 24)).split(":")[0] + ":" + token.split(":")[1]
    login(client, world.staff_beta1)
    response = client.get(f"/presensi/qr/{forged}/")
    assert response.status_code == 400 and "Kode QR ini tidak dikenali" in text(response)
    assert not CheckIn.objects.exists()


def test_it_signs_in_first_and_then_checks_in_even_if_the_code_changed_meanwhile(client, world, frozen):
    url = code_for(world.kel_alpha1, frozen.set(MONDAY, 7, 24))
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == f"/masuk/?next={url.replace(':', '%3A')}"
    frozen.set(MONDAY, 7, 26)  # two minutes typing the NIP and password: the code has expired
    signed_in = client.post(response["Location"], {"username": world.staff_alpha1.nip, "password": PASSWORD})
    assert signed_in.status_code == 302 and signed_in["Location"] == url
    assert client.get(url).status_code == 200
    assert CheckIn.objects.get().at.astimezone(kiosk_tz()).time() == dt.time(7, 26)


def test_it_does_not_extend_a_code_that_had_expired_before_signing_in(client, world, frozen):
    url = code_for(world.kel_alpha1, frozen.set(MONDAY, 7, 0))
    frozen.set(MONDAY, 7, 5)
    client.get(url)
    login(client, world.staff_alpha1)
    assert client.get(url).status_code == 400
    assert not CheckIn.objects.exists()


def test_it_refuses_a_code_on_a_day_without_check_in(client, world, frozen):
    login(client, world.staff_alpha1)
    response = client.get(code_for(world.kel_alpha1, frozen.set(MONDAY - dt.timedelta(days=1), 9, 0)))
    assert response.status_code == 409 and "Hari ini libur; tidak perlu presensi." in text(response)


def kiosk_tz():
    import zoneinfo

    return zoneinfo.ZoneInfo("Asia/Jakarta")


def test_it_asks_before_a_scan_checks_out_early_and_records_it_when_confirmed(client, world, frozen):
    login(client, world.staff_alpha1)
    client.get(code_for(world.kel_alpha1, frozen.set(MONDAY, 7, 24)))
    url = code_for(world.kel_alpha1, frozen.set(MONDAY, 9, 0))
    asked = client.get(url)
    assert asked.status_code == 200
    page = text(asked)
    assert "Presensi pulang sekarang?" in page and "Sekarang pukul 09:00, sebelum jam pulang 16:00." in page
    assert f'<form method="post" action="{url}">' in asked.content.decode()
    assert CheckIn.objects.count() == 1

    frozen.set(MONDAY, 9, 2)  # the code changed while the person read the question
    confirmed = client.post(url)
    assert confirmed.status_code == 200
    assert "Tersimpan: Presensi pulang pukul 09:02." in text(confirmed)
    out = CheckIn.objects.get(kind="out")
    assert (out.method, out.qr_nonce) == ("qr", kiosk.read(url.split("/")[3]).nonce)
