"""Two question forms misread, and a reason named: "träda i kraft" (take
effect) asks for a start, told as well by "Från den 1 februari får ...";
time spent ("What share of his working time will he spend ...") is no
money spent; "skälet till" states a reason for the ranking, a condition
("om inte särskilda skäl finns") does not. Each with the wordings it must
not take; and "kostnadsfri" still asks for an amount. Wordings of no
evaluation set."""

import pytest
from conftest import evidence_of, shipped_plus

from assistant.retrieval.english_heads import english_heads
from assistant.retrieval.fact_heads import asked_heads, holds_head
from assistant.retrieval.question_kinds import asked_kind
from assistant.retrieval.signals import states_reason


@pytest.mark.parametrize("question", [
    "Hur mycket kostnadsfri avlösning får anhöriga i Vårgårda?",
    "hur mycket avgiftsfri hemtjänst får man i Söderhamn",
])
def test_free_of_cost_still_asks_for_an_amount(question):
    """Read as asking for no amount, "how much free X" lost its only guard: the
    unanswerable ones were answered from articles that never mention X."""
    assert asked_kind(question) == "amount"


IN_FORCE = "När träder den nya organisationen för äldreomsorgen i Tierp i kraft?"


@pytest.mark.parametrize("question", [
    IN_FORCE,
    "när trädde lagen i kraft",
    "När har lagen trätt i kraft?",
    "När träder den nya organisationen för äldreomsorgen och individ- och "
    "familjeomsorgen i Tierp i kraft?",
    "När börjar den nya taxan gälla?",
    "When does the decision on Tierp's new organisation take effect?",
    "When did the new rules come into force in Tierp?",
])
def test_taking_effect_is_told_by_a_start_or_a_date_from_which(question):
    heads = (english_heads(question, "date") if question.startswith("When")
             else asked_heads(question, "date"))
    def held(sentence):
        return any(holds_head(sentence, h) for h in heads)
    assert held("från den 1 februari får äldreomsorgen en ny organisation.")
    assert held("från den 4 mars leds hemtjänsten av en verksamhetschef.")
    assert held("reglerna träder i kraft den 1 juli.")
    assert held("de nya reglerna träder ikraft den 1 juli 2025.")
    assert held("den nya taxan gäller från och med 1 mars.")
    assert not held("beslutet fattades den 3 maj.")
    assert not held("när det gäller den nya organisationen fattade nämnden beslut den 3 maj.")
    assert not held("yttrande från den fackliga organisationen kom den 3 maj.")
    assert not held("inför sommaren 2024 ändrades schemat.")
    assert not held("kostnaderna ökade i kraftig takt under 2021.")


@pytest.mark.parametrize("question, money", [
    ("What share of his working time will the shared manager spend on Tierp?", False),
    ("What share of her time does she spend in Heby?", False),
    ("How much time does the manager spend in Heby?", False),
    ("How much did Tierp spend on overtime?", True),
    ("How much did Tierp spend on overtime hours?", True),
    ("How much time and money did Tierp spend on the new system?", True),
    ("In the last three weeks, how much did Tierp spend on respite care?", True),
    ("In the last three weeks how much did Tierp spend on respite care?", True),
    ("At the time of the merger, how much did Heby spend on consultants?", True),
    ("How much did Heby spend on days of training?", True),
    ("How much did Heby spend on time-limited contracts?", True),
])
def test_time_spent_is_no_money_spent(question, money):
    assert asked_kind(question) == "amount"
    assert bool(english_heads(question, "amount")) is money


@pytest.mark.parametrize("sentence, reason", [
    ("Det främsta skälet till sammanslagningen är att behoven berör båda nämnderna.", True),
    ("Ett skäl till beslutet är att räddningschefen går i pension.", True),
    ("Skälet är att få chefer söker sig till kommunen.", True),
    ("Flera chefer angav hög arbetsbelastning som skäl till att de slutade.", True),
    ("Inga nya förändringar görs under två år, om inte särskilda skäl finns.", False),
    ("Jag ser inga skäl till att det skulle stanna här.", False),
    ("Av flera skäl dröjde beslutet.", False),
])
def test_a_reason_named_is_a_reason_stated(sentence, reason):
    assert states_reason(sentence) is reason


@pytest.fixture(scope="module")
def grown(shipped, tmp_path_factory):
    """The shipped articles and three fictional ones: Tierp's new
    organisation from a date; Heby's shared manager's time in percent;
    Älvkarleby's new organisation, of which only the decision's date is
    told, and the sum set aside for respite."""
    return shipped_plus(
        shipped, tmp_path_factory, "free-force-time",
        ("Tierp", "Fiktiv: Ny organisation för äldreomsorgen i Tierp",
         "Från den 1 februari får äldreomsorgen i Tierp en ny organisation. Hemtjänsten och "
         "de särskilda boendena leds av var sin verksamhetschef."),
        ("Heby", "Fiktiv: Delad fastighetschef i Heby och Sala",
         "Heby och Sala delar från hösten på en fastighetschef, Lars Ek. Han anställs av Sala "
         "och ska arbeta 30 procent för Heby och 70 procent för Sala."),
        ("Älvkarleby", "Fiktiv: Ny organisation för hemtjänsten i Älvkarleby",
         "När det gäller den nya organisationen för hemtjänsten fattade nämnden beslut den "
         "3 maj 2024. Hemtjänsten delas i två områden med var sin enhetschef.\n\nNämnden har "
         "avsatt 300 000 kronor för avlösning av anhöriga i år."),
    )


@pytest.mark.parametrize("question, quote", [
    (IN_FORCE, "Från den 1 februari"),
    ("What share of his working time will the shared property manager spend on Heby versus "
     "Sala?", "30 procent för Heby"),
])
def test_the_fact_is_answered_with_its_quote(grown, question, quote):
    assert evidence_of(grown, question)["fact_head_missing"] == 0.0
    answer = grown.ask(question)
    assert not answer.no_answer
    assert any(quote in p.quote for p in answer.passages[:3])


@pytest.mark.parametrize("question", [
    "När träder den nya organisationen för hemtjänsten i Älvkarleby i kraft?",
    "In the last three weeks, how much did Älvkarleby spend on home care staff?",
])
def test_another_date_or_sum_is_no_answer(grown, question):
    assert evidence_of(grown, question)["fact_head_missing"] == 1.0
