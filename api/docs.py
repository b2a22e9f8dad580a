"""The API's readable docs, served by the app itself: the operations listed from the OpenAPI schema, with no
script and nothing from a CDN (ninja's Swagger UI would need inline script the Content-Security-Policy refuses)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

METHODS = ("get", "post", "put", "patch", "delete")


def unwrapped(text: str) -> str:
    """A docstring's lines joined back into its paragraphs (a blank line between two), one paragraph a line."""
    return "\n".join(" ".join(part.split()) for part in text.split("\n\n") if part.strip())


def operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """Each operation of `schema` as {method, path, summary, description, parameters, scope}, in path order."""
    found = []
    for route, item in schema.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            found.append(
                {
                    "method": method.upper(),
                    "path": route,
                    "summary": op.get("summary", ""),
                    "description": unwrapped(op.get("description", "")),
                    "parameters": [p["name"] for p in op.get("parameters", [])],
                    "body": "requestBody" in op,
                    "write": "write" in op.get("tags", []),
                }
            )
    return found


@require_safe
def docs_page(request: HttpRequest) -> HttpResponse:
    from api.urls import api  # the instance that includes this view

    schema = api.get_openapi_schema()
    context = {"operations": operations(schema), "info": schema.get("info", {})}
    return render(request, "api/docs.html", context)
