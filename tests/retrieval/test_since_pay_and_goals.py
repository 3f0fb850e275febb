"""A point in time asked ("Sedan när ...", "Från när ...", "Since when ..."),
told by a year, a month or a season, not by days of the week; a joint
thing had since a time, told in the sentence of that thing; a pay asked,
told by a sentence naming a pay, not by another sum; a school not named by
a preschool; "framgår inte" as a fact not known; "what will ... cost" as a
sum asked; a change asked by "Hur mycket har ... minskat" and a goal
reached as a result asked. Wordings of no evaluation set."""

import pytest
from conftest import told_unknown_in

from assistant.retrieval.fact_heads import asked_heads
from assistant.retrieval.fact_objects import amount_object_missing, pay_missing
from assistant.retrieval.kinds import asks_total, clients_untold, date_grain, holds_kind
from assistant.retrieval.query import analyse
from assistant.retrieval.question_kinds import asked_kind
from assistant.retrieval.services import names_service, service_keys


@pytest.mark.parametrize("question, grain", [
    ("Sedan när har Hjo och Tibro en gemensam nattpatrull?", "since"),
    ("från när har tibro gemensam biståndshandläggning", "since"),
    ("Från och med när gäller den nya ledningsorganisationen i Hjo?", "since"),
    ("Since when has Hjo had a joint night patrol?", "since"),
    ("När startade nattpatrullen i Hjo?", None),
    ("Vilket år startade nattpatrullen i Hjo?", "year"),
])
def test_a_point_in_time_is_a_grain_of_its_own(question, grain):
    assert date_grain(question) == grain


@pytest.mark.parametrize("sentence, holds", [
    ("Hjo och Tibro har sedan tidigare en gemensam nattpatrull på kvällar och helger.", False),
    ("Nattpatrullen arbetar alla vardagar och varannan lördag.", False),
    ("Sedan mars 2021 har Hjo och Tibro en gemensam nattpatrull.", True),
    ("Hjo och Tibro har haft en gemensam nattpatrull sedan i höstas.", True),
    ("Den gemensamma nattpatrullen har funnits i tre år.", True),
    ("Från den 1 september delar kommunerna nattpatrull.", True),
])
def test_a_point_is_told_by_a_time_not_by_days_of_the_week(sentence, holds):
    query = analyse("Sedan när har Hjo och Tibro en gemensam nattpatrull?")
    assert (query.kind, query.grain) == ("date", "since")
    assert holds_kind(sentence, query.kind, query.counted, query.agent, query.grain) is holds


@pytest.mark.parametrize("question, heads", [
    ("Sedan när har Hjo och Tibro en gemensam nattpatrull?", ("nattpatrull",)),
    ("från när har hjo och tibro gemensamma biståndshandläggare", ("biståndshandlägg",)),
    ("Från när har Hjo och Tibro gemensam MAS?", ()),  # a short acronym: no head
])
def test_a_joint_thing_had_since_a_time_is_its_head(question, heads):
    assert asked_heads(question, "date") == heads


@pytest.mark.parametrize("question, sentences, missing", [
    ("Vilken lön får den nya socialchefen i Hjo?",
     ["Den nya ledningsorganisationen kostar 2,1 miljoner kronor per år."], True),
    ("Vad är månadslönen för enhetscheferna i Hjo?",
     ["Enhetscheferna har i dag en månadslön på 48 000 kronor."], False),
    ("Hur mycket av chefens lön betalar Tibro?",
     ["Tibro betalar halva lönekostnaden, 380 000 kronor per år."], False),
    ("Vilket arvode får ordföranden i socialnämnden i Hjo?",
     ["Ordföranden får en ersättning på 12 000 kronor i månaden."], False),
    ("What salary does the head of social services in Hjo get?",
     ["Omorganisationen beräknas kosta 1,2 miljoner kronor."], True),
    ("Har det lönat sig för Hjo att dela socialchef?",
     ["Hjo sparar 600 000 kronor per år."], False),  # "lönat sig" asks no pay
    ("Hur många har fått lönestöd i Hjo?", ["Tolv personer har fått 90 000 kronor."], False),
])
def test_a_pay_asked_is_told_by_a_sentence_naming_a_pay(question, sentences, missing):
    assert pay_missing(question, sentences) is missing


