"""Answer ids: an HMAC the server puts on each answer it gives, so feedback
can only be about an answer the server really gave.

The id covers what an evaluation line is made of: the question (and what a
follow-up was taken to mean), whether it declined, and every passage shown
with its article, offsets and quote. The key lives in the feedback database
(feedback.py), so ids survive a restart and `assistant feedback export` can
check each stored row again.
"""

from __future__ import annotations

import hashlib
import hmac
import json

MIN_QUOTE_CHARS = 10


def shown_passages(answer: dict) -> list[dict]:
    """The passages an official saw: the answer's, or the nearest when it declined."""
    return list(answer.get("passages") or answer.get("nearest") or [])


def signed_content(answer: dict) -> bytes:
    """The canonical bytes an answer id is computed over."""
    passages = [[p["article"]["id"], p.get("start"), p.get("end"), p["quote"]]
                for p in shown_passages(answer)]
    content = [answer.get("question"), answer.get("interpreted_as"),
               bool(answer.get("no_answer")), passages]
    return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def answer_id(key: bytes, answer: dict) -> str:
    """The id of `answer` (an answer_json object): hex HMAC-SHA256."""
    return hmac.new(key, signed_content(answer), hashlib.sha256).hexdigest()


def genuine(key: bytes, answer: dict, given: str | None) -> bool:
    """The answer carries the id the server gave it, and every passage has
    offsets and a quote of at least MIN_QUOTE_CHARS characters."""
    if not isinstance(given, str) or not given:
        return False
    for p in shown_passages(answer):
        start, end, quote = p.get("start"), p.get("end"), p.get("quote")
        if not (type(start) is int and type(end) is int and isinstance(quote, str)
                and 0 <= start < end and len(quote) >= MIN_QUOTE_CHARS):
            return False
    return hmac.compare_digest(answer_id(key, answer), given)
