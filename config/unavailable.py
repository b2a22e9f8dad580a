"""A friendly 503 while the database is unreachable (a restart, a failover, a full pool).

The page does not say whether the check-in was saved: the database may fail before the commit or after
it (saving the session, rendering the answer). It says the check-in could not be confirmed and that
trying again is safe: the check-in form keeps its token, and a kiosk code is good once per person, so
a retry records once, or answers with the row already saved ("Sudah tercatat sebelumnya").
The page is rendered without a request context: context processors read the session and the user
from the database, which is just what is missing.

Two ways an error reaches here:
- from a view (the lazy session and user lookups happen in views too): `process_exception`;
- from a middleware nested inside this one (SessionMiddleware saving the session after the view):
  Django turns that exception into a 500 at the middleware that raised it, before it can reach
  `__call__`; the `got_request_exception` signal marks the request, and `__call__` swaps the 500
  for the 503.
"""

import logging
import sys
from collections.abc import Callable
from typing import Any

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers, patch_vary_headers

logger = logging.getLogger(__name__)

# psycopg_pool.PoolTimeout ("couldn't get a connection after … sec") subclasses psycopg's
# OperationalError, so Django raises it as django.db.OperationalError as well.
DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 60
TEMPLATE = "503.html"
FRAGMENT = "503.html#unavailable"  # for htmx requests: only the message
_MARK = "_hadir_database_down"


def _remember(sender: object, request: HttpRequest | None = None, **kwargs: Any) -> None:
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, DATABASE_DOWN):
        setattr(request, _MARK, error)


def unavailable_response(request: HttpRequest, error: Exception) -> HttpResponse:
    logger.warning("Database unavailable on %s %s: %s", request.method, request.path, error)
    htmx = request.headers.get("HX-Request") == "true"
    body = loader.get_template(FRAGMENT if htmx else TEMPLATE).render({"retry_after": RETRY_AFTER_SECONDS})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    patch_vary_headers(response, ["HX-Request"])
    # Logged above at WARNING; not again by django.request at ERROR. The flag is Django's own
    # (django.utils.log.log_response) and missing from django-stubs.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


class DatabaseUnavailableMiddleware:
    """Place it before SessionMiddleware, so that it also sees the session being saved."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        got_request_exception.connect(_remember, dispatch_uid="hadir-database-unavailable")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        error = getattr(request, _MARK, None)
        if error is not None and response.status_code == 500:
            return unavailable_response(request, error)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_DOWN):
            return unavailable_response(request, exception)
        return None
