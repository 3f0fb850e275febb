"""The pipeline's personal-data step (pipeline.py), for every source.

A question is screened (governance/personal_data.py) after its length is
checked (request.py: an over-long question is refused before any pattern
runs): as typed and as the app cleans it, with the municipality filter as
given and as used, and, for a follow-up, as resolved with the
conversation's earlier questions (a number split over two questions is one
number). One holding personal data is refused with PersonalData, a
BadQuestion, so the API answers 422 {"error": ...}, the chat shows the
Swedish explanation and the CLI prints it; nothing is searched, stored or
logged. Earlier questions that hold personal data are dropped from the
history.
"""

from __future__ import annotations

from ..errors import PersonalData
from ..governance import personal_data
from .request import Checked


def screen(checked: Checked, max_chars: int) -> tuple[str, ...]:
    """The earlier questions to use, those too long or holding personal data
    dropped. Raises PersonalData for a question or filter holding personal data."""
    request = checked.request
    texts = [request.question, checked.question]
    if isinstance(request.municipality, str):
        texts += [request.municipality, checked.municipality or ""]
    personal_data.check(*texts)
    return tuple(h for h in checked.history
                 if len(h) <= max_chars and not personal_data.find(h))


def screen_resolved(resolved: str) -> None:
    """A follow-up as resolved with the earlier questions. Raises PersonalData."""
    personal_data.check(resolved)


def refusal_in_feedback(answer: dict) -> str | None:
    """The Swedish refusal if an answer object sent back with feedback holds
    personal data outside its quotes (personal_data.check_answer); None if
    it holds none."""
    try:
        personal_data.check_answer(answer)
    except PersonalData as err:
        return str(err)
    return None
