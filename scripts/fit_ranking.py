"""Learn the fusion weights (assistant/data/ranking.json) from labelled questions.

    python scripts/fit_ranking.py            # cross-validate, report per fold and per set
    python scripts/fit_ranking.py --write    # ... and write assistant/data/ranking.json

Not kept so far (docs/evaluation.md): held out, the learned weights raise
batch C and lower batch A and the held-out set, so the hand-set weights of
assistant/ranking.py stay and nothing reads ranking.json.

Round whyhow8 (`--folds 5`, with the `reason` signal in the fit and the
shipped w_reason 0.02, role_bound on): held out, now 0.869 / 0.778
(hit@3 / MRR@10), learned 0.863 / 0.774; per fold now -> learned .874 /
.792 -> .882 / .790, .825 / .690 -> .781 / .681, .884 / .809 -> .870 /
.792, .890 / .804 -> .901 / .816, .856 / .771 -> .860 / .767; batch A
shipped .949 -> .915, heldout shipped .846 -> .808. The learned w_reason is
0.060-0.076 in every fold (all folds 0.069): the sign holds, but at 0.03
scripts/rank_sweep.py already finds 7 set rows falling. Not kept.

The fusion stays a pure weighted sum of the signal matrix (retrieval/fusion.py,
retrieval/signals.py); only its weights are learned. For every answerable
question of every set in eval/ (on the shipped corpus and, for the questions
with one answer there, the grown one) the candidates and their signals are
gathered as `Searcher.search` gathers them; a candidate is positive when it
overlaps a gold quote. A conditional logit (softmax over a question's
candidates, L2, numpy) is fitted; English questions get their own weight for
BM25 (they share no words with the articles). The weights are scaled so that
the sentence weight is 1: scores keep their scale (the quote-joining margin
and the answerability evidence read them).

Cross-validation is grouped by question (near-duplicates joined, as in
fit_answerability.py). A fold's weights are scored on its held-out questions
through `Assistant.ask_ranked` (the path of `assistant ask`): hit@3 and
MRR@10 of the ranked quotes, declines aside, against the weights in use now.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from fit_answerability import folds_of, near_duplicates  # noqa: E402

WEIGHTS = ("w_sentence", "w_chunk", "w_lexical", "w_answer_type", "w_role", "w_outcome",
           "w_lexical_english", "w_reason")
OUT = ROOT / "assistant" / "data" / "ranking.json"


def collect():
    """(questions, assistants): per corpus and answerable question, its
    candidates' signals and which overlap the gold."""
    from assistant.answering.evaluation import (GROWN, SHIPPED, grown_assistant, question_files,
                                                read_questions, sets_about, counts_on)
    from assistant.answering.pipeline import Assistant
    from assistant.config import Settings
    from assistant.retrieval import answerability
    from assistant.retrieval.signals import article_mask, gather, signal_matrix

    answerability.shipped_model = lambda: None  # the decision plays no part here
    settings = Settings.from_env(corpus_dir=ROOT / "corpus", index_dir=ROOT / "index")
    shipped = Assistant(settings)
    grown = grown_assistant(settings, shipped.embedder, ROOT / "eval" / "grown",
                            ROOT / ".cache" / "eval", log=lambda m: print(m, file=sys.stderr))
    files = question_files(ROOT / "eval")
    about_grown = sets_about(files, {a.id for a in shipped.searcher.data.articles})
    out = []
    for corpus, assistant in ((SHIPPED, shipped), (GROWN, grown)):
        s = assistant.searcher
        d = s.data
        ids = {a.id: i for i, a in enumerate(d.articles)}
        for path in files:
            for q in read_questions(path):
                if not q.gold or any(a not in ids for a, _ in q.gold):
                    continue
                if not counts_on(corpus, path.stem, q.question, about_grown,
                                 frozenset(s.covered_names)):
                    continue
                query = s.query(q.question)
                focused = s.focused_articles(query)
                keep = article_mask(len(d.articles), focused) if focused else None
                cands = gather(d, s.embed(query.text), query, s.ranking, keep)
                if cands is None:
                    continue
                sents = np.asarray([x for x in cands.sentences.tolist()
                                    if x not in s._headings], np.int64)
                x = signal_matrix(d, cands, s.embed(query.text), query, sents)
                gold = []
                for art, quote in q.gold:
                    body = d.articles[ids[art]].body
                    start = body.find(quote)
                    gold.append((ids[art], start, start + len(quote)))
                y = np.array([any(int(d.sent_article[i]) == a and d.sent_start[i] < e
                                  and st < d.sent_end[i] for a, st, e in gold) for i in sents])
                out.append({"corpus": corpus, "set": path.stem, "id": q.id,
                            "question": q.question, "group": " ".join(q.question.lower().split()),
                            "english": query.english, "x": x, "y": y})
        print(f"{corpus}: {sum(r['corpus'] == corpus for r in out)} questions", file=sys.stderr)
    return out, {SHIPPED: shipped, GROWN: grown}


