"""Markdown tables of `assistant eval --all --json` results, step by step.

    assistant eval --all --json > .cache/eval/steps/1-baseline.json
    ... (a change) ...
    assistant eval --all --json > .cache/eval/steps/2-change.json
    python scripts/eval_table.py .cache/eval/steps/*.json

One table per corpus: a row per set and step, cells hit@1 / hit@3 / hit@10 /
MRR@10 / answerable wrongly declined / unanswerable declined. On the grown
corpus the figures are those of the questions with one answer there
("unique", see answering/evaluation.py: `suite`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def cell(m: dict) -> str:
    def f(key: str, digits: int = 3) -> str:
        return f"{m[key]:.{digits}f}".lstrip("0") if key in m else "–"
    return " | ".join(f(k) for k in ("hit@1", "hit@3", "hit@10", "mrr@10", "wrongly_declined",
                                      "declined_unanswerable"))


def main(paths: list[str]) -> None:
    steps = [(Path(p).stem, json.loads(Path(p).read_text("utf-8"))) for p in paths]
    corpora = list(steps[0][1])
    for corpus in corpora:
        first = steps[0][1][corpus]
        print(f"\n**{corpus} corpus** ({first['articles']} articles)\n")
        print("| set | step | n | hit@1 | hit@3 | hit@10 | MRR@10 | wrongly declined | "
              "unanswerable declined |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for name in first["sets"]:
            for label, result in steps:
                s = result[corpus]["sets"].get(name)
                if s is None:
                    continue
                m = s["unique"]["all"] if corpus == "grown" and s["unique"] else s["metrics"]["all"]
                print(f"| {name} | {label} | {m['questions']} | {cell(m)} |")


if __name__ == "__main__":
    main(sys.argv[1:])
