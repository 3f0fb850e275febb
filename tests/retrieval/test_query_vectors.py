"""The query vectors a searcher keeps (retrieval/query_vectors.py): a
repeated question is not embedded again, a batch is embedded in one call,
and `clear` makes every question new again (bench/children.py times new
questions with it)."""

import numpy as np

from assistant.retrieval.query_vectors import QueryVectors


def test_kept_primed_and_cleared(e5):
    vectors = QueryVectors(e5, size=2)
    first = vectors("Vem är socialchef i Vårgårda?")
    assert vectors.misses == 1
    assert vectors("Vem är socialchef i Vårgårda?") is first and vectors.misses == 1
    assert vectors.prime(["Vem är socialchef i Vårgårda?", "Hur samverkar Bengtsfors?"]) == 1
    vectors("Hur samverkar Bengtsfors?")
    assert vectors.misses == 1
    vectors.clear()
    again = vectors("Vem är socialchef i Vårgårda?")
    assert vectors.misses == 2
    np.testing.assert_allclose(again, first, atol=1e-6)
    # the least recently used is dropped beyond `size`
    vectors("Hur samverkar Bengtsfors?")
    vectors("Vad gör Tranemo?")
    assert vectors.misses == 4 and vectors.prime(["Vem är socialchef i Vårgårda?"]) == 1
