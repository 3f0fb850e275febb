"""A decision asked ("Vad beslutade nämnden efter utvärderingen?") is told
by a decision, whatever it decided is still to come; a holder's own title
between the role asked and the name ("Ordförande i gruppen är Hjos
socialchef Eva Ek"); an English steering group is a body whose chair is
asked. Wordings of no evaluation set."""

import pytest
from conftest import asked_of

from assistant.retrieval.persons import names_holder
from assistant.retrieval.plans import decision_told
from assistant.retrieval.question_kinds import asked_kind, asks_decision


@pytest.mark.parametrize("question, decision", [
    ("Vad beslutade socialnämnden i Hjo efter utvärderingen av försöket?", True),
    ("Hjo: vad har nämnden bestämt efter uppföljningen av resultaten?", True),
    ("What did the care committee in Hjo decide after the evaluation?", True),
    # a unit's name in a compound is no second question
    ("Vad har vård- och omsorgsnämnden i Hjo beslutat efter utvärderingen?", True),
    # the finding asked first, or a decision in a clause of another question
    ("Vad visade utvärderingen som nämnden i Hjo beslutade om?", False),
    ("What did the evaluation show, and what did the committee decide?", False),
    ("Did the committee in Hjo decide to keep the team after the evaluation?", False),
    ("Vad kostar satsningen som fullmäktige i Hjo beslutade om?", False),
    ("Vad kostar det, och vad beslutade nämnden i Hjo?", False),
    ("Vad blev resultatet av försöket som nämnden i Hjo beslutade om?", False),
    ("Vad kom utvärderingen fram till och vad beslutade nämnden?", False),
    ("What did the survey find and what did the board decide?", False),
])
def test_a_decisionasked_of(question, decision):
    assert asks_decision(question) is decision


def test_a_decision_asked_after_an_evaluation_is_told_by_a_decision():
    # still a result asked (no decision told at all is no answer), but one told by a decision
    # whatever it decided is still to come
    assert asked_kind("Vad beslutade nämnden i Hjo efter utvärderingen?") == "result"
    assert decision_told("Nämnden beslutade den 2 maj att arbetssättet ska införas i hela Hjo.")
    assert decision_told("Socialnämnden har beslutat om flera åtgärder.")
    assert not decision_told("Resursenheten ansvarar för att verkställa beslut om insatser.")



@pytest.mark.parametrize("sentence, holds", [
    ("Ordförande i styrgruppen är Hjos socialchef Eva Ek.", True),
    ("Ordförande i styrgruppen är socialchefen Eva Ek.", True),
    ("Ordförande i styrgruppen är Eva Ek.", True),
    # a title with a comma before the name is no apposition read here, and a name
    # introduced by another's words is no holder
    ("Ordförande i styrgruppen är socialchefen, Eva Ek.", False),
    ("Ordförande i styrgruppen är Anna Berg, säger socialchefen Eva Ek.", True),
    # an agent is no holder, nor is another post joined to it
    ("Ordförande i styrgruppen utses av socialchefen Eva Ek.", False),
    ("Styrgruppens ordförande har kritiserats av förvaltningschefen Eva Ek.", False),
    ("Ordförande i styrgruppen är Anna Berg och socialchefen Eva Ek.", True),
])
def test_the_holders_own_title_may_stand_before_the_name(sentence, holds):
    asked = asked_of("Vem är ordförande i styrgruppen för det gemensamma teamet i Hjo?", ("Hjo",))
    assert names_holder(sentence, asked, frozenset({"Hjo"})) is holds


def test_the_title_next_to_the_name_binds_no_other_role():
    asked = asked_of("Vem är ordförande i styrgruppen i Hjo?", ("Hjo",))
    # the role asked, then another role's holder after a word that is no link
    assert not names_holder("Styrgruppen leds av en ordförande och socialchefen Eva Ek deltar.",
                            asked, frozenset({"Hjo"}))


def test_the_body_first_named_is_the_one_whose_chair_isasked_of():
    asked = asked_of("Who chairs the steering committee of the social welfare board in Hjo?",
                   ("Hjo",), english=True)
    assert asked.qualifiers == ("styrgrupp",)
    asked = asked_of("Who chairs the municipal board in Hjo?", ("Hjo",), english=True)
    assert asked.qualifiers == ("kommunstyrelse",) and "kommunstyrelse" not in asked.excluded
    # a word of the body's first letters is no link between the role and another's name
    assert not names_holder("Kommunstyrelsens ordförande kritiserades av kommunalrådet Eva Ek.",
                            asked, frozenset({"Hjo"}))


def test_an_english_steering_group_is_the_body_whose_chair_isasked_of():
    asked = asked_of("Who chairs the steering group for the shared team of Hjo and Tibro?",
                   ("Hjo", "Tibro"), english=True)
    assert asked.qualifiers == ("styrgrupp",) and "styrgrupp" in asked.excluded
    places = frozenset({"Hjo", "Tibro"})
    assert names_holder("Ordförande i styrgruppen är Hjos socialchef Eva Ek.", asked, places)
    # another body's chair is no answer
    assert not names_holder("Eva Ek är ordförande i socialnämnden i Hjo.", asked, places)
