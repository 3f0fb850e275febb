"""What the articles say is not known yet ("Hur många som har slutat
använda droger går ännu inte att säga": unknowns.told_unknown, read as
result_pending for a question of any kind); a service's clients counted by
"personer" only as people served, never by the inhabitants; school
transport and school meals as services of their own, each named by any of
its words; "skolades om" (retrained) names no school. Wordings of no
evaluation set."""

import pytest
from conftest import evidence_of, shipped_plus, told_unknown_in

from assistant.retrieval.kinds import clients_untold
from assistant.retrieval.question_kinds import counted_noun
from assistant.retrieval.services import SCHOOL, names_service, service_keys


@pytest.mark.parametrize("question, sentence, unknown", [
    ("Hur många har slutat använda droger?",
     "Hur många som har slutat använda droger går ännu inte att säga.", True),
    ("När kan det gemensamma befälet vara i drift?",
     "När det gemensamma befälet kan vara i drift är ännu inte bestämt.", True),
    ("Hur mycket sparar förändringen?",
     "Hur mycket förändringen skulle spara har ännu inte beräknats.", True),
    ("Vilket resultat gav utvärderingen?", "Något resultat av utvärderingen finns ännu inte.",
     True),
    ("Hur många har slutat använda droger?",
     "Hur många som har slutat använda droger är fortfarande inte känt.", True),
    ("Hur många har slutat använda droger?",
     "Hur många som har slutat använda droger vet vi inte än.", True),
    ("Hur många har slutat använda droger?",
     "Det är i dag oklart hur många som har slutat använda droger.", True),
    # a result told after "men", one matter of two, what precedes a "men"
    ("Har antalet akuta sjukhusbesök minskat?", "Det är för tidigt att dra säkra slutsatser, "
     "men de första månaderna har antalet akuta sjukhusbesök varit lägre.", False),
    ("Vilka vinster har schemaläggningen gett?", "De största vinsterna har kommit inom "
     "schemaläggning, medan arbetet med tidrapporter ännu inte har kommit på plats.", False),
    ("Vem avgör om de två cheferna inte kan enas?", "Om de inte kan enas är det "
     "kommundirektören som avgör, men enligt dem båda har det ännu inte hänt.", False),
    ("När startade projektet?", "Projektet startade i januari 2023 men har ännu inte "
     "utvärderats.", False),
    # the clause holds a fact of the kind asked
    ("Vem är socialchef i Tierp?", "Socialchefen Anna Berg har ännu inte kommenterat beslutet.",
     False),
    ("Hur många personer har fått stöd av teamet?", "Hittills har 212 personer fått stöd av "
     "teamet och ännu inga klagomål har kommit in.", False),
    ("Hur mycket kostade ombyggnaden av simhallen?", "Ombyggnaden av simhallen kostade 40 "
     "miljoner kronor, och slutbesiktningen har ännu inte gjorts.", False),
    # the unknown is of something else, or shares one word of many
    ("Hur många har slutat använda droger?", "Vad nästa steg blir är ännu inte bestämt.", False),
    ("Hur har ungdomar, skola, polis, fritid och föräldrar samarbetat mot droger?",
     "Hur det går med droger är ännu oklart.", False),
    ("Hur många har slutat använda droger?", "Nio har slutat använda droger.", False),
])
def test_what_the_articles_call_unknown(question, sentence, unknown):
    assert told_unknown_in(question, sentence) is unknown


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
    ("Hur många brukare har hemtjänsten?", ["I dag har 310 personer hemtjänst."], False),
    ("Hur många patienter har teamet?", ["Förra året besökte teamet 120 personer."], False),
    ("Hur många invånare har kommunen?", ["Kommunen har 14 000 invånare."], False),
])
def test_clients_are_the_people_served(question, articles, untold):
    assert clients_untold(counted_noun(question), articles) is untold


TRANSPORT = "skolskjuts|skolbuss|skoltaxi"
MEALS = "skolmat|skolmåltid|skollunch"


@pytest.mark.parametrize("question, key", [
    ("Hur fungerar skolskjutsarna för eleverna?", TRANSPORT),
    ("How does the municipality organise school transport?", TRANSPORT),
    ("Who drives the school buses?", TRANSPORT),
    ("Hur organiseras skolmaten?", MEALS),
    ("How is school meal catering organised?", MEALS),
    ("Hur samverkar skolan och socialtjänsten?", SCHOOL),
])
def test_school_transport_and_meals_are_services_of_their_own(question, key):
    assert service_keys(question) == [key]


@pytest.mark.parametrize("question", ["Vem gjorde jobbet medan personalen skolades om?",
                                      "Hur lång är omskolningen?", "Vad kostar skolningen?"])
def test_retraining_names_no_school(question):
    assert service_keys(question) == []


@pytest.mark.parametrize("question, article, named", [
    ("Hur organiseras skolmaten?", "skolan serverar skolmåltider varje dag", True),
    ("Who drives the school buses?", "eleverna åker skolbuss eller skoltaxi", True),
    ("Hur fungerar skolskjutsen?", "skolan samverkar med socialtjänsten", False),
])
def test_a_school_service_is_named_by_any_of_its_words(question, article, named):
    assert any(names_service(article, key) for key in service_keys(question)) is named


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

