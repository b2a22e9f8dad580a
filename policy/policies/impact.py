"""Impact preview: what a draft policy (or a new version) would change over the next two weeks.

The plan of every active staff member is built twice, without and with the draft (services.build_plan,
a fixed number of queries each), and compared cell by cell. Per unit and working day we count who is
planned on site against the minimum. A frontline unit that the draft takes below its minimum (or
further below it) blocks activation unless a city admin gives a written reason; a unit that was
already short before the draft is shown, but does not block.
"""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from policy.models import Policy
from policy.plan import building, day_plan
from units.models import Employee, Unit

HORIZON_DAYS = 14


@dataclass
class UnitDay:
    day: dt.date
    working: bool  # someone in the unit works that day (schedule, holidays, shifts)
    before: Counter  # on site per service role, without the draft
    after: Counter  # on site per service role, with the draft
    needed: dict[str, int]  # minimum per service role ("" = all staff), with the draft
    short: list[day_plan.Shortfall]  # with the draft
    short_before: list[day_plan.Shortfall]

    @property
    def worse(self) -> bool:
        """The draft causes a shortfall here, or deepens one."""
        before = {s.service_role: s.missing for s in self.short_before}
        return any(s.missing > before.get(s.service_role, 0) for s in self.short)


@dataclass
class UnitImpact:
    unit: Unit
    staff: int
    changed_staff: int
    days: list[UnitDay]
    minimum_changed: bool = False

    @property
    def working_days(self) -> list[UnitDay]:
        return [d for d in self.days if d.working]

    @property
    def has_minimum(self) -> bool:
        return any(d.needed for d in self.working_days)

    @property
    def short(self) -> bool:
        return any(d.short for d in self.working_days)

    @property
    def worse(self) -> bool:
        return any(d.worse for d in self.working_days)

    @property
    def blocking(self) -> bool:
        return self.unit.is_frontline and self.worse

    @property
    def changed(self) -> bool:
        return bool(self.changed_staff) or self.minimum_changed

    @property
    def fewest_on_site(self) -> int | None:
        counts = [sum(d.after.values()) for d in self.working_days]
        return min(counts) if counts else None

    def minimum_words(self) -> str:
        """The largest minimum per role over the days, e.g. '3 petugas layanan, 6 orang'."""
        largest: dict[str, int] = {}
        for d in self.working_days:
            for role, count in d.needed.items():
                largest[role] = max(largest.get(role, 0), count)
        labels = dict(Employee.ServiceRole.choices)
        return ", ".join(
            _("%(n)s orang") % {"n": n}
            if not role
            else f"{n} {str(labels.get(role, role)).lower()}"
            for role, n in sorted(largest.items(), key=lambda item: (item[0] == "", item[0]))
        )

    def rows(self) -> list[tuple[str, list["Cell"]]]:
        """The table for this unit: one row per measure, one cell per working day."""
        days = self.working_days
        roles = sorted({role for d in days for role in d.needed}, key=lambda r: (r != "", r))
        labels = dict(Employee.ServiceRole.choices)
        rows = [
            (_("Di kantor tanpa draf"), [Cell(str(sum(d.before.values()))) for d in days]),
            (_("Di kantor bila draf berlaku"), [Cell(str(sum(d.after.values()))) for d in days]),
        ]
        for role in roles:
            if role:
                name = labels.get(role, role)
                rows.append(
                    (
                        _("%(role)s di kantor bila draf berlaku") % {"role": name},
                        [Cell(str(d.after.get(role, 0))) for d in days],
                    )
                )
                rows.append(
                    (
                        _("Minimal %(role)s") % {"role": name},
                        [Cell(str(d.needed.get(role, "–"))) for d in days],
                    )
                )
            else:
                rows.append(
                    (_("Minimal di kantor"), [Cell(str(d.needed.get("", "–"))) for d in days])
                )
        rows.append((_("Keterangan"), [status_cell(d, labels) for d in days]))
        return rows


@dataclass
class Cell:
    text: str
    short: bool = False
    note: str = ""


def status_cell(day: UnitDay, labels) -> Cell:
    if not day.needed:
        return Cell(_("tanpa minimum"))
    if not day.short:
        return Cell(_("Cukup"))
    parts = []
    for s in day.short:
        if s.service_role:
            who = str(labels.get(s.service_role, s.service_role)).lower()
            parts.append(_("Kurang %(n)s %(who)s") % {"n": s.missing, "who": who})
        else:
            parts.append(_("Kurang %(n)s") % {"n": s.missing})
    note = _("akibat draf ini") if day.worse else _("sudah kurang sebelum draf ini")
    return Cell("; ".join(parts), short=True, note=note)


