"""The quotes a reader should judge, blind, from a saved run of
`assistant eval --all --json`.

    python scripts/judge_pool.py RUN.json --sets DIR [--judged FILE] > pool.jsonl

The gold of a question names the sentences its writer found; another quote
may answer just as well, and then the gold-only figures count a miss. For
every answerable question that counts on its corpus (`unique`) and was not
declined, the pool holds the quotes shown at ranks 1-5 above its first gold
quote (all five when no gold quote is among them): only those can raise the
question's rank when judged as answering. It also holds the gold quotes at
ranks 1-5 of every fourth such question, to measure how often the reader
agrees with the gold. Each line: id, question, article, quote; the lines
are shuffled (seed 7) and carry no rank and no gold flag. Pairs already in
--judged are left out. `scripts/judged_eval.py --json` reads the verdicts.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

DEPTH = 5


def questions_in(folder: Path) -> dict[str, dict]:
    out = {}
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                q = json.loads(line)
                if "question" in q:
                    out[q["id"]] = q
    return out


def overlaps_gold(shown: dict, gold: list[dict], body_of) -> bool:
    for g in gold:
        if g["article"] != shown["article"]:
            continue
        start = body_of(g["article"]).find(g["quote"])
        if start >= 0 and shown["start"] < start + len(g["quote"]) and start < shown["end"]:
            return True
    return False


def pool(run: dict, questions: dict[str, dict], body_of, judged: set) -> list[dict]:
    pairs, seen, sampled = [], set(), 0
    for corpus in run.values():
        for name, result in corpus["sets"].items():
            if name == "pooled":
                continue
            for row in result["questions"]:
                if not (row["answerable"] and row.get("unique") and not row["declined"]):
                    continue
                q = questions[row["id"]]
                sampled += 1
                for shown in row.get("shown", [])[:DEPTH]:
                    gold = overlaps_gold(shown, q["gold"], body_of)
                    if gold and sampled % 4:
                        break
                    key = (row["id"], shown["article"], shown["quote"])
                    if key in seen or key in judged:
                        continue
                    seen.add(key)
                    pairs.append({"id": row["id"], "question": q["question"],
                                  "article": shown["article"], "quote": shown["quote"]})
                    if gold:
                        break
    random.Random(7).shuffle(pairs)
    return pairs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("run", type=Path, help="output of assistant eval --all --json")
    ap.add_argument("--sets", type=Path, required=True, help="the folder of the question files")
    ap.add_argument("--judged", type=Path, help="verdicts already given (JSONL)")
    ap.add_argument("--corpus", type=Path, nargs="*", default=[Path("corpus"), Path("eval/grown")])
    args = ap.parse_args()
    from assistant.corpus.articles import article_files, read_article

    bodies = {}
    for folder in args.corpus:
        for file in article_files(folder):
            a = read_article(file, folder)
            bodies[a.id] = a.body
    judged = set()
    if args.judged and args.judged.exists():
        for line in args.judged.read_text("utf-8").splitlines():
            if line.strip():
                j = json.loads(line)
                judged.add((j["id"], j["article"], j["quote"]))
    run = json.loads(args.run.read_text("utf-8"))
    pairs = pool(run, questions_in(args.sets), bodies.__getitem__, judged)
    for p in pairs:
        print(json.dumps(p, ensure_ascii=False))
    print(f"{len(pairs)} par att bedöma", file=sys.stderr)


if __name__ == "__main__":
    main()
