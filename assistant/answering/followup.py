"""Follow-up questions in a conversation: "Och i Tranemo?" after a question
about Vårgårda means the same question about Tranemo."""

from __future__ import annotations

import re

from ..swedish.places import question_places

_FOLLOW_UP = re.compile(
    r"^\s*(och|men|samt|än|hur är det (med|i)|gäller det (också|även)|samma (för|i)|"
    r"and|what about|how about|same for)\b", re.IGNORECASE)
_MAX_WORDS = 6


def is_follow_up(question: str) -> bool:
    return bool(_FOLLOW_UP.match(question)) and len(question.split()) <= _MAX_WORDS


def resolve(question: str, previous: list[str]) -> str:
    """The question to search for, given earlier questions (oldest first).

    A short follow-up that names a municipality replaces the municipality
    of the last full question; any other follow-up is appended to it.
    """
    if not previous or not is_follow_up(question):
        return question
    last = previous[-1]
    new_places = question_places(question)
    old_places = question_places(last)
    if new_places and old_places:
        resolved = last
        new = sorted(new_places)[0]
        for old in old_places:
            resolved = re.sub(rf"(?<!\w){re.escape(old)}(s?)(?!\w)", rf"{new}\1", resolved,
                              flags=re.IGNORECASE)
        return resolved
    rest = _FOLLOW_UP.sub("", question).strip(" ?")
    return f"{last.rstrip(' ?')} {rest}?".strip() if rest else last
