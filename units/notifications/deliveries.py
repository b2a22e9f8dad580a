"""Notices and their deliveries: `notify` writes the notices of an event (one per person) and, by each person's
choices (units.models.NoticeChoice), one Delivery per channel; the task worker sends them (`send_due`, from
units.notifications.tasks, enqueued when they are made and every minute by `manage.py run_scheduler`).

A delivery is claimed by a conditional UPDATE before it is sent, so two workers never send it both; one whose
worker died after claiming it is put back after CLAIM_TIMEOUT (nothing is lost; a worker killed in the instant
between the channel's acceptance and the row's update would send that one again). A failure waits BACKOFF before
the next try; after the last one the delivery is marked failed with the channel's error. Quiet hours delay all but
what the city requires at once (a counter short of staff: URGENT)."""

import datetime as dt
import json
import re
import urllib.request
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from units import clock
from units.models import Delivery, NoticeChoice, Notification, PushSubscription
from units.notifications import push

URGENT = {Notification.Kind.COVERAGE_SHORT, Notification.Kind.COVERAGE_ESCALATED, Notification.Kind.COVERAGE_RESOLVED}
BACKOFF = [dt.timedelta(minutes=m) for m in (1, 5, 15, 60)]  # after the 1st, 2nd, … failed try
CLAIM_TIMEOUT = dt.timedelta(minutes=10)
TELEGRAM_TIMEOUT = 10  # seconds


def notify(users: Iterable[int], kind: str, data: dict[str, Any], url: str, now: dt.datetime | None = None) -> None:
    """One notice per person (user ids, once each) and their deliveries, in the caller's transaction; the
    sender is enqueued once it commits."""
    now = now or clock.now()
    notices = Notification.objects.bulk_create(
        Notification(user_id=user, kind=kind, data=data, url=url, created_at=now) for user in dict.fromkeys(users)
    )
    plan(notices)


def not_before(choice: NoticeChoice, kind: str, at: dt.datetime) -> dt.datetime:
    """When a notice made `at` may be sent to a person: at once, or at the end of their quiet hours."""
    if kind in URGENT or choice.quiet_from is None or choice.quiet_until is None:
        return at
    local = timezone.localtime(at)
    start, end, time = choice.quiet_from, choice.quiet_until, local.time()
    quiet = start <= time < end if start <= end else (time >= start or time < end)  # 21:00–06:00 spans midnight
    if not quiet:
        return at
    ends = local.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
    return ends if ends > local else ends + dt.timedelta(days=1)


def plan(notices: list[Notification]) -> None:
    """The deliveries of notices just made, by their readers' choices and the browsers they turned Web Push on
    in (two queries, one insert)."""
    readers = {n.user_id for n in notices}
    choices = {c.user_id: c for c in NoticeChoice.objects.filter(user_id__in=readers).select_related("user")}
    phones = set()
    if push.enabled():
        phones = set(PushSubscription.objects.filter(user_id__in=readers).values_list("user_id", flat=True))
    rows = []
    for notice in notices:
        choice = choices.get(notice.user_id)
        if notice.user_id in phones:
            due = not_before(choice, notice.kind, notice.created_at) if choice else notice.created_at
            rows.append(Delivery(notification=notice, channel=Delivery.Channel.PUSH, address="", next_attempt_at=due))
        if choice is None:
            continue
        due = not_before(choice, notice.kind, notice.created_at)
        if choice.by_email and choice.user.email:
            rows.append(Delivery(notification=notice, channel=Delivery.Channel.EMAIL, address=choice.user.email,
                                 next_attempt_at=due))
        if choice.telegram_chat_id and settings.TELEGRAM_BOT_TOKEN:
            rows.append(Delivery(notification=notice, channel=Delivery.Channel.TELEGRAM,
                                 address=choice.telegram_chat_id, next_attempt_at=due))
    if rows:
        Delivery.objects.bulk_create(rows)
        from units.notifications.tasks import send_due

        transaction.on_commit(lambda: send_due.enqueue())


# --- Sending ---------------------------------------------------------------------------------------------


def text_of(notice: Notification) -> str:
    """The notice in plain words, in the site's language, with the address to act at."""
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string("units/notifications/_notice.html", {"notice": notice})
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()
    return f"{words}\n{settings.SITE_URL.rstrip('/')}{notice.url}" if notice.url else words


class ChannelError(Exception):
    pass


def send_email(address: str, text: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Pemberitahuan Hadir")
    send_mail(subject, text, None, [address])


def send_telegram(chat_id: str, text: str) -> None:
    """The Bot API's sendMessage (TELEGRAM_API_URL: Telegram, or a stub in the tests)."""
    url = f"{settings.TELEGRAM_API_URL.rstrip('/')}/bot{settings.TELEGRAM_BOT_TOKEN}/sendMessage"
    body = json.dumps({"chat_id": chat_id, "text": text}).encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=TELEGRAM_TIMEOUT) as response:
            answer = json.loads(response.read() or b"{}")
    except (OSError, ValueError) as error:  # URLError, HTTPError, timeouts, a body that is not JSON
        raise ChannelError(f"Telegram: {error}") from error
    if not answer.get("ok"):
        raise ChannelError(f"Telegram: {answer.get('description', 'not ok')}")


SENDERS: dict[str, Callable[[str, str], None]] = {
    Delivery.Channel.EMAIL: send_email,
    Delivery.Channel.TELEGRAM: send_telegram,
}


def send_one(delivery: Delivery) -> None:
    """Send one claimed delivery by its channel; an exception says why it failed."""
    notice = delivery.notification
    text = text_of(notice)
    if delivery.channel == Delivery.Channel.PUSH:
        push.send(notice.user_id, push.payload(notice, text))
    else:
        SENDERS[delivery.channel](delivery.address, text)


def claim(now: dt.datetime) -> Delivery | None:
    """The next due delivery, claimed for this worker (None when there is none left)."""
    while True:
        found = (
            Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "id")
            .values_list("pk", flat=True)
            .first()
        )
        if found is None:
            return None
        won = Delivery.objects.filter(pk=found, status=Delivery.Status.PENDING).update(
            status=Delivery.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
        if won:
            return Delivery.objects.select_related("notification").get(pk=found)


def send_due(now: dt.datetime | None = None) -> dict[str, int]:
    """Send every due delivery; put back those a dead worker had claimed. Counts of sent, retried, failed."""
    now = now or clock.now()
    Delivery.objects.filter(status=Delivery.Status.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT).update(
        status=Delivery.Status.PENDING
    )
    counts = {"sent": 0, "retried": 0, "failed": 0}
    while (delivery := claim(now)) is not None:
        try:
            send_one(delivery)
        except Exception as error:  # any failure of the channel: retried, then given up with its words
            last = delivery.attempts > len(BACKOFF)
            Delivery.objects.filter(pk=delivery.pk).update(
                status=Delivery.Status.FAILED if last else Delivery.Status.PENDING,
                next_attempt_at=now + (BACKOFF[-1] if last else BACKOFF[delivery.attempts - 1]),
                last_error=str(error)[:500],
            )
            counts["failed" if last else "retried"] += 1
            continue
        Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.SENT, sent_at=clock.now(), last_error="")
        counts["sent"] += 1
    return counts
