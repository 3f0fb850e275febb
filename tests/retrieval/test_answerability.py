"""Honest declines (issue 24): the calibrated decision and its reason codes
in the JSON, the CLI and the editors' report; focus on the municipalities
an article's text is about; headings never a passage; `assistant eval
--all` on a tiny set. Real model, real FAISS index."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace

import pytest

from assistant.answering.contract import answer_json
from assistant.answering.pipeline import Assistant, update_index
from assistant.corpus.focus import FOCUS_VERSION, text_places
from assistant.answering.pipeline import Ask, ask
from assistant.editors.gaps import GapStore
from assistant.errors import IndexMismatch
from assistant.index.embedding import canonical_model_name
from assistant.retrieval.answerability import CODES, FEATURES, shipped_model
from assistant.retrieval.services import names_service, service_keys
from assistant.retrieval.evidence import asked_subjects
from assistant.retrieval.fact_heads import asked_heads
from assistant.retrieval.searcher import is_heading
from assistant.web.pages.editors import gaps_main
from conftest import ROOT, write_article


def cli(args, settings, stdin=None):
    env = dict(os.environ, ASSISTANT_CORPUS=str(settings.corpus_dir),
               ASSISTANT_INDEX=str(settings.index_dir))
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], input=stdin,
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)


def test_the_shipped_model_is_fitted_for_the_default_embedding_model():
    model = shipped_model()
    assert model is not None and set(model.features) <= set(FEATURES)
    assert model.info["model"] == canonical_model_name("intfloat/multilingual-e5-small")
    assert 0.0 < model.threshold < 1.0


def test_a_list_of_municipalities_found_by_its_articles_is_held(shipped):
    # "Vilka kommuner ..." is answered by the articles about them: no sentence
    # need hold the list, so the fact is not far from the best one (no gap)
    f = shipped.ask_ranked("Vilka kommuner arbetar med tillitsbaserad styrning?").evidence.as_dict()
    assert f["kind_asked"] == 1.0 and f["kind_missing"] == 0.0
    assert f["kind_support_gap"] == 0.0


def test_reason_codes_in_the_json_of_ask(shipped):
    declined = {
        "Vem är socialchef i Borås?": "no_article_about_place",
        "Hur mycket kostar hemtjänsten per timme i Söderhamn?": "no_fact_of_kind",
        "Vem är socialchef i Söderhamn?": "place_silent",
        "När öppnar badhuset?": "outside_coverage",
    }
    for question, code in declined.items():
        obj = answer_json(shipped.ask(question))
        assert obj["no_answer"] and obj["reason_code"] == code, (question, obj["reason"])
        assert obj["reason"] and obj["passages"] == []
    answered = answer_json(shipped.ask("Vem är socialchef i Vårgårda?"))
    assert not answered["no_answer"] and answered["reason_code"] is None
    assert set(declined.values()) <= set(CODES)


def test_ask_json_on_the_command_line_carries_the_reason_code(shipped):
    out = cli(["ask", "--json", "-"], shipped.settings,
              stdin="Vem är socialchef i Vårgårda?\nVem är socialchef i Borås?\n")
    assert out.returncode == 0, out.stderr
    first, second = (json.loads(line) for line in out.stdout.splitlines())
    assert first["reason_code"] is None
    assert second["reason_code"] == "no_article_about_place"
    assert second["reason"] == "Ingen artikel handlar om Borås."


def test_declined_questions_reach_the_editors_report_with_their_reason(shipped, tmp_path):
    store = GapStore(tmp_path / "gaps.sqlite3", 90)
    for question in ("Vem är socialchef i Borås?", "Vem är socialchef i Vårgårda?"):  # 2nd: answered
        ask(shipped, Ask(question, "api"), [store.observe])
    assert [(q, r) for _, q, r in store.declined()] == [
        ("Vem är socialchef i Borås?", "no_article_about_place")]
    assert store.report().reasons == (
        ("no_article_about_place", 1, ("Vem är socialchef i Borås?",)),)
    page = gaps_main(store.report(), "")
    assert "Per orsak" in page and "Ingen artikel handlar om kommunen" in page


def test_focus_reads_the_municipalities_a_text_tells_of():
    body = ("Relativt snabbt trädde grannkommunen Svenljunga in och erbjöd sin socialchef. "
            "Motsvarande kostnad var 648 kronor i Kramfors. – Vi ser det, säger Birgitta Lund. "
            "Utvärderingen görs vid Karlstads universitet. Patienterna skrivs ut från Sundsvalls "
            "sjukhus, och många tar tåget till Göteborg. Region Jönköpings län deltar.")
    assert text_places(body) == {"Svenljunga", "Kramfors"}


def test_a_question_about_a_municipality_an_article_tells_of_is_answered_from_it(shipped):
    searcher = shipped.searcher
    tranemo = next(i for i, a in enumerate(searcher.data.articles) if a.municipality == "Tranemo")
    assert "Svenljunga" in searcher.places[tranemo]
    assert searcher.data.manifest["focus"]["version"] == FOCUS_VERSION
    answer = shipped.ask("Vilken socialchef lånade Svenljunga ut?")
    assert answer.reason_code != "no_article_about_place"
    assert answer.query.places == ("Svenljunga",)
    shown = answer.passages or answer.nearest
    assert shown and {p.article.municipality for p in shown} == {"Tranemo"}


def test_an_index_without_the_articles_places_is_refused_until_indexed(small_project, e5):
    write_article(small_project.corpus_dir, "a.md", "Samverkan i Tranemo",
                  "Grannkommunen Svenljunga lånade ut sin socialchef till Tranemo.",
                  municipality="Tranemo")
    update_index(small_project, e5)
    manifest = next(small_project.index_dir.glob("gen-*")) / "manifest.json"
    stale = json.loads(manifest.read_text("utf-8"))
    stale["focus"]["version"] = FOCUS_VERSION - 1
    manifest.write_text(json.dumps(stale), encoding="utf-8")
    with pytest.raises(IndexMismatch, match="assistant index"):
        Assistant(small_project, e5)
    summary, _ = update_index(small_project, e5)
    assert summary.embedded_texts == 0  # the places are recomputed, nothing is embedded
    assert Assistant(small_project, e5).searcher.places[0] == ("Tranemo", "Svenljunga")


def test_headings_are_never_a_passage_alone(shipped):
    data = shipped.searcher.data
    headings = {data.articles[int(data.sent_article[i])].body[data.sent_start[i]:data.sent_end[i]]
                for i in range(len(data.sent_start)) if is_heading(data, i)}
    assert {"Översyn av organisationsstruktur", "Ny syn på styrning och ledning"} <= headings
    for question in ("Översyn av organisationsstruktur", "Ny syn på styrning och ledning",
                     "Vilken ny syn på styrning och ledning har Söderhamn?"):
        answer = shipped.ask(question, k=10)
        shown = answer.passages + answer.nearest
        assert shown and not any(p.quote.strip() in headings for p in shown), question


def test_eval_all_scores_every_set_on_both_corpora(shipped, tmp_path):
    grown = tmp_path / "grown"
    grown.mkdir()
    write_article(grown, "t1.md", "Fiktiv: ny nattpatrull i Ljusdal",
                  "Ljusdals kommun startar en nattpatrull i hemtjänsten. "
                  "Patrullen leds av Eva Berglund, enhetschef för nattverksamheten.",
                  municipality="Ljusdal", fictional="true")
    sets = tmp_path / "sets"
    sets.mkdir()
    lines = [
        {"id": "s1", "question": "Vem är socialchef i Vårgårda?", "kind": "role",
         "gold": [{"article": "004-vargarda-socialtjanst",
                   "quote": "Ann-Charlotte Lilja tillträdde som socialchef våren 2018."}]},
        {"id": "s2", "question": "Vem leder nattpatrullen i Ljusdal?", "kind": "role",
         "gold": [{"article": "t1", "quote": "Patrullen leds av Eva Berglund"}]},
        {"id": "s3", "question": "Vad kostar nattpatrullen i Ljusdal?", "kind": "unanswerable",
         "class": "amount", "gold": []},
    ]
    (sets / "tiny.jsonl").write_text(
        "\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    (sets / "judged.jsonl").write_text('{"id": "s1", "label": "yes"}\n', encoding="utf-8")
    args = ["eval", "--all", "--json", "--sets", str(sets), "--grown", str(grown),
            "--cache", str(tmp_path / "cache")]
    out = cli(args, shipped.settings)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert set(result) == {"shipped", "grown"} and result["grown"]["articles"] == 6
    assert set(result["shipped"]["sets"]) == {"tiny", "pooled"}  # judgements are no question set
    on_shipped = {r["id"]: r for r in result["shipped"]["sets"]["tiny"]["questions"]}
    assert on_shipped["s2"]["answerable"] is False  # its article is not in the shipped corpus
    assert on_shipped["s1"]["rank"] == 1
    on_grown = {r["id"]: r for r in result["grown"]["sets"]["tiny"]["questions"]}
    assert on_grown["s2"]["rank"] == 1 and on_grown["s3"].get("class") == "amount"
    assert "class:amount" in result["grown"]["sets"]["tiny"]["metrics"]
    assert len(list((tmp_path / "cache").glob("grown-*"))) == 1
    again = cli(args[:2] + ["--brief"] + args[3:], shipped.settings)  # the cached index
    assert again.returncode == 0 and "Bygger" not in again.stderr
    assert "== grown corpus (6 articles)" in again.stdout and "tiny" in again.stdout


def test_another_embedding_model_declines_on_its_score_floor(shipped):
    """The model is fitted for e5's evidence; with no model, the floor decides."""
    bare = Assistant.__new__(Assistant)
    bare.__dict__.update(shipped.__dict__, answerability=None)
    high = replace(shipped.settings.ranking, min_score=10.0)
    answer = bare.ask("Vem är socialchef i Vårgårda?", ranking=high)
    assert answer.no_answer and answer.reason_code == "outside_coverage"
    assert answer.reason == "Inget stycke ligger tillräckligt nära frågan."
    assert not bare.ask("Vem är socialchef i Vårgårda?").no_answer


