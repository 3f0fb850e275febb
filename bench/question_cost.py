"""The cost of one question, whatever its characters: worst case against a typical one.

    .venv/bin/python bench/question_cost.py [--repeats 7] [--index index]

Asks each question `--repeats` times, in turn, through `Assistant.ask` (the
path of the CLI, the chat and the API) on the index in ./index and prints
the median time per kind of input, its tokens as the model sees them, and the
worst case against the typical question, measured in the same run.
Goal (issue 10): the worst case at most 3 times the typical question.
Every input is at most 1,000 characters, the question limit.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.config import Settings  # noqa: E402
from assistant.errors import BadQuestion  # noqa: E402
from assistant.answering.pipeline import Assistant  # noqa: E402

TYPICAL = "Vem är socialchef i Vårgårda?"
_SWEDISH = ("Hur organiserar kommunerna ledningen av äldreomsorgen och socialtjänsten när "
            "de samverkar med en grannkommun om en gemensam socialchef och nämnd? ")


def inputs(limit: int) -> dict[str, str]:
    return {
        "typical question": TYPICAL,
        "emoji": ("🙂👩‍⚕️🏥" * limit)[:limit],
        "CJK": ("社会服务和老年护理的领导与合作" * limit)[:limit],
        "combining marks": ("a" + "\u0301\u0308\u0323" * limit)[:limit],
        "long Swedish": (_SWEDISH * 20)[:limit],
        "Swedish + zero-width": ("V\u200be\u200bm\u200b \u200bä\u200br\u200b " * limit)[:limit],
        "only zero-width": ("\u200b\u200c\u200d\u2060\ufeff" * limit)[:limit],
    }


def token_count(assistant: Assistant, text: str) -> str:
    model = getattr(assistant.embedder, "_model", None)
    cap = getattr(assistant.embedder, "cap_query", None)
    if not hasattr(model, "token_count"):
        return "-"
    total = model.token_count(text, True)
    read = model.token_count(cap(text), True) if cap else total
    return f"{read} of {total}" if read != total else str(total)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--index", type=Path, default=None)
    args = parser.parse_args()
    settings = Settings.from_env(index_dir=args.index)
    assistant = Assistant(settings)
    questions = inputs(settings.max_question_chars)
    for text in questions.values():  # warm caches (stemmer, regexes)
        try:
            assistant.ask(text)
        except BadQuestion:
            pass
    times: dict[str, list[float]] = {kind: [] for kind in questions}
    outcome: dict[str, str] = {}
    for _ in range(args.repeats):  # round robin: a busy moment hits every kind alike
        for kind, text in questions.items():
            t0 = time.perf_counter()
            try:
                answer = assistant.ask(text)
                outcome[kind] = "declined" if answer.no_answer else "answered"
            except BadQuestion as err:
                outcome[kind] = f"refused: {err}"[:40]
            times[kind].append(time.perf_counter() - t0)
    medians = {kind: statistics.median(t) for kind, t in times.items()}
    print(f"{'input':<24}{'chars':>7}{'tokens read':>16}{'median ms':>12}{'x typical':>11}  result")
    for kind, text in questions.items():
        ratio = medians[kind] / medians["typical question"]
        tokens = "-" if outcome[kind].startswith("refused") else token_count(assistant, text)
        print(f"{kind:<24}{len(text):>7}{tokens:>16}"
              f"{1000 * medians[kind]:>12.1f}{ratio:>11.2f}  {outcome[kind]}", flush=True)
    worst = max(medians, key=medians.get)
    print(f"worst case: {worst}, {medians[worst] / medians['typical question']:.2f} x the typical "
          f"question (goal: at most 3 x)")


if __name__ == "__main__":
    main()
