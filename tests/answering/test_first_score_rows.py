"""The answerability model is fitted on the first-score rows in
eval/first-score/ (scripts/fit_answerability.py): the shipped model is the
one the script fits from them, and its threshold keeps the held-out wrong
declines within the issue's 3 %."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import fit_answerability  # noqa: E402

from assistant.retrieval.answerability import FEATURES, shipped_model  # noqa: E402


def test_every_first_score_row_is_a_question_of_a_set_in_eval():
    rows = fit_answerability.first_score_rows()
    assert len(rows) == 2434
    sets = {p.stem for p in (ROOT / "eval").glob("*.jsonl")}
    assert {r["set"] for r in rows} <= sets
    for r in rows:
        assert r["corpus"] in ("shipped", "grown")
        assert r["gated"] or set(FEATURES) <= set(r["features"])


def test_the_shipped_model_is_the_one_fitted_on_the_first_score_rows(capsys):
    fit_answerability.main(["--dry-run"])
    out = capsys.readouterr().out
    model = shipped_model()
    assert model.info["fitted_on"] == "eval/first-score"
    assert model.info["max_wrong"] == 0.03
    assert f"threshold from the held-out probabilities: {model.threshold:.3f}" in out
    # held out on the first-score rows, per corpus, at most 3 % wrongly declined
    for corpus in ("grown", "shipped"):
        line = next(x for x in out.splitlines() if x.strip().startswith(f"{corpus} ")
                    and "wrongly declined" in x)
        assert float(line.split("wrongly declined ")[1].split()[0]) <= 0.03
