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
docs/performance.md, "Check-in".

On PostgreSQL these statements are also prepared (`prepared_cursor`): each connection parses and plans them once
and then only executes them, where Django's client-side binding sends their text to be parsed and planned on
every check-in. The three reads go in one round trip (psycopg's pipeline mode).
"""

import datetime as dt
import functools
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper
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

    def rows(self, fetched: list[tuple], db: BaseDatabaseWrapper) -> list:
        """The fetched rows as the ORM gives them: converted, and as dicts for a values() queryset."""
        rows: list = fetched
        if self.converters:
            rows = [list(row) for row in fetched]
            for row in rows:
                for index, functions, expression in self.converters:
                    for function in functions:
                        row[index] = function(row[index], expression, db)
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


def _adapted(value: object, db: BaseDatabaseWrapper = connection) -> object:
    return db.ops.adapt_datefield_value(value) if isinstance(value, dt.date) else value


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


def statements(db: BaseDatabaseWrapper = connection) -> dict[str, Statement]:
    found = _compiled.get(db.vendor)
    if found is None:
        found = _compiled[db.vendor] = _statements()
    return found


@functools.cache
def _prepared_cursor_classes() -> tuple[type, type]:
    """psycopg's server-side binding cursor (Django's own class for it) that prepares every statement it runs, and
    Django's logging cursor for it (settings.DEBUG, the tests' query counts) that logs each statement's text as
    given: a statement executed by name has no text of its own for Django's last_executed_query."""
    # psycopg and the PostgreSQL backend are imported only where they are used.
    from django.db.backends.postgresql.base import (  # type: ignore[attr-defined]  # defined under psycopg 3 only
        CursorDebugWrapper,
        ServerBindingCursor,
    )

    class PreparedCursor(ServerBindingCursor):
        def execute(self, query, params=None, *, prepare=None, binary=None):
            return super().execute(query, params, prepare=True, binary=binary)

    class PreparedDebugWrapper(CursorDebugWrapper):
        def debug_sql(self, sql=None, params=None, use_last_executed_query=False, many=False):
            return super().debug_sql(sql, params, use_last_executed_query=False, many=many)

    return PreparedCursor, PreparedDebugWrapper


def default_db() -> BaseDatabaseWrapper:
    """This thread's connection to the default database, for a caller to look up once: each attribute read
    through `django.db.connection` looks it up again in a thread-local (docs/performance.md, "Check-in")."""
    return connections[DEFAULT_DB_ALIAS]


def prepared_cursor(db: BaseDatabaseWrapper | None = None) -> CursorWrapper:
    """A cursor for the hot path's statements. On PostgreSQL a Django cursor (error wrapping, query logging and
    the tests' query counts as for any other) over a psycopg cursor that prepares each statement on its
    connection the first time and executes it by name afterwards: about 1 ms less of the database's time per
    check-in (docs/performance.md, "Check-in"; psycopg prepares only because config/settings.py gives it a
    prepare_threshold, and Django's own client-side cursors never do). Elsewhere Django's own cursor. Prepared
    statements live with the connection, so a pooler between the app and PostgreSQL must keep a session's
    connection (pgbouncer's session mode, not its transaction mode)."""
    return prepared_cursors(1, db)[0]


def prepared_cursors(count: int, db: BaseDatabaseWrapper | None = None) -> list[CursorWrapper]:
    """`count` cursors as prepared_cursor makes them, the connection checked once for all."""
    if db is None:
        db = default_db()
    if db.vendor != "postgresql":
        return [db.cursor() for _ in range(count)]
    # What connection.cursor() does before creating its cursor (BaseDatabaseWrapper._cursor).
    db.close_if_health_check_failed()
    db.ensure_connection()
    db.validate_thread_sharing()
    cursor_class, debug_class = _prepared_cursor_classes()
    wrapper = debug_class if db.queries_logged else CursorWrapper
    with db.wrap_database_errors:
        return [wrapper(cursor_class(db.connection), db) for _ in range(count)]


