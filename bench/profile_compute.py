"""Where a worker's CPU goes per answer, outside the embedding (not a test).

    .venv/bin/python bench/profile_compute.py [--questions 400] [--index index] [--top 30]

What a worker process of the answer pool (web/answer_pool.py) does for one
/api/ask question: `Assistant.compute` (steps 4-7 of the pipeline) on the
index in --index, for --questions of bench/throughput.py's distinct
questions, after the same warm-up as that benchmark (every evaluation
question twice, then 200 others: the model's code and the answerability's
word vectors warm, the 256 cached query vectors flushed). One OpenMP thread,
as the app runs it. Prints the CPU per answer, the part in the model's C
calls (the query embedding, and the answerability's word vectors), the rest,
and cProfile's top functions (--batch 1,8: the questions computed
one at a time, then 8 at a time by `compute_batch`, as a worker does when 8
of them wait; --rounds: in turn that many times). More than 256 questions,
so that no pass finds a vector cached; --top 0: no cProfile pass.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from throughput import base_questions, questions  # noqa: E402

from assistant.answering.pipeline import Ask, Assistant, admit  # noqa: E402
from assistant.config import Settings  # noqa: E402


def timed_model(assistant: Assistant) -> list[float]:
    """Wrap the model's one C entry point to add up the CPU it takes."""
    spent = [0.0]
    model = assistant.embedder._model
    encode = model._encode

    def counted(texts, is_query):
        start = time.process_time()
        try:
            return encode(texts, is_query)
        finally:
            spent[0] += time.process_time() - start

    model._encode = counted
    return spent


def run(assistant: Assistant, settings: Settings, texts: list[str], batch: int) -> None:
    admitted = [admit(Ask(t, "api"), settings) for t in texts]
    if batch <= 1:
        for a in admitted:
            assistant.compute(a)
    else:
        for i in range(0, len(admitted), batch):
            assistant.compute_batch(admitted[i:i + batch])


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--questions", type=int, default=400)
    p.add_argument("--index", type=Path, default=ROOT / "index")
    p.add_argument("--top", type=int, default=30)
    p.add_argument("--batch", type=lambda v: [int(x) for x in v.split(",")], default=[1],
                   help="questions computed at once, e.g. 1,8: each in turn")
    p.add_argument("--rounds", type=int, default=1)
    p.add_argument("--sort", default="tottime")
    args = p.parse_args()
    settings = Settings.from_env(index_dir=args.index)
    assistant = Assistant.open(settings)
    texts = questions()
    run(assistant, settings, base_questions(texts) * 2 + texts[-200:], 1)  # warm-up
    chosen = texts[:args.questions]
    spent = timed_model(assistant)
    n = len(chosen)
    totals: dict[int, list[float]] = {b: [0.0, 0.0] for b in args.batch}
    for _ in range(args.rounds):  # the batch sizes in turn: a busy moment hits each alike
        for batch in args.batch:
            spent[0] = 0.0
            cpu0 = time.process_time()
            run(assistant, settings, chosen, batch)
            totals[batch][0] += time.process_time() - cpu0
            totals[batch][1] += spent[0]
    for batch, (cpu, model) in totals.items():
        m = n * args.rounds
        print(f"{n} questions x {args.rounds}, batch {batch}: CPU per answer {1000 * cpu / m:.2f} ms, "
              f"model {1000 * model / m:.2f} ms, the rest {1000 * (cpu - model) / m:.2f} ms")
    if not args.top:
        return 0
    profile = cProfile.Profile(time.process_time)
    profile.enable()
    run(assistant, settings, chosen, args.batch[0])
    profile.disable()
    pstats.Stats(profile).sort_stats(args.sort).print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
