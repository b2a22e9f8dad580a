"""Write operations, and nothing else (no check-ins through the API): the staff sync and approved leave or DL from
another system. Both need a key with the write scope and stay within the client's units."""

import datetime as dt
from typing import Any, Literal

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from api.clients.auth import WRITE, Caller, KeyAuth, caller
from api.clients.log import count_rows
from api.models import ExternalArrangement
from api.schemas import Error, answers
from api.write import staff_sync
from attendance.models import MonthLock
from policy import audit
from policy.arrangements import requests, rules
from policy.models import Arrangement, AuditEvent
from units import clock

router = Router(auth=KeyAuth(WRITE), tags=["write"])
MAX_SPAN = 366  # days of one leave or DL


class StaffRow(Schema):
    """One person as the staff file import reads them (units/staff_import): the same columns, the same checks."""

    nip: str = Field(max_length=40)
    full_name: str = Field(max_length=300)
    asn_type: str = Field(max_length=20, description="PNS or PPPK")
    position_title: str = Field(max_length=300)
    position_category: str = Field(max_length=40, description="struktural, fungsional or pelaksana")
    unit: str = Field(max_length=200, description="the unit's code (or its exact name)")
    service_role: str = Field("", max_length=60)
    start_date: str = Field("", max_length=20, description="DD-MM-YYYY or YYYY-MM-DD; empty: from the NIP")


class SyncIn(Schema):
    dry_run: bool = False
    rows: list[StaffRow] = Field(..., max_length=staff_sync.MAX_ROWS)


class RowResult(Schema):
    index: int  # the row's position in `rows`, from 0
    nip: str
    action: str  # create, update, same or error
    errors: list[str]
    warnings: list[str]
    changes: list[dict[str, str]]


class SyncOut(Schema):
    dry_run: bool
    counts: dict[str, int]  # create, update, same, error
    written: dict[str, int]  # created, updated, unchanged, skipped (all zero on a dry run)
    rows: list[RowResult]


@router.post("/staff/sync", response=answers(SyncOut, status_409=Error), summary="Staff sync (batch upsert by NIP)")
def sync_staff(request: HttpRequest, body: SyncIn) -> dict[str, Any]:
    """Create or update staff by NIP with the checks of the staff file import, answering each row's errors.
    Idempotent: the same rows again change nothing ("same"). With `dry_run` nothing is written. Rows whose unit,
    or whose person's current unit, is outside the key's units are errors. Rows with errors are skipped; the
    others are written in one transaction."""
    found = caller(request)
    try:
        result = staff_sync.sync(found.scope, [r.dict() for r in body.rows], dry_run=body.dry_run)
    except IntegrityError as error:  # a NIP added by someone else meanwhile: the call may be sent again
        raise HttpError(409, "Staff changed during the sync; send it again.") from error
    count_rows(request, len(body.rows))
    return result


class ArrangementIn(Schema):
    external_id: str = Field(..., min_length=1, max_length=100, description="the sending system's id")
    nip: str = Field(..., max_length=40)
    kind: Literal["cuti", "dl"]
    leave_type: str = Field("", max_length=20, description="for cuti: tahunan, besar, sakit, melahirkan, …")
    start_date: dt.date
    end_date: dt.date
    reason: str = Field("", max_length=1000)
    spt_number: str = Field("", max_length=100, description="for dl: the assignment letter (SPT)")


class ArrangementOut(Schema):
    external_id: str
    code: str
    nip: str
    kind: str
    leave_type: str
    start_date: dt.date
    end_date: dt.date
    working_days: int
    status: str
    created: bool  # false: this external_id was received before; nothing was changed
    warnings: list[str]


def _out(link: ExternalArrangement, created: bool, warnings: list[str]) -> dict[str, Any]:
    a = link.arrangement
    return {
        "external_id": link.external_id,
        "code": str(a.code),
        "nip": a.employee.nip,
        "kind": a.kind,
        "leave_type": a.leave_type,
        "start_date": a.start_date,
        "end_date": a.end_date,
        "working_days": a.working_days,
        "status": a.status,
        "created": created,
        "warnings": warnings,
    }


def _same(link: ExternalArrangement, body: ArrangementIn) -> bool:
    a = link.arrangement
    return (a.employee.nip, a.kind, a.leave_type, a.start_date, a.end_date) == (
        body.nip, body.kind, body.leave_type if body.kind == rules.CUTI else "", body.start_date, body.end_date
    )


