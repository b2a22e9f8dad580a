"""Staff see their own requests: kind, dates, working days, status in words and the decision note."""

import datetime as dt
import re

import pytest

from tests.conftest import login
from tests.policy.arrangements.requests_fixtures import MONDAY, friday, pending  # noqa: F401

pytestmark = pytest.mark.usefixtures("friday")


def test_it_says_when_there_is_nothing_yet(client, world):
    login(client, world.staff_alpha1)
    html = client.get("/pengajuan/").content.decode()
    assert "Anda belum pernah mengajukan apa pun." in html and 'href="/pengajuan/baru/"' in html


def test_it_lists_only_the_persons_own_requests_in_words(client, world):
    pending(
        world.staff_alpha1,
        kind="cuti",
        leave_type="tahunan",
        start=MONDAY,
        end=MONDAY + dt.timedelta(days=2),
        working_days=3,
        status="rejected",
        decision_note="Ada pemeriksaan BPK minggu itu",
    )
    pending(world.staff_alpha1, kind="izin", start=MONDAY + dt.timedelta(days=7), reason="x")
    pending(world.staff_alpha2, kind="izin", reason="Bukan milik Siti")
    login(client, world.staff_alpha1)
    html = client.get("/pengajuan/").content.decode()
    assert "Cuti tahunan" in html and "2 Maret 2026 – 4 Maret 2026" in html
    assert "Ditolak" in html and "Ada pemeriksaan BPK minggu itu" in html
    assert "Menunggu persetujuan" in html and "Senin, 9 Maret 2026" in html
    assert "Bukan milik Siti" not in html and "2 pengajuan" in html


@pytest.mark.parametrize("count", [2, 20])
def test_it_runs_a_fixed_number_of_queries(client, world, count, django_assert_max_num_queries):
    for i in range(count):
        pending(
            world.staff_alpha1, kind="izin", start=MONDAY + dt.timedelta(days=7 * i), reason="x"
        )
    login(client, world.staff_alpha1)
    with django_assert_max_num_queries(19):
        html = client.get("/pengajuan/").content.decode()
    assert len(re.findall(r'href="/pengajuan/[0-9a-f-]{36}/"', html)) == count
