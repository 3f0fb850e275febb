"""A decision asked ("Vad beslutade nämnden efter utvärderingen?") is no
result asked; a holder's own title between the role asked and the name
("Ordförande i gruppen är Hjos socialchef Eva Ek"); an English steering
group is a body whose chair is asked. Wordings of no evaluation set."""

import pytest

from assistant.retrieval.evidence import asked_roles
from assistant.retrieval.persons import names_holder
from assistant.retrieval.question_kinds import asked_kind
from assistant.retrieval.role_questions import asked_role


@pytest.mark.parametrize("question, kind", [
    ("Vad beslutade socialnämnden i Hjo efter utvärderingen av försöket?", None),
    ("Hjo: vad har nämnden bestämt efter uppföljningen av resultaten?", None),
    ("What did the care committee in Hjo decide after the evaluation?", None),
    # the finding asked, then the decision: a result still
    ("Vad visade utvärderingen som nämnden i Hjo beslutade om?", "result"),
    ("What did the evaluation show, and what did the committee decide?", "result"),
    ("Did the committee in Hjo decide to keep the team after the evaluation?", "result"),
    ("Vad blev resultatet av utvärderingen i Hjo?", "result"),
    # a decision in a clause of another question, or a finding asked first
    ("Vad kostar satsningen som fullmäktige i Hjo beslutade om?", "amount"),
    ("Vad kostar det, och vad beslutade nämnden i Hjo?", "amount"),
    ("Vad blev resultatet av försöket som nämnden i Hjo beslutade om?", "result"),
    ("Vad kom utvärderingen fram till och vad beslutade nämnden?", "result"),
    ("What did the survey find and what did the board decide?", "result"),
    # a unit's name in a compound is no second question
    ("Vad har vård- och omsorgsnämnden i Hjo beslutat efter utvärderingen?", None),
])
def test_a_decision_asked_is_no_result_asked(question, kind):
    assert asked_kind(question) == kind


def _asked(question: str, places: tuple[str, ...], english: bool = False):
    return asked_role(question, asked_roles(question, english), places, english)


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
    asked = _asked("Vem är ordförande i styrgruppen för det gemensamma teamet i Hjo?", ("Hjo",))
    assert names_holder(sentence, asked, frozenset({"Hjo"})) is holds


def test_the_title_next_to_the_name_binds_no_other_role():
    asked = _asked("Vem är ordförande i styrgruppen i Hjo?", ("Hjo",))
    # the role asked, then another role's holder after a word that is no link
    assert not names_holder("Styrgruppen leds av en ordförande och socialchefen Eva Ek deltar.",
                            asked, frozenset({"Hjo"}))


def test_the_body_first_named_is_the_one_whose_chair_is_asked():
    asked = _asked("Who chairs the steering committee of the social welfare board in Hjo?",
                   ("Hjo",), english=True)
    assert asked.qualifiers == ("styrgrupp",)
    asked = _asked("Who chairs the municipal board in Hjo?", ("Hjo",), english=True)
    assert asked.qualifiers == ("kommunstyrelse",) and "kommunstyrelse" not in asked.excluded
    # a word of the body's first letters is no link between the role and another's name
    assert not names_holder("Kommunstyrelsens ordförande kritiserades av kommunalrådet Eva Ek.",
                            asked, frozenset({"Hjo"}))


def test_an_english_steering_group_is_the_body_whose_chair_is_asked():
    asked = _asked("Who chairs the steering group for the shared team of Hjo and Tibro?",
                   ("Hjo", "Tibro"), english=True)
    assert asked.qualifiers == ("styrgrupp",) and "styrgrupp" in asked.excluded
    places = frozenset({"Hjo", "Tibro"})
    assert names_holder("Ordförande i styrgruppen är Hjos socialchef Eva Ek.", asked, places)
    # another body's chair is no answer
    assert not names_holder("Eva Ek är ordförande i socialnämnden i Hjo.", asked, places)
