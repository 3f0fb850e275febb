"""A second review of the eighth round's readings (retrieval/persons.py,
retrieval/kinds.py): each case wrongly pushed an answerable question towards
"the articles do not say" and passes now. Wordings of no development set."""

import pytest

from assistant.retrieval.fact_objects import amount_object_missing
from assistant.retrieval.kinds import holds_kind
from assistant.retrieval.question_kinds import asks_where
from assistant.retrieval.persons import names_holder
from assistant.retrieval.role_questions import asked_role

TRANEMO = frozenset({"Tranemo"})


def asked(question, role=None):
    return asked_role(question, (role,) if role else (), ("Tranemo",))


@pytest.mark.parametrize("sentence", [
    # a surname that is also a municipality is still a name
    "Anna Norberg är ny socialchef i Tranemo.",
    "Socialchefen Karin Falkenberg i Tranemo berättar.",
    # a present verb binds the holder now, whatever is said of the past
    "Anna Berg har arbetat som socialchef i Tranemo sedan 2018.",
    "Anna Berg, som närmast kommer från Borås, blir ny socialchef i Tranemo.",
    "Anna Berg, som tidigare arbetat i Borås, är ny socialchef i Tranemo.",
    "Anna Berg är sedan tidigare socialchef i Tranemo.",
    "Anna Berg är socialchef i Tranemo och var fram till 2019 enhetschef i Borås.",
])
def test_the_holder_now_is_named(sentence):
    assert names_holder(sentence, asked("Vem är socialchef i Tranemo?", "socialchef"), TRANEMO)


@pytest.mark.parametrize("sentence", [
    "Anna Berg var socialchef i Tranemo.",
    "Förre socialchefen Anna Berg i Tranemo.",
    "Anna Berg har tidigare arbetat som socialchef i Tranemo.",
])
def test_an_earlier_holder_is_still_no_answer_for_the_holder_now(sentence):
    assert not names_holder(sentence, asked("Vem är socialchef i Tranemo?", "socialchef"), TRANEMO)


def test_the_end_of_a_term_keeps_the_holder_current():
    a = asked("Vem är tf socialchef i Tranemo?", "socialchef")
    assert names_holder("Anna Berg är tf socialchef i Tranemo fram till 2025.", a, TRANEMO)


@pytest.mark.parametrize("question, role, sentence", [
    ("Vem var projektledare för ombyggnaden av Solbacken?", "projektledare",
     "Anna Berg var projektledare för ombyggnaden av Solbacken."),
    ("Vem var socialchef i Tranemo när skandalen uppdagades?", "socialchef",
     "Karl Wik var socialchef i Tranemo när skandalen uppdagades."),
])
def test_a_question_in_the_past_takes_a_holder_of_the_past(question, role, sentence):
    a = asked(question, role)
    assert a.either and names_holder(sentence, a, TRANEMO)


@pytest.mark.parametrize("question", [
    "Vilka får hjälp av anhörigsamordnaren?",
    "Vilka har rätt till en egen biståndshandläggare?",
    "Vilka tar över enhetschefens arbetsuppgifter?",
    "Vilken person ansvarar för frågor om samordnare?",
])
def test_a_role_as_object_is_not_asked_for(question):
    assert asked(question) is None


def test_a_named_care_home_stays_the_qualifier():
    a = asked("Vem är enhetschef för Solgårda äldreboende?", "enhetschef")
    assert a.qualifiers[0] == "solgård"
    assert names_holder("Anna Berg är enhetschef på Solgårda.", a, TRANEMO)


@pytest.mark.parametrize("sentence", [
    "Kommunen satsar 10 miljoner på en ny förskola.",
    "Tranemo får 4 miljoner i stimulansmedel från staten.",
    "Personalkostnaderna ökade med 12 miljoner.",
    "Nämnden beviljade 2 miljoner till projektet.",
])
def test_sums_with_compound_money_words(sentence):
    assert holds_kind(sentence, "amount")


def test_a_sum_in_a_compound_answers_the_amount_asked():
    assert not amount_object_missing("Hur mycket fick Tranemo i statsbidrag i kronor?",
                                     ["Kommunen fick 2,3 miljoner i statsbidrag."])
    assert not holds_kind("Det var en uppskattning av 2 miljoner besökare.", "amount")


@pytest.mark.parametrize("question, where", [
    ("Var bedrivs verksamheten?", True), ("Var används de digitala larmen?", True),
    ("Var möts gruppen?", True), ("Var står modulerna?", True),
    ("Var exakt ska boendet byggas?", True),
    ("Var det svårt?", False), ("Var kommunens ledning nöjd?", False),
])
def test_where_before_a_passive_in_s(question, where):
    assert asks_where(question) is where
