"""Build or update the index from the corpus, re-embedding only what changed."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import Callable

import numpy as np

from . import __version__
from .articles import Article, Corpus
from .chunking import make_splitter, split_article
from .config import Settings
from .embedding import Embedder, canonical_model_name
from .errors import AssistantError
from .sentences import sentence_spans
from .lexical import LexicalIndex, terms
from .store import IndexData, make_faiss_index

Progress = Callable[[int], None]  # called with the number of texts just embedded


@dataclass(frozen=True)
class BuildSummary:
    added: int
    changed: int
    removed: int
    unchanged: int
    chunks: int
    sentences: int
    embedded_texts: int
    seconds: float

    def line(self) -> str:
        return (f"{self.added} tillagda, {self.changed} ändrade, {self.removed} borttagna, "
                f"{self.unchanged} oförändrade artiklar; {self.chunks} textavsnitt, "
                f"{self.sentences} meningar; {self.seconds:.1f} s")


def chunking_settings(settings: Settings) -> dict:
    return {"splitter": "RecursiveCharacterTextSplitter", "size": settings.chunk_size,
            "overlap": settings.chunk_overlap,
            "embedded_text": "title – municipality + chunk or sentence", "sentence_vectors": True}


def passage_text(article: Article, text: str) -> str:
    """What is embedded for a chunk or sentence: title and municipality give
    it the context a lone sentence lacks."""
    head = article.title
    if article.municipality:
        head += f" – {article.municipality}"
    return f"{head}\n\n{text}"


@dataclass
class _Part:
    """One article's rows, either reused from the old index or new."""

    article: Article
    chunks: list[tuple[int, int]]  # (start, end) in body
    sentences: list[tuple[int, int]]
    chunk_vectors: np.ndarray | None = None
    sentence_vectors: np.ndarray | None = None


def _reusable(previous: IndexData | None, settings: Settings, model: str) -> dict[str, int]:
    """Map article id -> position in `previous`, if its vectors can be reused."""
    if previous is None:
        return {}
    m = previous.manifest
    if m.get("model") != model or m.get("chunking") != chunking_settings(settings):
        return {}
    return {a.id: i for i, a in enumerate(previous.articles)}


def _old_part(previous: IndexData, pos: int, article: Article, chunk_vecs: np.ndarray) -> _Part:
    rows = np.flatnonzero(previous.chunk_article == pos)
    srows = np.flatnonzero(previous.sent_article == pos)
    return _Part(
        article=article,
        chunks=list(zip(previous.chunk_start[rows].tolist(), previous.chunk_end[rows].tolist())),
        sentences=list(zip(previous.sent_start[srows].tolist(), previous.sent_end[srows].tolist())),
        chunk_vectors=chunk_vecs[rows],
        sentence_vectors=previous.sentence_vectors[srows].astype(np.float32),
    )


