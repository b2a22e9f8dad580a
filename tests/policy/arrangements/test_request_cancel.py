"""Staff cancel an approved request before it starts, after a confirmation; not after. A pending one is
withdrawn instead (tests/policy/approvals/test_withdraw.py)."""

import pytest

from policy.models import AuditEvent
from tests.conftest import login
from tests.policy.arrangements.requests_fixtures import FRIDAY, MONDAY, friday, pending  # noqa: F401
from units import clock

pytestmark = pytest.mark.usefixtures("friday")


def test_it_asks_for_confirmation_first(client, world):
    arrangement = pending(world.staff_alpha1, kind="izin", status="approved")
    login(client, world.staff_alpha1)
    html = client.get(f"/pengajuan/{arrangement.code}/batal/").content.decode()
    assert "Batalkan pengajuan?" in html and "Ya, batalkan pengajuan" in html
    arrangement.refresh_from_db()
    assert arrangement.status == "approved"


def test_it_sends_a_pending_request_to_its_withdrawal(client, world):
    arrangement = pending(world.staff_alpha1, kind="izin")
    login(client, world.staff_alpha1)
    html = client.post(f"/pengajuan/{arrangement.code}/batal/", follow=True).content.decode()
    assert "Pengajuan yang masih menunggu tidak dibatalkan tetapi ditarik: tekan Tarik." in html
    page = client.get(f"/pengajuan/{arrangement.code}/").content.decode()
    assert f"/pengajuan/{arrangement.code}/tarik/" in page and f"/pengajuan/{arrangement.code}/batal/" not in page
    arrangement.refresh_from_db()
    assert arrangement.status == "pending"


@pytest.mark.parametrize("status", ["approved"])
def test_it_cancels_before_the_first_day_and_records_it(client, world, status):
    arrangement = pending(world.staff_alpha1, kind="izin", status=status)
    login(client, world.staff_alpha1)
    response = client.post(f"/pengajuan/{arrangement.code}/batal/", follow=True)
    arrangement.refresh_from_db()
    assert arrangement.status == "cancelled"
    assert "Pengajuan dibatalkan." in response.content.decode()
    event = AuditEvent.objects.get(action="cancelled")
    assert event.arrangement == arrangement and event.actor == world.staff_alpha1.user
    assert event.data == {"previous_status": status}


def test_it_refuses_to_cancel_once_the_request_has_started(client, world, monkeypatch):
    arrangement = pending(world.staff_alpha1, kind="izin", status="approved")
    monkeypatch.setattr(clock, "today", lambda: MONDAY)
    login(client, world.staff_alpha1)
    html = client.post(f"/pengajuan/{arrangement.code}/batal/", follow=True).content.decode()
    assert (
        "Pengajuan yang sudah dimulai (sejak 2 Maret 2026) tidak dapat dibatalkan. Hubungi kepala unit Anda."
        in html
    )
    arrangement.refresh_from_db()
    assert arrangement.status == "approved" and not AuditEvent.objects.exists()
    assert (
        "Batalkan pengajuan" not in client.get(f"/pengajuan/{arrangement.code}/").content.decode()
    )


def test_it_refuses_to_cancel_a_rejected_request(client, world):
    arrangement = pending(world.staff_alpha1, kind="izin", status="rejected")
    login(client, world.staff_alpha1)
    html = client.post(f"/pengajuan/{arrangement.code}/batal/", follow=True).content.decode()
    assert "Pengajuan ini sudah ditolak; tidak ada yang diubah." in html
    arrangement.refresh_from_db()
    assert arrangement.status == "rejected"


def test_it_lets_nobody_else_cancel(client, world):
    arrangement = pending(world.staff_alpha1, kind="izin")
    for who in (world.lurah_alpha1, world.staff_alpha2):
        login(client, who)
        assert client.post(f"/pengajuan/{arrangement.code}/batal/").status_code == 404
    arrangement.refresh_from_db()
    assert arrangement.status == "pending"
    assert FRIDAY < arrangement.start_date
