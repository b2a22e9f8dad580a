"""Deciding inline on the unit board: the forms are the approval pages' own rows and post to their
endpoints; the answer re-renders that row, and the next board refresh shows the new plan."""

import datetime as dt
import re

from policy.models import Arrangement
from tests.attendance.approvals.test_correction_fixtures import pending
from tests.attendance.boards.test_board_unit import KEL, TUESDAY, ask, row, tuesday, words  # noqa: F401
from tests.conftest import login

HTMX = {"HX-Request": "true"}


def test_it_approves_a_request_inline_and_the_board_shows_the_new_plan(client, world, tuesday):  # noqa: F811
    request = ask(world.staff_alpha1, "izin", reason="Mengantar anak berobat")
    login(client, world.lurah_alpha1)
    page = client.get(KEL).content.decode()
    form = re.search(rf'<form method="post" action="/persetujuan/{request.code}/setujui/"(.*?)</form>', page, re.S)
    assert form and f'hx-target="#req-{request.code}"' in form.group(1)
    response = client.post(f"/persetujuan/{request.code}/setujui/", {"note": "Semoga lekas sembuh"}, headers=HTMX)
    html = response.content.decode()
    assert f'<article class="card" id="req-{request.code}"' in html and "Disetujui" in html
    request.refresh_from_db()
    assert request.status == Arrangement.Status.APPROVED
    board = client.get(KEL, headers=HTMX).content.decode()
    siti = row(board, world.staff_alpha1)
    assert "Izin" in siti and "I · izin" in siti
    assert "1 cuti, DL, sakit atau izin" in words(board) and "menunggu keputusan" not in words(board)


def test_it_rejects_a_correction_inline_with_a_note(client, world, tuesday):  # noqa: F811
    correction = pending(world.staff_alpha1, TUESDAY - dt.timedelta(days=1))
    login(client, world.lurah_alpha1)
    board = client.get(KEL).content.decode()
    assert f'id="kor-{correction.code}"' in board and "1 koreksi presensi menunggu keputusan." in words(board)
    response = client.post(
        f"/koreksi/{correction.code}/tolak/", {"note": "Tidak ada bukti kehadiran"}, headers=HTMX
    )
    html = response.content.decode()
    assert f'id="kor-{correction.code}"' in html and "Ditolak" in html
    board = client.get(KEL).content.decode()
    assert "1 koreksi presensi menunggu keputusan." not in words(board)
    assert f'id="kor-{correction.code}"' not in board
    assert "Tidak ada koreksi pegawai di papan ini yang menunggu keputusan Anda." in board


def test_it_still_decides_without_javascript(client, world, tuesday):  # noqa: F811
    """The endpoints send a plain form post to their own list (they know no way back to the board)."""
    request = ask(world.staff_alpha1, "izin")
    login(client, world.lurah_alpha1)
    response = client.post(f"/persetujuan/{request.code}/tolak/", {"note": "Loket kekurangan petugas"})
    assert response.status_code == 302 and response["Location"] == "/persetujuan/"
    request.refresh_from_db()
    assert request.status == Arrangement.Status.REJECTED
