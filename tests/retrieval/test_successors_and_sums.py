"""Forms the decline readings missed: a new or permanent holder of a role
asked for while the articles tell that the recruitment is under way ("Vem
blir ny MAS ...", "När tillträder den nya ordinarie socialchefen?",
plans.successor_pending: a fact still to come, `result_pending`, and for a
who-question someone other than the one named, `asks_before`); a
sum asked as "Vilken månadslön har ...", "Vilken avgift tar ..."
(question_kinds.asked_kind); and "What is the annual cost of ..." asking
kronor in English (fact_objects.english_sum_missing). Wordings of no
evaluation set."""

import pytest
from conftest import evidence_of, shipped_plus

from assistant.retrieval.fact_objects import english_sum_missing
from assistant.retrieval.plans import successor_pending
from assistant.retrieval.question_kinds import asked_kind

RECRUITING_CHIEF = "Rekryteringen av en ny socialchef pågår."
RECRUITING = ["Hon lämnar MAS-uppdraget i maj, och rekryteringen av en ny MAS pågår.",
              "Hemtjänsten får Per Ek som områdeschef."]


@pytest.mark.parametrize("question, sentences, pending", [
    ("Vem blir ny MAS i Habo när Eva Lund byter roll?", RECRUITING, True),
    ("vem blir ny medicinskt ansvarig sjuksköterska i habo", RECRUITING, True),
    ("Who will be the new MAS in Habo?", RECRUITING, True),
    # another role than the one recruited: Per Ek is named
    ("Vem blir ny områdeschef för hemtjänsten i Habo?", RECRUITING, False),
    ("När tillträder Habos nya ordinarie socialchef?",
     ["Avtalet kan förlängas om rekryteringen av en ny socialchef drar ut på tiden."], True),
    ("When is Habo's new permanent head of social services expected to start?",
     ["Rekryteringen av en ny socialchef startar i augusti."], True),
    ("Vem har rekryterats som ordinarie verksamhetschef i Habo?",
     ["I december anlitade kommunen Tor Lind som interimistisk verksamhetschef."], True),
    # the new one named: no recruitment pending
    ("Vem är ny socialchef i Habo?", ["Anna Berg tillträder som socialchef i juni."], False),
    ("Vem blir ny socialchef i Habo?",
     ["Rekryteringen av en ny socialchef pågick i våras.", "Nu har Anna Berg rekryterats "
      "som socialchef."], False),
    # the new one told as come, the acting ones as before her
    ("När tillträdde den nya socialchefen i Habo?",
     ["Sedan den 3 april har socialförvaltningen i Habo kommun en ny socialchef.",
      "Förvaltningen hade tre olika tillförordnade socialchefer på mindre än två år."], False),
    # how long a recruitment takes, not when the new one starts
    ("Hur lång tid tar det att hitta en ny chef, enligt Habos kommundirektör?",
     ["En extern rekrytering tar minst fyra månader.", "Avtalet kan förlängas om "
      "rekryteringen av en ny socialchef drar ut på tiden."], False),
    ("När började Habos nya ordinarie socialchef?",
     ["Samtidigt pågår rekryteringen av en ny ordinarie socialchef."], True),
    # a new management group named, not the chief recruited
    ("När tillträder den ordinarie förvaltningschefen i Habo?",
     ["Nu har förvaltningen en ny ledningsgrupp på plats.",
      "Rekryteringen av en ordinarie förvaltningschef pågår."], True),
    # the permanent one in post, no new one asked
    ("Vem ska styra socialtjänsten i Habo medan den ordinarie förvaltningschefen "
     "koncentrerar sig på äldrevården?",
     ["Tor Lind är tillförordnad förvaltningschef för socialtjänsten."], False),
    ("När tillträder den ordinarie förvaltningschefen i Habo?",
     ["Tor Lind är tillförordnad förvaltningschef."], True),
    # the new one named, in the forms articles use
    *(("Vem blir ny socialchef i Habo?", ["Rekryteringen av en ny socialchef pågår.", named],
       False) for named in (
        "Anna Berg blir Habos nya socialchef från 1 maj.",
        "Anna Berg är ny socialchef i Habo.",
        "Kommunen har anställt Anna Berg som socialchef.",
        "Anna Berg utsågs till ny socialchef i går.",
        "Anna Berg tar över som socialchef den 1 maj.",
        "Den nya socialchefen heter Anna Berg.",
        "Anna Berg blir ny chef för socialförvaltningen.")),
    ("När tillträder den nya socialchefen i Habo?",
     ["Anna Berg tillträder den 1 maj.", "Fram till dess är Tor Lind tillförordnad socialchef."],
     False),
    ("Vem blir ny socialchef i Habo?",
     ["Anna Berg, tidigare tillförordnad socialchef, blir nu ordinarie socialchef."], False),
    # a return or an acting holder asked for; a recruitment of others
    ("När börjar den ordinarie enhetschefen i Habo igen?",
     ["Tor Lind är tillförordnad enhetschef tills den ordinarie enhetschefen Eva Lund "
      "börjar igen i augusti."], False),
    ("Vem är ny tillförordnad socialchef i Habo?",
     ["Tor Lind är tillförordnad socialchef medan rekryteringen pågår."], False),
    ("Vem är ny socialchef i Habo?",
     ["Nya socialchefen Anna Berg vill rekrytera fler socionomer, som ska avlasta "
      "handläggarna."], False),
    ("Vem har skrivit den nya strategin i Habo?",
     ["Rekryteringen av en ny strateg pågår."], False),
    ("Vem är ny socialchef i Habo?", ["Tor Lind är t.f. socialchef."], True),
    # more namings, starts and past acting holders (a second review)
    ("Vem blir ny socialchef i Habo?",
     [RECRUITING_CHIEF, "Anna Berg börjar som ny socialchef den 1 maj."], False),
    ("Vem blir ny socialchef i Habo?", [RECRUITING_CHIEF, "Ny socialchef blir Anna Berg."], False),
    ("Vem är Habos nya socialchef?", ["Tor Lind var tillförordnad socialchef fram till maj.",
                                      "Anna Berg, Habos nya socialchef, vill göra om."], False),
    ("När tillträder den nya socialchefen i Habo?",
     [RECRUITING_CHIEF, "Anna Berg ska tillträda tjänsten den 1 maj."], False),
    ("När tillträder den nya socialchefen i Habo?",
     ["Tor Lind är tillförordnad socialchef tills Anna Berg tillträder den 1 maj."], False),
    ("Vem blir ny socialchef i Habo?",
     ["Rekryteringen av en ny socialchef är klar och Anna Berg ska börja i maj."], False),
    ("Vem efterträdde Eva Lund som socialchef i Habo?",
     ["Tor Lind är sedan mars tillförordnad socialchef efter Eva Lund."], False),
    ("Vem föreslog den nya tjänsten som MAS i Habo?", ["Rekryteringen av en ny MAS pågår."],
     False),
    # ... and no naming in a denial, a future choice or an acting holder taking over
    ("Vem blir ny socialchef i Habo?",
     [RECRUITING_CHIEF, "Kommunen har inte rekryterat någon ny socialchef ännu."], True),
    ("Vem blir ny socialchef i Habo?",
     ["Tor Lind tar över som tillförordnad socialchef medan rekryteringen pågår."], True),
    ("Vem blir ny MAS i Habo?",
     ["Rekryteringen av en ny MAS pågår.", "Thomas Ek har utsetts till samordnare."], True),
    ("När tillträder Habos nya ordinarie socialchef?",
     [RECRUITING_CHIEF, "Eva Lund började som socialchef 2019."], True),
    ("När tillträder Habos nya ordinarie socialchef?",
     ["Rekryteringen av en ny socialchef börjar i augusti."], True),
    # no new holder asked
    ("Vem är socialchef i Habo?", ["Rekryteringen av en ny socialchef pågår."], False),
])
def test_a_successor_still_recruited(question, sentences, pending):
    kind = asked_kind(question)
    assert kind in ("person", "date")
    assert successor_pending(question, kind, sentences) is pending


