"""The check-in's SQL: the ORM's own statements, compiled once per process and run with new values.

On the hot path (attendance.checkin.recording) building and compiling a QuerySet costs more than the
database takes to answer it, so the check-in's three statements are compiled once, at first use, from
the querysets that state them, and their SQL text is kept:

- the person's plan inputs for yesterday and today: `Arrangement.objects.plan_inputs` and
  `PlanEntry.objects.plan_inputs` (policy/models.py), the same queryset methods `build_plan` runs for
  many people, so the rule of what the plan reads exists once (a DL's activity site, where the day's
  check-ins are fenced, comes with them);
- the person's check-ins of the two days, in time order, with their verification (`CheckIn.objects.with_verification`);
- the insert of a check-in, as `Model.save(force_insert=True)` compiles it.

It replaces the written-out INPUTS_SQL, EVENTS_SQL and INSERT_SQL that recording.py held (issue 6) and the
ORM calls they stood for (a QuerySet built and compiled on every check-in); why and the measurements:
docs/performance.md, "Check-in". The reads go to PostgreSQL in one round trip (`read`).
"""

import datetime as dt
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.constants import OnConflict
from django.db.models.sql import InsertQuery

from attendance.models import CheckIn, Presence
from attendance.presence.kept import UPDATED as presence_updated
from policy.models import Arrangement, PlanEntry

# Stand-ins the querysets are compiled with, found again among the compiled parameters: each marks the
# place of a value given at run time (no real person or day has them).
PERSON, YESTERDAY, TODAY = -917_531, dt.date(1901, 2, 3), dt.date(1902, 3, 4)
INSERT_FIELDS = [f for f in CheckIn._meta.concrete_fields if not f.primary_key]
EVENT_COLUMNS = len(CheckIn._meta.concrete_fields)


@dataclass(frozen=True)
class Statement:
    """A compiled QuerySet: its SQL, and for each parameter the name of the value given at run time or
    the constant it was compiled with; `names`: the keys of a values() row (empty for model rows)."""

    sql: str
    slots: tuple[tuple[str | None, object], ...]
    names: tuple[str, ...]
    converters: tuple[tuple[int, tuple[Callable, ...], object], ...]  # the backend's, as the ORM applies them

    def params(self, values: dict) -> list:
        return [values[name] if name else constant for name, constant in self.slots]

    def rows(self, fetched: list[tuple]) -> list:
        """The fetched rows as the ORM gives them: converted, and as dicts for a values() queryset."""
        rows: list = fetched
        if self.converters:
            rows = [list(row) for row in fetched]
            for row in rows:
                for index, functions, expression in self.converters:
                    for function in functions:
                        row[index] = function(row[index], expression, connection)
        if self.names:
            return [dict(zip(self.names, row, strict=True)) for row in rows]
        return rows


def _compile(queryset: QuerySet, stand_ins: dict[str, object]) -> Statement:
    compiler = queryset.query.get_compiler(connection=connection)
    sql, params = compiler.as_sql()
    names = {}
    for name, value in stand_ins.items():
        names[value] = names[_adapted(value)] = name
    slots = tuple((names.get(p), None if p in names else p) for p in params)
    if {name for name, _constant in slots if name} != set(stand_ins):
        raise RuntimeError(f"A stand-in value is missing from the compiled SQL: {sql}")
    selected = [column for column, _sql, _alias in compiler.select[: compiler.col_count]]
    converters = tuple(
        (index, tuple(functions), expression)
        for index, (functions, expression) in compiler.get_converters(selected).items()
    )
    return Statement(sql, slots, tuple(queryset.query.values_select), converters)


def _adapted(value: object) -> object:
    return connection.ops.adapt_datefield_value(value) if isinstance(value, dt.date) else value


def _statements() -> dict[str, Statement]:
    days = {"person": PERSON, "yesterday": YESTERDAY, "today": TODAY}
    events = CheckIn.objects.with_verification().filter(employee_id=PERSON, date__in=[YESTERDAY, TODAY])
    events = events.order_by("at", "id")
    return {
        "arrangements": _compile(Arrangement.objects.plan_inputs([PERSON], YESTERDAY, TODAY), days),
        "assignments": _compile(PlanEntry.objects.plan_inputs([PERSON], YESTERDAY, TODAY), days),
        # The days listed rather than a range: on the (date, employee) index PostgreSQL then looks up two
        # keys instead of reading through every check-in of both days.
        "events": _compile(events, days),
    }


_compiled: dict[str, dict[str, Statement]] = {}  # by database vendor


def statements() -> dict[str, Statement]:
    found = _compiled.get(connection.vendor)
    if found is None:
        found = _compiled[connection.vendor] = _statements()
    return found


def _one_trip() -> bool:
    """Whether the reads go in one round trip: PostgreSQL with Django's client-side parameter binding
    (psycopg's ClientCursor runs several statements in one execute); elsewhere they are one each."""
    client_side = not connection.settings_dict["OPTIONS"].get("server_side_binding")
    return connection.vendor == "postgresql" and client_side


