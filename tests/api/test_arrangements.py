"""Approved leave and DL from another system: recorded as approved requests, idempotent by the sender's id,
refused on other details for the same id, on an overlap and in a locked month; in the plan at once."""

import datetime as dt

from api.models import ExternalArrangement
from attendance.models import MonthLock
from policy.models import Arrangement, AuditEvent
from tests.api.conftest import bearer, post_json

URL = "/api/v1/arrangements"


def leave(nip, **extra):
    return {"external_id": "siasn-77", "nip": nip, "kind": "cuti", "leave_type": "tahunan",
            "start_date": "2026-04-13", "end_date": "2026-04-15", **extra}


def test_it_records_an_approved_leave_once(client, api_keys):
    siti = api_keys.world.staff_alpha1
    first = post_json(client, URL, leave(siti.nip), api_keys.alpha_write)
    assert first.status_code == 200 and first.json()["created"] is True
    arrangement = Arrangement.objects.get(employee=siti)
    assert (arrangement.status, arrangement.kind, arrangement.leave_type, arrangement.working_days) == (
        "approved", "cuti", "tahunan", 3
    )
    assert arrangement.decided_by.username.startswith("api-")
    assert set(AuditEvent.objects.filter(arrangement=arrangement).values_list("action", flat=True)) == {
        "requested", "approved"
    }
    again = post_json(client, URL, leave(siti.nip), api_keys.alpha_write)
    assert again.status_code == 200 and again.json()["created"] is False
    assert again.json()["code"] == first.json()["code"]
    assert Arrangement.objects.filter(employee=siti).count() == 1 == ExternalArrangement.objects.count()


def test_the_same_id_with_other_details_is_refused(client, api_keys):
    siti = api_keys.world.staff_alpha1
    post_json(client, URL, leave(siti.nip), api_keys.alpha_write)
    response = post_json(client, URL, leave(siti.nip, end_date="2026-04-16"), api_keys.alpha_write)
    assert response.status_code == 409


def test_an_overlap_or_a_locked_month_is_refused(client, api_keys):
    world = api_keys.world
    siti = world.staff_alpha1
    post_json(client, URL, leave(siti.nip), api_keys.alpha_write)
    dl = {"external_id": "spt-9", "nip": siti.nip, "kind": "dl", "start_date": "2026-04-15", "end_date": "2026-04-16"}
    assert post_json(client, URL, dl, api_keys.alpha_write).status_code == 409
    MonthLock.objects.create(year=2026, month=3, locked_by=world.admin_user)
    march = {**dl, "external_id": "spt-10", "start_date": "2026-03-30", "end_date": "2026-04-01"}
    assert post_json(client, URL, march, api_keys.alpha_write).status_code == 409
    assert Arrangement.objects.filter(employee=siti).count() == 1


def test_a_leave_type_the_person_may_not_take_is_refused(client, api_keys):
    siti = api_keys.world.staff_alpha1
    response = post_json(client, URL, leave(siti.nip, leave_type="menikah"), api_keys.alpha_write)
    assert response.status_code == 422


def test_the_plan_shows_it_at_once(client, api_keys):
    siti = api_keys.world.staff_alpha1
    dl = {"external_id": "spt-1", "nip": siti.nip, "kind": "dl", "start_date": "2026-04-14", "end_date": "2026-04-14"}
    post_json(client, URL, dl, api_keys.alpha_write)
    url = "/api/v1/units/17.99.01.1001/statuses?start=2026-04-14&end=2026-04-14"
    answer = client.get(url, **bearer(api_keys.alpha_read)).json()
    day = next(p for p in answer["items"] if p["nip"] == siti.nip)["days"][0]
    assert (day["mode"], day["code"], day["arrangement"]["kind"]) == ("dl", "DL", "dl")
    assert dt.date.fromisoformat(day["date"]) == dt.date(2026, 4, 14)