@pytest.mark.parametrize("question, kind", [
    ("Vilken månadslön har den gemensamma socialchefen i Habo?", "amount"),
    ("vilken budget har projektet i habo", "amount"),
    ("Vad är budgeten?", "amount"),
    ("Vilken avgift tar Habo för trygghetslarm?", "amount"),
    ("Vilket arvode får familjehemmen i Habo?", "amount"),
    ("Vad är årskostnaden för den delade tjänsten i Habo?", "amount"),
])
def test_a_sum_asked_by_its_name(question, kind):
    assert asked_kind(question) == kind


@pytest.mark.parametrize("question", [
    "Vilket pris fick hemtjänsten i Habo?",  # an award, no sum
    "Vilken avgiftsfri tjänst erbjuder Habo?",
    "Vilken roll har ekonomichefen i Habo?",
    "Vad tjänar man på att två kommuner gör jobbet ihop, som i Habo?",  # a gain
    "Vilken avgift infördes i Habo 2019?",  # which, not how much
    "Vilken taxa gäller för hemtjänsten i Habo?",
    "Vilken budget finansierar projektet i Habo?",
    "Vad är den nya avgiften baserad på?",
    "Vilken avgift har höjts i Habo?",
    "Vilken budget har minskat mest i Habo?",
    "Vilken avgift tog Habo bort 2019?",
    "Vilken avgift blir dyrare i Habo?",
])
def test_no_sum_in_these(question):
    assert asked_kind(question) != "amount"


