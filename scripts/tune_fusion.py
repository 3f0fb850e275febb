"""Grid over the fusion weights on an evaluation set; prints hit@3 and MRR@10.

    python scripts/tune_fusion.py eval/questions.jsonl

Question embeddings are cached per run, so each grid point costs only the
search itself. Used to choose the defaults in assistant/config.py.
"""

from __future__ import annotations

import itertools
import sys
from dataclasses import replace
from pathlib import Path

from assistant.config import Settings
from assistant.evaluation import evaluate, read_questions
from assistant.service import Assistant


class CachedEmbedder:
    def __init__(self, inner):
        self.inner, self.name, self.dim, self.cache = inner, inner.name, inner.dim, {}
        self.min_score = inner.min_score

    def embed_queries(self, texts):
        import numpy as np

        for t in texts:
            if t not in self.cache:
                self.cache[t] = self.inner.embed_queries([t])[0]
        return np.stack([self.cache[t] for t in texts])

    def embed_passages(self, texts):
        return self.inner.embed_passages(texts)


def main(path: str) -> None:
    questions = read_questions(Path(path))
    base = Settings.from_env()
    assistant = Assistant(base)
    assistant.searcher.embedder = CachedEmbedder(assistant.embedder)
    grid = itertools.product([0.5, 1.0], [0.0, 0.25, 0.5, 1.0], [0.0, 0.05, 0.1, 0.2],
                             [0.0, 0.03, 0.06], [1, 2])
    rows = []
    for ws, wc, wl, wp, cap in grid:
        settings = replace(base, w_sentence=ws, w_chunk=wc, w_lexical=wl, w_place=wp, per_article=cap)
        assistant.settings = settings
        assistant.searcher.settings = settings
        m = evaluate(assistant, questions)["metrics"]
        rows.append((m["all"]["hit@3"], m["all"]["mrr@10"], m.get("paraphrase", {}).get("hit@3"),
                     (ws, wc, wl, wp, cap)))
    rows.sort(reverse=True)
    print("hit@3  mrr@10  paraphrase-hit@3  (w_sentence, w_chunk, w_lexical, w_place, per_article)")
    for r in rows[:15]:
        print(f"{r[0]:<6} {r[1]:<7} {r[2]!s:<17} {r[3]}")
    default = [r for r in rows if r[3] == (base.w_sentence, base.w_chunk, base.w_lexical,
                                           base.w_place, base.per_article)]
    print("defaults:", default)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "eval/questions.jsonl")
