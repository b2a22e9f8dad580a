"""Clients of the API over the shared personas (tests/conftest.py): a read key and a write key for Kecamatan Alpha
(its kelurahan included), a read key for Kecamatan Beta, and one for the whole city."""

import datetime as dt
from dataclasses import dataclass

import pytest

from api.clients import keys
from tests.conftest import World


@dataclass
class Keys:
    world: World
    alpha_read: str
    alpha_write: str
    beta_read: str
    city_read: str


def bearer(plain: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {plain}"}


@pytest.fixture
def api_keys(world) -> Keys:
    alpha_read = keys.register("Alpha reader", "alpha@example.org", units=[world.kec_alpha])
    alpha_write = keys.register("Alpha writer", "alpha@example.org", units=[world.kec_alpha], write=True)
    beta_read = keys.register("Beta reader", "beta@example.org", units=[world.kec_beta])
    city_read = keys.register("Payroll", "payroll@example.org", whole_city=True)
    return Keys(world, alpha_read.plain, alpha_write.plain, beta_read.plain, city_read.plain)


def later(days: int) -> dt.timedelta:
    return dt.timedelta(days=days)


def freeze(monkeypatch, moment: dt.datetime) -> dt.datetime:
    """Stop the one clock at `moment` (local time of Bengkulu)."""
    from django.utils import timezone

    from units import clock

    aware = timezone.make_aware(moment)
    monkeypatch.setattr(clock, "now", lambda: aware)
    monkeypatch.setattr(clock, "today", lambda: aware.date())
    return aware


def post_json(client, path: str, body, key: str):
    import json

    return client.post(path, json.dumps(body), content_type="application/json", **bearer(key))
