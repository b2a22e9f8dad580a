"""Every call to the API is logged (api.models.ApiCall): the client (when the key was known), the route, the
answer's status and the rows it carried. A streamed answer is logged once it has been sent to the end."""

import time
from collections.abc import Callable, Iterator
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse

from api.models import ApiCall
from units import clock


def count_rows(request: HttpRequest, rows: int) -> None:
    """Say how many rows the answer carries (added up for a streamed one)."""
    request.api_rows = getattr(request, "api_rows", 0) + rows  # type: ignore[attr-defined]


def _record(request: HttpRequest, response: HttpResponse | StreamingHttpResponse, started: float) -> None:
    match = request.resolver_match
    ApiCall.objects.create(
        client_id=getattr(request, "api_client_id", None),
        key_prefix=getattr(request, "api_key_prefix", ""),
        method=request.method or "",
        endpoint=(match.route if match else "")[:200],
        path=request.path[:500],
        status=response.status_code,
        rows=getattr(request, "api_rows", None),
        duration_ms=int((time.monotonic() - started) * 1000),
        at=clock.now(),
    )


def _then(chunks: Iterator[bytes], done: Callable[[], None]) -> Iterator[bytes]:
    yield from chunks
    done()


def logged(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        started = time.monotonic()
        response = view(request, *args, **kwargs)
        if isinstance(response, StreamingHttpResponse):
            chunks = response.streaming_content
            assert isinstance(chunks, Iterator)  # WSGI: never an async iterator here
            response.streaming_content = _then(chunks, lambda: _record(request, response, started))
        else:
            _record(request, response, started)
        return response

    return wrapped
