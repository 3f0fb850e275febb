"""The weak classes of the sealed batch, each by its structural cause:
general questions across articles, a question naming several
municipalities, a result asked of a study the articles do not report."""

import pytest

from assistant.retrieval.evidence import is_cross_article
from assistant.retrieval.fact_heads import asked_heads
from assistant.retrieval.question_kinds import asked_kind


@pytest.mark.parametrize("question", [
    "Finns det exempel på kommuner som delar chefer med en grannkommun?",
    "Finns det kommuner som samarbetar över verksamhetsgränserna?",
    "Har någon kommun delat socialchef med en annan?",
    "Var har man låtit medarbetare vara med och ta fram nya arbetssätt?",
    "I vilka av artiklarna nämns ett budgetunderskott?",
    "Are there any municipalities that share a social services manager?",
    "Give examples of trust-based management.",
])
def test_general_questions_about_several_articles_are_cross_article(question):
    assert is_cross_article(question)


@pytest.mark.parametrize("question", [
    "Var ligger Gustavsgården?", "Vad innebär tillitsbaserad styrning i Vårgårda?",
    "Hur gick det för Vårgårda kommun?"])
def test_a_question_about_one_place_is_not(question):
    assert not is_cross_article(question)


def test_a_result_asked_of_a_study_names_the_study():
    q = "Vad kom utvärderingen av den öppna mottagningen fram till?"
    assert asked_kind(q) == "result" and asked_heads(q, "result") == ("utvärder",)
    assert asked_kind("Vilka slutsatser drog man av enkäten?") == "result"
    assert asked_heads("Vilka slutsatser drog man av enkäten?", "result") == ("enkät",)
    assert asked_kind("Hur gick det med försöket i Linden?") == "result"
    assert asked_heads("Vad har arbetet lett till?", "result") == ()  # no study named


def test_a_study_the_article_does_not_report_sets_the_evidence(shipped):
    """Vårgårda's article tells of a review of the adult unit's costs, no
    conclusions of an evaluation: the model sees the study missing."""
    from assistant.retrieval.answerability import measure

    searcher = shipped.searcher
    query = searcher.query("Vilka slutsatser drog man av utvärderingen av insatserna på "
                           "vuxenenheten i Vårgårda?")
    hits = searcher.search(query, 3)
    evidence = measure(searcher, query, hits, searcher.embed(query.text), True)
    assert evidence.kind == "result" and evidence.as_dict()["fact_head_missing"] == 1.0
    assert shipped.ask(query.text).no_answer


def test_a_question_naming_two_municipalities_quotes_both(shipped):
    """No one article is about Söderhamn and Vårgårda: each one's best
    passage is among the quotes, not three from the better-scoring one."""
    question = "Jämför hur Söderhamn och Vårgårda har tagit med personalen i förändringsarbetet"
    searcher = shipped.searcher
    assert searcher.spread(searcher.query(question))
    answer = shipped.ask(question, k=3)
    assert {p.article.municipality for p in answer.passages} >= {"Söderhamn", "Vårgårda"}
    # one article about both (Bengtsfors and Mellerud): no spreading needed
    assert not searcher.spread(searcher.query("Hur delar Bengtsfors och Mellerud socialchef?"))


def test_a_question_about_one_places_articles_is_not_capped_per_article(shipped):
    """A cross-article question naming a municipality is answered from its
    articles: a cap of two per article would only shorten the answer."""
    question = "Finns det fler kommuner än Bengtsfors och Mellerud som delar socialchef?"
    searcher = shipped.searcher
    query = searcher.query(question)
    assert query.cross_article and len(searcher.focused_articles(query)) == 1
    assert len(searcher.search(query, 3)) == 3
