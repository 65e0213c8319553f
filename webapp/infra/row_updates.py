"""A write's updates as one fixed statement per kind of change, run once for all the rows it applies to.

The ORM's flush builds a statement for each changed object from the columns that changed,
and costs more than the row itself; a write that has worked out its rows' new values sends
them with a statement compiled once.
"""
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Table, Update, bindparam, update
from sqlalchemy.orm.attributes import set_committed_value


def update_by_id(table: Table, names: Iterable[str]) -> Update:
    """UPDATE table SET name = :new_name, ... WHERE id = :row_id (a parameter may not share its column's name)."""
    return update(table).where(table.c.id == bindparam("row_id")).values({name: bindparam(f"new_{name}") for name in names})


def update_parameters(row_id: Any, values: Mapping[str, Any]) -> dict[str, Any]:
    """One row's parameters for an update_by_id statement."""
    return {"row_id": row_id, **{f"new_{name}": value for name, value in values.items()}}


def as_written(instance: object, values: Mapping[str, Any]) -> None:
    """Give the session's copy of a row the values a statement wrote, as if read back: not marked changed,
    which would cost a flush with nothing left to write."""
    for name, value in values.items():
        set_committed_value(instance, name, value)
