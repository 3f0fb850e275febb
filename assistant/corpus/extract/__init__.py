"""Reading the files officials bring (.txt, .md, .html, .pdf) into article
text: the record every reader returns (base.py), the dispatch by file type
and the size limits (formats.py), one module per format (plain.py through
markdown.py, html.py, pdf.py) and their shared parts (decoding.py,
textblocks.py)."""

from .base import MIN_WORDS, Extracted
from .formats import KINDS, MAX_DOCUMENT_BYTES, MAX_TEXT_BYTES, read_input

__all__ = ["Extracted", "KINDS", "MAX_DOCUMENT_BYTES", "MAX_TEXT_BYTES", "MIN_WORDS", "read_input"]
