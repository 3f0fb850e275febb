"""CPU per answer, stage by stage, outside the model (not a test).

    .venv/bin/python bench/cpu_stages.py [--sizes shipped,10k,100k] [--questions 300]

What one /api/ask question costs in process time, split into the stages of
the question pipeline as the server runs them: in the server process
`admit` (check, personal-data screening, follow-up), the pickling of the
question to a worker and of its answer back, `answer_json` and the answer's
signature, the observers (metrics, declined questions); in the worker
`Assistant.compute_batch` (batches of 8, as under load): the query record,
the model's query embedding, the search (FAISS, BM25, signals, passages),
the focus, the evidence, the decision, the passages from elsewhere and the
answer. Each stage's own time (the stages it calls are left out of it);
"model" is every call of the model's C code (the query vectors, and the
answerability's word vectors). The indexes are bench/throughput.py's
(--work: shipped, 10k, 100k; bench/throughput.py builds them). Questions:
bench/throughput.py's distinct questions, after the same warm-up as
bench/profile_compute.py. The HTTP and ASGI layers are not here:
bench/throughput.py reports the server process's whole CPU per answer.
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from throughput import base_questions, questions  # noqa: E402

from assistant.answering import pipeline  # noqa: E402
from assistant.answering.contract import answer_json  # noqa: E402
from assistant.answering.pipeline import Ask, Assistant, admit  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.editors.gaps import GapStore  # noqa: E402
from assistant.governance.feedback import FeedbackStore  # noqa: E402
from assistant.governance.metrics import Metrics  # noqa: E402
from assistant.retrieval import retrieve as retrieve_module  # noqa: E402
from assistant.retrieval.searcher import Searcher  # noqa: E402
from assistant.web import answer_pool  # noqa: E402,F401  (pickles a query as the pool does)

WORKER = ("query", "model", "search", "focus", "evidence", "decide", "elsewhere", "answer",
          "worker other")
SERVER = ("admit", "pickle", "answer_json", "sign", "observers")


class Stages:
    """Own process time per stage: a stage's time less the stages it calls."""

    def __init__(self):
        self.own: dict[str, float] = defaultdict(float)
        self._stack: list[list] = []  # [name, started, children]

    def wrap(self, name: str, fn):
        def timed(*args, **kwargs):
            self._stack.append([name, time.process_time(), 0.0])
            try:
                return fn(*args, **kwargs)
            finally:
                _, started, children = self._stack.pop()
                spent = time.process_time() - started
                self.own[name] += spent - children
                if self._stack:
                    self._stack[-1][2] += spent
        return timed

    def patch(self, owner, attr: str, name: str) -> None:
        setattr(owner, attr, self.wrap(name, getattr(owner, attr)))


def instrument(stages: Stages, assistant: Assistant) -> None:
    model = assistant.embedder._model
    stages.patch(model, "_encode", "model")
    stages.patch(Searcher, "query", "query")
    stages.patch(Searcher, "focused_articles", "focus")
    stages.patch(retrieve_module, "measure", "evidence")
    stages.patch(retrieve_module, "decide", "decide")
    stages.patch(pipeline, "compose", "answer")


def elsewhere_split(stages: Stages):
    """Searcher.search called by retrieve a second time is the elsewhere
    search: counted apart by its `exclude` argument."""
    search = Searcher.search
    inner = stages.wrap("search", search)
    other = stages.wrap("elsewhere", search)

    def dispatch(self, question, k, municipality=None, year=None, ranking=None, exclude=None):
        fn = other if exclude is not None else inner
        return fn(self, question, k, municipality, year, ranking, exclude)
    Searcher.search = dispatch


def measure_size(index: Path, n: int, work: Path) -> tuple[dict[str, float], int, int]:
    settings = Settings.from_env(index_dir=index)
    assistant = Assistant.open(settings)
    texts = questions()
    warm = [admit(Ask(t, "api"), settings) for t in base_questions(texts) * 2 + texts[-200:]]
    for a in warm:
        assistant.compute(a)
    stages = Stages()
    instrument(stages, assistant)
    elsewhere_split(stages)
    feedback = FeedbackStore(work / "feedback.db")
    metrics, gaps = Metrics(), GapStore(work / "gaps.db", 90)
    observers = (metrics.observe, gaps.observe)
    chosen = texts[:n]
    total_worker = 0.0
    for i in range(0, n, 8):
        t0 = time.process_time()
        batch = [admit(Ask(t, "api"), settings) for t in chosen[i:i + 8]]
        t1 = time.process_time()
        sent = pickle.loads(pickle.dumps(batch, pickle.HIGHEST_PROTOCOL))
        t2 = time.process_time()
        results = assistant.compute_batch(sent)
        t3 = time.process_time()
        back = pickle.loads(pickle.dumps(results, pickle.HIGHEST_PROTOCOL))
        t4 = time.process_time()
        for admitted, asked in zip(batch, back):
            if isinstance(asked, Exception):
                continue
            s0 = time.process_time()
            for observe in observers:
                observe(pipeline.Observed(admitted.checked.request, asked.answer, seconds=0.1))
            s1 = time.process_time()
            out = answer_json(asked.answer)
            s2 = time.process_time()
            out["answer_id"] = feedback.sign(out)
            s3 = time.process_time()
            stages.own["observers"] += s1 - s0
            stages.own["answer_json"] += s2 - s1
            stages.own["sign"] += s3 - s2
        stages.own["admit"] += t1 - t0
        stages.own["pickle"] += (t2 - t1) + (t4 - t3)
        total_worker += t3 - t2
    named = sum(stages.own[s] for s in WORKER if s != "worker other")
    stages.own["worker other"] = total_worker - named
    data = assistant.searcher.data
    return {k: 1000 * v / n for k, v in stages.own.items()}, data.n_chunks, len(data.sent_start)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="shipped,10k,100k")
    p.add_argument("--questions", type=int, default=300)
    p.add_argument("--work", type=Path, default=Path("/tmp/samverkan-throughput"))
    args = p.parse_args()
    rows = {}
    for name in args.sizes.split(","):
        index = args.work / name / "index"
        with tempfile.TemporaryDirectory() as tmp:
            rows[name] = measure_size(index, args.questions, Path(tmp))
        own, chunks, sents = rows[name]
        print(f"{name}: {chunks} chunks, {sents} sentences, {args.questions} questions",
              flush=True)
    print(f"\nms CPU per answer (process time), {args.questions} questions, batches of 8")
    print(f"{'stage':<16}" + "".join(f"{n:>10}" for n in rows))
    for group, names in (("worker", WORKER), ("server", SERVER)):
        for stage in names:
            print(f"{stage:<16}" + "".join(f"{rows[n][0].get(stage, 0.0):>10.2f}" for n in rows))
        outside = [s for s in names if s != "model"]
        print(f"{group + ' not model':<16}" + "".join(
            f"{sum(rows[n][0].get(s, 0.0) for s in outside):>10.2f}" for n in rows))
    print(f"{'all not model':<16}" + "".join(
        f"{sum(v for k, v in rows[n][0].items() if k != 'model'):>10.2f}" for n in rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
