"""Sixth round of ranking (docs/evaluation.md): two signals of meaning that
do not rest on the dense rank. A question about what comes next lifts the
sentences that tell what is started or planned (`plan`), and a question
asking for a count or a date lifts the sentences holding one
(`fact`). Each test runs the real search over the shipped corpus with the
shipped weights and with the signal's weight at 0, so it fails if the
signal goes away. The wordings are not those of the development sets."""

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
    "Vilket område tar Vårgårdas socialtjänst itu med härnäst?",
    "Vad har socialtjänsten i Vårgårda för planer?",
    "Vilka förändringar planeras i Söderhamns hemtjänst?",
    "What is Tranemo planning for its care services?",
    "What does Mellerud want to do next?",
    # a how-question about plans asks of plans
    "Hur ser planerna ut för hemtjänsten i Söderhamn?",
])
def test_questions_about_what_comes_next(question):
    assert asks_next(question)


@pytest.mark.parametrize("question", [
    "Vilka besparingar gjorde Vårgårda på placeringarna?",
    "Which municipality shared its head of social services first?",
    # a how-question with no plan asked is a manner
    "Hur vill Tranemo leda omsorgen framöver?",
    # 'plan' alone is a document; a plan adopted in the past is no plan to come
    "Vilken plan gäller för äldreomsorgen i Mellerud?",
    "Vilka planer beslutades av nämnden 2018?",
    # 'next' before a noun is a date
    "When is the next board meeting in Tranemo?",
])
def test_other_questions_do_not_ask_what_comes_next(question):
    assert not asks_next(question)


@pytest.mark.parametrize("sentence", [
    "Nu startar vi samma arbete inom äldreomsorgen.",
    "Enheten kommer under hösten att införa digitala möten.",
    "Kommunen avser att anställa två nya samordnare.",
])
def test_plan_sentences(sentence):
    assert tells_plan(sentence)


@pytest.mark.parametrize("sentence", [
    # "kommer sig att" is no future, a modal "ska" no plan
    "Ingen vet hur det kommer sig att kostnaderna stiger.",
    "För att personalen ska hinna med krävs fler vikarier.",
    # a denied or hedged future plans nothing; "avser" alone is "concerns"
    "Pengarna kommer inte att räcka hela året.",
    "Det kommer troligen att bli dyrare.",
    "Beslutet avser perioden 2019 till 2021.",
])
def test_sentences_that_plan_nothing(sentence):
    assert not tells_plan(sentence)


@pytest.mark.parametrize("question", [
    "Vilket område tar Vårgårdas socialtjänst itu med härnäst?",
    "Hur ser planerna ut framöver för socialtjänsten i Vårgårda?",
])
def test_what_comes_next_is_lifted_by_the_plan_signal(shipped, question):
    """The answer, "Nu påbörjar vi ett liknande arbete med LSS
    funktionsstöd", shares no word with the question: outside the first ten
    without the signal, in the first three with it."""
    shipped_ranking = shipped.settings.ranking
    assert shipped_ranking.w_plan > 0
    assert rank(shipped, question, "LSS funktionsstöd") <= 3
    without = rank(shipped, question, "LSS funktionsstöd", replace(shipped_ranking, w_plan=0.0))
    assert without is None or without > 3


def test_a_period_question_is_lifted_by_the_fact_signal(shipped):
    """"Under vilken period ...": the sentence with the dates comes first
    with the fact signal, lower without it."""
    question = ("Under vilken period är ledningen av social- och omsorgskontoret "
                "tillfälligt omfördelad?")
    needle = "från 1 juni till den 31 december 2019"
    shipped_ranking = shipped.settings.ranking
    assert shipped_ranking.w_fact > 0 and "date" in shipped_ranking.fact_kinds
    assert rank(shipped, question, needle) == 1
    without = rank(shipped, question, needle, replace(shipped_ranking, w_fact=0.0))
    assert without is None or without > 1


def test_what_a_count_counts_is_one_rule_for_ranking_and_evidence(shipped):
    """"Hur många i Bengtsfors ...", "Hur många finns ...": no counted word,
    so any number will do, for the ranking and the evidence alike (both read
    Query.counted, made once)."""
    searcher = shipped.searcher
    for question in ("Hur många i Bengtsfors arbetar i den gemensamma organisationen?",
                     "Hur många finns det i Tranemos ledningsgrupp?",
                     "How many are there in Tranemo's management team?"):
        query = searcher.query(question)
        assert query.fact == "count" and query.counted == ()
    assert searcher.query("Hur många chefer finns i Tranemos ledningsgrupp?").counted[-1] == "chef"
    # an English counted word finds the Swedish by its synonyms
    assert "kund" in searcher.query("How many customers does Linden have?").counted
    # with the weight at 0 the ranking does not lift counts, the evidence still reads the count
    off = searcher.query("Hur många chefer finns i Tranemo?", replace(shipped.settings.ranking,
                                                                       w_fact=0.0))
    assert off.fact is None and off.counted[-1] == "chef"
    # a sum is not lifted (it answers unanswerable questions on the grown corpus)
    assert searcher.query("Vad kostar ledningsgruppen i Tranemo?").fact is None
