"""Which work mode a policy requires of a person on a date, and why: the pure core of Hadir.

Precedence (written for people in templates/policy/help.html, tested as a table in
tests/policy/test_resolution.py):

1. Only active versions whose dates cover the day, and whose scope covers the person, apply.
2. The most specific scope wins: a named employee (4) > a specific unit (3) > a kind of unit, frontline or
   non-frontline units, a service role or a position category (2) > the whole city (1).
3. Between equally specific policies the latest decision wins (decision date, then the later version).

No ORM here: policy.plan.building gathers the facts in bulk and calls these functions.
"""

import datetime as dt
from dataclasses import dataclass, field

WFO_REQUIRED = "wfo_required"
WFH_ALLOWED = "wfh_allowed"
WFH_REQUIRED = "wfh_required"

LEVEL_CITY = 1
LEVEL_GROUP = 2
LEVEL_UNIT = 3
LEVEL_EMPLOYEE = 4

FRONTLINE_ANY = ""
FRONTLINE_ONLY = "only"
FRONTLINE_EXCLUDED = "exclude"


@dataclass(frozen=True)
class Person:
    id: int
    unit_id: int
    unit_path: tuple[int, ...]  # the unit and its ancestors, ids from the root down to the unit
    unit_kind: str
    frontline: bool
    service_role: str
    position_category: str


@dataclass(frozen=True)
class PolicyFacts:
    id: int
    title: str
    legal_basis: str  # e.g. "SE Wali Kota No. 800/123/2026"
    decided_on: dt.date
    effective_from: dt.date
    effective_until: dt.date | None
    rule: str
    wfh_days_per_week: int = 0
    version: int = 1
    cap_overridden: bool = False  # an admin allowed more than PermenPANRB 4/2025's cap, with a written reason
    city: bool = False
    unit_kinds: frozenset[str] = frozenset()
    units: frozenset[int] = frozenset()  # units covered exactly
    unit_trees: frozenset[int] = frozenset()  # units covered with everything below them
    frontline: str = FRONTLINE_ANY
    service_roles: frozenset[str] = frozenset()
    position_categories: frozenset[str] = frozenset()
    employees: frozenset[int] = frozenset()

    def in_force(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_until is None or day <= self.effective_until)

    def level_for(self, person: Person) -> int | None:
        """How specifically this policy's scope names the person; None when it does not cover them.

        Named employees are always covered. Otherwise the organisational part (city, unit kinds, units)
        must cover the person's unit, and every filter given (frontline, service roles, position
        categories) must match.
        """
        if person.id in self.employees:
            return LEVEL_EMPLOYEE
        if person.unit_id in self.units or self.unit_trees.intersection(person.unit_path):
            level = LEVEL_UNIT
        elif person.unit_kind in self.unit_kinds:
            level = LEVEL_GROUP
        elif self.city:
            level = LEVEL_CITY
        else:
            return None
        if self.frontline == FRONTLINE_ONLY and not person.frontline:
            return None
        if self.frontline == FRONTLINE_EXCLUDED and person.frontline:
            return None
        if self.service_roles and person.service_role not in self.service_roles:
            return None
        if self.position_categories and person.position_category not in self.position_categories:
            return None
        filtered = self.frontline != FRONTLINE_ANY or self.service_roles or self.position_categories
        return max(level, LEVEL_GROUP) if filtered else level


@dataclass(frozen=True)
class Resolution:
    """The required mode for one person on one day, the policy that decided it and those that lost."""

    rule: str
    decided_by: PolicyFacts | None
    level: int = 0
    overruled: tuple[PolicyFacts, ...] = field(default_factory=tuple)

    @property
    def wfh_days_per_week(self) -> int:
        if self.rule != WFH_ALLOWED or self.decided_by is None:
            return 0
        return self.decided_by.wfh_days_per_week


# With no policy at all, staff work on site: the Perpres 21/2023 default.
DEFAULT = Resolution(WFO_REQUIRED, None)


def _rank(policy: PolicyFacts, level: int):
    return (level, policy.decided_on, policy.version, policy.id)


def resolve(person: Person, day: dt.date, policies: list[PolicyFacts]) -> Resolution:
    """The mode required of `person` on `day` under `policies` (any order; inactive ones excluded by the caller)."""
    applicable = []
    for policy in policies:
        if not policy.in_force(day):
            continue
        level = policy.level_for(person)
        if level is not None:
            applicable.append((_rank(policy, level), policy))
    if not applicable:
        return DEFAULT
    applicable.sort(key=lambda pair: pair[0], reverse=True)
    (level, *_), winner = applicable[0]
    return Resolution(winner.rule, winner, level, tuple(p for _, p in applicable[1:]))