@dataclass
class Impact:
    policy: Policy
    days: list[dt.date]
    staff_total: int
    changed_staff: int
    changed_units: int
    rule_changed_staff: int
    rule_changed_units: int
    units: list[UnitImpact] = field(default_factory=list)  # affected, or frontline with a minimum

    @property
    def start(self) -> dt.date:
        return self.days[0]

    @property
    def end(self) -> dt.date:
        return self.days[-1]

    @property
    def blocking_units(self) -> list[UnitImpact]:
        return [u for u in self.units if u.blocking]

    @property
    def short_units(self) -> list[UnitImpact]:
        return [u for u in self.units if u.short]

    @property
    def already_short_units(self) -> list[UnitImpact]:
        return [u for u in self.units if u.short and not u.worse]

    @property
    def detailed(self) -> list[UnitImpact]:
        """Shown as a table, open: units the draft takes (further) below their minimum."""
        return [u for u in self.units if u.worse]

    @property
    def changed_only(self) -> list[UnitImpact]:
        """Shown as a table, folded: units whose plan or minimum changes without a new shortfall."""
        return [u for u in self.units if u.changed and not u.worse]

    @property
    def unchanged(self) -> list[UnitImpact]:
        """Summarised in one table: frontline units with a minimum that the draft leaves as they are."""
        return [u for u in self.units if not u.changed and not u.worse]


def horizon(policy: Policy, today: dt.date) -> list[dt.date]:
    start = max(today, policy.effective_from)
    return [start + dt.timedelta(days=i) for i in range(HORIZON_DAYS)]


def preview(policy: Policy, today: dt.date) -> Impact:
    """The impact of activating `policy` (a draft), over the 14 days from max(today, its start).

    A fixed number of queries (about 35) whatever the number of staff: two bulk plans and the staff.
    """
    days = horizon(policy, today)
    staff = list(
        Employee.objects.active().select_related("unit").order_by("unit__tree_path", "full_name")
    )
    before = building.build_plan(staff, days)
    after = building.build_plan(staff, days, with_draft=policy)

    by_unit: dict[int, list[Employee]] = defaultdict(list)
    for employee in staff:
        by_unit[employee.unit_id].append(employee)

    changed, rule_changed = set(), set()
    counts_before: dict[tuple[int, dt.date], Counter] = defaultdict(Counter)
    counts_after: dict[tuple[int, dt.date], Counter] = defaultdict(Counter)
    working: set[tuple[int, dt.date]] = set()
    for employee in staff:
        for day in days:
            old, new = before.cells[(employee.pk, day)], after.cells[(employee.pk, day)]
            key = (employee.unit_id, day)
            if old.mode != new.mode:
                changed.add(employee)
            if _rule(old) != _rule(new):
                rule_changed.add(employee)
            if new.mode != day_plan.LIBUR or old.mode != day_plan.LIBUR:
                working.add(key)
            if old.on_site:
                counts_before[key][employee.service_role] += 1
            if new.on_site:
                counts_after[key][employee.service_role] += 1

    changed_by_unit = Counter(e.unit_id for e in changed)
    units = []
    for unit_id, members in by_unit.items():
        unit = members[0].unit
        unit_days = []
        minimum_changed = False
        for day in days:
            key = (unit_id, day)
            needed = after.minimums.get(key, {})
            needed_before = before.minimums.get(key, {})
            is_working = key in working
            if is_working and needed != needed_before:
                minimum_changed = True
            unit_days.append(
                UnitDay(
                    day=day,
                    working=is_working,
                    before=counts_before[key],
                    after=counts_after[key],
                    needed=needed if is_working else {},
                    short=day_plan.shortfalls(needed, counts_after[key]) if is_working else [],
                    short_before=day_plan.shortfalls(needed_before, counts_before[key])
                    if is_working
                    else [],
                )
            )
        item = UnitImpact(unit, len(members), changed_by_unit[unit_id], unit_days, minimum_changed)
        if item.changed or item.worse or (unit.is_frontline and item.has_minimum):
            units.append(item)
    units.sort(
        key=lambda u: (not u.blocking, not u.worse, not u.short, not u.changed, u.unit.tree_path)
    )
    return Impact(
        policy=policy,
        days=days,
        staff_total=len(staff),
        changed_staff=len(changed),
        changed_units=len(changed_by_unit),
        rule_changed_staff=len(rule_changed),
        rule_changed_units=len({e.unit_id for e in rule_changed}),
        units=units,
    )


def _rule(cell: day_plan.PlannedDay):
    """What the policies require of the person that day (None on days off)."""
    if cell.mode == day_plan.LIBUR or cell.resolution is None:
        return None
    return cell.resolution.rule, cell.resolution.wfh_days_per_week
