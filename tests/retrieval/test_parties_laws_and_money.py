"""A politician's party asked, held only by a party named; which law asked,
held only by a law named ("regleras av samma lag" names none); a kind of
money held by its own words, not by the synonyms of its topic (a saving is
no budget); a new holder moved into the post; an English count read by its
Swedish synonyms. Wordings of no evaluation set."""

import pytest

from assistant.retrieval.fact_heads import asked_heads, holds_head
from assistant.retrieval.kinds import holds_kind
from assistant.retrieval.plans import successor_pending
from assistant.retrieval.query import analyse


def _holds(question: str, sentence: str) -> bool:
    query = analyse(question)
    return holds_kind(sentence, query.kind, query.counted, query.agent, query.grain)


@pytest.mark.parametrize("question", [
    "Vilket parti tillhör socialnämndens ordförande i Hjo?",
    "Vilket politiskt parti företräder ordföranden i Hjo?",
    "Vilka partier styr i Hjo?",
    "Which party does the chair of Hjo's social services committee belong to?",
    "What political party is the chair in Hjo from?",
])
def test_a_party_asked_is_held_only_by_a_party_named(question):
    assert analyse(question).kind == "name"
    assert _holds(question, "Det säger Maja Ek (S), ordförande i socialnämnden.")
    assert _holds(question, "Socialdemokraterna och Centerpartiet styr tillsammans.")
    assert not _holds(question, "Socialnämndens ordförande Maja Ek vill inte spara.")
    assert not _holds(question, "Hjo använder planeringssystemet Lifecare.")


@pytest.mark.parametrize("question", [
    "Which parties are in the new cooperation group in Hjo?",
    "Which party pays for the joint administration, Hjo or Tibro?",
])
def test_a_party_to_an_agreement_or_a_group_is_no_political_party(question):
    assert analyse(question).grain is None


def test_a_thing_named_still_answers_a_name_asked():
    assert _holds("Vilket planeringssystem använder hemtjänsten i Hjo?",
                  "Hjo använder planeringssystemet Lifecare.")


@pytest.mark.parametrize("sentence, holds", [
    ("Färdtjänsten regleras av samma lag i alla tre kommunerna.", False),
    ("Enligt lag ska nämnden följa upp insatsen.", False),
    ("Samverkan sker enligt kommunallagen.", True),
    ("Insatsen ges enligt LSS.", True),
    ("Det följer av lagen om skydd mot olyckor.", True),
    ("Det följer av socialtjänstlagens 4 kap.", True),
    ("Personalen arbetar i lagen om fyra.", False),
    ("MAS gör anmälningar enligt lex Maria.", False),
])
def test_which_law_asked_is_held_only_by_a_law_named(sentence, holds):
    assert _holds("Vilken lag reglerar färdtjänsten i Hjo?", sentence) is holds
    assert _holds("Which law allows Hjo and Tibro to share a head?", sentence) is holds


@pytest.mark.parametrize("question", [
    "What acts of neglect were found at Ekgården in Hjo?",
    "What law firm did Hjo hire?",
    "Vilka lag spelar i Hjo?",
])
def test_no_law_asked_by_acts_firms_or_teams(question):
    assert analyse(question).grain != "law"


def test_a_budget_asked_is_not_told_by_a_saving():
    heads = asked_heads("Hur stor är budgeten för den gemensamma nämnden i Hjo?", "amount")
    saving = "samordningen kan sänka kostnaderna med 1,5 miljoner kronor per år."
    assert heads and not any(holds_head(saving, h) for h in heads)
    assert any(holds_head("nämndens budget är 12 miljoner kronor.", h) for h in heads)


def test_a_holder_moved_into_the_post_is_named():
    asked = "Who becomes the new unit manager at Ekgården in Hjo?"
    told = ["Till Ekgården flyttas Maja Ek, som i dag är enhetschef inom hemtjänsten.",
            "Hemtjänstgruppen leds under tiden av en tillförordnad chef."]
    assert not successor_pending(asked, "person", told[:1], [told])
    assert successor_pending(asked, "person", told[1:], [told[1:]])
    outgoing = ["Rekryteringen av en ny enhetschef till Ekgården pågår.",
                "Nuvarande enhetschefen Maja Ek flyttas till hemtjänsten i Tibro."]
    assert successor_pending(asked, "person", outgoing, [outgoing])


def test_an_english_count_is_held_by_its_swedish_synonyms():
    query = analyse("How many employees work in the joint organisation in Hjo?")
    assert set(query.counted[:-1]) > {query.counted[0]}  # Swedish ones beside the English
    assert holds_kind("Organisationen har 120 medarbetare.", "count", query.counted)
    assert not holds_kind("Organisationen bildades för två år sedan.", "count", query.counted)


def test_a_decline_names_the_grain_not_given():
    from assistant.answering.declines import sentence
    from assistant.retrieval.answerability import NO_FACT, Decision
    said = sentence(Decision(NO_FACT, 0.1, ("Hjo",), "name", grain="party"))
    assert said == "De stycken i artiklarna om Hjo som ligger närmast frågan anger inget parti."
    said = sentence(Decision(NO_FACT, 0.1, ("Hjo",), "legal", grain="law"))
    assert said.endswith("anger ingen lag.")
    assert sentence(Decision(NO_FACT, 0.1, (), "legal")).endswith("anger ingen lag eller regel.")


@pytest.mark.slow
@pytest.mark.parametrize("question, given", [
    ("Vilket parti tillhör socialnämndens ordförande i Mellerud?", "inget parti"),
    ("Enligt vilken lag samarbetar Bengtsfors och Mellerud?", "ingen lag"),
    ("Hur stor är budgeten för den gemensamma socialförvaltningen i Bengtsfors och Mellerud?",
     "inget belopp"),
])
def test_a_fact_the_shipped_articles_lack_is_declined_by_its_grain(shipped, question, given):
    answer = shipped.ask(question)
    assert answer.no_answer and answer.reason_code == "no_fact_of_kind"
    assert answer.reason.endswith(f"anger {given}.")