def read(person: int, yesterday: dt.date, today: dt.date) -> tuple[list[dict], list[dict], list[CheckIn]]:
    """The person's plan inputs (the rows of `Arrangement.objects.plan_inputs` and
    `PlanEntry.objects.plan_inputs`) and check-ins (in time order, each with its `verification_status`) for
    the two days, as the ORM gives them. On PostgreSQL the three statements go in one round trip (psycopg's
    pipeline: each is sent, then all are answered)."""
    db = default_db()
    found = statements(db)
    order = (found["arrangements"], found["assignments"], found["events"])
    values = {"person": person, "yesterday": _adapted(yesterday, db), "today": _adapted(today, db)}
    cursors = prepared_cursors(len(order), db)
    one_trip = db.connection.pipeline() if db.vendor == "postgresql" else nullcontext()
    try:
        with db.wrap_database_errors, one_trip:
            for cursor, statement in zip(cursors, order, strict=True):
                cursor.execute(statement.sql, statement.params(values))
        results = [statement.rows(cursor.fetchall(), db) for cursor, statement in zip(cursors, order, strict=True)]
    finally:
        for cursor in cursors:
            cursor.close()
    events = []
    for row in results[2]:  # the model's columns, then the with_verification() annotation
        event = CheckIn.from_db(db.alias, (), row[:EVENT_COLUMNS])
        event.verification_status = row[EVENT_COLUMNS]
        events.append(event)
    return results[0], results[1], events


_inserts: dict[str, str] = {}  # by database vendor


def _insert_sql(db: BaseDatabaseWrapper = connection) -> str:
    """CheckIn's INSERT of every field but the id, returning the id where the database can."""
    found = _inserts.get(db.vendor)
    if found is None:
        query = InsertQuery(CheckIn)
        query.insert_values(INSERT_FIELDS, [CheckIn()])
        compiler = query.get_compiler(connection=db)
        if db.features.can_return_columns_from_insert:
            compiler.returning_fields = [CheckIn._meta.pk]
        [(found, _params)] = compiler.as_sql()
        _inserts[db.vendor] = found
    return found


PRESENCE_FIELDS = [f for f in Presence._meta.concrete_fields if not f.primary_key]


def _presence_sql(db: BaseDatabaseWrapper = connection) -> str:
    """attendance.presence's upsert of one person's kept row of the day (as bulk_create(update_conflicts)
    compiles it)."""
    key = f"{db.vendor}:presence"
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
        [(found, _params)] = query.get_compiler(connection=db).as_sql()
        _inserts[key] = found
    return found


def _both_sql(db: BaseDatabaseWrapper = connection) -> str:
    """PostgreSQL: the check-in's insert and the kept row's upsert in one statement (a data-modifying
    WITH), so that both are one atomic round trip; returns the check-in's id."""
    key = f"{db.vendor}:both"
    found = _inserts.get(key)
    if found is None:
        found = _inserts[key] = f"WITH checkin AS ({_insert_sql(db)}) {_presence_sql(db)} RETURNING (SELECT id FROM checkin)"
    return found


def _params(row, fields, db: BaseDatabaseWrapper) -> list:
    return [f.get_db_prep_save(f.pre_save(row, True), db) for f in fields]


def insert(row: CheckIn, presence: Presence | None = None) -> None:
    """One INSERT of `row` with the values `save()` would store (each field's pre_save and
    get_db_prep_save), setting its id. Outside a transaction it is its own (autocommit): a refused insert
    leaves nothing to roll back. Inside one (tests, or a caller's atomic block) it gets a savepoint, so
    that a refusal does not spoil the caller's transaction. No pre_save/post_save signals: nothing listens
    to them for CheckIn (tests/attendance/checkin/test_checkin_integrity.py checks that it stays so).
    `presence`: the person's kept row of the day when the check-in changes it (attendance.presence.kept),
    written in the same transaction: on PostgreSQL in the same statement, elsewhere in a transaction of two."""
    db = default_db()
    params = _params(row, INSERT_FIELDS, db)
    together = presence is not None and db.vendor == "postgresql"
    alone = presence is not None and not together
    with transaction.atomic() if db.in_atomic_block or alone else nullcontext():
        with prepared_cursor(db) as cursor:
            if together:
                cursor.execute(_both_sql(db), [*params, *_params(presence, PRESENCE_FIELDS, db)])
            else:
                cursor.execute(_insert_sql(db), params)
            if db.features.can_return_columns_from_insert:
                row.pk = cursor.fetchone()[0]
            else:
                row.pk = db.ops.last_insert_id(cursor, CheckIn._meta.db_table, CheckIn._meta.pk.column)
            if alone:
                cursor.execute(_presence_sql(db), _params(presence, PRESENCE_FIELDS, db))
    row._state.adding, row._state.db = False, db.alias
