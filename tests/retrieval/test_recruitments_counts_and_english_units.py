"""A new holder's recruitment told anywhere in the article (the new one
named after it there, not an acting one), and a role's start asked with no
"ny" ("När tillträder avdelningschefen ...?"); a count asked and "antalet
X" told only as a share or an age; the unit an English who-question gives
its role ("operations manager for elderly care") read as the Swedish
qualifier of it; funding asked as a sum, a law asked by "Vilken lag"
("vilka lag" are teams), and "Did ... manage to" a result asked. Wordings
of no evaluation set."""

import pytest
from conftest import asked_of

from assistant.retrieval.kinds import holds_kind
from assistant.retrieval.persons import names_holder
from assistant.retrieval.plans import successor_pending
from assistant.retrieval.question_kinds import asked_kind, counted_noun


@pytest.mark.parametrize("sentence, holds", [
    ("Antalet brukare över 85 år väntas öka med 30 procent till 2030.", False),
    ("Antalet brukare har ökat med 12 % sedan i fjol.", False),
    ("Antalet brukare har minskat från 140 till 118.", True),
    ("Hemtjänsten i Hjo har i dag 118 brukare.", True),
])
def test_a_count_asked_is_no_share_nor_age(sentence, holds):
    counted = counted_noun("Hur många brukare har hemtjänsten i Hjo?")
    assert holds_kind(sentence, "count", counted) is holds



@pytest.mark.parametrize("question, qualifiers", [
    ("Who is the unit manager for home care in Hjo?", ("hemtjänst",)),
    ("Who is the operations manager for elderly care in Hjo?", ("äldreomsorg",)),
    ("Who is the unit manager in Hjo?", ()),
])
def test_the_unit_of_a_role_asked_in_english_is_its_swedish_qualifier(question, qualifiers):
    assert asked_of(question, ("Hjo",), english=True).qualifiers == qualifiers


def test_a_holder_named_after_the_unit_answers_the_english_question():
    asked = asked_of("Who is the operations manager for elderly care in Hjo?", ("Hjo",), True)
    here = frozenset({"Hjo"})
    assert names_holder("Verksamhetschef för äldreomsorgen är Maja Ek.", asked, here)
    assert not names_holder("Verksamhetschef för individ- och familjeomsorgen är Per Lund.",
                            asked, here)


_UNDER_WAY = "Rekryteringen av avdelningschef pågår."
_ASKED = "När tillträder avdelningschefen för den gemensamma enheten i Hjo?"


def test_a_roles_start_asked_with_its_recruitment_under_way_is_pending():
    assert successor_pending(_ASKED, "date", [_UNDER_WAY])
    assert not successor_pending("När tillträder Maja Ek som avdelningschef i Hjo?", "date",
                                 [_UNDER_WAY])
    assert not successor_pending(_ASKED, "date", ["Maja Ek tillträder den 1 maj.", _UNDER_WAY])


def test_a_recruitment_told_outside_the_best_passages_is_read_in_their_article():
    passages = ["Sedan den 1 mars delar Hjo och Tibro på socialchefen Maja Ek."]
    told = passages + ["Samtidigt pågår rekryteringen av en ny ordinarie socialchef."]
    asked = "Who has been appointed Hjo's new permanent head of social services?"
    assert not successor_pending(asked, "person", passages)
    assert successor_pending(asked, "person", passages, [told])
    named = passages + ["Ny socialchef blir Per Lund."]
    assert not successor_pending(asked, "person", named, [told + named[1:]])


@pytest.mark.parametrize("question, kind", [
    ("How much funding did Hjo receive for the home care pilot?", "amount"),
    ("How much of a grant did Tibro get?", "amount"),
    ("Hur mycket statliga medel har Hjo fått för utbildningen?", "amount"),
    ("Vilken lag reglerar samverkan mellan Hjo och Tibro?", "legal"),
    ("Vilka lagar styr tillsynen?", "legal"),
    ("Vilka lag finns i hemtjänsten i Hjo?", None),
    ("Vilket lag ansvarar för brukarna på natten?", None),
])
def test_funding_is_a_sum_and_vilken_lag_a_law(question, kind):
    assert asked_kind(question) == kind


