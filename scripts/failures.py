"""List the failures of the development sets, per class, with the top 3 quotes.

    python scripts/failures.py                    # both corpora, every set in eval/
    python scripts/failures.py --corpus grown --sets grown-d,heldout
    python scripts/failures.py --json out.json    # also every row, for diffing two runs

A failure is an answerable question whose gold is not among the 3 quotes
(declined or ranked lower: its rank in the best 10 is shown) or an
unanswerable question that got quotes. Classes are the question's kind
(cross-article, english, paraphrase ...) and, for unanswerable questions,
its class (result, date ...). On the grown corpus a shipped set's question
counts only when its answer is unique there (`unique_on_grown`), as in
`assistant eval --all`. Each failure shows the answerability model's
probability and threshold and the evidence features that are set.
Development sets only: the sealed batches are not in eval/.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FLAGS = ("kind_missing", "fact_head_missing", "planned", "result_pending", "service_missing",
         "role_unnamed", "subject_absent", "asks_before", "cross_article", "english")


def assistants(which: str):
    from assistant.answering.evaluation import GROWN, SHIPPED, grown_assistant
    from assistant.answering.pipeline import Assistant
    from assistant.config import Settings

    settings = Settings.from_env(corpus_dir=ROOT / "corpus", index_dir=ROOT / "index")
    shipped = Assistant(settings)
    out = []
    if which in ("both", SHIPPED):
        out.append((SHIPPED, shipped))
    if which in ("both", GROWN):
        out.append((GROWN, grown_assistant(settings, shipped.embedder, ROOT / "eval" / "grown",
                                           ROOT / ".cache" / "eval",
                                           log=lambda m: print(m, file=sys.stderr))))
    return out


def rows_of(corpus: str, assistant, files: list[Path], about_grown: set[str]) -> list[dict]:
    from assistant.answering.answer import to_passage
    from assistant.answering.evaluation import gold_spans, rank_of, read_questions
    from assistant.answering.evaluation import counts_on

    searcher = assistant.searcher
    ids = {a.id for a in searcher.data.articles}
    bodies = {a.id: a.body for a in searcher.data.articles}
    covered = frozenset(searcher.covered_names)
    model = assistant.answerability
    rows = []
    for path in files:
        for q in read_questions(path):
            answerable = bool(q.gold) and all(a in ids for a, _ in q.gold)
            if not counts_on(corpus, path.stem, q.question, about_grown, covered):
                continue
            spans = gold_spans(q, bodies) if answerable else []
            asked = assistant.ask_ranked(q.question, k=3, depth=10)
            answer = asked.answer
            top3 = [(p.article.id, p.start, p.end) for p in answer.passages]
            ten = [to_passage(h) for h in asked.ranked]
            rank10 = rank_of([(p.article.id, p.start, p.end) for p in ten], spans)
            ev = asked.evidence.as_dict() if asked.evidence else {}
            rows.append({
                "corpus": corpus, "set": path.stem, "id": q.id, "question": q.question,
                "kind": q.kind, "answerable": answerable,
                "class": q.cls or (None if answerable or not q.gold else "not-in-corpus"),
                "rank": rank_of(top3, spans), "rank@10": rank10, "declined": answer.no_answer,
                "reason": answer.reason_code,
                "p": model.probability(asked.evidence) if model and asked.evidence else None,
                "threshold": model.threshold if model else None,
                "flags": [f for f in FLAGS if ev.get(f)],
                "quotes": [(h.article.id, to_passage(h).quote) for h in asked.ranked[:3]],
                "gold": [(a, quote) for a, quote in q.gold],
            })
    return rows


def failed(r: dict) -> bool:
    if r["answerable"]:
        return r["declined"] or not r["rank"] or r["rank"] > 3
    return not r["declined"]


def group_of(r: dict) -> str:
    if not r["answerable"]:
        return f"unanswerable:{r['class'] or '-'}"
    return r["kind"]


def print_failures(rows: list[dict], width: int) -> None:
    by = defaultdict(list)
    for r in rows:
        by[(r["corpus"], group_of(r))].append(r)
    for (corpus, group), rs in sorted(by.items()):
        bad = [r for r in rs if failed(r)]
        print(f"\n=== {corpus} / {group}: {len(bad)} of {len(rs)} fail")
        for r in bad:
            what = ("declined" if r["declined"] else f"rank@10 {r['rank@10']}") if r["answerable"] \
                else "answered"
            p = f"p {r['p']:.2f}/{r['threshold']:.2f}" if r["p"] is not None else "p -"
            print(f"- [{r['set']} {r['id']}] {r['question']}\n    {what}; {p}; "
                  f"{r['reason'] or ''} {' '.join(r['flags'])}")
            for a, quote in r["gold"][:2]:
                print(f"    gold  {a[:28]:<28} {quote[:width]}")
            for n, (a, quote) in enumerate(r["quotes"], 1):
                print(f"    top{n}  {a[:28]:<28} {' '.join(quote.split())[:width]}")


def main(argv: list[str] | None = None) -> None:
    from assistant.answering.evaluation import question_files, sets_about

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default="both", choices=("both", "shipped", "grown"))
    parser.add_argument("--sets", default="", help="comma-separated set names (default: all)")
    parser.add_argument("--json", type=Path, help="write every row here")
    parser.add_argument("--width", type=int, default=150)
    args = parser.parse_args(argv)
    files = question_files(ROOT / "eval")
    if args.sets:
        files = [f for f in files if f.stem in args.sets.split(",")]
    rows: list[dict] = []
    for corpus, assistant in assistants(args.corpus):
        ids = {a.id for a in assistant.searcher.data.articles}
        about = sets_about(question_files(ROOT / "eval"), ids) if corpus == "grown" else set()
        rows += rows_of(corpus, assistant, files, about)
    print_failures(rows, args.width)
    print("\nfailures per corpus and class:")
    by = defaultdict(list)
    for r in rows:
        by[(r["corpus"], group_of(r))].append(r)
    for (corpus, group), rs in sorted(by.items()):
        print(f"  {corpus:<8}{group:<24} {sum(map(failed, rs)):>3} of {len(rs)}")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=0), "utf-8")


if __name__ == "__main__":
    main()
