"""Schemathesis against the live schema (/api/v1/openapi.json, served by the app in-process over WSGI): every
operation, with the write key of Kecamatan Alpha, fed generated requests. It finds no server error, no answer that
breaks the schema (status, content type, body), no operation that ignores its key, and no answer carrying a unit
or a person outside Kecamatan Alpha. Each write operation is also sent with Alpha's read key: always 403.

SCHEMA_EXAMPLES raises the examples per operation (the default keeps the run under a minute)."""

import os

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import Keys
from units.models import Employee, Unit

EXAMPLES = int(os.environ.get("SCHEMA_EXAMPLES", "6"))
SEEN: dict[str, object] = {}  # the current test's keys and scope, for the check below


@pytest.fixture(autouse=True)
def _keep_the_connection():
    """As Django's test client does: the WSGI requests do not close the test's connection (inside its
    transaction), which on PostgreSQL with a pool would ask for a new one in the middle of it."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# Read when the module is collected (Django is set up by then); the schema needs no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


def _walk(data, found: list[tuple[str, str]]) -> None:
    if isinstance(data, dict):
        if data.get("action") == "error":  # a refused sync row names the NIP that was sent, not one read
            return
        for key, value in data.items():
            if key in ("unit_code", "nip") and isinstance(value, str):
                found.append((key, value))
            else:
                _walk(value, found)
    elif isinstance(data, list):
        for item in data:
            _walk(item, found)


def within_scope(ctx, response, case):
    """A successful answer names only Kecamatan Alpha's units and people."""
    content_type = response.headers.get("content-type", [""])[0]
    if not 200 <= response.status_code < 300 or not content_type.startswith("application/json"):
        return None
    if case.path.endswith("openapi.json"):
        return None
    found: list[tuple[str, str]] = []
    _walk(response.json(), found)
    alpha = SEEN["alpha"]
    units = set(Unit.objects.filter(tree_path__startswith=alpha).values_list("code", flat=True))
    nips = set(Employee.objects.filter(unit__tree_path__startswith=alpha).values_list("nip", flat=True))
    outside = [(k, v) for k, v in found if v not in (units if k == "unit_code" else nips)]
    assert not outside, f"answered outside the key's units: {outside[:5]}"
    return True


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    ignored_auth,
    within_scope,
]


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_the_api_keeps_to_its_schema_and_scope(case, api_keys: Keys):
    SEEN["alpha"] = api_keys.world.kec_alpha.tree_path
    headers = {"Authorization": f"Bearer {api_keys.alpha_write}"}
    case.call_and_validate(headers=headers, checks=CHECKS)
    if "write" in case.operation.tags:
        # 403 (401 where the case leaves the key out on purpose, 405 for a method the operation has not).
        refused = case.call(headers={"Authorization": f"Bearer {api_keys.alpha_read}"})
        assert not 200 <= refused.status_code < 300, f"a read key wrote: {case.method} {case.formatted_path}"
