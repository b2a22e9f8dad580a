"""Appointing a deputy: who may be one, and the one service that records it."""

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from units import clock
from units.models import Deputy, Employee, EmployeeQuerySet, Unit


class DeputyError(Exception):
    """A deputy cannot be appointed; the message says why, in Bahasa Indonesia."""


def head_of(unit: Unit) -> Employee | None:
    """The unit's head (its active employee with the head's role), or None when the post is vacant."""
    return Employee.objects.active().filter(unit=unit, role=Employee.Role.HEAD).order_by("pk").first()


def candidates(unit: Unit, head: Employee | None) -> EmployeeQuerySet:
    """Who may be named: active staff of the unit or of its parent with an account, never the head."""
    people = Employee.objects.active().filter(
        unit_id__in=[u for u in (unit.pk, unit.parent_id) if u is not None], user__isnull=False
    )
    if head is not None:
        people = people.exclude(pk=head.pk)
    return people.select_related("unit").order_by("unit__tree_path", "full_name")


def overlap_refusal(unit: Unit, start: dt.date, end: dt.date) -> str:
    """Why this range cannot be used for the unit (it overlaps another deputy's), or ""."""
    other = Deputy.objects.overlapping(unit, start, end).select_related("deputy").first()
    if other is None:
        return ""
    return _(
        "Sudah ada %(kind)s %(name)s untuk unit ini pada %(start)s–%(end)s; rentang tanggal tidak boleh tumpang tindih."
    ) % {
        "kind": other.get_kind_display(),
        "name": other.deputy.full_name,
        "start": date_format(other.start_date, "j F Y"),
        "end": date_format(other.end_date, "j F Y"),
    }


def appoint(unit: Unit, head: Employee | None, actor: User, data: dict) -> Deputy:
    """Record a deputy; the overlap is checked again with the unit's row locked, so two appointments at once
    cannot both pass."""
    with transaction.atomic():
        Unit.objects.select_for_update().filter(pk=unit.pk).first()
        problem = overlap_refusal(unit, data["start_date"], data["end_date"])
        if problem:
            raise DeputyError(problem)
        return Deputy.objects.create(
            unit=unit,
            head=head,
            deputy=data["deputy"],
            kind=data["kind"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            reason=data["reason"],
            appointed_by=actor,
            created_at=clock.now(),
        )
