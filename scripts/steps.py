"""Before/after of each ranking change on all four evaluation sets.

    python scripts/steps.py [NAME=k:v,k:v ...]

Each step adds RankingSettings changes to the one before; every row is
`evaluate` (the path `assistant ask` takes, quote-level) on every set:
hit@1 / hit@3 / hit@10 / MRR@10 / unanswerable declined / answerable wrongly declined.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from assistant.config import Settings
from assistant.answering.evaluation import evaluate, read_questions
from assistant.answering.pipeline import Assistant

SETS = ["eval/batch-a.jsonl", "eval/batch-b.jsonl", "eval/questions.jsonl", "eval/heldout.jsonl"]


def _value(text: str):
    for cast in (int, float):
        try:
            return cast(text)
        except ValueError:
            pass
    return {"true": True, "false": False}.get(text.lower(), text)


def parse(arg: str) -> tuple[str, dict]:
    name, _, rest = arg.partition("=")
    return name, {k: _value(v) for k, v in (kv.split(":") for kv in rest.split(",") if kv)}


def cell(m: dict) -> str:
    return (f"{m['hit@1']:.3f}/{m['hit@3']:.3f}/{m['hit@10']:.3f}/{m['mrr@10']:.3f}/"
            f"{m.get('declined_unanswerable', float('nan')):.2f}/{m['wrongly_declined']:.3f}")


def main(args: list[str]) -> None:
    assistant = Assistant(Settings.from_env())
    sets = [(Path(p).stem, read_questions(Path(p))) for p in SETS]
    steps = [("baseline", {})] + [parse(a) for a in args]
    print(f"{'step':<14}" + "".join(f"{n:>40}" for n, _ in sets))
    changes: dict = {}
    for name, step in steps:
        changes.update(step)
        ranking = replace(assistant.settings.ranking, **changes)
        cells = [cell(evaluate(assistant, qs, ranking)["metrics"]["all"]) for _, qs in sets]
        print(f"{name:<14}" + "".join(f"{c:>40}" for c in cells), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
