"""Why-questions and role questions in the ranking (signals.py).

A question asking why lifts the sentences that state a cause or purpose by
a causal connective (`reason`); the role signal binds a name to the role
asked (persons.names_holder), not any name in a sentence with the role.
Each search test runs the real search over the shipped corpus with the
shipped settings and with the change undone. The wordings are not those of
the development sets."""

from dataclasses import replace

import numpy as np
import pytest

from assistant.retrieval.signals import asks_reason, gather, signal_matrix, states_reason


def rank(assistant, question, needle, ranking=None):
    """Rank (1-based) of the first passage holding `needle`, None if none of ten."""
    hits = assistant.searcher.search(question, 10, ranking=ranking)
    texts = [h.article.body[h.sentences[0].start:h.sentences[-1].end]
             for h in sorted(hits, key=lambda h: -h.score)]
    return next((i + 1 for i, t in enumerate(texts) if needle in t), None)


@pytest.mark.parametrize("question", [
    "Varför valde Bengtsfors att gå ihop med Mellerud?",
    "Av vilken anledning har Vårgårda ändrat sitt ledarskap?",
    "Vad var orsaken till att cheferna i Tranemo lämnade?",
    "Why did Söderhamn change how home care is run?",
])
def test_why_questions(question):
    assert asks_reason(question)


@pytest.mark.parametrize("question", [
    # a manner, a count, a person, a result: no reason asked
    "Hur arbetar hemtjänsten i Söderhamn?",
    "Hur många chefer finns i Tranemo?",
    "Vem leder socialtjänsten i Vårgårda?",
    "Vad har samarbetet gett Mellerud?",
    "How does Tranemo organise its care?",
])
def test_other_questions_ask_no_reason(question):
    assert not asks_reason(question)


@pytest.mark.parametrize("sentence", [
    "Eftersom kostnaderna steg fick nämnden tänka om.",
    "Därför delas uppdraget mellan två chefer.",
    "Bakgrunden är en personalenkät från i fjol.",
    "Förändringen syftar till att korta väntetiderna.",
    "Den främsta orsaken är hög arbetsbelastning.",
])
def test_sentences_stating_a_reason(sentence):
    assert states_reason(sentence)


@pytest.mark.parametrize("sentence", [
    # "för att" and "så att" are as often a plain purpose or a result
    "Vi träffas varje vecka för att planera arbetet.",
    "Schemat ändrades så att fler kan arbeta dagtid.",
    "Nämnden beslutade om en ny organisation i våras.",
])
def test_sentences_stating_no_reason(sentence):
    assert not states_reason(sentence)


def test_a_why_question_is_lifted_by_the_reason_signal(shipped):
    """The answer, "Eftersom mycket arbete är liknande i kommunerna skapas
    effektiviseringsvinster ...", is among the first three with the signal;
    without it, no higher."""
    question = "Varför tjänar två kommuner på att dela socialtjänst med varandra?"
    needle = "Eftersom mycket arbete är liknande"
    ranking = shipped.settings.ranking
    assert ranking.w_reason > 0
    with_signal = rank(shipped, question, needle)
    without = rank(shipped, question, needle, replace(ranking, w_reason=0.0))
    assert with_signal is not None and with_signal <= 3
    assert without is None or without >= with_signal


def test_only_why_questions_read_the_reason_signal(shipped):
    """A how-question's ranking does not move with the reason weight."""
    searcher = shipped.searcher
    ranking = shipped.settings.ranking
    question = "Hur arbetar Bengtsfors och Mellerud tillsammans?"
    on = [h.sent for h in searcher.search(question, 10)]
    off = [h.sent for h in searcher.search(question, 10, ranking=replace(ranking, w_reason=0.0))]
    assert on == off


def test_the_role_signal_binds_a_name_to_the_role(shipped):
    """"Inte minst jag som verksamhetschef, berättar Ann-Charlotte ...": the
    role and a name, but the name is the speaker's, not bound to the role
    asked in Tranemo; the loose rule lifts it, the bound one does not."""
    searcher = shipped.searcher
    data = searcher.data
    ranking = shipped.settings.ranking
    assert ranking.role_bound
    query = searcher.query("Vem är verksamhetschef för omsorgen i Tranemo?")
    qvec = searcher.embed(query.text)
    cands = gather(data, qvec, query, ranking)
    row = next(i for i in range(len(data.sent_start))
               if searcher.sentence_text(i).startswith("Inte minst jag som verksamhetschef"))
    bound = "Louise Bertilsson, verksamhetschef för vård och omsorg"
    named = next(i for i in range(len(data.sent_start)) if bound in searcher.sentence_text(i))
    sents = np.asarray([row, named], np.int64)
    role = list(signal_matrix(data, cands, qvec, query, sents, ranking, searcher.places)[:, 4])
    loose = list(signal_matrix(data, cands, qvec, query, sents,
                               replace(ranking, role_bound=False), searcher.places)[:, 4])
    assert role == [0.0, 1.0]
    assert loose == [1.0, 1.0]
