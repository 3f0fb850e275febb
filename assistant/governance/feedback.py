"""Officials' feedback on answers, in a local SQLite file, and its export as
evaluation questions (the JSONL format of eval/questions.jsonl).

A row holds one verdict on one answer: "helpful", "not_helpful", or
"wrong_quote" with the number of the quote (1-based, as shown). The answer is
kept as the JSON contract object (contract.answer_json), so the question and
the passages shown travel with the verdict.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import sys
import threading
from contextlib import closing
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TextIO

from ..errors import AssistantError
from ..storage.migrations import Schema, Step, migrate
from .personal_data import check_answer
from .signing import answer_id, genuine, shown_passages

log = logging.getLogger(__name__)

VERDICTS = ("helpful", "not_helpful", "wrong_quote")
UNAVAILABLE = "Återkopplingen kunde inte sparas just nu (lagringen är full eller skrivskyddad)."

SCHEMA = Schema("Återkopplingen", (
    # the table as it was before versions were counted (such files have it)
    Step("the table", """
    CREATE TABLE IF NOT EXISTS feedback (
        id INTEGER PRIMARY KEY,
        time TEXT NOT NULL,            -- ISO 8601, UTC
        source TEXT NOT NULL,          -- "chat" or "api"
        verdict TEXT NOT NULL,         -- helpful | not_helpful | wrong_quote
        quote INTEGER,                 -- for wrong_quote: the quote's number, 1-based
        question TEXT NOT NULL,
        interpreted_as TEXT,
        no_answer INTEGER NOT NULL,
        passages TEXT NOT NULL,        -- JSON: the passages shown (answer or nearest)
        answer TEXT NOT NULL,          -- JSON: the whole answer object
        answer_key TEXT                -- one chat message: a new verdict replaces the old
    );
    CREATE INDEX IF NOT EXISTS feedback_answer_key ON feedback (answer_key);
    """),
    # rows without an answer id are never exported
    Step("the answer id the server gave, the key that signs answers, purging by time", """
    ALTER TABLE feedback ADD COLUMN answer_id TEXT;
    CREATE TABLE secret (key BLOB NOT NULL);
    INSERT INTO secret (key) VALUES (randomblob(32));
    CREATE INDEX feedback_time ON feedback (time);
    """),
))


class FeedbackUnavailable(AssistantError):
    """The feedback file cannot be written (disk full, read-only)."""


class ForgedAnswer(ValueError):
    """The answer does not carry the id the server gave it."""


class Verdicts:
    """What every feedback store shares: answer ids signed with the store's
    `key()`, the checks on a verdict, and purging by age through its
    `delete_period`. Stores (SQLite here, PostgreSQL in pgfeedback.py) add
    the storage."""

    retention_days: int = 90

    def key(self) -> bytes:
        raise NotImplementedError

    def delete_period(self, since: str | None = None, until: str | None = None) -> int:
        raise NotImplementedError

    def sign(self, answer: dict) -> str:
        """The answer id for `answer` (an answer_json object)."""
        return answer_id(self.key(), answer)

    def genuine(self, answer: dict, given: str | None) -> bool:
        return genuine(self.key(), answer, given)

    def purge(self, now: datetime | None = None) -> int:
        """Delete verdicts older than the retention period. Returns how many."""
        now = now or datetime.now(timezone.utc)
        return self.delete_period(until=(now - timedelta(days=self.retention_days))
                                  .isoformat(timespec="seconds"))

    def checked(self, answer: dict, verdict: str, quote: int | None,
                answer_id: str | None) -> tuple[list[dict], int | None, str]:
        """(passages shown, quote number or None, time now) for a verdict
        that may be stored. Raises ForgedAnswer unless `answer_id` is the id
        the server gave; ValueError for an unknown verdict or a quote number
        the answer does not have; PersonalData if the answer holds personal
        data outside its quotes (whoever calls: nothing of it is stored)."""
        check_answer(answer)
        if verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {verdict!r}")
        if not self.genuine(answer, answer_id):
            raise ForgedAnswer("the answer id does not match the answer")
        passages = shown_passages(answer)
        if verdict != "wrong_quote":
            quote = None
        elif quote is None or not 1 <= quote <= len(passages):
            raise ValueError(f"no quote number {quote} in the answer")
        return passages, quote, datetime.now(timezone.utc).isoformat(timespec="seconds")


class FeedbackStore(Verdicts):
    """Verdicts in a SQLite file; safe to use from several threads (one
    short connection per write). The schema is migrated on first use.
    `purge` deletes rows older than `retention_days`; retention.Purger calls
    it at start and hourly (and audits it)."""

    def __init__(self, path: Path, retention_days: int = 90):
        self.path = Path(path)
        self.retention_days = retention_days
        self._ready = False
        self._key: bytes | None = None
        self._lock = threading.Lock()

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        if not self._ready:
            with self._lock:
                migrate(db, SCHEMA, str(self.path))
                self._ready = True
        return db

    def _write(self, work):
        """Run `work(db)` in one transaction; a full or read-only disk is
        FeedbackUnavailable (Swedish), with the detail in the log."""
        try:
            with closing(self._connect()) as db:
                db.execute("BEGIN IMMEDIATE")
                try:
                    result = work(db)
                    db.execute("COMMIT")
                except BaseException:
                    db.execute("ROLLBACK")
                    raise
                return result
        except (sqlite3.OperationalError, sqlite3.DatabaseError, OSError) as err:
            log.error("feedback not stored in %s: %s", self.path, err)
            raise FeedbackUnavailable(UNAVAILABLE) from None

    def key(self) -> bytes:
        """The key answer ids are signed with (made by migration 2)."""
        if self._key is None:
            try:
                with closing(self._connect()) as db:
                    self._key = bytes(db.execute("SELECT key FROM secret").fetchone()[0])
            except (sqlite3.Error, OSError) as err:
                raise FeedbackUnavailable(f"{UNAVAILABLE} ({self.path}: {err})") from None
        return self._key

    def delete_period(self, since: str | None = None, until: str | None = None) -> int:
        """Delete verdicts with since <= time < until (ISO dates or times;
        None: open-ended). Returns how many (0 when nothing was ever stored)."""
        if not self.path.exists():
            return 0
        where = " AND ".join(clause for clause, value in (
            ("julianday(time) >= julianday(:since)", since),
            ("julianday(time) < julianday(:until)", until)) if value)
        return self._write(lambda db: db.execute(
            "DELETE FROM feedback" + (f" WHERE {where}" if where else ""),
            {"since": since, "until": until}).rowcount)

    def record(self, answer: dict, verdict: str, quote: int | None = None,
               source: str = "chat", key: str | None = None, answer_id: str | None = None) -> int:
        """Store a verdict on `answer` (an answer_json object). Returns the row id.

        `answer_id` must be the id the server gave the answer (ForgedAnswer
        otherwise). `key` names one shown answer (a chat message): its
        earlier verdict is replaced, as the chat shows one choice per message.
        Raises ValueError for an unknown verdict or a quote number the answer
        does not have, PersonalData for an answer holding personal data,
        FeedbackUnavailable when the file cannot be written.
        """
        passages, quote, now = self.checked(answer, verdict, quote, answer_id)
        row = (now, source, verdict, quote,
               answer["question"], answer.get("interpreted_as"), int(bool(answer.get("no_answer"))),
               json.dumps(passages, ensure_ascii=False), json.dumps(answer, ensure_ascii=False), key,
               answer_id)

        def work(db):
            if key is not None:
                db.execute("DELETE FROM feedback WHERE answer_key = ?", (key,))
            cur = db.execute(
                "INSERT INTO feedback (time, source, verdict, quote, question, interpreted_as,"
                " no_answer, passages, answer, answer_key, answer_id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row)
            return int(cur.lastrowid)

        return self._write(work)

    def append_rows(self, rows: list[dict], key: bytes) -> int:
        """Copy verdict rows (as `rows()` gives them) as they are, and make
        `key` the one answer ids are signed with (`assistant db export`)."""
        def work(db):
            db.execute("UPDATE secret SET key = ?", (key,))
            db.executemany(
                "INSERT INTO feedback (time, source, verdict, quote, question, interpreted_as,"
                " no_answer, passages, answer, answer_key, answer_id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(r["time"], r["source"], r["verdict"], r["quote"], r["question"],
                  r["interpreted_as"], int(bool(r["no_answer"])),
                  json.dumps(r["passages"], ensure_ascii=False),
                  json.dumps(r["answer"], ensure_ascii=False), r["answer_key"], r["answer_id"])
                 for r in rows])

        self._write(work)
        self._key = key
        return len(rows)

    def withdraw(self, key: str) -> None:
        """Forget the verdict on one chat message (the official unselected it)."""
        self._write(lambda db: db.execute("DELETE FROM feedback WHERE answer_key = ?", (key,)))

    def rows(self, genuine_only: bool = False) -> list[dict]:
        """All verdicts, oldest first, with passages and answer decoded;
        `genuine_only`: only those whose answer id checks out."""
        if not self.path.exists():
            raise AssistantError(
                f"Det finns ingen sparad återkoppling ({self.path} saknas). "
                "Den skapas när någon markerar ett svar i chatten eller via /api/feedback.")
        key = self.key()
        with closing(self._connect()) as db:
            db.row_factory = sqlite3.Row
            out = []
            for r in db.execute("SELECT * FROM feedback ORDER BY id"):
                d = dict(r)
                d["passages"] = json.loads(d["passages"])
                d["answer"] = json.loads(d["answer"])
                d["no_answer"] = bool(d["no_answer"])
                if genuine_only and not genuine(key, d["answer"], d.get("answer_id")):
                    continue
                out.append(d)
            return out


def _gold(passages: list[dict]) -> list[dict]:
    return [{"article": p["article"]["id"], "quote": p["quote"]} for p in passages]


def to_eval_question(row: dict) -> dict:
    """One verdict as an evaluation question.

    - helpful, answered: gold = the quotes shown, minus any flagged wrong in
      another verdict on the same answer (kind "feedback");
    - helpful, declined: the official agrees the articles do not answer
      (kind "unanswerable", empty gold);
    - not helpful or a wrong quote: the right passage is not known yet
      (kind "needs-gold", empty gold, the rejected quotes under "wrong"); a
      person writes the gold quote before it joins an evaluation file.
    """
    question = row["interpreted_as"] or row["question"]
    base = {"id": f"fb{row['id']:05d}", "question": question,
            "feedback": {"verdict": row["verdict"], "time": row["time"], "source": row["source"],
                         "asked": row["question"]}}
    passages = row["passages"]
    if row["verdict"] == "helpful":
        if row["no_answer"]:
            return {**base, "kind": "unanswerable", "gold": []}
        return {**base, "kind": "feedback", "gold": _gold(passages)}
    wrong = passages if row["verdict"] == "not_helpful" else [passages[row["quote"] - 1]]
    return {**base, "kind": "needs-gold", "gold": [], "wrong": _gold(wrong)}


def export_jsonl(db_path: Path | str, out: Path | str | TextIO, include_unreviewed: bool = False
                 ) -> int:
    """Write the feedback in `db_path` as evaluation questions, one JSON object
    per line, to `out` (a path or an open text file). Returns the lines written.

    Only verdicts on answers the server really gave (their answer id
    checks out) are written. By default only lines that can join an evaluation file as they are
    (kinds "feedback" and "unanswerable"); `include_unreviewed` adds the
    "needs-gold" ones. The same question with the same gold is written once;
    quotes flagged wrong on an answer are left out of that answer's gold.
    """
    return export_rows(FeedbackStore(Path(db_path)).rows(genuine_only=True), out,
                       include_unreviewed)


def export_rows(rows: list[dict], out: Path | str | TextIO,
                include_unreviewed: bool = False) -> int:
    """export_jsonl over verdict rows already read (from SQLite or PostgreSQL)."""
    flagged = {(r["question"], r["interpreted_as"], p["article"]["id"], p["quote"])
               for r in rows if r["verdict"] == "wrong_quote"
               for p in [r["passages"][r["quote"] - 1]]}
    lines, seen = [], set()
    for row in rows:
        q = to_eval_question(row)
        if q["kind"] == "feedback":
            q["gold"] = [g for g in q["gold"] if (row["question"], row["interpreted_as"],
                                                   g["article"], g["quote"]) not in flagged]
            if not q["gold"]:
                continue
        elif q["kind"] == "needs-gold" and not include_unreviewed:
            continue
        key = json.dumps([q["question"], q["kind"], q["gold"], q.get("wrong")], ensure_ascii=False)
        if key in seen:
            continue
        seen.add(key)
        lines.append(json.dumps(q, ensure_ascii=False))
    text = "".join(line + "\n" for line in lines)
    if isinstance(out, (str, Path)):
        Path(out).write_text(text, encoding="utf-8")
    else:
        out.write(text)
    return len(lines)


def cmd_export(args) -> int:
    from ..config import Settings

    db = args.db or Settings.from_env().feedback_db
    n = export_jsonl(db, args.output or sys.stdout, include_unreviewed=args.all)
    store = FeedbackStore(Path(db))
    skipped = len(store.rows()) - len(store.rows(genuine_only=True))
    note = f" ({skipped} rader utan giltigt svars-id hoppades över)" if skipped else ""
    print(f"{n} frågor skrivna{note}.", file=sys.stderr)
    return 0


def register_cli(subparsers) -> None:
    """Add `feedback export` to the `assistant` command's subparsers."""
    p = subparsers.add_parser("feedback", help="återkoppling från chatten och API:t")
    sub = p.add_subparsers(dest="feedback_command", required=True)
    e = sub.add_parser(
        "export", help="skriv återkopplingen som utvärderingsfrågor (JSONL, som eval/questions.jsonl)")
    e.add_argument("--db", type=Path, help="SQLite-filen (standard ./feedback.sqlite3, "
                                           "ASSISTANT_FEEDBACK_DB)")
    e.add_argument("-o", "--output", type=Path, help="utfil (standard: skärmen)")
    e.add_argument("-v", "--verbose", action="store_true", help="mer utskrift")
    e.add_argument("--all", action="store_true",
                   help="ta också med svar utan känt rätt citat (kind needs-gold, gold tom)")
    e.set_defaults(func=cmd_export)