def test_a_pay_asked_makes_the_sum_object_missing():
    question = "Vilken lön får den gemensamma medicinskt ansvariga sjuksköterskan i Hjo?"
    assert amount_object_missing(question, ["De gemensamma funktionerna kostar 2,4 miljoner "
                                            "kronor per år."])
    assert amount_object_missing("What salary does Hjo's new MAS get?",
                                 ["Tjänsten kostar 2,4 miljoner kronor per år."], english=True)


@pytest.mark.parametrize("question, sentence, unknown", [
    ("Vad kostar den nya nattpatrullen i Hjo?",
     "Vad den nya nattpatrullen kostar framgår inte av nämndens beslut.", True),
    ("Hur många ska arbeta i nattpatrullen i Hjo?",
     "Hur många som ska arbeta i nattpatrullen framgår ännu inte.", True),
    # what follows a "men" is told
    ("Vad kostar den nya nattpatrullen i Hjo?", "Det framgår inte av beslutet när den startar, "
     "men den nya nattpatrullen kostar 1,5 miljoner kronor per år.", False),
])
def test_framgar_inte_tells_a_fact_not_known(question, sentence, unknown):
    assert told_unknown_in(question, sentence) is unknown


@pytest.mark.parametrize("question, kind", [
    ("What will Hjo's joint night patrol cost per year?", "amount"),
    ("What would a shared social services director cost Hjo?", "amount"),
    ("Hur mycket har sjukfrånvaron sjunkit i hemtjänsten i Hjo?", "result"),
    ("hur mycket har personalomsättningen minskat i tibro", "result"),
    ("Hur mycket har kostnaderna minskat i Hjo?", "amount"),  # money: a sum
    ("Nådde Hjo målet att halvera väntetiden till särskilt boende?", "result"),
    ("klarade hemtjänsten i tibro målet om färre personal per brukare", "result"),
    ("Vilka mål har Hjo satt upp för hemtjänsten?", None),
])
def test_what_will_cost_and_changes_and_goals_are_asked_kinds(question, kind):
    assert asked_kind(question) == kind


@pytest.mark.parametrize("text, named", [
    ("de som deltog var öppna förskolan och boendestöd", False),
    ("hon är anställd som förskolelärare och familjebehandlare", False),
    ("medan de anställda skolades om", False),
    ("grundskolan och socialtjänsten har ett gemensamt team", True),
    ("rektorerna på högstadieskolorna", True),
    ("skolan och socialtjänsten träffas varje månad", True),
])
def test_a_school_is_not_named_by_a_preschool(text, named):
    key, = service_keys("Hur samarbetar socialtjänsten i Hjo med skolan?", named=True)
    assert names_service(text, key) is named
    assert service_keys("How does Hjo's social services work with schools?") == [key]


@pytest.mark.parametrize("question, untold", [
    ("Hur många brukare har hemtjänsten totalt i Hjo?", True),
    ("hur många brukare har hemtjänsten i hela hjo kommun", True),
    ("Hur många brukare hade varje team i Hjo?", False),
])
def test_a_total_asked_is_not_told_per_team_or_on_average(question, untold):
    query = analyse(question)
    told = ["Varje team ansvarade för ett fast antal brukare, i genomsnitt 25 per team."]
    assert query.kind == "count"
    assert clients_untold(query.counted, told, asks_total(question)) is untold


def test_a_total_is_told_by_its_clause_and_asked_only_as_a_total():
    told = ["Hemtjänsten i Hjo har totalt 300 brukare, i genomsnitt 25 per team."]
    assert not clients_untold(("brukar",), told, True)
    assert not asks_total("Hur många brukare per team har hemtjänsten i hela Hjo?")
    assert not asks_total("Hur många brukare har Hjo jämfört med i hela länet?")
    assert asks_total("How many home care clients does Hjo have in total?")


