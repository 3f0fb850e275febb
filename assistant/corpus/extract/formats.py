"""Reading the files officials bring (.txt, .md, .html, .pdf) into article text:
the dispatch by file type and the size limits.

`read_input(path)` returns an `Extracted` record: the title, the body
(verbatim text, Unicode NFC, paragraphs separated by blank lines), the dates
and the municipality where the file shows them, and notes on how each was
found, so that the user can check them before the article is added.

One module per format: `plain.py` (text and Markdown, through
`markdown.py`), `html.py` (trafilatura), `pdf.py` (pypdf); the record in
`base.py`; shared parts in `decoding.py`, `textblocks.py`,
`swedish/dates.py` and `swedish/places.py`. Problems raise `BadArticle`
with a Swedish message.
"""

from __future__ import annotations

from pathlib import Path

from ...errors import BadArticle
from ..articles import MAX_ARTICLE_BYTES
from .base import Extracted

KINDS = {".txt": "text", ".md": "markdown", ".markdown": "markdown",
         ".html": "html", ".htm": "html", ".xhtml": "html", ".pdf": "pdf"}
# Text files become the article as they are, so the article limit applies;
# saved web pages and PDFs carry markup, fonts and images around the text.
MAX_TEXT_BYTES = MAX_ARTICLE_BYTES
MAX_DOCUMENT_BYTES = 20_000_000


def read_input(path: Path) -> Extracted:
    """Read one file an official wants to add. Raises BadArticle (Swedish)."""
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        hint = (" Spara webbsidan som 'Webbsida, endast HTML'." if path.suffix.lower() in
                (".mht", ".mhtml", ".webarchive") else
                " Spara dokumentet som PDF eller text och lägg till den filen.")
        raise BadArticle(f"filtypen {path.suffix or '(ingen)'} stöds inte, bara .txt, .md, "
                         f".html och .pdf.{hint}")
    raw = _read_limited(path, MAX_DOCUMENT_BYTES if kind in ("html", "pdf") else MAX_TEXT_BYTES)
    # one module per format, imported when a file of that format comes
    if kind == "pdf":
        from .pdf import from_pdf

        return from_pdf(raw, path.name)
    from .decoding import decode_text, declared_charset

    text, notes = decode_text(raw, declared=declared_charset(raw) if kind == "html" else None)
    if kind == "html":
        from .html import from_html

        return from_html(text, path.name, notes)
    from .plain import from_plain

    return from_plain(text, path.name, markdown=kind == "markdown", notes=notes)


def _read_limited(path: Path, limit: int) -> bytes:
    """The file's bytes; a file over `limit` is refused before it is read."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise BadArticle("är ingen fil")
        if size > limit:
            raise BadArticle(f"filen är för stor ({_mb(size)}, högst {_mb(limit)} för "
                             f"{path.suffix.lower()}-filer)")
        with path.open("rb") as fh:
            raw = fh.read(limit + 1)
    except FileNotFoundError:
        raise BadArticle("filen finns inte") from None
    except OSError as err:
        raise BadArticle(f"filen kan inte läsas ({err.strerror})") from None
    if len(raw) > limit:  # it grew while we looked
        raise BadArticle(f"filen är för stor (över {_mb(limit)})")
    if not raw.strip():
        raise BadArticle("filen är tom")
    return raw


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.0f} MB" if n >= 1_000_000 else f"{n / 1000:.0f} kB"
