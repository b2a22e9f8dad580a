"""The kiosk page (/kios/<unit>/): a rotating QR code for the unit's counter tablet."""

import datetime as dt
import re

import pytest

from attendance.checkin import kiosk
from tests.attendance.checkin.test_checkin_page import (
    MONDAY,
    _frozen,  # noqa: F401 (fixture "frozen")
)
from tests.conftest import login


@pytest.mark.parametrize("who", ["operator_alpha1", "lurah_alpha1", "camat_alpha", "admin_user"])
def test_it_shows_the_qr_code_to_the_units_operator_heads_and_admins(client, world, frozen, who):
    login(client, getattr(world, who))
    response = client.get("/kios/17.99.01.1001/")
    assert response.status_code == 200
    html = response.content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert "Kios presensi: Kelurahan Alpha Satu" in html
    assert "<svg" in html and "<title>Kode QR presensi Kelurahan Alpha Satu</title>" in html
    assert 'hx-get="/kios/17.99.01.1001/"' in html and 'hx-trigger="every 5s"' in html
    assert re.search(r"Kode berganti dalam <span data-countdown>\d+</span> detik", html)


@pytest.mark.parametrize("who,status", [("staff_alpha1", 403), ("lurah_beta1", 404), ("operator_alpha1", 404)])
def test_it_keeps_the_kiosk_from_staff_and_other_units(client, world, frozen, who, status):
    login(client, getattr(world, who))
    unit = "17.99.01.1001" if who != "operator_alpha1" else "17.99.02.1001"
    assert client.get(f"/kios/{unit}/").status_code == status


def test_it_sends_anonymous_visitors_to_sign_in(client, world):
    response = client.get("/kios/17.99.01.1001/")
    assert response.status_code == 302 and response["Location"].startswith("/masuk/?next=")


def test_it_encodes_an_absolute_link_signed_for_the_unit_and_window(client, world, frozen):
    now = frozen.set(MONDAY, 7, 0, 5)
    login(client, world.operator_alpha1)
    response = client.get("/kios/17.99.01.1001/")
    token = kiosk.issue("17.99.01.1001", now)
    assert response.context["checkin_url"] == f"http://testserver/presensi/qr/{token}/"
    scan = kiosk.read(token)
    assert (scan.unit_code, scan.window) == ("17.99.01.1001", kiosk.window_of(now))
    assert response.context["seconds_left"] == 25


def test_it_polls_the_same_code_within_a_window_and_a_new_one_after_it(client, world, frozen):
    login(client, world.operator_alpha1)
    headers = {"HX-Request": "true"}
    frozen.set(MONDAY, 7, 0, 1)
    first = client.get("/kios/17.99.01.1001/", headers=headers)
    frozen.set(MONDAY, 7, 0, 29)
    same = client.get("/kios/17.99.01.1001/", headers=headers)
    frozen.set(MONDAY, 7, 0, 31)
    later = client.get("/kios/17.99.01.1001/", headers=headers)
    svg = [re.search(r"<svg.*</svg>", r.content.decode(), re.S).group() for r in (first, same, later)]
    assert svg[0] == svg[1] != svg[2]
    html = first.content.decode()
    assert html.lstrip().startswith('<div id="kiosk-qr"') and "<h1" not in html
    assert "HX-Request" in first["Vary"]


def test_it_counts_the_seconds_left_in_the_window():
    start = dt.datetime(2026, 3, 2, 0, 0, 0, tzinfo=dt.UTC)
    assert kiosk.seconds_left(start) == 30
    assert kiosk.seconds_left(start + dt.timedelta(seconds=29)) == 1
