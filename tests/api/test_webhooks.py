"""Webhooks: the four events, made once the change commits, sent to the clients that subscribe and see the unit,
signed (HMAC-SHA256 over "<timestamp>.<body>"), retried with the notices' backoff, given up after the last try,
and replayed by day."""

import datetime as dt
import hashlib
import hmac
import json

import pytest
from django.utils import timezone

from api.models import ApiClient, WebhookDelivery, WebhookEvent
from api.webhooks import deliveries
from attendance.models import CoverageAlert, MonthLock
from policy.approvals.workflow import reject_pending
from policy.arrangements import requests
from policy.models import Arrangement
from tests.api.conftest import freeze, post_json
from units.notifications.deliveries import BACKOFF

ALL = ["month.locked", "request.decided", "unit.below_minimum", "staff.changed"]


class Receiver(list):
    """What was POSTed (url, headers, body); answers 200, or fails while `fail` is set."""

    fail = False

    def post(self, url, body, headers):
        self.append({"url": url, "headers": headers, "body": body})
        if self.fail:
            raise OSError("connection refused")
        return 200


@pytest.fixture
def sent(monkeypatch) -> Receiver:
    found = Receiver()
    monkeypatch.setattr(deliveries, "post", found.post)
    return found


@pytest.fixture
def hooked(api_keys):
    ApiClient.objects.filter(name__in=["Alpha reader", "Beta reader"]).update(
        webhook_url="https://example.org/hadir", webhook_events=ALL
    )
    return api_keys


def _deliveries():
    return sorted(WebhookDelivery.objects.values_list("event__kind", "client__name", "status"))


def test_a_locked_month_is_told_to_every_subscriber(hooked, sent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        MonthLock.objects.create(year=2026, month=4, locked_by=hooked.world.admin_user)
    assert _deliveries() == [("month.locked", "Alpha reader", "sent"), ("month.locked", "Beta reader", "sent")]
    body = json.loads(sent[0]["body"])
    assert (body["kind"], body["data"]) == ("month.locked", {"year": 2026, "month": 4})


def test_a_decision_is_told_to_the_clients_that_see_the_person(hooked, sent, django_capture_on_commit_callbacks):
    world = hooked.world
    request = Arrangement.objects.create(
        employee=world.staff_alpha1, kind="izin", start_date=dt.date(2026, 4, 13), end_date=dt.date(2026, 4, 13),
        reason="urusan keluarga",
    )
    with django_capture_on_commit_callbacks(execute=True):
        reject_pending(request, world.lurah_alpha1.user, note="Tidak cukup petugas")
    assert _deliveries() == [("request.decided", "Alpha reader", "sent")]
    data = WebhookEvent.objects.get().payload
    assert (data["nip"], data["status"], data["unit_code"]) == (world.staff_alpha1.nip, "rejected", "17.99.01.1001")


def test_an_approval_is_told_too(hooked, sent, django_capture_on_commit_callbacks):
    world = hooked.world
    request = Arrangement.objects.create(
        employee=world.staff_alpha1, kind="dl", start_date=dt.date(2026, 4, 13), end_date=dt.date(2026, 4, 13),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert requests.approve(request, world.lurah_alpha1.user).approved
    assert WebhookEvent.objects.get().payload["status"] == "approved"


def test_a_unit_below_its_minimum_and_staff_changes_are_told(hooked, sent, django_capture_on_commit_callbacks):
    world = hooked.world
    with django_capture_on_commit_callbacks(execute=True):
        CoverageAlert.objects.create(
            unit=world.kel_beta1, date=dt.date(2026, 4, 13), opened_at=timezone.now(), needed=3, present=1, missing=2
        )
        world.staff_alpha2.position_title = "Analis"
        world.staff_alpha2.save()
        world.staff_alpha1.password_change_required = True
        world.staff_alpha1.save(update_fields=["password_change_required"])  # not a staff change
    assert _deliveries() == [("staff.changed", "Alpha reader", "sent"), ("unit.below_minimum", "Beta reader", "sent")]


def test_a_change_rolled_back_tells_nobody(hooked, sent):
    MonthLock.objects.create(year=2026, month=4, locked_by=hooked.world.admin_user)  # never committed here
    assert not WebhookEvent.objects.exists() and not sent


def test_each_delivery_is_signed_with_the_clients_secret(hooked, sent, monkeypatch, django_capture_on_commit_callbacks):
    now = freeze(monkeypatch, dt.datetime(2026, 4, 10, 9))
    with django_capture_on_commit_callbacks(execute=True):
        MonthLock.objects.create(year=2026, month=3, locked_by=hooked.world.admin_user)
    secrets = {c.webhook_secret for c in ApiClient.objects.filter(name__in=["Alpha reader", "Beta reader"])}
    for post in sent:
        headers, body = post["headers"], post["body"]
        assert headers["X-Hadir-Timestamp"] == str(int(now.timestamp()))
        signed = headers["X-Hadir-Timestamp"].encode() + b"." + body
        assert any(
            headers["X-Hadir-Signature"] == "sha256=" + hmac.new(s.encode(), signed, hashlib.sha256).hexdigest()
            for s in secrets
        )
        assert headers["X-Hadir-Event"] == "month.locked"


def test_a_failed_delivery_is_retried_with_backoff_then_given_up(hooked, sent, monkeypatch,
                                                                 django_capture_on_commit_callbacks):
    ApiClient.objects.filter(name="Beta reader").update(webhook_url="")
    now = freeze(monkeypatch, dt.datetime(2026, 4, 10, 9))
    sent.fail = True
    with django_capture_on_commit_callbacks(execute=True):
        MonthLock.objects.create(year=2026, month=3, locked_by=hooked.world.admin_user)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("pending", 1, now + BACKOFF[0])
    assert deliveries.send_due(now + BACKOFF[0] - dt.timedelta(seconds=1))["retried"] == 0  # not due yet
    at = now
    for wait in BACKOFF:
        at += wait
        deliveries.send_due(at)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", len(BACKOFF) + 1)
    assert "connection refused" in delivery.last_error
    # A day's events replayed: sent again once the receiver is back.
    sent.fail = False
    answer = post_json(_client(), "/api/v1/webhooks/replay", {"day": "2026-04-10"}, hooked.alpha_read).json()
    assert answer["queued"] == 1
    delivery.refresh_from_db()
    assert delivery.status == "sent" and len(sent) == len(BACKOFF) + 2


def _client():
    from django.test import Client

    return Client()
