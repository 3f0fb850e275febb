"""Facts the articles never give: a count of a service's clients ("Hur
många kunder har hemtjänsten ...?" answered by an article that tells who
the clients are and never how many: kinds.clients_untold, read as
fact_object_missing; answered where an article counts them, by the
counted word, a synonym or "personer"); the date a role's holder started,
answered by another's date (fact_heads.role_missing, read as
fact_head_missing). An English count of people is a count of "personer".
Wordings of no evaluation set."""

import pytest
from conftest import evidence_of, shipped_plus

from assistant.retrieval.fact_heads import role_missing
from assistant.retrieval.kinds import clients_untold, holds_kind
from assistant.retrieval.question_kinds import counted_noun

LINDEN = ["Först ut är hemtjänstgruppen Linden i Bergvik.",
          "– Vi kommer att intervjua kunderna och fråga vad som är viktigt för dem."]


@pytest.mark.parametrize("question, articles, untold", [
    ("Hur många kunder får hjälp av Linden?", LINDEN, True),
    ("how many customers are served by the Linden group", LINDEN, True),
    ("Hur många brukare har hemtjänsten?", LINDEN, True),
    ("Hur många barn är placerade i familjehem?",
     ["Socialtjänsten placerar barn i familjehem när det behövs."], True),
    ("Hur många platser har det nya boendet?", ["Boendet öppnar i mars."], True),
    # counted by the word, a synonym, "personer", or after the word
    ("Hur många kunder får hjälp av Linden?", LINDEN + ["Gruppen har 60 kunder."], False),
    ("Hur många brukare har hemtjänsten?", ["Hemtjänsten har 240 kunder i tätorten."], False),
    ("Hur många patienter har teamet?", ["Teamet har haft 120 personer inskrivna."], False),
    ("Hur många boendeplatser finns på Ekgården?", ["Ekgården har 48 platser."], False),
    ("Hur många kunder har hemtjänsten?", ["Kunderna är i dag 310."], False),
    ("Hur många kunder har hemtjänsten?", ["Kunderna är i dag cirka 310."], False),
    # counted by the words an article uses for them
    ("Hur många kunder har hemtjänsten?", ["Hemtjänsten har 240 hemtjänsttagare."], False),
    ("Hur många kunder har hemtjänsten?", ["Gruppen har 25 omsorgstagare."], False),
    # an age or a sum is no count of them
    ("Hur många invånare har kommunen?", ["Målgruppen är 18 år och äldre."], True),
    ("Hur många kunder har hemtjänsten?", ["Målgruppen är 18 år och äldre."], True),
    ("Hur många barn är placerade?", ["Vi lägger miljoner på placeringar."], True),
    ("Hur många patienter har teamet?", ["Teamet har 40 inskrivna."], False),
    ("Hur många platser har det nya boendet?", ["Boendet får 40 lägenheter."], False),
    ("Hur många hushåll får ekonomiskt bistånd?", ["450 familjer får bistånd."], False),
    ("how many customers does the group have", ["Biståndet betalas ut."], True),
    # an English count without a Swedish synonym is left to the other readings
    ("How many children are placed?", ["14 barn är placerade."], False),
    ("How many households receive financial assistance?", ["450 hushåll får bistånd."], False),
    # a compound that only begins with a client is no count of clients
    ("Hur många patientsäkerhetsincidenter rapporterades?", ["Inga siffror."], False),
    # not a count of clients: left to the other readings
    ("Hur många enhetschefer finns det?", LINDEN, False),
    ("Vilka kunder får hjälp av Linden?", LINDEN, False),
])
def test_clients_never_counted_are_untold(question, articles, untold):
    assert clients_untold(counted_noun(question), articles) is untold


@pytest.fixture(scope="module")
def grown(shipped, tmp_path_factory):
    """The shipped articles and two fictional home care articles: Tidaholm
    counts its customers and tells when its unit manager started, Vara
    does neither (its one date is another's)."""
    return shipped_plus(
        shipped, tmp_path_factory, "clients",
        ("Tidaholm", "Fiktiv: Hemtjänsten i Tidaholm planerar själv",
         "Hemtjänstgrupperna i Tidaholm lägger numera sina egna scheman. Hemtjänsten har 240 "
         "kunder, och varje kund ska träffa färre olika medarbetare.\n\nEnhetschefen Maria Lund "
         "började i mars 2023 och följer upp arbetet varje månad."),
        ("Vara", "Fiktiv: Hemtjänsten i Vara planerar själv",
         "Hemtjänstgrupperna i Vara lägger numera sina egna scheman. Kunderna ska träffa färre "
         "olika medarbetare, och varje kund får en kontaktperson.\n\nUndersköterskan Lisa Holm "
         "började i hemtjänsten 2015. Hon tycker att det nya arbetssättet ger mer tid."
         "\n\nEnhetschefen Per Ek följer upp arbetet varje månad."),
    )


