"""Authorization matrix of the API, wired as tests/security/test_matrix.py is for the pages (which leaves the api_v1
namespace to this file): every URL of the API has a rule here, and each is called with every kind of key.

Keys: none, a garbage one, a revoked one, an expired one (all 401); Kecamatan Beta's read key, the other OPD (never
sees Kelurahan Alpha Satu's staff: 404, or a list without them; never writes: 403); Kecamatan Alpha's read key
(reads; 403 on a write); Alpha's write key (reads and writes). A refused call leaves the database as it was."""

import datetime as dt
import json
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.urls import URLPattern, get_resolver

from api.clients import keys
from api.models import ApiClient
from tests.api.conftest import bearer
from tests.security.test_matrix import fingerprint

PUBLIC, READ, WRITE = "public", "read", "write"


@dataclass(frozen=True)
class Rule:
    method: str
    path: str  # {nip}: Siti Alpha's (staff_alpha1, Kelurahan Alpha Satu)
    scope: str
    body: dict | None = None


NIP = "{nip}"
# fmt: off
RULES = {
    "api_v1:openapi-json": Rule("GET", "/api/v1/openapi.json", PUBLIC),
    "api_v1:docs": Rule("GET", "/api/v1/docs", PUBLIC),
    "api_v1:api-root": Rule("GET", "/api/v1/", PUBLIC),
    "api_v1:units": Rule("GET", "/api/v1/units", READ),
    "api_v1:staff": Rule("GET", "/api/v1/staff", READ),
    "api_v1:person": Rule("GET", f"/api/v1/staff/{NIP}", READ),
    "api_v1:leave": Rule("GET", f"/api/v1/staff/{NIP}/leave?year=2026", READ),
    "api_v1:statuses": Rule("GET", "/api/v1/units/17.99.01.1001/statuses?start=2026-04-06&end=2026-04-10", READ),
    "api_v1:recap": Rule("GET", "/api/v1/recap/2026/4?unit=17.99.01.1001", READ),
    "api_v1:recap_export": Rule("GET", "/api/v1/recap/2026/4/export?unit=17.99.01.1001", READ),
    "api_v1:coverage_now": Rule("GET", "/api/v1/coverage", READ),
    "api_v1:events": Rule("GET", "/api/v1/events?day=2026-04-10", READ),
    "api_v1:replay": Rule("POST", "/api/v1/webhooks/replay", READ, {"day": "2026-04-10"}),
    "api_v1:sync_staff": Rule("POST", "/api/v1/staff/sync", WRITE, {"rows": [{
        "nip": NIP, "full_name": "Siti Alpha Baru", "asn_type": "PNS", "position_title": "Analis",
        "position_category": "fungsional", "unit": "17.99.01.1001"}]}),
    "api_v1:receive_arrangement": Rule("POST", "/api/v1/arrangements", WRITE, {
        "external_id": "simpeg-1", "nip": NIP, "kind": "dl", "start_date": "2026-04-13",
        "end_date": "2026-04-14", "spt_number": "SPT/1"}),
}
# fmt: on

NONE, GARBAGE, REVOKED, EXPIRED, OTHER_OPD, ALPHA_READ, ALPHA_WRITE = (
    "no key", "garbage key", "revoked key", "expired key", "other OPD", "alpha read", "alpha write"
)
KEYS = (NONE, GARBAGE, REVOKED, EXPIRED, OTHER_OPD, ALPHA_READ, ALPHA_WRITE)
LOCKED_OUT = (NONE, GARBAGE, REVOKED, EXPIRED)


def api_url_names() -> list[str]:
    for entry in get_resolver().url_patterns:
        if getattr(entry, "namespace", None) == "api_v1":
            return sorted(f"api_v1:{p.name}" for p in entry.url_patterns if isinstance(p, URLPattern))
    return []


def test_every_api_url_has_an_authorization_rule():
    assert set(api_url_names()) == set(RULES)


@pytest.fixture
def plain_keys(api_keys) -> dict[str, str]:
    alpha = ApiClient.objects.get(name="Alpha reader")
    revoked = keys.issue(alpha)
    keys.revoke(revoked.key)
    expired = keys.issue(alpha, lifetime=-dt.timedelta(seconds=1))
    ApiClient.objects.update(webhook_url="http://127.0.0.1:9/hook")
    return {
        NONE: "",
        GARBAGE: "hadir_abc_not-a-key",
        REVOKED: revoked.plain,
        EXPIRED: expired.plain,
        OTHER_OPD: api_keys.beta_read,
        ALPHA_READ: api_keys.alpha_read,
        ALPHA_WRITE: api_keys.alpha_write,
    }


def _call(client, rule: Rule, nip: str, key: str):
    path = rule.path.replace(NIP, nip)
    headers = bearer(key) if key else {}
    if rule.method == "GET":
        response = client.get(path, **headers)
    else:
        body = json.dumps(rule.body).replace(NIP, nip)
        response = client.post(path, body, content_type="application/json", **headers)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return response, content


def allowed(rule: Rule, who: str) -> bool:
    if rule.scope == PUBLIC:
        return True
    if who in LOCKED_OUT:
        return False
    if rule.scope == WRITE:
        return who == ALPHA_WRITE
    return True  # reads: the other OPD is answered, but never with Alpha's staff (below)


@pytest.mark.parametrize("who", KEYS)
@pytest.mark.parametrize("name", sorted(RULES))
def test_it_enforces_the_api_authorization_rule(client, plain_keys, api_keys, name, who):
    rule = RULES[name]
    person = api_keys.world.staff_alpha1
    before = fingerprint()
    with transaction.atomic():
        response, content = _call(client, rule, person.nip, plain_keys[who])
        where = f"{rule.method} {rule.path} with {who}: {response.status_code} {content[:200]!r}"
        if rule.scope == PUBLIC:
            assert response.status_code in (200, 404), where  # ninja's root answers 404
        elif not allowed(rule, who):
            expected = 401 if who in LOCKED_OUT else 403
            assert response.status_code == expected, where
            assert fingerprint() == before, f"refused, yet the database changed: {where}"
        elif who == OTHER_OPD:
            assert response.status_code in (200, 404), where
            assert person.nip.encode() not in content and b"17.99.01.1001" not in content, where
            assert fingerprint() == before, where
        else:
            assert response.status_code == 200, where
        transaction.set_rollback(True)


def test_a_write_key_never_writes_outside_its_units(client, api_keys):
    """Alpha's write key: a row for Beta's unit, or Beta's person moved into Alpha, is a row error; Beta's person's
    leave is 404."""
    world = api_keys.world
    beta = world.staff_beta1
    row = {"full_name": "X", "asn_type": "PNS", "position_title": "Analis", "position_category": "fungsional"}
    body = {"rows": [{**row, "nip": beta.nip, "unit": "17.99.02.1001"}, {**row, "nip": beta.nip, "unit": "17.99.01.1001"}]}
    before = fingerprint()
    response = client.post("/api/v1/staff/sync", json.dumps(body), content_type="application/json",
                           **bearer(api_keys.alpha_write))
    assert response.status_code == 200
    assert [r["action"] for r in response.json()["rows"]] == ["error", "error"]
    leave = {"external_id": "x", "nip": beta.nip, "kind": "dl", "start_date": "2026-04-13", "end_date": "2026-04-13"}
    response = client.post("/api/v1/arrangements", json.dumps(leave), content_type="application/json",
                           **bearer(api_keys.alpha_write))
    assert response.status_code == 404
    assert fingerprint() == before
