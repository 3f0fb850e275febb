"""Facts the articles do not report, the sixth round (docs/evaluation.md):
what a sum is the cost of, the verb after an auxiliary's subject in a
when-question, a service looked for by its base word, a compound subject
held by its two parts, and a purpose clause that plans nothing. Real
model, real FAISS: the shipped corpus, and one written article with sums."""

import shutil

import pytest

from assistant.answering.pipeline import Assistant, update_index
from assistant.config import Settings
from assistant.retrieval.answerability import _pending, _with_before
from assistant.retrieval.coverage import names_instance
from assistant.retrieval.fact_objects import amount_object_missing, cost_object
from assistant.retrieval.kinds import asked_heads, counted_noun, holds_kind, quantity_missing
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
        "När två av tre enhetschefer blev sjukskrivna i våras fick kommunen hyra in chefer "
        "från ett bemanningsföretag. Notan för sommaren blev 1,2 miljoner kronor.\n\n"
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


def test_what_a_sum_is_of_may_be_in_the_sentence_before(with_sums):
    """"... hyra in chefer från ett bemanningsföretag. Notan ... blev 1,2
    miljoner kronor.": the object is in the sentence before, same paragraph."""
    f = evidence_of(with_sums, "Hur mycket kostade de inhyrda interimscheferna i Kalix i somras?")
    assert f["kind_missing"] == 0.0 and f["fact_object_missing"] == 0.0
    # a sentence after a paragraph break has no sentence before it
    searcher = with_sums.searcher
    rows = {searcher.sentence_text(r): r for r in range(len(searcher.data.sent_start))}
    notan = next(r for t, r in rows.items() if t.startswith("Notan"))
    assert "hyra in chefer" in _with_before(searcher, notan)
    rebuild = next(r for t, r in rows.items() if t.startswith("Ombyggnaden"))
    assert _with_before(searcher, rebuild).startswith("Ombyggnaden")


def test_the_uncut_words_short_last_part():
    q = "Hur mycket kostade de inhyrda interimscheferna?"
    assert not amount_object_missing(q, ["Kommunen hyrde in chefer. Notan blev 3 miljoner kronor."])
    assert amount_object_missing(q, ["Notan blev 3 miljoner kronor."])


# --- what a count counts, and a general term by its instance

def test_a_hyphenated_compound_is_counted_by_its_last_part():
    q = "Hur många lex Sarah-rapporter skrevs från boendet?"
    assert counted_noun(q)[-1] == "rapport"
    assert holds_kind("I våras skrevs 14 rapporter enligt lex Sarah.", "count", counted_noun(q))
    assert not holds_kind("Boendet har 48 platser.", "count", counted_noun(q))
    assert counted_noun("Hur många IVO-anmälningar kom in?")[-1] == "anmälning"
    assert counted_noun("Hur många anställda finns det?")[-1] == "anställd"
    # a verb after "hur många" names nothing counted: any number will do
    assert counted_noun("Hur många har teamet hjälpt hem från sjukhuset?") == ()
    assert holds_kind("Sedan 2021 har 212 personer fått stöd.", "count",
                      counted_noun("Hur många har teamet hjälpt hem från sjukhuset?"))


def test_the_counted_word_after_antalet():
    counted = counted_noun("Hur många nyckeltal rapporterar förvaltningen varje månad?")
    assert holds_kind("Nämnden har minskat antalet nyckeltal som förvaltningen rapporterar, "
                      "från 31 till åtta.", "count", counted)
    assert not holds_kind("Nämnden har minskat antalet möten, från 31 till åtta.", "count",
                          counted)


def test_a_synonym_after_an_adjective_is_counted():
    counted = counted_noun("Hur många olika personal träffade en brukare?")
    assert holds_kind("En brukare mötte i snitt 16 olika medarbetare.", "count", counted)
    assert not holds_kind("En brukare fick hjälp på 16 olika sätt.", "count", counted)


def test_a_general_term_is_named_by_its_instance():
    assert names_instance("idrott", "Vi har använt fotbollsmatchen som metafor.")
    assert names_instance("sporten", "Laget spelar ishockey.")
    assert not names_instance("idrott", "Vi har använt ledningen som metafor.")
    assert not names_instance("parti", "Vi har använt fotbollsmatchen som metafor.")
    assert names_instance("åldersgräns", "För att låna måste man ha fyllt 15 år.")
    assert names_instance("åldersgränsen", "Man behöver vara minst 15 år.")
    assert not names_instance("åldersgräns", "Insatsen gäller personer över 65 år.")


def test_a_sport_the_article_names_by_its_kind(shipped):
    """Vårgårda's article uses "fotbollsmatchen" as a metaphor: the sport is named."""
    question = "Vilken sport jämförde socialchefen i Vårgårda ledarskapet med?"
    assert evidence_of(shipped, question)["subject_absent"] == 0.0
