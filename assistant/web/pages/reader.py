"""The article reader: one article in full, a quoted span marked with <mark>.

Every link to it is relative to the app root (`answering.citation.reader_url`), so it
works under a sub-path behind a proxy and from inside an iframe. All article text
is escaped; the page needs no inline script (site.py serves its script).
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from ...answering.citation import (MARK_ID, READER, date_text, original_url, place_text,
                                   quote_key, reference, source_name)
from ...corpus.articles import Article


def valid_span(a: Article, start: int | None, end: int | None) -> tuple[int, int] | None:
    if start is None or end is None or not (0 <= start < end <= len(a.body)):
        return None
    return start, end


def _paragraphs(body: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of `body` (split at blank lines)."""
    spans, pos = [], 0
    for m in re.finditer(r"\n\s*\n", body):
        if body[pos:m.start()].strip():
            spans.append((pos, m.start()))
        pos = m.end()
    if body[pos:].strip():
        spans.append((pos, len(body)))
    return spans


def _text(s: str) -> str:
    return html.escape(s).replace("\n", "<br>")


def body_html(body: str, span: tuple[int, int] | None) -> str:
    """The body as escaped paragraphs; the part of each paragraph inside
    `span` wrapped in <mark> (the first with id="citat"), with words a screen
    reader says where the quote begins and ends."""
    out, first = [], True
    for p_start, p_end in _paragraphs(body):
        if span and span[0] < p_end and p_start < span[1]:
            a, b = max(p_start, span[0]), min(p_end, span[1])
            mark_id = f' id="{MARK_ID}" tabindex="-1"' if first else ""
            begin = '<span class="sr-only">Citatet börjar: </span>' if first else ""
            end = '<span class="sr-only"> Citatet slutar.</span>' if b == span[1] else ""
            first = False
            out.append(f"<p>{_text(body[p_start:a])}{begin}<mark{mark_id}>{_text(body[a:b])}</mark>"
                       f"{end}{_text(body[b:p_end])}</p>")
        else:
            out.append(f"<p>{_text(body[p_start:p_end])}</p>")
    return "\n".join(out)


def reader_body(a: Article, span: tuple[int, int] | None, asked: bool, base: str,
                quoted: str | None = None) -> str:
    """The reader's <main> content. `asked`: the link named a span (shown as
    not found when it is not a span of this article); `base`: the app root's path, for links to other pages; `quoted`: the
    link's fingerprint of the quoted text (citation.quote_key): when the
    text at the span is no longer that, the article has changed since the
    answer (refreshed from its source) and the page says so."""
    e = html.escape
    original = original_url(a)
    rows = [("Kommun", e(place_text(a))), ("Datum", e(date_text(a)))]
    if original:
        rows.append(("Källans webbadress", f'<a href="{e(original)}" rel="noopener noreferrer">'
                                           f'{e(original)}</a> '
                                           '<span class="hint">(annan webbplats)</span>'))
    elif source_name(a):
        rows.append(("Källa", e(source_name(a))))
    else:
        rows.append(("Källa", "Källans webbadress är inte känd."))
    if a.also_published_at:
        rows.append(("Publiceras också på", "<br>".join(  # links only to web pages
            f'<a href="{e(u)}" rel="noopener noreferrer">{e(u)}</a>'
            if urlsplit(u).scheme.lower() in ("http", "https") else e(u)
            for u in a.also_published_at)))
    meta = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    changed = bool(quoted) and (span is None or quote_key(a.body[span[0]:span[1]]) != quoted)
    if changed:
        note = ('<p class="note" role="alert">Texten som citerades har ändrats i artikeln sedan '
                'svaret gavs (artikeln har uppdaterats från sin källa). '
                + (f'Så här lyder texten på samma plats nu; den är markerad nedan. '
                   f'<a href="#{MARK_ID}">Gå till texten</a>' if span else
                   'Artikelns nuvarande text visas nedan.') + '</p>')
    elif span:
        note = (f'<p class="note">Det citerade stycket är markerat i texten nedan. '
                f'<a href="#{MARK_ID}">Gå till citatet</a></p>')
    elif asked:
        note = ('<p class="note" role="alert">Det citerade stycket finns inte på den angivna '
                'platsen i artikeln. Hela artikeln visas nedan.</p>')
    else:
        note = ""
    ref = reference(a, original)  # the source's own address, never the app's
    return f"""<p class="crumbs"><a href="{e(base)}/">Till samtalet</a> ·
<a href="{e(base)}/{READER}">Alla artiklar</a></p>
<h1>{e(a.title)}</h1>
<dl class="meta">{meta}</dl>
<div class="reference">
<p><span id="ref-label">Referens:</span> <span id="referens">{e(ref)}</span></p>
<button type="button" id="copy-ref" aria-describedby="ref-label">Kopiera referens</button>
<span id="copy-status" role="status" aria-live="polite"></span>
</div>
{note}
<article aria-labelledby="article-title" class="body">
<h2 id="article-title" class="sr-only">Artikelns text</h2>
{body_html(a.body, span)}
</article>"""
