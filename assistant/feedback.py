"""Officials' feedback on answers, in a local SQLite file, and its export as
evaluation questions (the JSONL format of eval/questions.jsonl).

A row holds one verdict on one answer: "helpful", "not_helpful", or
"wrong_quote" with the number of the quote (1-based, as shown). The answer is
kept as the JSON contract object (contract.answer_json), so the question and
the passages shown travel with the verdict.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path
from typing import TextIO

from .errors import AssistantError

VERDICTS = ("helpful", "not_helpful", "wrong_quote")

_SCHEMA = """
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
"""


def shown_passages(answer: dict) -> list[dict]:
    """The passages an official saw: the answer's, or the nearest when it declined."""
    return list(answer.get("passages") or answer.get("nearest") or [])


class FeedbackStore:
    """Appends verdicts to a SQLite file; safe to use from several threads
    (one short connection per write)."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=10)
        db.execute("PRAGMA journal_mode=WAL")
        db.executescript(_SCHEMA)
        return db

    def record(self, answer: dict, verdict: str, quote: int | None = None,
               source: str = "chat", key: str | None = None) -> int:
        """Store a verdict on `answer` (an answer_json object). Returns the row id.

        `key` names one shown answer (a chat message): its earlier verdict is
        replaced, as the chat shows one choice per message. Raises ValueError
        for an unknown verdict or a quote number the answer does not have.
        """
        if verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {verdict!r}")
        passages = shown_passages(answer)
        if verdict == "wrong_quote":
            if quote is None or not 1 <= quote <= len(passages):
                raise ValueError(f"no quote number {quote} in the answer")
        else:
            quote = None
        row = (datetime.now(timezone.utc).isoformat(timespec="seconds"), source, verdict, quote,
               answer["question"], answer.get("interpreted_as"), int(bool(answer.get("no_answer"))),
               json.dumps(passages, ensure_ascii=False), json.dumps(answer, ensure_ascii=False), key)
        with closing(self._connect()) as db, db:
            if key is not None:
                db.execute("DELETE FROM feedback WHERE answer_key = ?", (key,))
            cur = db.execute(
                "INSERT INTO feedback (time, source, verdict, quote, question, interpreted_as,"
                " no_answer, passages, answer, answer_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row)
            return int(cur.lastrowid)

    def withdraw(self, key: str) -> None:
        """Forget the verdict on one chat message (the official unselected it)."""
        with closing(self._connect()) as db, db:
            db.execute("DELETE FROM feedback WHERE answer_key = ?", (key,))

    def rows(self) -> list[dict]:
        """All verdicts, oldest first, with passages and answer decoded."""
        if not self.path.exists():
            raise AssistantError(
                f"Det finns ingen sparad återkoppling ({self.path} saknas). "
                "Den skapas när någon markerar ett svar i chatten eller via /api/feedback.")
        with closing(self._connect()) as db:
            db.row_factory = sqlite3.Row
            out = []
            for r in db.execute("SELECT * FROM feedback ORDER BY id"):
                d = dict(r)
                d["passages"] = json.loads(d["passages"])
                d["answer"] = json.loads(d["answer"])
                d["no_answer"] = bool(d["no_answer"])
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

    By default only lines that can join an evaluation file as they are
    (kinds "feedback" and "unanswerable"); `include_unreviewed` adds the
    "needs-gold" ones. The same question with the same gold is written once;
    quotes flagged wrong on an answer are left out of that answer's gold.
    """
    rows = FeedbackStore(Path(db_path)).rows()
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
    from .config import Settings

    db = args.db or Settings.from_env().feedback_db
    n = export_jsonl(db, args.output or sys.stdout, include_unreviewed=args.all)
    print(f"{n} frågor skrivna.", file=sys.stderr)
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
