"""The twelfth round's readings: a name the question gives that no article
holds ("fackförbundet Kommunal", "IVO") is a subject no article mentions,
in English questions too (an acronym), unless it is a municipality, a
misspelt or inflected form of a name the articles hold, or an acronym
they write out; a count in words ("under ett par år") answers "Hur många
år" but is no time; "Vad kom X, Y, fram till" and "What did X conclude"
ask for a result. The wordings are of no sealed set."""

import pytest
from conftest import evidence_of

from assistant.retrieval.evidence import asked_names, has_answer_type
from assistant.retrieval.kinds import asked_kind, counted_noun, holds_kind


@pytest.mark.parametrize("question, english, names", [
    ("Vad sa fackförbundet Kommunal om omorganisationen i Tranemo?", False,
     ("Kommunal", "Tranemo")),
    ("Vad kom IVO:s tillsyn fram till? Vem är Anna Berg?", False, ("IVO", "Anna", "Berg")),
    ("Kommunal har kritiserat Tranemo, varför?", False, ("Tranemo",)),  # a sentence's start
    ("What did IVO find at the home in Tranemo on Tuesday in June?", True, ("IVO",)),
    ("What does Lärarförbundet say?", True, ("Lärarförbundet",)),
])
def test_the_names_a_question_gives(question, english, names):
    assert asked_names(question, english) == names


@pytest.mark.parametrize("question, absent", [
    ("Vad tyckte fackförbundet Kommunal om den nya ledningsgruppen i Tranemo?", True),
    ("What did the IVO inspection of Gustavsgården conclude?", True),
    ("Vilken tjänst har Louise Bertilson i Tranemo?", False),  # misspelt: Bertilsson
    ("Vad ska Lindengruppen i Söderhamn lära sig?", False),  # Linden + gruppen
    ("Vad har Vargarda för metafor för tillitsbaserad styrning?", False),  # a municipality
    ("Vad gör Söderhamns hemtjänstgrupp Linden?", False),
])
def test_a_name_no_article_holds_is_an_absent_subject(shipped, question, absent):
    assert bool(evidence_of(shipped, question)["subject_absent"]) is absent


def test_a_count_in_words_answers_a_count_but_is_no_time():
    counted = counted_noun("Hur många år har Hjo arbetat med den nya modellen?")
    assert holds_kind("Under ett par år har vi arbetat med modellen.", "count", counted)
    assert holds_kind("Femton chefer slutade.", "count", counted_noun("Hur många chefer slutade?"))
    assert not has_answer_type("Under ett par år har vi arbetat med modellen.", "time")
    assert not holds_kind("Det är ett parti i fullmäktige.", "count", ())


@pytest.mark.parametrize("question", [
    "Vad kom granskningen i Hjo, enligt förvaltningen, fram till?",
    "What did the review of home care in Hjo last spring conclude?",
])
def test_a_conclusion_asked_is_a_result(question):
    assert asked_kind(question) == "result"
