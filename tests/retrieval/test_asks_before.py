"""A question about someone before is asked in the past ("Vem var ... innan"):
one asked in the present is of the one now in the post, though it tells
what came before (batch S: "... now that the previous head has retired",
"... och var jobbade hon innan")."""

import pytest

from assistant.retrieval.question_words import asks_before
from tests.conftest import evidence_of


@pytest.mark.parametrize("question", [
    "Vem var socialchef i Vårgårda innan Ann-Charlotte Lilja?",
    "Vem hade socialchefstjänsten i Vårgårda före Ann-Charlotte Lilja?",
    "Vad hette socialchefen i Tranås som gick i pension våren 2024?",
    "Who was Lysekil's medically responsible nurse before the post was shared?",
    "Vem är den förre socialchefen i Tranemo?",
    "Who is the former head of social services in Hjo?",
    "Vem är det som var socialchef innan Ann-Charlotte Lilja?",
    "Vilka är de som ledde äldreomsorgen tidigare?",
    "Who is it that ran social services before Anna?",
    "Vem är den som tidigare hade tjänsten?",
    "Vem är Hjos förre socialchef?",
    "Who is Hjo's former head of social services?",
    "Vem är f.d. socialchef i Tranemo?",
    "Vem är före detta socialchef i Tranemo?",
    "Vem är socialchefen som gick i pension 2024?",
    "Who is the head of social services who retired in 2024?",
    "Vem var hennes företrädare?",
])
def test_someone_before_is_asked(question):
    assert asks_before(question)


@pytest.mark.parametrize("question", [
    "Who is running social services in Hjo now that the previous head has retired?",
    "vem är nya socialchefen i ovanåker och var jobbade hon innan",
    "Vem är socialchef i Hjo och vad gjorde hon tidigare?",
    "Vem leder äldreomsorgen i Tranemo sedan den förra chefen slutade?",
    "Who's running social services now that the previous head retired?",
    "Vem leder nu det som tidigare var socialförvaltningen?",
])
def test_the_one_now_in_the_post_is_asked(question):
    assert not asks_before(question)


def test_a_present_question_telling_what_came_before_is_answered(shipped):
    now = "Who is head of social services in Vårgårda now that the previous one has left?"
    assert evidence_of(shipped, now)["asks_before"] == 0.0
    answer = shipped.ask(now)
    assert not answer.no_answer and "Ann-Charlotte Lilja" in answer.passages[0].quote
    before = "Vem var socialchef i Vårgårda innan Ann-Charlotte Lilja?"
    assert evidence_of(shipped, before)["asks_before"] == 1.0
    assert shipped.ask(before).no_answer
