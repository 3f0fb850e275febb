"""Forms the decline readings missed: a person named in a question typed in
lower case ("när började åsa nyström-andersson ...") is one the articles name
(coverage.Coverage.persons), and another's date is no answer for them, as for
a name written with capitals (answerability._person_names); the name of a
role asked after a genitive and an adjective of time ("Vad heter Hjos
tidigare socialchef?"), or in English "What was the name of ..."; "förra"
before a role asks for someone before; a cost asked as an estimate ("Vad
beräknas ... kosta?"), "how many kronor"; the outcome of a trial asked by
"Hur gick försöket ...?" (question_kinds.asked_kind). Wordings of no
evaluation set."""

import pytest
from conftest import evidence_of, shipped_plus

from assistant.retrieval.answerability import _person_names
from assistant.retrieval.query import analyse
from assistant.retrieval.question_kinds import asked_kind
from assistant.retrieval.question_words import asks_before


@pytest.mark.parametrize("question, kind", [
    ("Vad heter Hjos tidigare socialchef?", "person"),
    ("vad hette tidaholms förra förvaltningschef", "person"),
    ("Vad heter den nya socialchefen i Hjo?", "person"),
    ("What was the name of the unit manager in Hjo before the merger?", "person"),
    ("What were the names of the managers who left Hjo?", "person"),
    ("What was the name of the planning tool Hjo uses?", "name"),  # a thing, not a person
    ("Vad heter ledarprogrammet i Hjo?", "name"),
    ("Vad beräknas den nya tjänsten som enhetschef i Hjo kosta?", "amount"),
    ("Vad väntas bygget av boendet i Hjo kosta kommunen?", "amount"),
    ("Vad skulle det kosta att anställa en chef till i Hjo?", "amount"),
    ("How many kronor did Hjo save on hired staff?", "amount"),
    ("How many millions did the new nursing home in Hjo cost?", "amount"),
    ("Vad betalades ut i försörjningsstöd i Hjo förra året?", "amount"),
    ("Vad skulle det ha kostat att anställa en chef till i Hjo?", "amount"),
    ("Vad beräknas åtgärderna för att minska sjukfrånvaron i Hjo kosta?", "amount"),
    ("Hur gick försöket med nattpatrullen i Hjo?", "result"),
    ("hur har piloten med små team i Hjo gått", "result"),
    ("Hur gick pilotprojektet med digital tillsyn i Hjo?", "result"),
    ("Hur gick arbetet med att flytta hemtjänsten till nya lokaler i Hjo?", "result"),
    ("What were the names of the two apps Hjo uses?", "name"),
    ("How many million visits did home care in Hjo make?", "count"),
    ("What did the first review of the home care trial in Hjo, presented to the board "
     "last spring after a year of work, show?", "result"),
])
def test_the_kind_of_these_forms(question, kind):
    assert asked_kind(question) == kind


@pytest.mark.parametrize("question", [
    "Vad kan man göra för att det inte ska kosta så mycket i Hjo?",  # no sum asked
    "Hur gick Hjo till väga för att hitta orsakerna?",  # how it was done, no outcome
    "Hur gick arbetet med orsaksanalysen till i Hjo?",
    "hur gick arbetet tillväga i hjo",
    "Vad skulle kommunen kunna göra för att det inte ska kosta så mycket i Hjo?",
    "Hur går arbetet med heltidsresan i Hjo?",  # how it is going, no outcome
])
def test_no_sum_or_outcome_in_these(question):
    assert asked_kind(question) not in ("amount", "result")


@pytest.mark.parametrize("question", [
    "Vad heter Hjos nya chefsutbildning?",  # a programme, not a chief
    "Vad heter kommunens chefsnätverk i Hjo?",
])
def test_a_chiefs_thing_is_no_person(question):
    assert asked_kind(question) != "person"


def test_forra_before_a_role_asks_for_someone_before():
    assert asks_before("vad hette tidaholms förra socialchef")
    assert asks_before("Vem var förra socialchefen i Hjo?")
    assert not asks_before("Vem blev socialchef i Hjo förra året?")
    assert not asks_before("Vem leder omsorgen i Hjo sedan förra hösten?")
    assert not asks_before("Vem ledde förra årets utvärdering i Hjo?")
    assert not asks_before("Vem höll i förra veckans möte i Hjo?")
    assert not asks_before("Vem vann förra upphandlingen av hemtjänst i Hjo?")
    for role in ("rektorn", "kommunalrådet", "handläggaren", "MAS"):
        assert asks_before(f"Vem var förra {role} i Hjo?")


