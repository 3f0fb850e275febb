"""The fourteenth round's readings: whose opinion a question asks ("Vad
tycker pensionärsrådet i Eda om ...") must be named in the articles about
the municipality asked, and so must a name the question gives ("Vad
tyckte IVO om ... i Vårgårda?"): the same name in an article about
another municipality says nothing of this one, and there are more such
articles as the corpus grows. A decline names a holder in its definite
form with "inte" ("nämner inte facket"). A price asked now is answered by
a price of none ("utan kostnad"), what something cost is not; a date a
work is to be done by ("När ska översynen ... vara klar?") by a sentence
telling when it is to be done; a municipality in lower case is no event
("när ska katrineholm införa ..."); a count of time may be asked in the
genitive ("hur många års ålder")."""

import pytest

from assistant.retrieval.evidence import opinion_holder
from assistant.retrieval.fact_heads import asked_heads, holds_head
from assistant.retrieval.fact_objects import amount_object_missing, price_now
from assistant.retrieval.kinds import FREE, holds_kind
from conftest import evidence_of, shipped_plus


@pytest.mark.parametrize("question, holder", [
    ("Vad tycker pensionärsrådet i Eda om den gemensamma nämnden?", "pensionärsrådet"),
    ("Vad tycker Kommunal i Sjöbo om den nya ledningsorganisationen?", "Kommunal"),
    ("Vad tyckte IVO om kvaliteten i Vårgårdas utredningar?", "IVO"),
    ("Vad anser facket i Tranemo om den nya ledningsgruppen?", "facket"),
    ("Hur ser politikerna på samarbetet med Mellerud?", "politikerna"),
    ("Vad tycker de anställda om förändringen?", "anställda"),
    ("Vad tycker man i Tranemo om det?", None),  # no one in particular
    ("Vad tycker dom i Tranemo om ledningsgruppen?", None),
    ("Vad tycker de flesta i Tranemo om ledningsgruppen?", None),
    ("Vad tycker folket i Söderhamn om Linden?", None),
    ("Hur ser det ut på äldreboendet i Tranemo?", None),
    ("Vad tycker Vårgårdas socialchef är viktigast?", None),  # no "om": a view, not of someone on something
    ("Vad gjorde Tranemo när cheferna slutade?", None),
])
def test_whose_opinion_a_question_asks(question, holder):
    assert opinion_holder(question) == holder


def test_a_decline_names_a_definite_form_with_inte():
    from assistant.answering.declines import sentence
    from assistant.retrieval.answerability import OUTSIDE, PLACE_SILENT, Decision
    assert sentence(Decision(PLACE_SILENT, 0.1, ("Eda",), None, "facket")) == \
        "Artiklarna om Eda nämner inte facket."
    assert sentence(Decision(PLACE_SILENT, 0.1, ("Eda",), None, "socialchef")) == \
        "Artiklarna om Eda nämner ingen socialchef."
    assert sentence(Decision(OUTSIDE, 0.1, (), None, "pensionärsrådet")) == \
        "Artiklarna nämner inte pensionärsrådet."


@pytest.fixture(scope="module")
def grown(shipped, tmp_path_factory):
    """The shipped articles and one about Ljusdal that names IVO and the union."""
    return shipped_plus(
        shipped, tmp_path_factory, "round14",
        ("Ljusdal", "Fiktiv: IVO granskade nattpatrullen i Ljusdal",
         "Ljusdals kommun startade en nattpatrull i hemtjänsten. IVO granskade patrullen i "
         "våras. Facket var nöjt med arbetstiderna, och pensionärsrådet tyckte att patrullen "
         "var bra."),
    )


