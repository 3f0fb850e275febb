"""An English question's event, sum or study, told in the articles'
Swedish (english_heads.py), the person it names
(answerability._person_names), the role it asks for (evidence.asked_roles,
data/roles_en.txt) and the sum or finding it asks (question_kinds.asked_kind):
"When did X take up the post ..." is answered by a sentence telling a start
("tillträdde"), and by a date of that person, as a Swedish question is. A
finding told ("Betänkandet visade att ...") is no result still to come
(fact_heads.reported). Wordings of no evaluation set."""

import pytest
from conftest import evidence_of

from assistant.retrieval.answerability import _person_names
from assistant.retrieval.evidence import asked_roles
from assistant.retrieval.english_heads import english_heads
from assistant.retrieval.fact_heads import asked_heads, holds_head, reported
from assistant.retrieval.question_kinds import asked_kind
from assistant.retrieval.query import analyse


@pytest.mark.parametrize("question, head", [
    ("When did Anna Berg take up the post as head of social services in Hjo?", "tillträd"),
    ("When did the new unit in Hjo open?", "öppn"),
    ("when was the joint board in Hjo formed", "bild"),
    ("When will the new model be introduced in Hjo?", "införs"),
    ("When did the board in Hjo decide on the new organisation?", "beslut"),
    ("When will Hjo's home care trial be evaluated?", "utvärder"),
    ("When was the head of the unit in Hjo hired?", "anställ"),
    ("When does the agreement between Hjo and Tidaholm expire?", "upphör"),
])
def test_the_event_an_english_date_question_asks(question, head):
    assert head in english_heads(question, "date")


def test_a_sum_paid_is_a_cost_not_a_salary():
    heads = english_heads("How much did Hjo pay for hired managers?", "amount")
    assert "kost" in heads and "lön" not in heads
    assert "notan" in asked_heads("Hur stor blev notan för konsulterna i Hjo?", "amount")
    assert english_heads("How much was the pay rise for nurses in Hjo?", "amount") == (
        "lön", "arvode")
    assert "underskott" in english_heads("How large was the deficit in Hjo's social services?",
                                         "amount")
    assert "lön" in english_heads("What salary does Hjo's head of social services get?", "amount")


def test_a_study_and_no_head():
    assert english_heads("What did the survey in Hjo show?", "result") == ("enkät", "undersökning")
    assert english_heads("When did Hjo get a new head of social services?", "date") == ()
    assert english_heads("Who leads home care in Hjo?", "person") == ()


def test_an_english_name_is_two_words_of_the_articles():
    known = {"johan", "isaksson", "social"}
    query = analyse("When did Johan Isaksson take up the post in Hjo?")
    assert _person_names(query, known) == ("Johan Isaksson",)
    assert _person_names(analyse("When did Home Care in Hjo start the trial?"), known) == ()
    assert _person_names(analyse("When did Social Services in Hjo start?"), known) == ()


def test_the_english_date_of_another_event_is_no_answer(shipped):
    told = evidence_of(shipped, "When did Ann-Charlotte Lilja take up her post as head of "
                                "social services in Vårgårda?")
    assert told["kind_missing"] == 0 and told["fact_head_missing"] == 0
    untold = evidence_of(shipped, "When did Vårgårda's social services decide to adopt "
                                  "trust-based management?")
    assert untold["kind_missing"] == 0 and untold["fact_head_missing"] == 1


def test_the_english_date_of_another_person_is_no_answer(shipped):
    other = evidence_of(shipped, "When did Jennifer Pettersson begin working with the Linden "
                                 "home care group in Söderhamn?")
    assert other["fact_name_missing"] == 1
    own = evidence_of(shipped, "When did Ann-Charlotte Lilja take up her post in Vårgårda?")
    assert own["fact_name_missing"] == 0
    assert not shipped.ask("When did Ann-Charlotte Lilja take up her post as head of social "
                           "services in Vårgårda?").no_answer
    assert shipped.ask("When did Jennifer Pettersson begin working with the Linden home care "
                       "group in Söderhamn?").no_answer


