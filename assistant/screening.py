"""The assistant as the server hands it to the chat and the API.

Every question passes here before it reaches the search. Its length is
checked first (cheap: an over-long question is refused before any pattern
runs), then the question is screened for personal data (personal_data.py)
as typed and as the app cleans it, with the municipality filter as given
and as used, and, for a follow-up, as resolved with the conversation's
earlier questions (a number split over two questions is one number). One
holding personal data is refused with PersonalData, a BadQuestion, so the
API answers 422 {"error": ...}, the chat shows the Swedish explanation and
the CLI prints it; nothing is searched, stored or logged. Earlier questions
that hold personal data are dropped from the history. Each answer is
counted and timed for /metrics.

Everything else (searcher, stats, reload, ...) is the wrapped Assistant's.
"""

from __future__ import annotations

import time

from . import personal_data
from .errors import PersonalData
from .questions import clean_question


def screen(question, municipality=None, history=(), max_chars: int = 1000) -> list[str]:
    """The earlier questions to use, those holding personal data dropped.
    Raises BadQuestion for a question that is not text or too long (before
    any pattern runs), PersonalData for one holding personal data, alone
    or joined with the earlier questions as a follow-up."""
    from .service import check_filters, resolve_follow_up

    cleaned = clean_question(question, max_chars)
    texts = [question, cleaned]
    if isinstance(municipality, str):
        texts += [municipality, check_filters(municipality, None)[0] or ""]
    _refuse(texts)
    kept = [h for h in history or ()
            if isinstance(h, str) and len(h) <= max_chars and not personal_data.find(h)]
    _refuse([resolve_follow_up(cleaned, kept, max_chars)])
    return kept


def _refuse(texts) -> None:
    kinds = {k for text in texts for k in personal_data.find(text)}
    if kinds:
        kinds = tuple(k for k in personal_data.KINDS if k in kinds)
        raise PersonalData(personal_data.message(kinds), kinds)


class Guarded:
    def __init__(self, assistant, metrics):
        self._assistant = assistant
        self._metrics = metrics

    def __getattr__(self, name):
        return getattr(self._assistant, name)

    def ask(self, question, k=None, municipality=None, year=None, history=()):
        max_chars = self._assistant.settings.max_question_chars
        try:
            history = screen(question, municipality, history, max_chars)
        except PersonalData as err:
            self._metrics.refused(err.kinds)
            raise
        started = time.perf_counter()
        answer = self._assistant.ask(question, k=k, municipality=municipality, year=year,
                                     history=history)
        self._metrics.answered(answer, time.perf_counter() - started)
        return answer


def check_answer(answer: dict) -> None:
    """Raises PersonalData if an answer object (answer_json, or one sent back
    with feedback) holds personal data outside its quotes: in the question,
    `interpreted_as`, `reason` (which names the filters), or anywhere else.
    The quotes are verbatim article text, checked against the articles."""
    # the answer id is the server's signature: stored only if it is genuine
    stripped = {k: v for k, v in answer.items() if k not in ("passages", "nearest", "answer_id")}
    texts = list(_strings(stripped))
    for p in list(answer.get("passages") or []) + list(answer.get("nearest") or []):
        texts += _strings({**p, "quote": ""} if isinstance(p, dict) else p)
    _refuse(texts)


def refusal_in_feedback(answer: dict) -> str | None:
    """The Swedish refusal if `answer` holds personal data (check_answer);
    None if it holds none."""
    try:
        check_answer(answer)
    except PersonalData as err:
        return str(err)
    return None


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