@pytest.mark.parametrize("sentence, holds", [
    ("Nattpatrullen är ute tre veckor per månad.", False),
    ("Personalen arbetar två veckor åt gången.", False),
    ("Från och med i dag har Hjo och Tibro en gemensam nattpatrull.", True),
    ("Sedan nyår har kommunerna en gemensam nattpatrull.", True),
    ("Samarbetet har funnits sedan 90-talet.", True),
    ("Nattpatrullen startade för två år sedan.", True),
])
def test_a_point_is_not_a_span_at_a_time(sentence, holds):
    query = analyse("Från och med när har Hjo och Tibro en gemensam nattpatrull?")
    assert holds_kind(sentence, query.kind, query.counted, query.agent, query.grain) is holds


@pytest.mark.parametrize("question, heads", [
    ("Sedan när har Hjo och Tibro en gemensam digital plattform?", ("plattform",)),
    ("sen när har hjo och tibro en gemensam medicinskt ansvarig sjuksköterska",
     ("sjuksköterska",)),
])
def test_a_joint_thing_is_the_word_ending_its_phrase(question, heads):
    assert tuple(h[:8] for h in asked_heads(question, "date")) == tuple(h[:8] for h in heads)


@pytest.mark.parametrize("question, sentences, missing", [
    ("Vilken lön får socialchefen i Hjo?", ["Satsningen är lönsam och sparar 600 000 kronor."],
     True),
    ("Vilken lön får socialchefen i Hjo?", ["Hon belönades med 20 000 kronor."], True),
    ("Vad kostar den nya tjänsten i Hjo inklusive lön?", ["Tjänsten kostar 900 000 kronor."],
     False),
    ("Hur stor del av socialchefens lön betalar Tibro?", ["Tibro betalar 40 procent av "
                                                         "kostnaden, 380 000 kronor."], False),
])
def test_a_pay_is_named_by_a_word_of_pay_and_asked_alone(question, sentences, missing):
    assert pay_missing(question, sentences) is missing


@pytest.mark.parametrize("question, sentence, unknown", [
    ("Vad kostar nattpatrullen i Hjo?", "Att nattpatrullen i Hjo kostar mer än väntat framgår "
     "inte minst av budgeten.", False),
    ("Vad kostar nattpatrullen i Hjo?", "Av beslutet framgår det inte vad nattpatrullen i Hjo "
     "kostar.", True),
])
def test_framgar_inte_minst_is_no_unknown(question, sentence, unknown):
    assert told_unknown_in(question, sentence) is unknown


@pytest.mark.parametrize("question, kind", [
    ("Når hemtjänsten i Hjo alla i målgruppen?", None),
    ("Har Hjo nått målet om kortare väntetider?", "result"),
    ("Did Hjo reach its goal of shorter waiting times?", "result"),
    ("Hur mycket har väntetiden kortats i Hjo?", "result"),
])
def test_goals_reached_and_shortened_waits(question, kind):
    assert asked_kind(question) == kind


def test_inskolning_names_no_school():
    key, = service_keys("Hur samarbetar socialtjänsten i Hjo med skolan?", named=True)
    assert not names_service("inskolningen på förskolan tar två veckor", key)


def test_a_span_at_a_time_after_a_preposition_and_a_schools_genitive():
    query = analyse("Sedan när har Hjo och Tibro en gemensam nattpatrull?")
    for sentence, holds in (("Nattpatrullen är ute i tre veckor per månad.", False),
                            ("Personalen arbetar under två veckor åt gången.", False),
                            ("Nattpatrullen har funnits i tre år.", True)):
        assert holds_kind(sentence, query.kind, query.counted, query.agent,
                          query.grain) is holds
    key, = service_keys("Hur samarbetar socialtjänsten i Hjo med skolan?", named=True)
    assert names_service("varje skolas rektor träffar socialtjänsten", key)
    assert not names_service("personalen ska skolas om", key)
