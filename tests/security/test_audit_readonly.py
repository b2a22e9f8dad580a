"""The audit trail and the check-in events are append-only everywhere: the Django admin shows them but
refuses to add, change or delete them, even for a superuser, and no code in the app updates or deletes an
audit event."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.db.models import ProtectedError
from django.utils import timezone

from attendance.models import CheckIn
from policy import audit
from policy.models import AuditEvent
from tests.conftest import login

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def records(world):
    event = audit.record(
        world.admin_user, AuditEvent.Action.PLAN_SET, employee=world.staff_alpha1, note="Rencana asli"
    )
    day = dt.date(2026, 3, 2)
    checkin = CheckIn.objects.create(
        employee=world.staff_alpha1,
        date=day,
        kind="in",
        at=timezone.make_aware(dt.datetime.combine(day, dt.time(7, 25))),
        location="inside",
        created_by=world.staff_alpha1.user,
    )
    return {"policy/auditevent": event, "attendance/checkin": checkin}


def snapshot(records):
    event, checkin = records["policy/auditevent"], records["attendance/checkin"]
    return (
        list(AuditEvent.objects.values_list("pk", "note", "action")),
        list(CheckIn.objects.values_list("pk", "at", "location")),
        (event.note, checkin.location),
    )


@pytest.mark.parametrize("model", ["policy/auditevent", "attendance/checkin"])
def test_the_django_admin_refuses_to_add_change_or_delete_even_for_a_superuser(
    client, world, records, model
):
    login(client, world.admin_user)
    assert world.admin_user.is_superuser
    obj = records[model]
    before = snapshot(records)
    base = f"/admin/{model}/"

    changelist = client.get(base)
    assert changelist.status_code == 200  # visible
    html = changelist.content.decode()
    assert f'href="{base}add/"' not in html and "delete_selected" not in html

    assert client.get(f"{base}add/").status_code == 403
    assert client.post(f"{base}add/", {"note": "palsu"}).status_code == 403
    view = client.get(f"{base}{obj.pk}/change/")
    assert view.status_code == 200 and 'name="_save"' not in view.content.decode()  # read-only
    assert client.post(f"{base}{obj.pk}/change/", {"note": "diubah"}).status_code == 403
    assert client.get(f"{base}{obj.pk}/delete/").status_code == 403
    assert client.post(f"{base}{obj.pk}/delete/", {"post": "yes"}).status_code == 403
    bulk = client.post(base, {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"})
    assert bulk.status_code in (200, 302, 403)

    assert snapshot(records) == before


def test_whoever_appears_in_the_trail_cannot_be_deleted_out_of_it(world, records):
    with pytest.raises(ProtectedError):
        world.staff_alpha1.delete()
    with pytest.raises(ProtectedError):
        world.admin_user.delete()
    assert AuditEvent.objects.count() == 1


def offends(line: str) -> bool:
    """A mention of the trail (AuditEvent, audit.record, a related manager named "audit") followed on the
    same line by an update, a delete or a save."""
    mention = re.search(r"AuditEvent\b|\.audit\b|\baudit\.record\b", line)
    return bool(mention) and bool(
        re.search(r"\.(update|delete|bulk_update|update_or_create|save)\(", line[mention.start() :])
    )


def test_no_code_in_the_app_updates_or_deletes_an_audit_event():
    assert offends("AuditEvent.objects.filter(pk=1).delete()")
    assert offends("policy.audit.all().update(note='')")
    assert not offends("audit.record(request.user, AuditEvent.Action.APPROVED, employee=e)")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for app in ("units", "policy", "attendance", "config")
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if offends(line)
    ]
    assert offenders == []
