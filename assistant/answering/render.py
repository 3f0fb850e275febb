"""Answers as plain text (CLI) and as escaped HTML (chat)."""

from __future__ import annotations

import html

from .answer import Answer, Passage
from .citation import original_url, place_line, reader_url, source_line

NO_ANSWER = ("Jag hittar inget i artiklarna som svarar tydligt på frågan. "
             "Pröva att formulera den på ett annat sätt eller att nämna en kommun.")
# when the question or the filter already names a municipality
NO_ANSWER_PLACED = ("Jag hittar inget i artiklarna som svarar tydligt på frågan. "
                    "Pröva att formulera den på ett annat sätt.")
NEAREST = "Närmaste träffar (svarar troligen inte på frågan)"
INTRO = "Det här står i artiklarna:"
INTERPRETED = "Tolkat som: "
ELSEWHERE = "Ur artiklar om andra kommuner (inget svar på frågan)"
METADATA = "Ur artikelns uppgifter (inte ett citat)"
NO_PLACE = "Kommun anges inte"

# Characters markdown would act on, as decimal entities, which show as
# themselves. '@', "://" and "www." too: the chat's autolinker otherwise took
# "https://a.se)" for a link and swallowed the entity after it ("&#41").
_MARKDOWN = {c: f"&#{ord(c)};" for c in "\\`*_[]()#|~$@"}


def escape(text: str) -> str:
    """HTML-escape and neutralise markdown, so corpus text shows as text.

    Quotes are not escaped: in element text they need not be, and the chat
    showed html.escape's &#x27; literally."""
    text = html.escape(text, quote=False).translate(str.maketrans(_MARKDOWN))
    return text.replace("://", "&#58;//").replace("www.", "www&#46;")


def groups(answer: Answer) -> list[tuple[str | None, list[Passage]]]:
    """Passages to show, under municipality headings for questions about
    several municipalities; otherwise one group in score order."""
    shown = list(answer.passages or answer.nearest)
    if answer.no_answer or not (answer.query and answer.query.cross_article):
        return [(None, shown)]
    by_place: dict[str, list[Passage]] = {}
    for p in shown:
        by_place.setdefault(p.article.municipality or NO_PLACE, []).append(p)
    return sorted(by_place.items(), key=lambda kv: (kv[0] == NO_PLACE, kv[0].lower()))


def _header(answer: Answer, placed: bool = False) -> list[str]:
    """`placed`: a municipality filter was set, so "nämna en kommun" is no advice."""
    lines = []
    if answer.interpreted_as:
        lines.append(INTERPRETED + answer.interpreted_as)
    if answer.no_answer:
        named = placed or bool(answer.query and answer.query.places)
        lines.append(NO_ANSWER_PLACED if named else NO_ANSWER)
        if answer.reason:
            lines.append(answer.reason)
    elif not answer.metadata:
        lines.append(INTRO)
    return lines


def _extra_text(answer: Answer) -> list[str]:
    """The metadata line and the passages from elsewhere, each under its heading."""
    lines = []
    if answer.metadata:
        from .metadata import metadata_line
        lines += ["", METADATA + ":", metadata_line(answer.metadata.article, answer.metadata.asked)]
    if answer.elsewhere:
        lines += ["", ELSEWHERE + ":"]
        lines += [f"- ”{' '.join(p.quote.split())}” ({source_line(p.article)})"
                  for p in answer.elsewhere]
    return lines


def answer_text(answer: Answer, placed: bool = False) -> str:
    lines = _header(answer, placed)
    if answer.no_answer and answer.nearest:
        lines += ["", NEAREST + ":"]
    n = 0
    for heading, passages in groups(answer):
        if heading:
            lines += ["", f"{heading}:"]
        for p in passages:
            n += 1
            lines += ["", f"{n}. ”{' '.join(p.quote.split())}”",
                      f"   Källa: {source_line(p.article)} [{p.article.path}]"]
    return "\n".join(lines + _extra_text(answer))


def _quote_html(p: Passage, n: int) -> str:
    # numbered, so "Citat 2 är fel" in the chat's feedback names one quote.
    # The title links to the reader at the quote (relative to the app root,
    # so it works under a sub-path; a new tab keeps the conversation).
    a = p.article
    quote = escape(" ".join(p.quote.split()))
    href = html.escape(reader_url(a.id, p.start, p.end, p.quote))
    rest = escape(f" – {place_line(a)}")
    link = (f'<a class="reader" href="{href}" target="_blank" rel="noopener">{escape(a.title)}'
            f'<span class="sr-only"> (citat {n} i artikeln, öppnas i ny flik)</span></a>')
    original = original_url(a)
    if original:
        rest += (f' · <a class="original" href="{html.escape(original)}" target="_blank" '
                 f'rel="noopener noreferrer">originalsidan<span class="sr-only"> (annan webbplats, '
                 f'öppnas i ny flik)</span></a>')
    return (f'<blockquote class="quote">{quote}</blockquote>\n'
            f'<p class="source">Citat {n} · Källa: {link}{rest}</p>')


def answer_html(answer: Answer, placed: bool = False) -> str:
    """Chat message HTML. Every piece of corpus or user text is escaped."""
    parts = [f"<p>{escape(line)}</p>" for line in _header(answer, placed)]
    if answer.no_answer and answer.nearest:
        parts.append(f"<p><strong>{escape(NEAREST)}</strong></p>")
    n = 0
    for heading, passages in groups(answer):
        if heading:
            parts.append(f'<p class="place"><strong>{escape(heading)}</strong></p>')
        for p in passages:
            n += 1
            parts.append(_quote_html(p, n))
    extra = _extra_text(answer)
    parts += [f"<p><strong>{escape(x[:-1])}</strong></p>" if x in (METADATA + ":", ELSEWHERE + ":")
              else f"<p>{escape(x)}</p>" for x in extra if x]
    return "\n".join(parts)
