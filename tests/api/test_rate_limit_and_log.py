"""Per-client rate limits (429 with Retry-After, counted per minute in the cache) and the log of every call."""

import datetime as dt

from api.models import ApiCall, ApiClient
from tests.api.conftest import bearer, freeze


def test_it_answers_429_with_retry_after_past_the_clients_limit(client, api_keys, monkeypatch):
    freeze(monkeypatch, dt.datetime(2026, 4, 10, 9, 0, 45))
    ApiClient.objects.filter(name="Alpha reader").update(rate_limit_per_minute=3)
    answers = [client.get("/api/v1/units", **bearer(api_keys.alpha_read)) for _ in range(4)]
    assert [r.status_code for r in answers] == [200, 200, 200, 429]
    assert answers[-1]["Retry-After"] == "15"
    # Another client keeps its own count; the next minute starts again.
    assert client.get("/api/v1/units", **bearer(api_keys.beta_read)).status_code == 200
    freeze(monkeypatch, dt.datetime(2026, 4, 10, 9, 1, 1))
    assert client.get("/api/v1/units", **bearer(api_keys.alpha_read)).status_code == 200


def test_it_logs_every_call_with_client_status_and_rows(client, api_keys):
    client.get("/api/v1/units")
    client.get("/api/v1/staff?unit=17.99.01.1001", **bearer(api_keys.alpha_read))
    client.get("/api/v1/staff?unit=17.99.02.1001", **bearer(api_keys.alpha_read))
    response = client.get("/api/v1/recap/2026/4/export?unit=17.99.01.1001", **bearer(api_keys.alpha_read))
    assert ApiCall.objects.count() == 3  # the stream is logged once it has been read
    b"".join(response.streaming_content)
    calls = list(ApiCall.objects.order_by("pk").values_list("client__name", "endpoint", "status", "rows"))
    assert calls == [
        (None, "api/v1/units", 401, None),
        ("Alpha reader", "api/v1/staff", 200, 3),
        ("Alpha reader", "api/v1/staff", 404, None),
        ("Alpha reader", "api/v1/recap/<year>/<month>/export", 200, 3),
    ]
