"""Answerable questions the decline readings turned away, and a sum paid
once given for one asked by the year: a vowel left out before a word's
last letter ("socialchf", spelling.slip); "without an appointment" read as
a hiring in English (fact_heads.english_heads); LSS, which articles call
"funktionsstödet", read as a subject no article about the place mentions
(coverage._ACRONYMS); "Vad kostar det per år att driva ...?" answered by
"Ombyggnaden har kostat 380 000 kronor" (fact_objects.rate_missing); "Hur
många enhetschefer ...?" answered by "flera enhetschefer" (kinds.count_untold).
Wordings of no evaluation set."""

import pytest
from conftest import evidence_of, shipped_plus

from assistant.retrieval.fact_heads import english_heads
from assistant.retrieval.fact_objects import rate_missing
from assistant.retrieval.kinds import count_untold
from assistant.retrieval.question_kinds import counted_noun
from assistant.retrieval.spelling import slip


@pytest.mark.parametrize("typed, word, kind", [
    ("socialchf", "socialchef", "drop"),  # a vowel left out before the last letter
    ("enhetschf", "enhetschef", "drop"),
    ("socialchefn", "socialchefen", "drop"),
    ("anställa", "anställda", None),  # another word: a consonant, where Swedish inflects
    ("gemensam", "gemensamt", None),  # the last letter
    ("ekonomi", "ekonomin", None),
    ("området", "områdn", None),  # only a letter left out of what was typed
])
def test_a_vowel_left_out_before_the_last_letter_is_a_slip(typed, word, kind):
    assert slip(typed, word) == kind


def test_a_role_typed_without_its_vowel_is_answered(shipped):
    answer = shipped.ask("vem är socialchf för bengtsfors och mellerud")
    assert not answer.no_answer
    assert any("Tanja Mattsson" in p.quote for p in answer.passages[:3])


@pytest.mark.parametrize("question, hiring", [
    ("Since when has social services in Habo offered a drop-in reception without appointment?",
     False),
    ("When can residents visit the office without an appointment?", False),
    ("Since when can residents book an appointment online?", False),
    ("When was the appointment of the new head of social services announced?", True),
    ("When did Habo appoint its new MAS?", True),
])
def test_an_appointment_booked_is_no_hiring(question, hiring):
    assert ("anställ" in english_heads(question, "date")) is hiring


@pytest.mark.parametrize("question, holding, missing", [
    ("Vad kostar det per år att driva meröppet på biblioteket?",
     ["Ombyggnaden har kostat 380 000 kronor."], True),
    ("Hur mycket betalar Habo till Mullsjö om året för socialchefen?",
     ["Avtalet kostade 40 000 kronor att ta fram."], True),
    ("Vad kostar chefsstödet per år?", ["Kostnaden beräknas till 2,9 miljoner kronor per år."],
     False),
    ("Vad kostar en plats per dygn?", ["En plats kostar mellan 5 000 och 9 000 kronor per dygn."],
     False),
    ("Hur stor är budgeten per år?", ["IFO:s budget för 2024 är 62 miljoner kronor."], False),
    ("Vad kostar det per år?", ["Årskostnaden är 1,2 miljoner kronor."], False),
    ("Vad kostar det per år?", ["Det kostar 40 000 kronor i månaden."], False),
    # a change per year is not a sum by the year
    ("Hur mycket har kostnaden ökat per år?", ["Kostnaden har ökat med 400 000 kronor."], False),
    ("Vad kostade ombyggnaden?", ["Ombyggnaden har kostat 380 000 kronor."], False),
    ("Vad kostar avlösningen per månad?", ["Avlösningen ges utan kostnad."], False),  # free
])
def test_a_sum_asked_by_the_year_needs_a_period(question, holding, missing):
    assert rate_missing(question, holding) is missing


@pytest.mark.parametrize("question, holding, missing", [
    ("What is the annual cost of running the library?", ["Ombyggnaden har kostat 380 000 kronor."],
     True),
    ("How much does the support cost per year?", ["Kostnaden beräknas till 2,9 miljoner kronor "
                                                  "per år."], False),
    ("How much did the rebuilding cost?", ["Ombyggnaden har kostat 380 000 kronor."], False),
])
def test_a_sum_asked_by_the_year_in_english(question, holding, missing):
    assert rate_missing(question, holding, english=True) is missing


VAGUE = "I den nya ledningen är det flera enhetschefer som har tagit klivet upp."


