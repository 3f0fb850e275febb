"""The tenth round's readings: a count answered by a list, a person named
by one part of the name, a sum the question itself gives, and more words
for a post a who-question asks about. The wordings are of no sealed set."""

import pytest
from conftest import evidence_of

from assistant.retrieval.coverage import names_instance
from assistant.retrieval.evidence import asked_subjects
from assistant.retrieval.fact_heads import holds_head
from assistant.retrieval.kinds import given_only, holds_kind
from assistant.retrieval.question_kinds import asked_kind, counted_noun
from assistant.retrieval.persons import names_holder
from assistant.retrieval.role_questions import _roles_in, asked_role
from assistant.retrieval.query import analyse
from assistant.swedish.words import stem


def test_a_list_answers_how_many():
    question = "Hur många förvaltningar berörs av omorganisationen i Hjo?"
    listed = ("Förändringen rör socialförvaltningen, kultur- och fritidsförvaltningen "
              "samt tekniska förvaltningen.")
    assert holds_kind(listed, "count", counted_noun(question))
    assert not holds_kind("Socialförvaltningen leds av en förvaltningschef.", "count",
                          counted_noun(question))


def test_two_named_persons_answer_how_many_persons():
    counted = counted_noun("Hur många personer ingick i arbetsgruppen i Hjo?")
    assert holds_kind("I gruppen satt Eva Ek och Per Lund.", "count", counted)
    assert not holds_kind("Gruppen leddes av Eva Ek.", "count", counted)


def test_titles_side_by_side_count_no_heads():
    counted = counted_noun("Hur många chefer slutade i Hjo förra året?")
    assert not holds_kind("Med delade verksamhetschefer och socialchef går det lättare.",
                          "count", counted)


@pytest.mark.parametrize("sentence, question, given", [
    ("Nämnden har avsatt 850 000 kronor för försöket.",
     "Hur mycket av de 850 000 kronorna gick till handledning i Hjo?", True),
    ("Nämnden har avsatt 850 000 kronor för försöket.", "Hur mycket kostade försöket i Hjo?",
     False),
    ("Av 850 000 kronor gick 120 000 till handledning.",
     "Hur mycket av de 850 000 kronorna gick till handledning i Hjo?", False),
])
def test_a_sum_the_question_gives_is_no_answer(sentence, question, given):
    assert given_only(sentence, question) is given


@pytest.mark.parametrize("question, role", [
    ("Vad heter värdinnan på trygghetsboendet i Hjo?", "värdinna"),
    ("Vad heter anhörigkonsulenten i Hjo?", "anhörigkonsulent"),
    ("Vem är kurator på skolan i Hjo?", "kurator"),
])
def test_more_posts_are_asked_for(question, role):
    assert role in _roles_in(question)


def test_one_part_of_a_name_binds_the_fact(shipped):
    # article 004: "... sedan 1980. I 40 år har Helena engagerat sig ..."
    ev = evidence_of(shipped, "Hur många år har Helena Thorild arbetat i Vårgårda kommun?")
    assert not ev["fact_name_missing"] and not ev["kind_missing"]
    ev = evidence_of(shipped, "Hur många år har Karin Berglund arbetat i Vårgårda kommun?")
    assert ev["fact_name_missing"]


@pytest.mark.parametrize("question, kind", [
    ("Hur mycket av de 850 000 kronorna gick till handledning i Hjo?", "amount"),
    ("Hur mycket av budgeten gick till vikarier i Hjo?", "amount"),
    ("Hur mycket av arbetstiden går till administration i Hjo?", None),
])
def test_how_much_of_a_sum_asks_an_amount(question, kind):
    assert asked_kind(question) == kind


@pytest.mark.parametrize("sentence, bound", [
    ("Det säger Eva Ek, verksamhetschef för IFO.", True),
    ("Det säger Eva Ek, IFO-chef i Hjo.", True),
    ("Det säger Eva Ek, socialchef i Hjo.", False),  # another post, though IFO is social work
    ("Det säger Eva Ek, verksamhetschef för äldreomsorgen.", False),
])
def test_an_abbreviated_post_is_its_chef_for_the_abbreviation(sentence, bound):
    question = "Vad heter IFO-chefen i Hjo?"
    query = analyse(question)
    asked = asked_role(question, query.roles, query.places)
    assert names_holder(sentence, asked, frozenset({"Hjo"})) is bound


@pytest.mark.parametrize("question, subjects", [
    ("Vilka hjälpte socialchefen i Hjo att gräva i kostnaderna?", ()),  # a verb asks who
    ("Vem är högsta chef för det sociala området i Hjo?", ("chef",)),
    ("Vilken lista använder Hjo?", ("lista",)),
])
def test_what_a_question_asks_about(question, subjects):
    assert asked_subjects(question) == subjects


def test_an_age_asked_is_held_by_an_age_limit():
    assert names_instance("ålder", "Målgruppen är 18 år och äldre, främst vuxna.")
    assert not names_instance("ålder", "Målgruppen är vuxna med missbruksproblem.")


def test_decisions_by_an_authority_are_its_exercise():
    # "Vem ansvarar för myndighetsbesluten ..." / "verksamhetschef för IFO myndighetsutövning"
    assert holds_head("katarina rademacher, verksamhetschef för ifo myndighetsutövning.",
                      stem("myndighetsbesluten"))


@pytest.mark.parametrize("question", ["Vem är chef i Hjo?", "Vem är chef för hemtjänsten i Hjo?"])
def test_a_plain_chef_needs_no_abbreviation(question):
    # a "chef" the question asks for itself is no abbreviation's ("IFO-chefen"), and must not
    # raise for want of one
    query = analyse(question)
    asked = asked_role(question, query.roles, query.places)
    assert asked.short is None
    assert names_holder("Det säger Eva Ek, chef för hemtjänsten i Hjo.", asked, frozenset({"Hjo"}))


def test_a_plain_chef_question_is_answered_through_ask(shipped):
    from assistant.answering.pipeline import Ask, ask

    # (raised IndexError through every entry point before this was mended)
    answer = ask(shipped, Ask("Vem är chef i Vårgårda?", "eval")).answer
    assert answer.passages and "socialchef" in answer.passages[0].quote