def build(
    corpus: Corpus,
    embedder: Embedder,
    settings: Settings,
    previous: IndexData | None = None,
    progress: Progress | None = None,
    on_total: Callable[[int], None] | None = None,
) -> tuple[IndexData, BuildSummary]:
    """Return the new index data and what changed. Writes nothing."""
    started = time.perf_counter()
    model = canonical_model_name(embedder.name)
    splitter = make_splitter(settings.chunk_size, settings.chunk_overlap)
    reusable = _reusable(previous, settings, model)
    old_fp = {a.id: a.fingerprint for a in previous.articles} if previous else {}
    old_vectors = previous.chunk_vectors() if reusable else None

    parts: list[_Part] = []
    added = changed = unchanged = 0
    for article in corpus.articles:
        pos = reusable.get(article.id)
        if pos is not None and previous.articles[pos].fingerprint == article.fingerprint:
            parts.append(_old_part(previous, pos, article, old_vectors))
            unchanged += 1
            continue
        if article.id in old_fp:
            changed += 1
        else:
            added += 1
        chunks = [(c.start, c.end) for c in split_article(article, splitter)]
        parts.append(_Part(article, chunks, sentence_spans(article.body)))
    removed = len(set(old_fp) - {a.id for a in corpus.articles})

    todo = [p for p in parts if p.chunk_vectors is None]
    total = sum(len(p.chunks) + len(p.sentences) for p in todo)
    if on_total:
        on_total(total)
    for part in todo:
        body, title = part.article.body, part.article
        part.chunk_vectors = _embed(embedder, [passage_text(title, body[s:e]) for s, e in part.chunks], progress)
        part.sentence_vectors = _embed(
            embedder, [passage_text(title, body[s:e]) for s, e in part.sentences], progress)

    data = _assemble(parts, embedder.dim)
    data.manifest = {
        "package_version": __version__,
        "model": model,
        "dimension": embedder.dim,
        "chunking": chunking_settings(settings),
        "index_type": "flat-ip",
        "built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "articles": {p.article.id: p.article.fingerprint for p in parts},
        "counts": {"articles": len(parts), "chunks": data.n_chunks,
                   "sentences": int(len(data.sent_start))},
    }
    summary = BuildSummary(added, changed, removed, unchanged, data.n_chunks,
                           int(len(data.sent_start)), total, time.perf_counter() - started)
    return data, summary


def _embed(embedder: Embedder, texts: list[str], progress: Progress | None, batch: int = 16) -> np.ndarray:
    out = []
    for i in range(0, len(texts), batch):
        out.append(embedder.embed_passages(texts[i : i + batch]))
        if progress:
            progress(len(texts[i : i + batch]))
    if not out:
        return np.zeros((0, embedder.dim), np.float32)
    vectors = np.concatenate(out)
    if vectors.shape[1] != embedder.dim:
        raise AssistantError(f"Modellen gav vektorer med {vectors.shape[1]} dimensioner, väntade {embedder.dim}.")
    return vectors


def _assemble(parts: list[_Part], dim: int) -> IndexData:
    cols: dict[str, list[int]] = {k: [] for k in (
        "chunk_article", "chunk_no", "chunk_start", "chunk_end", "chunk_sent_lo",
        "chunk_sent_hi", "sent_article", "sent_start", "sent_end")}
    for a_idx, part in enumerate(parts):
        base = len(cols["sent_start"])
        starts = [s for s, _ in part.sentences]
        ends = [e for _, e in part.sentences]
        for s, e in part.sentences:
            cols["sent_article"].append(a_idx)
            cols["sent_start"].append(s)
            cols["sent_end"].append(e)
        for no, (s, e) in enumerate(part.chunks):
            lo = int(np.searchsorted(ends, s, side="right"))  # first sentence ending after s
            hi = int(np.searchsorted(starts, e, side="left"))  # sentences starting before e
            cols["chunk_article"].append(a_idx)
            cols["chunk_no"].append(no)
            cols["chunk_start"].append(s)
            cols["chunk_end"].append(e)
            cols["chunk_sent_lo"].append(base + lo)
            cols["chunk_sent_hi"].append(base + max(lo, hi))
    chunk_vecs = [p.chunk_vectors for p in parts if len(p.chunks)]
    sent_vecs = [p.sentence_vectors for p in parts if len(p.sentences)]
    vectors = np.concatenate(chunk_vecs) if chunk_vecs else np.zeros((0, dim), np.float32)
    svectors = np.concatenate(sent_vecs) if sent_vecs else np.zeros((0, dim), np.float32)
    lexical = LexicalIndex.build([
        terms(parts[a].article.body[s:e])
        for a, s, e in zip(cols["sent_article"], cols["sent_start"], cols["sent_end"])])
    return IndexData(
        manifest={},
        lexical=lexical,
        articles=[p.article for p in parts],
        sentence_vectors=svectors.astype(np.float16),
        faiss_index=make_faiss_index(vectors),
        **{k: np.asarray(v, dtype=np.int32) for k, v in cols.items()},
    )
