"""Web Push of notices to installed phones (issue 14, item 5): each PushSubscription of the person gets the
notice's words and address, encrypted for that browser and signed with the city's VAPID key (pywebpush). A
browser the push service no longer knows (404, 410) is forgotten; the delivery fails (and is retried, as every
channel's) only when no browser took it."""

import json

from django.conf import settings
from pywebpush import WebPushException, webpush

from units.models import Notification, PushSubscription

TIMEOUT = 10  # seconds for one push service
TTL = 12 * 3600  # how long the push service keeps a notice for a phone that is off


def enabled() -> bool:
    return bool(settings.WEBPUSH_VAPID_PRIVATE_KEY)


def payload(notice: Notification, text: str) -> str:
    """What the service worker shows (templates/sw.js): a title, the words, and the page to open."""
    return json.dumps({"title": "Hadir", "body": text.split("\n")[0], "url": notice.url or "/"})


class NoDevice(Exception):
    pass


def send(user_id: int, data: str) -> int:
    """Push `data` to every browser of the person; how many took it. Raises the last error when none did."""
    error: Exception | None = None
    delivered = 0
    for subscription in PushSubscription.objects.filter(user_id=user_id):
        try:
            webpush(
                {"endpoint": subscription.endpoint, "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth}},
                data,
                vapid_private_key=settings.WEBPUSH_VAPID_PRIVATE_KEY,
                vapid_claims={"sub": settings.WEBPUSH_VAPID_SUBJECT},
                timeout=TIMEOUT,
                ttl=TTL,
            )
        except WebPushException as failed:
            status = failed.response.status_code if failed.response is not None else None
            if status in (404, 410):  # the browser unsubscribed or was reset: forget it
                subscription.delete()
                continue
            error = failed
            continue
        delivered += 1
    if not delivered:
        raise error or NoDevice("no browser subscribed")
    return delivered
