"""The API instance, its version and its routes; config/urls.py includes `urlpatterns` under /api/v1/.

Every operation's URL is wrapped by api.clients.log.logged, so each call is logged whatever it answers."""

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from ninja import NinjaAPI

from api.clients.auth import RateLimited, ScopeDenied
from api.clients.log import logged
from api.docs import docs_page
from api.read.routes import router as read_router
from api.webhooks.routes import router as webhooks_router
from api.write.routes import router as write_router

api = NinjaAPI(
    title="Hadir API",
    version="1",
    description=(
        "Integration API of Hadir (attendance and work mode of the ASN of Kota Bengkulu) for the city's other "
        "systems: units, staff, daily statuses, the monthly recap (TPP deduction basis), leave balances and "
        "coverage out; staff sync and approved leave/DL in; events pushed by webhook. Authenticate with "
        "`Authorization: Bearer <key>`. See docs/api.md."
    ),
    urls_namespace="api_v1",
    docs_url=None,  # served by api.docs.docs_page from the schema, without a CDN
)
# Writes first: "staff/sync" must match before read's "staff/<nip>".
api.add_router("", write_router)
api.add_router("", read_router)
api.add_router("", webhooks_router)


@api.exception_handler(RateLimited)
def _rate_limited(request: HttpRequest, error: RateLimited) -> HttpResponse:
    response = api.create_response(
        request, {"detail": "Too many calls: wait and try again."}, status=429
    )
    response["Retry-After"] = str(error.retry_after)
    return response


@api.exception_handler(ScopeDenied)
def _scope_denied(request: HttpRequest, error: ScopeDenied) -> HttpResponse:
    return api.create_response(
        request, {"detail": f"This key has no {error} scope."}, status=403
    )


def _patterns() -> list[URLPattern]:
    patterns, _app, _namespace = api.urls
    found = []
    for pattern in patterns:
        assert isinstance(pattern, URLPattern)
        if pattern.name != "openapi-json":  # the schema is public: no client, nothing to log
            pattern.callback = logged(pattern.callback)
        found.append(pattern)
    found.append(path("docs", docs_page, name="docs"))
    return found


app_name = "api_v1"
urlpatterns = _patterns()
