"""Text PDFs, read with pypdf (imported here, lazily, and nowhere else), with
their lines reflowed into paragraphs: a wider gap between lines or a short
line ends one, words hyphenated at a line end are joined again, page numbers
and running heads are dropped."""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from collections import Counter

from ...errors import BadArticle
from ...swedish.places import guess_municipality
from .base import MIN_WORDS, Extracted
from .decoding import INVISIBLE
from .textblocks import looks_like_title, strip_metadata_lines, title_and_body

log = logging.getLogger(__name__)

# A text PDF's pages hold a few kB of drawing instructions each. Parsing them
# takes pypdf about 4 s per MB, so a file over these limits cannot be read
# within the time an upload may take anyway (corpus/extract/process.py); counted
# before parsing, so that such a file is refused at once. A stream that many
# pages share counts once per page, as it is parsed once per page.
MAX_PAGES = 2000
MAX_CONTENT_BYTES = 20_000_000

_PAGE_NUMBER = re.compile(r"(sida\s*)?\d{1,4}(\s*(av|/)\s*\d{1,4})?", re.IGNORECASE)
_CONJUNCTIONS = {"och", "eller", "samt", "respektive", "till", "som", "men"}


def from_pdf(raw: bytes, name: str) -> Extracted:
    if b"%PDF-" not in raw[:1024]:
        raise BadArticle("filen är ingen PDF (den börjar inte med %PDF)")
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings mean nothing to officials
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise BadArticle("PDF-filen är lösenordsskyddad; spara en kopia utan lösenord")
        if len(reader.pages) > MAX_PAGES:
            raise BadArticle(f"PDF-filen har för många sidor ({len(reader.pages)}, högst "
                             f"{MAX_PAGES}); dela upp den eller lägg till texten som .txt-fil")
        _check_content_size(reader.pages)
        read = [_page_text(page) for page in reader.pages]
        pages = [text for text, _ in read]
        info = reader.metadata or {}
        meta_title = str(info.get("/Title") or "").strip()
        author = " ".join(str(info.get(k) or "") for k in ("/Author", "/Creator")).strip()
    except (BadArticle, MemoryError):  # MemoryError: the reader's budget (corpus/extract/process.py)
        raise
    except Exception as err:  # pypdf raises many kinds on damaged files
        log.debug("pypdf failed", exc_info=True)
        raise BadArticle(f"PDF-filen är skadad och kan inte läsas ({err.__class__.__name__})") \
            from None
    page_lines = [_clean_lines(unicodedata.normalize("NFC", p).translate(INVISIBLE))
                  for p in pages]
    empty = sum(1 for lines in page_lines if not any(re.search(r"\w", x) for x in lines))
    if empty == len(page_lines):
        raise BadArticle("PDF-filen innehåller ingen text, den är troligen inskannad som bild. "
                         "Gör den sökbar med textigenkänning (OCR) eller lägg till texten "
                         "som .txt-fil")
    notes: tuple[str, ...] = ()
    if empty:
        notes = (f"{empty} av {len(pages)} sidor saknar text (inskannade?) och är inte med",)
    page_lines, running = _drop_running_heads(page_lines)
    # one flow: a paragraph may go on over a page break, unless the next page
    # starts with an indented line
    flow: list[str] = []
    for lines, (_, starts) in zip(page_lines, read):
        if starts and flow:
            flow.append("")
        flow += lines
    paras = _reflow(flow)
    paras, dates = strip_metadata_lines(paras)
    # a document's title is often also its running head
    title, body = title_and_body(
        _pdf_title(meta_title) or next((x for x in running if looks_like_title(x)), None), paras)
    if len(body.split()) < MIN_WORDS:
        raise BadArticle(f"PDF-filen innehåller nästan ingen text (bara {len(body.split())} ord)")
    municipality, reason = guess_municipality(f"{title or ''}\n\n{body}",
                                              site_name=author if "kommun" in author.lower()
                                              else None)
    if municipality and reason.startswith("webbplatsens"):
        reason = f'PDF-filens författare "{author}"'
    return Extracted(file=name, kind="pdf", title=title, body=body,
                     published=dates.get("published"), updated=dates.get("updated"),
                     municipality=municipality, municipality_reason=reason, notes=notes)


