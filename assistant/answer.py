"""Answers that quote: a pure function of (question, hits). No I/O, no model."""

from __future__ import annotations

from dataclasses import dataclass

from .articles import Article
from .evidence import missing_quantity, named_places
from .search import Hit, SentenceScore

# A neighbouring sentence joins the quote when it scores nearly as well as the
# best one: answers often run over two sentences ("... säger X, socialchef.").
JOIN_MARGIN = 0.06
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
    reason: str | None = None  # why it declined, in Swedish
    interpreted_as: str | None = None  # the full question a follow-up stood for


def select_quote(hit: Hit) -> tuple[int, int]:
    """The sentence (or two adjacent ones) of the chunk that best answers."""
    sentences = hit.sentences
    if not sentences:
        return hit.start, hit.end
    body = hit.article.body
    best = max(range(len(sentences)), key=lambda i: sentences[i].score)
    picked: list[SentenceScore] = [sentences[best]]
    floor = sentences[best].score - JOIN_MARGIN
    left, right = best - 1, best + 1
    while len(picked) < MAX_QUOTE_SENTENCES:
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
    return min(s.start for s in picked), max(s.end for s in picked)


def to_passage(hit: Hit) -> Passage:
    start, end = select_quote(hit)
    return Passage(hit.article.body[start:end], start, end, hit.score, hit.chunk_id, hit.article)


def decline_reason(question: str, passages: tuple[Passage, ...], min_score: float,
                   covered_places: frozenset[str], searchable: bool = True) -> str | None:
    """Why the passages do not answer the question, or None if they may."""
    if not passages:
        return "Det finns inga artiklar att söka i."
    if not searchable:
        return "Frågan innehåller inga ord som finns i artiklarna."
    places = named_places(question)
    if places and not {p.lower() for p in places} & covered_places:
        return f"Ingen artikel handlar om {', '.join(sorted(places))}."
    if missing_quantity(question, [p.quote for p in passages]):
        return "Frågan gäller en siffra eller ett belopp, men inget citat innehåller någon."
    if passages[0].score < min_score:
        return "Inget stycke ligger tillräckligt nära frågan."
    return None


def build_answer(question: str, hits: list[Hit], min_score: float,
                 covered_places: frozenset[str] = frozenset(), searchable: bool = True) -> Answer:
    """Quote the best sentence(s) of each hit, or decline and show the nearest.

    `covered_places`: lower-cased municipalities that some article is about;
    `searchable`: False when no word of the question occurs in any article
    (and it is not English, whose words the Swedish articles lack anyway).
    """
    passages = tuple(to_passage(h) for h in sorted(hits, key=lambda h: -h.score))
    reason = decline_reason(question, passages, min_score, covered_places, searchable)
    if reason:
        return Answer(question, True, (), passages, reason)
    return Answer(question, False, tuple(p for p in passages if p.score >= min_score))
