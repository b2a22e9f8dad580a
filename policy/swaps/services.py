"""The rules of a shift swap and its steps: propose, answer (the partner), approve (a head; the rejection is
the workflow's own). The rules read one plan of the unit (policy.plan.building.build_plan) and are checked
again at each step: the plan may have changed since."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from policy import audit
from policy.approvals import notices
from policy.approvals.decision import DecisionError
from policy.models import AuditEvent, ShiftSwap
from policy.plan import assigning, building, day_plan
from policy.plan.forms import MODE_LABELS, shift_label
from units import clock
from units.models import Employee, Notification, Schedule, Shift, Unit
from units.notifications import deliveries


def shift_staff(people: QuerySet) -> QuerySet:
    """Those of `people` who work shifts (their own schedule, or their unit's, is a shift pattern)."""
    shift = Schedule.Kind.SHIFT
    return people.filter(Q(schedule__kind=shift) | Q(schedule__isnull=True, unit__schedule__kind=shift))


@dataclass(frozen=True)
class Proposal:
    """What a swap asks, before or after it is saved: `employee` gives her shift on `date` for the `partner`'s
    on `partner_date`."""

    employee: Employee
    partner: Employee
    date: dt.date
    partner_date: dt.date

    @classmethod
    def of(cls, swap: ShiftSwap) -> "Proposal":
        return cls(swap.employee, swap.partner, swap.date, swap.partner_date)

    @property
    def days(self) -> list[dt.date]:
        return sorted({self.date, self.partner_date})


@dataclass
class Finding:
    """The shifts a proposal swaps (as the plan has them now) and what refuses it, in words."""

    shift: Shift | None = None
    partner_shift: Shift | None = None
    refusals: list[str] | None = None


@dataclass(frozen=True)
class Facts:
    """What the rules read, gathered once for many proposals: the plan of their units' staff over their days,
    the shifts by id and who works shifts."""

    plan: building.Plan
    shifts: dict[int, Shift]
    shift_based: set[int]


def gather(proposals: Iterable[Proposal], *, lock: bool = False) -> Facts:
    """The facts for these proposals in a fixed number of queries (one build_plan for all their units). With
    lock=True the units' rows are locked first (as building.shortfalls_without does), so two approvals in a
    unit are serialised: call it inside transaction.atomic()."""
    proposals = list(proposals)
    units = {p.employee.unit_id for p in proposals} | {p.partner.unit_id for p in proposals}
    if lock:
        list(Unit.objects.select_for_update().filter(pk__in=units).order_by("pk"))
    days = sorted({day for p in proposals for day in p.days})
    staff = Employee.objects.active().filter(unit_id__in=units)
    plan = building.build_plan(staff, days)
    ids = {cell.shift_id for cell in plan.cells.values() if cell.shift_id}
    people = {p.employee.pk for p in proposals} | {p.partner.pk for p in proposals}
    return Facts(
        plan,
        Shift.objects.in_bulk(ids),
        set(shift_staff(Employee.objects.filter(pk__in=people)).values_list("pk", flat=True)),
    )


def day_words(day: dt.date) -> str:
    return date_format(day, "l, j F Y")


def _shift_on(facts: Facts, person: Employee, day: dt.date) -> Shift | None:
    cell = facts.plan.cells.get((person.pk, day))
    return facts.shifts.get(cell.shift_id) if cell is not None and cell.on_site and cell.shift_id else None


def _free(facts: Facts, person: Employee, day: dt.date) -> str:
    """Why the person cannot take a shift that day ("" when they are off shift)."""
    cell = facts.plan.cells.get((person.pk, day))
    if cell is None or cell.mode == day_plan.OFF:
        return ""
    shift = facts.shifts.get(cell.shift_id) if cell.shift_id else None
    return _("%(name)s sudah %(what)s pada %(day)s, jadi tidak dapat mengambil shift lain hari itu.") % {
        "name": person.full_name,
        "what": shift_label(shift) if shift else str(MODE_LABELS[cell.mode]).lower(),
        "day": day_words(day),
    }


def find(facts: Facts, proposal: Proposal, today: dt.date) -> Finding:
    """The shifts of the proposal and what refuses it (no query): both people work shifts in the same unit,
    the days are not past, each gives a shift they hold, each is free on the other's day, and no shift is left
    below its minimum (building.shift_shortfalls)."""
    p = proposal
    refusals: list[str] = []
    if p.partner.pk == p.employee.pk:
        return Finding(refusals=[_("Pilih rekan lain: tukar shift dilakukan dengan rekan.")])
    if p.partner.unit_id != p.employee.unit_id or not p.partner.is_active:
        return Finding(refusals=[_("Tukar shift hanya dengan rekan aktif di unit yang sama.")])
    if not {p.employee.pk, p.partner.pk} <= facts.shift_based:
        return Finding(refusals=[_("Tukar shift hanya untuk pegawai yang bekerja dengan pola shift.")])
    if min(p.days) < today:
        return Finding(refusals=[_("Tanggal shift yang sudah lewat tidak dapat ditukar.")])
    shift, partner_shift = _shift_on(facts, p.employee, p.date), _shift_on(facts, p.partner, p.partner_date)
    for person, day, found in ((p.employee, p.date, shift), (p.partner, p.partner_date, partner_shift)):
        if found is None:
            refusals.append(
                _("%(name)s tidak dijadwalkan shift pada %(day)s: tidak ada shift untuk ditukar.")
                % {"name": person.full_name, "day": day_words(day)}
            )
    if shift is None or partner_shift is None:
        return Finding(shift, partner_shift, refusals)
    if p.date == p.partner_date:
        if shift.pk == partner_shift.pk:
            refusals.append(_("Keduanya bertugas pada shift yang sama hari itu: tidak ada yang ditukar."))
        moves: dict[tuple[int, dt.date], int | None] = {
            (p.employee.pk, p.date): partner_shift.pk,
            (p.partner.pk, p.date): shift.pk,
        }
    else:
        refusals += [r for r in (_free(facts, p.partner, p.date), _free(facts, p.employee, p.partner_date)) if r]
        moves = {
            (p.employee.pk, p.date): None,
            (p.partner.pk, p.date): shift.pk,
            (p.partner.pk, p.partner_date): None,
            (p.employee.pk, p.partner_date): partner_shift.pk,
        }
    if not refusals:
        refusals += short_words(building.shift_shortfalls(facts.plan, moves), facts.shifts)
    return Finding(shift, partner_shift, refusals)


def short_words(found: list[tuple[dt.date, int, day_plan.Shortfall]], shifts: dict[int, Shift]) -> list[str]:
    """"Shift Malam 12 Des tinggal 1 dari minimum 2 tenaga kesehatan", one line per shift and role."""
    roles = dict(Employee.ServiceRole.choices)
    return [
        _("%(shift)s %(day)s tinggal %(planned)s dari minimum %(needed)s %(who)s: tukar shift ini membuatnya kurang.")
        % {
            "shift": shift_label(shifts[shift_id]),
            "day": date_format(day, "j M"),
            "planned": short.planned,
            "needed": short.needed,
            "who": str(roles[short.service_role]).lower() if short.service_role else _("pegawai"),
        }
        for day, shift_id, short in found
    ]


def check(proposal: Proposal, *, lock: bool = False) -> Finding:
    """One proposal's finding, today (gather and find)."""
    return find(gather([proposal], lock=lock), proposal, clock.today())


# --- The steps -----------------------------------------------------------------------------------------------


def _partner_notice(swap: ShiftSwap, user_id: int | None, kind: str, **data: Any) -> None:
    """A notice about the swap to one side of it (the partner asked, the proposer answered, the partner told
    the head's decision); the heads are told through policy.approvals.notices."""
    if user_id is not None:
        base = {"what": "shiftswap_partner", "name": swap.employee.full_name, "date": swap.date.isoformat()}
        deliveries.notify([user_id], kind, {**base, **data}, swap.page_url())


def propose(employee: Employee, actor: Any, data: dict[str, Any], finding: Finding) -> ShiftSwap:
    """Save a proposal the form checked (`finding`, its shifts), record it, tell the partner."""
    assert finding.shift is not None and finding.partner_shift is not None  # a proposal without refusals
    with transaction.atomic():
        swap = ShiftSwap.objects.create(
            employee=employee,
            date=data["date"],
            shift=finding.shift,
            partner=data["partner"],
            partner_date=data["partner_date"],
            partner_shift=finding.partner_shift,
            reason=data.get("reason", ""),
        )
        audit.record(actor, AuditEvent.Action.REQUESTED, note=swap.reason, **swap.trail())
        _partner_notice(swap, swap.partner.user_id, Notification.Kind.WAITING)
    return swap


def _lock(swap: ShiftSwap, status: str) -> ShiftSwap:
    locked = ShiftSwap.objects.select_for_update(of=("self",)).select_related("employee", "partner").get(pk=swap.pk)
    if locked.status != status:
        raise DecisionError(locked.already_decided % {"status": locked.get_status_display().lower()})
    return locked


def answer(swap: ShiftSwap, actor: Any, *, accept: bool, note: str = "") -> None:
    """The partner accepts (the swap then waits for a head: the rules again first) or declines."""
    with transaction.atomic():
        locked = _lock(swap, ShiftSwap.Status.PROPOSED)
        if accept:
            finding = check(Proposal.of(locked))
            if finding.refusals:
                raise DecisionError(" ".join(finding.refusals))
        locked.status = ShiftSwap.Status.PENDING if accept else ShiftSwap.Status.DECLINED
        locked.partner_answered_at = clock.now()
        locked.save(update_fields=["status", "partner_answered_at"])
        action = AuditEvent.Action.SWAP_ACCEPTED if accept else AuditEvent.Action.SWAP_DECLINED
        audit.record(actor, action, note=note, **locked.trail())
        _partner_notice(locked, locked.employee.user_id, Notification.Kind.DECIDED, status=locked.status, note=note[:300])
        if accept:
            notices.waiting(locked)
    swap.refresh_from_db()


def approve(swap: ShiftSwap, actor: Any, *, note: str) -> list[str]:
    """Approve: the rules again with the units locked, then the plan of both people on both days and the
    decision, in one transaction; or the refusals, and nothing changed."""
    with transaction.atomic():
        locked = swap.lock_pending()
        proposal = Proposal.of(locked)
        facts = gather([proposal], lock=True)
        finding = find(facts, proposal, clock.today())
        if not finding.refusals and (finding.shift, finding.partner_shift) != (locked.shift, locked.partner_shift):
            finding.refusals = [_("Rencana shift sudah berubah sejak diusulkan; ajukan tukar shift yang baru.")]
        if finding.refusals:
            return finding.refusals
        _write_plan(locked, facts, actor)
        locked.decide(ShiftSwap.Status.APPROVED, actor, note)
        audit.record(actor, AuditEvent.Action.APPROVED, note=note, **locked.decision_trail())
        tell_partner(locked)
    swap.refresh_from_db()
    return []


def tell_partner(swap: ShiftSwap) -> None:
    """The head's decision, to the partner (the proposer is told by Decision.decide)."""
    _partner_notice(swap, swap.partner.user_id, Notification.Kind.DECIDED, status=swap.status, note=swap.decision_note[:300])


def _write_plan(swap: ShiftSwap, facts: Facts, actor: Any) -> None:
    """Both people's days as the swap has them, written as the plan editor writes a head's assignment."""
    cells = facts.plan.cells
    note = _("Tukar shift disetujui: %(a)s dan %(b)s") % {"a": swap.employee.full_name, "b": swap.partner.full_name}
    changes: list[tuple[Employee, dt.date, Shift | None]]
    if swap.date == swap.partner_date:
        changes = [(swap.employee, swap.date, swap.partner_shift), (swap.partner, swap.date, swap.shift)]
    else:
        changes = [
            (swap.employee, swap.date, None),
            (swap.partner, swap.date, swap.shift),
            (swap.partner, swap.partner_date, None),
            (swap.employee, swap.partner_date, swap.partner_shift),
        ]
    for person, day, shift in changes:
        assigning.assign(
            actor,
            person,
            day,
            day_plan.ONSITE if shift else None,
            shift,
            previous=cells[(person.pk, day)],
            note=f"{day_words(day)}: {shift_label(shift) if shift else MODE_LABELS[day_plan.OFF]} ({note})",
            swap=str(swap.code),
        )
