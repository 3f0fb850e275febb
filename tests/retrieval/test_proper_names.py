"""A proper name few articles hold points a question naming no
municipality to them (proper_names.py, searcher.named_articles)."""

import pytest

from assistant.retrieval.proper_names import FEW, asked_names, few, is_name, words_of

_TEXTS = ["Bristerna på Ekgården i Hjo. Nu leder Maja Ek arbetet på Ekgården.",
          "Pandemin slog till. Hemtjänstgruppen Linden startar. Det blev en ek i parken."]


def test_the_names_a_question_writes_within_a_sentence():
    assert asked_names("Vad hände på Ekgården efter granskningen?") == [("Ekgården",)]
    assert asked_names("Vad gjorde Ekgårdens ledning?") == [("Ekgårdens", "Ekgården")]
    assert asked_names("Ekgården, vad hände där?") == []  # the first word
    assert asked_names("Hej! Pandemin, vad gjorde den?") == []  # a second sentence's first
    assert asked_names("– Vad gör IVO?") == []  # abbreviations in capitals
    assert asked_names("vad hände på ekgården?") == []  # written in lower case


def test_a_name_is_written_only_capitalised_and_once_within_a_sentence():
    assert is_name("Ekgården", _TEXTS[:1])
    assert is_name("Linden", _TEXTS[1:])
    assert not is_name("Ek", _TEXTS)  # "en ek i parken"
    assert not is_name("Pandemin", _TEXTS)  # only ever opening a sentence


def test_a_name_in_a_title_only_is_found_by_the_titles_words():
    title = "Fyra år med gemensam nämnd i västra Värmland"
    assert "värmland" in words_of(title)
    assert is_name("Värmland", [title + "\nNämnden har funnits i fyra år."])


def test_a_name_many_articles_hold_is_none():
    assert few(5) == 2 and few(109) == FEW and few(1) == 1


@pytest.mark.slow
def test_a_question_naming_a_nursing_home_is_answered_from_its_article(shipped):
    asked = shipped.ask_ranked("Vilka förändringar har gjorts i ledningen efter det som "
                               "uppdagades på Gustavsgården?", k=5)
    assert {h.article.id for h in asked.ranked} == {"002-renodlat-ledarskap-vard-omsorg"}
    # the articles holding it are found by the index's postings, a genitive too
    searcher = shipped.searcher
    ids = {searcher.data.articles[a].id for a in searcher.named_articles(
        searcher.query("Vad gjorde Gustavsgårdens chef?"))}
    assert ids == {"002-renodlat-ledarskap-vard-omsorg"}
    assert not searcher.named_articles(searcher.query("Hej! Vid vilken tid infördes det?"))
