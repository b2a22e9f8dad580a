"""The friendly 503 while the database is unreachable (config/unavailable.py, templates/503.html)."""

import logging
from unittest import mock

import pytest
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.test import Client
from django.urls import reverse

from attendance.models import CheckIn
from config.unavailable import RETRY_AFTER_SECONDS, unavailable_response
from tests.attendance.checkin.test_checkin_page import _frozen  # noqa: F401 (fixture "frozen")
from tests.conftest import login

# The database may have failed after the commit (saving the session, rendering): the page must not
# claim the check-in was lost, only that it could not be confirmed and that trying again is safe.
FRIENDLY = "Layanan sedang gangguan sebentar. Coba lagi dalam satu menit."
RETRY_IS_SAFE = (
    "Bila Anda baru saja presensi, presensi itu belum bisa dipastikan tersimpan. Menekan tombol presensi lagi "
    "aman: presensi tidak akan tercatat dua kali. Bila tadi sudah tersimpan, Anda akan melihatnya."
)
DOWN = OperationalError("terminating connection due to administrator command")


def checkin_data():
    return {"token": "6f1f9f4e-3f57-4a38-9a5e-0a9e0c3c1d21", "kind": "in", "location_status": "denied"}


def assert_honest(body: str) -> None:
    """Neither "recorded" nor "not recorded": not confirmed, and a retry is safe and shows a saved one."""
    text = " ".join(body.split())
    assert FRIENDLY in text and RETRY_IS_SAFE in text
    assert "belum tercatat" not in text
    assert "tidak tercatat" not in text.replace("tidak akan tercatat dua kali", "")


@pytest.fixture
def record_fails():
    with mock.patch("attendance.checkin.views.recording.record", side_effect=DOWN) as record:
        yield record


def test_the_middleware_sits_outside_the_session():
    """Outside SessionMiddleware, so a failing session save becomes the 503 as well."""
    order = settings.MIDDLEWARE
    position = order.index("config.unavailable.DatabaseUnavailableMiddleware")
    assert position < order.index("django.contrib.sessions.middleware.SessionMiddleware")


def test_a_database_error_in_a_view_gives_the_friendly_page(client, world, record_fails, caplog):
    login(client, world.staff_alpha1)
    with caplog.at_level(logging.WARNING, logger="config.unavailable"):
        response = client.post(reverse("checkin"), checkin_data())
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert "<h1>Layanan sedang gangguan sebentar</h1>" in body
    assert_honest(body)
    assert "<html" in body
    assert record_fails.called
    assert [r.levelname for r in caplog.records] == ["WARNING"]
    assert "administrator command" in caplog.records[0].getMessage()


def test_an_htmx_request_gets_only_the_message(client, world, record_fails):
    login(client, world.staff_alpha1)
    response = client.post(reverse("checkin"), checkin_data(), headers={"HX-Request": "true"})
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "HX-Request" in response["Vary"]
    body = response.content.decode()
    assert "<html" not in body and "<h1" not in body
    assert "data-unavailable" in body and 'role="alert"' in body
    assert_honest(body)


def test_a_lost_connection_is_the_same(client, world):
    login(client, world.staff_alpha1)
    with mock.patch("attendance.checkin.views.recording.record", side_effect=InterfaceError("connection already closed")):
        response = client.post(reverse("checkin"), checkin_data())
    assert response.status_code == 503


def test_a_failing_session_save_after_the_view_gives_the_page(world, settings):
    """SessionMiddleware saves after the view: Django turns that error into a 500 inside the
    middleware chain; the outer middleware swaps it for the 503."""
    settings.SESSION_SAVE_EVERY_REQUEST = True
    client = Client(raise_request_exception=False)
    login(client, world.staff_alpha1)
    with mock.patch("django.contrib.sessions.backends.db.SessionStore.save", side_effect=DOWN):
        response = client.get(reverse("my_day"))
    assert response.status_code == 503
    assert_honest(response.content.decode())


def test_a_check_in_saved_before_the_failure_is_shown_on_the_retry(world, settings, frozen):
    """The database fails after the commit (here: saving the session): the 503 must not say the
    check-in was lost, and the retry with the same form answers with the row already saved."""
    settings.SESSION_SAVE_EVERY_REQUEST = True
    client = Client(raise_request_exception=False)
    login(client, world.staff_alpha1)
    data = {**checkin_data(), "reason": "GPS ponsel mati"}
    with mock.patch("django.contrib.sessions.backends.db.SessionStore.save", side_effect=DOWN):
        response = client.post(reverse("checkin"), data, headers={"HX-Request": "true"})
    assert response.status_code == 503
    assert_honest(response.content.decode())
    row = CheckIn.objects.get(employee=world.staff_alpha1)  # it was saved after all

    retry = client.post(reverse("checkin"), data, headers={"HX-Request": "true"})
    assert retry.status_code == 200
    body = retry.content.decode()
    assert "Sudah tercatat sebelumnya: Presensi masuk pukul 07:24." in " ".join(body.split())
    assert f'data-checkin="{row.pk}"' in body
    assert CheckIn.objects.filter(employee=world.staff_alpha1).count() == 1


def test_other_errors_stay_server_errors(world):
    client = Client(raise_request_exception=False)
    login(client, world.staff_alpha1)
    with mock.patch("attendance.checkin.views.recording.record", side_effect=ValueError("bug")):
        response = client.post(reverse("checkin"), checkin_data())
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_normal_pages_are_unaffected(client, world):
    login(client, world.staff_alpha1)
    response = client.get(reverse("my_day"))
    assert response.status_code == 200
    assert "Retry-After" not in response
    assert "Layanan sedang gangguan" not in response.content.decode()
    response = client.post(reverse("checkin"), checkin_data(), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "data-unavailable" not in response.content.decode()


def test_the_page_is_rendered_without_touching_the_database(rf):
    """No `db` fixture: any query here would raise."""
    response = unavailable_response(rf.get("/saya/"), DOWN)
    assert response.status_code == 503
    assert "Kembali ke beranda" in response.content.decode()


def test_the_page_follows_the_chosen_language(client, world, record_fails):
    login(client, world.staff_alpha1)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("checkin"), checkin_data())
    assert response.status_code == 503
    assert 'lang="en"' in response.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="psycopg's pool is PostgreSQL only")
def test_a_pool_timeout_reaches_the_middleware_as_operational_error():
    """psycopg_pool.PoolTimeout (no connection within the pool's timeout) subclasses psycopg's
    OperationalError, so Django's error wrapper turns it into django.db.OperationalError."""
    from psycopg_pool import PoolTimeout

    with pytest.raises(OperationalError):
        with connection.wrap_database_errors:
            raise PoolTimeout("couldn't get a connection after 10.00 sec")
