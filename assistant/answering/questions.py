"""Cleaning and checking a question before it reaches the model."""

from __future__ import annotations

import re
import unicodedata

from ..errors import BadQuestion

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
# Letters and symbols that show nothing (Hangul fillers, the Braille blank);
_BLANK_CHARS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
EMPTY = "Skriv en fråga, till exempel: Hur organiserar Tranemo ledningen av omsorgen?"


def _visible(ch: str) -> bool:
    """A character that shows something by itself (not a mark on another)."""
    cat = unicodedata.category(ch)
    return cat[0] in "LNPS" and ch not in _BLANK_CHARS


def check_length(text: object, max_chars: int) -> str:
    """`text` if it is text of at most `max_chars` characters; raises
    BadQuestion otherwise. Cheap: entry points call it before anything
    else reads the question (the personal-data screen, the queue)."""
    if not isinstance(text, str):
        raise BadQuestion("Frågan måste vara text.")
    if len(text) > max_chars:
        raise BadQuestion(
            f"Frågan är för lång ({len(text)} tecken, högst {max_chars}). Korta ner den och försök igen.")
    return text


def clean_question(text: object, max_chars: int) -> str:
    """NFC, control characters removed, whitespace folded. Raises BadQuestion.

    A question of only invisible characters (zero-width spaces, joiners,
    combining marks on nothing) is refused as empty."""
    text = check_length(text, max_chars)
    text = unicodedata.normalize("NFC", _CONTROL.sub(" ", text))
    text = " ".join(text.split())
    if not any(_visible(ch) for ch in text):
        raise BadQuestion(EMPTY)
    return text
