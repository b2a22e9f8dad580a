"""Deliveries of notices (issue 14, item 5): by each person's choices, e-mail (Django's backend) and Telegram (the
Bot API, a local stub here); made with the notice, sent by the task worker once, retried with a growing wait
and logged with the channel's words; quiet hours delay all but a counter short of staff."""

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail

from tests.attendance.recap.test_recap_totals import jakarta
from tests.conftest import login
from units import clock
from units.models import Delivery, NoticeChoice, Notification
from units.notifications import deliveries

DAY = dt.date(2026, 4, 13)
SHORT = {"alert": 1, "unit": "Kelurahan Alpha Satu", "code": "17.99.01.1001", "present": 1, "needed": 2,
         "missing": 1, "opened_at": "07:40"}


class TelegramStub:
    """A local Bot API: records each sendMessage; answers ok, or fails the next `failures` calls."""

    def __init__(self):
        self.messages: list[dict] = []
        self.failures = 0
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if stub.failures:
                    stub.failures -= 1
                    self.send_response(502)
                    self.end_headers()
                    return
                stub.messages.append({"path": self.path, **body})
                answer = json.dumps({"ok": True, "result": {"message_id": len(stub.messages)}}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def telegram(settings):
    stub = TelegramStub()
    settings.TELEGRAM_BOT_TOKEN, settings.TELEGRAM_API_URL = "123:uji", stub.url
    yield stub
    stub.server.shutdown()


@pytest.fixture
def lurah(world, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: jakarta(DAY, 7, 40))
    user = world.lurah_alpha1.user
    user.email = "lurah@example.go.id"
    user.save()
    NoticeChoice.objects.create(user=user, by_email=True, telegram_chat_id="4242")
    return user


def test_a_notice_is_delivered_by_email_and_telegram_once(lurah, world, telegram, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        deliveries.notify([lurah.pk, world.staff_alpha1.user.pk], Notification.Kind.COVERAGE_SHORT, SHORT, "/papan/unit/17.99.01.1001/")
    # Only the lurah chose channels; the sender ran when the notices committed (TASKS_IMMEDIATE in the tests).
    assert sorted(Delivery.objects.values_list("channel", "status")) == [("email", "sent"), ("telegram", "sent")]
    assert [m.to for m in mail.outbox] == [["lurah@example.go.id"]]
    assert mail.outbox[0].subject == "Pemberitahuan Hadir"
    assert "Kelurahan Alpha Satu kurang 1 petugas: 1 dari minimal 2 di kantor sekarang." in mail.outbox[0].body
    assert "http://127.0.0.1:8000/papan/unit/17.99.01.1001/" in mail.outbox[0].body
    [message] = telegram.messages
    assert message["path"] == "/bot123:uji/sendMessage" and message["chat_id"] == "4242"
    assert message["text"].startswith("Kelurahan Alpha Satu kurang 1 petugas")
    assert deliveries.send_due() == {"sent": 0, "retried": 0, "failed": 0}  # nothing twice
    assert len(mail.outbox) == 1 and len(telegram.messages) == 1


def notify_now(lurah, capture):
    with capture(execute=True):
        deliveries.notify([lurah.pk], Notification.Kind.COVERAGE_SHORT, SHORT, "/papan/")


def test_a_failing_channel_is_retried_later_then_given_up_with_its_words(
    lurah, telegram, monkeypatch, django_capture_on_commit_callbacks
):
    NoticeChoice.objects.filter(user=lurah).update(by_email=False)
    telegram.failures = 99
    notify_now(lurah, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert delivery.next_attempt_at == jakarta(DAY, 7, 41) and "502" in delivery.last_error
    assert deliveries.send_due() == {"sent": 0, "retried": 0, "failed": 0}  # not due yet
    waits = []
    for minutes in (1, 6, 21, 81):
        monkeypatch.setattr(clock, "now", lambda m=minutes: jakarta(DAY, 7, 40) + dt.timedelta(minutes=m))
        deliveries.send_due()
        delivery.refresh_from_db()
        waits.append((delivery.status, delivery.attempts))
    assert waits == [("pending", 2), ("pending", 3), ("pending", 4), ("failed", 5)]
    telegram.failures = 0
    monkeypatch.setattr(clock, "now", lambda: jakarta(DAY, 12, 0))
    assert deliveries.send_due()["sent"] == 0 and telegram.messages == []  # given up stays given up


def test_a_retry_after_a_failure_sends_it(lurah, telegram, monkeypatch, django_capture_on_commit_callbacks):
    NoticeChoice.objects.filter(user=lurah).update(by_email=False)
    telegram.failures = 1
    notify_now(lurah, django_capture_on_commit_callbacks)
    monkeypatch.setattr(clock, "now", lambda: jakarta(DAY, 7, 41))
    assert deliveries.send_due() == {"sent": 1, "retried": 0, "failed": 0}
    assert Delivery.objects.get().status == "sent" and len(telegram.messages) == 1


def test_a_delivery_a_dead_worker_claimed_is_sent_by_the_next(lurah, telegram, monkeypatch):
    notice = Notification.objects.create(user=lurah, kind="coverage_short", data=SHORT, url="/", created_at=clock.now())
    Delivery.objects.create(notification=notice, channel="telegram", address="4242", status="sending",
                            attempts=1, next_attempt_at=clock.now(), claimed_at=clock.now())
    assert deliveries.send_due()["sent"] == 0  # claimed a moment ago: another worker may be sending it
    monkeypatch.setattr(clock, "now", lambda: jakarta(DAY, 7, 51))
    assert deliveries.send_due()["sent"] == 1 and len(telegram.messages) == 1


def test_quiet_hours_delay_all_but_a_short_counter(lurah, world):
    choice = NoticeChoice.objects.get(user=lurah)
    choice.quiet_from, choice.quiet_until = dt.time(21, 0), dt.time(6, 0)
    night, day = jakarta(DAY, 22, 30), jakarta(DAY, 9, 0)
    assert deliveries.not_before(choice, "waiting", night) == jakarta(DAY + dt.timedelta(days=1), 6, 0)
    assert deliveries.not_before(choice, "waiting", jakarta(DAY, 5, 0)) == jakarta(DAY, 6, 0)
    assert deliveries.not_before(choice, "waiting", day) == day
    assert deliveries.not_before(choice, "coverage_short", night) == night


def test_the_choices_page_saves_channels_and_quiet_hours_and_shows_the_log(
    client, lurah, telegram, django_capture_on_commit_callbacks
):
    login(client, lurah.employee)
    page = client.get("/pemberitahuan/pengaturan/").content.decode()
    assert "Dikirim ke lurah@example.go.id." in page and 'name="telegram_chat_id"' in page
    answer = client.post("/pemberitahuan/pengaturan/", {"by_email": "on", "telegram_chat_id": "77", "quiet_from": "21:00"})
    assert "Isi jam tenang mulai dan sampai, atau kosongkan keduanya." in answer.content.decode()
    assert NoticeChoice.objects.get(user=lurah).telegram_chat_id == "4242"  # nothing saved
    assert client.post("/pemberitahuan/pengaturan/", {"telegram_chat_id": "abc"}).status_code == 200
    client.post("/pemberitahuan/pengaturan/", {"telegram_chat_id": "77", "quiet_from": "21:00", "quiet_until": "06:00"})
    choice = NoticeChoice.objects.get(user=lurah)
    assert (choice.by_email, choice.telegram_chat_id, choice.quiet_from) == (False, "77", dt.time(21, 0))
    notify_now(lurah, django_capture_on_commit_callbacks)
    log = client.get("/pemberitahuan/pengaturan/").content.decode()
    assert "Telegram" in log and "Terkirim" in log
