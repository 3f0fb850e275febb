"""Sentence spans in Swedish article text, as character offsets."""

from __future__ import annotations

import re

# A sentence ends at a line break, or after . ! ? … (and any closing quote or
# bracket) when whitespace and a capital, digit, dash or quote follow.
_BOUNDARY = re.compile(
    r"\n+"
    r"|(?<=[.!?…])[”\"')\]]*[ \t]+(?=[A-ZÅÄÖÉÜ0-9–—\-”\"«(])"
)
_HAS_WORD = re.compile(r"\w")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split `text` into sentences: (start, end) offsets, whitespace trimmed.

    `text[start:end]` is always the verbatim sentence.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for match in _BOUNDARY.finditer(text):
        _add(text, pos, match.start(), spans)
        pos = match.end()
    _add(text, pos, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    trail = len(piece) - len(piece.rstrip())
    start, end = start + lead, end - trail
    if end > start and _HAS_WORD.search(text, start, end):
        spans.append((start, end))
