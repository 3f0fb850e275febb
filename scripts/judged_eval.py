"""hit@3 and MRR@10 with the gold quotes alone, and with independently judged passages too.

    python scripts/judged_eval.py
    python scripts/judged_eval.py --json RUN.json --judged VERDICTS.jsonl

The second form reads a saved `assistant eval --all --json` run (a sealed
batch's, say) and a reader's verdicts on the pool `scripts/judge_pool.py`
drew from it, and prints per corpus and set the gold-only figures beside
those that also count a quote judged "yes" (ranks 1-5) as a hit. Declined
questions stay misses.

The gold quotes in eval/*.jsonl name one passage (sometimes two) per
question, so a passage that answers just as well counts as a miss.
eval/judged.jsonl holds a reader's blind verdicts ("yes", "partial",
"no") on the top 5 quotes the shipped system gave for every answerable
question of both sets (410 pairs; the reader saw question, article title,
municipality and passage, no gold and no ranks), and on the quotes above
the gold of batch H (254 pairs, read with --json). "lenient" also counts a
quote judged "yes" as a hit; quotes nobody judged count as misses.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from assistant.answering.answer import to_passage
from assistant.config import Settings
from assistant.answering.evaluation import gold_spans, rank_of, ranked_answer, read_questions
from assistant.answering.pipeline import Assistant

SETS = ["eval/questions.jsonl", "eval/heldout.jsonl"]
JUDGED = Path("eval/judged.jsonl")


def figures(ranks: list[int | None]) -> str:
    hit3 = sum(1 for r in ranks if r and r <= 3) / len(ranks)
    mrr = sum(1 / r for r in ranks if r) / len(ranks)
    return f"hit@3 {hit3:.3f}  MRR@10 {mrr:.3f}"


def main() -> None:
    judged = {}
    for line in JUDGED.read_text("utf-8").splitlines():
        j = json.loads(line)
        judged[(j["id"], j["article"], j["quote"])] = j["label"]
    assistant = Assistant(Settings.from_env())
    bodies = {a.id: a.body for a in assistant.searcher.data.articles}
    for path in SETS:
        strict, lenient, agree = [], [], []
        for q in read_questions(Path(path)):
            if not q.gold:
                continue
            _, hits = ranked_answer(assistant, q.question)
            spans = gold_spans(q, bodies)
            rank = rank_of([(h.article.id, h.start, h.end) for h in hits], spans)
            strict.append(rank)
            for n, p in enumerate(map(to_passage, hits), 1):
                label = judged.get((q.id, p.article.id, p.quote))
                if label and rank_of([(p.article.id, p.start, p.end)], spans):
                    agree.append(label == "yes")
                if label == "yes" and (rank is None or n < rank):
                    rank = n
                    break
            lenient.append(rank)
        print(f"{Path(path).stem:<10} gold only: {figures(strict)}   "
              f"gold or judged 'yes': {figures(lenient)}   "
              f"(reader said 'yes' to {sum(agree)} of {len(agree)} judged gold quotes)")


def verdicts(path: Path) -> dict:
    out = {}
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            j = json.loads(line)
            out[(j["id"], j["article"], j["quote"])] = j["label"]
    return out


def judged_rank(row: dict, labels: dict, depth: int = 5) -> int | None:
    """The first of ranks 1-`depth` a reader judged as answering."""
    for n, shown in enumerate(row.get("shown", [])[:depth], 1):
        if labels.get((row["id"], shown["article"], shown["quote"])) == "yes":
            return n
    return None


def from_run(run_path: Path, judged_path: Path) -> None:
    run = json.loads(run_path.read_text("utf-8"))
    labels = verdicts(judged_path)
    print(f"{'corpus':<8} {'set':<14} {'n':>4}   gold only: hit@3  MRR@10"
          f"   gold or judged 'yes': hit@3  MRR@10   unjudged above gold")
    for corpus, result in run.items():
        pooled = []
        for name, s in result["sets"].items():
            rows = [r for r in s["questions"] if r["answerable"] and r.get("unique")]
            if name == "pooled" or not rows:
                continue
            pooled += rows
            _line(corpus, name, rows, labels)
        _line(corpus, "pooled", pooled, labels)


def _line(corpus: str, name: str, rows: list[dict], labels: dict) -> None:
    n = len(rows)
    if not n:
        return
    h3 = m = h3j = mj = 0.0
    unjudged = 0
    for r in rows:
        rank = None if r["declined"] else r["rank"]
        rank10 = None if r["declined"] else r["rank@10"]
        j = None if r["declined"] else judged_rank(r, labels)
        h3 += bool(rank and rank <= 3)
        m += 1 / rank10 if rank10 else 0
        h3j += bool((rank and rank <= 3) or (j and j <= 3))
        best = min(x for x in (rank10, j, 99) if x)
        mj += 1 / best if best < 99 else 0
        above = r.get("shown", [])[:min(rank10 or 6, 6) - 1]
        unjudged += sum((r["id"], s["article"], s["quote"]) not in labels for s in above)
    print(f"{corpus:<8} {name:<14} {n:>4}   {'':>11}{h3 / n:.3f}  {m / n:.3f}"
          f"   {'':>22}{h3j / n:.3f}  {mj / n:.3f}   {unjudged}")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", type=Path, help="a saved assistant eval --all --json run")
    ap.add_argument("--judged", type=Path, default=JUDGED, help="the reader's verdicts (JSONL)")
    args = ap.parse_args()
    if args.json:
        from_run(args.json, args.judged)
    else:
        main()