@pytest.mark.parametrize("question, role", [
    ("Who is the head of the care administration (förvaltningschef) in Hjo?", "förvaltningschef"),
    ("Who is the coordinator (samordnare) of the new team in Hjo?", "samordnare"),
    ("Who has been hired as library manager in Hjo?", "bibliotekschef"),
    ("Who is the section head in Hjo's care organisation?", "sektionschef"),
    ("What is the name of the district physician in Hjo's joint team?", "distriktsläkare"),
])
def test_the_role_an_english_question_asks(question, role):
    assert role in asked_roles(question, english=True)


def test_an_english_role_named_for_nobody(shipped):
    assert evidence_of(shipped, "Who is the area manager for elderly care in "
                                "Vårgårda?")["role_unnamed"] == 1
    question = "Who is the section manager for care in Tranemo?"
    assert asked_roles(question, english=True) == ("sektionschef",)
    assert evidence_of(shipped, question)["role_unnamed"] == 0


@pytest.mark.parametrize("question, kind", [
    ("What is the yearly cost of Hjo's home care group?", "amount"),
    ("What salary does Hjo's head of social services get?", "amount"),
    ("What did the survey of Hjo's home care customers show?", "result"),
    ("What did the interviews in Hjo reveal about what customers value?", "result"),
    ("What is the purpose of Hjo's joint team?", None),
])
def test_an_english_sum_or_finding_asked(question, kind):
    assert asked_kind(question) == kind


def test_a_finding_told_is_no_result_to_come(shipped):
    question = "What did the Trust Delegation's report show, as told in the Vårgårda article?"
    told = evidence_of(shipped, question)
    assert told["result_pending"] == 0 and told["kind_missing"] == 0
    assert not shipped.ask(question).no_answer
    assert reported("Betänkandet visade att det finns mycket att vinna.")
    assert not reported("Försöket ska utvärderas i vår.")
    assert shipped.ask("What is the yearly cost of Söderhamn's Linden home care group?").no_answer


@pytest.mark.parametrize("question", [
    "When did the trial in Hjo, meant to cut sick leave, start?",
    "When did it become quite clear that Hjo's trial would start?",
    "When was the joint board in Hjo formed?",
])
def test_whole_words_only(question):
    heads = english_heads(question, "date")
    assert "start" in heads and "slutade" not in heads and "anställ" not in heads


@pytest.mark.parametrize("question", [
    "What was the deficit in Hjo caused by?",
    "What is the savings plan in Hjo called?",
    "What is the grant application deadline in Hjo?",
    "What is the cost problem Hjo's head of social services was tasked with?",
])
def test_a_money_word_asks_no_sum_unless_the_sum_is_asked(question):
    assert asked_kind(question) != "amount"


def test_a_role_someone_acted_on_is_not_the_holder_asked():
    assert asked_roles("Who appointed the project manager for the team in Hjo?", english=True) == ()
    assert asked_roles("Who is the project manager in Hjo?", english=True) == ("projektledare",)


def test_only_a_study_reports_a_finding():
    assert not reported("Hittills har personalen visat stort intresse för schemat.")
    assert not reported("Det visade sig att schemat inte räckte.")
    assert reported("Utvärderingen har visat att väntetiderna blev kortare.")


@pytest.mark.parametrize("question, kind, head", [
    ("When did the merger of Hjo's boards take place?", "date", "sammanslag"),
    ("When is the opening of Hjo's new home?", "date", "öppn"),
    ("When did the recruitment of Hjo's chief begin?", "date", "anställ"),
    ("How much did Hjo pay the consultants?", "amount", "kost"),
])
def test_nouns_and_forms_of_the_event(question, kind, head):
    assert head in english_heads(question, kind)


def test_a_decision_is_no_leaving():
    heads = english_heads("When did Hjo's head of social services leave?", "date")
    assert not any(holds_head("nämnden beslutade i maj att ...", h) for h in heads)
    assert any(holds_head("hon slutade i maj.", h) for h in heads)


def test_a_finding_reported_in_other_words():
    assert reported("Brukarundersökningen av hemtjänsten i Hjo visade att nöjdheten ökat.")
    assert reported("Granskningen, som gjordes i höstas, visade brister.")
    assert not reported("Rapportören visade bilder.")
    assert asked_roles("Who will appoint the project manager in Hjo?", english=True) == ()
    assert asked_kind("What was Hjo's deficit last year?") == "amount"
