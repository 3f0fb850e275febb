"""Sixth round of ranking (docs/evaluation.md): two signals of meaning that
do not rest on the dense rank. A question about what comes next lifts the
sentences that tell what is started or planned (`plan`), and a question
asking for a count, a sum or a date lifts the sentences holding one
(`fact`). Each test runs the real search over the shipped corpus with the
shipped weights and with the signal's weight at 0, so it fails if the
signal goes away."""

from dataclasses import replace

import pytest

from assistant.retrieval.plans import asks_next, tells_plan


def rank(assistant, question, needle, ranking=None):
    """Rank (1-based) of the first passage holding `needle`, None if none of ten."""
    hits = assistant.searcher.search(question, 10, ranking=ranking)
    texts = [h.article.body[h.sentences[0].start:h.sentences[-1].end]
             for h in sorted(hits, key=lambda h: -h.score)]
    return next((i + 1 for i, t in enumerate(texts) if needle in t), None)


@pytest.mark.parametrize("question", [
    "Vad ska Vårgårdas socialtjänst ta sig an härnäst?",
    "Vilken verksamhet står på tur i Vårgårda efter socialtjänsten?",
    "Vad planerar Söderhamn framöver?",
    "What will Vårgårda work on next?",
])
def test_questions_about_what_comes_next(question):
    assert asks_next(question)


@pytest.mark.parametrize("question", [
    "Vad gjorde Vårgårda åt placeringskostnaderna?",
    "Hur många chefer har hemtjänsten i Söderhamn?",
    "Which area did Vårgårda work on first?",
    # a how-question asks for a manner, not a plan
    "Hur vill Söderhamn styra sina verksamheter framöver?",
])
def test_other_questions_do_not_ask_what_comes_next(question):
    assert not asks_next(question)


def test_plan_sentences():
    assert tells_plan("Nu påbörjar vi ett liknande arbete med LSS funktionsstöd.")
    assert tells_plan("Anne Lundkvist kommer framöver att fokusera på uppdraget.")
    # "kommer sig att" is no future, and a modal "ska" is no plan
    assert not tells_plan("Vi behöver ta reda på hur det kommer sig att det ser ut så här.")
    assert not tells_plan("För att man ska orka och klara av det, säger Kristina.")


def test_what_comes_next_is_lifted_by_the_plan_signal(shipped):
    """"Vad ska ... härnäst?" shares no word with its answer, "Nu påbörjar
    vi ett liknande arbete med LSS funktionsstöd": outside the first ten
    without the signal, in the first three with it."""
    question = "Vad ska Vårgårdas socialtjänst ta sig an härnäst?"
    shipped_ranking = shipped.settings.ranking
    assert shipped_ranking.w_plan > 0
    assert rank(shipped, question, "LSS funktionsstöd") <= 3
    without = rank(shipped, question, "LSS funktionsstöd", replace(shipped_ranking, w_plan=0.0))
    assert without is None or without > 3


def test_a_period_question_is_lifted_by_the_fact_signal(shipped):
    """"Under vilken period gäller ...": the sentence with the dates comes
    first with the fact signal, third without it."""
    question = ("Under vilken period gäller omfördelningen av ledningsresurser inom social- "
                "och omsorgskontoret?")
    needle = "från 1 juni till den 31 december 2019"
    shipped_ranking = shipped.settings.ranking
    assert shipped_ranking.w_fact > 0 and "date" in shipped_ranking.fact_kinds
    assert rank(shipped, question, needle) == 1
    without = rank(shipped, question, needle, replace(shipped_ranking, w_fact=0.0))
    assert without is None or without > 1


def test_how_many_with_no_counted_word_takes_any_number(shipped):
    """"Hur många i Munkedal ..." counts no word "i": any number will do."""
    query = shipped.searcher.query("Hur många i Munkedal har fått jobb?")
    assert query.fact == "count" and query.counted == ()
    assert shipped.searcher.query("Hur många lägenheter finns det?").counted != ()
    # with the weight at 0 the question is not analysed for it
    off = replace(shipped.settings.ranking, w_fact=0.0)
    assert shipped.searcher.query("Hur många i Munkedal har fått jobb?", off).fact is None
    # a sum is not lifted (it answers unanswerable questions on the grown corpus)
    assert shipped.searcher.query("Vad kostar hemtjänsten i Söderhamn?").fact is None
