"""Synthetic corpora of any size, made from the shipped articles, and their vectors.

Embedding 100,000 chunks for real takes hours on a CPU, so the large
benchmark indexes are built without the model:

- **Text**: every synthetic article is a deterministic recombination of real
  sentences of the shipped articles (a seeded RNG picks them), under a title
  and a municipality drawn from a list of real municipality names. Chunking,
  sentence splitting, BM25 and the index folder are the real code paths.
- **Vectors**: `ComposedEmbedder` stands in for the model at build time only.
  A sentence's vector is the real vector of that sentence (embedded by the
  real model in the shipped index); a chunk's vector is the length-weighted
  mean of its sentences' vectors; both get a small deterministic component
  for their "title – municipality" head, so the same sentence under two
  titles is not the same point. Every vector is L2-normalised.

Queries are always embedded by the real model. Nothing here is written into
the repository: corpora go to a folder under /tmp by default.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.index.chunking import make_splitter, split_article
from assistant.config import DEFAULT_MODEL
from assistant.swedish.places import municipalities
from assistant.index.sentences import sentence_spans
from assistant.index.store import load_index

# Real municipality names (the project's one list), so place names behave as in real questions.
MUNICIPALITIES = municipalities()

TITLES = (
    "Samverkan i fokus för ledningen inom omsorgen i {m}",
    "Ny organisation för socialtjänsten i {m}",
    "Så leder {m} äldreomsorgen",
    "Tillitsbaserad styrning i {m}s hemtjänst",
    "Ledarskap och samverkan i vård och omsorg – {m}",
    "Nytt arbetssätt i individ- och familjeomsorgen i {m}",
)
HEAD_WEIGHT = 1 / 3  # the same sentence under two heads: cosine about 0.9


@dataclass(frozen=True)
class Pool:
    """Real sentences of the shipped corpus and their real vectors, (m, d) float32."""

    sentences: tuple[str, ...]
    vectors: np.ndarray
    article_sentence_counts: tuple[int, ...]


def pool_from_index(index_dir: Path) -> Pool:
    """The sentences of a real index (built with the real model) and their vectors."""
    data = load_index(index_dir)
    texts, vectors = [], []
    seen: set[str] = set()
    for i in range(len(data.sent_start)):
        body = data.articles[data.sent_article[i]].body
        text = body[data.sent_start[i]:data.sent_end[i]]
        if text in seen:
            continue
        seen.add(text)
        texts.append(text)
        vectors.append(np.asarray(data.sentence_vectors[i], np.float32))
    counts = np.bincount(data.sent_article, minlength=len(data.articles))
    return Pool(tuple(texts), np.stack(vectors), tuple(int(c) for c in counts))


def _ends_sentence(text: str) -> bool:
    return text.rstrip("”\"')]").endswith((".", "!", "?", "…"))


def _article_text(aid: str, title: str, municipality: str, date: str, body: str) -> str:
    return (f'---\nid: "{aid}"\ntitle: "{title}"\nmunicipality: {municipality}\n'
            f"published: {date}\n"
            f"source: synthetic\n---\n\n{body}\n")


def _body(rng: np.random.Generator, pool: Pool, n_sentences: int) -> str:
    """Paragraphs of 1-5 pool sentences; a sentence without end punctuation
    (a heading) stands alone on its line, so sentence splitting finds every
    pool sentence again."""
    picks = rng.integers(0, len(pool.sentences), n_sentences)
    paragraphs: list[str] = []
    current: list[str] = []
    target = int(rng.integers(1, 6))
    for p in picks.tolist():
        text = pool.sentences[p]
        if not _ends_sentence(text):
            if current:
                paragraphs.append(" ".join(current))
                current = []
            paragraphs.append(text)
            continue
        current.append(text)
        if len(current) >= target:
            paragraphs.append(" ".join(current))
            current, target = [], int(rng.integers(1, 6))
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


def write_corpus(folder: Path, pool: Pool, n_chunks: int, seed: int = 6,
                 chunk_size: int = 500, chunk_overlap: int = 100) -> dict:
    """Write articles into `folder` until they hold at least `n_chunks` chunks.

    Deterministic for a given pool, size and seed. Returns counts.
    """
    from assistant.corpus.articles import parse_article

    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    rng = np.random.default_rng(seed)
    splitter = make_splitter(chunk_size, chunk_overlap)
    counts = np.asarray(pool.article_sentence_counts, float)
    chunks = articles = 0
    while chunks < n_chunks:
        municipality = MUNICIPALITIES[int(rng.integers(0, len(MUNICIPALITIES)))]
        title = TITLES[int(rng.integers(0, len(TITLES)))].format(m=municipality)
        n_sent = max(5, int(counts[int(rng.integers(0, len(counts)))] * rng.uniform(0.7, 1.3)))
        aid = f"syn-{articles:06d}"
        date = f"{int(rng.integers(2015, 2025))}-{int(rng.integers(1, 13)):02d}-01"
        text = _article_text(aid, title, municipality, date, _body(rng, pool, n_sent))
        article = parse_article(text, f"{folder.name}/{aid}.md", aid)
        chunks += len(split_article(article, splitter))
        (folder / f"{aid}.md").write_text(text, encoding="utf-8")
        articles += 1
    return {"articles": articles, "chunks": chunks}


def _head_vector(head: str, dim: int) -> np.ndarray:
    seed = int.from_bytes(hashlib.sha256(head.encode("utf-8")).digest()[:8], "little")
    v = np.random.default_rng(seed).standard_normal(dim).astype(np.float32)
    return v / np.linalg.norm(v)


class ComposedEmbedder:
    """The Embedder interface, answering passages from real sentence vectors.

    For build time only: it names itself as the default model so that the
    index it builds is served with real query embeddings.
    """

    name = DEFAULT_MODEL
    min_score = 1.15

    def __init__(self, pool: Pool, query_embedder=None):
        self.dim = int(pool.vectors.shape[1])
        self._queries = query_embedder
        self._vectors = pool.vectors
        self._exact = {s: i for i, s in enumerate(pool.sentences)}
        self._heads: dict[str, np.ndarray] = {}
        self.unmatched = 0  # text pieces found in no pool sentence

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Real query vectors (the build embeds a few probe questions)."""
        if self._queries is None:
            from assistant.index.embedding import load_embedder

            self._queries = load_embedder(DEFAULT_MODEL)
        return self._queries.embed_queries(texts)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), np.float32)
        for row, text in enumerate(texts):
            head, _, rest = text.partition("\n\n")
            vector = np.zeros(self.dim, np.float32)
            for s, e in sentence_spans(rest):
                piece = rest[s:e]
                i = self._exact.get(piece)
                if i is None:
                    i = self._fragment(piece)
                if i is not None:
                    vector += (e - s) * self._vectors[i]
            norm = np.linalg.norm(vector)
            if norm > 0:
                vector /= norm
            if head not in self._heads:
                self._heads[head] = _head_vector(head, self.dim)
            vector = vector + HEAD_WEIGHT * self._heads[head]
            out[row] = vector / np.linalg.norm(vector)
        return out

    def _fragment(self, piece: str) -> int | None:
        # a chunk can start or end inside a long sentence
        for i, s in enumerate(self._pool_texts()):
            if piece in s:
                return i
        self.unmatched += 1
        return None

    def _pool_texts(self) -> list[str]:
        if not hasattr(self, "_texts"):
            self._texts = sorted(self._exact, key=self._exact.get)
        return self._texts


def corpus_key(pool: Pool, n_chunks: int, seed: int) -> str:
    """Changes whenever the pool, the size or the seed does."""
    digest = hashlib.sha256(json.dumps([pool.sentences, n_chunks, seed, MUNICIPALITIES])
                            .encode("utf-8"))
    digest.update(pool.vectors.tobytes())
    return digest.hexdigest()[:16]
