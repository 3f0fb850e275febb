"""'När drog ... i gång?' asks when something started (fact_heads.py), and
a count's synonym after "antalet" counts ("antalet nyckeltal ... från 31
till åtta" for "mätetal"; kinds.py). Wordings of no development set."""

from assistant.retrieval.fact_heads import asked_heads
from assistant.retrieval.kinds import counted_noun, holds_kind


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
