"""No accidental check-out (issue 16, item 3): a second tap on the big button right after arriving recorded
"pulang 08:12, 467 menit lebih awal (PSW4)" and took a counter officer off the count. A check-out more than
CHECKOUT_CONFIRM_MINUTES before the end of the hours asks first (the phone as the kiosk), and the person can take
back a check-out for CHECKOUT_UNDO_MINUTES (a CheckoutUndo appended beside it, audited)."""

import re

from attendance.models import CheckIn, CheckoutUndo
from policy.models import AuditEvent
from tests.attendance.checkin.test_checkin_page import (  # noqa: F401
    MONDAY,
    OFFICE,
    _frozen,
    _office,
    post,
    text,
)
from tests.conftest import login

UNDO = re.compile(r'action="/saya/pulang/(\d+)/batal/"')


def test_a_second_tap_right_after_arriving_asks_before_checking_out(client, world, office, frozen):
    login(client, world.staff_alpha1)
    post(client, OFFICE, kind="in")
    frozen.set(MONDAY, 8, 12)
    answer = post(client, OFFICE, kind="out", htmx=True)
    page = text(answer)
    assert "Presensi pulang sekarang?" in page and "Sekarang pukul 08:12, sebelum jam pulang 16:00." in page
    assert "Ya, presensi pulang sekarang" in page and "Tidak, saya belum pulang" in page
    assert 'name="confirmed" value="True"' in answer.content.decode()
    assert not CheckIn.objects.filter(kind="out").exists()
    post(client, OFFICE, kind="out", confirmed=True)
    assert CheckIn.objects.filter(kind="out").count() == 1


def test_a_check_out_near_the_end_of_the_hours_asks_nothing(client, world, office, frozen, settings):
    login(client, world.staff_alpha1)
    post(client, OFFICE, kind="in")
    frozen.set(MONDAY, 15, 31)  # 29 minutes early, within CHECKOUT_CONFIRM_MINUTES (30)
    assert "Tersimpan: Presensi pulang pukul 15:31." in text(post(client, OFFICE, kind="out", htmx=True))
    settings.CHECKOUT_CONFIRM_MINUTES = 20  # the setting says where the question starts
    frozen.set(MONDAY, 15, 35)
    assert "Presensi pulang sekarang?" in text(post(client, OFFICE, kind="out", htmx=True))


def test_a_retry_of_a_check_out_already_saved_gets_it_back_not_a_question(client, world, office, frozen):
    login(client, world.staff_alpha1)
    post(client, OFFICE, kind="in")
    frozen.set(MONDAY, 10, 0)
    post(client, OFFICE, kind="out", token="0e5b6a1c-4a3e-4a43-9c43-5a1f1f4b0c11", confirmed=True)
    again = text(post(client, OFFICE, kind="out", token="0e5b6a1c-4a3e-4a43-9c43-5a1f1f4b0c11", htmx=True))
    assert "Sudah tercatat sebelumnya: Presensi pulang pukul 10:00." in again
    assert CheckIn.objects.filter(kind="out").count() == 1


def test_a_check_out_taken_back_counts_for_nothing_and_is_audited(client, world, office, frozen):
    person = world.staff_alpha1
    login(client, person)
    post(client, OFFICE, kind="in")
    frozen.set(MONDAY, 8, 12)
    card = post(client, OFFICE, kind="out", htmx=True, confirmed=True).content.decode()
    assert "PSW4" in text(client.get("/saya/"))
    (pk,) = UNDO.findall(card)
    assert "Tertekan tidak sengaja? Presensi pulang ini dapat dibatalkan sampai pukul 08:22." in re.sub(r"\s+", " ", card)
    frozen.set(MONDAY, 8, 14)
    answer = client.post(f"/saya/pulang/{pk}/batal/", headers={"HX-Request": "true"})
    page = text(answer)
    assert "Tercatat 08:12 — dibatalkan pemiliknya, tidak dihitung" in page and "Presensi pulang" in page
    assert "PSW" not in page and not UNDO.search(answer.content.decode())
    assert CheckIn.objects.filter(kind="out").count() == 1  # the check-out stays as it happened
    assert CheckoutUndo.objects.get().checkin_id == int(pk)
    event = AuditEvent.objects.get(action=AuditEvent.Action.CHECKOUT_UNDONE)
    assert (event.actor, event.employee, event.data["checkin"]) == (person.user, person, int(pk))
    # A real departure later supersedes the one taken back and counts.
    frozen.set(MONDAY, 16, 5)
    assert "Tercatat 16:05 — tepat waktu" in text(post(client, OFFICE, kind="out", htmx=True))
    assert CheckIn.objects.filter(kind="out").latest("at").supersedes_id == int(pk)


def test_a_check_out_cannot_be_taken_back_late_twice_or_by_someone_else(client, world, office, frozen):
    login(client, world.staff_alpha1)
    post(client, OFFICE, kind="in")
    frozen.set(MONDAY, 8, 12)
    post(client, OFFICE, kind="out", confirmed=True)
    pk = CheckIn.objects.get(kind="out").pk
    login(client, world.operator_alpha1)  # a colleague of the same unit
    assert client.post(f"/saya/pulang/{pk}/batal/").status_code == 404
    login(client, world.staff_alpha1)
    frozen.set(MONDAY, 8, 23)  # 11 minutes later
    refused = text(client.post(f"/saya/pulang/{pk}/batal/", follow=True))
    assert "hanya dapat dibatalkan dalam 10 menit sesudahnya" in refused
    assert "Batalkan presensi pulang" not in refused
    frozen.set(MONDAY, 8, 20)
    client.post(f"/saya/pulang/{pk}/batal/")
    assert "sudah dibatalkan" in text(client.post(f"/saya/pulang/{pk}/batal/", follow=True))
    assert CheckoutUndo.objects.count() == 1
    assert client.get(f"/saya/pulang/{pk}/batal/").status_code == 405
