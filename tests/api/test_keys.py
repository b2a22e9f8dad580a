"""Keys: shown once and kept hashed; expired, revoked or a client made inactive: 401; rotation keeps the old key
for its grace only; a read key cannot write (403)."""

import datetime as dt

from api.clients import keys
from api.models import ApiClient, ApiKey
from tests.api.conftest import bearer, freeze, post_json

UNITS = "/api/v1/units"


def test_it_keeps_only_the_hash_of_the_secret(api_keys):
    prefix, secret = keys.split(api_keys.alpha_read)
    key = ApiKey.objects.get(prefix=prefix)
    assert secret not in key.secret_hash and len(key.secret_hash) == 64
    assert not ApiKey.objects.filter(secret_hash__contains=secret).exists()


def test_it_answers_401_to_a_missing_wrong_expired_or_revoked_key(client, api_keys):
    client_ = ApiClient.objects.get(name="Alpha reader")
    expired = keys.issue(client_, lifetime=-dt.timedelta(seconds=1))
    revoked = keys.issue(client_)
    keys.revoke(revoked.key)
    wrong = api_keys.alpha_read[:-3] + "xyz"
    assert client.get(UNITS).status_code == 401
    for plain in (wrong, expired.plain, revoked.plain, "Bearer", "hadir_"):
        assert client.get(UNITS, **bearer(plain)).status_code == 401
    assert client.get(UNITS, **bearer(api_keys.alpha_read)).status_code == 200


def test_an_inactive_client_is_locked_out(client, api_keys):
    ApiClient.objects.filter(name="Alpha reader").update(is_active=False)
    assert client.get(UNITS, **bearer(api_keys.alpha_read)).status_code == 401


def test_rotation_keeps_the_old_key_for_its_grace_only(client, api_keys, monkeypatch):
    start = freeze(monkeypatch, dt.datetime(2026, 4, 10, 9))
    client_ = ApiClient.objects.get(name="Alpha reader")
    new = keys.rotate(client_, grace=dt.timedelta(days=7))
    assert client.get(UNITS, **bearer(api_keys.alpha_read)).status_code == 200
    assert client.get(UNITS, **bearer(new.plain)).status_code == 200
    freeze(monkeypatch, (start + dt.timedelta(days=7, minutes=1)).replace(tzinfo=None))
    assert client.get(UNITS, **bearer(api_keys.alpha_read)).status_code == 401
    assert client.get(UNITS, **bearer(new.plain)).status_code == 200


def test_a_read_key_cannot_write(client, api_keys):
    body = {"dry_run": True, "rows": []}
    assert post_json(client, "/api/v1/staff/sync", body, api_keys.alpha_read).status_code == 403
    assert post_json(client, "/api/v1/staff/sync", body, api_keys.alpha_write).status_code == 200


def test_a_write_only_client_cannot_read(client, api_keys):
    ApiClient.objects.filter(name="Alpha writer").update(can_read=False)
    assert client.get(UNITS, **bearer(api_keys.alpha_write)).status_code == 403
