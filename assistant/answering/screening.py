"""The assistant as the server hands it to the chat and the API.

Every question passes here before it reaches the search: one holding
personal data (governance/personal_data.py) is refused with PersonalData, a
BadQuestion, so the API answers 422 {"error": ...} and the chat shows the
Swedish explanation; nothing is searched, stored or logged. Earlier
questions of a conversation that hold personal data are dropped from the
history, so a follow-up cannot carry them into a search. Each answer is
counted and timed for /metrics.

Everything else (searcher, stats, reload, ...) is the wrapped Assistant's.
"""

from __future__ import annotations

import time

from ..errors import PersonalData
from ..governance import personal_data


class Guarded:
    def __init__(self, assistant, metrics):
        self._assistant = assistant
        self._metrics = metrics

    def __getattr__(self, name):
        return getattr(self._assistant, name)

    def ask(self, question, k=None, municipality=None, year=None, history=()):
        kinds = personal_data.find(question if isinstance(question, str) else None)
        if isinstance(municipality, str):
            kinds = kinds or personal_data.find(municipality)
        if kinds:
            self._metrics.refused(kinds)
            raise PersonalData(personal_data.message(kinds), kinds)
        history = [h for h in history or () if not personal_data.find(h)]
        started = time.perf_counter()
        answer = self._assistant.ask(question, k=k, municipality=municipality, year=year,
                                     history=history)
        self._metrics.answered(answer, time.perf_counter() - started)
        return answer


def refusal_in_feedback(answer: dict) -> str | None:
    """The Swedish refusal if an answer object sent back with feedback holds
    personal data outside its quotes (the quotes are checked against the
    articles); None if it holds none."""
    stripped = {**answer, "passages": [], "nearest": []}
    texts = list(_strings(stripped))
    for p in list(answer.get("passages") or []) + list(answer.get("nearest") or []):
        texts += _strings({**p, "quote": ""})
    kinds = personal_data.find(" | ".join(texts))
    return personal_data.message(kinds) if kinds else None


def _strings(obj):
    """Every text (keys included) in a JSON value; numbers are offsets and scores."""
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for key, value in obj.items():
            yield str(key)
            yield from _strings(value)
    elif isinstance(obj, (list, tuple)):
        for value in obj:
            yield from _strings(value)
