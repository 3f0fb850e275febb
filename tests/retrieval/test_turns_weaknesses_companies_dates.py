"""Four question forms misread: what "står näst på tur" (a plan asked, as
"står på tur" was); a result asked of work only now begun ("Nu påbörjar vi
..., om det kommer ni kunna läsa framöver": no result told yet); weaknesses
asked where the article says "brister" or "bristande"; a company asked by
its name ("Vilket taxibolag ...", as "Vilket bemanningsföretag ..." was); a
date to come asked of an event whose sentences tell only of the past ("När
startar andra omgången ...?" where "Den 5 september startade ..."), whatever
future date another sentence holds. Each with the wordings it must not
take. Wordings of no evaluation set."""

import pytest
from conftest import evidence_of, shipped_plus

from assistant.retrieval.fact_heads import asked_heads, reported
from assistant.retrieval.named_things import names_thing
from assistant.retrieval.plans import asks_next, pending, tells_plan
from assistant.retrieval.question_kinds import asked_kind
from assistant.swedish.words import stem, synonyms_of


@pytest.mark.parametrize("question, ahead", [
    ("Vilken enhet står näst på tur för ett liknande arbete i Heby?", True),
    ("Vad är näst på tur för socialtjänsten i Heby?", True),
    ("Vilken verksamhet står på tur i Heby?", True),
    ("Vilken verksamhet står nu på tur i Heby?", True),
    ("Vem är näst i tur i Heby?", True),
    ("Vem var på turné med kören i Heby?", False),
    ("Hur står det till med äldreomsorgen i Heby?", False),
    ("Tar Heby ärendena i tur och ordning?", False),
])
def test_next_in_turn_asks_what_comes_next(question, ahead):
    assert asks_next(question) is ahead


def test_a_sentence_telling_who_is_next_in_turn_tells_a_plan():
    assert tells_plan("Hemtjänsten står näst på tur att arbeta på samma sätt.")
    assert tells_plan("Nästa år står äldreomsorgen på tur.")
    assert not tells_plan("Hemtjänsten arbetar på samma sätt sedan 2019.")


@pytest.mark.parametrize("sentence, planned", [
    ("Nu påbörjar vi ett liknande arbete inom LSS, om det kommer ni kunna läsa framöver.", True),
    ("Arbetet påbörjas i höst.", True),
    ("Arbetet påbörjades 2018 och har gett kortare väntetider.", False),
    ("Väntetiderna har blivit kortare sedan arbetet började.", False),
    ("För att vi ska kunna påbörja arbetet behövs fler medarbetare.", False),
    # the review's: people who begin, work begun at once, a level kept
    ("Andelen som påbörjar studier efter insatsen har ökat från 30 till 45 procent.", False),
    ("Insatsen påbörjas samma dag som beslutet fattas, vilket har halverat väntetiden.", False),
    ("Sjukfrånvaron har sjunkit. Vi hoppas kunna hålla den nivån även framöver.", False),
    ("Om resultatet kommer vi att berätta framöver.", True),
])
def test_work_only_now_begun_is_pending(sentence, planned):
    assert pending(sentence) is planned


def test_weaknesses_are_shortcomings():
    grouped = synonyms_of(stem("svagheter"))
    assert stem("brister") in grouped or "brist" in grouped
    assert "brist" in synonyms_of(stem("weaknesses")) or stem("brister") in synonyms_of(
        stem("weaknesses"))


@pytest.mark.parametrize("question, kind", [
    ("Vilket taxibolag kör färdtjänstresorna i Heby?", "name"),
    ("Vilket bolag driver det nya boendet i Heby?", "name"),
    ("Vilka bolag har Heby upphandlat hemtjänst från?", "name"),
    ("Hur många bolag lämnade anbud i Heby?", "count"),
])
def test_a_company_is_asked_by_its_name(question, kind):
    assert asked_kind(question) == kind


def test_a_company_is_named_by_its_name():
    assert names_thing("Resorna körs av Hebytaxi AB sedan januari.")
    assert names_thing("Taxibolaget Resekompaniet kör resorna.")
    assert names_thing("Boendet drivs av Attendo.")
    assert names_thing("Resorna körs sedan januari av Sala Taxi.")
    assert not names_thing("Ett taxibolag kör resorna.")


@pytest.mark.parametrize("sentence", [
    "Taxibolaget Heby och Sala samordnar är nöjt.",
    "I avtalet med bolaget Region Uppsala står att resorna ska samordnas.",
    "Boendet drivs av Heby kommun.",
    "Boendet drivs av Region Uppsala.",
])
def test_a_municipality_or_region_is_no_company_name(sentence):
    assert not names_thing(sentence)


def test_a_finding_found_is_reported():
    assert reported("Granskningen fann flera brister i dokumentationen.")


