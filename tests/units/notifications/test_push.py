"""Web Push of notices (issue 14, item 5): a browser turns it on at /pemberitahuan/pengaturan/ (its subscription
saved for the person), each notice is pushed encrypted for that browser and signed with the city's VAPID key
(checked here by a local push service that decrypts it), and a browser the push service no longer knows is
forgotten."""

import base64
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid01

from tests.conftest import login
from tests.units.notifications.test_deliveries import SHORT, lurah  # noqa: F401
from units import clock
from units.models import Delivery, Notification, PushSubscription
from units.notifications import deliveries


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Browser:
    """A browser's push keys (what PushManager.subscribe makes), able to read what is pushed to it."""

    def __init__(self):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        public = self.key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
        self.p256dh = b64(public)

    def read(self, body: bytes) -> dict:
        return json.loads(http_ece.decrypt(body, private_key=self.key, auth_secret=self.auth, version="aes128gcm"))


class PushService:
    """A local push service: keeps each push (headers, body); answers 201, or `status` when set."""

    def __init__(self):
        self.pushes: list[tuple[dict, bytes]] = []
        self.status = 201
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                service.pushes.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(service.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/push/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def vapid(settings):
    key = Vapid01()
    key.generate_keys()
    raw = key.private_key.private_numbers().private_value.to_bytes(32, "big")
    public = key.public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    settings.WEBPUSH_VAPID_PRIVATE_KEY, settings.WEBPUSH_VAPID_PUBLIC_KEY = b64(raw), b64(public)
    return key


@pytest.fixture
def service():
    found = PushService()
    yield found
    found.server.shutdown()


def test_a_browser_turns_push_on_and_off_for_its_person(client, lurah, vapid):  # noqa: F811
    login(client, lurah.employee)
    page = client.get("/pemberitahuan/pengaturan/").content.decode()
    assert f'data-key="{vapid_public(vapid)}"' in page and "Aktifkan di perangkat ini" in page
    browser = Browser()
    subscription = {"endpoint": "https://push.example.org/abc", "keys": {"p256dh": browser.p256dh, "auth": b64(browser.auth)}}
    assert client.post("/pemberitahuan/push/", subscription, content_type="application/json").json() == {"ok": True}
    saved = PushSubscription.objects.get()
    assert (saved.user, saved.endpoint, saved.p256dh) == (lurah, "https://push.example.org/abc", browser.p256dh)
    for garbage in ({"endpoint": "http://insecure.example.org/x", "keys": subscription["keys"]},
                    {"endpoint": "https://push.example.org/x", "keys": {"p256dh": "<script>", "auth": "a"}}, "not json"):
        body = garbage if isinstance(garbage, str) else json.dumps(garbage)
        answer = client.post("/pemberitahuan/push/", body, content_type="application/json")
        assert answer.status_code == 400 and answer.json()["error"] == "Data langganan tidak terbaca."
    client.post("/pemberitahuan/push/", {"endpoint": "https://push.example.org/abc", "remove": True},
                content_type="application/json")
    assert not PushSubscription.objects.exists()


def vapid_public(key) -> str:
    return b64(key.public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint))


def test_a_notice_is_pushed_encrypted_and_signed_to_each_browser(lurah, vapid, service, django_capture_on_commit_callbacks):  # noqa: F811
    phone = Browser()
    PushSubscription.objects.create(user=lurah, endpoint=service.url, p256dh=phone.p256dh, auth=b64(phone.auth),
                                    created_at=clock.now())
    with django_capture_on_commit_callbacks(execute=True):
        deliveries.notify([lurah.pk], Notification.Kind.COVERAGE_SHORT, SHORT, "/papan/unit/17.99.01.1001/")
    assert Delivery.objects.get(channel="push").status == "sent"
    [(headers, body)] = service.pushes
    assert headers["content-encoding"] == "aes128gcm" and headers["authorization"].startswith("vapid t=")
    assert f"k={vapid_public(vapid)}" in headers["authorization"] and int(headers["ttl"]) == 12 * 3600
    assert phone.read(body) == {
        "title": "Hadir",
        "body": "Kelurahan Alpha Satu kurang 1 petugas: 1 dari minimal 2 di kantor sekarang. Tugaskan petugas ke "
                "loket, lalu tekan “Saya tangani” di papan unit.",
        "url": "/papan/unit/17.99.01.1001/",
    }


def test_a_browser_the_push_service_no_longer_knows_is_forgotten(lurah, vapid, service, django_capture_on_commit_callbacks):  # noqa: F811
    phone = Browser()
    PushSubscription.objects.create(user=lurah, endpoint=service.url, p256dh=phone.p256dh, auth=b64(phone.auth),
                                    created_at=clock.now())
    service.status = 410
    with django_capture_on_commit_callbacks(execute=True):
        deliveries.notify([lurah.pk], Notification.Kind.COVERAGE_SHORT, SHORT, "/papan/")
    assert not PushSubscription.objects.exists()
    delivery = Delivery.objects.get(channel="push")
    assert delivery.status == "pending" and delivery.last_error == "no browser subscribed"  # retried, then failed


def test_without_a_vapid_key_nothing_is_pushed(lurah, settings, service):  # noqa: F811
    settings.WEBPUSH_VAPID_PRIVATE_KEY = ""
    phone = Browser()
    PushSubscription.objects.create(user=lurah, endpoint=service.url, p256dh=phone.p256dh, auth=b64(phone.auth),
                                    created_at=clock.now())
    deliveries.notify([lurah.pk], Notification.Kind.COVERAGE_SHORT, SHORT, "/papan/")
    assert not Delivery.objects.filter(channel="push").exists()


def test_the_key_command_prints_a_pair_that_signs_pushes(settings, lurah, service, django_capture_on_commit_callbacks):  # noqa: F811
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("vapid_keys", stdout=out)
    lines = dict(line.split("=", 1) for line in out.getvalue().split())
    settings.WEBPUSH_VAPID_PRIVATE_KEY = lines["WEBPUSH_VAPID_PRIVATE_KEY"]
    settings.WEBPUSH_VAPID_PUBLIC_KEY = lines["WEBPUSH_VAPID_PUBLIC_KEY"]
    phone = Browser()
    PushSubscription.objects.create(user=lurah, endpoint=service.url, p256dh=phone.p256dh, auth=b64(phone.auth),
                                    created_at=clock.now())
    with django_capture_on_commit_callbacks(execute=True):
        deliveries.notify([lurah.pk], Notification.Kind.COVERAGE_SHORT, SHORT, "/papan/")
    [(headers, _body)] = service.pushes
    assert f"k={lines['WEBPUSH_VAPID_PUBLIC_KEY']}" in headers["authorization"]
