"""The services and bodies a question names ("räddningstjänsten", "skolan"),
and what an article must hold to name one: the answerability
evidence `service_missing` (answerability.py) is set when none of the best
passages' articles does."""

from __future__ import annotations

import re

from ..swedish.words import stem

_SERVICES = re.compile(
    r"\b(räddningstjänst\w*|brandkår\w*|brandm\w+|skol\w*|grundskol\w*|gymnasi\w*|förskol\w*|"
    r"bibliotek\w*|kulturskol\w*|fritidsgård\w*|färdtjänst\w*|kollektivtrafik\w*|polis\w*|"
    r"vårdcentral\w*|sjukhus\w*|tandvård\w*|simhall\w*|badhus\w*|idrottshall\w*|"
    r"bostadsbolag\w*|renhållning\w*|kommunstyrelse\w*|kommunfullmäktige|fullmäktige|"
    r"socialjour\w*|anhörigstöd\w*|trygghetsteam\w*|bemanningsenhet\w*|nattpatrull\w*|"
    r"överförmyndar\w*|elevhälsa\w*|vuxenutbildning\w*|musikskol\w*|"
    r"fire service|rescue|schools?|librar\w*|police|hospital\w*|municipal board)\b", re.I)


def asked_services(text: str) -> list[str]:
    """The services and bodies a question names ("räddningstjänsten", "skolan")."""
    return [m.group(0).lower() for m in _SERVICES.finditer(text)]


# An English name of a service is looked for by its Swedish one: the
# articles are Swedish, so "police" is in none of them
_ENGLISH = (("fire service", "räddningstjänst"), ("rescue", "räddningstjänst"),
            ("school", "skol"), ("librar", "bibliotek"), ("police", "polis"),
            ("hospital", "sjukhus"), ("municipal board", "kommunstyr"))


def service_key(word: str) -> str:
    """What a text must hold to name the service `word` names: its stem
    without a definite ending ("socialjouren" -> "socialjour", "skolan" ->
    "skol"), whole: a prefix would find "social" or "kommun" anywhere; for
    an English name, the Swedish one's ("police" -> "polis")."""
    for english, swedish in _ENGLISH:
        if word.startswith(english):
            return swedish
    key = stem(word)
    for ending in ("an", "en", "et"):
        if key.endswith(ending) and len(key) - len(ending) >= 4:
            return key[:-len(ending)]
    return key


# Services a municipality runs that are looked for by their base word:
# "hemtjänstpersonalen" and "hemtjänsttagarna" name "hemtjänst"
_BASE = re.compile(
    r"\b(hemtjänst|hemsjukvård|lss-boend|gruppbostad|räddningschef|"
    r"medicinskt ansvarig sjuksköterska|familjerätt|korttidsboend|dagverksamhet)", re.I)


def service_keys(text: str) -> list[str]:
    """What an article must hold for each service or body the question
    names (service_key; for the services of `_BASE`, the base word)."""
    return ([service_key(s) for s in asked_services(text)]
            + [m.group(1).lower() for m in _BASE.finditer(text)])
