"""The lines scripts/answers_dump.sh writes, but every admitted question
computed in batches (`Assistant.compute_batch`, as an answer-pool worker
computes questions that waited together): to compare byte for byte.

    scripts/answers_dump.sh "" /tmp/one
    .venv/bin/python scripts/answers_batched.py /tmp/batched [--batch 8]
    cmp /tmp/one-k3.jsonl /tmp/batched-k3.jsonl && cmp /tmp/one-k10.jsonl /tmp/batched-k10.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.answering.contract import answer_json  # noqa: E402
from assistant.answering.pipeline import Ask, Assistant, admit  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.errors import AssistantError, PersonalData, error_body  # noqa: E402


def questions() -> list[str]:
    out = []
    for f in sorted((ROOT / "eval").glob("*.jsonl")):
        for line in f.read_text("utf-8").splitlines():
            if line.strip() and "question" in (d := json.loads(line)):
                out.append(d["question"].replace("\n", " "))
    return [q for q in out if q.strip()]


def refused(question: str, err: AssistantError) -> str:
    shown = None if isinstance(err, PersonalData) else question
    return json.dumps(error_body(str(err), question=shown), ensure_ascii=False)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("prefix")
    p.add_argument("--batch", type=int, default=8)
    args = p.parse_args()
    settings = Settings.from_env()
    assistant = Assistant.open(settings)
    for k, suffix in ((None, "k3"), (10, "k10")):
        lines: list[str | None] = []
        waiting: list[tuple[int, str, object]] = []

        def flush() -> None:
            results = assistant.compute_batch([a for _, _, a in waiting])
            for (i, question, _), result in zip(waiting, results):
                if isinstance(result, AssistantError):
                    lines[i] = refused(question, result)
                elif isinstance(result, Exception):
                    raise result
                else:
                    lines[i] = json.dumps(answer_json(result.answer), ensure_ascii=False)
            waiting.clear()

        for question in questions():
            lines.append(None)
            try:
                waiting.append((len(lines) - 1, question, admit(Ask(question, "cli", k=k), settings)))
            except AssistantError as err:
                lines[-1] = refused(question, err)
            if len(waiting) == args.batch:
                flush()
        flush()
        Path(f"{args.prefix}-{suffix}.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
