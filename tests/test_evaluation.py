import json

import pytest

from assistant.errors import AssistantError
from assistant.evaluation import evaluate, format_report, read_questions
from conftest import ROOT


def test_shipped_evaluation_sets_are_verbatim_and_balanced(shipped):
    bodies = {a.id: a.body for a in shipped.searcher.data.articles}
    for name, minimum in (("questions.jsonl", 60), ("heldout.jsonl", 30)):
        questions = read_questions(ROOT / "eval" / name)
        assert len(questions) >= minimum and len({q.id for q in questions}) == len(questions)
        kinds = {q.kind for q in questions}
        assert kinds == {"factual", "paraphrase", "cross-article", "english", "unanswerable"}
        for q in questions:
            for article, quote in q.gold:
                assert quote in bodies[article], (q.id, article)
    main = read_questions(ROOT / "eval" / "questions.jsonl")
    assert sum(q.kind == "paraphrase" for q in main) >= len(main) / 3
    assert sum(q.kind == "unanswerable" for q in main) >= 8


def test_metrics_count_hits_and_declines(shipped, tmp_path):
    vargarda = next(a for a in shipped.searcher.data.articles if a.municipality == "Vårgårda")
    lines = [
        {"id": "a", "question": "Vem är socialchef i Vårgårda?", "kind": "factual",
         "gold": [{"article": vargarda.id, "quote": "Ann-Charlotte Lilja tillträdde som socialchef våren 2018."}]},
        {"id": "b", "question": "Vem är socialchef i Borås?", "kind": "unanswerable", "gold": []},
    ]
    path = tmp_path / "q.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    result = evaluate(shipped, read_questions(path))
    m = result["metrics"]["all"]
    assert (m["hit@1"], m["mrr@10"], m["wrongly_declined"], m["declined_unanswerable"]) == (1.0, 1.0, 0.0, 1.0)
    assert set(result["metrics"]) == {"all", "factual", "unanswerable"}
    assert "hit@3" in format_report(result).splitlines()[0]


def test_gold_that_is_not_verbatim_is_an_error(shipped, tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps({"id": "x", "question": "?", "kind": "factual",
                                "gold": [{"article": "004-vargarda-socialtjanst", "quote": "påhittat citat"}]}),
                    encoding="utf-8")
    with pytest.raises(AssistantError, match="ordagrant"):
        evaluate(shipped, read_questions(path))
