"""A client's events: the list of a day's events it may see, and the replay of a day to its webhook."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from api.clients.auth import READ, KeyAuth, caller
from api.clients.log import count_rows
from api.models import WebhookDelivery, WebhookEvent
from api.schemas import MAX_LIMIT, PAGE_LIMIT, Error, answers
from api.webhooks.tasks import send_webhooks
from units import clock

router = Router(auth=KeyAuth(READ), tags=["webhooks"])


class EventOut(Schema):
    id: int
    kind: str
    at: dt.datetime
    day: dt.date
    unit_code: str | None
    data: dict[str, Any]


class EventPage(Schema):
    items: list[EventOut]
    next_cursor: int | None


class ReplayIn(Schema):
    day: dt.date


class ReplayOut(Schema):
    day: dt.date
    queued: int


def _day_events(request: HttpRequest, day: dt.date) -> list[WebhookEvent]:
    """The day's events the caller subscribes to and may see, in order (1 query, plus the scope's)."""
    found = caller(request)
    kinds = found.client.webhook_events or []
    events = WebhookEvent.objects.filter(day=day, kind__in=kinds).select_related("unit").order_by("pk")
    return [e for e in events if found.scope.sees_path(e.unit.tree_path if e.unit else None)]


@router.get("/events", response=answers(EventPage), summary="A day's events (those the key subscribes to)")
def events(
    request: HttpRequest,
    day: dt.date,
    cursor: int | None = None,
    limit: int = Query(PAGE_LIMIT, ge=1, le=MAX_LIMIT),
) -> dict[str, Any]:
    """The events of `day` (Asia/Jakarta) of the kinds the client subscribes to, for its units: what the
    webhook was sent, to read instead of (or besides) receiving it."""
    found = [e for e in _day_events(request, day) if cursor is None or e.pk > cursor]
    items = found[:limit]
    count_rows(request, len(items))
    return {
        "items": [
            {"id": e.pk, "kind": e.kind, "at": e.at, "day": e.day, "unit_code": e.unit.code if e.unit else None,
             "data": e.payload}
            for e in items
        ],
        "next_cursor": items[-1].pk if len(found) > limit else None,
    }


@router.post(
    "/webhooks/replay", response=answers(ReplayOut, status_409=Error), summary="Send a day's events to the webhook again"
)
def replay(request: HttpRequest, body: ReplayIn) -> dict[str, Any]:
    """Queue every event of `day` the client subscribes to for its webhook again (each a new try, signed anew)."""
    client = caller(request).client
    if not client.webhook_url:
        raise HttpError(409, "This client has no webhook address.")
    now = clock.now()
    found = _day_events(request, body.day)
    for event in found:
        WebhookDelivery.objects.update_or_create(
            event=event,
            client=client,
            defaults={"status": WebhookDelivery.Status.PENDING, "attempts": 0, "next_attempt_at": now, "last_error": ""},
        )
    if found:
        send_webhooks.enqueue()
    count_rows(request, len(found))
    return {"day": body.day, "queued": len(found)}
