"""Personal data in a question: personnummer and samordningsnummer (with a
valid check digit), phone numbers and e-mail addresses.

`find` says what kinds it found, never the values, so a refusal can be
explained (and counted) without the data going anywhere. Officials ask how
municipalities organise their work; no such question needs these details.
"""

from __future__ import annotations

import re
import unicodedata

PERSONNUMMER = "personnummer"
SAMORDNINGSNUMMER = "samordningsnummer"
PHONE = "telefonnummer"
EMAIL = "e-postadress"
KINDS = (PERSONNUMMER, SAMORDNINGSNUMMER, PHONE, EMAIL)

# YYMMDD or YYYYMMDD, then -, +, an en dash or nothing, then NNNC.
_IDENTITY_NUMBER = re.compile(
    r"(?<!\d)(?P<century>\d{2})?(?P<yy>\d{2})(?P<mm>\d{2})(?P<dd>\d{2})\s?[-+–]?\s?"
    r"(?P<serial>\d{3})(?P<check>\d)(?!\d)")
# Swedish numbers (0..., +46..., 0046...) and other international ones (+NN...):
# 7 to 12 digits after the prefix, with spaces, dashes, dots or brackets between.
_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\d{1,3}[\s.-]?(?:\(0\)[\s.-]?)?|0)\(?\d{1,4}\)?(?:[\s.-]?\d){5,11}(?!\d)")
_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)


def luhn_ok(digits: str) -> bool:
    """The Luhn check (Skatteverket's check digit) over a string of digits."""
    total = 0
    for i, ch in enumerate(digits):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def _identity_kind(m: re.Match) -> str | None:
    century, month, day = m["century"], int(m["mm"]), int(m["dd"])
    if century is not None and century not in ("18", "19", "20"):
        return None
    if not 1 <= month <= 12:
        return None
    if 1 <= day <= 31:
        kind = PERSONNUMMER
    elif 61 <= day <= 91:
        kind = SAMORDNINGSNUMMER
    else:
        return None
    if not luhn_ok(m["yy"] + m["mm"] + m["dd"] + m["serial"] + m["check"]):
        return None
    return kind


def normalise(text: str) -> str:
    """NFKC (full-width digits and the like become ASCII); zero-width characters dropped."""
    text = unicodedata.normalize("NFKC", text or "")
    return re.sub(r"[\u200b-\u200d\u2060\ufeff\u00ad]", "", text)


def find(text: str | None) -> tuple[str, ...]:
    """The kinds of personal data in `text`, in the order of KINDS; () for none."""
    if not text:
        return ()
    text = normalise(text)
    found = set()

    def identity(m: re.Match) -> str:
        kind = _identity_kind(m)
        if kind:
            found.add(kind)
            return " "  # not to be found again as a phone number
        return m[0]

    rest = _IDENTITY_NUMBER.sub(identity, text)
    if _EMAIL.search(rest):
        found.add(EMAIL)
    if _PHONE.search(rest):
        found.add(PHONE)
    return tuple(k for k in KINDS if k in found)


def message(kinds: tuple[str, ...]) -> str:
    """The Swedish explanation an official gets instead of an answer."""
    what = f" ({', '.join(kinds)})" if kinds else ""
    return (f"Frågan verkar innehålla personuppgifter{what}. Frågor med personuppgifter söks "
            "inte, sparas inte och loggas inte. Ta bort uppgiften och fråga igen: frågor om hur "
            "kommuner organiserar ledning och samverkan behöver inga uppgifter om enskilda "
            "personer.")
