"""Versioned schemas: each store declares its ordered steps, one runner applies them.

A store's `Schema` names the store (in Swedish, as messages name it) and
lists its steps, oldest first; the schema version is how many have run.
In SQLite the version is the file's PRAGMA user_version: `migrate` applies
the missing steps in one transaction (BEGIN IMMEDIATE, so two processes
opening the file at once apply each step once) that also sets the new
version. A file newer than the program is refused with a Swedish message
that names the store, before anything is written. PostgreSQL keeps the
same shape (storage/pgdb.py: `migrate`, versions recorded in
`schema_version`).

Modelled on simonw/llm's llm/migrations.py.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from ..errors import AssistantError


@dataclass(frozen=True)
class Step:
    description: str
    sql: str


@dataclass(frozen=True)
class Schema:
    """The ordered steps of one store; `name` is the store in a Swedish
    sentence ("Granskningsloggen", "Databasen")."""

    name: str
    steps: tuple[Step, ...]

    @property
    def version(self) -> int:
        return len(self.steps)


def too_new(schema: Schema, found: int, where: str = "") -> AssistantError:
    place = f" ({where})" if where else ""
    return AssistantError(
        f"{schema.name}{place} har schemaversion {found}, nyare än programmet "
        f"({schema.version}). Uppdatera programmet.")


def statements(sql: str) -> list[str]:
    """The statements of a script, split where SQLite says one is complete
    (a trigger's body holds semicolons of its own)."""
    out, buffer = [], ""
    for piece in sql.split(";"):
        buffer += piece + ";"
        if sqlite3.complete_statement(buffer):
            if buffer.strip(" \t\n;"):
                out.append(buffer.strip())
            buffer = ""
    if buffer.strip(" \t\n;"):
        raise ValueError(f"incomplete SQL statement: {buffer[:60]!r}")
    return out


def user_version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: sqlite3.Connection, schema: Schema, where: str = "") -> int:
    """Bring the SQLite file of `db` (opened with isolation_level=None) up to
    `schema`; returns its version. Raises AssistantError, naming the store
    (and `where`, its file), for a file newer than the program."""
    version = user_version(db)
    if version > schema.version:
        raise too_new(schema, version, where)
    if version == schema.version:
        return version
    db.execute("BEGIN IMMEDIATE")
    try:
        version = user_version(db)  # another process may have migrated meanwhile
        if version > schema.version:
            raise too_new(schema, version, where)
        for number, step in enumerate(schema.steps[version:], version + 1):
            for statement in statements(step.sql):
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {number}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return schema.version
