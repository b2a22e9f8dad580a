"""Approve, reject and override: rules re-checked at decision time, scope by unit, all in the audit trail."""

import pytest

from policy.models import AuditEvent
from tests.conftest import login
from tests.policy.arrangements.requests_fixtures import (  # noqa: F401
    allow_wfh,
    friday,
    make_policy,
    minimum,
    pending,
    staff,
)

pytestmark = pytest.mark.usefixtures("friday")


def approve(client, arrangement, **data):
    return client.post(f"/persetujuan/{arrangement.code}/setujui/", data)


def reject(client, arrangement, **data):
    return client.post(f"/persetujuan/{arrangement.code}/tolak/", data)


def test_it_approves_and_records_who_when_and_why(client, world):
    allow_wfh(world)
    arrangement = pending(world.staff_alpha1)
    login(client, world.lurah_alpha1)
    response = approve(client, arrangement, note="Silakan")
    assert response.status_code == 302 and response.url == "/persetujuan/"
    arrangement.refresh_from_db()
    assert arrangement.status == "approved" and arrangement.decided_by == world.lurah_alpha1.user
    assert arrangement.decided_at is not None and arrangement.decision_note == "Silakan"
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.arrangement, event.employee, event.note) == (
        "approved",
        world.lurah_alpha1.user,
        arrangement,
        world.staff_alpha1,
        "Silakan",
    )


def test_it_rejects_only_with_a_note(client, world):
    arrangement = pending(world.staff_alpha1, kind="izin", reason="x")
    login(client, world.lurah_alpha1)
    html = reject(client, arrangement, note="  ").content.decode()
    assert "Tuliskan alasan penolakan untuk pegawai." in html
    arrangement.refresh_from_db()
    assert arrangement.status == "pending" and not AuditEvent.objects.exists()
    reject(client, arrangement, note="Rapat evaluasi hari itu")
    arrangement.refresh_from_db()
    assert (
        arrangement.status == "rejected" and arrangement.decision_note == "Rapat evaluasi hari itu"
    )
    event = AuditEvent.objects.get()
    assert (event.action, event.note, event.actor) == (
        "rejected",
        "Rapat evaluasi hari itu",
        world.lurah_alpha1.user,
    )


def test_it_refuses_an_approval_when_a_rule_blocks_it_now(client, world):
    arrangement = pending(world.staff_alpha1)  # the policy below came after the request
    make_policy(world)
    login(client, world.lurah_alpha1)
    html = approve(client, arrangement, note="ok").content.decode()
    assert "Belum disetujui:" in html
    assert "mewajibkan Siti Alpha bekerja di kantor pada Senin, 2 Maret 2026" in html
    assert "Sebagai admin kota" not in html
    arrangement.refresh_from_db()
    assert arrangement.status == "pending" and not AuditEvent.objects.exists()


def test_it_lets_a_city_admin_override_a_block_with_a_reason(client, world):
    arrangement = pending(world.staff_alpha1)
    make_policy(world)
    login(client, world.admin_user)
    html = approve(client, arrangement).content.decode()
    assert (
        "Sebagai admin kota, Anda dapat tetap menyetujui dengan menulis alasan pengecualian" in html
    )
    arrangement.refresh_from_db()
    assert arrangement.status == "pending"
    approve(
        client,
        arrangement,
        override_reason="Perbaikan jaringan kantor kelurahan",
        note="Satu hari saja",
    )
    arrangement.refresh_from_db()
    assert arrangement.status == "approved"
    assert arrangement.override_reason == "Perbaikan jaringan kantor kelurahan"
    overridden, approved = AuditEvent.objects.order_by("id")
    assert (overridden.action, overridden.note) == (
        "overridden",
        "Perbaikan jaringan kantor kelurahan",
    )
    assert "mewajibkan Siti Alpha bekerja di kantor" in overridden.data["reasons"][0]
    assert (approved.action, approved.note, approved.data) == (
        "approved",
        "Satu hari saja",
        {"overridden": True},
    )
    login(client, world.staff_alpha1)
    html = client.get(f"/pengajuan/{arrangement.code}/").content.decode()
    assert "Pengecualian oleh admin kota" in html and "Perbaikan jaringan kantor kelurahan" in html


def test_it_ignores_an_override_reason_from_a_head(client, world):
    arrangement = pending(world.staff_alpha1)
    make_policy(world)
    login(client, world.lurah_alpha1)
    approve(client, arrangement, override_reason="Saya kepala")
    arrangement.refresh_from_db()
    assert arrangement.status == "pending" and arrangement.override_reason == ""


