"""Answers that quote: a pure function of (question, hits). No I/O, no model."""

from __future__ import annotations

from dataclasses import dataclass

from .articles import Article
from .search import Hit, SentenceScore

# A neighbouring sentence joins the quote when it scores nearly as well as the
# best one: answers often run over two sentences ("... säger X, socialchef.").
JOIN_MARGIN = 0.015
MAX_QUOTE_SENTENCES = 2


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


def select_quote(hit: Hit) -> tuple[int, int]:
    """The sentence (or two adjacent ones) of the chunk that best answers."""
    sentences = hit.sentences
    if not sentences:
        return hit.start, hit.end
    best = max(range(len(sentences)), key=lambda i: sentences[i].score)
    picked: list[SentenceScore] = [sentences[best]]
    floor = sentences[best].score - JOIN_MARGIN
    left, right = best - 1, best + 1
    while len(picked) < MAX_QUOTE_SENTENCES:
        candidates = [i for i in (left, right) if 0 <= i < len(sentences)]
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
    return min(s.start for s in picked), max(s.end for s in picked)


def to_passage(hit: Hit) -> Passage:
    start, end = select_quote(hit)
    return Passage(hit.article.body[start:end], start, end, hit.score, hit.chunk_id, hit.article)


def build_answer(question: str, hits: list[Hit], min_score: float) -> Answer:
    """Quote the best passage of each hit, or decline when none is relevant enough."""
    passages = tuple(to_passage(h) for h in sorted(hits, key=lambda h: -h.score))
    if not passages or passages[0].score < min_score:
        return Answer(question, True, (), passages)
    return Answer(question, False, tuple(p for p in passages if p.score >= min_score), ())
