"""The audit log: who changed or read people's data, when and from where.

Append-only in a SQLite file (ASSISTANT_AUDIT_DB): triggers refuse any
UPDATE, and any DELETE of a row younger than a day, so only the retention
purge (retention.py) removes rows, and only old ones. The schema's history
is its `SCHEMA` (storage/migrations.py). Under ASSISTANT_DATABASE_URL the
log is a table in the shared database (pgaudit.py), append-only there too.

A row: time (UTC), actor (user name or "anonym"/"system"/the OS user for
the CLI), role, via (proxy, token, anonymous, cli, system), address (as the
ASSISTANT_CLIENT_ADDRESS setting keeps it), action ("feedback.read", ...),
target and a JSON detail. Never question text. The target and detail can
carry what a user typed (an article id, a file name, an address): a value
holding personal data (personal_data.py) is replaced by WITHHELD before it
is written, so the row is kept (who did what, when) without the data.
"""

from __future__ import annotations

import getpass
import json
import logging
import sqlite3
import sys
from contextlib import closing, suppress
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TextIO

from ..errors import AssistantError, StorageError
from ..storage.migrations import Schema, Step, migrate
from . import personal_data

log = logging.getLogger(__name__)

UNAVAILABLE = ("Granskningsloggen kan inte skrivas just nu: disken är full eller skrivskyddad. "
               "Försök igen senare eller kontakta IT-supporten.")

SCHEMA = Schema("Granskningsloggen", (
    Step("the table", """
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        time TEXT NOT NULL,              -- ISO 8601, UTC, "YYYY-MM-DDTHH:MM:SSZ"
        actor TEXT NOT NULL,
        role TEXT,
        via TEXT NOT NULL,
        address TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL DEFAULT '',
        detail TEXT NOT NULL DEFAULT '{}'  -- JSON object
    );
    CREATE INDEX audit_time ON audit (time);
    """),
    Step("append-only", """
    CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'audit rows cannot be changed'); END;
    CREATE TRIGGER audit_no_recent_delete BEFORE DELETE ON audit
    WHEN julianday(old.time) > julianday('now') - 1
    BEGIN SELECT RAISE(ABORT, 'audit rows younger than a day cannot be deleted'); END;
    """),
))


class AuditUnavailable(StorageError):
    """The audit file cannot be written (disk full, read-only): the HTTP API
    answers 503."""


WITHHELD = "(personuppgift, inte sparad)"