@pytest.mark.parametrize("question, missing", [
    ("What is the annual cost of the family home secretary Habo shares with Mullsjö?", True),
    ("What would be the total cost for the new unit in Habo?", True),
    ("What is the biggest cost for Habo's home care?", False),  # no sum asked
    ("What would be the cost of doing nothing?", False),
    ("What's the estimated annual cost of the unit in Habo?", True),
    ("What are the annual costs of the unit in Habo?", True),
    ("What is Habo's annual cost for the unit?", True),
    ("What is the cost of not acting in Habo?", False),
    ("What is the cost split between Habo and Mullsjö?", False),  # no "cost of"
    ("What is the share of the cost Habo pays?", False),  # a share
])
def test_the_cost_of_in_english_asks_kronor(question, missing):
    share = ["Habo betalar 40 procent och Mullsjö 60 procent av kostnaden."]
    assert english_sum_missing(question, share) is missing
    assert not english_sum_missing(question, ["Tjänsten kostar 640 000 kronor om året."])


@pytest.fixture(scope="module")
def habo(shipped, tmp_path_factory):
    """The shipped articles, one about Habo (a MAS leaving, a new one
    recruited) and one about Mullsjö (a new MAS named)."""
    return shipped_plus(
        shipped, tmp_path_factory, "habo",
        ("Habo", "Fiktiv: Habo får ny ledning för hälso- och sjukvården",
         "Området hälso- och sjukvård i Habo leds från maj av Eva Lund, som sedan 2019 har "
         "varit medicinskt ansvarig sjuksköterska (MAS) i kommunen. När hon byter roll lämnar "
         "hon MAS-uppdraget, och rekryteringen av en ny MAS pågår."),
        ("Mullsjö", "Fiktiv: Mullsjö har en ny MAS",
         "Mullsjö kommun har en ny medicinskt ansvarig sjuksköterska. Lisa Ek blir ny MAS i "
         "Mullsjö från den 1 september och kommer närmast från Jönköping."),
    )


def test_a_successor_still_recruited_is_declined_through_the_pipeline(habo):
    for question in ("Vem blir ny MAS i Habo när Eva Lund byter roll?",
                     "Who will be the new MAS in Habo?"):
        ev = evidence_of(habo, question)
        # a fact still to come, and someone other than the one the article names
        assert ev["result_pending"] == 1.0 and ev["asks_before"] == 1.0
        assert habo.ask(question).no_answer
    ev = evidence_of(habo, "Vem blir ny MAS i Mullsjö?")
    assert ev["result_pending"] == 0.0 and ev["asks_before"] == 0.0
    named = habo.ask("Vem blir ny MAS i Mullsjö?")
    assert not named.no_answer
    assert any("Lisa Ek" in p.quote for p in named.passages[:3])