def test_it_refuses_at_decision_time_when_the_minimum_would_be_breached(client, world):
    policy = allow_wfh(world)
    minimum(policy, world.dukcapil, 2)
    a, b = staff(world, world.dukcapil, "Petugas A"), staff(world, world.dukcapil, "Petugas B")
    first, second = pending(a), pending(b)
    login(client, world.head_dukcapil)
    approve(client, first)
    html = approve(client, second).content.decode()
    assert (
        "Ditolak: Disdukcapil akan kurang 1 pegawai pada Senin, 2 Maret 2026 (minimal 2 di kantor)."
        in html
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("approved", "pending")


def test_it_approves_sick_leave_despite_a_shortfall(client, world):
    policy = allow_wfh(world)
    minimum(policy, world.dukcapil, 2)
    a = staff(world, world.dukcapil, "Petugas A")
    arrangement = pending(a, kind="sakit")
    pending(world.head_dukcapil, kind="izin", reason="x", status="approved")
    login(client, world.admin_user)
    approve(client, arrangement)
    arrangement.refresh_from_db()
    assert arrangement.status == "approved" and arrangement.override_reason == ""


def test_a_lurah_cannot_decide_another_kelurahans_request(client, world):
    arrangement = pending(world.staff_alpha2, kind="izin", reason="x")
    login(client, world.lurah_alpha1)
    assert approve(client, arrangement).status_code == 404
    assert reject(client, arrangement, note="x").status_code == 404
    arrangement.refresh_from_db()
    assert arrangement.status == "pending"


def test_a_camat_decides_for_the_kelurahan_below(client, world):
    arrangement = pending(world.staff_alpha2, kind="izin", reason="x")
    login(client, world.camat_alpha)
    approve(client, arrangement)
    arrangement.refresh_from_db()
    assert arrangement.status == "approved"


def test_a_head_cannot_decide_their_own_request(client, world):
    arrangement = pending(world.lurah_alpha1, kind="izin", reason="x")
    login(client, world.lurah_alpha1)
    assert approve(client, arrangement).status_code == 404


def test_staff_cannot_decide(client, world):
    arrangement = pending(world.staff_alpha1, kind="izin", reason="x")
    login(client, world.staff_alpha2)
    assert approve(client, arrangement).status_code == 403


def test_it_says_when_the_request_was_already_decided(client, world):
    arrangement = pending(world.staff_alpha1, kind="izin", reason="x", status="rejected")
    login(client, world.lurah_alpha1)
    html = client.post(f"/persetujuan/{arrangement.code}/setujui/", follow=True).content.decode()
    assert "Pengajuan ini sudah ditolak; tidak ada yang diubah." in html
    arrangement.refresh_from_db()
    assert arrangement.status == "rejected"


def test_it_swaps_the_decided_row_for_htmx(client, world):
    arrangement = pending(world.staff_alpha1, kind="izin", reason="x")
    login(client, world.lurah_alpha1)
    response = client.post(
        f"/persetujuan/{arrangement.code}/setujui/",
        {"note": "Oke"},
        headers={"HX-Request": "true", "HX-Target": f"req-{arrangement.code}"},
    )
    html = response.content.decode()
    assert html.lstrip().startswith(f'<article class="card" id="req-{arrangement.code}"')
    assert "Disetujui" in html and "<h1" not in html
    assert "Pengajuan Siti Alpha disetujui." in response.headers["HX-Trigger"]


def test_it_shows_an_htmx_refusal_inside_the_row(client, world):
    arrangement = pending(world.staff_alpha1)
    login(client, world.lurah_alpha1)
    html = client.post(
        f"/persetujuan/{arrangement.code}/setujui/",
        {"note": "Oke"},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert html.lstrip().startswith("<article") and "Belum disetujui:" in html
    assert "Oke</textarea>" in html


def test_it_updates_the_pending_count_with_an_htmx_decision(client, world):
    allow_wfh(world)
    first = pending(world.staff_alpha1)
    pending(world.operator_alpha1, kind="izin", reason="Urusan keluarga")
    login(client, world.lurah_alpha1)
    assert "2 pengajuan menunggu." in client.get("/persetujuan/").content.decode()
    html = client.post(
        f"/persetujuan/{first.code}/setujui/", {"note": "ok"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert '<p id="pending-count" role="status" hx-swap-oob="true">1 pengajuan menunggu.</p>' in html
