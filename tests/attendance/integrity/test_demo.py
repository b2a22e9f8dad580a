"""Planted spoofers in the demo (`load_demo --plant-cheaters N`, issue 15 part 3): each planted person is found
by the signal made for their kind, with its reason, and the demo's honest staff (whose phones the history
generator makes wander around the office with a phone's accuracy) are not flagged beyond 1%."""

import io

from django.core.management import call_command

from attendance.integrity import demo as integrity_demo
from attendance.integrity import planted, signals
from attendance.models import CheckIn, SuspicionCase

KIND_SIGNAL = {
    planted.FIXED: signals.SAME_POINT,
    planted.ON_POINT: signals.ON_POINT,
    planted.SHARER: signals.SHARED_POINT,
    planted.TELEPORTER: signals.TRAVEL,
    planted.DEVICE: signals.SHARED_DEVICE,
}


def test_every_planted_spoofer_is_found_by_its_signal_and_honest_staff_are_spared(db):
    call_command("load_demo", employees=300, history_days=35, stdout=io.StringIO())
    chosen = integrity_demo.plant(3)
    assert {kind: len(people) for kind, people in chosen.items()} == dict.fromkeys(planted.PLANTED, 3)
    cases = {c.employee_id: c for c in SuspicionCase.objects.all()}
    for kind, people in chosen.items():
        for person in people:
            assert person in cases, (kind, person)
            assert KIND_SIGNAL[kind] in {s["kind"] for s in cases[person].signals}, (kind, cases[person].signals)
    planted_ids = {p for people in chosen.values() for p in people}
    honest = set(
        CheckIn.objects.filter(method="phone", latitude__isnull=False).values_list("employee_id", flat=True).distinct()
    ) - planted_ids
    flagged = [p for p in honest if p in cases]
    assert len(honest) > 200 and len(flagged) <= 0.01 * len(honest), [cases[p].signals for p in flagged]
    # The command's flag plants once: a second load keeps what was planted and scored.
    out = io.StringIO()
    call_command("load_demo", employees=300, history_days=35, plant_cheaters=3, stdout=out)
    assert integrity_demo.plant(3) == {} and SuspicionCase.objects.count() == len(cases)
