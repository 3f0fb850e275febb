"""What the articles say is not known yet ("Hur många som har slutat
använda droger går ännu inte att säga": unknowns.told_unknown, read as
result_pending for a question of any kind); a service's clients counted by
"personer" only as people served, never by the inhabitants; a role's date
named by its own compound or its last part as a word ("socialchef" is no
"enhetschef"), and asked as what a unit got; school transport and school
meals as services of their own. Wordings of no evaluation set."""

import pytest
from conftest import evidence_of, shipped_plus

from assistant.retrieval.fact_heads import role_missing
from assistant.retrieval.kinds import clients_untold
from assistant.retrieval.question_kinds import counted_noun
from assistant.retrieval.services import service_keys
from assistant.retrieval.unknowns import told_unknown
from assistant.swedish.words import stem


def stems(*words: str) -> list[str]:
    return [stem(w) for w in words]


@pytest.mark.parametrize("asked, sentence, unknown", [
    (stems("slutat", "droger"), "Hur många som har slutat använda droger går ännu inte att säga.",
     True),
    (stems("gemensamma", "befälet", "drift"),
     "När det gemensamma befälet kan vara i drift är ännu inte bestämt.", True),
    (stems("förändringen", "spara"),
     "Hur mycket förändringen skulle spara har ännu inte beräknats.", True),
    (stems("dela", "rehabilitering"), "Frågan om att dela på en ansvarig för rehabilitering har "
     "diskuterats men har ännu inte kommit till något beslut.", True),
    (stems("utvärderingen", "resultat"), "Något resultat av utvärderingen finns ännu inte.", True),
    # a result told after "men", one matter of two, another's clause after "men"
    (stems("akuta", "sjukhusbesök"), "Det är för tidigt att dra säkra slutsatser, men de första "
     "månaderna har antalet akuta sjukhusbesök varit lägre.", False),
    (stems("vinsterna", "schemaläggning"), "De största vinsterna har kommit inom schemaläggning, "
     "medan arbetet med tidrapporter ännu inte har kommit på plats.", False),
    (stems("avgör", "enas"), "Om de inte kan enas är det kommundirektören som avgör, men enligt "
     "dem båda har det ännu inte hänt.", False),
    # the unknown is of something else, or shares one word of many
    (stems("slutat", "droger"), "Vad nästa steg blir är ännu inte bestämt.", False),
    (stems("ungdomar", "droger", "skola", "polis", "fritid", "föräldrar"),
     "Hur det går med droger är ännu oklart.", False),
    (stems("slutat", "droger"), "Nio har slutat använda droger.", False),
])
def test_what_the_articles_call_unknown(asked, sentence, unknown):
    assert told_unknown(asked, [sentence]) is unknown


@pytest.mark.parametrize("question, articles, untold", [
    # a team's or a unit's people are not its clients ...
    ("How many patients are enrolled in the team?", ["Teamet består av åtta personer."], True),
    ("Hur många klienter har vuxenenheten?",
     ["De uppskattar att kunna vända sig till två personer."], True),
    # ... nor the inhabitants
    ("Hur många kunder har hemtjänsten?", ["Kommunen har 14 000 invånare."], True),
    ("Hur många brukare har hemtjänsten?", ["Kommunen har 9 000 medborgare."], True),
    # people served are
    ("How many patients are enrolled in the team?", ["I dag är 58 personer inskrivna."], False),
    ("Hur många klienter har enheten?", ["Sedan februari har 212 personer fått stöd."], False),
    ("Hur många invånare har kommunen?", ["Kommunen har 14 000 invånare."], False),
])
def test_clients_are_the_people_served(question, articles, untold):
    assert clients_untold(counted_noun(question), articles) is untold


@pytest.mark.parametrize("question, texts, missing", [
    # another compound with the same last part is another role
    ("När började den nya enhetschefen på vuxenenheten?",
     ["Ann Lilja tillträdde som socialchef våren 2018."], True),
    ("när fick vuxenenheten i vårgårda sin nya enhetschef",
     ["Ann Lilja tillträdde som socialchef våren 2018."], True),
    ("När fick hemtjänsten en ny chef?", ["Hemtjänsten flyttade 2019."], True),
    ("När fick vuxenenheten sin nya enhetschef?", ["Enhetschefen Eva Ek började i maj 2021."],
     False),
    ("När fick hemtjänsten en ny chef?", ["En ny chef för hemtjänsten började i maj."], False),
    # no role got
    ("När fick Anna sin nya utbildning?", ["Hon blev socialchef 2018."], False),
    ("När fick Tranemo en ny socialchef Anna Berg?", ["Det skedde 2018."], False),
])
def test_a_roles_date_is_its_own(question, texts, missing):
    assert role_missing(question, texts) is missing


@pytest.mark.parametrize("question, key", [
    ("Hur fungerar skolskjutsarna för eleverna?", "skolskjuts"),
    ("How does the municipality organise school transport?", "skolskjuts"),
    ("Who drives the school buses?", "skolskjuts"),
    ("Hur organiseras skolmaten?", "skolmat"),
    ("How is school meal catering organised?", "skolmåltid"),
    ("Hur samverkar skolan och socialtjänsten?", "skol"),
])
def test_school_transport_and_meals_are_services_of_their_own(question, key):
    assert service_keys(question) == [key]


@pytest.fixture(scope="module")
def grown(shipped, tmp_path_factory):
    """The shipped articles and two fictional youth teams: Tierp says it
    cannot yet tell how many stopped using drugs, Heby tells it."""
    return shipped_plus(
        shipped, tmp_path_factory, "unknowns",
        ("Tierp", "Fiktiv: Samverkan mot droger bland unga i Tierp",
         "Socialtjänsten, skolan och vårdcentralen i Tierp har sedan i fjol en gemensam grupp "
         "för unga som använder droger. Av de 23 ungdomar som har fått stöd har 14 tackat ja "
         "till öppenvård.\n\nHur många som har slutat använda droger går ännu inte att säga, "
         "enligt samordnaren Eva Lind."),
        ("Heby", "Fiktiv: Samverkan mot droger bland unga i Heby",
         "Socialtjänsten, skolan och vårdcentralen i Heby har sedan i fjol en gemensam grupp "
         "för unga som använder droger. Av de 30 ungdomar som har fått stöd har nio slutat "
         "använda droger, enligt samordnaren Per Holm."),
    )


def test_an_unknown_told_is_declined_and_a_told_one_answered(grown):
    declined = "hur många har slutat med droger i Tierp"
    assert evidence_of(grown, declined)["result_pending"] == 1.0
    assert grown.ask(declined).no_answer
    answered = "hur många har slutat med droger i Heby"
    assert evidence_of(grown, answered)["result_pending"] == 0.0
    answer = grown.ask(answered)
    assert not answer.no_answer
    assert any("nio slutat" in p.quote for p in answer.passages[:3])

