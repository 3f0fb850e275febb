"""Facts the articles do not report, each by its structural cause (the
fifth round): a change in a measure asked for that no
sentence with a result names, a date or sum of a person the passage holding
it does not name, an English service name looked for by its Swedish one."""

import pytest
from conftest import evidence_of

from assistant.retrieval.fact_heads import asked_heads, holds_head
from assistant.retrieval.question_kinds import asked_kind
from assistant.retrieval.services import SCHOOL, service_keys


@pytest.mark.parametrize("question, head", [
    ("Har sjukfrånvaron i Vårgårdas socialtjänst minskat efter tillitsarbetet?", "sjukfrånvar"),
    ("Minskade Svenljungas placeringskostnader med sex miljoner kronor?", "placeringskostn"),
    ("Blev det färre orosanmälningar i Sundsvall efter överenskommelsen?", "orosanmälni"),
    ("Hur har sjukfrånvaron bland cheferna utvecklats?", "sjukfrånvar"),
])
def test_a_change_asked_for_is_a_result_of_its_measure(question, head):
    assert asked_kind(question) == "result"
    # (first the cut head; then the whole stem, for its synonyms, where it is longer)
    assert asked_heads(question, "result")[0] == head


def test_a_question_of_what_something_led_to_names_no_measure():
    q = "Har samarbetet Bengtsfors-Mellerud lett till gemensamma riktlinjer och rutiner?"
    assert asked_kind(q) == "result" and asked_heads(q, "result") == ()


@pytest.mark.parametrize("question", [
    "Vad betalade Tranemo till Svenljunga för att få låna socialchefen?",
    "Hur stora var placeringskostnaderna i kronor inom omsorgssektionen i Tranemo?",
    "Vad kostar den gemensamma organisationen per år, och hur delas kostnaden mellan kommunerna?",
])
def test_more_ways_of_asking_for_a_sum(question):
    assert asked_kind(question) == "amount"


def test_a_compound_head_is_held_by_its_two_parts_apart():
    assert holds_head("kostnaderna för placeringar minskade", "placeringskostn")
    assert not holds_head("antalet anställda ökade", "placeringskostn")
    # the two parts must be two words, not the inside of one
    assert not holds_head("omsorgsarbetet förändrades", "arbetsmiljö")


def test_english_service_names_are_looked_for_by_their_swedish_ones():
    assert service_keys("What do the police and the schools do?") == ["polis", SCHOOL]
    assert service_keys("Who leads the fire service?") == ["räddningstjänst"]



def test_an_english_question_about_a_service_the_article_names(shipped):
    """Tranemo's article names its schools ("skola och omsorg"): an English
    question about the school there is not about a service it lacks, while
    the rescue service, which it never names, is."""
    school = evidence_of(shipped, "What does Tranemo say about school and care?")
    assert school["service_missing"] == 0.0
    rescue = evidence_of(shipped, "How is the fire and rescue service organised in Tranemo?")
    assert rescue["service_missing"] == 1.0


def test_a_change_the_articles_do_not_report_is_declined(shipped):
    """Vårgårda's article tells of trust-based work, not of sick leave: no
    sentence holding a result names the measure asked about."""
    question = "Har sjukfrånvaron i Vårgårdas socialtjänst minskat efter tillitsarbetet?"
    f = evidence_of(shipped, question)
    assert f["kind_asked"] == 1.0
    assert f["kind_missing"] == 1.0 or f["fact_head_missing"] == 1.0
    answer = shipped.ask(question)
    assert answer.no_answer and answer.reason_code in ("no_fact_of_kind", "place_silent")


def test_a_date_of_a_person_the_passage_does_not_name(shipped):
    """No passage holding a date names Fredrik Nornvall: the date found is
    another's. One who is named with hers is answered."""
    f = evidence_of(shipped, "Sedan när är Fredrik Nornvall tillförordnad kommundirektör?")
    assert f["fact_name_missing"] == 1.0
    g = evidence_of(shipped, "Sedan när har Helena Thorild jobbat i Vårgårda kommun?")
    assert g["fact_name_missing"] == 0.0
    assert not shipped.ask("Sedan när har Helena Thorild jobbat i Vårgårda kommun?").no_answer
