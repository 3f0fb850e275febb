"""Retrieval quality on a JSONL file of questions with verbatim gold passages.

hit@k: a gold passage overlaps the chunk one of the first k passages comes
from (the passage retrieved); quote@k, stricter: it overlaps the quoted
sentence(s) themselves. MRR@10 uses the hit rank.

Each line: {"id", "question", "kind", "gold": [{"article": id, "quote": str}]};
an empty gold list marks a question the corpus cannot answer.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .answer import to_passage
from .errors import AssistantError

KS = (1, 3, 5)
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
    asked = assistant.ask_ranked(question, depth=MRR_AT,
                                 ranking=ranking)
    return asked.answer, list(asked.ranked)


def evaluate(assistant, questions: list[EvalQuestion], ranking=None) -> dict:
    """Metrics overall and per kind, plus one row per question; `ranking`
    (a RankingSettings) replaces the assistant's for this run."""
    ranking = ranking or assistant.settings.ranking
    data = assistant.searcher.data
    bodies = {a.id: a.body for a in data.articles}
    rows = []
    for q in questions:
        answer, hits = ranked_answer(assistant, q.question, ranking)
        ranked = [to_passage(h, ranking) for h in hits]
        spans = _gold_spans(q, bodies)
        rows.append({"id": q.id, "kind": q.kind, "answerable": bool(spans),
                     "rank": _rank([(h.article.id, h.start, h.end) for h in hits], spans),
                     "quote_rank": _rank([(p.article.id, p.start, p.end) for p in ranked], spans),
                     "declined": answer.no_answer,
                     "top": ranked[0].article.id if ranked else None,
                     "top_score": round(ranked[0].score, 4) if ranked else None})
    groups = defaultdict(list)
    for r in rows:
        groups["all"].append(r)
        groups[r["kind"]].append(r)
    return {"metrics": {k: _metrics(v) for k, v in groups.items()}, "questions": rows}


def _metrics(rows: list[dict]) -> dict:
    ans = [r for r in rows if r["answerable"]]
    una = [r for r in rows if not r["answerable"]]
    m: dict = {"questions": len(rows), "answerable": len(ans), "unanswerable": len(una)}
    if ans:
        for k in KS:
            m[f"hit@{k}"] = round(sum(1 for r in ans if r["rank"] and r["rank"] <= k) / len(ans), 3)
        m[f"mrr@{MRR_AT}"] = round(sum(1 / r["rank"] for r in ans if r["rank"]) / len(ans), 3)
        for k in (1, 3):
            m[f"quote@{k}"] = round(
                sum(1 for r in ans if r["quote_rank"] and r["quote_rank"] <= k) / len(ans), 3)
        m["wrongly_declined"] = round(sum(r["declined"] for r in ans) / len(ans), 3)
    if una:
        m["declined_unanswerable"] = round(sum(r["declined"] for r in una) / len(una), 3)
    return m


def format_report(result: dict) -> str:
    cols = ["questions", "hit@1", "hit@3", "hit@5", f"mrr@{MRR_AT}", "quote@1", "quote@3",
            "wrongly_declined",
            "declined_unanswerable"]
    lines = ["kind            " + " ".join(f"{c:>10}" for c in cols)]
    metrics = result["metrics"]
    for kind in ["all"] + sorted(k for k in metrics if k != "all"):
        m = metrics[kind]
        cells = [f"{m[c]:>10}" if c in m else f"{'-':>10}" for c in cols]
        lines.append(f"{kind:<16}" + " ".join(cells))
    return "\n".join(lines)
