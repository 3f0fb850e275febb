"""Micro-batching (issue 23): questions waiting together are embedded in
one call of the model and each answered as alone, with the real model and
the real index of the shipped articles."""

from __future__ import annotations

import json
import pickle
from dataclasses import replace
from pathlib import Path

import numpy as np

import assistant.web.answer_pool  # noqa: F401  (pickles an answer's read-only terms)
from assistant.answering.pipeline import Ask, Assistant, admit

EVAL = Path(__file__).resolve().parents[2] / "eval" / "questions.jsonl"


def _questions(n: int) -> list[str]:
    rows = [json.loads(line) for line in EVAL.read_text("utf-8").splitlines() if line.strip()]
    return [r["question"] for r in rows[:n]]


def test_questions_embedded_in_one_call_get_the_vectors_one_at_a_time_gets(e5):
    texts = _questions(20) + ["Hej", "x" * 900]  # one cut to the tokens the model reads
    together = e5.embed_queries(texts)
    alone = np.stack([e5.embed_queries([t])[0] for t in texts])
    assert together.shape == (len(texts), e5.dim)
    assert np.array_equal(together, alone)  # bit for bit: the same answers follow


def test_a_batch_is_answered_as_each_question_alone(shipped, e5):
    settings = shipped.settings
    texts = _questions(24) + ["Vem är socialchef i Vårgårda?", "What is this about?", "Hej"]
    admitted = [admit(Ask(t, "api"), settings) for t in texts]
    admitted.append(admit(Ask("Och i Tranemo?", "chat", history=("Vem är socialchef i "
                                                                 "Vårgårda?",)), settings))
    alone = [shipped.compute(a) for a in admitted]
    fresh = Assistant(settings, e5)  # nothing cached: the batch embeds every question
    vectors = fresh.searcher.embed
    together = []
    for i in range(0, len(admitted), 8):
        misses = vectors.misses
        together += fresh.compute_batch(admitted[i:i + 8])
        assert vectors.misses == misses  # all embedded beforehand, in one call
    assert len(together) == len(alone)
    for one, other in zip(alone, together):
        assert pickle.dumps(other.answer) == pickle.dumps(one.answer)
        assert other.ranked == one.ranked and other.evidence == one.evidence
    assert any(a.answer.passages for a in together) and any(a.answer.no_answer for a in together)


def test_a_question_that_fails_in_a_batch_fails_alone(shipped):
    settings = shipped.settings
    good = admit(Ask("Vem är socialchef i Vårgårda?", "api"), settings)
    broken = replace(good, resolved=None)  # cannot be analysed
    results = shipped.compute_batch([good, broken, good])
    assert isinstance(results[1], Exception)
    assert pickle.dumps(results[0].answer) == pickle.dumps(results[2].answer)
    assert results[0].answer.passages
