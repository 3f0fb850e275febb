"""Three question forms whose fact head was misread: "kostnadsfri" (free
of cost) asks for no money; "träda i kraft" (take effect) asks for a start,
told as well by "Från den 1 februari får ..."; time spent ("What share of
his working time will he spend ...") is no money spent. And a reason named
by "skälet till" states a reason for the ranking, a condition ("om inte
särskilda skäl finns") does not. Wordings of no evaluation set."""

import pytest
from conftest import evidence_of, shipped_plus

from assistant.retrieval.fact_heads import asked_heads, english_heads, holds_head
from assistant.retrieval.signals import states_reason

COST = asked_heads("Vad kostar avlösningen?", "amount")


@pytest.mark.parametrize("question, heads", [
    ("Hur mycket kostnadsfri avlösning kan en anhörig få i Tierp?", ()),
    ("hur många timmar avgiftsfritt stöd får man", ()),
    ("Vad kostar avlösningen i Tierp?", COST),
    ("Hur mycket kostar den kostnadsfria avlösningen kommunen?", COST),
])
def test_free_of_cost_asks_for_no_money(question, heads):
    assert asked_heads(question, "amount") == heads


@pytest.mark.parametrize("question", [
    "När träder den nya ifo-organisationen i Tierp i kraft?",
    "när trädde lagen i kraft",
    "When does the new organisation take effect?",
    "When did the new rules come into force in Tierp?",
])
def test_taking_effect_is_told_by_a_date_from_which(question):
    heads = (english_heads(question, "date") if question.startswith("When")
             else asked_heads(question, "date"))
    assert any(holds_head("från den 1 februari får äldreomsorgen en ny organisation.", h)
               for h in heads)
    assert any(holds_head("reglerna träder i kraft den 1 juli.", h) for h in heads)
    assert not any(holds_head("beslutet fattades den 3 maj.", h) for h in heads)


@pytest.mark.parametrize("question, money", [
    ("What share of his working time will the shared manager spend on Tierp?", False),
    ("How many days a week does she spend in Heby?", False),
    ("How much did Tierp spend on overtime?", True),
    ("How much time and money did Tierp spend on the new system?", True),
    ("How much did Tierp spend on overtime hours?", True),
])
def test_time_spent_is_no_money_spent(question, money):
    assert bool(english_heads(question, "amount")) is money


@pytest.mark.parametrize("sentence, reason", [
    ("Det främsta skälet till sammanslagningen är att behoven berör båda nämnderna.", True),
    ("Ett skäl till beslutet är att räddningschefen går i pension.", True),
    ("Flera chefer angav hög arbetsbelastning som skäl till att de slutade.", True),
    ("Inga nya förändringar görs under två år, om inte särskilda skäl finns.", False),
    ("Av flera skäl dröjde beslutet.", False),
])
def test_a_reason_named_is_a_reason_stated(sentence, reason):
    assert states_reason(sentence) is reason


@pytest.fixture(scope="module")
def grown(shipped, tmp_path_factory):
    """The shipped articles and two fictional ones: Tierp's new
    organisation from a date, its free respite in hours (and the sum set
    aside for it); Heby's shared manager's time in percent."""
    return shipped_plus(
        shipped, tmp_path_factory, "free-force-time",
        ("Tierp", "Fiktiv: Ny organisation för äldreomsorgen i Tierp",
         "Från den 1 februari får äldreomsorgen i Tierp en ny organisation. Hemtjänsten och "
         "de särskilda boendena leds av var sin verksamhetschef.\n\nAnhöriga kan utan "
         "biståndsbeslut få upp till 12 timmar avlösning per månad utan kostnad, då personal "
         "från hemtjänsten tar över omsorgen. Nämnden har avsatt 400 000 kronor för avlösningen i år."),
        ("Heby", "Fiktiv: Delad fastighetschef i Heby och Sala",
         "Heby och Sala delar från hösten på en fastighetschef, Lars Ek. Han anställs av Sala "
         "och ska arbeta 30 procent för Heby och 70 procent för Sala."),
    )


@pytest.mark.parametrize("question, quote", [
    ("När träder den nya organisationen för äldreomsorgen i Tierp i kraft?",
     "Från den 1 februari"),
    ("hur mycket kostnadsfri avlösning kan en anhörig få i Tierp?",
     "12 timmar avlösning"),
    ("What share of his working time will the shared property manager spend on Heby versus "
     "Sala?", "30 procent för Heby"),
])
def test_the_fact_is_answered_with_its_quote(grown, question, quote):
    assert evidence_of(grown, question)["fact_head_missing"] == 0.0
    answer = grown.ask(question)
    assert not answer.no_answer
    assert any(quote in p.quote for p in answer.passages[:3])
