"""manage.py create_api_client: a client and its key printed once; --demo the known demo key, DEBUG only."""

import io

import pytest
from django.core.management import CommandError, call_command

from api.management.commands.create_api_client import DEMO_KEY
from api.models import ApiClient, ApiKey
from tests.api.conftest import bearer


def test_it_registers_a_client_and_prints_a_working_key(client, world):
    out = io.StringIO()
    call_command("create_api_client", name="Sephia", contact="x@example.org", unit=["17.99.01"], stdout=out)
    plain = next(line for line in out.getvalue().splitlines() if line.startswith("hadir_"))
    assert client.get("/api/v1/units", **bearer(plain)).status_code == 200
    assert ApiClient.objects.get(name="Sephia").user is not None


def test_the_demo_key_is_made_once_and_only_with_debug(client, world, settings):
    settings.DEBUG = True
    call_command("create_api_client", demo=True, stdout=io.StringIO())
    call_command("create_api_client", demo=True, stdout=io.StringIO())
    assert ApiKey.objects.count() == 1
    assert client.get("/api/v1/units", **bearer(DEMO_KEY)).status_code == 200
    settings.DEBUG = False
    assert client.get("/api/v1/units", **bearer(DEMO_KEY)).status_code == 401
    with pytest.raises(CommandError):
        call_command("create_api_client", demo=True, stdout=io.StringIO())