def test_the_words_that_say_which_date_or_amount_is_asked():
    assert asked_heads("När fattade nämnden beslut om meröppet?", "date") == ("fatt",)
    start = asked_heads("När ska Sotenäs och Lysekil börja dela på en MAR?", "date")
    assert "start" in start and start == asked_heads("När startade försöket?", "date")
    assert "genomför" in asked_heads("När hölls utbildningen?", "date")
    assert asked_heads("När kom betänkandet?", "date") == ()  # "kom" names no event
    assert "spar" in asked_heads("Hur mycket pengar sparar Åmål per år?", "amount")
    deficit = asked_heads("Hur många miljoner gick Tranemo back 2018?", "amount")
    assert "underskott" in deficit  # "gå back" is a deficit, not a cost
    assert asked_heads("Hur stort var budgetunderskottet?", "amount") == deficit
    assert "datum" not in asked_subjects("Vilket datum öppnar Lingonbackens äldreboende?")


def test_a_service_is_found_by_its_base_word_not_a_prefix_every_article_has():
    def names(question, text):
        return all(names_service(text, k) for k in service_keys(question))
    assert service_keys("Vad gör socialjouren?") == ["socialjour"]
    assert not names("Vad beslutade kommunstyrelsens?", "kommunen och socialförvaltningen")
    assert names("Vad gör räddningstjänsten?", "räddningstjänstens ledningsgrupp")
    assert names("Hur mår skolan?", "skolor och skolfrånvaro")


