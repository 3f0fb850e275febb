"""A proper name few articles hold points a question naming no
municipality to them (proper_names.py, searcher.search)."""

import pytest

from assistant.retrieval.proper_names import FEW, ProperNames

_TEXTS = [
    "Bristerna på Ekgården i Hjo. Maja Ek leder arbetet och IVO granskar.",
    "Hemtjänstgruppen Linden startar. IVO följer upp. Det blev en ek i parken.",
    *(f"Artikel {i} om IVO och MAS." for i in range(FEW)),
]


def test_a_name_few_articles_hold_points_to_them():
    names = ProperNames.of(_TEXTS)
    assert names.articles("Vad hände på Ekgården efter granskningen?") == {0}
    assert names.articles("Vad gjorde Ekgårdens ledning?") == {0}  # a genitive
    assert names.articles("Hur arbetar Linden och Ekgården?") == {0, 1}


def test_no_article_by_a_common_word_a_first_word_or_a_place():
    names = ProperNames.of(_TEXTS)
    assert names.articles("Vad gör IVO?") == set()  # held by more than FEW articles
    assert names.articles("Ekgården, vad hände där?") == set()  # the first word
    assert names.articles("vad hände på ekgården?") == set()  # written in lower case
    assert names.articles("Vem är Ek?") == set()  # "ek" is written in lower case too
    assert names.articles("Vad hände i Hjo?", frozenset({"hjo"})) == set()  # the focus's


def test_a_word_opening_a_sentence_or_letters_are_no_name():
    names = ProperNames.of(["Pandemin slog till. Vi träffade Ekgården. IFO och Ekgården.",
                            "Det blev bättre.", "Det blev sämre."])
    assert "Pandemin" not in names.held and "IFO" not in names.held
    assert names.articles("Hej! Pandemin, vad gjorde den?") == set()
    assert names.articles("Hur gick det för Ekgården? Och Ekgården sedan?") == {0}


@pytest.mark.slow
def test_a_question_naming_a_nursing_home_is_answered_from_its_article(shipped):
    asked = shipped.ask_ranked("Vilka förändringar har gjorts i ledningen efter det som "
                               "uppdagades på Gustavsgården?", k=5)
    assert {h.article.id for h in asked.ranked} == {"002-renodlat-ledarskap-vard-omsorg"}