@pytest.fixture(scope="module")
def grown(shipped, tmp_path_factory):
    """The shipped articles and two fictional ones about Heby: a review
    that lists shortcomings, and färdtjänst whose taxi company is never named."""
    return shipped_plus(
        shipped, tmp_path_factory, "turns-weaknesses",
        ("Heby", "Fiktiv: Heby granskar biståndshandläggningen",
         "Socialnämnden i Heby lät granska handläggningen av bistånd under våren. "
         "Granskningen fann flera brister: långa handläggningstider, bristande dokumentation "
         "och otydliga delegationer.\n\n"
         "Nu påbörjar vi ett liknande arbete inom äldreomsorgen, om det kommer ni kunna läsa "
         "framöver, säger socialchefen Maria Holm."),
        ("Heby", "Fiktiv: Heby och Sala samordnar färdtjänsten",
         "Heby och Sala samordnar sedan januari färdtjänsten i en gemensam nämnd. Resorna "
         "upphandlas gemensamt, och handläggningen har flyttat till Sala."),
        ("Heby", "Fiktiv: Heby startar ledarprogram för chefer",
         "Den 5 september startade Heby kommun ett nytt ledarprogram för första linjens "
         "chefer. Programmet har 20 deltagare i den första omgången.\n\n"
         "Kommunfullmäktige har beslutat att ingen enhetschef ska ha fler än 30 medarbetare "
         "år 2026.\n\nEn andra omgång planeras om utvärderingen faller väl ut."),
        ("Tierp", "Fiktiv: Tierp startar ledarprogram för enhetschefer",
         "Den 12 januari startade Tierps kommun ett ledarprogram för enhetschefer i "
         "äldreomsorgen. Programmet har 15 deltagare.\n\n"
         "En andra omgång planeras till våren 2026."),
    )


def test_weaknesses_asked_are_answered_by_the_shortcomings(grown):
    question = "Vilka svagheter hittade granskningen av biståndet i Heby?"
    assert evidence_of(grown, question)["subject_absent"] == 0.0
    answer = grown.ask(question)
    assert not answer.no_answer
    assert any("bristande dokumentation" in p.quote for p in answer.passages[:3])


def test_a_result_of_work_only_begun_is_declined(grown):
    question = "Vilka resultat har arbetet inom äldreomsorgen i Heby gett hittills?"
    assert evidence_of(grown, question)["result_pending"] == 1.0
    assert grown.ask(question).no_answer


def test_a_company_never_named_is_declined(grown):
    question = "Vilket taxibolag kör färdtjänstresorna i Heby?"
    assert evidence_of(grown, question)["missing_name"] == 1.0
    assert grown.ask(question).no_answer


def test_a_date_to_come_of_an_event_told_only_as_past_is_missing(grown):
    """The future date of the council's decision ("år 2026") is no date of
    the programme's next start."""
    question = "När startar andra omgången av ledarprogrammet för chefer i Heby?"
    assert evidence_of(grown, question)["fact_head_missing"] == 1.0


def test_a_date_to_come_told_in_other_words_is_answered(grown):
    """The review's: the next round's date told as planned, without the
    event's word ("En andra omgång planeras till våren 2026")."""
    question = "När startar andra omgången av ledarprogrammet för enhetschefer i Tierp?"
    assert evidence_of(grown, question)["fact_head_missing"] == 0.0
    answer = grown.ask(question)
    assert not answer.no_answer
    assert any("våren 2026" in p.quote for p in answer.passages[:3])


def test_a_date_past_of_the_same_event_is_answered(grown):
    question = "När startade ledarprogrammet för chefer i Heby?"
    assert evidence_of(grown, question)["fact_head_missing"] == 0.0
    answer = grown.ask(question)
    assert not answer.no_answer
    assert any("Den 5 september" in p.quote for p in answer.passages[:3])


@pytest.mark.parametrize("question, head", [
    ("När ska andra omgången av programmet i Heby starta?", "start"),
    ("När ska den nya chefen i Heby börja?", "börj"),
    ("När ska mötet hållas i Sala?", "håll"),  # a passive before any infinitive
    ("När ska utredningen i Heby vara klar?", "klar"),
])
def test_the_event_of_a_date_asked_is_the_infinitive_ending_its_clause(question, head):
    assert head in asked_heads(question, "date")


def test_the_verb_found_stays_when_no_event_ends_the_clause():
    assert "börj" in asked_heads("När ska Heby börja med tillsyn via kamera?", "date")


@pytest.mark.parametrize("question, word", [
    ("När ska träffpunkten öppna för äldre och anhöriga?", "anhör"),  # a noun
    ("När ska den nya chefen i Sala börja i södra?", "södr"),  # an adjective
    ("När ska hemtjänsten få en ny chef för äldreomsorgen i västra?", "västr"),
])
def test_a_word_ending_the_clause_is_no_event_unless_it_is_one(question, word):
    assert word not in asked_heads(question, "date")


def test_a_place_ending_the_clause_is_no_event():
    assert "sal" not in asked_heads("när ska chefen för hemtjänsten flytta till sala", "date")
