"""Model instances from rows of written-out SQL, for the one query every signed-in request makes
(units.auth.user_with_employee): there the ORM's work to build and compile a query costs more than the
database (docs/performance.md, "Signing in and every request").

`columns(Model, alias)` lists a model's concrete columns for a SELECT; `build(Model, row)` turns the
matching slice of a row into an instance exactly as the ORM would (`Model.from_db`), after the same
database converters (SQLite's booleans, dates, decimals and UUIDs; none on PostgreSQL, whose driver
returns Python's types). Written SQL must keep to the columns listed here, in this order.
"""

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Model

M = TypeVar("M", bound=Model)
Converters = list[tuple[int, Any, list[Callable[..., Any]]]]
_KEPT = "_hadir_row_converters"


def columns(model: type[Model], alias: str) -> str:
    """`alias.col1, alias.col2, …` for the model's concrete fields, in their order."""
    return ", ".join(f"{alias}.{connection.ops.quote_name(f.column)}" for f in model._meta.concrete_fields)


def _converters(model: type[Model]) -> Converters:
    """(index, column, functions) of the fields whose values the database backend converts; kept on the
    connection (the backend decides them)."""
    # The thread's own connection, not the proxy.
    kept: dict[type[Model], Converters] | None = getattr(connection, _KEPT, None)
    if kept is None:
        kept = {}
        setattr(connection, _KEPT, kept)
    found = kept.get(model)
    if found is None:
        found = []
        for index, field in enumerate(model._meta.concrete_fields):
            column = field.get_col(model._meta.db_table)
            functions = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
            if functions:
                found.append((index, column, functions))
        kept[model] = found
    return found


def build(model: type[M], values: Sequence[Any]) -> M:
    """The instance for `values` (the model's concrete columns, in order), as the ORM loads it."""
    converters = _converters(model)
    if converters:
        values = list(values)
        for index, column, functions in converters:
            for function in functions:
                values[index] = function(values[index], column, connection)
    return model.from_db(connection.alias, (), values)  # field_names: read only for a partial row


def width(model: type[Model]) -> int:
    return len(model._meta.concrete_fields)
