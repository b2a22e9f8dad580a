"""A check-in whose position is out of range (issue 11, item 3): a clear 400 in Indonesian, nothing stored.

accuracy=3000000000 was a server error on PostgreSQL (the stored integer's range); a latitude of 91, an
infinite longitude or NaN are nothing a phone sends either.
"""

import json
import uuid

import pytest

from attendance.models import CheckIn
from tests.attendance.checkin.test_checkin_page import (
    OFFICE,
    _frozen,  # noqa: F401 (fixture "frozen")
    _office,  # noqa: F401 (fixture "office")
    north_of,
    post,
    text,
)
from tests.conftest import login

MESSAGE = "Lokasi yang dikirim tidak masuk akal (lintang, bujur atau akurasi di luar batas)"
INSIDE = ("-3.790100", "102.250000")


@pytest.mark.parametrize(
    "position",
    [
        {"accuracy": "3000000000"},
        {"accuracy": "-1"},
        {"accuracy": "nan"},
        {"latitude": "91"},
        {"latitude": "-90.5"},
        {"latitude": "nan"},
        {"longitude": "1e309"},
        {"longitude": "-inf"},
        {"longitude": "180.1"},
    ],
    ids=lambda position: "=".join(*position.items()),
)
@pytest.mark.parametrize("htmx", [False, True], ids=["form", "htmx"])
def test_it_answers_400_to_a_position_out_of_range_and_stores_nothing(client, world, office, frozen, position, htmx):
    login(client, world.staff_alpha1)
    data = {"token": str(uuid.uuid4()), "location_status": "ok", "latitude": INSIDE[0], "longitude": INSIDE[1],
            "accuracy": "10", "reason": "", "kind": ""}
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.post("/saya/presensi/", {**data, **position}, headers=headers)
    assert response.status_code == 400
    if htmx:  # htmx does not swap a 400: the message comes with it, as every htmx message does
        shown = [m["text"] for m in json.loads(response["HX-Trigger"])["messages"]]
        assert any(MESSAGE in m for m in shown)
    else:
        assert MESSAGE in text(response)
    assert not CheckIn.objects.exists()


def test_it_still_records_a_poor_but_real_accuracy(client, world, office, frozen):
    """A browser guessing from the network may say "within 150 km": after the attempts at a better fix it is
    kept as it is, and it does not widen the fence (flagged, never inside)."""
    login(client, world.staff_alpha1)
    post(client, north_of(OFFICE, 320), accuracy=150_000, reason="GPS mati", tries=2)
    row = CheckIn.objects.get()
    assert (row.accuracy_m, row.location, row.place_name) == (150_000, "inaccurate", "")
