"""Writing a head's assignment of one person's day (PlanEntry) with its audit event: what the plan editor
(policy.plan.forms.PlanCellForm) and an approved shift swap (policy.swaps) both write."""

import datetime as dt
from typing import Any

from policy import audit
from policy.models import AuditEvent, PlanEntry
from policy.plan import day_plan
from units.models import Employee, Shift

DEFAULT = "default"  # the audit's word for "no assignment: the policy or the schedule decides"


def assign(
    actor: Any,
    employee: Employee,
    day: dt.date,
    mode: str | None,
    shift: Shift | None,
    *,
    previous: day_plan.PlannedDay,
    note: str,
    site_fields: dict[str, Any] | None = None,
    **data: Any,
) -> bool:
    """Set the person's mode (and shift, or DL activity site: `site_fields`, PlanEntry's site fields) for the day, or
    remove the assignment (mode None), and record it in the audit trail with `note` and `data`; False when
    there was nothing to remove."""
    if mode is None:
        deleted, _counts = PlanEntry.objects.filter(employee=employee, date=day).delete()
        if not deleted:
            return False
    else:
        PlanEntry.objects.update_or_create(
            employee=employee,
            date=day,
            defaults={"mode": mode, "shift": shift, "set_by": actor, **(site_fields or {})},
        )
    audit.record(
        actor,
        AuditEvent.Action.PLAN_SET,
        employee=employee,
        note=note,
        date=day.isoformat(),
        mode=mode or DEFAULT,
        shift=shift.code if shift else None,
        previous=previous.mode,
        previous_source=previous.source,
        **data,
    )
    return True
