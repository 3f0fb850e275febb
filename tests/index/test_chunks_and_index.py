import json
import shutil

import numpy as np
import pytest

from assistant.corpus.articles import load_corpus
from assistant.index.chunking import make_splitter, split_article
from assistant.errors import IndexCorrupt, IndexMismatch, IndexMissing
from assistant.index.sentences import sentence_spans
from assistant.answering.pipeline import Assistant, update_index
from assistant.index.store import current_generation, load_index
from conftest import CORPUS, write_article


def test_chunks_and_sentences_sit_at_their_offsets():
    splitter = make_splitter(500, 100)
    for article in load_corpus(CORPUS).articles:
        chunks = split_article(article, splitter)
        assert chunks and all(article.body[c.start:c.end] == c.text for c in chunks)
        assert all(len(c.text) <= 500 for c in chunks)
        assert [c.id for c in chunks] == [f"{article.id}#{i}" for i in range(len(chunks))]
        spans = sentence_spans(article.body)
        assert all(article.body[s:e].strip() == article.body[s:e] for s, e in spans)
        assert all(s2 >= e1 for (_, e1), (s2, _) in zip(spans, spans[1:]))


def test_swedish_sentence_split():
    text = "Tanja Mattsson är socialchef. – Det är bra, säger hon.\nRubrik\n\nÖversyn t ex av nämnder."
    parts = [text[s:e] for s, e in sentence_spans(text)]
    assert parts == ["Tanja Mattsson är socialchef.", "– Det är bra, säger hon.", "Rubrik",
                     "Översyn t ex av nämnder."]


def test_index_manifest_and_round_trip(shipped):
    data = shipped.searcher.data
    m = data.manifest
    assert m["model"] == "intfloat/multilingual-e5-small" and m["dimension"] == 384
    assert m["chunking"]["size"] == 500 and m["package_version"]
    assert len(m["articles"]) == 5 and all(len(fp) == 64 for fp in m["articles"].values())
    assert m["counts"]["chunks"] == data.n_chunks > 0
    vectors = data.chunk_vectors()
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)


class CountingEmbedder:
    """The real model, recording every passage text it is asked to embed."""

    def __init__(self, inner):
        self.inner, self.passages = inner, []
        self.name, self.dim, self.min_score = inner.name, inner.dim, inner.min_score

    def embed_queries(self, texts):
        return self.inner.embed_queries(texts)

    def embed_passages(self, texts):
        self.passages += texts
        return self.inner.embed_passages(texts)


SMALL_ARTICLES = {
    "bengtsfors.md": ("Samverkan i Dalsland", "Bengtsfors och Mellerud har en gemensam "
                      "socialchef. Nämnden träffas varje månad.", "Bengtsfors"),
    "vargarda.md": ("Ny socialchef i Vårgårda", "Ann-Charlotte Lilja tillträdde som "
                    "socialchef i Vårgårda. Hon leder förvaltningen.", "Vårgårda"),
    "tranemo.md": ("Ledningsgrupp i Tranemo", "Tranemo har en ny ledningsgrupp för "
                   "omsorgen. Svenljunga delar med sig av sin socialchef.", "Tranemo"),
}


