"""The notices of the approval workflow (units.models.Notification): to who decides, when something starts to
wait for them; to the person, when it is decided. Written in the transaction that makes the thing or the
decision, so each is told once. The words are in templates/units/notifications/_notice.html.

Who decides (as policy.approvals.workflow's scope has it): the heads of the person's unit; for a head, or a unit
without one, the heads of the unit above. City admins see what waits on their landing page and are not told
one by one."""

from typing import Any

from django.db.models import Q

from units import clock
from units.models import Employee, Notification, Unit
from units.notifications import deliveries


def _deciding_in(unit_id: int) -> Q:
    """The heads of a unit and the deputies (Plh./Plt.) in force there today."""
    today = clock.today()
    return Q(role=Employee.Role.HEAD, unit_id=unit_id) | Q(
        deputyships__unit_id=unit_id, deputyships__start_date__lte=today, deputyships__end_date__gte=today
    )


def deciders(employee: Employee) -> list[int]:
    """User ids of who decides for `employee` (never the person themselves): the heads of their unit and
    the deputies in force there; for a head (whose own go above, as decidable_people has it), or a unit
    with neither, those of the unit above."""
    people = (
        Employee.objects.active().filter(user__isnull=False, user__is_active=True).exclude(pk=employee.pk)
    )
    found = []
    if employee.role != Employee.Role.HEAD:
        found = list(people.filter(_deciding_in(employee.unit_id)).values_list("user_id", flat=True).distinct())
    if not found:
        parent = Unit.objects.filter(pk=employee.unit_id).values_list("parent_id", flat=True).first()
        if parent is not None:
            found = list(people.filter(_deciding_in(parent)).values_list("user_id", flat=True).distinct())
    return found


def _data(item: Any) -> dict[str, Any]:
    day = getattr(item, "start_date", None) or item.date
    return {"what": item._meta.model_name, "name": item.employee.full_name, "date": day.isoformat()}


def waiting(item: Any) -> None:
    """Tell the deciders that `item` (a new pending Arrangement, Correction or Verification) waits for them."""
    users = deciders(item.employee)
    if users:
        deliveries.notify(users, Notification.Kind.WAITING, _data(item), item.page_url())


def decided(item: Any) -> None:
    """Tell the person their `item` was decided (its status and note)."""
    user_id = item.employee.user_id
    if user_id is None:
        return
    data = {**_data(item), "status": item.status, "note": item.decision_note[:300]}
    deliveries.notify([user_id], Notification.Kind.DECIDED, data, item.page_url())