def _check_content_size(pages) -> None:
    """Refuse a PDF whose pages' content streams (with the form XObjects they
    draw) decompress to more than MAX_CONTENT_BYTES in all. Raises BadArticle."""
    total = 0
    for page in pages:
        streams = []
        contents = page.get("/Contents")
        if contents is not None:
            contents = contents.get_object()
            streams += list(contents) if isinstance(contents, list) else [contents]
        resources = page.get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources is not None else None
        if xobjects is not None:
            for ref in xobjects.get_object().values():
                xobject = ref.get_object()
                if xobject.get("/Subtype") == "/Form":
                    streams.append(xobject)
        for stream in streams:
            stream = stream.get_object()
            if hasattr(stream, "get_data"):
                total += len(stream.get_data())  # pypdf caps each stream's decompression
            if total > MAX_CONTENT_BYTES:
                mb = MAX_CONTENT_BYTES // 1_000_000
                raise BadArticle(f"PDF-filens sidor är för stora att läsa (över {mb} MB "
                                 "sidinnehåll); spara texten som .txt-fil och lägg till den "
                                 "i stället")


def _page_text(page) -> tuple[str, bool]:
    """The page's text lines, with an empty line where a paragraph ends: where
    the vertical gap to the next line is clearly wider than the page's usual
    line spacing, and before a line indented from the lines around it in its
    column (a first-line indent, the other way most PDFs mark paragraphs).
    Also whether the page's first line starts a paragraph (it is indented)."""
    lines: list[list] = [["", None, None]]  # [text, baseline y, start x]

    def visit(text, cm, tm, font, size):
        y = tm[5] * cm[3] + cm[5]
        x = tm[4] * cm[0] + cm[4]
        for i, part in enumerate(text.split("\n")):
            if i:
                lines.append(["", None, None])
            if part.strip() and lines[-1][1] is None:
                lines[-1][1], lines[-1][2] = y, x
            lines[-1][0] += part

    plain = page.extract_text(visitor_text=visit) or ""
    if " ".join(t for t, _, _ in lines).split() != plain.split():
        return plain, False  # the visitor saw the text differently: no positions to go by
    placed = [(t.strip(), y, x) for t, y, x in lines if t.strip()]
    gaps = [a[1] - b[1] for a, b in zip(placed, placed[1:])
            if a[1] is not None and b[1] is not None and a[1] > b[1]]
    usual = sorted(gaps)[len(gaps) // 2] if len(gaps) >= 3 else None
    out = []
    for i, (text, y, x) in enumerate(placed):
        if out and out[-1] and _indented(placed, i):
            out.append("")
        out.append(text)
        nxt = placed[i + 1] if i + 1 < len(placed) else None
        if usual and nxt and y is not None and nxt[1] is not None and y - nxt[1] > 1.4 * usual:
            out.append("")
    return "\n".join(out), len(placed) > 1 and _indented(placed, 0)


INDENT_POINTS = 4  # a first-line indent is at least this much (a 10 pt font's em is 10)
COLUMN_POINTS = 60  # lines further apart than this are in different columns


def _indented(placed: list[tuple], i: int) -> bool:
    """Whether line i starts to the right of the lines before and after it in
    its column: the first line of an indented paragraph."""
    x = placed[i][2]
    around = [placed[j][2] for j in (i - 1, i + 1) if 0 <= j < len(placed)]
    around = [a for a in around if a is not None and x is not None and abs(x - a) < COLUMN_POINTS]
    return bool(around) and all(x - a >= INDENT_POINTS for a in around)


def _pdf_title(meta_title: str) -> str | None:
    """The document title, unless it is a file name or a word processor's label."""
    title = re.sub(r"^Microsoft (Word|PowerPoint) - ", "", meta_title).strip()
    if not title or re.search(r"\.(docx?|odt|pdf|indd|pptx?|rtf)$", title, re.IGNORECASE) \
            or title.lower() in ("untitled", "namnlös", "dokument1", "document1", "(anonymous)",
                                 "anonymous", "(untitled)"):
        return None
    return " ".join(title.split())


def _clean_lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n")]


def _drop_running_heads(pages: list[list[str]]) -> tuple[list[list[str]], list[str]]:
    """Without page numbers, and without a first or last line repeated on most
    pages (on both of two); returns (pages, the repeated first lines)."""
    pages = [[x for x in lines if not _PAGE_NUMBER.fullmatch(x)] for lines in pages]
    if len(pages) < 2:
        return pages, []
    least = len(pages) if len(pages) == 2 else 0.6 * len(pages)
    firsts = Counter(next((x for x in lines if x), "") for lines in pages)
    lasts = Counter(next((x for x in reversed(lines) if x), "") for lines in pages)
    heads = [x for x, n in firsts.most_common() if x and n >= least]
    running = set(heads) | {x for x, n in lasts.items() if x and n >= least}
    out = []
    for lines in pages:
        lines = list(lines)
        for edge in (0, -1):
            while lines and (not lines[edge] or lines[edge] in running):
                lines.pop(edge)
        out.append(lines)
    return out, heads


def _reflow(lines: list[str]) -> list[str]:
    """PDF text lines to paragraphs: lines of a paragraph are joined with a space,
    a word hyphenated at a line end is joined again ("social-/tjänsten"), and a
    paragraph ends at a blank line or a short line followed by a capital.

    Linear in the text: the next non-empty line is found in one backward pass,
    and a paragraph is kept as pieces joined once, looking only at its end (a
    search over the whole paragraph per line made 20,000 lines take minutes)."""
    widths = sorted(len(x) for x in lines if x)
    full = widths[int(0.8 * (len(widths) - 1))] if widths else 0
    following = [""] * len(lines)
    nxt = ""
    for i in range(len(lines) - 1, -1, -1):
        following[i] = nxt
        nxt = lines[i] or nxt
    paras: list[str] = []
    current: list[str] = []  # the paragraph so far, as pieces

    def close() -> None:
        if current:
            paras.append("".join(current))
            current.clear()

    for line, nxt in zip(lines, following):
        if not line:
            close()
            continue
        if line[0] in "•▪◦·–—-" and current:  # a list item starts a paragraph
            close()
        short = len(line) < 0.7 * full
        if current and short and _tail(current, 1) in _SENTENCE_ENDS \
                and not re.search(r"[.!?,;:]$", line) and nxt[:1].isupper():
            close()  # a heading between two paragraphs
        if not current:
            current.append(line)
        elif _HYPHENATED.fullmatch(_tail(current, 2)) and line[0].islower():
            # "vård- och omsorg" keeps its hyphen and space
            if line.split()[0].strip(".,;:") in _CONJUNCTIONS:
                current.append(f" {line}")
            else:
                current[-1] = current[-1][:-1]
                current.append(line)
        else:
            current.append(f" {line}")
        if nxt and short and (nxt[0].isupper() or nxt[0].isdigit()
                              or nxt[0] in "•▪◦·–—-\"”"):
            close()
    close()
    return paras


_SENTENCE_ENDS = frozenset('.!?”"')
_HYPHENATED = re.compile(r"\w-")


def _tail(pieces: list[str], n: int) -> str:
    """The last `n` characters of "".join(pieces), without joining them."""
    tail = ""
    for piece in reversed(pieces):
        tail = piece[-(n - len(tail)):] + tail
        if len(tail) >= n:
            break
    return tail
