"""'När drog ... i gång?' asks when something started (fact_heads.py), and
a count's synonym after "antalet" counts ("antalet nyckeltal ... från 31
till åtta" for "mätetal"; kinds.py); criteria asked are named by an age limit
(coverage.names_instance). Wordings of no development set."""

from assistant.retrieval.coverage import names_instance
from assistant.retrieval.fact_heads import asked_heads
from assistant.retrieval.kinds import holds_kind
from assistant.retrieval.question_kinds import counted_noun


def test_going_asks_for_a_start():
    heads = asked_heads("När kom det nya samarbetet i gång?", "date")
    assert "start" in heads and "börj" in heads
    assert asked_heads("Vilket datum sattes projektet igång?", "date") == heads


def test_a_synonym_of_the_counted_word_after_antalet():
    counted = counted_noun("Hur många mätetal följer nämnden i Hjo?")
    sentence = "Nämnden i Hjo har halverat antalet nyckeltal, från 20 till tio."
    assert holds_kind(sentence, "count", counted)
    assert not holds_kind("Nämnden i Hjo har halverat antalet möten, från 20 till tio.",
                          "count", counted)


def test_criteria_are_named_by_an_age_limit():
    assert names_instance("kriterierna", "Den som är 80 år eller äldre kan ansöka utan biståndsbeslut.")
    assert not names_instance("kriterierna", "Den som är äldre kan ansöka utan biståndsbeslut.")
