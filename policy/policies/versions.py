"""The life of a policy version: draft → active → superseded or revoked. Each step past the draft
writes the audit trail. Callers hold the rows locked (select_for_update inside transaction.atomic)."""

import datetime as dt

from django.db.models import Max
from django.utils.translation import gettext as _

from policy import audit
from policy.models import AuditEvent, Policy, PolicyUnit, StaffingMinimum
from policy.policies import wording
from units.models import Holiday

ONE_DAY = dt.timedelta(days=1)


def next_working_day(day: dt.date) -> dt.date:
    """The next Monday–Friday after `day` that is not a holiday (one query)."""
    holidays = set(
        Holiday.objects.filter(date__range=(day, day + dt.timedelta(days=40))).values_list(
            "date", flat=True
        )
    )
    day += ONE_DAY
    while day.weekday() >= 5 or day in holidays:
        day += ONE_DAY
    return day


def new_version(old: Policy, user, today: dt.date) -> Policy:
    """A draft copy of an active version (scope, units, employees, minimums) that will supersede it,
    starting on the next working day."""
    start = max(next_working_day(today), old.effective_from)
    until = old.effective_until if old.effective_until and old.effective_until >= start else None
    latest = Policy.objects.filter(lineage=old.lineage).aggregate(v=Max("version"))["v"]
    copied = (
        "title legal_basis_type legal_basis_number decided_by rule wfh_days_per_week cap_override_reason reason "
        "scope_city "
        "scope_unit_kinds scope_frontline scope_service_roles scope_position_categories"
    ).split()
    draft = Policy.objects.create(
        **{name: getattr(old, name) for name in copied},
        lineage=old.lineage,
        version=latest + 1,
        supersedes=old,
        status=Policy.Status.DRAFT,
        decided_on=today,
        effective_from=start,
        effective_until=until,
        created_by=user,
    )
    PolicyUnit.objects.bulk_create(
        PolicyUnit(policy=draft, unit_id=s.unit_id, include_sub_units=s.include_sub_units)
        for s in old.scope_units.all()
    )
    draft.scope_employees.set(old.scope_employees.all())
    StaffingMinimum.objects.bulk_create(
        StaffingMinimum(
            policy=draft,
            unit_id=m.unit_id,
            unit_kind=m.unit_kind,
            service_role=m.service_role,
            min_count=m.min_count,
            min_percent=m.min_percent,
        )
        for m in old.minimums.all()
    )
    return draft


def revoke(policy: Policy, user, revoked_on: dt.date, reason: str) -> None:
    """Stop an active policy from `revoked_on`: it ends the day before, when that is within its dates."""
    last_day = revoked_on - ONE_DAY
    if last_day < policy.effective_from:
        policy.withdrawn = True
    elif policy.effective_until is None or last_day < policy.effective_until:
        policy.effective_until = last_day
    policy.status = Policy.Status.REVOKED
    policy.save(update_fields=["status", "effective_until", "withdrawn"])
    audit.record(
        user,
        AuditEvent.Action.POLICY_REVOKED,
        policy=policy,
        note=reason,
        revoked_on=revoked_on.isoformat(),
    )


def activate(policy: Policy, old: Policy | None, user, *, override: str = "", **facts) -> None:
    """Make a draft active. The version it supersedes (`old`, if still active) ends the day before the
    new one starts, or simply stops when the new one starts on or before its own start."""
    if old is not None and old.status == Policy.Status.ACTIVE:
        last_day = policy.effective_from - ONE_DAY
        if policy.effective_from <= old.effective_from:
            old.withdrawn = True
        elif old.effective_until is None or last_day < old.effective_until:
            old.effective_until = last_day
        old.status = Policy.Status.SUPERSEDED
        old.save(update_fields=["status", "effective_until", "withdrawn"])
        audit.record(
            user,
            AuditEvent.Action.POLICY_SUPERSEDED,
            policy=old,
            note=_("Digantikan versi %(v)s yang berlaku mulai %(day)s.")
            % {"v": policy.version, "day": wording.day(policy.effective_from)},
            superseded_by=str(policy.code),
        )
    policy.status = Policy.Status.ACTIVE
    policy.save(update_fields=["status"])
    audit.record(
        user,
        AuditEvent.Action.POLICY_ACTIVATED,
        policy=policy,
        note=override,
        override=bool(override),
        **facts,
    )
