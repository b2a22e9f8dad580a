"""Notices of the approval workflow (issue 14, item 4): the head is told when a request, a correction or a
check-in outside every place starts to wait for them; the person when it is decided, with the note. A head's
own goes to the head of the unit above."""

import re

from attendance.models import Correction, Verification
from policy.models import Arrangement
from tests.attendance.approvals.test_correction_fixtures import april  # noqa: F401
from tests.attendance.checkin.test_checkin_page import _frozen, _office  # noqa: F401
from tests.attendance.checkin.test_checkin_page import post as check_in
from tests.attendance.verification.test_verification_opening import FAR, _no_photo  # noqa: F401
from tests.conftest import login
from tests.policy.arrangements.requests_fixtures import MONDAY as REQUEST_MONDAY
from tests.policy.arrangements.requests_fixtures import allow_wfh, friday  # noqa: F401
from units.models import Notification


def told(who) -> list[tuple[str, dict]]:
    return [(n.kind, n.data) for n in Notification.objects.filter(user=who.user).order_by("id")]


def words(client) -> str:
    html = client.get("/pemberitahuan/").content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_request_tells_the_head_and_its_decision_tells_the_person(client, world, friday):  # noqa: F811
    allow_wfh(world)
    login(client, world.staff_alpha1)
    client.post("/pengajuan/baru/", {"kind": "wfh", "start_date": REQUEST_MONDAY.isoformat(), "reason": "Laporan"})
    arrangement = Arrangement.objects.get()
    assert told(world.lurah_alpha1) == [
        ("waiting", {"what": "arrangement", "name": "Siti Alpha", "date": "2026-03-02"})
    ]
    assert told(world.operator_alpha1) == [] and told(world.camat_alpha) == []  # operators do not decide
    login(client, world.lurah_alpha1)
    assert "Siti Alpha mengajukan WFH, dinas luar, cuti, sakit atau izin mulai 2 Maret 2026" in words(client)
    client.post(f"/persetujuan/{arrangement.code}/tolak/", {"note": "Loket sedang ramai"})
    assert told(world.staff_alpha1) == [
        ("decided", {"what": "arrangement", "name": "Siti Alpha", "date": "2026-03-02", "status": "rejected",
                     "note": "Loket sedang ramai"})
    ]
    login(client, world.staff_alpha1)
    assert "Pengajuan Anda (2 Maret 2026) ditolak. Catatan: Loket sedang ramai" in words(client)


def test_a_heads_own_request_goes_to_the_head_above(client, world, friday):  # noqa: F811
    allow_wfh(world)
    world.lurah_alpha1.home_address = "Jl. Melati 2"
    world.lurah_alpha1.save()
    login(client, world.lurah_alpha1)
    client.post("/pengajuan/baru/", {"kind": "wfh", "start_date": REQUEST_MONDAY.isoformat(), "reason": "Laporan"})
    assert Arrangement.objects.filter(employee=world.lurah_alpha1).exists()
    assert [kind for kind, _data in told(world.camat_alpha)] == ["waiting"]
    assert told(world.lurah_alpha1) == []


def test_a_check_in_outside_tells_the_head_and_the_verdict_tells_the_person(client, world, office, frozen):
    login(client, world.staff_alpha1)
    check_in(client, FAR, reason="Rapat di kantor camat")
    verification = Verification.objects.get()
    assert [(k, d["what"]) for k, d in told(world.lurah_alpha1)] == [("waiting", "verification")]
    login(client, world.lurah_alpha1)
    client.post(f"/verifikasi/{verification.code}/terima/", {"note": ""})
    assert [(k, d["status"]) for k, d in told(world.staff_alpha1)] == [("decided", "approved")]
    login(client, world.staff_alpha1)
    assert "Presensi Anda di luar radius (2 Maret 2026) disetujui." in words(client)


def test_a_correction_tells_the_head(client, world, april):  # noqa: F811
    login(client, world.staff_alpha1)
    client.post("/koreksi/baru/", {"date": "2026-04-06", "kind": "lupa_pulang", "time_out": "16:05", "reason": "Lupa"})
    assert Correction.objects.exists()
    assert [(k, d["what"], d["date"]) for k, d in told(world.lurah_alpha1)] == [("waiting", "correction", "2026-04-06")]