def design(r: dict) -> np.ndarray:
    """(n, 8): the first six signals (not fact and plan), BM25 moved to its
    own column for English, and the reason signal (round whyhow8)."""
    from assistant.ranking import SIGNALS

    x = np.zeros((len(r["x"]), len(WEIGHTS)), np.float64)
    x[:, :6] = r["x"][:, :6]  # the round-6 signals (fact, plan) are left out of this fit
    if r["english"]:
        x[:, 6], x[:, 2] = x[:, 2], 0.0
    x[:, 7] = r["x"][:, SIGNALS.index("reason")]
    return x


def fit(rows: list[dict], l2: float, top: int = 0, iters: int = 300) -> np.ndarray:
    """Conditional logit weights by gradient descent with backtracking;
    `top`: only a question's `top` candidates by the dense signal compete
    (0: all)."""
    data = []
    for r in rows:
        x, y = design(r), r["y"].astype(bool)
        if top:
            keep = np.argsort(-x[:, 0])[:top]
            x, y = x[keep], y[keep]
        if y.any():
            data.append((x, y))
    # standardised columns, so that the penalty weighs every signal alike
    scale = np.concatenate([x for x, _ in data]).std(axis=0)
    scale[scale < 1e-9] = 1.0
    data = [(x / scale, y) for x, y in data]
    w = np.zeros(len(WEIGHTS))
    w[0] = 1.0

    def loss_grad(w):
        loss, grad = l2 * w @ w / 2, l2 * w
        for x, y in data:
            z = x @ w
            z -= z.max()
            p = np.exp(z)
            p /= p.sum()
            pos = p[y].sum()
            loss -= np.log(pos + 1e-12)
            grad -= x[y].T @ (p[y] / (pos + 1e-12)) - x.T @ p
        return loss, grad

    loss, grad = loss_grad(w)
    step = 1.0
    for _ in range(iters):
        new = w - step * grad
        new_loss, new_grad = loss_grad(new)
        if new_loss < loss:
            w, loss, grad = new, new_loss, new_grad
            step *= 1.2
        else:
            step *= 0.5
            if step < 1e-8:
                break
    w = w / scale
    return w / w[0]


def ranking_with(base, w: np.ndarray):
    return replace(base, **{k: float(v) for k, v in zip(WEIGHTS, w)})