def test_update_reembeds_only_changed_articles(small_project, e5):
    """Only added and changed articles are embedded again (every text the real
    model gets is counted); removed ones are dropped; reused vectors still
    find their own text."""
    settings, corpus = small_project, small_project.corpus_dir
    for name, (title, body, place) in SMALL_ARTICLES.items():
        write_article(corpus, name, title, body, municipality=place)
    counting = CountingEmbedder(e5)
    first, _ = update_index(settings, counting)
    assert first.added == 3 and len(counting.passages) == first.embedded_texts > 0
    counting.passages.clear()
    again, _ = update_index(settings, counting)
    assert (again.unchanged, again.embedded_texts, counting.passages) == (3, 0, [])

    write_article(corpus, "amal.md", "Ny nämnd i Åmål", "Åmål inrättar en äldreomsorgsnämnd.",
                  municipality="Åmål")
    write_article(corpus, "tranemo.md", "Ledningsgrupp i Tranemo", "Tranemo har en ny "
                  "ledningsgrupp för omsorgen. Svenljunga lånar ut sin socialchef.",
                  municipality="Tranemo")
    (corpus / "bengtsfors.md").unlink()
    third, _ = update_index(settings, counting)
    assert (third.added, third.changed, third.removed, third.unchanged) == (1, 1, 1, 1)
    assert len(counting.passages) == third.embedded_texts > 0
    # every text embedded belongs to the new or the changed article
    assert all(t.startswith(("Ny nämnd i Åmål", "Ledningsgrupp i Tranemo"))
               for t in counting.passages)
    assert not any("Vårgårda" in t for t in counting.passages)
    data = load_index(settings.index_dir)
    assert set(data.manifest["articles"]) == {"amal", "tranemo", "vargarda"}
    # the reused vectors still find their own text
    answer = Assistant(settings, e5).ask("Vem är socialchef i Vårgårda?")
    assert answer.passages[0].article.municipality == "Vårgårda"


def test_missing_and_corrupt_index_say_what_to_run(tmp_path, e5, small_project):
    with pytest.raises(IndexMissing, match="assistant index"):
        Assistant(small_project, e5)
    write_article(small_project.corpus_dir, "a.md", "Samverkan", "Kommunerna samverkar om socialtjänst.")
    update_index(small_project, e5)
    gen = small_project.index_dir / current_generation(small_project.index_dir)
    with (gen / "chunks.faiss").open("r+b") as fh:
        fh.truncate(10)
    with pytest.raises(IndexCorrupt, match="assistant index --rebuild"):
        Assistant(small_project, e5)
    # a rebuild after corruption recovers
    update_index(small_project, e5, rebuild=True)
    assert Assistant(small_project, e5).ask("samverkan").passages


def test_foreign_model_index_is_refused(shipped, e5, tmp_path):
    index = tmp_path / "index"
    shutil.copytree(shipped.settings.index_dir, index)
    gen = index / current_generation(index)
    manifest = json.loads((gen / "manifest.json").read_text("utf-8"))
    manifest["model"] = "sentence-transformers/all-MiniLM-L6-v2"
    (gen / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    from dataclasses import replace
    with pytest.raises(IndexMismatch, match="assistant index --rebuild"):
        Assistant(replace(shipped.settings, index_dir=index), e5)


@pytest.mark.parametrize("field, value", [("format", 0), ("lexical_version", 99)])
def test_index_of_another_format_or_term_version_is_refused(shipped, e5, tmp_path, field, value):
    """An index whose layout or BM25 terms (lexical.terms) differ from this
    version's is refused with the command that rebuilds it."""
    from assistant.index import store

    manifest = store.read_manifest(shipped.settings.index_dir)
    assert (manifest["format"], manifest["lexical_version"]) == (
        store.FORMAT, store.lexical_version())
    index = tmp_path / "index"
    shutil.copytree(shipped.settings.index_dir, index)
    gen = index / current_generation(index)
    manifest[field] = value
    (gen / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(IndexMismatch, match="assistant index --rebuild"):
        load_index(index)


def test_interrupted_build_leaves_previous_index(tmp_path, e5, small_project):
    write_article(small_project.corpus_dir, "a.md", "Samverkan", "Kommunerna samverkar om socialtjänst.")
    update_index(small_project, e5)
    before = current_generation(small_project.index_dir)
    # a half-written generation from a killed build
    (small_project.index_dir / ".tmp-gen-1").mkdir()
    (small_project.index_dir / ".tmp-gen-1" / "chunks.faiss").write_bytes(b"half")
    assert current_generation(small_project.index_dir) == before
    assert Assistant(small_project, e5).ask("samverkan").passages
