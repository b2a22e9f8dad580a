"""Coverage alerts in Chromium (issue 14): a kelurahan below its minimum at opening time; the lurah lands on
the board, which says "Kurang … petugas" and shows the alert, and the bell counts the notice; nobody takes it
on; 15 minutes later the camat is told; check-ins bring the count back and the next scan says "teratasi" to
everyone it reached.

The scans run here as the minute scheduler's task would (attendance.alerts.scan.scan at the clock's minute);
the server's clock is patched in this process, where the live server runs. The lurah also has notices by e-mail
(a local SMTP server, aiosmtpd), Telegram (a local stub of the Bot API) and Web Push: the city's server pushes
the notice, encrypted and signed, to a local push service stub standing in for the browser vendor's (Chromium
cannot subscribe to Google's without the internet), and the stub hands what it received to the lurah's Chromium
through the DevTools protocol (ServiceWorker.deliverPushMessage), whose service worker shows it as a notification."""

import datetime as dt
import json
import re
import socket
import zoneinfo

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone
from playwright.sync_api import expect

from attendance.alerts import scan
from attendance.models import CheckIn, CoverageAlert
from tests.e2e.conftest import next_working_day, screenshot, sign_in, sign_out
from tests.units.notifications.test_deliveries import TelegramStub
from tests.units.notifications.test_push import Browser, PushService, b64, vapid  # noqa: F401
from units import clock
from units.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from units.models import Employee, NoticeChoice, PushSubscription

LURAH = next(a for a in DEMO_ACCOUNTS if a["role"] == "head" and a["unit"] == "17.71.01.1001")
CAMAT = next(a for a in DEMO_ACCOUNTS if a["role"] == "head" and a["unit"] == "17.71.01")
JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


@pytest.fixture
def day(demo, monkeypatch):
    found = next_working_day(dt.date(2026, 5, 3))
    CheckIn.objects.filter(employee__unit__code=LURAH["unit"], date=found).delete()
    return found


class Inbox:
    """aiosmtpd's handler: keeps each message that reaches the SMTP server."""

    def __init__(self):
        self.messages: list[tuple[list[str], str]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos), envelope.content.decode("utf-8", "replace")))
        return "250 OK"


@pytest.fixture
def channels(settings, vapid):  # noqa: F811
    """A local SMTP server, a local Telegram Bot API and a local push service, with the lurah's notices sent
    to the three."""
    inbox = Inbox()
    with socket.socket() as probe:  # a free port (aiosmtpd checks it is up by connecting to it)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    smtp = Controller(inbox, hostname="127.0.0.1", port=port)
    smtp.start()
    telegram = TelegramStub()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.TELEGRAM_BOT_TOKEN, settings.TELEGRAM_API_URL = "123:uji", telegram.url
    lurah = Employee.objects.get(nip=LURAH["nip"]).user
    lurah.email = "lurah.pagardewa@example.go.id"
    lurah.save()
    NoticeChoice.objects.create(user=lurah, by_email=True, telegram_chat_id="5151")
    service, phone = PushService(), Browser()
    PushSubscription.objects.create(
        user=lurah, endpoint=service.url, p256dh=phone.p256dh, auth=b64(phone.auth), created_at=clock.now()
    )
    yield inbox, telegram, (service, phone)
    smtp.stop()
    telegram.server.shutdown()
    service.server.shutdown()


def deliver_push(page, data: dict) -> list[str]:
    """Hand a push to the page's service worker as the browser's push service would (DevTools protocol), and
    return the notifications it then shows ("title: body")."""
    cdp = page.context.new_cdp_session(page)
    registrations: list[dict] = []
    cdp.on("ServiceWorker.workerRegistrationUpdated", lambda event: registrations.extend(event["registrations"]))
    cdp.send("ServiceWorker.enable")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")  # registered by static/js/hadir.js
    for _ in range(50):
        if registrations:
            break
        page.wait_for_timeout(100)
    origin = page.evaluate("location.origin")
    [registration] = [r for r in registrations if r["scopeURL"] == origin + "/" and not r["isDeleted"]]
    cdp.send("ServiceWorker.deliverPushMessage", {
        "origin": origin, "registrationId": registration["registrationId"], "data": json.dumps(data),
    })
    shown: list[str] = []
    for _ in range(50):
        shown = page.evaluate(
            "navigator.serviceWorker.ready.then(r => r.getNotifications())"
            ".then(found => found.map(n => n.title + ': ' + n.body))"
        )
        if shown:
            break
        page.wait_for_timeout(100)
    return shown