def ranked_figures(assistants, rows: list[dict], ranking) -> dict:
    """hit@3 and MRR@10 of the ranked quotes (declines aside) of `rows`."""
    from assistant.answering.answer import to_passage
    from assistant.answering.evaluation import rank_of

    ranks = []
    for r in rows:
        a = assistants[r["corpus"]]
        asked = a.ask_ranked(r["question"], depth=10, ranking=ranking)
        bodies = {x.id: x.body for x in a.searcher.data.articles}
        spans = []
        for art, quote in r["gold"]:
            start = bodies[art].find(quote)
            spans.append((art, start, start + len(quote)))
        quotes = [to_passage(h, ranking) for h in asked.ranked[:10]]
        ranks.append(rank_of([(p.article.id, p.start, p.end) for p in quotes], spans))
    n = max(len(ranks), 1)
    return {"n": len(ranks), "hit@3": sum(1 for k in ranks if k and k <= 3) / n,
            "mrr@10": sum(1 / k for k in ranks if k) / n}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="write the learned weights")
    parser.add_argument("--l2", type=float, default=10.0)
    parser.add_argument("--folds", type=int, default=10)
    parser.add_argument("--top", type=int, default=10,
                        help="candidates that compete per question, by the dense signal (0: all)")
    args = parser.parse_args(argv)
    from assistant.answering.evaluation import read_questions, question_files

    rows, assistants = collect()
    gold = {(p.stem, q.id): q.gold for p in question_files(ROOT / "eval")
            for q in read_questions(p)}
    for r in rows:
        r["gold"] = gold[(r["set"], r["id"])]
    near_duplicates(rows)
    base = assistants["shipped"].settings.ranking
    now = np.array([getattr(base, k) for k in WEIGHTS])
    fold = folds_of([r["group"] for r in rows], args.folds)
    print(f"{len(rows)} questions ({len({r['group'] for r in rows})} after joining "
          f"near-duplicates); {sum(r['y'].any() for r in rows)} with a gold candidate")
    print(f"\n{args.folds}-fold cross-validation grouped by question, held out "
          "(hit@3 / MRR@10 of the ranked quotes):")
    print(f"{'fold':>4} {'n':>4} {'weights now':>20} {'learned':>20}   learned weights")
    held = {"now": {}, "learned": {}}
    for r in rows:
        held["now"][id(r)] = ranked_figures(assistants, [r], base)
    for f in range(args.folds):
        train = [r for r, g in zip(rows, fold) if g != f]
        test = [r for r, g in zip(rows, fold) if g == f]
        w = fit(train, args.l2, args.top)
        for r in test:
            held["learned"][id(r)] = ranked_figures(assistants, [r], ranking_with(base, w))
        cells = [f"{np.mean([held[k][id(r)]['hit@3'] for r in test]):>9.3f} / "
                 f"{np.mean([held[k][id(r)]['mrr@10'] for r in test]):.3f}"
                 for k in ("now", "learned")]
        print(f"{f:>4} {len(test):>4} {cells[0]} {cells[1]}   "
              + " ".join(f"{v:.3f}" for v in w), flush=True)
    cells = [f"{np.mean([held[k][id(r)]['hit@3'] for r in rows]):>9.3f} / "
             f"{np.mean([held[k][id(r)]['mrr@10'] for r in rows]):.3f}" for k in ("now", "learned")]
    print(f"{'all':>4} {len(rows):>4} {cells[0]} {cells[1]}")
    print("\nper set and corpus, held out (now -> learned):")
    for key in sorted({(r["corpus"], r["set"]) for r in rows}):
        rs = [r for r in rows if (r["corpus"], r["set"]) == key]
        cells = []
        for which in ("now", "learned"):
            h = np.mean([held[which][id(r)]["hit@3"] for r in rs])
            m = np.mean([held[which][id(r)]["mrr@10"] for r in rs])
            cells.append(f"{h:.3f} / {m:.3f}")
        print(f"  {key[0]:<8}{key[1]:<16} n {len(rs):>3}  {cells[0]} -> {cells[1]}")
    final = fit(rows, args.l2, args.top)
    print("\nweights now:     " + " ".join(f"{k}={v:.3f}" for k, v in zip(WEIGHTS, now)))
    print("weights learned: " + " ".join(f"{k}={v:.3f}" for k, v in zip(WEIGHTS, final)))
    if args.write:
        OUT.write_text(json.dumps({"version": 1, "weights": dict(zip(WEIGHTS, final.tolist())),
                                   "fitted_by": "scripts/fit_ranking.py", "l2": args.l2,
                                   "questions": len(rows)}, indent=1) + "\n", "utf-8")
        print(f"written {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
