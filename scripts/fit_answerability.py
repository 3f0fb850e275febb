"""Refit the answerability model (assistant/data/answerability.json).

    python scripts/fit_answerability.py            # fit on the first-score rows, write the model
    python scripts/fit_answerability.py --dry-run  # report only
    python scripts/fit_answerability.py --dry-run --seeds 7,1,2,3,4  # mean over 5 splits
    python scripts/fit_answerability.py --rows development --dry-run  # the development rows

The model is fitted on the first-score rows (eval/first-score/): for each
batch, the evidence its questions got from the code of the commit the batch
was first scored on, before anyone had read a question of it
(scripts/fresh_rows.py collect). Those rows show how each reading behaves on
questions it was not written or mended for, which is what the product meets;
on the development rows the readings were mended until they almost never
fire for an answerable question, so a model fitted there trusts them fully
and declines about three times as many answerable new questions as it does
there (docs/evaluation.md, "Readings on questions they were not fitted to").
The features are those each commit measured; where a definition changed
since and the old value can be rewritten exactly, fresh_rows._rows does so,
and otherwise a row keeps the reading of its day (which is the point: how a
reading behaves before it is mended).

`--rows development` asks every question of every set in eval/ through
`Assistant.ask_ranked` (the path of `assistant ask`) on the shipped corpus
and on the grown one (corpus/ + eval/grown/), and reports on that evidence
(`--cached` reuses the last collection). Either way a row is one question on
one corpus, labelled by its gold: answerable or not. Rows the structural
checks decide (a municipality no article is about, no passage at all) are
not the model's to learn. On the grown corpus, an unanswerable question of
a shipped set that names no municipality is left out: a test article may
answer it.

A logistic regression (L2, numpy) is fitted with cross-validation grouped by
question (the same question on both corpora, or in two sets, stays in one
fold), and checked leaving one set out. The threshold is the highest
probability cut whose held-out wrong declines stay within --max-wrong (the
issue's 3 % on first-score rows; 1.5 % on development rows, whose held-out
rate runs below what new questions meet), counted over every answerable
question, the structural declines included, with one question of slack
(SLACK): the highest cut that fits is the one sampling flatters most, so a
cut must keep room for one more wrong decline on each corpus.
Every figure printed is held out: a fold's model and threshold never saw its
questions.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.retrieval.answerability import FEATURES, MODEL_FILE, Model  # noqa: E402

ROWS = ROOT / ".cache" / "eval" / "answerability-rows.json"
FIRST_SCORE = ROOT / "eval" / "first-score"
SLACK = 1


def first_score_rows() -> list[dict]:
    """The rows of eval/first-score/, each with its question's class of
    unanswerable from the set in eval/ it came from."""
    from assistant.answering.evaluation import read_questions
    from fresh_rows import _rows

    cls = {(path.stem, q.id): q.cls for path in (ROOT / "eval").glob("*.jsonl")
           if path.name != "judged.jsonl" for q in read_questions(path)}
    rows = [r for path in sorted(FIRST_SCORE.glob("*.json.gz")) for r in _rows(path)]
    for r in rows:
        r["class"] = cls.get((r["set"], r["id"]))
    return rows


def collect(max_files: list[Path]) -> list[dict]:
    from assistant.answering.evaluation import GROWN, SHIPPED
    from assistant.retrieval import answerability
    from fresh_rows import question_rows
    from rank_probe import assistants

    # the evidence does not depend on the model being refitted (which may
    # name features that no longer exist): collect without it
    answerability.shipped_model = lambda: None
    found = assistants()
    rows = question_rows(found[SHIPPED], found[GROWN], max_files)
    for r in rows:
        del r["declined"]  # without a model: not the pipeline's decision
    return rows


# --- logistic regression


def fit_lr(x: np.ndarray, y: np.ndarray, l2: float, iters: int = 50) -> tuple[np.ndarray, float]:
    """Weights and bias of an L2-regularised logistic regression (Newton's method)."""
    n, d = x.shape
    xb = np.hstack([x, np.ones((n, 1))])
    w = np.zeros(d + 1)
    reg = np.full(d + 1, l2)
    reg[-1] = 0.0
    for _ in range(iters):
        p = 1 / (1 + np.exp(-np.clip(xb @ w, -50, 50)))
        grad = xb.T @ (p - y) + reg * w
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + np.diag(reg + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:-1], float(w[-1])


class Fitted:
    def __init__(self, x: np.ndarray, y: np.ndarray, l2: float):
        self.mean = x.mean(axis=0)
        self.scale = x.std(axis=0)
        self.scale[self.scale < 1e-9] = 1.0
        self.w, self.b = fit_lr((x - self.mean) / self.scale, y, l2)

    def prob(self, x: np.ndarray) -> np.ndarray:
        z = ((x - self.mean) / self.scale) @ self.w + self.b
        return 1 / (1 + np.exp(-np.clip(z, -50, 50)))


def near_duplicates(rows: list[dict], jaccard: float = 0.5) -> None:
    """Set each row's "group" to one key per cluster of near-duplicate
    questions (stemmed words overlapping by `jaccard` or more): "Hur många
    kunder har hemtjänst i Bergvik?" and "... hemtjänsten i Bergvik?" are
    one question for the folds."""
    from assistant.swedish.words import terms

    texts = sorted({r["group"] for r in rows})
    words = [set(terms(t)) for t in texts]
    parent = list(range(len(texts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            union = words[i] | words[j]
            if union and len(words[i] & words[j]) / len(union) >= jaccard:
                parent[root(i)] = root(j)
    key = {t: texts[root(i)] for i, t in enumerate(texts)}
    for r in rows:
        r["group"] = key[r["group"]]


def folds_of(groups: list[str], k: int, seed: int = 7) -> np.ndarray:
    """A fold number per row; rows of one group share a fold."""
    uniq = sorted(set(groups))
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(uniq))
    fold_of = {uniq[i]: n % k for n, i in enumerate(order)}
    return np.array([fold_of[g] for g in groups])


def auc(p: np.ndarray, y: np.ndarray) -> float:
    pos, neg = p[y == 1], p[y == 0]
    if not len(pos) or not len(neg):
        return float("nan")
    return float((pos[:, None] > neg[None, :]).mean() + 0.5 * (pos[:, None] == neg[None, :]).mean())


def choose_threshold(p: np.ndarray, model_rows: list[dict], rows: list[dict],
                     max_wrong: float) -> float:
    """The highest cut at which, on each corpus, the answerable questions
    declined (by the model under the cut, or by a structural check), one
    more included, stay within `max_wrong`. `p`: the model's probabilities of `model_rows`;
    `rows`: every row, the structurally declined ones included."""
    best = 0.0
    corpora = sorted({r["corpus"] for r in rows})
    cuts = sorted({float(x) for x, r in zip(p, model_rows) if r["answerable"]})
    for lo, hi in zip([0.0] + cuts, cuts + [1.0]):
        t = (lo + hi) / 2
        ok = True
        for c in corpora:
            ans = [r for r in rows if r["corpus"] == c and r["answerable"]]
            if not ans:
                continue
            wrong = sum(r["gated"] for r in ans) + sum(
                1 for x, r in zip(p, model_rows) if r["corpus"] == c and r["answerable"] and x < t)
            ok &= wrong + SLACK <= max_wrong * len(ans)
        if not ok:
            break
        best = t
    return best


def held_out(rows: list[dict], names: list[str], fold: np.ndarray, l2: float, max_wrong: float,
             inner_k: int = 5) -> tuple[np.ndarray, np.ndarray, list[dict]]:
    """Out-of-fold probabilities, thresholds and per-fold figures. A fold's
    threshold comes from inner cross-validation on the other folds."""
    model_rows = [r for r in rows if not r["gated"]]
    x = np.array([[r["features"][n] for n in names] for r in model_rows])
    y = np.array([float(r["answerable"]) for r in model_rows])
    mfold = np.array([fold[i] for i, r in enumerate(rows) if not r["gated"]])
    groups = [r["group"] for r in model_rows]
    prob = np.zeros(len(y))
    thr = np.zeros(len(y))
    figures = []
    for f in sorted(set(fold.tolist())):
        train, test = mfold != f, mfold == f
        inner = folds_of([g for g, t in zip(groups, train) if t], inner_k, seed=f + 100)
        xt, yt = x[train], y[train]
        inner_p = np.zeros(len(yt))
        for g in range(inner_k):
            m = Fitted(xt[inner != g], yt[inner != g], l2)
            inner_p[inner == g] = m.prob(xt[inner == g])
        train_all = [r for i, r in enumerate(rows) if fold[i] != f]
        train_model = [r for r, t in zip(model_rows, train) if t]
        t = choose_threshold(inner_p, train_model, train_all, max_wrong)
        model = Fitted(xt, yt, l2)
        prob[test] = model.prob(x[test])
        thr[test] = t
        test_all = [r for i, r in enumerate(rows) if fold[i] == f]
        figures.append({"fold": f, "threshold": t, **decline_figures(
            test_all, {id(r): (p, t) for r, p in zip([r for r, s in zip(model_rows, test) if s],
                                                     prob[test])}),
            "auc": auc(prob[test], y[test])})
    return prob, thr, figures


def decline_figures(rows: list[dict], decided: dict[int, tuple[float, float]]) -> dict:
    """Wrongly declined and unanswerable declined over `rows`: gated rows
    are declined; the others by their (probability, threshold)."""
    def declined(r):
        if r["gated"]:
            return True
        p, t = decided[id(r)]
        return p < t
    ans = [r for r in rows if r["answerable"]]
    una = [r for r in rows if not r["answerable"]]
    return {"answerable": len(ans), "unanswerable": len(una),
            "wrongly_declined": sum(map(declined, ans)) / max(len(ans), 1),
            "unanswerable_declined": sum(map(declined, una)) / max(len(una), 1)}


def report(rows, names, l2, max_wrong, k) -> tuple[np.ndarray, np.ndarray]:
    fold = folds_of([r["group"] for r in rows], k)
    prob, thr, figures = held_out(rows, names, fold, l2, max_wrong)
    print(f"\n{k}-fold cross-validation grouped by question (held out; threshold by inner CV):")
    print(f"{'fold':>4} {'ans':>5} {'unans':>6} {'thresh':>7} {'AUC':>6} {'wrong':>7} "
          f"{'declined':>9}")
    for f in figures:
        print(f"{f['fold']:>4} {f['answerable']:>5} {f['unanswerable']:>6} {f['threshold']:>7.3f} "
              f"{f['auc']:>6.3f} {f['wrongly_declined']:>7.3f} {f['unanswerable_declined']:>9.3f}")
    model_rows = [r for r in rows if not r["gated"]]
    decided = {id(r): (p, t) for r, p, t in zip(model_rows, prob, thr)}
    tot = decline_figures(rows, decided)
    y = np.array([float(r["answerable"]) for r in model_rows])
    print(f"{'all':>4} {tot['answerable']:>5} {tot['unanswerable']:>6} {'':>7} "
          f"{auc(prob, y):>6.3f} {tot['wrongly_declined']:>7.3f} "
          f"{tot['unanswerable_declined']:>9.3f}")
    for corpus, rs in sorted(_by(rows, lambda r: r["corpus"]).items()):
        t = decline_figures(rs, decided)
        print(f"  {corpus:<8} wrongly declined {t['wrongly_declined']:.3f} of {t['answerable']}, "
              f"unanswerable declined {t['unanswerable_declined']:.3f} of {t['unanswerable']}")
    print("\nper set and corpus (held out):")
    for (corpus, name), rs in sorted(_by(rows, lambda r: (r["corpus"], r["set"])).items()):
        t = decline_figures(rs, decided)
        print(f"  {corpus:<8}{name:<16} answerable {t['answerable']:>3}, wrongly declined "
              f"{t['wrongly_declined']:.3f}; unanswerable {t['unanswerable']:>3}, declined "
              f"{t['unanswerable_declined']:.3f}")
    by_class = _by([r for r in rows if not r["answerable"]], lambda r: r["class"] or "-")
    print("per unanswerable class: " + ", ".join(
        f"{c} {decline_figures(rs, decided)['unanswerable_declined']:.2f} ({len(rs)})"
        for c, rs in sorted(by_class.items())))
    return prob, thr


def over_seeds(rows, names, l2, max_wrong, k, seeds: list[int]) -> None:
    """The held-out figures averaged over fold assignments (one question
    moves a set's figure by up to 0.1, so a single split is noisy)."""
    over_folds(rows, names, l2, max_wrong,
               [np.array(folds_of([r["group"] for r in rows], k, seed)) for seed in seeds],
               f"mean over fold seeds {', '.join(map(str, seeds))}")


def over_folds(rows, names, l2, max_wrong, folds: list[np.ndarray], label: str) -> None:
    """The held-out figures, all, per corpus, set and class, averaged over
    the fold assignments `folds` (one fold number per row)."""
    sums: dict[str, np.ndarray] = defaultdict(lambda: np.zeros(2))
    def where(**want):
        return lambda r: all((r[f] or "-" if f == "class" else r[f]) == v for f, v in want.items())

    keys = [("all", where())]
    keys += [(c, where(corpus=c)) for c in sorted({r["corpus"] for r in rows})]
    keys += [(f"{c} {n}", where(corpus=c, set=n))
             for c, n in sorted({(r["corpus"], r["set"]) for r in rows})]
    keys += [(f"class {c}", where(answerable=False, **{"class": c}))
             for c in sorted({r["class"] or "-" for r in rows if not r["answerable"]})]
    model_rows = [r for r in rows if not r["gated"]]
    for fold in folds:
        prob, thr, _ = held_out(rows, names, fold, l2, max_wrong)
        decided = {id(r): (p, t) for r, p, t in zip(model_rows, prob, thr)}
        for name, keep in keys:
            t = decline_figures([r for r in rows if keep(r)], decided)
            sums[name] += (t["wrongly_declined"], t["unanswerable_declined"])
    print(f"\nheld out, {label} (wrongly declined / unanswerable declined):")
    for name, _ in keys:
        wrong, declined = sums[name] / len(folds)
        print(f"  {name:<26} {wrong:.3f} / {declined:.3f}")


def leave_one_set_out(rows, names, l2, max_wrong) -> None:
    sets = sorted({r["set"] for r in rows})
    fold = np.array([sets.index(r["set"]) for r in rows])
    _, _, figures = held_out(rows, names, fold, l2, max_wrong)
    print("\nleave one set out (the set held out on both corpora):")
    for f in figures:
        print(f"  {sets[f['fold']]:<16} ans {f['answerable']:>3} unans {f['unanswerable']:>3} "
              f"thresh {f['threshold']:.3f} AUC {f['auc']:.3f} wrong {f['wrongly_declined']:.3f} "
              f"declined {f['unanswerable_declined']:.3f}")


def _by(rows, key):
    out = defaultdict(list)
    for r in rows:
        out[key(r)].append(r)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", choices=("first-score", "development"), default="first-score",
                        help="fit on the first-score rows (eval/first-score/) or the development rows")
    parser.add_argument("--cached", action="store_true",
                        help="reuse the last collected development rows")
    parser.add_argument("--dry-run", action="store_true", help="report, do not write the model")
    parser.add_argument("--features", default=",".join(FEATURES))
    parser.add_argument("--l2", type=float, default=3.0)
    parser.add_argument("--folds", type=int, default=10)
    parser.add_argument("--max-wrong", type=float,
                        help="share of answerable questions declined (0.03 first-score, 0.015 development)")
    parser.add_argument("--seeds", default="",
                        help="also the mean over these fold seeds (7,1,2,3,4)")
    args = parser.parse_args(argv)
    from assistant.answering.evaluation import question_files

    if args.cached and args.rows == "first-score":
        parser.error("--cached reuses the collected development rows: add --rows development")
    if args.max_wrong is None:
        args.max_wrong = 0.03 if args.rows == "first-score" else 0.015
    if args.rows == "first-score":
        rows = first_score_rows()
    elif args.cached and ROWS.exists():
        rows = json.loads(ROWS.read_text("utf-8"))
    else:
        rows = collect(question_files(ROOT / "eval"))
        ROWS.parent.mkdir(parents=True, exist_ok=True)
        ROWS.write_text(json.dumps(rows, ensure_ascii=False), "utf-8")
    near_duplicates(rows)
    names = [n for n in args.features.split(",") if n]
    print(f"{len({r['group'] for r in rows})} questions after joining near-duplicates; "
          f"{len(rows)} rows, {sum(not r['gated'] for r in rows)} for the model "
          f"({sum(not r['gated'] and not r['answerable'] for r in rows)} unanswerable); "
          f"features: {', '.join(names)}")
    prob, _ = report(rows, names, args.l2, args.max_wrong, args.folds)
    if args.seeds:
        over_seeds(rows, names, args.l2, args.max_wrong, args.folds,
                   [int(x) for x in args.seeds.split(",")])
    leave_one_set_out(rows, names, args.l2, args.max_wrong)

    model_rows = [r for r in rows if not r["gated"]]
    x = np.array([[r["features"][n] for n in names] for r in model_rows])
    y = np.array([float(r["answerable"]) for r in model_rows])
    final = Fitted(x, y, args.l2)
    threshold = choose_threshold(prob, model_rows, rows, args.max_wrong)
    print("\nfinal model (all rows), threshold from the held-out probabilities: "
          f"{threshold:.3f}")
    for n, w in sorted(zip(names, final.w), key=lambda t: -abs(t[1])):
        print(f"  {n:<22} {w:+.3f}")
    if args.dry_run:
        return
    model = Model(tuple(names), tuple(final.mean.tolist()), tuple(final.scale.tolist()),
                  tuple(final.w.tolist()), final.b, threshold,
                  {"model": "intfloat/multilingual-e5-small", "rows": len(model_rows),
                   "fitted_on": "eval/first-score" if args.rows == "first-score" else "eval",
                   "l2": args.l2, "max_wrong": args.max_wrong, "slack": SLACK,
                   "fitted_by": "scripts/fit_answerability.py"})
    path = ROOT / "assistant" / MODEL_FILE
    path.write_text(json.dumps(model.to_json(), ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(f"written {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
