"""Question forms misread: a unit of a service outside the articles' field
("ledningen för skolsektionen") answered by an article that names the
service only in passing ("... som exempelvis skola"); a union's or an
agency's opinion asked ("Vad tycker Kommunal om ...?") where the articles
about the place never name it; the chair of one body asked and another
body's chair named ("Kommunstyrelsens ordförande NN" for "ordförande i
socialnämnden"), in Swedish and in English; English home care nurses, who
work in hemsjukvården; a change told with its figure is a result
reported, whatever else is still to come. Each with
the wordings it must not take. Wordings of no evaluation set."""

import pytest
from conftest import evidence_of, shipped_plus

from assistant.retrieval.persons import names_holder
from assistant.retrieval.role_questions import asked_role
from assistant.retrieval.plans import change_told
from assistant.retrieval.query import analyse
from assistant.retrieval.services import SCHOOL, names_service, service_keys


def _asked(question: str):
    """The role `question` asks for, as the pipeline reads it."""
    query = analyse(question)
    return asked_role(question, query.roles, query.places, query.english)


def _names(question: str, article: str) -> bool:
    """Every service, unit or body `question` names is named in `article`."""
    return all(names_service(article.lower(), key) for key in service_keys(question))


@pytest.mark.parametrize("article, named", [
    ("Skolsektionen i Heby har fått en ny ledningsgrupp.", True),
    ("Sektionen för skola och fritid leds av en sektionschef.", True),
    ("Vi samverkar med andra sektioner inom förvaltningen, som exempelvis skola.", False),
    # the review's: a unit shared by two services, one named with a list
    ("Skol- och fritidssektionen leds av en sektionschef.", True),
])
def test_a_unit_of_an_outside_service_must_be_named_itself(article, named):
    assert _names("Hur är ledningen för skolsektionen i Heby organiserad?", article) is named


def test_a_unit_in_capitals_or_in_a_list_is_still_read():
    assert _names("Vem leder SKOLSEKTIONEN i Heby?", "Skolsektionen leds av Eva Ek.")
    assert _names("Vem leder biblioteksenheten i Heby?",
                  "Enheten för kultur, fritid och bibliotek leds av Eva Ek.")


def test_an_administration_or_board_keeps_the_service_word():
    """A school administration is named otherwise where it is ("Barn- och
    utbildningsförvaltningen"): asked, only the service is looked for."""
    assert service_keys("Vem leder skolförvaltningen i Heby?") == [SCHOOL]


def test_a_core_service_and_a_bare_outside_one_keep_their_base_word():
    """A unit of the articles' own field, or an outside service asked bare,
    is named by the service in any form."""
    assert _names("Vem leder hemtjänstenheten i Heby?", "Hemtjänsten i Heby leds av Eva Ek.")
    assert _names("Hur fungerar skolan i Heby?", "Vi samverkar med skola och fritid.")


def test_english_home_care_nurses_are_named_by_hemsjukvarden():
    question = "How do the home care nurses in Heby work with the doctors?"
    assert _names(question, "Sjuksköterskorna i hemsjukvården ringer läkaren direkt.")
    assert not _names(question, "Sjuksköterskorna på boendet ringer läkaren direkt.")


@pytest.mark.parametrize("question", [
    "Vad tycker Kommunal om den nya ledningsgruppen i Heby?",
    "vad tyckte fackförbundet vision om omorganisationen i heby",
    "What did the unions think about the new management team in Heby?",
])
def test_a_unions_opinion_asked_needs_a_union_named(question):
    assert service_keys(question)
    assert not _names(question, "Heby ansvarar för kommunal hälso- och sjukvård i hemmet.")
    assert not _names(question, "Kommunens vision är en trygg äldreomsorg.")
    assert not _names(question, "Personalen och politikerna är nöjda med schemat.")


@pytest.mark.parametrize("article", [
    "Skyddsombudet för Kommunal i Heby, Eva Ek, är positiv.",
    # the review's: Kommunal named as unions are
    "Representanter från Kommunal och Vision deltog i arbetet.",
    "Kommunals ordförande i Heby, Eva Ek, är positiv.",
    "Enligt Kommunal har schemat blivit bättre.",
    "Kommunal Mitt välkomnar beslutet.",
    "Kommunal i Heby välkomnar förändringen.",
])
def test_a_union_asked_by_name_is_named_as_unions_are(article):
    assert _names("Vad tycker Kommunal om den nya ledningsgruppen i Heby?", article)


