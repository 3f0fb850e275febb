"""The decline model refitted with the later batches' first-score rows too,
each later file decided by a fit that never saw it: tried, not kept.

The shipped model is fitted on eval/first-score/ (scripts/fit_answerability.py).
eval/later/ holds the first-score rows of the batches scored since. For each
file there, this script fits the model (same features, L2 and threshold rule)
on eval/first-score/ and every other file of eval/later/, decides the file's
rows with it, and prints, against the decisions made at first score, how
many answerable rows are declined more or less and how many unanswerable.

    python scripts/refit_later.py

The figures and why it was not kept are in docs/evaluation.md ("Tried and
not kept").
"""

from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import fit_answerability as fit  # noqa: E402
from fresh_rows import _rows  # noqa: E402

LATER = ROOT / "eval" / "later"


def _counted(r: dict) -> bool:
    """A row the figures count: on the shipped corpus only the shipped sets."""
    return r["corpus"] == "grown" or r["set"].startswith("batch")


def refit_without(rows: list[dict], names: list[str]) -> tuple[fit.Fitted, float]:
    """The model and threshold fitted on `rows` as fit_answerability fits the shipped one."""
    fit.near_duplicates(rows)
    with contextlib.redirect_stdout(io.StringIO()):
        prob, _ = fit.report(rows, names, 3.0, 0.03, 10)
    model_rows = [r for r in rows if not r["gated"]]
    x = np.array([[r["features"][n] for n in names] for r in model_rows])
    y = np.array([float(r["answerable"]) for r in model_rows])
    return fit.Fitted(x, y, 3.0), fit.choose_threshold(prob, model_rows, rows, 0.03)


def main() -> None:
    from assistant.retrieval.answerability import shipped_model

    names = list(shipped_model().features)
    first = fit.first_score_rows()
    files = sorted(LATER.glob("*.json.gz"))
    total = np.zeros(6, int)
    print(f"{'file':<28} {'answerable':>10} {'wrong +/-':>9} {'unanswerable':>12} {'declined +/-':>12}")
    for held in files:
        rows = [dict(r) for r in first] + [r for p in files if p != held for r in _rows(p)]
        model, threshold = refit_without(rows, names)
        counted = [r for r in _rows(held) if _counted(r)]
        x = np.array([[r["features"].get(n, 0.0) if r["features"] else 0.0 for n in names]
                      for r in counted])
        new = [bool(r["gated"]) or p < threshold for r, p in zip(counted, model.prob(x))]
        moved = np.zeros(6, int)
        for r, now in zip(counted, new):
            was, i = bool(r["declined"]), 0 if r["answerable"] else 3
            moved[i] += 1
            moved[i + 1] += now and not was
            moved[i + 2] += was and not now
        total += moved
        print(f"{held.name:<28} {moved[0]:>10} {f'+{moved[1]} -{moved[2]}':>9} {moved[3]:>12} "
              f"{f'+{moved[4]} -{moved[5]}':>12}   threshold {threshold:.3f}")
    print(f"{'all':<28} {total[0]:>10} {f'+{total[1]} -{total[2]}':>9} {total[3]:>12} "
          f"{f'+{total[4]} -{total[5]}':>12}")


if __name__ == "__main__":
    main()