def _withheld(value):
    """`value` (a JSON value) with every text holding personal data replaced."""
    if isinstance(value, str):
        return WITHHELD if personal_data.find(value) else value
    if isinstance(value, dict):
        return {_withheld(str(k)): _withheld(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_withheld(v) for v in value]
    return value


def _detail_json(detail: dict | None) -> str:
    """The detail as stored: texts holding personal data withheld, the
    change's id (`op`, the journal's uuid) kept as it is."""
    detail = detail or {}
    kept = {"op": detail["op"]} if "op" in detail else {}
    return json.dumps({**_withheld(detail), **kept}, ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True)
class Entry:
    time: str
    actor: str
    role: str | None
    via: str
    address: str
    action: str
    target: str = ""
    detail: dict | None = None
    id: int | None = None


@dataclass(frozen=True)
class Actor:
    """Who makes a change, as the audit rows name them."""

    name: str
    role: str | None = None
    via: str = "system"
    address: str = "-"


SYSTEM = Actor("system")


def now_utc() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


COLUMNS = ("id", "time", "actor", "role", "via", "address", "action", "target", "detail")


def new_rows(actor: Actor, rows: list[tuple[str, str, dict | None]]) -> list[tuple]:
    """(action, target, detail) rows by one actor, as stored (COLUMNS after id):
    one time, target and detail screened for personal data (_withheld)."""
    at = now_utc()
    return [(at, actor.name, actor.role, actor.via, actor.address, action,
             _withheld(target), _detail_json(detail)) for action, target, detail in rows]


def copied_row(e: Entry) -> tuple:
    """An entry copied as it is (`assistant db export`/`import`), as stored."""
    return (e.time, e.actor, e.role, e.via, e.address, e.action, e.target,
            json.dumps(e.detail or {}, ensure_ascii=False, sort_keys=True))


def select_entries(since: str | None, until: str | None, limit: int | None,
                   at_least: str, before: str) -> tuple[str, list]:
    """The query for `entries`, oldest first, within [since, until): `at_least`
    and `before` are the store's own comparison of `time` with one parameter."""
    where, args = [], []
    if since:
        where.append(at_least)
        args.append(since)
    if until:
        where.append(before)
        args.append(until)
    sql = f"SELECT {', '.join(COLUMNS)} FROM audit"
    sql += (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return sql, args


class AuditLog:
    """Appends entries; one short connection per call, so threads can share it."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        migrate(db, SCHEMA, str(self.path))
        return db

    def record(self, action: str, actor: str, role: str | None = None, via: str = "system",
               address: str = "-", target: str = "", detail: dict | None = None) -> int:
        """Append one entry. Raises AuditUnavailable if the file cannot be written."""
        entry = new_rows(Actor(actor, role, via, address), [(action, target, detail)])[0]
        try:
            with closing(self._connect()) as db:
                cur = db.execute(
                    "INSERT INTO audit (time, actor, role, via, address, action, target, detail)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", entry)
                return int(cur.lastrowid)
        except (sqlite3.OperationalError, sqlite3.DatabaseError, OSError) as err:
            log.error("audit entry %s not written to %s: %s", action, self.path, err)
            raise AuditUnavailable(UNAVAILABLE) from None

    def record_all(self, actor: Actor, rows: list[tuple[str, str, dict]]) -> None:
        """Several (action, target, detail) rows by one actor in one transaction:
        all of them are written, or (raising sqlite3.Error or OSError) none."""
        values = new_rows(actor, rows)
        with closing(self._connect()) as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                db.executemany(
                    "INSERT INTO audit (time, actor, role, via, address, action, target, detail)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", values)
                db.execute("COMMIT")
            except BaseException:
                with suppress(sqlite3.Error):
                    db.execute("ROLLBACK")
                raise

    def has_operation(self, op: str) -> bool:
        """Whether rows of the change `op` (their detail's "op") were written."""
        if not self.path.exists():
            return False
        with closing(self._connect()) as db:
            return db.execute("SELECT 1 FROM audit WHERE json_extract(detail, '$.op') = ? "
                              "LIMIT 1", (op,)).fetchone() is not None

    def entries(self, since: str | None = None, until: str | None = None,
                limit: int | None = None) -> list[Entry]:
        """Entries oldest first, optionally within [since, until) (ISO dates or times)."""
        if not self.path.exists():
            return []
        sql, args = select_entries(since, until, limit, "julianday(time) >= julianday(?)",
                                   "julianday(time) < julianday(?)")
        with closing(self._connect()) as db:
            return [Entry(**{**dict(zip(COLUMNS, r)), "detail": json.loads(r[-1])})
                    for r in db.execute(sql, args)]

    def append_entries(self, entries: list[Entry]) -> int:
        """Copy entries as they are, oldest first (`assistant db export`)."""
        with closing(self._connect()) as db:
            db.execute("BEGIN IMMEDIATE")
            db.executemany(
                "INSERT INTO audit (time, actor, role, via, address, action, target, detail)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [copied_row(e) for e in entries])
            db.execute("COMMIT")
        return len(entries)

    def purge(self, before: str) -> int:
        """Delete entries older than `before` (ISO time, at least a day ago). Returns how many."""
        with closing(self._connect()) as db:
            cur = db.execute("DELETE FROM audit WHERE julianday(time) < julianday(?)", (before,))
            return cur.rowcount


def entry_json(entry: Entry) -> dict:
    return asdict(entry)


def export_jsonl(log, out: Path | TextIO) -> int:
    """Every entry as one JSON object per line. Returns the lines written."""
    lines = [json.dumps(entry_json(e), ensure_ascii=False) + "\n" for e in log.entries()]
    if isinstance(out, (str, Path)):
        Path(out).write_text("".join(lines), encoding="utf-8")
    else:
        out.write("".join(lines))
    return len(lines)


def record_cli(settings, action: str, target: str = "", detail: dict | None = None) -> None:
    """An entry for a command run on the server itself (actor: the OS user)."""
    try:
        actor = getpass.getuser()
    except Exception:  # no user name in this environment
        actor = "okänd"
    from .pgaudit import open_audit  # the database's log under ASSISTANT_DATABASE_URL

    open_audit(settings).record(action, actor, via="cli", address="local",
                                target=target, detail=detail)


def cmd_export(args) -> int:
    from ..config import Settings

    settings = Settings.from_env(audit_db=args.db)
    from .pgaudit import open_audit

    n = export_jsonl(open_audit(settings), args.output or sys.stdout)
    record_cli(settings, "audit.export", detail={"entries": n})
    print(f"{n} händelser skrivna.", file=sys.stderr)
    return 0


def register_cli(subparsers) -> None:
    """Add `audit export` to the `assistant` command's subparsers."""
    p = subparsers.add_parser("audit", help="granskningsloggen: vem läste eller ändrade vad")
    sub = p.add_subparsers(dest="audit_command", required=True)
    e = sub.add_parser("export", help="skriv granskningsloggen som JSONL (en händelse per rad)")
    e.add_argument("--db", type=Path,
                   help="SQLite-filen (standard ./audit.sqlite3, ASSISTANT_AUDIT_DB)")
    e.add_argument("-o", "--output", type=Path, help="utfil (standard: skärmen)")
    e.add_argument("-v", "--verbose", action="store_true", help="mer utskrift")
    e.set_defaults(func=cmd_export)


# `assistant` commands that change the corpus or read people's data.
CLI_ACTIONS = {"index": "corpus.index", "add": "corpus.add", "feedback": "feedback.export"}


def record_command(args, status: int) -> None:
    """An entry for a finished `assistant` command that CLI_ACTIONS lists."""
    action = CLI_ACTIONS.get(getattr(args, "command", None))
    if action is None or getattr(args, "dry_run", False):
        return
    from ..config import Settings

    detail = {"exit": status}
    if args.command == "add":
        detail["files"] = len(args.files)
    try:
        record_cli(Settings.from_env(), action, detail=detail)
    except (sqlite3.Error, OSError, AssistantError) as err:
        print(f"Varning: granskningsloggen kunde inte skrivas ({err}).", file=sys.stderr)
