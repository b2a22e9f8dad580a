"""The staff sync: the file import's checks per row, idempotent, a dry run that writes nothing, the client's units
kept, and 5,000 rows in one call with a fixed number of queries."""

import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.models import WebhookEvent
from tests.api.conftest import post_json
from tests.conftest import make_nip
from tests.security.test_matrix import fingerprint
from units.models import Employee

SYNC = "/api/v1/staff/sync"


def row(nip, unit="17.99.01.1001", **extra):
    return {"nip": nip, "full_name": "Rahmat Hidayat", "asn_type": "PNS", "position_title": "Analis SDM",
            "position_category": "fungsional", "unit": unit, **extra}


def test_a_dry_run_answers_each_row_and_writes_nothing(client, api_keys):
    rows = [row(make_nip()), row("123", full_name=""), row(api_keys.world.staff_alpha1.nip, full_name="Siti A.")]
    before = fingerprint()
    answer = post_json(client, SYNC, {"dry_run": True, "rows": rows}, api_keys.alpha_write).json()
    assert fingerprint() == before
    assert [r["action"] for r in answer["rows"]] == ["create", "error", "update"]
    assert answer["counts"] == {"create": 1, "update": 1, "same": 0, "error": 1}
    assert "Nama kosong." in answer["rows"][1]["errors"]
    assert answer["rows"][2]["changes"][0] == {"field": "nama", "old": "Siti Alpha", "new": "Siti A."}


def test_it_writes_the_good_rows_and_is_idempotent(client, api_keys):
    nip = make_nip()
    rows = [row(nip), row("bad nip")]
    first = post_json(client, SYNC, {"rows": rows}, api_keys.alpha_write).json()
    assert first["written"] == {"created": 1, "updated": 0, "unchanged": 0, "skipped": 0}
    person = Employee.objects.get(nip=nip)
    assert (person.unit.code, person.full_name, person.position_category) == ("17.99.01.1001", "Rahmat Hidayat", "fungsional")
    again = post_json(client, SYNC, {"rows": rows}, api_keys.alpha_write).json()
    assert [r["action"] for r in again["rows"]] == ["same", "error"]
    assert again["written"] == {"created": 0, "updated": 0, "unchanged": 1, "skipped": 0}
    assert Employee.objects.filter(nip=nip).count() == 1


def test_a_sync_tells_the_staff_changed_subscribers(client, api_keys, django_capture_on_commit_callbacks):
    from api.models import ApiClient

    ApiClient.objects.filter(name="Alpha reader").update(webhook_url="http://127.0.0.1:9/", webhook_events=["staff.changed"])
    nips = [make_nip(), make_nip()]
    with django_capture_on_commit_callbacks(execute=True):
        post_json(client, SYNC, {"rows": [row(nips[0]), row(nips[1], unit="17.99.01.1002")]}, api_keys.alpha_write)
    events = list(WebhookEvent.objects.order_by("pk").values_list("kind", "unit__code", "payload__nips"))
    assert events == [("staff.changed", "17.99.01.1001", [nips[0]]), ("staff.changed", "17.99.01.1002", [nips[1]])]


def test_it_syncs_5000_rows_in_one_call_with_a_fixed_number_of_queries(client, api_keys, capsys):
    rows = [row(make_nip(birth="19700101"), unit=("17.99.01.1001", "17.99.01.1002")[i % 2]) for i in range(5000)]
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = post_json(client, SYNC, {"rows": rows}, api_keys.alpha_write)
        seconds = time.perf_counter() - started
    assert response.status_code == 200, response.content[:500]
    assert response.json()["written"]["created"] == 5000
    with capsys.disabled():
        print(f"\nstaff sync of 5,000 new rows: {seconds:.2f} s, {len(captured)} queries")
    # Bulk: a fixed dozen, plus the inserts in batches (SQLite splits them by its bound-value limit, about 66
    # rows each; PostgreSQL writes 1,000 a statement).
    assert len(captured) < 5000 / 40
    for r in rows[:2500]:
        r["position_title"] = "Analis SDM Ahli Muda"
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = post_json(client, SYNC, {"rows": rows}, api_keys.alpha_write)
        seconds = time.perf_counter() - started
    assert response.json()["written"] == {"created": 0, "updated": 2500, "unchanged": 2500, "skipped": 0}
    with capsys.disabled():
        print(f"staff sync of 5,000 rows, 2,500 changed: {seconds:.2f} s, {len(captured)} queries")