def read(person: int, yesterday: dt.date, today: dt.date) -> tuple[list[dict], list[dict], list[CheckIn]]:
    """The person's plan inputs (the rows of `Arrangement.objects.plan_inputs` and
    `PlanEntry.objects.plan_inputs`) and check-ins (in time order, each with its `verification_status`) for
    the two days, as the ORM gives them."""
    found = statements()
    order = (found["arrangements"], found["assignments"], found["events"])
    values = {"person": person, "yesterday": _adapted(yesterday), "today": _adapted(today)}
    results = []
    with connection.cursor() as cursor:
        if _one_trip():
            cursor.execute(";\n".join(s.sql for s in order), [p for s in order for p in s.params(values)])
            for statement in order:
                results.append(statement.rows(cursor.fetchall()))
                cursor.nextset()
        else:
            for statement in order:
                cursor.execute(statement.sql, statement.params(values))
                results.append(statement.rows(cursor.fetchall()))
    events = []
    for row in results[2]:  # the model's columns, then the with_verification() annotation
        event = CheckIn.from_db(connection.alias, (), row[:EVENT_COLUMNS])
        event.verification_status = row[EVENT_COLUMNS]
        events.append(event)
    return results[0], results[1], events


_inserts: dict[str, str] = {}  # by database vendor


def _insert_sql() -> str:
    """CheckIn's INSERT of every field but the id, returning the id where the database can."""
    found = _inserts.get(connection.vendor)
    if found is None:
        query = InsertQuery(CheckIn)
        query.insert_values(INSERT_FIELDS, [CheckIn()])
        compiler = query.get_compiler(connection=connection)
        if connection.features.can_return_columns_from_insert:
            compiler.returning_fields = [CheckIn._meta.pk]
        [(found, _params)] = compiler.as_sql()
        _inserts[connection.vendor] = found
    return found


PRESENCE_FIELDS = [f for f in Presence._meta.concrete_fields if not f.primary_key]


def _presence_sql() -> str:
    """attendance.presence's upsert of one person's kept row of the day (as bulk_create(update_conflicts)
    compiles it)."""
    key = f"{connection.vendor}:presence"
    found = _inserts.get(key)
    if found is None:
        fields = Presence._meta
        query = InsertQuery(
            Presence,
            on_conflict=OnConflict.UPDATE,
            update_fields=[fields.get_field(name) for name in presence_updated],
            unique_fields=[fields.get_field("employee"), fields.get_field("date")],
        )
        query.insert_values(PRESENCE_FIELDS, [Presence()])
        [(found, _params)] = query.get_compiler(connection=connection).as_sql()
        _inserts[key] = found
    return found


def _both_sql() -> str:
    """PostgreSQL: the check-in's insert and the kept row's upsert in one statement (a data-modifying
    WITH), so that both are one atomic round trip; returns the check-in's id."""
    key = f"{connection.vendor}:both"
    found = _inserts.get(key)
    if found is None:
        found = _inserts[key] = f"WITH checkin AS ({_insert_sql()}) {_presence_sql()} RETURNING (SELECT id FROM checkin)"
    return found


def _params(row, fields) -> list:
    return [f.get_db_prep_save(f.pre_save(row, True), connection) for f in fields]


def insert(row: CheckIn, presence: Presence | None = None) -> None:
    """One INSERT of `row` with the values `save()` would store (each field's pre_save and
    get_db_prep_save), setting its id. Outside a transaction it is its own (autocommit): a refused insert
    leaves nothing to roll back. Inside one (tests, or a caller's atomic block) it gets a savepoint, so
    that a refusal does not spoil the caller's transaction. No pre_save/post_save signals: nothing listens
    to them for CheckIn (tests/attendance/checkin/test_checkin_integrity.py checks that it stays so).
    `presence`: the person's kept row of the day when the check-in changes it (attendance.presence.kept),
    written in the same transaction: on PostgreSQL in the same statement, elsewhere in a transaction of two."""
    params = _params(row, INSERT_FIELDS)
    together = presence is not None and connection.vendor == "postgresql"
    alone = presence is not None and not together
    with transaction.atomic() if connection.in_atomic_block or alone else nullcontext():
        with connection.cursor() as cursor:
            if together:
                cursor.execute(_both_sql(), [*params, *_params(presence, PRESENCE_FIELDS)])
            else:
                cursor.execute(_insert_sql(), params)
            if connection.features.can_return_columns_from_insert:
                row.pk = cursor.fetchone()[0]
            else:
                row.pk = connection.ops.last_insert_id(cursor, CheckIn._meta.db_table, CheckIn._meta.pk.column)
            if alone:
                cursor.execute(_presence_sql(), _params(presence, PRESENCE_FIELDS))
    row._state.adding, row._state.db = False, connection.alias
