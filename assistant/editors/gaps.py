"""What the corpus lacks: the questions the assistant declined, for editors.

Only the question's text is stored, with the day and week it was asked:
never who asked, from where, or in which conversation. Questions holding
personal data are refused before they are searched (answering/screening.py) and so
never reach this store; it checks once more and drops any that would.
Rows older than the retention period are deleted whenever the store is
written or read. ASSISTANT_GAPS=0 turns it off: nothing is recorded and
the page says so.

`GapStore.observe` is one of the question pipeline's observers (the app
passes it in, web/app.py): it records the chat's and /api/ask's declines.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
from collections import Counter, defaultdict
from contextlib import closing
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from ..errors import AssistantError
from ..governance import personal_data
from ..storage.migrations import Schema, Step, migrate
from ..swedish.places import question_places

log = logging.getLogger(__name__)

SCHEMA = Schema("Listan över obesvarade frågor", (
    Step("the table", """
    CREATE TABLE declined (
        id INTEGER PRIMARY KEY,
        day TEXT NOT NULL,       -- YYYY-MM-DD, UTC
        week TEXT NOT NULL,      -- ISO week, "2026-W49"
        question TEXT NOT NULL
    );
    CREATE INDEX declined_day ON declined (day);
    """),
    # a reason code (retrieval/answerability.py: CODES), NULL before
    Step("why it was declined", "ALTER TABLE declined ADD COLUMN reason TEXT;"),
))
MAX_QUESTION_CHARS = 1000
NO_PLACE = "Ingen kommun nämnd"
# Words that say nothing about the subject of a question.
STOP = set("""
och att det som en ett i på av för med till är om hur vad vem vilka vilken vilket var när
har hade kan ska skall vill finns får fick gör görs gjorde den denna detta dessa de dem
man vi ni jag du han hon sin sitt sina deras mellan inom under efter från vid utan eller
men inte också bara mer mest många flera någon något några alla allt andra annan annat
kommun kommunen kommuner kommunerna kommunens stad staden hos sig sej där här ut upp
the and of in on for how what who which is are does do with to at by
""".split())
log = logging.getLogger(__name__)
_WORD = re.compile(r"[^\W\d_]{4,}", re.UNICODE)


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def subject(question: str, n: int = 3) -> str:
    """A few content words of the question, in order: 'samverkan äldreomsorg'."""
    places = {p.casefold() for p in question_places(question)}
    words = []
    for w in _WORD.findall(question.casefold()):
        if w in STOP or w in words or any(w.startswith(p) for p in places):
            continue
        words.append(w)
    return " ".join(words[:n]) or "(inga ämnesord)"


@dataclass(frozen=True)
class Report:
    total: int
    weeks: tuple[tuple[str, int], ...]  # (ISO week, declined questions), oldest first
    places: tuple[tuple[str, int, tuple[str, ...]], ...]  # (municipality, count, questions)
    subjects: tuple[tuple[str, int], ...]  # (subject words, count), most first
    # (reason code or "" when not recorded, count, questions), most first
    reasons: tuple[tuple[str, int, tuple[str, ...]], ...] = ()


class GapStore:
    def __init__(self, path: Path, retention_days: int, enabled: bool = True):
        self.path = Path(path)
        self.retention_days = retention_days
        self.enabled = enabled
        self._lock = threading.Lock()

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        migrate(db, SCHEMA, str(self.path))
        return db

    def _cutoff(self, today: date) -> str:
        return (today - timedelta(days=self.retention_days)).isoformat()

    def record(self, question: str, today: date | None = None, reason: str | None = None) -> bool:
        """Keep a declined question's text and why it was declined (a reason
        code). False if it is not kept (off, personal data, or the store
        cannot be written: the answer matters more than the report)."""
        if not self.enabled or not question or personal_data.find(question):
            return False  # screened whole: a number cut in two would pass
        question = " ".join(question.split())[:MAX_QUESTION_CHARS]
        if not question:
            return False
        today = today or datetime.now(timezone.utc).date()
        try:
            self._insert(self._cutoff(today), (today.isoformat(), iso_week(today), question,
                                               reason))
        except (sqlite3.Error, OSError, AssistantError) as err:
            log.error("a declined question was not recorded: %s", err)
            return False
        return True

    # the questions of people: /healthz's probe and the evaluation are not recorded
    RECORDED = frozenset({"chat", "api"})

    def observe(self, observed) -> None:
        """A pipeline observer (answering/pipeline.py: Observed): keeps a
        declined chat or API question, as the follow-up was understood."""
        answer = observed.answer
        if observed.request.source not in self.RECORDED or not getattr(answer, "no_answer", False):
            return
        try:
            self.record(answer.interpreted_as or answer.question, reason=answer.reason_code)
        except sqlite3.Error:  # the answer matters more than the report
            log.exception("a declined question could not be recorded")

    def questions(self, today: date | None = None) -> list[tuple[str, str]]:
        """(week, question) of the retention period, oldest first."""
        return [(w, q) for w, q, _ in self.declined(today)]

    def declined(self, today: date | None = None) -> list[tuple[str, str, str]]:
        """(week, question, reason code or "") of the retention period, oldest first."""
        today = today or datetime.now(timezone.utc).date()
        return [(w, q, r or "") for w, q, r in self._rows(self._cutoff(today))]

    # the storage: a SQLite file here, the database in pggaps.py
    def _insert(self, cutoff: str, row: tuple) -> None:
        """Delete rows older than `cutoff`, add (day, week, question, reason)."""
        with self._lock, closing(self._connect()) as db:
            db.execute("DELETE FROM declined WHERE day < ?", (cutoff,))
            db.execute("INSERT INTO declined (day, week, question, reason) VALUES (?, ?, ?, ?)",
                       row)

    def _rows(self, cutoff: str) -> list[tuple[str, str, str | None]]:
        """Delete rows older than `cutoff`; (week, question, reason) of the rest."""
        if not self.path.exists():
            return []
        with self._lock, closing(self._connect()) as db:
            db.execute("DELETE FROM declined WHERE day < ?", (cutoff,))
            return db.execute("SELECT week, question, reason FROM declined ORDER BY id").fetchall()

    def all_rows(self) -> list[tuple[str, str, str, str | None]]:
        """Every (day, week, question, reason), oldest first (`assistant db import`)."""
        if not self.path.exists():
            return []
        with self._lock, closing(self._connect()) as db:
            return db.execute("SELECT day, week, question, reason FROM declined "
                              "ORDER BY id").fetchall()

    def append_rows(self, rows: list[tuple[str, str, str, str | None]]) -> int:
        """Copy (day, week, question, reason) rows as they are (`assistant db export`)."""
        with self._lock, closing(self._connect()) as db:
            db.execute("BEGIN IMMEDIATE")
            db.executemany("INSERT INTO declined (day, week, question, reason) "
                           "VALUES (?, ?, ?, ?)", rows)
            db.execute("COMMIT")
        return len(rows)

    def report(self, today: date | None = None, weeks: int = 12) -> Report:
        today = today or datetime.now(timezone.utc).date()
        declined = self.declined(today)
        rows = [(w, q) for w, q, _ in declined]
        per_week = Counter(w for w, _ in rows)
        shown = [iso_week(today - timedelta(weeks=i)) for i in range(weeks - 1, -1, -1)]
        by_place: dict[str, list[str]] = defaultdict(list)
        subjects: Counter = Counter()
        for _, q in rows:
            for place in sorted(question_places(q)) or [NO_PLACE]:
                by_place[place].append(q)
            subjects[subject(q)] += 1
        places = sorted(((p, len(qs), tuple(dict.fromkeys(qs))) for p, qs in by_place.items()),
                        key=lambda x: (x[0] == NO_PLACE, -x[1], x[0].lower()))
        by_reason: dict[str, list[str]] = defaultdict(list)
        for _, q, reason in declined:
            by_reason[reason].append(q)
        reasons = sorted(((r, len(qs), tuple(dict.fromkeys(qs))) for r, qs in by_reason.items()),
                         key=lambda x: (x[0] == "", -x[1], x[0]))
        return Report(len(rows), tuple((w, per_week.get(w, 0)) for w in shown), tuple(places),
                      tuple(subjects.most_common()), tuple(reasons))


def bar_chart(weeks: tuple[tuple[str, int], ...]) -> str:
    """An inline SVG bar chart of declined questions per week, with a text
    alternative (the same figures are in a table beside it)."""
    width, height, pad = 640, 200, 30
    top = max([n for _, n in weeks] + [1])
    bar = (width - 2 * pad) / max(len(weeks), 1)
    parts = []
    for i, (week, n) in enumerate(weeks):
        h = (height - 2 * pad) * n / top
        x = pad + i * bar
        parts.append(f'<rect x="{x + 2:.1f}" y="{height - pad - h:.1f}" width="{bar - 4:.1f}" '
                     f'height="{h:.1f}" fill="#1f4e79"><title>{week}: {n}</title></rect>')
        parts.append(f'<text x="{x + bar / 2:.1f}" y="{height - pad + 14}" font-size="10" '
                     f'text-anchor="middle" fill="#1f2937">{week[-3:]}</text>')
        if n:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{height - pad - h - 4:.1f}" '
                         f'font-size="11" text-anchor="middle" fill="#1f2937">{n}</text>')
    summary = ", ".join(f"{w}: {n}" for w, n in weeks)
    return (f'<svg role="img" aria-labelledby="gap-chart-title" viewBox="0 0 {width} {height}" '
            f'width="100%" xmlns="http://www.w3.org/2000/svg">'
            f'<title id="gap-chart-title">Obesvarade frågor per vecka: {summary}</title>'
            f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" '
            f'stroke="#4b5563"/>{"".join(parts)}</svg>')
