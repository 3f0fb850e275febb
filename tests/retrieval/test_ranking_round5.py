"""Ranking (fifth round): an English question that
names a Swedish place is still English, so BM25 (which cannot match its
English words with the Swedish articles) stays out of its ranking."""

import pytest

from assistant.swedish.words import is_english


@pytest.mark.parametrize("question", [
    "Which area will Vårgårda's social services work on next?",
    "How much is Alingsås elderly care expected to save?",
    "What did the staff at Gustavsgården say about the change?",
    "How many managers does Söderhamn's home care have?",
])
def test_an_english_question_naming_a_swedish_place_is_english(question):
    assert is_english(question)


@pytest.mark.parametrize("question", [
    "Vad gör Vårgårda härnäst?",
    "vem är socialchef i vårgårda",
    "Hur många chefer har hemtjänsten i Söderhamn?",
    "Vad är en 'task force' för något?",
    "Vilka kommuner ingår i samverkan?",
])
def test_swedish_questions_stay_swedish(question):
    assert not is_english(question)


def test_an_english_question_naming_a_swedish_place_is_searched_as_english(shipped):
    """Read as Swedish, the question's English words ("area", "social",
    "services") weigh in BM25 and another Vårgårda sentence ranks above
    the one about LSS, the next area of work."""
    searcher = shipped.searcher
    query = searcher.query("Which area will Vårgårda's social services move on to next, "
                           "in a similar way?")
    assert query.english
    answer = shipped.ask(query.text, k=3)
    assert not answer.no_answer
    assert "LSS" in answer.passages[0].quote
