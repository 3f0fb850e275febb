"""Build or update the index from the corpus, re-embedding only what changed."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from .. import __version__
from ..config import Settings
from ..corpus.articles import Article, Corpus, load_corpus, normalise_text
from ..corpus.focus import FOCUS_VERSION, article_places
from ..errors import AssistantError, IndexCorrupt, IndexMismatch, IndexMissing
from ..swedish.words import terms
from .embedding import Embedder, canonical_model_name
from .faiss_index import FaissVectors, choose_kind
from .lexical import LEXICAL_VERSION, LexicalIndex
from .sentences import sentence_spans
from .store import IndexData
from .stores import open_store

Progress = Callable[[int], None]  # called with the number of texts just embedded

# Texts handed to the embedder per call: large enough to keep every worker
# busy, small enough for a progress bar that moves.
EMBED_BATCH = 64

# Questions of the kind officials ask, embedded when an approximate (HNSW)
# index is built: its search beam is widened until they find the exact top
# 10 (faiss_index.build_faiss_index). Questions sit farther from the articles than
# any article from another, so vectors between stored chunks alone overrate
# recall (docs/performance.md). Deliberately not the evaluation questions.
PROBE_QUESTIONS = (
    "Hur samverkar socialtjänsten med hälso- och sjukvården?",
    "Vem leder äldreomsorgen i kommunen?",
    "Hur är ledningsgruppen för vård och omsorg organiserad?",
    "Vilka chefer ingår i socialförvaltningens ledning?",
    "Hur arbetar kommunen med tillitsbaserad styrning?",
    "Hur många medarbetare har en enhetschef i hemtjänsten?",
    "Vad gör förvaltningen för att minska sjukfrånvaron?",
    "Hur samarbetar två kommuner om en gemensam socialtjänst?",
    "Vilka förändringar gjordes i organisationen och varför?",
    "Hur följer nämnden upp verksamhetens kvalitet?",
    "Hur fungerar samverkan mellan individ- och familjeomsorgen och skolan?",
    "Vad betyder renodlat ledarskap för enhetscheferna?",
    "Hur planeras hemtjänstens arbete i små grupper?",
    "Vilken roll har socialchefen i utvecklingsarbetet?",
    "Hur involveras medarbetarna i förändringsarbetet?",
    "Hur har kostnaderna för placeringar förändrats?",
    "Vilka resultat har den nya organisationen gett?",
    "Hur samverkar kommunen med regionen kring äldre?",
    "Hur stöttas nya chefer i sitt uppdrag?",
    "När infördes den nya ledningsstrukturen?",
    "Hur arbetar man med brukarnas delaktighet i omsorgen?",
    "Vilka utmaningar finns med att rekrytera personal till äldreomsorgen?",
    "Hur leds arbetet inom funktionsstöd?",
    "Hur ser ansvarsfördelningen ut mellan politiker och tjänstemän?",
    "Hur används digitala verktyg i hemtjänsten?",
    "Vad säger verksamhetschefen om arbetsmiljön?",
    "Hur samarbetar kommunerna i en gemensam nämnd?",
    "Hur arbetar kommunen förebyggande med barn och unga?",
    "Vilka mål har förvaltningen för de kommande åren?",
    "Hur delas chefsansvaret i en stor enhet?",
    "How do the municipalities cooperate on social services?",
    "Who is the head of elderly care?",
)


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
    chunks: list[tuple[int, int]] | np.ndarray  # (start, end) in body; (k, 2) when reused
    sentences: list[tuple[int, int]] | np.ndarray
    chunk_vectors: np.ndarray | None = None
    sentence_vectors: np.ndarray | None = None


def _reusable(previous: IndexData | None, settings: Settings, model: str) -> dict[str, int]:
    """Map article id -> position in `previous`, if its vectors can be reused."""
    if previous is None:
        return {}
    m = previous.manifest
    if m.get("model") != model or m.get("chunking") != chunking_settings(settings) \
            or m.get("lexical_version") != LEXICAL_VERSION:
        return {}
    return {a.id: i for i, a in enumerate(previous.articles)}


def _rows_by_article(owner: np.ndarray, n_articles: int) -> np.ndarray:
    """(n_articles + 1,) bounds: rows of article i are [b[i], b[i+1]). Rows are
    written article by article, so `owner` is sorted."""
    return np.searchsorted(owner, np.arange(n_articles + 1), side="left")


def _old_part(previous: IndexData, pos: int, article: Article, chunk_vecs: np.ndarray,
              bounds: tuple[np.ndarray, np.ndarray]) -> _Part:
    rows = np.arange(bounds[0][pos], bounds[0][pos + 1])
    srows = np.arange(bounds[1][pos], bounds[1][pos + 1])
    return _Part(
        article=article,
        chunks=np.stack([previous.chunk_start[rows], previous.chunk_end[rows]], axis=1),
        sentences=np.stack([previous.sent_start[srows], previous.sent_end[srows]], axis=1),
        chunk_vectors=chunk_vecs[rows],
        sentence_vectors=np.asarray(previous.sentence_vectors[srows]),  # float16
    )


def build(
    corpus: Corpus,
    embedder: Embedder,
    settings: Settings,
    previous: IndexData | None = None,
    progress: Progress | None = None,
    on_total: Callable[[int], None] | None = None,
) -> tuple[IndexData, BuildSummary]:
    """Return the new index data and what changed. Writes nothing.

    When articles were only added, the new data shares `previous`'s HNSW
    index, grown in place: do not use `previous` afterwards.
    """
    from .chunking import make_splitter, split_article  # langchain: only when building

    started = time.perf_counter()
    model = canonical_model_name(embedder.name)
    splitter = make_splitter(settings.chunk_size, settings.chunk_overlap)
    reusable = _reusable(previous, settings, model)
    old_fp = {a.id: a.fingerprint for a in previous.articles} if previous else {}
    old_vectors = previous.chunk_vectors() if reusable else None
    bounds = None
    if reusable:
        n_old = len(previous.articles)
        bounds = (_rows_by_article(previous.chunk_article, n_old),
                  _rows_by_article(previous.sent_article, n_old))

    kept: list[tuple[int, _Part]] = []
    fresh: list[_Part] = []
    added = changed = 0
    for article in corpus.articles:
        pos = reusable.get(article.id)
        if pos is not None and previous.articles[pos].fingerprint == article.fingerprint:
            kept.append((pos, _old_part(previous, pos, article, old_vectors, bounds)))
            continue
        if article.id in old_fp:
            changed += 1
        else:
            added += 1
        chunks = [(c.start, c.end) for c in split_article(article, splitter)]
        fresh.append(_Part(article, chunks, sentence_spans(article.body)))
    removed = len(set(old_fp) - {a.id for a in corpus.articles})
    unchanged = len(kept)
    # Unchanged articles keep their order and come first: when articles were
    # only added, the old rows are a prefix of the new ones, and an HNSW
    # index grows by the new rows instead of being built anew.
    kept.sort(key=lambda item: item[0])
    parts = [part for _, part in kept] + fresh
    grow = previous.vectors if (
        reusable and not removed and not changed and unchanged == len(previous.articles)) else None

    todo = [p for p in parts if p.chunk_vectors is None]
    chunk_texts = [passage_text(p.article, p.article.body[s:e]) for p in todo for s, e in p.chunks]
    sent_texts = [passage_text(p.article, p.article.body[s:e])
                  for p in todo for s, e in p.sentences]
    total = len(chunk_texts) + len(sent_texts)
    if on_total:
        on_total(total)
    # two long streams over all articles, so every call fills the embedder's
    # workers; sentence vectors are kept as float16 from the start, as stored
    chunk_vectors = _embed(embedder, chunk_texts, progress)
    sent_vectors = _embed(embedder, sent_texts, progress, np.float16)
    at_c = at_s = 0
    for part in todo:
        nc, ns = len(part.chunks), len(part.sentences)
        part.chunk_vectors = chunk_vectors[at_c:at_c + nc]
        part.sentence_vectors = sent_vectors[at_s:at_s + ns]
        at_c, at_s = at_c + nc, at_s + ns

    data, index_info = _assemble(parts, embedder, grow)
    data.manifest = {
        "package_version": __version__,
        "model": model,
        "dimension": embedder.dim,
        "chunking": chunking_settings(settings),
        "lexical_version": LEXICAL_VERSION,
        "ranking": settings.ranking.as_dict(),
        "index_type": index_info["type"],
        "index": index_info,
        "built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "articles": {p.article.id: p.article.fingerprint for p in parts},
        # the municipalities each article is about, its text's too (corpus/focus.py)
        "focus": {"version": FOCUS_VERSION,
                  "articles": {p.article.id: list(article_places(p.article)) for p in parts}},
        "counts": {"articles": len(parts), "chunks": data.n_chunks,
                   "sentences": int(len(data.sent_start))},
    }
    summary = BuildSummary(added, changed, removed, unchanged, data.n_chunks,
                           int(len(data.sent_start)), total, time.perf_counter() - started)
    return data, summary


def _embed(embedder: Embedder, texts: list[str], progress: Progress | None,
           dtype=np.float32, batch: int = EMBED_BATCH) -> np.ndarray:
    """(len(texts), d) passage vectors of `dtype`, embedded `batch` texts per call."""
    out = np.zeros((len(texts), embedder.dim), dtype)
    for i in range(0, len(texts), batch):
        vectors = embedder.embed_passages(texts[i : i + batch])
        if vectors.shape[1] != embedder.dim:
            raise AssistantError(
                f"Modellen gav vektorer med {vectors.shape[1]} dimensioner, "
                f"väntade {embedder.dim}.")
        out[i : i + len(vectors)] = vectors
        if progress:
            progress(len(vectors))
    return out


def _assemble(parts: list[_Part], embedder: Embedder,
              grow: FaissVectors | None = None) -> tuple[IndexData, dict]:
    """The index data of `parts`, in this order. `grow`: the previous vector
    index, whose rows are the first rows here, to extend if it is HNSW."""
    dim = embedder.dim
    cols: dict[str, list[np.ndarray]] = {k: [] for k in (
        "chunk_article", "chunk_no", "chunk_start", "chunk_end", "chunk_sent_lo",
        "chunk_sent_hi", "sent_article", "sent_start", "sent_end")}
    base = 0
    for a_idx, part in enumerate(parts):
        sents = np.asarray(part.sentences, np.int64).reshape(-1, 2)
        chunks = np.asarray(part.chunks, np.int64).reshape(-1, 2)
        cols["sent_article"].append(np.full(len(sents), a_idx))
        cols["sent_start"].append(sents[:, 0])
        cols["sent_end"].append(sents[:, 1])
        # the first sentence ending after the chunk starts; sentences starting before it ends
        lo = np.searchsorted(sents[:, 1], chunks[:, 0], side="right")
        hi = np.searchsorted(sents[:, 0], chunks[:, 1], side="left")
        cols["chunk_article"].append(np.full(len(chunks), a_idx))
        cols["chunk_no"].append(np.arange(len(chunks)))
        cols["chunk_start"].append(chunks[:, 0])
        cols["chunk_end"].append(chunks[:, 1])
        cols["chunk_sent_lo"].append(base + lo)
        cols["chunk_sent_hi"].append(base + np.maximum(lo, hi))
        base += len(sents)
    tables = {k: np.concatenate(v).astype(np.int32) if v else np.zeros(0, np.int32)
              for k, v in cols.items()}
    chunk_vecs = [p.chunk_vectors for p in parts if len(p.chunks)]
    # float16 as stored: reused rows are never widened and narrowed again
    sent_vecs = [np.asarray(p.sentence_vectors, np.float16) for p in parts if len(p.sentences)]
    vectors = np.concatenate(chunk_vecs) if chunk_vecs else np.zeros((0, dim), np.float32)
    svectors = np.concatenate(sent_vecs) if sent_vecs else np.zeros((0, dim), np.float16)
    lexical = LexicalIndex.build([
        terms(parts[a].article.body[s:e]) for a, s, e in zip(
            tables["sent_article"].tolist(), tables["sent_start"].tolist(),
            tables["sent_end"].tolist())])
    probes = None
    if choose_kind(len(vectors)) != "flat-ip":
        probes = embedder.embed_queries(list(PROBE_QUESTIONS))
    grown = grow.grown(vectors, probes) if isinstance(grow, FaissVectors) else None
    index = grown or FaissVectors.build(vectors, probes=probes)
    data = IndexData(
        manifest={},
        lexical=lexical,
        articles=[p.article for p in parts],
        sentence_vectors=svectors,
        vectors=index,
        **tables,
    )
    return data, index.describe()


def update_index(
    settings: Settings,
    embedder: Embedder,
    rebuild: bool = False,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
):
    """Build or update `settings.index_dir` from `settings.corpus_dir`.

    Returns (summary, corpus problems). Unchanged articles keep their vectors.
    """
    corpus = load_corpus(settings.corpus_dir)
    store = open_store(settings)
    with store.lock():
        previous = None
        if not rebuild:
            try:
                previous = store.load()
            except (IndexMissing, IndexCorrupt, IndexMismatch):  # stale format: build anew
                previous = None
        data, summary = build(corpus, embedder, settings, previous, progress, on_total)
        store.save(data, text_of=file_text_in(settings.corpus_dir))
    return summary, corpus.problems


def file_text_in(corpus_dir) -> Callable[[Article], str | None]:
    """An article's file as read from `corpus_dir` (None if it cannot be)."""
    root = Path(corpus_dir).resolve().parent

    def text_of(article: Article) -> str | None:
        try:
            return normalise_text((root / article.path).read_bytes())
        except (OSError, AssistantError):
            return None

    return text_of