def test_the_date_or_amount_asked_must_be_the_one_a_passage_holds(shipped):
    """Evidence on the shipped articles: the Tranemo article holds dates, but
    none of a decision about the library; Bengtsfors' training day was held
    ("genomfördes") in June; no article names a kommunstyrelse."""
    def evidence(question):
        asked = shipped.ask_ranked(question)
        return asked.answer, asked.evidence.as_dict()

    answer, f = evidence("När fattade kultur- och fritidsnämnden i Tranemo beslut om att göra "
                         "biblioteket i Limmared meröppet?")
    assert f["fact_head_missing"] == 1.0 and answer.no_answer
    answer, f = evidence("När hölls den gemensamma heldagsutbildningen om tillitsbaserad styrning "
                         "för politiker och förvaltning?")
    assert f["fact_head_missing"] == 0.0 and not answer.no_answer
    answer, f = evidence("Vem är kommunstyrelsens ordförande i Bengtsfors?")
    assert f["service_missing"] == 1.0 and answer.no_answer


def test_the_load_time_tables_match_their_definitions(shipped):
    """The searcher's headings and the words the articles mention are made
    in one fast pass at load; they equal the slow definitions."""
    import re

    from assistant.retrieval.coverage import Coverage
    from assistant.retrieval.searcher import headings_of

    data = shipped.searcher.data
    assert headings_of(data) == {i for i in range(len(data.sent_start)) if is_heading(data, i)}
    assert shipped.searcher._headings == headings_of(data)
    word = re.compile(r"[^\W\d_]+")
    slow = {w.lower() for a in data.articles for w in word.findall(a.title + " " + a.body)}
    assert Coverage.of(data).words == slow and "socialchef" in slow
