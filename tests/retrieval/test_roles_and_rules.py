"""Three question forms misread: a role the question's reading did not know
as one ("Vem är juristen ...", "the lawyer"), so its holder untold was not
seen; what the law gives or the national rules say ("hur lång tid ger
lagen", "enligt de nationella reglerna"; not a municipality's own "enligt
reglerna", nor "vad ger lagen för effekter"), a general rule no article
about the place states; and time spent, its subject longer than five words
(not a second question "... and how much did X spend"). Each with the
wordings it must not take. Wordings of no evaluation set."""

import pytest
from conftest import evidence_of, shipped_plus

from assistant.retrieval.evidence import asked_roles
from assistant.retrieval.english_heads import english_heads
from assistant.retrieval.kinds import holds_kind
from assistant.retrieval.role_questions import asked_role
from assistant.retrieval.question_kinds import asked_kind


@pytest.mark.parametrize("question, english, role", [
    ("Vem är juristen som Heby och Sala delar?", False, "jurist"),
    ("Vem är kurator på skolan i Heby?", False, "kurator"),
    ("What is the name of the lawyer that Heby and Sala share?", True, "jurist"),
    ("Who is the legal adviser of Heby's social services?", True, "jurist"),
])
def test_a_role_is_known_as_one(question, english, role):
    assert role in asked_roles(question, english)
    asked = asked_role(question, asked_roles(question, english), ("Heby", "Sala"), english)
    assert asked is not None and role in asked.roles


@pytest.mark.parametrize("question", [
    "Vem är personen som leder arbetet i Heby?",
    "Vem kan få kontaktperson i Heby?",
    "Vem kan bli kontaktperson i Heby?",
])
def test_not_every_who_question_asks_for_a_role(question):
    """"Kontaktperson" is first a support the social services grant (LSS, SoL),
    not a post: it is no role."""
    assert asked_roles(question) == ()
    assert asked_role(question, (), ("Heby",)) is None


@pytest.mark.parametrize("question, legal", [
    ("Mottagningen gör en första bedömning inom ett dygn, men hur lång tid ger lagen för "
     "förhandsbedömningen av en orosanmälan i Heby?", True),
    ("Vad anger lagstiftningen om hur snabbt en utredning ska vara klar i Sala?", True),
    ("Inom hur lång tid måste MAS i Heby anmäla till IVO enligt de nationella reglerna?", True),
    ("Hur många dagar har nämnden på sig enligt det nationella regelverket?", True),
    ("Hur ofta ska planen ses över enligt Socialstyrelsens föreskrifter?", True),
    # a municipality's own rules: "upp till 16 timmar avlösning per månad" answers it
    ("Hur många timmar avlösning kan anhöriga få enligt reglerna i Heby?", False),
    ("Hur många timmar avlösning kan anhöriga få enligt föreskrifterna i Heby?", False),
    # what a law brings is its result, not what it says
    ("Vad ger lagen för effekter i Heby?", False),
    ("Vilken nytta ger lagen brukarna i Heby?", False),
    ("Vad ger samverkan med Sala enligt socialchefen?", False),
    ("Vilka regler gäller för tillitsbaserad styrning i Heby?", False),
])
def test_what_the_law_gives_is_a_legal_question(question, legal):
    assert (asked_kind(question) == "legal") is legal


def test_the_national_rules_named_hold_a_legal_fact():
    assert holds_kind("Enligt de nationella reglerna ska anmälan göras inom två veckor.",
                      "legal", (), None, None)
    assert not holds_kind("Enligt reglerna i Heby får anhöriga 16 timmar avlösning.",
                          "legal", (), None, None)


@pytest.mark.parametrize("question, money", [
    ("What share of his working time will the technical manager shared with Sala spend on "
     "Heby?", False),
    ("How much of her time will the new manager of both home care districts spend in Heby?",
     False),
    ("In the last three weeks, how much did Heby and its partner municipality Sala spend?",
     True),
    ("How many hours did the consultants work and how much did Heby spend?", True),
    ("For how long a time is the contract and how much will Heby spend per year?", True),
])
def test_time_spent_whatever_its_subject(question, money):
    assert asked_kind(question) == "amount"
    assert bool(english_heads(question, "amount")) is money


@pytest.fixture(scope="module")
def grown(shipped, tmp_path_factory):
    """The shipped articles and two fictional ones: Heby and Sala share a
    lawyer whose name is never given; Tierp and Älvkarleby share one named."""
    return shipped_plus(
        shipped, tmp_path_factory, "roles-rules",
        ("Heby", "Fiktiv: Heby och Sala delar jurist",
         "Socialtjänsten i Heby och Sala får en gemensam jurist. Tjänsten börjar den 1 "
         "september. Juristen ska arbeta två dagar i Heby och tre dagar i Sala.\n\n"
         "Socialsekreterarna fattar beslut som får stora följder för enskilda, säger "
         "socialchefen Maria Holm."),
        ("Tierp", "Fiktiv: Tierp och Älvkarleby delar jurist",
         "Socialtjänsten i Tierp och Älvkarleby delar sedan mars på en jurist. Juristen heter "
         "Karin Berg och arbetade tidigare vid förvaltningsrätten."),
    )


@pytest.mark.parametrize("question", [
    "Vem är juristen som Heby och Sala delar?",
    "What is the name of the lawyer that Heby and Sala share?",
])
def test_a_role_whose_holder_is_untold_is_seen_as_untold(grown, question):
    assert evidence_of(grown, question)["role_unnamed"] == 1.0


@pytest.mark.parametrize("question", [
    "Vem är juristen som Tierp och Älvkarleby delar?",
    "What is the name of the lawyer that Tierp and Älvkarleby share?",
])
def test_a_role_whose_holder_is_told_is_answered(grown, question):
    assert evidence_of(grown, question)["role_unnamed"] == 0.0
    answer = grown.ask(question)
    assert not answer.no_answer
    assert any("Karin Berg" in p.quote for p in answer.passages[:3])


def test_what_the_law_gives_is_no_answer_where_no_law_is_named(grown):
    answer = grown.ask("Hur lång tid ger lagen för en förhandsbedömning i Heby?")
    assert answer.no_answer
