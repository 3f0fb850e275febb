import json

import pytest

from assistant.errors import AssistantError
from assistant.answering.evaluation import evaluate, format_report, read_questions
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


def test_quote_level_metrics_on_a_hand_made_case(shipped):
    """hit@1/hit@3 and declines on the default-k answer, hit@10/MRR@10 on the
    k=10 answer; a passage counts only if its quote overlaps a gold span of
    the same article."""
    from assistant.answering.answer import Answer, Passage
    from assistant.answering.evaluation import metrics, score_question

    art = next(a for a in shipped.searcher.data.articles if a.municipality == "Vårgårda")
    other = next(a for a in shipped.searcher.data.articles if a.municipality == "Tranemo")
    gold = [(art.id, 100, 150)]

    def passage(a, start, end):
        return Passage(a.body[start:end], start, end, 1.0, a.id + "#0", a)

    def answer(*ps, declined=False):
        return Answer("q", declined, () if declined else tuple(ps))

    miss, wrong_art = passage(art, 0, 100), passage(other, 100, 150)  # touches, other article
    hit = passage(art, 140, 200)
    rows = [
        {"kind": "x", **score_question(gold, answer(hit), answer(hit))},                 # rank 1
        {"kind": "x", **score_question(gold, answer(miss, wrong_art, hit),
                                       answer(miss, wrong_art, hit))},                    # rank 3
        {"kind": "x", **score_question(gold, answer(miss), answer(*[miss] * 4, hit))},   # rank 5 at k=10
        {"kind": "x", **score_question(gold, answer(declined=True), answer(hit))},       # declined
        {"kind": "x", **score_question([], answer(declined=True), answer(declined=True))},
        {"kind": "x", **score_question([], answer(hit), answer(hit))},                   # answered
    ]
    m = metrics(rows)
    assert (m["answerable"], m["unanswerable"]) == (4, 2)
    assert (m["hit@1"], m["hit@3"], m["hit@10"]) == (0.25, 0.5, 1.0)
    assert m["mrr@10"] == round((1 + 1 / 3 + 1 / 5 + 1) / 4, 3)
    assert (m["wrongly_declined"], m["declined_unanswerable"]) == (0.25, 0.5)


def test_rows_keep_the_shown_quotes_and_a_judged_quote_can_raise_the_rank(shipped, tmp_path,
                                                                         monkeypatch):
    """Each row keeps the k=10 quotes verbatim (what a reader judges blind);
    the pool holds only quotes above the first gold quote, and a quote judged
    "yes" there counts as a hit in scripts/judged_eval.py."""
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    from judge_pool import pool
    from judged_eval import judged_rank

    vargarda = next(a for a in shipped.searcher.data.articles if a.municipality == "Vårgårda")
    gold = "Ann-Charlotte Lilja tillträdde som socialchef våren 2018."
    path = tmp_path / "q.jsonl"
    question = {"id": "a", "question": "Vem leder socialtjänsten i Vårgårda?", "kind": "role",
                "gold": [{"article": vargarda.id, "quote": gold}]}
    path.write_text(json.dumps(question, ensure_ascii=False), encoding="utf-8")
    row = evaluate(shipped, read_questions(path))["questions"][0]
    bodies = {a.id: a.body for a in shipped.searcher.data.articles}
    assert row["shown"] and all(bodies[s["article"]][s["start"]:s["end"]] == s["quote"]
                                for s in row["shown"])
    row = {**row, "unique": True, "rank@10": 3, "rank": 3,
           "shown": [{"article": vargarda.id, "start": 0, "end": 10, "quote": "x"},
                     {"article": vargarda.id, "start": 20, "end": 30, "quote": "y"},
                     row["shown"][0] | {"start": bodies[vargarda.id].find(gold),
                                        "end": bodies[vargarda.id].find(gold) + len(gold),
                                        "article": vargarda.id, "quote": gold}]}
    run = {"shipped": {"sets": {"q": {"questions": [row]}}}}
    pairs = pool(run, {"a": question}, bodies.__getitem__, set())
    assert sorted(p["quote"] for p in pairs) == ["x", "y"]          # not the gold, nothing below it
    assert judged_rank(row, {("a", vargarda.id, "y"): "yes"}) == 2
    assert judged_rank(row, {("a", vargarda.id, "x"): "partial"}) is None
