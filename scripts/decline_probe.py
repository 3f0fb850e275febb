"""Would other evidence, or another kind of model, decline better held out?

    python scripts/decline_probe.py --meaning 8,16,32      # embedded meaning as features
    python scripts/decline_probe.py --boosted               # boosted trees for the regression

Both are scored exactly as scripts/fit_answerability.py scores the shipped
model: on the first-score rows (eval/first-score/), grouped 10-fold
cross-validation, each fold's threshold by inner CV for at most 3 % wrong
declines on each corpus, the mean over fold seeds 7, 1, 2, 3, 4. The first
block printed is the shipped model's features and logistic regression.

`--meaning D`: the question's embedding times the embedding of the sentence
its best passage is built on (element by element, 384 numbers), reduced to
its D leading principal components, added to the features: whether the
passage means what the question asks, beyond the cosines the features
already hold (`dense1`, `meaning_min`). The components are taken over every
row the model decides, before the folds are split: no label is used, but the
held-out rows are seen. The best passage is today's ranking's, not the
first-score commit's (the rows do not keep it). `--l2` applies to the extra
weights as to all.

`--boosted`: scikit-learn's histogram gradient boosting (depth 2, 200
rounds, learning rate 0.05, its L2 1 and at least 20 rows a leaf; `--l2`
does not apply) on the same features, for interactions a logistic
regression cannot draw. scikit-learn comes with the `st` extra
(sentence-transformers).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import fit_answerability as fa  # noqa: E402

from assistant.retrieval.answerability import FEATURES  # noqa: E402

SEEDS = [7, 1, 2, 3, 4]


def products(rows: list[dict]) -> np.ndarray:
    """(rows, 384): the question's embedding times its best passage's sentence
    embedding, on the row's corpus (zeros when nothing was found)."""
    from rank_probe import assistants

    by_corpus = assistants()
    questions = by_corpus["shipped"].embedder.embed_queries([r["question"] for r in rows])
    out = np.zeros_like(questions, dtype=np.float32)
    for i, r in enumerate(rows):
        if r["gated"]:
            continue
        corpus = by_corpus[r["corpus"]]
        ranked = corpus.ask_ranked(r["question"], depth=1).ranked
        if ranked and ranked[0].sent >= 0:
            sentence = corpus.searcher.data.sentence_vectors[ranked[0].sent]
            out[i] = questions[i] * sentence.astype(np.float32)
    return out


def with_meaning(rows: list[dict], prod: np.ndarray, dims: int) -> list[str]:
    """Adds the `dims` leading principal components of `prod` to the model
    rows' features; returns the feature names."""
    model = np.array([not r["gated"] for r in rows])
    centred = prod - prod[model].mean(axis=0)
    _, _, vt = np.linalg.svd(centred[model], full_matrices=False)
    comps = centred @ vt[:dims].T
    names = [f"meaning_pc{j}" for j in range(dims)]
    for r, c in zip(rows, comps):
        if not r["gated"]:
            r["features"].update(zip(names, map(float, c)))
    return list(FEATURES) + names


class Boosted:
    """fit_answerability.Fitted's interface over boosted trees."""

    def __init__(self, x: np.ndarray, y: np.ndarray, l2: float):
        from sklearn.ensemble import HistGradientBoostingClassifier

        self.model = HistGradientBoostingClassifier(
            max_depth=2, learning_rate=0.05, max_iter=200, l2_regularization=1.0,
            min_samples_leaf=20, random_state=0).fit(x, y)

    def prob(self, x: np.ndarray) -> np.ndarray:
        return self.model.predict_proba(x)[:, 1]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--meaning", default="", help="principal components to add, e.g. 8,16,32")
    parser.add_argument("--boosted", action="store_true", help="boosted trees for the regression")
    parser.add_argument("--l2", type=float, default=3.0)
    args = parser.parse_args(argv)

    rows = fa.first_score_rows()
    fa.near_duplicates(rows)
    print("the shipped model's features, logistic regression:")
    fa.over_seeds(rows, list(FEATURES), args.l2, 0.03, 10, SEEDS)
    dims = [int(d) for d in args.meaning.split(",") if d]
    prod = products(rows) if dims else None
    for d in dims:
        print(f"\n+ {d} components of the question's and the best passage's embeddings:")
        fa.over_seeds(rows, with_meaning(rows, prod, d), args.l2, 0.03, 10, SEEDS)
    if args.boosted:
        fitted, fa.Fitted = fa.Fitted, Boosted
        try:
            print("\nthe same features, boosted trees:")
            fa.over_seeds(rows, list(FEATURES), args.l2, 0.03, 10, SEEDS)
        finally:
            fa.Fitted = fitted


if __name__ == "__main__":
    main()
