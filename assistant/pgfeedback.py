"""Officials' feedback in PostgreSQL: the same methods as feedback.FeedbackStore.

With ASSISTANT_DATABASE_URL set, every app process writes its verdicts to
the shared database (table `feedback`, migration 2 in pgdb.py) instead of a
SQLite file of its own, so `assistant db feedback-export` sees the feedback
given on every server. Rows have the same fields as in SQLite.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import TextIO

from .errors import AssistantError
from .feedback import VERDICTS, shown_passages, to_eval_question
from .pgdb import Database, migrate

_COLUMNS = ("id", "time", "source", "verdict", "quote", "question", "interpreted_as",
            "no_answer", "passages", "answer", "answer_key")


class PgFeedbackStore:
    """Verdicts in the shared database; safe to use from several threads."""

    def __init__(self, url: str):
        self.db = Database(url)
        migrate(self.db)

    def record(self, answer: dict, verdict: str, quote: int | None = None,
               source: str = "chat", key: str | None = None) -> int:
        """As FeedbackStore.record: raises ValueError for an unknown verdict
        or a quote number the answer does not have; `key` replaces an earlier
        verdict on the same chat message."""
        from psycopg.types.json import Jsonb

        if verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {verdict!r}")
        passages = shown_passages(answer)
        if verdict == "wrong_quote":
            if quote is None or not 1 <= quote <= len(passages):
                raise ValueError(f"no quote number {quote} in the answer")
        else:
            quote = None
        row = (datetime.now(timezone.utc).isoformat(timespec="seconds"), source, verdict, quote,
               answer["question"], answer.get("interpreted_as"), bool(answer.get("no_answer")),
               Jsonb(passages), Jsonb(answer), key)
        def write(conn) -> int:
            with conn.transaction():
                if key is not None:
                    conn.execute("DELETE FROM feedback WHERE answer_key = %s", (key,))
                return int(conn.execute(
                    "INSERT INTO feedback (time, source, verdict, quote, question, "
                    "interpreted_as, no_answer, passages, answer, answer_key) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
                    row).fetchone()[0])

        return self.db.run(write)

    def withdraw(self, key: str) -> None:
        self.db.run(lambda conn: conn.execute(
            "DELETE FROM feedback WHERE answer_key = %s", (key,)))

    def rows(self) -> list[dict]:
        """All verdicts, oldest first, with passages and answer decoded."""
        found = self.db.run(lambda conn: conn.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM feedback ORDER BY id").fetchall())
        return [dict(zip(_COLUMNS, r)) for r in found]


def export_rows(rows: list[dict], out: Path | TextIO, include_unreviewed: bool = False) -> int:
    """feedback.export_jsonl over rows already read (here: from the database)."""
    flagged = {(r["question"], r["interpreted_as"], r["passages"][r["quote"] - 1]["article"]["id"],
                r["passages"][r["quote"] - 1]["quote"]) for r in rows
               if r["verdict"] == "wrong_quote"}
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
        if key not in seen:
            seen.add(key)
            lines.append(json.dumps(q, ensure_ascii=False))
    text = "".join(line + "\n" for line in lines)
    if isinstance(out, Path):
        out.write_text(text, encoding="utf-8")
    else:
        out.write(text)
    return len(lines)


def cmd_export(url: str, output: Path | None, include_unreviewed: bool) -> int:
    rows = PgFeedbackStore(url).rows()
    if not rows:
        raise AssistantError("Det finns ingen sparad återkoppling i databasen än.")
    n = export_rows(rows, output or sys.stdout, include_unreviewed)
    print(f"{n} frågor skrivna.", file=sys.stderr)
    return 0
