"""Answers that quote: a pure function of (query, hits). No I/O, no model."""

from __future__ import annotations

from dataclasses import dataclass

from ..corpus.articles import Article
from ..retrieval import Query, RankingSettings, analyse
from ..retrieval.answerability import Decision
from ..retrieval.searcher import Hit, SentenceScore
from .declines import sentence

_DEFAULT = RankingSettings()
# The defaults, for readers of the old constants (RankingSettings holds them).
JOIN_MARGIN = _DEFAULT.join_margin
MAX_QUOTE_SENTENCES = _DEFAULT.max_quote_sentences


@dataclass(frozen=True)
class Passage:
    quote: str  # == article.body[start:end]
    start: int
    end: int
    score: float
    chunk_id: str
    article: Article


@dataclass(frozen=True)
class Answer:
    question: str
    no_answer: bool
    passages: tuple[Passage, ...]
    nearest: tuple[Passage, ...] = ()  # shown under "Närmaste träffar" when declining
    reason: str | None = None  # why it declined, in Swedish (declines.py)
    reason_code: str | None = None  # why it declined (retrieval/answerability.py: CODES)
    interpreted_as: str | None = None  # the full question a follow-up stood for
    query: Query | None = None  # the analysed question that was searched for
    # passages from articles the question is not about (another municipality):
    # never the answer, shown under their own heading at most
    elsewhere: tuple[Passage, ...] = ()
    metadata: "Metadata | None" = None  # an answer from an article's front matter


@dataclass(frozen=True)
class Metadata:
    """What an article's front matter says: a date, municipality or source
    question is answered from it, shown as such, not as a quote."""

    article: Article
    asked: str  # 'published', 'updated', 'municipality' or 'source'


def select_quote(hit: Hit, ranking: RankingSettings = _DEFAULT) -> tuple[int, int]:
    """The sentence (or two adjacent ones) of the chunk that best answers."""
    sentences = hit.sentences
    if not sentences:
        return hit.start, hit.end
    body = hit.article.body
    best = max(range(len(sentences)), key=lambda i: sentences[i].score)
    picked: list[SentenceScore] = [sentences[best]]
    floor = sentences[best].score - ranking.join_margin
    left, right = best - 1, best + 1
    while len(picked) < ranking.max_quote_sentences:
        # never across a line break: a heading or another paragraph is another thought
        candidates = [i for i in (left, right) if 0 <= i < len(sentences)
                      and "\n" not in body[min(sentences[i].end, picked[0].end):
                                            max(sentences[i].start, picked[0].start)]]
        if not candidates:
            break
        i = max(candidates, key=lambda j: sentences[j].score)
        if sentences[i].score < floor:
            break
        picked.append(sentences[i])
        if i == left:
            left -= 1
        else:
            right += 1
    if (ranking.join_next and len(picked) == 1 and best + 1 < len(sentences)
            and ranking.max_quote_sentences >= 2
            and "\n" not in body[sentences[best].end:sentences[best + 1].start]):
        picked.append(sentences[best + 1])  # what follows a premise often answers
    return min(s.start for s in picked), max(s.end for s in picked)


def to_passage(hit: Hit, ranking: RankingSettings = _DEFAULT) -> Passage:
    start, end = select_quote(hit, ranking)
    return Passage(hit.article.body[start:end], start, end, hit.score, hit.chunk_id, hit.article)


def build_answer(query: Query | str, hits: list[Hit], decision: Decision,
                 ranking: RankingSettings = _DEFAULT, selection: str | None = None,
                 question: str | None = None, interpreted_as: str | None = None,
                 elsewhere: tuple[Hit, ...] = ()) -> Answer:
    """Quote the best sentence(s) of each hit, or decline as `decision`
    says (answerability.decide) and show the nearest and the passages
    from `elsewhere`; `selection`: the filters asked with, named when none
    of the articles passes them; `question`: as asked (default: the query's
    text), `interpreted_as`: the full question a follow-up stood for."""
    if isinstance(query, str):
        query = analyse(query, ranking)
    question = query.text if question is None else question
    passages = tuple(to_passage(h, ranking) for h in sorted(hits, key=lambda h: -h.score))
    if decision.code:
        return Answer(question, True, (), passages, sentence(decision, selection),
                      decision.code, interpreted_as, query,
                      tuple(to_passage(h, ranking) for h in elsewhere))
    return Answer(question, False, passages, interpreted_as=interpreted_as, query=query)
