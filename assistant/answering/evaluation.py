"""Retrieval quality on a JSONL file of questions with verbatim gold passages,
scored on what the official sees: the quotes of `assistant ask`.

A question is asked twice, as the CLI and the API answer it: with the
default k (`Settings.top_k`, 3) for hit@1, hit@3 and declining, and with
k=10 for hit@10 and MRR@10. A hit is a returned passage (its quote) that
overlaps a gold span in the same article; a declined answer returns no
passages, so it hits nothing.

Each line: {"id", "question", "kind", "gold": [{"article": id, "quote": str}]};
an empty gold list marks a question the corpus cannot answer.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..errors import AssistantError

MRR_AT = 10


@dataclass(frozen=True)
class EvalQuestion:
    id: str
    question: str
    kind: str
    gold: tuple[tuple[str, str], ...]  # (article id, verbatim quote)


def read_questions(path: Path) -> list[EvalQuestion]:
    out = []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            out.append(EvalQuestion(d.get("id", f"line{n}"), d["question"], d.get("kind", "?"),
                                    tuple((g["article"], g["quote"]) for g in d.get("gold", []))))
        except (ValueError, KeyError, TypeError):
            raise AssistantError(f"{path}:{n}: raden är inte en giltig fråga i JSON") from None
    return out


def _gold_spans(q: EvalQuestion, bodies: dict[str, str]) -> list[tuple[str, int, int]]:
    spans = []
    for article, quote in q.gold:
        pos = bodies.get(article, "").find(quote)
        if pos < 0:
            raise AssistantError(f"{q.id}: guldcitatet finns inte ordagrant i {article}")
        spans.append((article, pos, pos + len(quote)))
    return spans


def _rank(spans_found, spans) -> int | None:
    """Rank of the first (article, start, end) that overlaps a gold span."""
    for rank, (article, start, end) in enumerate(spans_found, 1):
        if any(article == a and start < e and s < end for a, s, e in spans):
            return rank
    return None


def ranked_answer(assistant, question: str, ranking=None):
    """(answer, best MRR_AT hits) by the path `assistant ask` takes."""
    asked = assistant.ask_ranked(question, depth=MRR_AT, ranking=ranking)
    return asked.answer, list(asked.ranked)


def _spans_of(answer) -> list[tuple[str, int, int]]:
    return [(p.article.id, p.start, p.end) for p in answer.passages]


def score_question(spans, short, long) -> dict:
    """One question's row from its gold spans, its answer at the default k
    (`short`) and at k=10 (`long`)."""
    return {"answerable": bool(spans), "rank": _rank(_spans_of(short), spans),
            "rank@10": _rank(_spans_of(long), spans), "declined": short.no_answer}


def evaluate(assistant, questions: list[EvalQuestion], ranking=None) -> dict:
    """Metrics overall and per kind, plus one row per question; `ranking`
    (a RankingSettings) replaces the assistant's for this run."""
    ranking = ranking or assistant.settings.ranking
    data = assistant.searcher.data
    bodies = {a.id: a.body for a in data.articles}
    k = assistant.settings.top_k
    rows = []
    for q in questions:
        spans = _gold_spans(q, bodies)
        short = assistant.ask(q.question, k=k, ranking=ranking)
        long = assistant.ask(q.question, k=MRR_AT, ranking=ranking)
        row = {"id": q.id, "kind": q.kind, **score_question(spans, short, long)}
        row["top"] = short.passages[0].article.id if short.passages else None
        rows.append(row)
    groups = defaultdict(list)
    for r in rows:
        groups["all"].append(r)
        groups[r["kind"]].append(r)
    return {"metrics": {kind: metrics(v) for kind, v in groups.items()}, "questions": rows}


def metrics(rows: list[dict]) -> dict:
    """hit@1 and hit@3 on the default-k answer, hit@10 and MRR@10 on the k=10
    answer, declines on the default-k answer."""
    ans = [r for r in rows if r["answerable"]]
    una = [r for r in rows if not r["answerable"]]
    m: dict = {"questions": len(rows), "answerable": len(ans), "unanswerable": len(una)}
    if ans:
        for n in (1, 3):
            m[f"hit@{n}"] = round(sum(1 for r in ans if r["rank"] and r["rank"] <= n) / len(ans), 3)
        m[f"hit@{MRR_AT}"] = round(sum(1 for r in ans if r["rank@10"]) / len(ans), 3)
        m[f"mrr@{MRR_AT}"] = round(sum(1 / r["rank@10"] for r in ans if r["rank@10"]) / len(ans), 3)
        m["wrongly_declined"] = round(sum(r["declined"] for r in ans) / len(ans), 3)
    if una:
        m["declined_unanswerable"] = round(sum(r["declined"] for r in una) / len(una), 3)
    return m


def format_report(result: dict) -> str:
    cols = ["questions", "hit@1", "hit@3", f"hit@{MRR_AT}", f"mrr@{MRR_AT}", "wrongly_declined",
            "declined_unanswerable"]
    lines = ["kind            " + " ".join(f"{c:>10}" for c in cols)]
    metrics = result["metrics"]
    for kind in ["all"] + sorted(k for k in metrics if k != "all"):
        m = metrics[kind]
        cells = [f"{'-':>10}" if c not in m else f"{m[c]:>10}" if c == "questions"
                 else f"{m[c]:>10.3f}" for c in cols]
        lines.append(f"{kind:<16}" + " ".join(cells))
    return "\n".join(lines)
