"""An answer as an official keeps it ("Spara svaret", "Kopiera svaret"):
the question, each quote verbatim and a full reference for each.

The page sends back what it shows (the question and, per quote, the
article, the span and the text); nothing of it is trusted. Each quote is
taken again from the article itself and must match the text sent, so a
saved document can only hold what the articles say; the question is
screened for personal data like any question. Nothing is stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..corpus.articles import Article
from ..errors import BadQuestion
from ..governance import personal_data
from .citation import date_text, original_url, place_text, reader_url
from .questions import clean_question

MAX_QUOTES = 10
MAX_QUOTE_CHARS = 5000
TITLE = "Svar ur artiklarna om ledning och samverkan"
INTRO = ("Citaten är ordagranna ur de angivna artiklarna; assistenten skriver ingen egen "
         "text.")
NOT_A_QUOTE = ("Citat {n} finns inte ordagrant på den angivna platsen i artikeln, så svaret "
               "kan inte sparas. Ställ frågan igen och spara det nya svaret.")
NO_ARTICLE = "Citat {n} hänvisar till en artikel som inte finns (längre)."
BAD_REQUEST = "Svaret kunde inte läsas: det ska ha en fråga och citat med artikel och plats."


@dataclass(frozen=True)
class Quote:
    text: str  # article.body[start:end], byte for byte
    start: int
    end: int
    article: Article


@dataclass(frozen=True)
class Saved:
    question: str
    quotes: tuple[Quote, ...]
    retrieved: str  # the day the answer was saved, ISO
    root: str  # the app's public address ("https://intranat.kommun.se/samverkan"), or ""

    def reader(self, q: Quote) -> str:
        link = reader_url(q.article.id, q.start, q.end)
        return f"{self.root.rstrip('/')}/{link}" if self.root else link

    def reference(self, q: Quote) -> list[tuple[str, str]]:
        """(label, value) lines of one quote's reference."""
        a = q.article
        rows = [("Artikel", a.title), ("Kommun", place_text(a)), ("Datum", date_text(a))]
        original = original_url(a)
        if original:
            rows.append(("Källans webbadress", original))
        rows += [("Hämtad", self.retrieved), ("Läs i sitt sammanhang", self.reader(q))]
        return rows

    def text(self) -> str:
        """The same content as the document, as plain text for the clipboard."""
        lines = [TITLE, "", f"Fråga: {self.question}", "", INTRO]
        for n, q in enumerate(self.quotes, 1):
            lines += ["", f"Citat {n}:", f"”{q.text}”"]
            lines += [f"{label}: {value}" for label, value in self.reference(q)]
        return "\n".join(lines) + "\n"


def _normal(text: str) -> str:
    return " ".join(text.split())


def from_request(body, articles: tuple[Article, ...], root: str = "", max_chars: int = 1000,
                 today: dt.date | None = None) -> Saved:
    """The saved answer for a request body {"question": str, "quotes":
    [{"article": id, "start": int, "end": int, "text": str}, ...]}.
    Raises BadQuestion (Swedish) for anything else, for a question with
    personal data, and for a quote that is not in its article as sent."""
    if not isinstance(body, dict):
        raise BadQuestion(BAD_REQUEST)
    question, quotes = body.get("question"), body.get("quotes")
    if not isinstance(question, str) or not isinstance(quotes, list) or not quotes:
        raise BadQuestion(BAD_REQUEST)
    if len(quotes) > MAX_QUOTES:
        raise BadQuestion(f"Högst {MAX_QUOTES} citat kan sparas åt gången.")
    question = clean_question(question, max_chars)  # BadQuestion: empty or too long
    personal_data.check(question)  # PersonalData: the only text not from the articles
    by_id = {a.id: a for a in articles}
    kept = []
    for n, item in enumerate(quotes, 1):
        if not isinstance(item, dict):
            raise BadQuestion(BAD_REQUEST)
        aid, start, end, sent = (item.get(k) for k in ("article", "start", "end", "text"))
        if not (isinstance(aid, str) and isinstance(sent, str) and len(sent) <= MAX_QUOTE_CHARS
                and all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end))):
            raise BadQuestion(BAD_REQUEST)
        article = by_id.get(aid)
        if article is None:
            raise BadQuestion(NO_ARTICLE.format(n=n))
        if not (0 <= start < end <= len(article.body)) or end - start > MAX_QUOTE_CHARS:
            raise BadQuestion(NOT_A_QUOTE.format(n=n))
        text = article.body[start:end]
        # the chat shows a quote with its white space folded: compare the words
        if _normal(text) != _normal(sent):
            raise BadQuestion(NOT_A_QUOTE.format(n=n))
        kept.append(Quote(text, start, end, article))
    retrieved = (today or dt.date.today()).isoformat()
    return Saved(question, tuple(kept), retrieved, root)