@pytest.mark.parametrize("article", [
    "Fackförbundet Vision har påpekat att arbetsbelastningen är hög.",
    "Visions ordförande Eva Ek är kritisk.",
    "Fackförbundet Vision är kritiskt till förslaget.",
    "Fackföreningarna är positiva.",
    "Ett fackligt ombud deltog.",
    "Läkarförbundet är kritiskt.",
])
def test_the_unions_asked_are_any_union(article):
    assert _names("Vad tycker facket om den nya ledningsgruppen i Heby?", article)


def test_another_union_tells_nothing_of_the_one_asked():
    """Vision's view is no answer to what Kommunal thinks; a data
    protection officer (dataskyddsombud) is no union's."""
    question = "Vad tycker Kommunal om den nya ledningsgruppen i Heby?"
    assert not _names(question, "Vision i Heby menar att planen är rimlig.")
    assert not _names(question, "Kommunens dataskyddsombud har granskat planen.")


@pytest.mark.parametrize("question", [
    "Vad tycker facken om schemat i Heby?",
    "Vad tycker de fackliga organisationerna om schemat i Heby?",
    "Hur ser Kommunal på förslaget i Heby?",
    "Vad har Kommunal sagt om förslaget i Heby?",
    "Vad är Kommunals syn på förslaget i Heby?",
    "vad tycker kommunal om schemat i heby",
    "What was the union's reaction to the plan in Heby?",
    "What did the trade union Kommunal say about the plan in Heby?",
    "What do union representatives think about the plan in Heby?",
])
def test_a_unions_opinion_is_asked_in_many_ways(question):
    assert not _names(question, "Schemat i Heby har blivit lugnare.")
    assert _names(question, "Fackförbundet Kommunal i Heby välkomnar schemat.")


def test_an_agencys_or_councils_opinion_asked_needs_it_named():
    assert not _names("Vad tyckte IVO om utredningarna i Heby?", "Utredningarna blev bättre.")
    assert _names("Vad tyckte IVO om utredningarna i Heby?", "IVO granskade utredningarna.")
    assert not _names("Vad tycker pensionärsrådet i Heby om boendet?", "Boendet öppnar i maj.")
    assert not _names("Vad tycker PRO om boendet i Heby?", "Boendet öppnar i maj.")
    assert _names("Vad är IVO:s syn på Hebys boende?",
                  "Inspektionen för vård och omsorg kritiserar boendet.")


@pytest.mark.parametrize("question", [
    "Vad tycker politikerna i Heby om beslutsunderlagen?",
    "Vad tycker personalen om kommunal drift?",
    "Vilken vision har Heby?",
    # the review's: "kommunal" and "Vision" that are no union
    "Vad säger kommunal statistik om sjukfrånvaron?",
    "Vad tycker kommunal personal om schemat?",
    "Vad säger Vision 2030 om omsorgen?",
])
def test_other_opinions_and_words_ask_for_no_body(question):
    assert service_keys(question) == []


@pytest.mark.parametrize("question", [
    "Vem är ordförande i socialnämnden i Heby?",
    "Who chairs the social welfare committee in Heby?",
    "Who is the chair of the social services committee in Heby?",
])
def test_another_bodys_chair_is_not_the_chair_asked(question):
    asked = _asked(question)
    assert asked.qualifiers and asked.qualifiers[0] in "socialnämnd"
    heby = frozenset({"Heby"})
    assert not names_holder("Kommunstyrelsens ordförande Eva Ek säger att det gått bra.", asked,
                            heby)
    # the review's: the body asked named elsewhere in the sentence
    assert not names_holder("Kommunstyrelsens ordförande Eva Ek säger att socialnämnden gjort "
                            "ett bra jobb.", asked, heby)
    assert names_holder("Socialnämndens ordförande Eva Ek säger att det gått bra.", asked, heby)


@pytest.mark.parametrize("sentence", [
    "Omsorgsnämndens ordförande Eva Ek säger att det gått bra.",
    "Vård- och omsorgsnämndens ordförande Eva Ek säger att det gått bra.",
])
def test_an_english_social_welfare_committee_is_any_committee(sentence):
    """The review's: in English any nämnd may be the "social welfare committee"."""
    asked = _asked("Who chairs the social welfare committee in Heby?")
    assert names_holder(sentence, asked, frozenset({"Heby"}))


def test_an_english_body_qualifies_only_a_chair():
    """The review's: a board that appoints is no qualifier of the post."""
    asked = _asked("Who did the municipal board in Heby appoint as head of social services?")
    assert names_holder("Eva Ek blir ny socialchef på socialförvaltningen i Heby.", asked,
                        frozenset({"Heby"}))


