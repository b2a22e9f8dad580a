"""Webhook deliveries, the way units.notifications.deliveries sends notices: claimed by a conditional UPDATE before
sending (two workers never send one both), a failure waits BACKOFF before the next try, the last failure marks it
failed with the reason; one claimed by a worker that died is put back after CLAIM_TIMEOUT.

Each delivery is a POST of the event as JSON, signed with the client's secret:
    X-Hadir-Timestamp: <unix seconds>
    X-Hadir-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">
The receiver recomputes the signature and refuses a timestamp older than a few minutes (replayed requests)."""

import datetime as dt
import hashlib
import hmac
import json
import urllib.error
import urllib.request
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import F

from api.models import WebhookDelivery
from units import clock
from units.notifications.deliveries import BACKOFF, CLAIM_TIMEOUT

TIMEOUT = 10  # seconds to wait for the client's answer
Status = WebhookDelivery.Status


def body_of(delivery: WebhookDelivery) -> bytes:
    event = delivery.event
    data = {
        "id": event.pk,
        "kind": event.kind,
        "at": event.at,
        "day": event.day,
        "data": event.payload,
        "delivery": delivery.pk,
        "attempt": delivery.attempts,
    }
    return json.dumps(data, cls=DjangoJSONEncoder, sort_keys=True).encode()


def signature(secret: str, timestamp: int, body: bytes) -> str:
    signed = str(timestamp).encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def post(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST and return the status; an exception (or a status outside 2xx) says it failed."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 (an admin-set https URL)
        return int(response.status)


def send_one(delivery: WebhookDelivery, now: dt.datetime) -> int:
    body = body_of(delivery)
    timestamp = int(now.timestamp())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Hadir-Webhook/1",
        "X-Hadir-Event": delivery.event.kind,
        "X-Hadir-Delivery": str(delivery.pk),
        "X-Hadir-Timestamp": str(timestamp),
        "X-Hadir-Signature": signature(delivery.client.webhook_secret, timestamp, body),
    }
    return post(delivery.client.webhook_url, body, headers)


def claim(now: dt.datetime) -> WebhookDelivery | None:
    while True:
        found = (
            WebhookDelivery.objects.filter(status=Status.PENDING, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "id")
            .values_list("pk", flat=True)
            .first()
        )
        if found is None:
            return None
        won = WebhookDelivery.objects.filter(pk=found, status=Status.PENDING).update(
            status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
        if won:
            return WebhookDelivery.objects.select_related("event", "client").get(pk=found)


def send_due(now: dt.datetime | None = None) -> dict[str, Any]:
    """Send every due delivery. Counts of sent, retried and failed, and when the next retry is due."""
    now = now or clock.now()
    WebhookDelivery.objects.filter(status=Status.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT).update(
        status=Status.PENDING
    )
    counts: dict[str, Any] = {"sent": 0, "retried": 0, "failed": 0}
    while (delivery := claim(now)) is not None:
        code = None
        try:
            code = send_one(delivery, now)
            if not 200 <= code < 300:
                raise ValueError(f"HTTP {code}")
        except Exception as error:  # any failure of the receiver: retried, then given up with its words
            if isinstance(error, urllib.error.HTTPError):
                code = error.code
            last = delivery.attempts > len(BACKOFF)
            WebhookDelivery.objects.filter(pk=delivery.pk).update(
                status=Status.FAILED if last else Status.PENDING,
                next_attempt_at=now + (BACKOFF[-1] if last else BACKOFF[delivery.attempts - 1]),
                response_status=code,
                last_error=str(error)[:500],
            )
            counts["failed" if last else "retried"] += 1
            continue
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=Status.SENT, sent_at=clock.now(), response_status=code, last_error=""
        )
        counts["sent"] += 1
    following = (
        WebhookDelivery.objects.filter(status=Status.PENDING).order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True).first()
    )
    counts["next"] = following.isoformat() if following else None
    return counts
