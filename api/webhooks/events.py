"""Events for the webhooks, from signals of the lower apps (they never import api): a month locked
(MonthLock saved), a request decided (an Arrangement saved by Decision.decide), a unit below its minimum (a
CoverageAlert raised by attendance.alerts.scan) and staff changed (an Employee saved, or the staff import or sync
writing in bulk: units.staff_import.importer.staff_changed).

A receiver takes plain values inside the transaction that made the change and records the event once it commits
(`transaction.on_commit`): a change rolled back tells nobody. The event is kept (WebhookEvent, for the replay) when
some active client subscribes to its kind, with one delivery per client that subscribes and sees its unit."""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone

from api.clients.scope import Scope
from api.models import ApiClient, EventKind, WebhookDelivery, WebhookEvent
from attendance.models import CoverageAlert, MonthLock
from policy.models import Arrangement
from units import clock
from units.models import Employee, Unit
from units.staff_import import importer

# The fields of a person other systems hold: a save that changes none of them (a password flag) is no event.
STAFF_FIELDS = {f for f, _label in importer.COMPARED} | {"nip", "is_active", "unit"}


def subscribers(kind: str) -> list[ApiClient]:
    """Active clients with a webhook that subscribe to `kind` (1 query; few clients)."""
    clients = ApiClient.objects.filter(is_active=True).exclude(webhook_url="")
    return [c for c in clients if kind in (c.webhook_events or [])]


def record(kind: str, unit_id: int | None, payload: dict[str, Any]) -> WebhookEvent | None:
    """Keep the event and make its deliveries (None when nobody subscribes to `kind`); enqueue the sending."""
    clients = subscribers(kind)
    if not clients:
        return None
    unit = Unit.objects.filter(pk=unit_id).first() if unit_id else None
    now = clock.now()
    if unit is not None:
        payload = {**payload, "unit_code": unit.code}
    event = WebhookEvent.objects.create(
        kind=kind, at=now, day=timezone.localtime(now).date(), unit=unit, payload=payload
    )
    seeing = [c for c in clients if Scope.of(c).sees_path(unit.tree_path if unit else None)]
    WebhookDelivery.objects.bulk_create(
        [WebhookDelivery(event=event, client=c, next_attempt_at=now) for c in seeing], ignore_conflicts=True
    )
    if seeing:
        from api.webhooks.tasks import send_webhooks

        send_webhooks.enqueue()
    return event


def emit(kind: str, unit_id: int | None, payload: dict[str, Any]) -> None:
    """Record the event once the current transaction commits."""
    transaction.on_commit(lambda: record(kind, unit_id, payload))


def _month_locked(sender: Any, instance: MonthLock, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if created and not raw:
        emit(EventKind.MONTH_LOCKED, None, {"year": instance.year, "month": instance.month})


def _request_decided(sender: Any, instance: Arrangement, created: bool, raw: bool = False, **kwargs: Any) -> None:
    fields = kwargs.get("update_fields") or ()
    if created or raw or "decided_at" not in fields:
        return
    payload = {
        "code": str(instance.code),
        "kind": instance.kind,
        "leave_type": instance.leave_type,
        "start_date": instance.start_date.isoformat(),
        "end_date": instance.end_date.isoformat(),
        "status": instance.status,
        "employee_id": instance.employee_id,
    }
    transaction.on_commit(lambda: _decided(payload))


def _decided(payload: dict[str, Any]) -> None:
    employee = Employee.objects.filter(pk=payload.pop("employee_id")).values_list("nip", "unit_id").first()
    if employee is not None:
        record(EventKind.REQUEST_DECIDED, employee[1], {**payload, "nip": employee[0]})


def _below_minimum(sender: Any, instance: CoverageAlert, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if created and not raw:
        payload = {
            "date": instance.date.isoformat(),
            "needed": instance.needed,
            "present": instance.present,
            "missing": instance.missing,
        }
        emit(EventKind.UNIT_BELOW_MINIMUM, instance.unit_id, payload)


def _employee_saved(sender: Any, instance: Employee, created: bool, raw: bool = False, **kwargs: Any) -> None:
    fields = kwargs.get("update_fields")
    if raw or (fields is not None and not (set(fields) & STAFF_FIELDS)):
        return
    emit(EventKind.STAFF_CHANGED, instance.unit_id, {"nips": [instance.nip]})


def _staff_written(sender: Any, nips: list[str], unit_ids: list[int], **kwargs: Any) -> None:
    """The import or the sync wrote many people: one event per unit, listing its NIPs."""
    transaction.on_commit(lambda: _per_unit(nips))


def _per_unit(nips: list[str]) -> None:
    if not subscribers(EventKind.STAFF_CHANGED):
        return
    by_unit: dict[int, list[str]] = {}
    for nip, unit_id in Employee.objects.filter(nip__in=nips).values_list("nip", "unit_id"):
        by_unit.setdefault(unit_id, []).append(nip)
    for unit_id, found in sorted(by_unit.items()):
        record(EventKind.STAFF_CHANGED, unit_id, {"nips": sorted(found)})


def connect() -> None:
    post_save.connect(_month_locked, sender=MonthLock, dispatch_uid="api-month-locked")
    post_save.connect(_request_decided, sender=Arrangement, dispatch_uid="api-request-decided")
    post_save.connect(_below_minimum, sender=CoverageAlert, dispatch_uid="api-below-minimum")
    post_save.connect(_employee_saved, sender=Employee, dispatch_uid="api-employee-saved")
    importer.staff_changed.connect(_staff_written, dispatch_uid="api-staff-written")
