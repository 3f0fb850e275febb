"""Questions about an article rather than about its text: when it was
published or updated, which municipality it is about, where it came from.
They are answered from the article's front matter, shown as such, never as
a quote."""

from __future__ import annotations

import re

from ..corpus.articles import Article

_ASKED = (
    ("updated", re.compile(
        r"\b(när|vilket datum)\b.*\b(uppdaterades|uppdaterad|ändrades|reviderades)\b|"
        r"\bwhen was\b.*\b(updated|revised)\b", re.IGNORECASE)),
    ("published", re.compile(
        r"\b(när|vilket datum|vilket år)\b.*\b(publicerades|publicerad|skrevs|kom ut|daterad)\b|"
        r"\bwhen was\b.*\b(published|written)\b|\bpubliceringsdatum\b", re.IGNORECASE)),
    ("municipality", re.compile(
        r"\bvilken kommun (handlar|gäller|kommer) (artikeln|texten)\b|"
        r"\bwhich municipality is the article\b", re.IGNORECASE)),
    ("source", re.compile(
        r"\b(var kommer|varifrån kommer|vad är källan till|källan till) (artikeln|texten)\b|"
        r"\bwhat is the source of the article\b", re.IGNORECASE)),
)
_ABOUT_ARTICLE = re.compile(r"\b(artikeln|artikel|texten|the article)\b", re.IGNORECASE)

LABELS = {"published": "publicerad", "updated": "uppdaterad", "municipality": "kommun",
          "source": "källa"}
MISSING = {"published": "Artikeln anger inget publiceringsdatum.",
           "updated": "Artikeln anger inget uppdateringsdatum.",
           "municipality": "Artikeln anger ingen kommun.",
           "source": "Artikeln anger ingen källa."}


def asked_metadata(question: str) -> str | None:
    """'published', 'updated', 'municipality' or 'source' when the question
    asks that about an article ("När publicerades artikeln om ...?")."""
    if not _ABOUT_ARTICLE.search(question):
        return None
    for field, pattern in _ASKED:
        if pattern.search(question):
            return field
    return None


def fields(article: Article) -> dict[str, str | None]:
    return {"published": article.published, "updated": article.updated,
            "municipality": ", ".join(article.municipalities) or None,
            "source": article.source}


def metadata_line(article: Article, asked: str) -> str:
    """One Swedish line: the asked field first, the others after it."""
    values = fields(article)
    first = (f"{LABELS[asked].capitalize()}: {values[asked]}." if values[asked]
             else MISSING[asked])
    rest = [f"{LABELS[f]} {v}" for f, v in values.items() if f != asked and v]
    return f"”{article.title}”: {first}" + (f" ({', '.join(rest)})" if rest else "")
