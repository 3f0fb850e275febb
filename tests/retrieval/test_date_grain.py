"""The grain of a date asked (retrieval/kinds.py: date_grain): "Vilket
datum ..." is not answered by a year, "Vilka veckodagar ..." needs a
weekday; "Hur mycket kortare ..." asks a result as a quantity; "Who
chairs ..." asks for the ordförande. Wordings of no development set."""

import pytest

from assistant.answering.contract import answer_json
from assistant.retrieval.evidence import asked_roles
from assistant.retrieval.kinds import date_grain, holds_kind
from assistant.retrieval.question_kinds import asked_kind


@pytest.mark.parametrize("question, grain", [
    ("Vilket datum tog nämnden beslutet om den nya organisationen?", "date"),
    ("Vet du vilket datum avtalet skrevs under?", "date"),
    ("Which date was the agreement signed?", "date"),
    ("Vilken dag skrevs avtalet under?", "day"),
    ("Vilken dag i veckan träffas ledningsgruppen?", "weekday"),
    ("Vilka dagar arbetar hon i grannkommunen?", "weekday"),
    ("Which days of the week is the shared manager on site?", "weekday"),
    ("I vilken månad bytte förvaltningen chef?", "month"),
    ("Vilket år och vilken månad infördes arbetssättet?", "month"),
    ("Vilket år bildades den gemensamma nämnden?", "year"),
    ("När bildades den gemensamma nämnden?", None),
])
def test_the_grain_asked(question, grain):
    assert asked_kind(question) == "date"
    assert date_grain(question) == grain


@pytest.mark.parametrize("sentence, grain, holds", [
    ("Hon tillträdde som socialchef under 2021.", "date", False),
    ("Hon tillträdde som socialchef den 14 mars 2021.", "date", True),
    ("Beslutet togs 2021-03-14 i nämnden.", "date", True),
    ("Hon tillträdde som socialchef under 2021.", "day", False),
    ("Beslutet togs i går i nämnden.", "day", True),
    ("Samarbetet inleddes för drygt två år sedan.", "month", False),
    ("Samarbetet inleddes i oktober.", "month", True),
    ("Samarbetet inleddes i höstas.", "year", False),
    ("Samarbetet inleddes hösten 2020.", "year", True),
    ("Hon är på plats två dagar i veckan.", "weekday", False),
    ("Hon är på plats måndagar och onsdagar.", "weekday", True),
    ("Hon är på plats måndagar och onsdagar.", None, True),
    ("Samarbetet inleddes för drygt två år sedan.", None, True),
])
def test_a_time_of_the_grain_asked(sentence, grain, holds):
    assert holds_kind(sentence, "date", grain=grain) is holds


def test_how_much_shorter_is_a_result_and_how_much_dearer_an_amount():
    assert asked_kind("Hur mycket kortare blev väntetiderna efter omorganisationen?") == "result"
    assert asked_kind("Hur mycket dyrare blev det att hyra in chefer?") == "amount"


def test_who_chairs_asks_for_the_chair():
    assert asked_roles("Who chairs the social welfare committee in Vaggeryd?", True) == (
        "ordförande",)


def test_a_day_asked_is_declined_where_the_article_gives_a_season(shipped):
    # Vårgårda's article: "Ann-Charlotte Lilja tillträdde som socialchef våren 2018."
    year = answer_json(shipped.ask("Vilket år tillträdde Vårgårdas socialchef?"))
    assert not year["no_answer"]
    assert any("2018" in q["quote"] for q in year["passages"][:1])
    day = answer_json(shipped.ask("Vilket datum tillträdde Vårgårdas socialchef?"))
    assert day["no_answer"] and day["reason_code"] == "no_fact_of_kind", day
