"""What every operation shares: the error body and the error answers it may give."""

from typing import Any

from ninja import Schema


class Error(Schema):
    detail: Any


# Every operation may answer these besides its own (a body that is not JSON, the key check, the scope, a missing object, the body's
# validation, the rate limit).
ERRORS: dict[int, type[Schema]] = {400: Error, 401: Error, 403: Error, 404: Error, 422: Error, 429: Error}


def answers(ok: Any, **more: Any) -> dict[int, Any]:
    """{200: ok} with ERRORS (and `more`, e.g. {409: Error} given as status_409=Error)."""
    found: dict[int, Any] = {200: ok, **ERRORS}
    for name, schema in more.items():
        found[int(name.removeprefix("status_"))] = schema
    return found


PAGE_LIMIT = 100
MAX_LIMIT = 500
