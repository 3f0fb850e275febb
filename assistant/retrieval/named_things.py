"""A thing asked by its name, and whether a passage names it: "Vilket
planeringssystem använder ...", "Vad heter det digitala verktyget ...",
"Which provider ..." are answered by "planeringssystemet Lifecare",
"TES-appen", "Dedicare AB" or a name in quotes, not by "ett
bemanningsföretag" (the kind "name" of kinds.py)."""

from __future__ import annotations

import re

from ..swedish.places import canonical_municipality

# a thing that goes by a name of its own: a system, a tool, a company
_NAMED_THING = (r"(?<![\w-])[\w-]*?(?:system|verktyg|företag|bolag|leverantör|plattform|"
                r"programvar[ao])(?:et|en|er|erna|ar|arna|s|n|na)?\b|"
                r"\bapp(?:en|ar|arna|s)?\b|\btools?\b|\bsoftware\b|\bcompan(?:y|ies)\b|"
                r"\bproviders?\b|\bplatforms?\b")
# an adjective before it ("nya", "digitala", "gemensamma", "nytt")
_ADJ = r"(?:[^\W\d_]+(?:a|e|t|al|ing|ed|ic)\s+)"

# ... and, asked by "its name", a method, model, programme or project
_NAMED_WORK = (r"[\w-]*?(?:metod|modell|program|projekt)(?:en|et|erna|er|met)?\b|"
               r"\b(?:methods?|models?|programmes?|programs?|projects?)\b")

# ... but "the project manager", "the company's CEO" is a person
_PERSON_AFTER = r"(?:manager|director|leader|lead|coordinator|administrator|chief|head|owner)s?\b"

# "What is the name of the ... tool": a thing's name, not a person's (question_kinds.py
# asks for a person by "what is the name of" only when this does not follow)
NAME_OF_THING = (rf"what (?:(?:is|was) the name|(?:are|were) the names) of "
                 rf"(?:the |their |its |a )?(?:[\w-]+\s+){{0,3}}"
                 rf"(?:{_NAMED_THING}|{_NAMED_WORK})(?!'s|\s+{_PERSON_AFTER})")

# a politician's party asked ("Vilket (politiskt) parti tillhör nämndens ordförande ...?",
# "Vilka partier styr ...?", "Which party does ... belong to / represent?", "What political
# party ..."; in English not a party to an agreement, "Which party pays ...?", nor "which
# parties are in the group", the ones taking part): the grain "party" of the kind "name"
# (kinds.asked_grain), held by a party named ("(S)", "(kd)", "Moderaterna", "S-politikern")
_PARTY_ASKED = re.compile(
    r"\b(?:vilket|vilka)\s+(?:politisk[at]?\s+)?parti(?:et|er|erna)?\b|"
    r"\b(?:which|what)\s+political\s+part(?:y|ies)\b|"
    r"\b(?:which|what)\s+party\b(?=[^?]*\b(?:belong|represent|member|stand|elected))", re.I)
_PARTY = re.compile(r"\((?i:s|m|c|l|kd|v|mp|sd|fp)\)|\b(?:S|M|C|L|KD|V|MP|SD)-politiker|"
                    r"(?i:\b(?:socialdemokrat|moderaterna|moderaternas|centerparti|liberalerna|"
                    r"kristdemokrat|vänsterparti|miljöparti|sverigedemokrat)\w*)")

ASKS_NAME = re.compile(
    rf"{_PARTY_ASKED.pattern}|"
    rf"\b(?:vilket|vilken|vilka|what|which)\s+{_ADJ}{{0,2}}(?:{_NAMED_THING})|"
    rf"\bvad heter\s+(?:det |den |de )?{_ADJ}{{0,2}}(?:{_NAMED_THING}|{_NAMED_WORK})|"
    rf"\b{NAME_OF_THING}",
    re.I)

# a thing named: "planeringssystemet Lifecare", "verktyget som heter ...", "Xyz AB",
# "TES-appen", a name within quotes
_NAMED = re.compile(
    rf"(?i:{_NAMED_THING}|{_NAMED_WORK})\s+(?:(?:som )?heter\s+|kallat\s+|kallad\s+)?"
    r"[\"”»“]?[A-ZÅÄÖ]\w+|"
    r"\b(?:fått namnet|fick namnet|går under namnet)\s+[\"”»“]?[A-ZÅÄÖ]\w+|"
    r"\b[A-ZÅÄÖ]\w*-(?:system|verktyg|app|plattform|metod|modell|program|projekt)\w*|"
    r"\b[A-ZÅÄÖ]\w+ AB\b|"
    r"[\"”»“][A-ZÅÄÖ][^\"”»“]{1,40}[\"”«»“]"
    r"(?!,? (?:säger|sa|berättar|menar)|\s[A-ZÅÄÖ])")


# a company named bare as the one that runs something ("Boendet drivs av Attendo",
# "Resorna körs sedan januari av Sala Taxi")
_RUN_BY = re.compile(r"\b(?:drivs|körs|utförs|ägs|sköts|levereras)\s+(?:[\w-]+\s+){0,3}?av\s+"
                     r"(?:företaget\s+|bolaget\s+)?([A-ZÅÄÖ][\w-]+(?:\s+[A-ZÅÄÖ][\w-]+)?)")
# a municipality or a region is no company's name ("taxibolaget Heby", "bolaget Region Uppsala")
_PUBLIC = frozenset("region regionen kommun kommunen landstinget staten".split())
_CAPITALISED = re.compile(r"[A-ZÅÄÖ][\w-]+")


def _a_name(words: str) -> bool:
    """A name, not a public body's ("Sala Taxi" is one, "Sala" and "Region Uppsala" not)."""
    parts = words.split()
    if parts[0].lower() in _PUBLIC or parts[-1].lower() in _PUBLIC:
        return False
    return len(parts) > 1 or not canonical_municipality(parts[0])


def name_grain(question: str) -> str | None:
    """'party' when `question` asks a politician's party, else None."""
    return "party" if _PARTY_ASKED.search(question) else None


def names_party(text: str) -> bool:
    """`text` names a political party ("Anna-Karin Jönsson (M)", "Socialdemokraterna")."""
    return bool(_PARTY.search(text))


def names_thing(text: str) -> bool:
    """`text` names a system, tool, company or the like (a quote that is
    someone's words, "”...”, säger X", names nothing; nor does a nickname,
    "Kristina ”Ninni” Johansson"); a municipality or region is no name."""
    for m in _NAMED.finditer(text):
        last = _CAPITALISED.findall(m.group(0))
        if not last or _a_name(last[-1].strip("-")) or m.group(0).rstrip().endswith(" AB"):
            return True
    return any(_a_name(m.group(1)) for m in _RUN_BY.finditer(text))
