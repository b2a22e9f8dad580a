"""The month's export streams: a StreamingHttpResponse written a batch of people at a time, its queries growing
with the batches, not with the rows."""

import datetime as dt
import json

from django.core.cache import cache
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext

from api.read import export
from policy.plan import reference
from tests.api.conftest import bearer, freeze
from tests.conftest import make_employee

URL = "/api/v1/recap/2026/4/export?unit=17.99.01.1001&sub_units=false"


def _queries(client, key) -> tuple[int, list[dict]]:
    cache.clear()
    reference.clear()
    response = client.get(URL, **bearer(key))
    assert isinstance(response, StreamingHttpResponse)
    with CaptureQueriesContext(connection) as captured:
        lines = [json.loads(line) for line in b"".join(response.streaming_content).splitlines()]
    return len(captured), lines


def test_it_streams_ndjson_with_the_month_first(client, api_keys, monkeypatch):
    freeze(monkeypatch, dt.datetime(2026, 5, 10, 9))
    response = client.get(URL, **bearer(api_keys.alpha_read))
    assert response.streaming and response["Content-Type"] == "application/x-ndjson"
    lines = [json.loads(line) for line in b"".join(response.streaming_content).splitlines()]
    assert lines[0]["type"] == "month" and lines[0]["final"] is False
    assert {line["nip"] for line in lines[1:]} == {
        api_keys.world.staff_alpha1.nip, api_keys.world.lurah_alpha1.nip, api_keys.world.operator_alpha1.nip
    }


def test_its_queries_grow_with_the_batches_not_the_rows(client, api_keys, monkeypatch):
    freeze(monkeypatch, dt.datetime(2026, 5, 10, 9))
    monkeypatch.setattr(export, "BATCH", 3)
    unit = api_keys.world.kel_alpha1  # 3 people: one batch
    one, lines = _queries(client, api_keys.alpha_read)
    assert len(lines) == 1 + 3
    for i in range(3):
        make_employee(unit, f"Pegawai {i}", login=False)
    two, lines = _queries(client, api_keys.alpha_read)
    assert len(lines) == 1 + 6
    for i in range(6):
        make_employee(unit, f"Pegawai lagi {i}", login=False)
    four, lines = _queries(client, api_keys.alpha_read)
    assert len(lines) == 1 + 12
    per_batch = two - one
    assert four == one + 3 * per_batch
    # One batch of 12 costs what one batch of 3 did: nothing per row.
    monkeypatch.setattr(export, "BATCH", 500)
    assert _queries(client, api_keys.alpha_read)[0] == one
