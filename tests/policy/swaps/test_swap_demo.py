"""The demo: a puskesmas where two nurses agreed a shift swap that waits for the head."""

from io import StringIO

from django.core.management import call_command

from policy.models import ShiftSwap
from tests.conftest import login


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", "--employees", "900", "--history-days", "3", stdout=out)
    return out.getvalue()


def test_the_demo_has_a_swap_waiting_for_the_puskesmas_head_once(db, client):
    said = load_demo()
    swap = ShiftSwap.objects.select_related("employee__unit", "shift").get()
    assert swap.status == ShiftSwap.Status.PENDING and swap.employee.unit.code == "pkm-jalan-gedang"
    assert swap.shift.code == "malam"
    assert "A shift swap waiting for" in said
    load_demo()
    assert ShiftSwap.objects.count() == 1
    login(client, swap.employee.unit.employees.filter(role="head").first())
    html = client.get("/persetujuan/tukar-shift/").content.decode()
    assert f"Tukar shift: {swap.employee.full_name} dan {swap.partner.full_name}" in html
