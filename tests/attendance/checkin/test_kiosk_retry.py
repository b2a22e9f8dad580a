"""A kiosk scan retried after a 503: the same person, the same code, one row and a friendly answer.

The database can fail after the check-in was committed (saving the session, evaluating the day,
rendering the answer): the person sees the 503 page and opens the link again. That retry answers
"Sudah tercatat sebelumnya" with the row already saved, as a retry of the phone form does, even once
the code has expired; when nothing was saved, the retry records it once.
"""

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

from attendance.checkin import recording, sql
from attendance.models import CheckIn
from tests.attendance.checkin.test_checkin_page import (
    MONDAY,
    _frozen,  # noqa: F401 (fixture "frozen")
    text,
)
from tests.attendance.checkin.test_kiosk_qr import code_for
from tests.conftest import login, make_employee

DOWN = OperationalError("terminating connection due to administrator command")
SESSION_SAVE = "django.contrib.sessions.backends.db.SessionStore.save"


@pytest.fixture
def phone(world, settings):
    """staff_alpha1's phone; every answer saves the session, so a failing save can follow the commit."""
    settings.SESSION_SAVE_EVERY_REQUEST = True
    client = Client(raise_request_exception=False)
    login(client, world.staff_alpha1)
    return client


def assert_already_recorded(response, row, kind="masuk", time="07:24"):
    assert response.status_code == 200
    page = text(response)
    assert f"Sudah tercatat sebelumnya: Presensi {kind} pukul {time}." in page
    assert f'data-checkin="{row.pk}"' in response.content.decode()
    assert "Presensi tidak dicatat" not in page and "sudah Anda pakai" not in page


def test_a_scan_saved_before_the_session_failed_is_already_recorded_on_retry(phone, world, frozen):
    url = code_for(world.kel_alpha1, frozen.set(MONDAY, 7, 24))
    with mock.patch(SESSION_SAVE, side_effect=DOWN):
        failed = phone.get(url)
    assert failed.status_code == 503
    row = CheckIn.objects.get()  # committed before the session save failed

    frozen.set(MONDAY, 7, 24, 20)
    assert_already_recorded(phone.get(url), row)
    assert CheckIn.objects.count() == 1


def test_a_scan_saved_before_the_answer_failed_is_already_recorded_on_retry(phone, world, frozen):
    url = code_for(world.kel_alpha1, frozen.set(MONDAY, 7, 24))
    with mock.patch.object(recording.Day, "evaluate", side_effect=DOWN):
        assert phone.get(url).status_code == 503
    row = CheckIn.objects.get()
    assert_already_recorded(phone.get(url), row)
    assert CheckIn.objects.count() == 1


def test_the_retry_a_minute_later_still_finds_the_saved_scan(phone, world, frozen):
    """The 503 page says to try again in a minute: by then the code has expired."""
    url = code_for(world.kel_alpha1, frozen.set(MONDAY, 7, 24))
    with mock.patch(SESSION_SAVE, side_effect=DOWN):
        assert phone.get(url).status_code == 503
    row = CheckIn.objects.get()
    frozen.set(MONDAY, 7, 26)
    assert_already_recorded(phone.get(url), row)
    assert CheckIn.objects.count() == 1


def test_a_scan_that_failed_before_the_insert_is_recorded_once_on_retry(phone, world, frozen):
    url = code_for(world.kel_alpha1, frozen.set(MONDAY, 7, 24))
    with mock.patch.object(sql, "insert", side_effect=DOWN):
        assert phone.get(url).status_code == 503
    assert not CheckIn.objects.exists()

    frozen.set(MONDAY, 7, 24, 30)
    retry = phone.get(url)
    assert retry.status_code == 200
    assert "Tersimpan: Presensi masuk pukul 07:24." in text(retry)
    assert CheckIn.objects.count() == 1
    again = phone.get(url)  # and once more: the row just saved, not a second one
    assert_already_recorded(again, CheckIn.objects.get())
    assert CheckIn.objects.count() == 1


def test_an_unsaved_scan_retried_after_the_code_expired_is_refused_as_expired(phone, world, frozen):
    url = code_for(world.kel_alpha1, frozen.set(MONDAY, 7, 24))
    with mock.patch.object(sql, "insert", side_effect=DOWN):
        assert phone.get(url).status_code == 503
    frozen.set(MONDAY, 7, 26)
    response = phone.get(url)
    assert response.status_code == 400 and "Kode QR ini sudah kedaluwarsa" in text(response)
    assert not CheckIn.objects.exists()


def test_a_confirmed_early_check_out_retried_after_a_503_is_recorded_once(phone, world, frozen):
    phone.get(code_for(world.kel_alpha1, frozen.set(MONDAY, 7, 24)))
    url = code_for(world.kel_alpha1, frozen.set(MONDAY, 9, 0))
    assert "Presensi pulang sekarang?" in text(phone.get(url))
    frozen.set(MONDAY, 9, 1)
    with mock.patch(SESSION_SAVE, side_effect=DOWN):
        assert phone.post(url).status_code == 503
    out = CheckIn.objects.get(kind="out")
    assert_already_recorded(phone.post(url), out, kind="pulang", time="09:01")
    assert CheckIn.objects.filter(kind="out").count() == 1


def test_others_scanning_the_same_code_are_treated_as_before(phone, world, frozen):
    """A colleague gets their own row (a kiosk shows one code to everyone), never the first person's;
    someone from another unit is still refused."""
    now = frozen.set(MONDAY, 7, 24)
    url = code_for(world.kel_alpha1, now)
    with mock.patch(SESSION_SAVE, side_effect=DOWN):
        assert phone.get(url).status_code == 503
    first = CheckIn.objects.get()

    colleague = Client()
    login(colleague, make_employee(world.kel_alpha1, "Rekan Alpha"))
    response = colleague.get(url)
    assert response.status_code == 200 and "Tersimpan: Presensi masuk pukul 07:24." in text(
        response
    )
    assert f'data-checkin="{first.pk}"' not in response.content.decode()

    stranger = Client()
    login(stranger, world.staff_beta1)
    refused = stranger.get(url)
    assert refused.status_code == 403 and "Kode QR ini milik kios Kelurahan Alpha Satu" in text(
        refused
    )
    assert CheckIn.objects.filter(employee=world.staff_beta1).count() == 0
    assert CheckIn.objects.count() == 2
