"""A year the question names must be beside the fact (a date, sum, count
or result of another year is no answer), and figures asked for need a
number (retrieval/answerability.py, fact_name_missing; kinds.py,
quantity_missing). Wordings of no development set."""

from conftest import evidence_of

from assistant.retrieval.kinds import quantity_missing


def test_a_year_named_must_be_beside_the_fact(shipped):
    # Vårgårda: "Jennifer Pettersson arbetar som socialsekreterare sedan 2016 på Vuxenenheten"
    same = evidence_of(shipped, "När under 2016 började Jennifer Pettersson på Vuxenenheten?")
    other = evidence_of(shipped, "När under 2021 började Jennifer Pettersson på Vuxenenheten?")
    assert same["kind_asked"] == other["kind_asked"] == 1.0
    assert same["fact_name_missing"] == 0.0
    assert other["fact_name_missing"] == 1.0


def test_figures_asked_need_a_number():
    question = "Vilka siffror visade uppföljningen av hemtjänsten?"
    assert quantity_missing(question, ["Uppföljningen visade bättre kontinuitet."])
    assert not quantity_missing(question, ["Uppföljningen visade att kontinuiteten ökade till 82 procent."])
    assert not quantity_missing("Vad visade uppföljningen av hemtjänsten?",
                                ["Uppföljningen visade bättre kontinuitet."])
