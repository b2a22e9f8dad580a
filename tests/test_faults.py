"""The fault demo's pure helpers (bench/faults.py): reading answers and checking the stored rows.
The demo itself (a private PostgreSQL, gunicorn, restarts and kills) runs with `make faults`."""

import datetime as dt
import uuid
from decimal import Decimal

from bench.faults import check_rows, classify, parse_ppid, summarise

TOKEN = uuid.uuid4()
SENT = {
    "employee": 7,
    "user": 70,
    "token": str(TOKEN),
    "checkin": 101,
    "date": "2026-11-28",
    "latitude": -3.795123,
    "longitude": 102.261234,
    "accuracy": 12,
}


def stored(**changes) -> dict:
    row = {
        "id": 101,
        "employee_id": 7,
        "kind": "in",
        "date": dt.date(2026, 11, 28),
        "at": dt.datetime(2026, 11, 28, 0, 31, tzinfo=dt.UTC),
        "method": "phone",
        "unit_id": 3,
        "planned_mode": "onsite",
        "latitude": Decimal("-3.795123"),
        "longitude": Decimal("102.261234"),
        "accuracy_m": 12,
        "location": "inside",
        "token": TOKEN,
        "created_by_id": 70,
    }
    return {**row, **changes}


def test_a_complete_row_per_success_passes():
    assert check_rows([stored()], {(7, "in"): SENT}) == []


def test_a_doubled_row_is_found():
    problems = check_rows([stored(), stored(id=102, token=uuid.uuid4())], {(7, "in"): SENT})
    assert any("2 'in' rows (doubled)" in p for p in problems)


def test_a_lost_row_and_a_row_nobody_was_told_about_are_found():
    assert check_rows([], {(7, "in"): SENT}) == ["employee 7: 'in' answered as saved but not stored (lost)"]
    problems = check_rows([stored(employee_id=8)], {})
    assert problems == ["employee 8: 1 'in' row(s) no client was told about"]


def test_missing_or_different_fields_are_found():
    problems = check_rows(
        [stored(unit_id=None, latitude=None, accuracy_m=None, token=uuid.uuid4(), location="outside", id=100)],
        {(7, "in"): SENT},
    )
    text = " | ".join(problems)
    for expected in ("the answer showed row 101", "token differs", "unit, planned mode or method missing",
                     "location 'outside'", "latitude None", "accuracy None"):
        assert expected in text


def test_kinds_are_counted_apart():
    out = {**SENT, "token": str(uuid.uuid4()), "checkin": 150}
    rows = [stored(), stored(id=150, kind="out", token=uuid.UUID(out["token"]))]
    assert check_rows(rows, {(7, "in"): SENT, (7, "out"): out}) == []


def test_answers_are_classified():
    ok = classify((7, "in"), 0.0, 0.1, 200, '<p class="result" role="status" data-checkin="55">Tersimpan</p>')
    assert (ok.outcome, ok.checkin, ok.duplicate) == ("ok", 55, False)
    again = classify((7, "in"), 0.0, 0.1, 200, '<p data-checkin="55">Sudah tercatat sebelumnya: …</p>')
    assert again.duplicate
    down = classify((7, "in"), 0.0, 0.1, 503, "<div data-unavailable><p>Layanan sedang gangguan sebentar, …")
    assert (down.outcome, down.friendly) == ("503", True)
    assert classify((7, "in"), 0.0, 0.1, 503, "Service Unavailable").friendly is False
    # A 200 without a saved check-in (a reason asked for) is not a success.
    assert classify((7, "in"), 0.0, 0.1, 200, "<textarea name=reason>").outcome == "error"
    assert classify((7, "in"), 0.0, 0.1, 403, "CSRF").detail.startswith("HTTP 403")


def test_attempts_are_summarised():
    attempts = [
        classify((1, "in"), 0, 1, 200, 'data-checkin="1"'),
        classify((2, "in"), 0, 1, 503, "Layanan sedang gangguan sebentar"),
        classify((2, "in"), 0, 1, 503, "plain"),
    ]
    counts = summarise(attempts)
    assert (counts["requests"], counts["ok"], counts["503"], counts["503_friendly"]) == (3, 1, 2, 1)


def test_the_parent_pid_is_read_past_a_command_name_with_spaces():
    assert parse_ppid("4242 (gunicorn: worker [config.wsgi]) S 4100 4100 …") == 4100
