"""The stable JSON shape of an answer (README: "JSON contract").

Extend only by adding fields; never rename or remove one.
"""

from __future__ import annotations

from ..corpus.articles import article_json
from .answer import Answer, Passage
from .citation import reader_url

__all__ = ["answer_json", "article_json", "metadata_json", "passage_json"]


def passage_json(p: Passage) -> dict:
    return {
        "quote": p.quote,
        "start": p.start,
        "end": p.end,
        "score": round(p.score, 4),
        "chunk": p.chunk_id,
        # added field: the reader at this span, relative to the app root
        "url": reader_url(p.article.id, p.start, p.end, p.quote),
        "article": article_json(p.article),
    }


def answer_json(answer: Answer) -> dict:
    return {
        "question": answer.question,
        "no_answer": answer.no_answer,
        "passages": [passage_json(p) for p in answer.passages],
        # added field: when declining, the nearest passages, clearly not answers
        "nearest": [passage_json(p) for p in answer.nearest],
        "reason": answer.reason,
        # added field: a follow-up ("Och i Tranemo?") resolved to a full question
        "interpreted_as": answer.interpreted_as,
        # added field: passages from articles the question is not about
        # (another municipality's); never the answer
        "elsewhere": [passage_json(p) for p in answer.elsewhere],
        # added field: an answer from an article's front matter (not a quote), or null
        "metadata": metadata_json(answer.metadata),
        # added field: why it declined, as a code (retrieval/answerability.py: CODES), or null
        "reason_code": answer.reason_code,
    }


def metadata_json(m) -> dict | None:
    if m is None:
        return None
    a = m.article
    return {"asked": m.asked, "article": article_json(a, "id", "title", "path"),
            **article_json(a, "published", "updated", "municipality", "partners", "source")}