@pytest.mark.parametrize("sentence, told", [
    ("Den korta sjukfrånvaron har minskat från 4,1 till 2,9 procent.", True),
    ("Personalomsättningen har gått från 34 procent till 12 procent på två år.", True),
    ("Sjukfrånvaron sjönk till 7,4 procent.", True),
    ("Sjukfrånvaron ska minska under 2025.", False),
    ("Vi hoppas att sjukfrånvaron har minskat när vi mäter igen.", False),
    # the review's: figures planned, hoped, conditioned, denied; a year; an adjective; a step
    ("Den ökade bemanningen ska sänka sjukfrånvaron till 5 procent.", False),
    ("Om kostnaderna har ökat med mer än 5 procent ska nämnden informeras.", False),
    ("Vi hoppas att sjukfrånvaron har minskat till 5 procent år 2026.", False),
    ("Antalet brukare har ökat sedan 2020 och fortsätter öka.", False),
    ("Antalet brukare har ökat från 2019 till 2021.", False),
    ("Sjukfrånvaron har inte minskat under 2024, den ligger på 9 procent.", False),
    ("Ett första steg är att gå från 10 till 20 procent.", False),
    ("Kostnaderna minskade med 20 procent.", True),
    ("Väntetiden sjönk från 12 till 8 dagar.", True),
    ("Kostnaderna har sänkts med 3 miljoner kronor.", True),
    ("Nöjdheten har förbättrats från 78 till 85 procent.", True),
])
def test_a_change_told_with_its_figure_is_a_result_reported(sentence, told):
    assert change_told(sentence) is told


@pytest.fixture(scope="module")
def grown(shipped, tmp_path_factory):
    """The shipped articles and two fictional ones: a new management group
    in Heby, with the municipal board's chair quoted and schools named in
    passing; fixed teams in Tierp's home care, a union's view of them and
    the sick leave since, a study still to come."""
    return shipped_plus(
        shipped, tmp_path_factory, "units-unions-chairs",
        ("Heby", "Fiktiv: Heby får ny ledningsgrupp för omsorgen",
         "Omsorgssektionen i Heby har fått en ny ledningsgrupp med fyra verksamhetschefer. "
         "Sektionen samverkar med andra sektioner inom förvaltningen, som exempelvis skola.\n\n"
         "Kommunstyrelsens ordförande Per Lund säger att arbetet har gått bra under våren.\n\n"
         "Sjukfrånvaron bland medarbetarna ska följas upp i en enkät nästa år."),
        ("Tierp", "Fiktiv: Tierp inför fasta team i hemtjänsten",
         "Hemtjänsten i Tierp arbetar sedan mars i fasta team med färre medarbetare per "
         "brukare.\n\nFackförbundet Kommunal i Tierp välkomnar förändringen och menar att "
         "schemana har blivit lugnare.\n\nSjukfrånvaron i hemtjänsten har minskat från 9,1 till "
         "7,2 procent sedan i mars. Arbetssättet ska utvärderas av en forskare nästa år."),
    )


def test_a_unions_opinion_the_articles_lack_is_declined(grown):
    question = "Vad tycker Kommunal om den nya ledningsgruppen i Hebys omsorg?"
    assert evidence_of(grown, question)["service_missing"] == 1.0
    assert grown.ask(question).no_answer


def test_a_unions_opinion_the_articles_give_is_answered(grown):
    question = "Vad tycker Kommunal om de fasta teamen i hemtjänsten i Tierp?"
    assert evidence_of(grown, question)["service_missing"] == 0.0
    answer = grown.ask(question)
    assert not answer.no_answer
    assert any("välkomnar" in p.quote for p in answer.passages[:3])


def test_a_unit_of_a_service_named_in_passing_is_declined(grown):
    question = "Vilka förändringar har gjorts i ledningen för skolsektionen i Heby?"
    assert evidence_of(grown, question)["service_missing"] == 1.0
    assert grown.ask(question).no_answer


def test_the_chair_of_another_body_answers_no_chair_asked(grown):
    assert evidence_of(grown, "Vem är ordförande i socialnämnden i Heby?")["role_unnamed"] == 1.0
    assert evidence_of(grown, "Who chairs the social welfare committee in Heby?")[
        "role_unnamed"] == 1.0
    answer = grown.ask("Vem är kommunstyrelsens ordförande i Heby?")
    assert not answer.no_answer
    assert any("Per Lund" in p.quote for p in answer.passages[:3])


@pytest.mark.parametrize("question", [
    "Vilket resultat har de fasta teamen i Tierp gett för sjukfrånvaron?",
    "By how much has sick leave in Tierp's home care fallen?",
])
def test_a_change_told_with_its_figure_answers_though_a_study_is_to_come(grown, question):
    assert evidence_of(grown, question)["result_pending"] == 0.0
    answer = grown.ask(question)
    assert not answer.no_answer
    assert any("7,2 procent" in p.quote for p in answer.passages[:3])
