"""Grid over the fusion weights on an evaluation set; prints hit@3 and MRR@10.

    python scripts/tune_fusion.py eval/questions.jsonl eval/heldout.jsonl

Question embeddings are cached per run, so each grid point costs only the
search itself. Used to choose the defaults in assistant/retrieval/settings.py.
"""

from __future__ import annotations

import itertools
import sys
from dataclasses import replace
from pathlib import Path

from assistant.config import Settings
from assistant.index.embedding import load_embedder
from assistant.answering.evaluation import evaluate, read_questions
from assistant.answering.pipeline import Assistant


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


def main(paths: list[str]) -> None:
    sets = [(Path(p).stem, read_questions(Path(p))) for p in paths]
    settings = Settings.from_env()
    assistant = Assistant(settings, CachedEmbedder(load_embedder(settings.model, settings.threads)))
    base = settings.ranking
    grid = itertools.product([0.5, 1.0], [0.25, 0.5, 1.0], [0.0, 0.05, 0.1, 0.2],
                             [0.0, 0.02, 0.04, 0.08], [1, 2])
    rows = []
    for ws, wc, wl, wt, cap in grid:
        ranking = replace(base, w_sentence=ws, w_chunk=wc, w_lexical=wl, w_answer_type=wt,
                          per_article=cap)
        per_set = [evaluate(assistant, qs, ranking)["metrics"] for _, qs in sets]
        both = evaluate(assistant, [q for _, qs in sets for q in qs], ranking)["metrics"]["all"]
        rows.append((both["hit@3"], both["mrr@10"],
                     [(m["all"]["hit@3"], m.get("paraphrase", {}).get("hit@3")) for m in per_set],
                     (ws, wc, wl, wt, cap)))
    rows.sort(key=lambda r: (r[0], r[1]), reverse=True)
    print("all: hit@3 mrr@10 | per file: (hit@3, paraphrase hit@3) for",
          ", ".join(name for name, _ in sets),
          "| (w_sentence, w_chunk, w_lexical, w_answer_type, per_article)")
    for r in rows[:15]:
        print(f"{r[0]:<6} {r[1]:<6} {r[2]}  {r[3]}")
    default = [r for r in rows if r[3] == (base.w_sentence, base.w_chunk, base.w_lexical,
                                           base.w_answer_type, base.per_article)]
    print("defaults:", default)


if __name__ == "__main__":
    main(sys.argv[1:] or ["eval/questions.jsonl", "eval/heldout.jsonl"])