@pytest.mark.parametrize("question, absent", [
    ("Vad tyckte IVO om utredningarna i Vårgårda?", True),  # IVO only in Ljusdal's article
    ("Vad tyckte IVO om nattpatrullen i Ljusdal?", False),
    ("Vad tycker pensionärsrådet i Söderhamn om hemtjänstgruppen Linden?", True),
    ("Vad tycker pensionärsrådet i Ljusdal om nattpatrullen?", False),
    ("Vad anser facket i Ljusdal om arbetstiderna?", False),  # "Facket" in any form
    ("Vad tyckte hemtjänstkunderna i Ljusdal om patrullen?", True),  # not "Hemtjänsten"
    ("Vad tycker de förtroendevalda i Mellerud om handlingarna?", False),  # "Politiker"
    ("Vad tycker Ann-Charlotte Lilja om tillitsbaserad styrning i Vårgårda?", False),
    ("Vad tycker hemtjänstkunderna i Söderhamn om förändringen?", False),  # "kunderna"
    ("Vad säger Asa Nyström om ledarskapet i Vårgårda?", False),  # without its ring
    # held by an article about no municipality, which may be about this one
    ("Både Tranemo och förvaltningen som hade hand om Gustavsgården fick ny ledning – "
     "vad utlöste förändringarna?", False),
])
def test_a_name_or_a_holder_must_be_in_the_articles_about_the_place(grown, question, absent):
    assert bool(evidence_of(grown, question)["subject_absent"]) is absent


def test_a_price_of_none_answers_what_it_costs():
    free = ("Anhöriga kan få upp till 16 timmar avlösning per månad utan kostnad, då personal "
            "från hemtjänsten tar över omsorgen.")
    question = "Kan den som vårdar sin make i Bollnäs få avlösning, och vad kostar det?"
    assert FREE.search(free) and FREE.search("Tjänsten är kostnadsfri.") and price_now(question)
    assert not amount_object_missing(question, [free])
    assert amount_object_missing(question, ["Avlösningen ökade med 10 procent."])
    # what it cost (the municipality) is no price of none
    assert amount_object_missing("Hur mycket kostade avlösningen i Bollnäs under 2020?", [free])
    # ... and no other amount: a share, a change
    assert not holds_kind(free, "amount") and not price_now("Hur mycket höjdes avgiften?")


@pytest.mark.parametrize("question, sentence, held", [
    ("När ska översynen av om riktlinjerna kan samordnas vara klar?",
     "En sådan översyn ska vara klar före utgången av 2019.", True),
    ("När ska utredningen vara färdig?", "Utredningen ska vara färdig i maj 2024.", True),
    ("När ska arbetsgruppen vara klar med översynen?",
     "Arbetet väntas pågå till juni 2023.", False),  # how long a work goes on: not its end
    ("När ska översynen av om riktlinjerna kan samordnas vara klar?",
     "Riktlinjerna samordnades 2018.", False),  # another event's date
])
def test_a_work_to_be_done_is_dated_by_when_it_is_done(question, sentence, held):
    heads = asked_heads(question, "date")
    assert any(holds_head(sentence.lower(), h) for h in heads) is held


def test_a_municipality_in_lower_case_is_no_event():
    """"när ska katrineholm införa ..." asks of introducing, as with a capital;
    before, the place was read as the event and every sentence about it held it."""
    assert asked_heads("när ska katrineholm införa självstyrande team?", "date") == \
        asked_heads("När ska Katrineholm införa självstyrande team?", "date")
    assert "införa" in asked_heads("när ska katrineholm införa självstyrande team?", "date")
    assert "införa" in asked_heads("när ska katrineholms kommun införa team?", "date")
    assert asked_heads("När ska det vara inflyttning?", "date") == ()  # "vara", not Vara


@pytest.mark.parametrize("question, counted", [
    ("Från hur många års ålder hör man till Vuxenenhetens målgrupp?", "år"),
    ("Hur många timmars avlösning får en anhörig?", "timm"),
])
def test_a_count_of_time_in_the_genitive(question, counted):
    from assistant.retrieval.question_kinds import counted_noun
    assert counted_noun(question)[-1] == counted
