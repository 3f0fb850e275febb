"""Why the assistant declines, in Swedish: every sentence written here.

A decline carries a reason code (retrieval/answerability.py: CODES), in the
JSON answer as `reason_code` and in the editors' report of what the
articles lack; `sentence` is what officials read in `reason`.
"""

from __future__ import annotations

from ..retrieval.answerability import (NO_ARTICLES, NO_FACT, NO_PLACE, OUTSIDE, PLACE_SILENT,
                                       Decision)

# For the editors' report: one line per code.
LABELS = {
    NO_PLACE: "Ingen artikel handlar om kommunen",
    PLACE_SILENT: "Artiklarna om kommunen säger inte detta",
    NO_FACT: "Inget stycke har den sortens uppgift som frågan gäller",
    OUTSIDE: "Utanför det som artiklarna tar upp",
    NO_ARTICLES: "Inga artiklar att söka i",
}

# "anger inget belopp": what a passage would have to give
_KIND = {
    "person": "ingen person", "amount": "inget belopp", "count": "inget antal",
    "date": "ingen tidpunkt", "place": "ingen plats", "reason": "inget skäl",
    "result": "inget resultat", "municipalities": "inga kommuner", "name": "inget namn",
    "legal": "ingen lag eller regel",
}
# ... of a grain asked: a party's name, which law, which place in a law (kinds.asked_grain)
_GRAIN = {"party": "inget parti", "law": "ingen lag", "section": "inget lagrum"}


def _names(places: tuple[str, ...]) -> str:
    return " och ".join(places) if len(places) < 3 else \
        ", ".join(places[:-1]) + " och " + places[-1]


def sentence(decision: Decision, selection: str | None = None) -> str:
    """The Swedish reason for a declined `decision`; `selection`: the
    filters a question was asked with ("Kiruna 2019"), if any."""
    code, places = decision.code, decision.places
    if code == NO_ARTICLES:
        if selection:
            return f"Det finns inga artiklar för urvalet {selection}."
        return "Det finns inga artiklar att söka i."
    if code == NO_PLACE:
        return f"Ingen artikel handlar om {_names(places)}."
    if code == NO_FACT:
        where = f"artiklarna om {_names(places)}" if places else "artiklarna"
        given = _GRAIN.get(decision.grain or "") or _KIND.get(decision.kind or "")
        return (f"De stycken i {where} som ligger närmast frågan anger "
                f"{given or 'inte det som frågan gäller'}.")
    if code == PLACE_SILENT:
        if decision.subject:  # a name or a definite form: "nämner inte Vision / facket"
            no = "inte" if _named_inte(decision.subject) else "ingen"
            return f"Artiklarna om {_names(places)} nämner {no} {decision.subject}."
        return f"Artiklarna om {_names(places)} säger inget om det som frågan gäller."
    if not decision.searchable:  # no word of the matter asked; a municipality named may be
        if places:
            return f"Artiklarna om {_names(places)} säger inget om det som frågan gäller."
        return "Frågan innehåller inga ord som finns i artiklarna."
    if decision.probability is None:
        return "Inget stycke ligger tillräckligt nära frågan."
    if decision.subject:
        if _named_inte(decision.subject):
            return f"Artiklarna nämner inte {decision.subject}."
        return f"Ingen artikel nämner {decision.subject}."
    return "Artiklarna tar inte upp det som frågan gäller."


def _named_inte(subject: str) -> bool:
    """A name, or a noun in its definite form ("facket", "pensionärsrådet",
    "brukarna"; not "enhet", "kvalitet"): "nämner inte ..."; else "nämner
    ingen socialchef"."""
    low = subject.lower()
    return subject[:1].isupper() or low.endswith(("et", "en", "na")) and not low.endswith(
        ("het", "tet"))