def test_clients_counted_are_answered_and_uncounted_declined(grown):
    declined = "hur många kunder har hemtjänsten i Vara"
    assert evidence_of(grown, declined)["fact_object_missing"] == 1.0
    assert grown.ask(declined).no_answer
    answered = "hur många kunder har hemtjänsten i Tidaholm"
    assert evidence_of(grown, answered)["fact_object_missing"] == 0.0
    answer = grown.ask(answered)
    assert not answer.no_answer
    assert any("240 kunder" in p.quote for p in answer.passages[:3])


def test_the_customers_of_the_shipped_home_care_group_are_not_counted(shipped):
    question = "Hur många kunder får hjälp av hemtjänstgruppen Linden i Bergvik?"
    assert evidence_of(shipped, question)["fact_object_missing"] == 1.0
    assert shipped.ask(question).no_answer


@pytest.mark.parametrize("question, texts, missing", [
    ("När började den nya enhetschefen på vuxenenheten?",
     ["Anna Berg har arbetat som socialsekreterare på vuxenenheten sedan 2016."], True),
    ("när tilltäder avdelningschefen", ["Organisationen startar den 1 januari 2025."], True),  # typed
    ("När slutade den förra socialchefen?", ["Hon slutade 2019."], True),
    ("Från vilket datum tillträder förvaltningschefen?", ["Nämnden bildades 2019."], True),
    # the role in the passage holding the date, in any of its forms or by its last part
    ("När tillträdde socialchefen?", ["Ann Lilja tillträdde som socialchef våren 2018."], False),
    ("När började enhetscheferna?", ["De nya enhetscheferna började i april."], False),
    ("När började den nya enhetschefen?", ["Maria Lund är ny chef för enheten sedan den 1 mars."],
     False),
    ("När tillträdde nämndordföranden?", ["Hon blev ordförande i nämnden i januari 2023."], False),
    # no role's holder asked: a role in passing, a person named, a day of the week
    ("När startade försöket?", ["Försöket startade i mars."], False),
    ("När startade utbildningen för nya enhetschefer?", ["Utbildningen startade i maj."], False),
    ("När började Maria Lund som enhetschef?", ["Maria Lund tillträdde den 1 mars."], False),
    ("När tillträdde socialchefen Anna Berg?", ["Anna Berg tillträdde den 1 mars 2021."], False),
    ("Vilket år blev Lena enhetschef?", ["Hon blev chef 2019."], False),
    # an event of the holder, not their start or leaving; the role's genitive
    ("När presenterade förvaltningschefen budgeten?", ["Budgeten presenteras i maj."], False),
    ("När startade enhetschefens utbildning?", ["Utbildningen startade i maj."], False),
    ("Vilka veckodagar är chefen på plats?", ["Maria Lind är på plats måndagar."], False),
])
def test_a_roles_date_needs_the_role(question, texts, missing):
    assert role_missing(question, texts) is missing


def test_a_date_of_another_is_no_date_of_the_role(grown):
    declined = "När började den nya enhetschefen för hemtjänsten i Vara?"
    assert evidence_of(grown, declined)["fact_head_missing"] == 1.0
    answered = "När började den nya enhetschefen för hemtjänsten i Tidaholm?"
    assert evidence_of(grown, answered)["fact_head_missing"] == 0.0
    answer = grown.ask(answered)
    assert not answer.no_answer
    assert any("mars 2023" in p.quote for p in answer.passages[:3])


@pytest.mark.parametrize("question", ["How many people has the team helped?",
                                      "how many persons took part", "How many employees left?"])
def test_an_english_count_of_people_counts_personer(question):
    assert holds_kind("Sedan februari har 212 personer fått stöd av teamet.", "count",
                      counted_noun(question))