def at(monkeypatch, day, hh, mm):
    moment = dt.datetime.combine(day, dt.time(hh, mm), tzinfo=JAKARTA)
    monkeypatch.setattr(clock, "now", lambda: moment)
    return moment


def test_a_short_kelurahan_alerts_its_lurah_climbs_to_the_camat_and_resolves(page, day, monkeypatch, channels):
    inbox, telegram, (push_service, phone) = channels
    page.context.grant_permissions(["notifications"])
    scan.scan(at(monkeypatch, day, 7, 45))  # opened 07:30; nobody in yet
    alert = CoverageAlert.objects.get(unit__code=LURAH["unit"])
    # The notice also went by e-mail and by Telegram (sent by the task when the scan committed).
    [(to, message)] = inbox.messages
    assert to == ["lurah.pagardewa@example.go.id"] and "Kelurahan Pagar Dewa kurang" in message
    [sent] = telegram.messages
    assert sent["chat_id"] == "5151" and sent["text"].startswith("Kelurahan Pagar Dewa kurang")

    # And by Web Push: encrypted for the lurah's browser, signed with the city's key.
    [(headers, body)] = push_service.pushes
    assert headers["content-encoding"] == "aes128gcm" and headers["authorization"].startswith("vapid t=")
    pushed = phone.read(body)
    assert pushed["url"] == f"/papan/unit/{LURAH['unit']}/"

    sign_in(page, LURAH["login"], DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(rf"/papan/unit/{re.escape(LURAH['unit'])}/$"))
    [shown] = deliver_push(page, pushed)  # what the push service hands to the lurah's Chromium
    assert shown.startswith("Hadir: Kelurahan Pagar Dewa kurang") and "Saya tangani" in shown
    expect(page.get_by_role("link", name=re.compile(r"Pemberitahuan \(1 belum dibaca\)"))).to_be_visible()
    summary = page.locator("#board-summary")
    expect(summary).to_contain_text(f"Kurang {alert.missing} petugas")
    expect(summary).to_contain_text(f"0 dari minimal {alert.needed} di kantor sekarang")
    alerts = page.get_by_role("region", name="Peringatan kurang petugas hari ini")
    expect(alerts).to_contain_text("Belum teratasi")
    expect(alerts.get_by_role("button", name="Saya tangani")).to_be_visible()
    screenshot(page, "alert-lurah")
    sign_out(page)

    # Nobody takes it on: fifteen minutes later it climbs to the camat.
    assert scan.scan(at(monkeypatch, day, 8, 0)).escalated >= 1
    sign_in(page, CAMAT["login"], DEMO_PASSWORD)
    page.get_by_role("link", name=re.compile(r"Pemberitahuan \(\d+ belum dibaca\)")).click()
    expect(page.get_by_role("main")).to_contain_text("Kelurahan Pagar Dewa masih kurang petugas sejak 07:45")
    sign_out(page)

    # Enough people check in; the next scan resolves it and the lurah is told.
    staff = Employee.objects.active().filter(unit__code=LURAH["unit"]).order_by("pk")[: alert.needed]
    for person in staff:
        CheckIn.objects.create(
            employee=person, date=day, kind="in", location="inside", distance_m=3, created_by=person.user,
            at=timezone.make_aware(dt.datetime.combine(day, dt.time(8, 5))),
        )
    assert scan.scan(at(monkeypatch, day, 8, 6)).resolved >= 1
    assert len(inbox.messages) == 2 and "Teratasi: Kelurahan Pagar Dewa" in inbox.messages[1][1]
    assert telegram.messages[1]["text"].startswith("Teratasi: Kelurahan Pagar Dewa")
    sign_in(page, LURAH["login"], DEMO_PASSWORD)
    expect(page.get_by_role("region", name="Peringatan kurang petugas hari ini")).to_contain_text("Teratasi pukul 08:06")
    page.get_by_role("link", name=re.compile(r"Pemberitahuan \(2 belum dibaca\)")).click()
    expect(page.get_by_role("main")).to_contain_text("Teratasi: Kelurahan Pagar Dewa kembali cukup petugas")
    page.get_by_role("button", name="Tandai semua sudah dibaca").click()
    expect(page.get_by_role("main")).to_contain_text("Semua pemberitahuan sudah dibaca.")
    expect(page.get_by_role("link", name="Pemberitahuan", exact=True)).to_be_visible()
