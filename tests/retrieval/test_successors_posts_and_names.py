"""A sum asked by "Vad har ... kostat?"; the role after "som" asked of a
successor ("Vem efterträder NN som enhetschef ..."), NN no answer; a bare
"chef" asked with its unit not held by another post ("områdeschef"); the
library's head asked in English; a possessor ranked ("på Sveriges största
mässa") no place; a place in a law asked ("Vilken paragraf ...") told only
by one ("9 kap. 37 §"). Wordings of no evaluation set."""

import pytest
from conftest import asked_of

from assistant.retrieval.evidence import has_answer_type
from assistant.retrieval.kinds import holds_kind
from assistant.retrieval.persons import names_holder
from assistant.retrieval.query import analyse
from assistant.retrieval.question_kinds import asked_kind


@pytest.mark.parametrize("question, kind", [
    ("Vad har införandet av nattpatrullen i Hjo kostat?", "amount"),
    ("vad hade den nya organisationen kostat utan statsbidraget", "amount"),
    ("Hur mycket har utbildningen kostat kommunen?", "amount"),
    ("Vad har inte fungerat i Hjo?", None),
])
def test_what_something_has_cost_is_a_sumasked_of(question, kind):
    assert asked_kind(question) == kind



def test_a_successor_asked_is_the_role_after_som_and_not_the_one_named():
    asked = asked_of("Vem efterträder Maja Ek som enhetschef för hemtjänsten i Hjo?", ("Hjo",))
    assert asked.roles == ("enhetschef",)
    here = frozenset({"Hjo"})
    assert not names_holder("Ny områdeschef blir Maja Ek, som i dag är enhetschef för "
                            "hemtjänsten.", asked, here)
    assert names_holder("Ny enhetschef för hemtjänsten blir Per Lund.", asked, here)
    assert asked_of("Vem tog över efter Per Lund som socialchef i Hjo?", ("Hjo",)).roles == (
        "socialchef",)


@pytest.mark.parametrize("sentence, names", [
    ("Hemtjänsten får Karin Berg som områdeschef.", False),
    ("Områdeschefen Karin Berg leder gruppen.", False),
    ("Karin Berg är chef för individ- och familjeomsorgen.", True),
    ("Karin Berg är enhetschef för individ- och familjeomsorgen.", True),
    ("IFO-chefen Karin Berg leder gruppen.", True),
])
def test_a_bare_chef_asked_with_its_unit_is_not_another_post(sentence, names):
    asked = asked_of("Vem är chef för individ- och familjeomsorgen i Tibro?", ("Tibro",))
    assert asked.roles == ("chef",)
    assert names_holder(sentence, asked, frozenset({"Tibro"})) is names


def test_a_chef_for_the_social_services_is_held_by_the_socialchef():
    asked = asked_of("Vem är chef för socialtjänsten i Tibro?", ("Tibro",))
    assert names_holder("Socialchefen Karin Berg leder arbetet.", asked, frozenset({"Tibro"}))


def test_the_library_director_asked_in_english_is_the_bibliotekschef():
    asked = asked_of("Who is the library director shared by Hjo and Tibro?", ("Hjo", "Tibro"),
                   english=True)
    assert asked is not None and asked.roles == ("bibliotekschef",)


@pytest.mark.parametrize("sentence, holds", [
    ("Hon har talat på Sveriges största konferens om äldreomsorg.", False),
    ("Hon har talat på Nordens främsta mässa för e-hälsa.", False),
    ("Konferensen hölls i Jönköping.", True),
])
def test_a_possessor_ranked_is_no_place(sentence, holds):
    assert holds_kind(sentence, "place", None, None, None) is holds


@pytest.mark.parametrize("question, grain", [
    ("Vilken paragraf i socialtjänstlagen grundar sig beslutet i Hjo på?", "section"),
    ("Vilket kapitel i kommunallagen reglerar Hjos avtal med Tibro?", "section"),
    ("Which section of the Social Services Act did Hjo breach?", "section"),
    ("Vilket SOU-nummer har utredningen som Hjo hänvisar till?", "section"),
    ("Enligt vilken lag delar Hjo och Tibro socialchef?", "law"),
    ("Vad säger kommunallagen om hur länge avtalet mellan Hjo och Tibro får gälla?", None),
])
def test_a_place_in_a_law_asked_is_a_grain_of_its_own(question, grain):
    query = analyse(question)
    assert query.kind == "legal" and query.grain == grain


@pytest.mark.parametrize("sentence, holds", [
    ("Avtalet är skrivet som en avtalssamverkan enligt kommunallagen.", False),
    ("Avtalet bygger på 9 kap. 37 § kommunallagen.", True),
    ("Delegationen lämnade sitt betänkande (SOU 2019:43) förra året.", True),
])
def test_a_place_in_a_law_is_told_only_by_one(sentence, holds):
    query = analyse("Vilken paragraf i kommunallagen bygger avtalet mellan Hjo och Tibro på?")
    assert holds_kind(sentence, query.kind, query.counted, query.agent, query.grain) is holds


def test_a_law_asked_without_a_place_in_it_is_told_by_the_law_named():
    query = analyse("Enligt vilken lag delar Hjo och Tibro socialchef?")
    assert holds_kind("Avtalet är skrivet som en avtalssamverkan enligt kommunallagen.",
                      query.kind, query.counted, query.agent, query.grain)


@pytest.mark.parametrize("sentence, person", [
    ("Karin Berg kommer närmast från en tjänst i Tibro.", True),
    ("I Tibro finns två hemtjänstgrupper.", False),
    ("Region Jönköpings län och kommunen samarbetar.", False),
    ("Lilla Edet har en ny nämnd.", False),
    ("Sedan februari arbetar enheten parvis.", False),
])
def test_a_name_opening_a_sentence_is_a_holder_when_a_role_isasked_of(sentence, person):
    assert has_answer_type(sentence, "person", opening=True) is person