def test_a_lower_case_name_is_one_the_articles_give():
    persons = frozenset({"åsa nyström-andersson", "anna berg"})
    query = analyse("när började åsa nyström-andersson som kvalitetsstrateg i vårgårda")
    assert _person_names(query, frozenset(), persons) == ("åsa nyström-andersson",)
    # words the articles never give as a name are none ("hemtjänsten i" is no person)
    query = analyse("när började hemtjänsten i vårgårda med nya scheman")
    assert _person_names(query, frozenset(), persons) == ()


def test_the_articles_persons_are_collected(shipped):
    persons = shipped.searcher.coverage.persons
    assert {"åsa nyström-andersson", "mårten nygren", "ann-charlotte lilja"} <= persons
    assert not any(p.startswith(("säger ", "berättar ")) for p in persons)
    # no word the articles write in lower case begins a name ("Även Helena ...")
    assert not any(p.split()[0] in {"om", "även", "både", "till", "enligt"} for p in persons)


def test_another_persons_date_is_no_answer_in_lower_case(shipped):
    # Åsa Nyström-Andersson is named in Vårgårda's article, with no date of her start
    other = evidence_of(shipped, "när började åsa nyström-andersson som kvalitetsstrateg "
                                 "i vårgårda")
    assert other["fact_name_missing"] == 1.0
    # Jennifer Pettersson "arbetar som socialsekreterare sedan 2016"
    own = evidence_of(shipped, "när började jennifer pettersson på vuxenenheten i vårgårda")
    assert own["fact_name_missing"] == 0.0


def test_declined_and_answered_through_the_pipeline(shipped):
    declined = shipped.ask("när började åsa nyström-andersson som kvalitetsstrateg i vårgårda")
    assert declined.no_answer
    answered = shipped.ask("när började jennifer pettersson på vuxenenheten i vårgårda")
    assert not answered.no_answer
    assert any("sedan 2016" in p.quote for p in answered.passages[:3])
    assert declined.reason_code == "place_silent" and declined.reason


@pytest.mark.parametrize("question, missing", [
    ("How much does Hjo pay each month for the shared manager?", True),
    ("What is the salary of the head of social services in Hjo?", True),
    ("What is the budget of the joint board in Hjo?", True),
    ("How much money did Hjo spend on hired nurses?", True),
    ("By what percentage did Hjo's costs for placements fall?", False),  # a share
    ("How much did the fee in Hjo increase?", False),  # a change
    ("How much of the salary does Hjo pay?", False),  # a share
    ("How much of the budget for elderly care goes to home care in Hjo?", False),
])
def test_kronor_asked_in_english_need_a_sum(question, missing):
    from assistant.retrieval.fact_objects import english_sum_missing

    share = ["Hjo betalar halva lönekostnaden och ersätter resor."]
    assert english_sum_missing(question, share) is missing
    assert not english_sum_missing(question, ["Notan blev 3,1 miljoner kronor."])
    if missing:  # a price of none answers what something costs, so does a sum with no "kronor"
        assert not english_sum_missing(question, ["Avlösningen ges utan kostnad."])
        assert not english_sum_missing(question, ["Lönen är 52 000 i månaden."])
        assert not english_sum_missing(question, ["Avgiften är högst 2 359:- per månad."])


@pytest.fixture(scope="module")
def hjo(shipped, tmp_path_factory):
    """The shipped articles, one about Hjo (a share of a pay) and one about Habo
    (a sum in kronor)."""
    return shipped_plus(
        shipped, tmp_path_factory, "hjo",
        ("Hjo", "Fiktiv: Hjo lånar socialchef av Tidaholm",
         "Hjo kommun lånar sedan i våras socialchefen från Tidaholm. Hjo betalar halva "
         "lönekostnaden och ersätter resor. Enligt Anna Berg, socialchef i Tidaholm, "
         "fungerar det bra."),
        ("Habo", "Fiktiv: Habo hyrde in konsulter",
         "Under vintern hyrde Habo in konsulter för att utreda individ- och familjeomsorgen. "
         "Notan för konsulterna blev 2,4 miljoner kronor."),
    )


def test_an_english_question_for_kronor_is_not_answered_by_a_share(hjo):
    pay = evidence_of(hjo, "How much does Hjo pay each month for borrowing Tidaholm's head "
                           "of social services?")
    assert pay["kind_missing"] == 0.0 and pay["fact_object_missing"] == 1.0
    bill = evidence_of(hjo, "How much did Habo pay for the consultants who reviewed "
                            "individual and family care?")
    assert bill["fact_object_missing"] == 0.0


def test_a_name_after_a_capitalised_word_is_a_person(hjo):
    # "Enligt Anna Berg": the pair after the first word too, not "enligt anna"
    persons = hjo.searcher.coverage.persons
    assert "anna berg" in persons and "enligt anna" not in persons
