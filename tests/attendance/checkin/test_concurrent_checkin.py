"""Concurrent check-ins at PostgreSQL: many simultaneous requests store exactly one "in".

Skipped on SQLite (it serialises writers, so there is no race to prove). Run with
DATABASE_URL=postgres://... to exercise the unique constraint and the savepoint handling.
"""

import re
import threading
import uuid

import pytest
from django.db import connection, connections
from django.test import Client

from attendance.models import CheckIn
from tests.attendance.checkin.test_checkin_page import (
    OFFICE,
    _frozen,  # noqa: F401 (fixture "frozen")
    _office,  # noqa: F401 (fixture "office")
)
from tests.conftest import login

THREADS = 8

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the race needs PostgreSQL (set DATABASE_URL)"
)


def fire(clients, data_for):
    """POST from every client at the same moment; returns (status, body) per request."""
    barrier = threading.Barrier(len(clients))
    results = [None] * len(clients)

    def run(index, client):
        try:
            barrier.wait(timeout=10)
            response = client.post("/saya/presensi/", data_for(index), headers={"HX-Request": "true"})
            results[index] = (response.status_code, response.content.decode())
        except Exception as error:  # reported by the assertions below
            results[index] = (None, repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def form(token):
    return {
        "token": str(token),
        "kind": "in",  # the page's "Presensi masuk" button
        "location_status": "ok",
        "latitude": f"{OFFICE[0]:.6f}",
        "longitude": f"{OFFICE[1]:.6f}",
        "accuracy": "8",
    }


def clients_for(employee, count):
    clients = []
    for _ in range(count):
        client = Client()
        login(client, employee)
        clients.append(client)
    return clients


@pytest.mark.django_db(transaction=True)
def test_it_stores_one_check_in_when_different_forms_race(world, office, frozen):
    results = fire(clients_for(world.staff_alpha1, THREADS), lambda i: form(uuid.uuid4()))
    rows = list(CheckIn.objects.filter(employee=world.staff_alpha1))
    assert [(r.kind, r.date) for r in rows] == [("in", rows[0].date)]
    for status, body in results:
        assert status == 200, body
        assert re.search(r'data-checkin="(\d+)"', body).group(1) == str(rows[0].pk)


@pytest.mark.django_db(transaction=True)
def test_it_stores_one_check_in_when_every_request_read_the_day_before_any_wrote(
    world, office, frozen, monkeypatch
):
    """The worst interleaving, forced: all requests see "not checked in yet", then all insert. The
    unique constraint refuses all but one; each loser answers with the winner's row."""
    from attendance.checkin import recording

    read_all = threading.Barrier(THREADS)
    original_day_for, original_winner = recording.day_for, recording._winner
    lost = []

    def day_for_then_wait(*args, **kwargs):
        day = original_day_for(*args, **kwargs)
        read_all.wait(timeout=10)
        return day

    monkeypatch.setattr(recording, "day_for", day_for_then_wait)
    monkeypatch.setattr(recording, "_winner", lambda row: lost.append(row) or original_winner(row))
    results = fire(clients_for(world.staff_alpha1, THREADS), lambda i: form(uuid.uuid4()))
    row = CheckIn.objects.get(employee=world.staff_alpha1)
    assert row.kind == "in"
    assert len(lost) == THREADS - 1
    for status, body in results:
        assert status == 200, body
        assert f'data-checkin="{row.pk}"' in body


@pytest.mark.django_db(transaction=True)
def test_it_stores_one_check_in_when_the_same_form_is_sent_many_times(world, office, frozen):
    token = uuid.uuid4()
    results = fire(clients_for(world.staff_alpha1, THREADS), lambda i: form(token))
    row = CheckIn.objects.get(employee=world.staff_alpha1)
    assert row.token == token
    for status, body in results:
        assert status == 200, body
        assert f'data-checkin="{row.pk}"' in body