@pytest.mark.parametrize("question, kind", [
    ("Did Hjo manage to cut the waiting times for home care?", "result"),
    ("Has the team succeeded in halving the number of visitors?", "result"),
    ("Who managed the pilot in Hjo?", "person"),
])
def test_did_they_manage_asks_for_a_result(question, kind):
    assert asked_kind(question) == kind


@pytest.mark.parametrize("question, kind", [
    ("Hur mycket har medelåldern bland personalen i Hjo ökat?", "result"),
    ("Hur mycket läkemedel skrivs ut på boendena i Hjo?", None),
    ("Hur mycket minskade användningen av lugnande läkemedel i Hjo?", "result"),
    ("How much did Hjo receive in state funding for the pilot?", "amount"),
    ("Hur mycket stimulansmedel fick Hjo 2023?", "amount"),
    ("How much has the state-funded project in Hjo reduced waiting times?", None),
    ("How much did the number of users grow after the funding was cut?", None),
])
def test_a_sum_asked_is_funding_asked_not_a_word_near_it(question, kind):
    assert asked_kind(question) == kind


def test_a_count_in_a_year_is_a_count():
    counted = counted_noun("Hur många brukare har hemtjänsten i Hjo?")
    assert holds_kind("Antalet brukare uppgick till 118 år 2022.", "count", counted)
    assert not holds_kind("Antalet brukare som är 80-åringar väntas öka med en tredjedel.",
                          "count", counted)
    assert not holds_kind("Antalet brukare över 85 år 2030 väntas öka kraftigt.", "count",
                          counted)


@pytest.mark.parametrize("question", [
    "När börjar socialchefen utredningen om hemtjänsten i Hjo?",
    "När tillträder socialchefen Per Lund i Hjo?",
    "När börjar socialchefen sin utredning om hemtjänsten i Hjo?",
    "När tillträder socialchefen i Hjo, Per Lund?",
])
def test_a_task_started_or_a_holder_named_asks_for_no_coming_holder(question):
    assert not successor_pending(question, "date", ["Maja Ek är tillförordnad socialchef i Hjo.",
                                                    "Rekryteringen av en ny socialchef pågår."])


def test_the_new_one_named_after_the_recruitment_in_the_article_is_no_pending_one():
    passages = ["Socialchefen i Hjo slutar i juni."]
    told = passages + ["Rekryteringen av en ny socialchef pågår.",
                       "Nu har kommunen rekryterat Per Lund som ny socialchef."]
    assert not successor_pending("Vem blir ny socialchef i Hjo?", "person", passages, [told])
    told = passages + ["Rekryteringen av en ny socialchef pågår.",
                       "Per Lund tillträder som socialchef den 1 september."]
    assert not successor_pending("När tillträder den nya socialchefen i Hjo?", "date",
                                 passages, [told])


def test_an_english_unit_qualifies_only_the_role_right_before_it():
    asked = asked_of("Who is the head of social services responsible for elderly care in Hjo?",
                   ("Hjo",), english=True)
    assert asked.qualifiers == ()


_RECRUITING = ["Socialchefen i Hjo slutar i juni.", "Rekryteringen av en ny socialchef pågår."]


@pytest.mark.parametrize("after", [
    "Under tiden har kommunen utsett Maja Ek till tillförordnad socialchef.",
    "Den nya nattpatrullen i hemtjänsten börjar den 1 september.",
])
def test_an_acting_one_or_another_start_after_the_recruitment_leaves_it_pending(after):
    assert successor_pending("När tillträder den nya socialchefen i Hjo?", "date",
                             _RECRUITING[:1], [_RECRUITING + [after]])


def test_a_new_one_named_in_another_article_leaves_the_recruitment_pending():
    other = ["Vetlanda har anställt Per Lund som ny socialchef."]
    assert successor_pending("Vem blir ny socialchef i Hjo?", "person", _RECRUITING[:1],
                             [_RECRUITING, other])


@pytest.mark.parametrize("question", ["När börjar socialchefen i Hjo arbeta?",
                                      "När tillträder socialchefen tjänsten i Hjo?"])
def test_the_roles_own_start_asked_in_other_words_is_pending(question):
    assert successor_pending(question, "date", _RECRUITING)


def test_an_english_unit_of_the_municipality_is_read():
    asked = asked_of("Who is the unit manager for the municipality's home care in Hjo?", ("Hjo",),
                   english=True)
    assert asked.qualifiers == ("hemtjänst",)
