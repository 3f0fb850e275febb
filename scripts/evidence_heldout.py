"""Held-out effect of new evidence read by models fitted on the old, without a refit.

    python scripts/fit_answerability.py --rows development --dry-run   # old code: collect
    cp .cache/eval/answerability-rows.json OLD.json
    python scripts/fit_answerability.py --rows development --dry-run   # on the new code
    python scripts/evidence_heldout.py OLD.json .cache/eval/answerability-rows.json

The folds' models are fitted on the development rows (as the shipped model
was until it was fitted on the first-score rows, eval/first-score/), so this
measures a change to the evidence on the development sets only.

When a change only sets an existing feature on more questions (a result
asked of a study now sets `fact_head_missing`), the shipped model can stay:
its weight already says what the feature means. This measures that
honestly: the folds (grouped by question, as fit_answerability.py) and each
fold's model and threshold (inner CV, --max-wrong) come from the OLD
evidence only; the held-out rows are scored once with their old evidence
and once with their new. Refitting instead moves every threshold, so a
set's figure then moves by single borderline questions either way.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

import fit_answerability as fa  # noqa: E402


def decisions(old: list[dict], new: list[dict], seed: int, l2: float, max_wrong: float,
              k: int = 10) -> tuple[dict, dict, list[dict]]:
    """Per row index, declined or not, with the old and with the new
    evidence, by fold models fitted on the old evidence; and per fold figures."""
    names = list(fa.FEATURES)
    fold = fa.folds_of([r["group"] for r in old], k, seed)
    model_ix = [i for i, r in enumerate(old) if not r["gated"]]
    x = np.array([[old[i]["features"][n] for n in names] for i in model_ix])
    y = np.array([float(old[i]["answerable"]) for i in model_ix])
    mfold = fold[model_ix]
    groups = [old[i]["group"] for i in model_ix]
    out_old, out_new, figures = {}, {}, []
    for f in range(k):
        train = mfold != f
        inner = fa.folds_of([g for g, t in zip(groups, train) if t], 5, seed=f + 100)
        xt, yt = x[train], y[train]
        inner_p = np.zeros(len(yt))
        for g in range(5):
            inner_p[inner == g] = fa.Fitted(xt[inner != g], yt[inner != g], l2).prob(xt[inner == g])
        t = fa.choose_threshold(inner_p, [old[i] for i, tr in zip(model_ix, train) if tr],
                                [r for i, r in enumerate(old) if fold[i] != f], max_wrong)
        model = fa.Fitted(xt, yt, l2)
        for rows, out in ((old, out_old), (new, out_new)):
            for i, r in enumerate(rows):
                if fold[i] == f:
                    out[i] = bool(r["gated"]) or float(model.prob(np.array(
                        [[r["features"][n] for n in names]]))[0]) < t
        test = [i for i in range(len(old)) if fold[i] == f]
        figures.append({"fold": f, "threshold": t, "old": _rates(old, out_old, test),
                        "new": _rates(new, out_new, test)})
    return out_old, out_new, figures


def _rates(rows: list[dict], declined: dict, ix: list[int]) -> tuple[float, float, int, int]:
    ans = [i for i in ix if rows[i]["answerable"]]
    una = [i for i in ix if not rows[i]["answerable"]]
    return (sum(declined[i] for i in ans) / max(len(ans), 1),
            sum(declined[i] for i in una) / max(len(una), 1), len(ans), len(una))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--seeds", default="7,1,2,3,4")
    parser.add_argument("--l2", type=float, default=3.0)
    parser.add_argument("--max-wrong", type=float, default=0.015)
    args = parser.parse_args(argv)
    old = json.loads(args.old.read_text("utf-8"))
    new = json.loads(args.new.read_text("utf-8"))
    if [(r["corpus"], r["set"], r["id"]) for r in old] != [(r["corpus"], r["set"], r["id"])
                                                           for r in new]:
        raise SystemExit("the two row files hold other questions")
    fa.near_duplicates(old)
    for r, o in zip(new, old):
        r["group"] = o["group"]
    seeds = [int(s) for s in args.seeds.split(",")]
    keys: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(old):
        for key in ("all", r["corpus"], f"{r['corpus']} {r['set']}"):
            keys[key].append(i)
        if not r["answerable"]:
            keys[f"class {r['class'] or '-'}"].append(i)
    sums = {key: np.zeros(4) for key in keys}
    for n, seed in enumerate(seeds):
        d_old, d_new, figures = decisions(old, new, seed, args.l2, args.max_wrong)
        if n == 0:
            print(f"seed {seed}, per fold (held out; old evidence -> new evidence; "
                  "wrongly declined / unanswerable declined):")
            for f in figures:
                o, w = f["old"], f["new"]
                print(f"  fold {f['fold']}  ans {o[2]:>3} unans {o[3]:>3}  thresh {f['threshold']:.3f}"
                      f"  {o[0]:.3f} / {o[1]:.3f}  ->  {w[0]:.3f} / {w[1]:.3f}")
        for key, ix in keys.items():
            sums[key] += np.array(_rates(old, d_old, ix)[:2] + _rates(new, d_new, ix)[:2])
    print(f"\nmean over fold seeds {args.seeds} (old evidence -> new evidence):")
    for key in sorted(keys, key=lambda k: (k != "all", k.startswith("class"), k)):
        m = sums[key] / len(seeds)
        mark = "" if np.allclose(m[:2], m[2:]) else "   *"
        print(f"  {key:<26} {m[0]:.3f} / {m[1]:.3f}  ->  {m[2]:.3f} / {m[3]:.3f}{mark}")


if __name__ == "__main__":
    main()
