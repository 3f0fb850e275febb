"""The assistant as the server hands it to the chat and the API.

Every question passes here before it reaches the search. Its length is
checked first (cheap: an over-long question is refused before any pattern
runs), then the question is screened for personal data (governance/personal_data.py)
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

from ..errors import PersonalData
from ..governance import personal_data
from .questions import clean_question


def screen(question, municipality=None, history=(), max_chars: int = 1000) -> list[str]:
    """The earlier questions to use, those holding personal data dropped.
    Raises BadQuestion for a question that is not text or too long (before
    any pattern runs), PersonalData for one holding personal data, alone
    or joined with the earlier questions as a follow-up."""
    from .pipeline import check_filters, resolve_follow_up

    cleaned = clean_question(question, max_chars)
    texts = [question, cleaned]
    if isinstance(municipality, str):
        texts += [municipality, check_filters(municipality, None)[0] or ""]
    personal_data.check(*texts)
    kept = [h for h in history or ()
            if isinstance(h, str) and len(h) <= max_chars and not personal_data.find(h)]
    personal_data.check(resolve_follow_up(cleaned, kept, max_chars))
    return kept


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


def refusal_in_feedback(answer: dict) -> str | None:
    """The Swedish refusal if an answer object sent back with feedback holds
    personal data outside its quotes (personal_data.check_answer); None if
    it holds none."""
    try:
        personal_data.check_answer(answer)
    except PersonalData as err:
        return str(err)
    return None
