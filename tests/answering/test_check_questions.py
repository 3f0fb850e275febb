"""scripts/check_questions.py, the check a sealed batch's writers run: every
question set written under its rules (batch J on, the sealed halves in
eval/later/ too) passes it, and a file with the faults writers make is
refused line by line."""

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import check_questions  # noqa: E402

from assistant.corpus.articles import load_corpus  # noqa: E402


@pytest.fixture(scope="module")
def bodies():
    return {a.id: a.body for d in (ROOT / "corpus", ROOT / "eval" / "grown")
            for a in load_corpus(d).articles}


# written before the rules (no `lang`, `scope`, or kinds of their own), or not question sets
BEFORE_THE_RULES = {"questions", "heldout", "judged", "grown-questions",
                    *(f"batch-{b}" for b in "abcdefgh"), *(f"grown-{b}" for b in "defghj")}
WRITTEN = sorted(p for p in [*(ROOT / "eval").glob("*.jsonl"), *(ROOT / "eval" / "later")
                             .glob("*.jsonl")] if p.stem not in BEFORE_THE_RULES)


@pytest.mark.parametrize("path", WRITTEN, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_set_written_under_the_rules_passes_its_check(bodies, path):
    n, errors = check_questions.problems(path, bodies, None)
    assert n > 0 and errors == []


def test_the_sets_include_the_newest_batch():
    assert {"batch-s2", "grown-s2"} <= {p.stem for p in WRITTEN}


def test_the_writers_faults_are_refused(bodies, tmp_path):
    rows = [
        {"id": "sa001", "question": "Who leads?", "lang": "sv", "kind": "english",
         "scope": "named", "gold": [{"article": "004-vargarda-socialtjanst",
                                     "quote": "Ann-Charlotte Lilja tillträdde som socialchef"
                                              " våren 2018."}]},
        {"id": "sa001", "question": "När?", "lang": "sv", "kind": "unanswerable",
         "scope": "named", "gold": []},
        {"id": "xb003", "question": "Vem?", "lang": "sv", "kind": "role", "scope": "named",
         "gold": [{"article": "004-vargarda-socialtjanst", "quote": "Ann-Charlotte Lilja är "
                                                                   "socialchef i Vårgårda."}]},
        {"id": "sa004", "question": "Vem?", "lang": "sv", "kind": "role", "scope": "named",
         "gold": [{"article": "nej", "quote": "Ann-Charlotte Lilja tillträdde som socialchef"
                                             " våren 2018."}]},
    ]
    file = tmp_path / "q.jsonl"
    file.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\nnot json\n",
                    "utf-8")
    n, errors = check_questions.problems(file, bodies, "sa")
    text = "\n".join(errors)
    assert n == 5
    assert "line 1 (sa001): lang must be sv or en" in text  # English asked in Swedish
    assert "line 2 (sa001): id used twice" in text
    assert "line 2 (sa001): unanswerable needs gold [] and a class" in text
    assert "line 3 (xb003): id must start with sa" in text
    assert "line 3 (xb003): quote not a whole sentence verbatim" in text
    assert "line 4 (sa004): no article 'nej'" in text
    assert "line 5: not JSON" in text
    assert not any(e.startswith("line 1") and "quote" in e for e in errors)


def test_the_rules_name_every_kind_and_class():
    assert all(f"`{k}`" in check_questions.RULES for k in check_questions.KINDS)
    assert all(f"`{c}`" in check_questions.RULES for c in check_questions.CLASSES)