def test_a_name_opening_a_sentence_is_no_person_for_other_who_questions():
    # "Vem sköter scheman ...": a function, not a name, often answers (a ranking signal)
    assert not has_answer_type("Karin Berg kommer närmast från en tjänst i Tibro.", "person")


@pytest.mark.parametrize("question, kind", [
    ("Vad har hänt med projektet i Hjo som kostat fem miljoner?", None),
    ("Vad har personalen i Hjo tyckt om att det kostat mer?", None),
    ("Vad har Hjo:s nya larm kostat?", "amount"),
    ("Vad har projektet – inklusive utbildningen – kostat?", "amount"),
])
def test_a_cost_asked_is_the_subjects_not_a_clauses(question, kind):
    assert asked_kind(question) == kind


@pytest.mark.parametrize("question, roles", [
    ("Vem ska efterträda Per Lund som socialchef i Hjo?", ("socialchef",)),
    ("Vem har ersatt Per Lund som socialchef i Hjo?", ("socialchef",)),
    ("Vem tar över som socialchef efter Per Lund i Hjo?", ("socialchef",)),
    ("Vem efterträder Per Lund som socialchef när enhetschefen slutar?", ("socialchef",)),
])
def test_more_wordings_of_a_successorasked_of(question, roles):
    assert asked_of(question, ("Hjo",)).roles == roles


def test_a_cost_replaced_asks_no_successor():
    assert asked_of("Vem ersätter resekostnaderna som enhetschefen har i Hjo?", ("Hjo",)) is None


@pytest.mark.parametrize("question, sentence, names", [
    ("Vem är chef för hemtjänsten i Tibro?", "Karin Berg är enhetschef i hemtjänsten.", True),
    ("Vem är chef för hemtjänsten i Tibro?", "Hemtjänstens enhetschef Karin Berg säger det.", True),
    ("Vem är chef för hemtjänsten i Tibro?", "Karin Berg är områdeschef i Tibro.", False),
    ("Vem är chef för vård- och omsorgsförvaltningen i Tibro?",
     "Vård- och omsorgschefen Karin Berg leder arbetet.", True),
    ("Vem är chef för omsorgsförvaltningen i Tibro?",
     "Förvaltningschefen Karin Berg leder arbetet.", True),
    ("Vem är chef för IFO i Tibro?", "IFO-chefen Karin Berg leder arbetet.", True),
])
def test_a_post_qualified_by_its_unit_before_or_after_is_the_oneasked_of(question, sentence, names):
    assert names_holder(sentence, asked_of(question, ("Tibro",)), frozenset({"Tibro"})) is names


@pytest.mark.parametrize("question", [
    "Vilken lagparagraf grundar sig beslutet i Hjo på?",
    "Vilket lagrum stöder beslutet i Hjo?",
    "Which sections of the Social Services Act did Hjo breach?",
])
def test_more_wordings_of_a_place_in_a_law(question):
    assert analyse(question).grain == "section"


@pytest.mark.parametrize("sentence", ["Avtalet bygger på 9 kapitlet 37 paragrafen kommunallagen.",
                                      "Det står i 9 kap 37 § kommunallagen."])
def test_a_section_written_out_is_one(sentence):
    assert holds_kind(sentence, "legal", (), False, "section")


@pytest.mark.parametrize("sentence, person", [
    ("Sveriges Kommuner och Regioner har tagit fram en vägledning.", False),
    ("Röda Korset driver verksamheten.", False),
    ("Hans Ek kommer närmast från Tibro.", True),
])
def test_an_organisation_opening_a_sentence_is_no_person(sentence, person):
    assert has_answer_type(sentence, "person", opening=True) is person


@pytest.mark.parametrize("question, kind", [
    ("Vad har projektet i Hjo som startades 2021 kostat?", "amount"),
    ("Vad har arbetet med att minska sjukfrånvaron i Hjo kostat?", "amount"),
    ("Vad har Hjo gjort när hemtjänsten kostat mer än budgeterat?", None),
])
def test_a_cost_asked_ends_the_question(question, kind):
    assert asked_kind(question) == kind


@pytest.mark.parametrize("question, roles", [
    ("Vem ska efterträda socialchefen som går i pension i Hjo?", ("socialchef",)),
    ("Vem tar över arbetet som projektledaren har gjort i Hjo?", None),
])
def test_a_successor_without_a_role_after_som_is_read_as_any_who_question(question, roles):
    asked = asked_of(question, ("Hjo",))
    assert (asked and asked.roles) == roles


@pytest.mark.parametrize("question, sentence", [
    ("Vem är chef för hemtjänsten i Tibro?",
     "Karin Berg, ekonomichef i kommunen, säger att hemtjänsten går med underskott."),
    ("Vem är chef för hemtjänsten i Tibro?",
     "Karin Berg är områdeschef i dag och ansvarar bland annat för hemtjänsten."),
    ("Vem är chef för vård- och omsorgsförvaltningen i Tibro?",
     "Sjukvårdschefen Karin Berg leder arbetet."),
    ("Vem är chef för individ- och familjeomsorgen i Tibro?",
     "Omsorgschefen Karin Berg leder arbetet."),
    ("Vem är chef för kvalitetsenheten i Tibro?", "IT-chefen Karin Berg leder arbetet."),
    ("Vem är chef för handläggningsenheten i Tibro?", "Hans enhetschef Karin Berg leder arbetet."),
])
def test_another_post_is_not_made_the_one_asked_by_words_near_it(question, sentence):
    assert not names_holder(sentence, asked_of(question, ("Tibro",)), frozenset({"Tibro"}))