@pytest.mark.parametrize("question, passages, article, untold", [
    ("Hur många enhetschefer blev verksamhetschefer?", [VAGUE], [VAGUE], True),
    ("hur många medarbetare slutade", ["Några av medarbetarna slutade i våras."], [], True),
    ("Hur många chefer slutade?", ["Det var många chefer som slutade samtidigt."], [], True),
    # the count told elsewhere in the article
    ("Hur många enhetschefer blev verksamhetschefer?", [VAGUE],
     [VAGUE, "Fyra enhetschefer blev verksamhetschefer."], False),
    # something else told vaguely
    ("Hur många enhetschefer blev verksamhetschefer?",
     ["Flera kommuner har hört av sig."], [], False),
    ("Hur många enhetschefer finns det?", ["Enhetscheferna har fått stöd."], [], False),
])
def test_a_count_told_vaguely_is_not_told(question, passages, article, untold):
    assert count_untold(counted_noun(question), passages, passages + article) is untold


@pytest.fixture(scope="module")
def grown(shipped, tmp_path_factory):
    """The shipped articles and three fictional ones: a library rebuilt in
    Habo (a sum paid once), a support for managers in Mullsjö's elderly care
    and funktionsstöd (a sum by the year), a drop-in reception in Tibro."""
    return shipped_plus(
        shipped, tmp_path_factory, "rates",
        ("Habo", "Fiktiv: Biblioteket i Habo blir meröppet",
         "Biblioteket i Habo blir meröppet från hösten, så att invånarna kan låna böcker även "
         "kvällstid. Ombyggnaden har kostat 380 000 kronor, varav hälften kommer från ett "
         "statligt bidrag. Lokalen är kameraövervakad under de obemannade tiderna."),
        ("Mullsjö", "Fiktiv: Mullsjö inrättar ett chefsstöd",
         "Enhetscheferna inom äldreomsorgen och funktionsstödet i Mullsjö får avlastning i det "
         "administrativa arbetet. Ett nytt chefsstöd tar över schemaläggning, fakturor och "
         "rekryteringsannonser. Kostnaden för chefsstödet beräknas till 1,2 miljoner kronor "
         "per år."),
        ("Bollebygd", "Fiktiv: Ny ledningsgrupp i Bollebygd",
         "Bollebygds äldreomsorg har fått en ny ledningsgrupp. Flera enhetschefer från "
         "verksamheten har gått vidare och blivit verksamhetschefer i den nya ledningsgruppen."),
        ("Lekeberg", "Fiktiv: Ny ledningsgrupp i Lekeberg",
         "Lekebergs äldreomsorg har fått en ny ledningsgrupp. Fyra enhetschefer från "
         "verksamheten har gått vidare och blivit verksamhetschefer i den nya ledningsgruppen."),
        ("Tibro", "Fiktiv: Tibro öppnar socialkontoret",
         "Sedan mars 2021 har socialtjänsten i Tibro öppen mottagning varje vardagsförmiddag. "
         "Den som vill kan komma in och träffa en socialsekreterare utan att boka tid."),
    )


def test_a_sum_paid_once_is_no_answer_to_one_by_the_year(grown):
    question = "Vad kostar det per år att driva meröppet på biblioteket i Habo?"
    assert evidence_of(grown, question)["fact_object_missing"] == 1.0
    assert grown.ask(question).no_answer
    question = "Vad kostar chefsstödet i Mullsjö per år?"
    assert evidence_of(grown, question)["fact_object_missing"] == 0.0
    answer = grown.ask(question)
    assert not answer.no_answer
    assert any("1,2 miljoner kronor per år" in p.quote for p in answer.passages[:3])


def test_lss_is_held_by_the_funktionsstod_of_the_place(grown):
    question = "Hur slipper cheferna inom äldreomsorgen och LSS i Mullsjö allt pappersjobb?"
    assert evidence_of(grown, question)["subject_absent"] == 0.0
    # an acronym the articles about the place do not hold is still absent
    assert evidence_of(grown, "Vad tyckte IVO om chefsstödet i Mullsjö?")["subject_absent"] == 1.0


def test_a_drop_in_reception_without_appointment_is_answered_by_its_start(grown):
    question = "Since when has social services in Tibro offered a drop-in reception without appointment?"
    assert evidence_of(grown, question)["fact_head_missing"] == 0.0
    answer = grown.ask(question)
    assert not answer.no_answer
    assert any("Sedan mars 2021" in p.quote for p in answer.passages[:3])


def test_a_count_the_article_leaves_vague_is_declined(grown):
    question = "Hur många enhetschefer i Bollebygd blev verksamhetschefer i ledningsgruppen?"
    assert evidence_of(grown, question)["fact_object_missing"] == 1.0
    assert grown.ask(question).no_answer
    question = "Hur många enhetschefer i Lekeberg blev verksamhetschefer i ledningsgruppen?"
    assert evidence_of(grown, question)["fact_object_missing"] == 0.0
    answer = grown.ask(question)
    assert not answer.no_answer
    assert any("Fyra enhetschefer" in p.quote for p in answer.passages[:3])
