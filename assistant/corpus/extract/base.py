"""What every format's reader returns (`Extracted`) and the least text that
counts as an article; the readers (html.py, pdf.py, plain.py) and the
dispatch by file type (formats.py) share them.
"""

from __future__ import annotations

from dataclasses import dataclass

# A page or PDF with less text than this is menus or a cover, not an article.
MIN_WORDS = 10


@dataclass(frozen=True)
class Extracted:
    """What was found in one input file. `body` is never empty."""

    file: str  # the input file's name, for messages
    kind: str  # "text", "markdown", "html" or "pdf"
    title: str | None
    body: str
    published: str | None = None
    updated: str | None = None
    municipality: str | None = None
    municipality_reason: str = ""  # Swedish: where the municipality came from, or why none
    partners: tuple[str, ...] = ()
    id: str | None = None  # from the file's own front matter
    source: str | None = None  # the page's address, when the file shows it
    notes: tuple[str, ...] = ()  # Swedish: conversions and warnings
