"""Namings of a role's holder in one sentence that were missed
(retrieval/persons.py): an age between name and role, "tar över som",
"börjar som", "heter", "går till"; time words in the question are no
qualifier of the role; a second question joined on ("... och vad gjorde
hon tidigare?") does not ask for an earlier holder. Wordings of no
development set."""

import pytest
from conftest import evidence_of

from assistant.retrieval.persons import names_holder
from assistant.retrieval.role_questions import asked_role

HJO = frozenset({"Hjo"})


def asked(question):
    return asked_role(question, ("socialchef",), ("Hjo",))


@pytest.mark.parametrize("sentence", [
    "Maria Lund, 47, är ny socialchef i Hjo.",
    "Maria Lund tar över som socialchef i Hjo efter sommaren.",
    "Maria Lund börjar som socialchef i Hjo den 1 september.",
    "Hjos nya socialchef heter Maria Lund.",
    "Tjänsten som socialchef i Hjo går till Maria Lund.",
])
def test_a_holder_named_in_one_sentence(sentence):
    assert names_holder(sentence, asked("Vem är socialchef i Hjo?"), HJO)


@pytest.mark.parametrize("sentence", [
    "Maria Lund var socialchef i Hjo.",
    "Maria Lund, 47, var tidigare socialchef i Hjo.",
])
def test_an_earlier_holder_still_is_none(sentence):
    assert not names_holder(sentence, asked("Vem är socialchef i Hjo?"), HJO)


@pytest.mark.parametrize("question", [
    "Vem är socialchef i Hjo för närvarande?",
    "Vem blir socialchef i Hjo i höst?",
    "Vem var socialchef i Hjo 2024?",
])
def test_time_words_are_no_qualifier(question):
    assert asked(question).qualifiers == ()


def test_a_second_question_about_her_past_asks_for_no_earlier_holder(shipped):
    # Vårgårda's article names its socialchef; the joined question asks about her
    both = evidence_of(shipped, "Vem är socialchef i Vårgårda och vad gjorde hon tidigare?")
    assert both["asks_before"] == 0.0
    assert evidence_of(shipped, "Vem var socialchef i Vårgårda tidigare?")["asks_before"] == 1.0
