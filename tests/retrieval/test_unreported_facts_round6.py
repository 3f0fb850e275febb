"""Facts the articles do not report, the sixth round (docs/evaluation.md):
what a sum is the cost of, the verb after an auxiliary's subject in a
when-question, a service looked for by its base word, a compound subject
held by its two parts, and a purpose clause that plans nothing. Real
model, real FAISS: the shipped corpus, and one written article with sums."""

import shutil

import pytest

from assistant.answering.pipeline import Assistant, update_index
from assistant.config import Settings
from assistant.retrieval.answerability import _pending
from assistant.retrieval.kinds import (amount_object_missing, asked_heads, cost_object,
                                       quantity_missing)
from assistant.retrieval.services import service_keys

from conftest import CORPUS, write_article


def evidence_of(assistant, question):
    from assistant.retrieval.answerability import measure

    searcher = assistant.searcher
    query = searcher.query(question)
    hits = searcher.search(query, 3)
    return measure(searcher, query, hits, searcher.embed(query.text), True).as_dict()


# --- the forms, without the model

@pytest.mark.parametrize("question, head", [
    ("Hur mycket kostade omorganisationen av IFO i Säffle?", "omorganisati"),
    ("Vad kostar mentorprogrammet för nya chefer per deltagare?", "mentorprogramm"),
    ("Hur mycket kostade det att införa den öppna mottagningen i Vänersborg?", "mottagni"),
    ("Hur mycket kostade bygget av det nya boendet?", "bygg"),
    ("Vad kostar det?", ""),
])
def test_what_a_sum_is_the_cost_of(question, head):
    assert cost_object(question) == head


def test_a_sum_of_something_else_is_no_answer():
    holding = ["Teamet kostar 2,4 miljoner kronor per år."]
    assert amount_object_missing("Hur mycket kostar familjehemssekreteraren per år?", holding)
    assert not amount_object_missing("Hur mycket kostar teamet per år?", holding)
    # a compound's last part will do: "Hela programmet kostade ..."
    assert not amount_object_missing("Vad kostade hela ledarskapsprogrammet?",
                                     ["Hela programmet kostade 1,65 miljoner kronor."])
    # kronor asked for, and only a share found
    assert amount_object_missing("Hur mycket betalar Gnosjö i kronor för lånet?",
                                 ["Gnosjö betalar halva lönekostnaden."])


def test_a_result_asked_as_a_quantity_needs_a_number():
    q = "Hur mycket förbättrades kvalitetsmätningarna i procent?"
    assert quantity_missing(q, ["Arbetet har skapat goda resultat i olika kvalitetsmätningar."])
    assert not quantity_missing(q, ["Andelen nöjda ökade från 80 till 91 procent."])
    assert not quantity_missing("Vad visade utvärderingen?", ["Kvaliteten blev bättre."])


def test_the_verb_after_an_auxiliarys_subject_says_which_date():
    q = "När ska arbetssättet med utredningar i par utvärderas?"
    assert asked_heads(q, "date") == ("utvärder",)
    assert "öppn" in asked_heads("När ska nya äldreboendet öppnas?", "date")
    assert "börj" in asked_heads("När ska Anna börja som chef?", "date")


def test_services_by_their_base_word():
    assert service_keys("Vad tror hemtjänstpersonalen i Bergvik?") == ["hemtjänst"]
    assert service_keys("Delar kommunerna även på räddningschef?") == ["räddningschef"]
    assert "skol" in service_keys("Hur samverkar skolan och socialtjänsten?")


def test_a_purpose_clause_plans_nothing():
    assert not _pending("Det är viktigt för att vi ska kunna fatta rätt beslut.")
    assert not _pending("Det är en fördel när man ska bygga något nytt.")
    assert _pending("Resultatet ska redovisas för nämnden i vår.")
    assert _pending("Något resultat finns ännu inte.")


# --- the shipped corpus

def test_a_result_beside_a_purpose_clause_is_not_pending(shipped):
    """Bengtsfors-Mellerud's article reports results ("har skapat goda
    resultat") beside "för att vi ska kunna fatta rätt beslut": nothing pending."""
    question = "Har samarbetet Bengtsfors–Mellerud gett några resultat?"
    f = evidence_of(shipped, question)
    assert f["kind_asked"] == 1.0 and f["result_pending"] == 0.0
    assert not shipped.ask(question).no_answer


def test_a_percentage_the_article_does_not_give(shipped):
    """Bengtsfors-Mellerud's article tells of better quality measures, with no figure."""
    question = ("Hur mycket förbättrades kvalitetsmätningarna i procent för Bengtsfors och "
                "Mellerud efter den gemensamma organisationen?")
    f = evidence_of(shipped, question)
    assert f["kind_missing"] == 0.0 and f["fact_object_missing"] == 1.0
    assert shipped.ask(question).no_answer


def test_an_evaluation_date_the_article_does_not_give(shipped):
    """The article gives dates, none of an evaluation."""
    question = "När ska den gemensamma organisationen mellan Bengtsfors och Mellerud utvärderas?"
    assert evidence_of(shipped, question)["fact_head_missing"] == 1.0
    assert shipped.ask(question).no_answer


def test_a_compound_subject_held_by_its_parts(shipped):
    """"problemområden": the article has "områden" and "problem" apart."""
    question = "Vilka problemområden kom fram när Vårgårda gick igenom placeringskostnaderna?"
    assert evidence_of(shipped, question)["subject_absent"] == 0.0
    assert not shipped.ask(question).no_answer


def test_home_care_where_the_article_has_none(shipped):
    """Bengtsfors-Mellerud's article never names hemtjänst; Söderhamn's does."""
    missing = evidence_of(shipped, "Hur har hemtjänsten i Bengtsfors arbetat med tillitsbaserad "
                                   "ledning och styrning?")
    assert missing["service_missing"] == 1.0
    named = evidence_of(shipped, "Vad tror hemtjänstpersonalen i Bergvik att de får ut av "
                                 "försöket?")
    assert named["service_missing"] == 0.0


# --- an article with sums

@pytest.fixture(scope="module")
def with_sums(tmp_path_factory, e5):
    root = tmp_path_factory.mktemp("sums")
    shutil.copytree(CORPUS, root / "corpus")
    write_article(
        root / "corpus", "900-kalix-dagcenter.md", "Nytt dagcenter i Kalix",
        "Kalix kommun öppnar i mars ett nytt dagcenter för personer med demenssjukdom. "
        "Dagcentret har plats för tjugo besökare om dagen.\n\n"
        "Ombyggnaden av lokalerna kostade 4,2 miljoner kronor, och kommunen räknar med att "
        "dagcentret ska minska behovet av korttidsplatser.\n\n"
        "Under hösten har personalen gått en utbildning i bemötande av personer med "
        "demenssjukdom, säger enhetschefen Karin Berglund.",
        id='"900-kalix-dagcenter"', municipality="Kalix")
    settings = Settings.from_env(env={}, corpus_dir=root / "corpus", index_dir=root / "index")
    update_index(settings, e5)
    return Assistant(settings, e5)


def test_the_cost_asked_is_of_what_the_sum_is_of(with_sums):
    right = evidence_of(with_sums, "Hur mycket kostade ombyggnaden av lokalerna i Kalix?")
    assert right["kind_missing"] == 0.0 and right["fact_object_missing"] == 0.0
    other = evidence_of(with_sums, "Hur mycket kostade utbildningen av personalen i Kalix?")
    assert other["kind_missing"] == 0.0 and other["fact_object_missing"] == 1.0
