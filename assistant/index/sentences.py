"""Sentence spans in Swedish article text, as character offsets."""

from __future__ import annotations

import re

# A sentence ends at a line break, or after . ! ? … and any closing quote or
# bracket (which stay in the sentence) when whitespace and a capital, digit,
# dash or quote follow.
_BOUNDARY = re.compile(
    r"\n+"
    r"|(?<=[.!?…])(?P<close>[”\"')\]]*)[ \t]+(?=[A-ZÅÄÖÉÜ0-9–—\-”\"«(])"
)
# A full stop that ends an abbreviation or an initial, not a sentence:
# "bl.a. Tranemo", "fr.o.m. 1 maj", "ca. 20", "kl. 8", "Anna S. Berg".
_ABBREVIATIONS = ("bl.a.", "fr.o.m.", "t.o.m.", "t.ex.", "ca.", "kl.", "p.g.a.", "pga.",
                  "d.v.s.", "dvs.", "s.k.", "f.d.", "inkl.", "exkl.", "jfr.", "nr.")
_NOT_AN_END = re.compile(
    r"(?:(?<![\w.])(?i:" + "|".join(re.escape(a) for a in _ABBREVIATIONS) + r")"
    r"|(?<![\w.])[A-ZÅÄÖÉÜ]\.)\Z")
_HAS_WORD = re.compile(r"\w")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split `text` into sentences: (start, end) offsets, whitespace trimmed.

    `text[start:end]` is always the verbatim sentence.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for match in _BOUNDARY.finditer(text):
        end = match.start()
        if match.group("close") is not None:
            if not match.group("close") and _NOT_AN_END.search(text, max(0, end - 10), end):
                continue
            end += len(match.group("close"))
        _add(text, pos, end, spans)
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
