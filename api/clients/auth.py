"""The key check of every operation: who calls (the key's client), what they may see (api.clients.scope), whether
the operation's scope (read or write) is theirs, and the per-client rate limit.

No key, an unknown, expired or revoked key, or an inactive client: 401. A key without the scope: 403. Over the
client's calls per minute: 429 with Retry-After (seconds to the next minute), counted in the project's cache."""

import math
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest
from ninja.security import HttpBearer

from api.clients import keys
from api.clients.scope import Scope
from api.models import ApiClient
from units import clock

READ, WRITE = "read", "write"
WINDOW = 60  # seconds


@dataclass(frozen=True)
class Caller:
    client: ApiClient
    scope: Scope


class ScopeDenied(Exception):
    """The key is good but the client may not do this (a read key writing)."""


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


def check_rate(client: ApiClient) -> None:
    """Count this call in the client's current minute; RateLimited past `rate_limit_per_minute`."""
    now = clock.now().timestamp()
    window = int(now // WINDOW)
    name = f"hadir:api-rate:{client.pk}:{window}"
    cache.add(name, 0, WINDOW * 2)
    try:
        calls = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, WINDOW * 2)
        calls = 1
    if calls > client.rate_limit_per_minute:
        raise RateLimited(max(1, math.ceil((window + 1) * WINDOW - now)))


class KeyAuth(HttpBearer):
    """Bearer key with the operation's scope (READ or WRITE)."""

    def __init__(self, needs: str) -> None:
        super().__init__()
        self.needs = needs

    def authenticate(self, request: HttpRequest, token: str) -> Caller | None:
        key = keys.find(token)
        if key is None:
            return None
        client = key.client
        request.api_client_id = client.pk  # type: ignore[attr-defined]  # read by api.clients.log
        request.api_key_prefix = key.prefix  # type: ignore[attr-defined]
        check_rate(client)
        allowed = client.can_write if self.needs == WRITE else client.can_read
        if not allowed:
            raise ScopeDenied(self.needs)
        return Caller(client, Scope.of(client))


def caller(request: HttpRequest) -> Caller:
    """The Caller that KeyAuth put on the request (ninja's request.auth)."""
    found = request.auth  # type: ignore[attr-defined]
    assert isinstance(found, Caller)
    return found
