"""Hybrid retrieval over a loaded index: sentences scored by dense and
Swedish BM25 evidence (assistant/retrieval/ holds the parts).

A sentence's score is the fusion (retrieval/fusion.py) of its signals
(retrieval/signals.py) with the weights of `RankingSettings`:

    w_sentence * cos(question, title + sentence)
  + w_chunk    * cos(question, best chunk containing the sentence)
  + w_lexical  * BM25(sentence) / BM25 of a sentence holding every query term
  + w_answer_type * [the sentence has what the question asks for]
  + w_role, w_outcome, w_fact, w_plan * [the role, an outcome, a count or
    date of the kind asked, a plan for a question about what comes next]
  + w_reason * [a causal connective, for a question asking why]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..config import Settings
from ..corpus.articles import Article
from ..corpus.focus import FOCUS_VERSION
from ..errors import IndexMismatch
from ..index.embedding import Embedder, canonical_model_name
from ..index.store import IndexData
from ..ranking import RankingSettings
from ..swedish.words import is_english, stem, synonyms_of
from .coverage import Coverage
from .fusion import fuse, pick, pick_unquoted
from .proper_names import asked_names, few, is_name, words_of
from .query import Query, analyse
from .query_vectors import QueryVectors
from .question_words import WordVectors
from .signals import Candidates, article_mask, gather, signal_matrix, top
from .spelling import Speller

# The defaults, for readers of the old constants (bench/run.py).
CANDIDATE_CHUNKS = RankingSettings().candidate_chunks
CANDIDATE_SENTENCES = RankingSettings().candidate_sentences
_top = top


@dataclass(frozen=True)
class SentenceScore:
    start: int
    end: int
    score: float


@dataclass(frozen=True)
class Hit:
    article: Article
    chunk_id: str
    start: int  # the chunk's span in the body
    end: int
    score: float  # the best sentence's score
    sentences: tuple[SentenceScore, ...]  # best sentence and its neighbours, in body order
    sent: int = -1  # the best sentence's row in the index


def is_heading(data: IndexData, sent: int) -> bool:
    """A whole line of at most eight words without a closing stop: a heading,
    which names a topic but answers nothing on its own."""
    body = data.articles[int(data.sent_article[sent])].body
    return _heading(body, int(data.sent_start[sent]), int(data.sent_end[sent]))


def headings_of(data: IndexData) -> frozenset[int]:
    """The rows of every sentence that `is_heading` (one pass at load)."""
    bodies = [a.body for a in data.articles]
    return frozenset(i for i, (art, start, end) in enumerate(data.sentence_spans())
                     if _heading(bodies[art], start, end))


def _heading(body: str, start: int, end: int) -> bool:
    if body[end:end + 1] not in ("\n", ""):
        return False
    before = start  # the line's start: only spaces back to a newline (no copy of the body)
    while before > 0 and body[before - 1] == " ":
        before -= 1
    if not (start == 0 or (before > 0 and body[before - 1] == "\n")):
        return False
    text = body[start:end].strip()
    return len(text.split()) <= 8 and not text.endswith((".", "!", "?", "”", '"', ":"))


def article_places_of(data: IndexData) -> tuple[tuple[str, ...], ...]:
    """Per article, the municipalities it is about, as the index build
    stored them (manifest "focus"). Raises IndexMismatch for an index built
    before them or under other rules."""
    focus = data.manifest.get("focus") or {}
    if focus.get("version") != FOCUS_VERSION:
        raise IndexMismatch(
            "Indexet saknar uppgiften om vilka kommuner artiklarna handlar om (eller har den "
            "från en äldre version). Kör  assistant index  för att lägga till den; "
            "inget behöver bäddas in på nytt.")
    stored = focus.get("articles", {})
    return tuple(tuple(stored.get(a.id, a.municipalities)) for a in data.articles)


def check_compatible(data: IndexData, embedder: Embedder) -> None:
    built = data.manifest.get("model")
    wanted = canonical_model_name(embedder.name)
    if built != wanted:
        raise IndexMismatch(
            f"Indexet byggdes med modellen {built}, men inställd modell är {wanted}. "
            f"Kör  assistant index --rebuild  för att bygga om indexet med {wanted}, "
            f"eller ställ in ASSISTANT_MODEL={built}.")
    if data.manifest.get("dimension") != embedder.dim:
        raise IndexMismatch(
            "Indexets vektorer har en annan dimension än modellen. Kör  assistant index --rebuild.")


def lexical_terms(question: str, ranking: RankingSettings | None = None) -> dict[str, float]:
    """BM25 terms of a question (the query record's `terms`)."""
    return dict(analyse(question, ranking or RankingSettings()).terms)


class Searcher:
    def __init__(self, data: IndexData, embedder: Embedder, settings: Settings,
                 word_vectors: WordVectors | None = None):
        check_compatible(data, embedder)
        self.data = data
        self.embedder = embedder
        self.settings = settings
        self.word_vectors = word_vectors or WordVectors(embedder)
        self._article_pos = {a.id: i for i, a in enumerate(data.articles)}
        # the last query vectors: the evidence of an answer reads the vector its
        # search made; prime() embeds several waiting questions at once
        self.embed = QueryVectors(embedder)
        self.mentions_stem = lru_cache(maxsize=4096)(self._mentions_stem)
        # sentence -> the chunk that contains most of it, for sentences no
        # candidate chunk covers
        self._home_chunk = np.zeros(len(data.sent_start), np.int32)
        for row in range(data.n_chunks - 1, -1, -1):
            self._home_chunk[data.chunk_sent_lo[row]:data.chunk_sent_hi[row]] = row
        # the municipalities each article is about: front matter and text (corpus/focus.py)
        self.places = article_places_of(data)
        self.covered_names = frozenset(m for places in self.places for m in places)
        self.covered_places = frozenset(m.lower() for m in self.covered_names)
        # municipality, lower case -> the articles about it (focused_articles)
        about: dict[str, set[int]] = {}
        for i, places in enumerate(self.places):
            for m in places:
                about.setdefault(m.lower(), set()).add(i)
        self._about = {m: frozenset(arts) for m, arts in about.items()}
        # the articles about no municipality (a name only they hold may be any place's)
        self.unplaced = frozenset(i for i, places in enumerate(self.places) if not places)
        self.coverage = Coverage.of(data)
        self.speller = Speller.of((t for a in data.articles for t in (a.title, a.body)),
                                  lambda w: stem(w) in data.lexical.vocab)
        self._headings = headings_of(data)
        # a proper name -> the few articles holding it ("Gustavsgården"; named_articles): by
        # the index's postings of the body's sentences, and by the titles' words
        self._named = lru_cache(maxsize=4096)(self._articles_named)
        titled: dict[str, set[int]] = {}
        for i, a in enumerate(data.articles):
            for word in words_of(a.title):
                titled.setdefault(word, set()).add(i)
        self._titled = {w: frozenset(arts) for w, arts in titled.items()}

    @property
    def ranking(self) -> RankingSettings:
        return self.settings.ranking

    def article_index(self, article: Article) -> int:
        return self._article_pos[article.id]

    def window(self, hit: Hit) -> list[int]:
        """The rows of a hit's best sentence and its neighbours in the same
        article, whatever other passages quote (the evidence of a hit must
        not depend on how many passages were asked for)."""
        d = self.data
        return [i for i in (hit.sent - 1, hit.sent, hit.sent + 1)
                if 0 <= i < len(d.sent_start) and d.sent_article[i] == d.sent_article[hit.sent]
                and (i == hit.sent or i not in self._headings)]

    def sentence_text(self, row: int) -> str:
        d = self.data
        return d.articles[int(d.sent_article[row])].body[d.sent_start[row]:d.sent_end[row]]

    def idf(self, term: str) -> float:
        """BM25 inverse document frequency of a stemmed term (sentences as documents)."""
        lex = self.data.lexical
        m = len(lex.doc_len)
        t = lex.vocab.get(term)
        df = 0 if t is None else int(lex.offsets[t + 1] - lex.offsets[t])
        return math.log(1 + (m - df + 0.5) / (df + 0.5))

    def _mentions_stem(self, term: str) -> bool:
        """Some article has the stemmed term, a synonym, or a word holding it."""
        vocab = self.data.lexical.vocab
        if term in vocab or any(s in vocab for s in synonyms_of(term)):
            return True
        return len(term) >= 5 and any(term in w for w in vocab)

    def query(self, question: str | Query, ranking: RankingSettings | None = None) -> Query:
        if isinstance(question, Query):
            return question
        if not is_english(question):  # a slip mended (spelling.py); English as typed
            question = self.speller.mend(question)
        return analyse(question, ranking or self.ranking, self.covered_names)

    def searchable(self, question: str | Query, ranking: RankingSettings | None = None) -> bool:
        """Some word of the question (or a synonym) occurs in the articles."""
        query = self.query(question)
        vocab = self.data.lexical.vocab
        if query.english or any(t in vocab for t in query.terms):
            return True
        # a compound whose first part is an article's word ("samverkansmötena")
        return (ranking or self.ranking).compound_searchable and self.coverage.starts_compound(query.text)

    def allowed_articles(self, municipality: str | None, year: int | None) -> set[int] | None:
        """Articles that pass the filters; None when there are no filters."""
        if not municipality and not year:
            return None
        wanted = (municipality or "").strip().lower()
        return {i for i, a in enumerate(self.data.articles)
                if (not wanted or wanted in (m.lower() for m in a.municipalities))
                and (not year or (a.date or "").startswith(str(year)))}

    def focused_articles(self, query: Query, ranking: RankingSettings | None = None) -> set[int]:
        """Articles about the covered municipalities the question names (or
        a partner of theirs); empty when it names none or focus is off."""
        if not (ranking or self.ranking).focus or not query.places:
            return set()
        return self.about(query.places)

    def _scope(self, query: Query, r: RankingSettings) -> set[int]:
        """The articles a question is answered from (none: all): those about the municipalities
        it names, else (naming none, and not several) those its proper names point to."""
        if not r.focus or query.places or query.cross_article:
            return self.focused_articles(query, r)
        return self.named_articles(query)

    def named_articles(self, query: Query) -> set[int]:
        """The articles the proper names a question writes point to
        (proper_names.py); a covered municipality is the focus's, no name."""
        found: set[int] = set()
        for forms in asked_names(query.text):
            arts = next((a for f in forms if f.lower() not in self.covered_places
                         for a in [self._named(f)] if a), frozenset())
            found |= arts
        return found

    def _articles_named(self, word: str) -> frozenset[int]:
        """The articles holding `word` (by its stem's postings), when they
        are few and hold it as a name; else none."""
        lex, d = self.data.lexical, self.data
        i = lex.vocab.get(stem(word.lower()))
        rows = lex.doc_ids[lex.offsets[i]:lex.offsets[i + 1]] if i is not None else []
        arts = frozenset(np.unique(d.sent_article[rows]).tolist()) | self._titled.get(
            word.lower(), frozenset())
        if not arts or len(arts) > few(len(d.articles)) or not is_name(
                word, [d.articles[a].title + "\n" + d.articles[a].body for a in arts]):
            return frozenset()
        return arts

    def about(self, places: tuple[str, ...]) -> set[int]:
        """The articles (indices) about any of `places` (municipalities) or a
        partner of theirs; empty for none."""
        return set().union(*(self._about.get(p.lower(), ()) for p in places))

    def spread(self, query: Query) -> bool:
        """The question names several covered municipalities that no one
        article is about together ("Jämför hur Söderhamn och Vårgårda ..."):
        its answer is in several articles, so one article may not fill the top."""
        named = {p.lower() for p in query.places} & self.covered_places
        return len(named) >= 2 and not frozenset.intersection(*(self._about[p] for p in named))

    def search(self, question: str | Query, k: int, municipality: str | None = None,
               year: int | None = None, ranking: RankingSettings | None = None,
               exclude: set[int] | None = None) -> list[Hit]:
        """Up to `k` passages, best first. A question naming a covered
        municipality (focus on), or else a proper name few articles hold, is
        answered from their articles only, with no cap per article; otherwise
        at most `per_article` per article (`per_article_cross` for questions
        about several municipalities).
        `exclude`: articles left out (the passages from elsewhere)."""
        d, r = self.data, ranking or self.ranking
        query = self.query(question, r)
        allowed = self.allowed_articles(municipality, year)
        focused = self._scope(query, r) if allowed is None and exclude is None else set()
        if focused:
            allowed = focused
        keep = None  # a mask over the articles, not a set of all of them less a few
        if allowed is not None or exclude:
            keep = article_mask(len(d.articles), allowed, exclude)
        if d.n_chunks == 0 or k <= 0 or (keep is not None and not keep.any()):
            return []
        qvec = self.embed(query.text)
        cands = gather(d, qvec, query, r, keep)
        if cands is None:
            return []
        weights = r.weights(query.english)

        def score(sents: np.ndarray) -> np.ndarray:
            return fuse(signal_matrix(d, cands, qvec, query, sents, r, self.places), weights)

        sentences, fused = self._without_headings(cands.sentences, score(cands.sentences))
        # the articles about the places named are the answer: no cap among them
        cap = k if focused else r.per_article_cross if query.cross_article else r.per_article
        scored = dict(zip(sentences.tolist(), fused.tolist()))

        if not r.skip_quoted_only:
            picked = pick(fused, sentences, d.sent_article, cap, k)
            return [self._hit(sent, cands, scored, score) for sent in picked]

        def joined(sent: int, owner: dict[int, int]) -> int | None:
            return self._joined(sent, owner, scored, score, r)

        order = self._lead_each_place(query, sentences, fused) if self.spread(query) else fused
        picked, owner = pick_unquoted(order, sentences, d.sent_article, cap, k, joined)
        return [self._hit(sent, cands, scored, score, owner) for sent in picked]

    def _lead_each_place(self, query: Query, sentences: np.ndarray,
                         fused: np.ndarray) -> np.ndarray:
        """The order to pick in for a question about several municipalities
        (`spread`): the best sentence about each municipality named first,
        then the rest by their fused scores (the scores themselves unchanged)."""
        order = fused.astype(np.float64).copy()
        arts = self.data.sent_article[sentences]
        lift = float(order.max() - order.min()) + 1.0
        for place in {p.lower() for p in query.places} & self.covered_places:
            about = np.flatnonzero(np.isin(arts, list(self._about[place])))
            if len(about):
                order[about[int(np.argmax(fused[about]))]] += lift
        return order

    def _without_headings(self, sentences: np.ndarray,
                          fused: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """A heading names a topic and answers nothing: never a passage.
        (n,) candidate rows and their scores, headings left out. (Giving a
        heading's score to the sentence under it instead was tried: hit@3
        of eval/questions.jsonl 0.821 -> 0.804, batch C 0.867 -> 0.883.)"""
        keep = np.asarray([s not in self._headings for s in sentences.tolist()], bool)
        return sentences[keep], fused[keep]

    def _around(self, sent: int, owner: dict[int, int] | None = None) -> list[int]:
        """`sent` and its neighbours in the same article, less those another
        passage's quote holds."""
        d, art = self.data, int(self.data.sent_article[sent])
        return [i for i in (sent - 1, sent, sent + 1)
                if 0 <= i < len(d.sent_start) and d.sent_article[i] == art
                and (i == sent or i not in self._headings)
                and (owner is None or owner.get(i, sent) == sent)]

    def _joined(self, sent: int, owner: dict[int, int], scored: dict[int, float], score,
                r: RankingSettings) -> int | None:
        """The neighbour the quote of `sent` takes in (answer.select_quote's
        rule: same paragraph, the better one, within `join_margin`)."""
        if r.max_quote_sentences < 2:
            return None
        d = self.data
        body = d.articles[int(d.sent_article[sent])].body
        around = [i for i in self._around(sent, owner) if i != sent and i not in owner]
        missing = [i for i in around if i not in scored]
        if missing:
            scored.update(zip(missing, score(np.asarray(missing, np.int64)).tolist()))
        same = [i for i in around if "\n" not in body[min(d.sent_end[i], d.sent_end[sent]):
                                                      max(d.sent_start[i], d.sent_start[sent])]]
        if not same:
            return None
        best = max(same, key=lambda i: scored[i])
        if scored[best] >= scored[sent] - r.join_margin:
            return best
        return sent + 1 if r.join_next and sent + 1 in same else None

    def chunk_rows(self, cands: Candidates, sents: np.ndarray) -> np.ndarray:
        """(n,) the chunk row each sentence's passage comes from: its best
        candidate chunk, or the chunk that holds most of it."""
        return np.array([cands.best_chunk.get(int(s), (0.0, int(self._home_chunk[s])))[1]
                         for s in sents], np.int64)

    def _hit(self, sent: int, cands: Candidates, scored: dict[int, float], score,
             owner: dict[int, int] | None = None) -> Hit:
        """The passage around `sent`; `scored` holds the candidates' fused
        scores, and only neighbours outside them are scored here; `owner`:
        sentences other passages quote, left out of this one."""
        d = self.data
        art = int(d.sent_article[sent])
        around = self._around(sent, owner)
        missing = [i for i in around if i not in scored]
        if missing:
            scored.update(zip(missing, score(np.asarray(missing, np.int64)).tolist()))
        row = int(self.chunk_rows(cands, np.asarray([sent]))[0])
        return Hit(
            article=d.articles[art],
            chunk_id=d.chunk_id(row),
            start=int(d.chunk_start[row]),
            end=int(d.chunk_end[row]),
            score=float(scored[sent]),
            sentences=tuple(SentenceScore(int(d.sent_start[i]), int(d.sent_end[i]), float(scored[i]))
                            for i in around),
            sent=sent,
        )
