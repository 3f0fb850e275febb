"""Answers as plain text (CLI) and as escaped HTML (chat)."""

from __future__ import annotations

import html

from .answer import Answer, Passage
from .articles import Article

NO_ANSWER = ("Jag hittar inget i artiklarna som svarar tydligt på frågan. "
             "Pröva att formulera den på ett annat sätt eller att nämna en kommun.")
NEAREST = "Närmaste träffar (svarar troligen inte på frågan)"
INTRO = "Det här står i artiklarna:"


def date_label(a: Article) -> str:
    if a.published:
        return f"publicerad {a.published}"
    if a.updated:
        return f"uppdaterad {a.updated}"
    return "datum saknas"


def source_line(a: Article) -> str:
    place = a.municipality or "kommun anges inte i artikeln"
    if a.partners:
        place += f" (tillsammans med {', '.join(a.partners)})"
    return f"{a.title} – {place}, {date_label(a)}"


def answer_text(answer: Answer) -> str:
    lines: list[str] = []
    if answer.no_answer:
        lines.append(NO_ANSWER)
        if answer.reason:
            lines.append(answer.reason)
        if answer.nearest:
            lines += ["", NEAREST + ":"]
    else:
        lines.append(INTRO)
    for n, p in enumerate(answer.passages or answer.nearest, 1):
        lines += ["", f"{n}. ”{' '.join(p.quote.split())}”",
                  f"   Källa: {source_line(p.article)} [{p.article.path}]"]
    return "\n".join(lines)


# Characters markdown would act on; as entities they show as themselves.
_MARKDOWN = {c: f"&#{ord(c)};" for c in "\\`*_[]()#|~$"}


def escape(text: str) -> str:
    """HTML-escape and neutralise markdown, so corpus text shows as text."""
    return html.escape(text).translate(str.maketrans(_MARKDOWN))


def _quote_html(p: Passage) -> str:
    quote = escape(" ".join(p.quote.split()))
    source = escape(source_line(p.article))
    path = escape(p.article.path)
    return (f'<blockquote class="quote">{quote}</blockquote>\n'
            f'<p class="source">Källa: {source} <code>{path}</code></p>')


def answer_html(answer: Answer) -> str:
    """Chat message HTML. Every piece of corpus or user text is escaped."""
    parts: list[str] = []
    if answer.no_answer:
        parts.append(f"<p>{escape(NO_ANSWER)}</p>")
        if answer.reason:
            parts.append(f"<p>{escape(answer.reason)}</p>")
        if answer.nearest:
            parts.append(f"<p><strong>{escape(NEAREST)}</strong></p>")
    else:
        parts.append(f"<p>{escape(INTRO)}</p>")
    parts += [_quote_html(p) for p in answer.passages or answer.nearest]
    return "\n".join(parts)
