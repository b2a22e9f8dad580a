"""What keeps the kept presence rows (attendance.presence.kept) following the changes made outside
attendance, in the same transaction as the change: policy's requests and roster cells, units' people, and
the reference tables. Connected by AttendanceConfig.ready. The changes attendance makes itself (check-ins,
verifications, corrections) are followed where they are made, or here for the decisions (their save)."""

from django.db.models.signals import post_delete, post_save

from attendance.models import Correction, Verification
from attendance.presence import kept
from policy.models import Arrangement, PlanEntry
from policy.plan import reference
from units import clock
from units.models import Employee


def _today_within(start, end) -> bool:
    today = clock.today()
    return start <= today and (end is None or today <= end)


def arrangement_changed(instance: Arrangement, **_kwargs) -> None:
    if _today_within(instance.start_date, instance.end_date):
        kept.refresh([instance.employee_id])


def plan_entry_changed(instance: PlanEntry, **_kwargs) -> None:
    if instance.date == clock.today():
        kept.refresh([instance.employee_id])


def decided(instance: Correction | Verification, created: bool = False, **_kwargs) -> None:
    """A correction or a verification decided (a pending one just opened changes nothing counted)."""
    if not created and instance.date == clock.today():
        kept.refresh([instance.employee_id])


# What of a person the kept rows depend on (a save naming only other fields, e.g. a login being linked, is not
# followed).
COUNTED = {"unit", "unit_id", "service_role", "is_active", "schedule", "schedule_id"}


def employee_changed(update_fields=None, **_kwargs) -> None:
    """A person added, moved, deactivated or edited: counted afresh from the next build (within the minute).
    Not a per-person refresh: an import saves thousands of people, and one query each is enough."""
    if update_fields is not None and not COUNTED & set(update_fields):
        return
    kept.forget()


def tables_changed(**_kwargs) -> None:
    kept.forget()


def connect() -> None:
    for model, receiver in ((Arrangement, arrangement_changed), (PlanEntry, plan_entry_changed)):
        post_save.connect(receiver, sender=model, dispatch_uid=f"hadir-presence-save-{model._meta.label}")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"hadir-presence-delete-{model._meta.label}")
    for decision in (Correction, Verification):
        post_save.connect(decided, sender=decision, dispatch_uid=f"hadir-presence-decided-{decision._meta.label}")
    post_save.connect(employee_changed, sender=Employee, dispatch_uid="hadir-presence-employee")
    post_delete.connect(employee_changed, sender=Employee, dispatch_uid="hadir-presence-employee-delete")
    reference.tables_changed.connect(tables_changed, dispatch_uid="hadir-presence-tables")