def _received(found: Caller, external_id: str) -> ExternalArrangement | None:
    return (
        ExternalArrangement.objects.select_related("arrangement__employee")
        .filter(client=found.client, external_id=external_id)
        .first()
    )


def _check(body: ArrangementIn, asn_type: str) -> None:
    if body.end_date < body.start_date:
        raise HttpError(422, "end_date is before start_date")
    if (body.end_date - body.start_date).days >= MAX_SPAN:
        raise HttpError(422, f"at most {MAX_SPAN} days")
    if body.start_date < clock.FIRST_DATE or body.end_date > clock.LAST_DATE:
        raise HttpError(422, "dates out of range")
    if body.kind == rules.CUTI and body.leave_type not in rules.leave_types_for(asn_type):
        raise HttpError(422, f"leave_type must be one of {', '.join(rules.leave_types_for(asn_type))} for {asn_type}")
    months = {(body.start_date.year, body.start_date.month), (body.end_date.year, body.end_date.month)}
    first, last = min(months), max(months)
    locked = MonthLock.objects.filter(year__gte=first[0], year__lte=last[0]).values_list("year", "month")
    if any(first <= found <= last for found in locked):
        raise HttpError(409, "a month of these dates is locked; BKPSDM must record it by hand")


@router.post(
    "/arrangements",
    response=answers(ArrangementOut, status_409=Error),
    summary="Approved leave or DL from another system (idempotent by external_id)",
)
def receive_arrangement(request: HttpRequest, body: ArrangementIn) -> dict[str, Any]:
    """Record a leave (cuti) or official travel (dl) already approved in the sending system, as an approved
    request in Hadir. Sending the same `external_id` again answers the recorded one (`created: false`); the
    same id with other details is refused (409). Dates overlapping another request, or in a locked month, are
    refused (409); other rules (the leave balance, the unit's minimum) are returned as `warnings`."""
    found = caller(request)
    count_rows(request, 1)
    link = _received(found, body.external_id)
    if link is not None:
        if not _same(link, body):
            raise HttpError(409, "this external_id was received before with other details")
        return _out(link, False, [])
    employee = get_object_or_404(found.scope.employees().active().select_related("unit"), nip=body.nip)
    _check(body, employee.asn_type)
    leave_type = body.leave_type if body.kind == rules.CUTI else ""
    request_ = rules.Request(body.kind, body.start_date, body.end_date, leave_type)
    (checked,) = requests.findings_for([requests.Candidate(employee, request_)], minimum=False)
    if not checked.days:
        raise HttpError(422, "no working day between start_date and end_date")
    if any(f.code == rules.OVERLAP for f in checked.findings):
        raise HttpError(409, " ".join(f.message for f in checked.findings if f.code == rules.OVERLAP))
    warnings = [f.message for f in checked.findings]
    try:
        with transaction.atomic():
            link = _record(found, body, employee, leave_type, len(checked.days))
    except IntegrityError:  # the same external_id sent twice at once: the other one recorded it
        link = _received(found, body.external_id)
        if link is None:
            raise
        return _out(link, False, [])
    return _out(link, True, warnings)


def _record(found: Caller, body: ArrangementIn, employee: Any, leave_type: str, days: int) -> ExternalArrangement:
    client, now = found.client, clock.now()
    note = f"Disetujui di {client.name} ({body.external_id})"
    arrangement = Arrangement.objects.create(
        employee=employee,
        kind=body.kind,
        leave_type=leave_type,
        start_date=body.start_date,
        end_date=body.end_date,
        working_days=days,
        spt_number=body.spt_number,
        reason=body.reason,
        status=Arrangement.Status.APPROVED,
        decided_by=client.user,
        decided_at=now,
        decision_note=note,
    )
    trail = {"start": str(body.start_date), "end": str(body.end_date), "api_client": client.name}
    audit.record(client.user, AuditEvent.Action.REQUESTED, employee=employee, arrangement=arrangement,
                 note=body.reason, kind=body.kind, leave_type=leave_type, working_days=days, **trail)
    audit.record(client.user, AuditEvent.Action.APPROVED, employee=employee, arrangement=arrangement, note=note,
                 external_id=body.external_id)
    return ExternalArrangement.objects.create(
        client=client, external_id=body.external_id, arrangement=arrangement, received_at=now
    )
