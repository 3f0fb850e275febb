"""scripts/fresh_rows.py: the counterfactual "this reading off" and the
comparison at a wrong-decline share read the shipped model as the pipeline
does (retrieval/answerability.py), on rows written as `collect` writes them."""

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import fresh_rows  # noqa: E402

from assistant.retrieval.answerability import FEATURES, shipped_model  # noqa: E402

# evidence of a question whose passages answer it well
ANSWERED = dict.fromkeys(FEATURES, 0.0) | {
    "score1": 1.45, "margin12": 0.05, "margin13": 0.08, "dense1": 0.91, "lex_top1": 1.0,
    "lex_top3": 1.0, "lex_article": 1.0, "lex_corpus": 1.0, "meaning_min": 0.85,
    "meaning_mean": 0.87, "kind_asked": 1.0, "focused": 1.0}
# ... whose passages lack the service it asks about ("färdtjänsten")
UNSERVED = ANSWERED | {"service_missing": 1.0}


def _row(features, answerable, corpus="shipped", n=0):
    word = "".join(chr(97 + n // 26 ** k % 26) for k in range(3))  # a word of its own
    return {"corpus": corpus, "set": "batch-x", "id": f"x{n}",
            "question": f"Hur många {word}ningar har {word}by?", "answerable": answerable,
            "gated": False, "features": dict(features)}


def test_a_reading_that_alone_declines_an_answerable_question_is_counted(tmp_path, capsys):
    model = shipped_model()
    assert model.probability_of(ANSWERED) >= model.threshold
    assert model.probability_of(UNSERVED) < model.threshold  # the reading decides
    fresh = tmp_path / "fresh.json"
    fresh.write_text(json.dumps([_row(UNSERVED, True, n=1), _row(ANSWERED, True, n=2),
                                 _row(UNSERVED, False, n=3)]), "utf-8")
    dev = tmp_path / "dev.json"
    dev.write_text(json.dumps([_row(ANSWERED, True, n=4), _row(UNSERVED, False, n=5)]), "utf-8")
    fresh_rows.report([fresh], dev)
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("service_missing"))
    # fires: answerable dev 0 of 1, fresh 1 of 2; unanswerable 1 of 1 on both;
    # off: dev undoes no wrong decline and loses one, fresh undoes one and loses one
    assert line.split()[1:5] == ["0.000", "0.500", "1.000", "1.000"]
    assert " ".join(line.split()[5:]) == "0 / 1 1 / 1"
    assert "declines: 1," in out and "   1  service_missing" in out


def test_compare_declines_what_the_readings_tell_apart(tmp_path, capsys):
    # answerable questions with their service in the passages, unanswerable ones without
    rows = [_row(ANSWERED if i % 2 == 0 else UNSERVED, i % 2 == 0, corpus, i)
            for i in range(60) for corpus in ("shipped", "grown")]
    fresh = tmp_path / "fresh-x.json"
    fresh.write_text(json.dumps(rows), "utf-8")
    fresh_rows.compare([fresh])
    out = capsys.readouterr().out
    assert "120 fresh rows, 120 for the model" in out
    threshold = shipped_model().threshold
    assert f"at its threshold {threshold:.3f}: shipped 0.000/1.000, grown 0.000/1.000" in out
    shares = [x for x in out.splitlines() if x.strip().startswith(("2%", "3%", "4%", "5%"))]
    assert len(shares) == 4
    for line in shares:  # at most the share wrongly declined, every unanswerable one declined
        share = int(line.split("%")[0])
        cells = re.findall(r"(?:shipped|grown) (\d\.\d{3})/(\d\.\d{3})", line)
        assert len(cells) == 4 and all(declined == "1.000" for _, declined in cells)
        for model in (cells[:2], cells[2:]):  # 30 answerable rows on each corpus
            assert round(sum(float(wrong) * 30 for wrong, _ in model)) <= share * 60 // 100
