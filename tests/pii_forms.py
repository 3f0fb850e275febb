"""Personal data as officials (or someone testing the screen) type it: the
forms of issue 19 and the screen's own list, each with a label for test ids
(so no number ends up in a test name or a tmp folder name).

Every test that sends personal data to the app takes it from here, and the
session check in conftest.py greps every file the app wrote during the run
for each form, as typed and as the app or the screen would rewrite it
(`needles`). PUBLISHED holds the one number an editor publishes on purpose
in an article (test_editing_personal_data): it may be in article files and
the index, nowhere else.
"""

from __future__ import annotations

import json
import unicodedata

from assistant.answering.questions import _CONTROL
from assistant.governance.personal_data import luhn_ok, normalise


def with_check_digit(nine: str) -> str:
    return next(nine + str(c) for c in range(10) if luhn_ok(nine + str(c)))


PNR = with_check_digit("811218987")  # born 18 December 1981
P6, P4 = PNR[:6], PNR[6:]
SAMORDNING = with_check_digit("811278987")  # day + 60
PUBLISHED = with_check_digit("700307123")  # in an article the editor confirms

# Marks that show nothing, put between two digits of the number.
INVISIBLE = {
    "lrm-200e": "\u200e", "rlm-200f": "\u200f", "lre-202a": "\u202a", "rle-202b": "\u202b",
    "pdf-202c": "\u202c", "lro-202d": "\u202d", "rlo-202e": "\u202e", "wj-2060": "\u2060",
    "fa-2061": "\u2061", "it-2062": "\u2062", "is-2063": "\u2063", "ip-2064": "\u2064",
    "cgj-034f": "\u034f", "mvs-180e": "\u180e", "bom-feff": "\ufeff", "shy-00ad": "\u00ad",
    "zwsp-200b": "\u200b", "zwj-200d": "\u200d", "nul-0000": "\x00", "soh-0001": "\x01",
    "us-001f": "\x1f", "del-007f": "\x7f", "nel-0085": "\x85", "apc-009f": "\x9f",
    "isolate-2066": "\u2066", "tag-e0001": "\U000e0001", "vs16-fe0f": "\ufe0f",
}

IDENTITY = {
    "hyphen": f"{P6}-{P4}",
    "plus": f"{P6}+{P4}",
    "joined": PNR,
    "twelve-joined": f"19{PNR}",
    "twelve-hyphen": f"19{P6}-{P4}",
    "dash-2010": f"{P6}\u2010{P4}",
    "dash-2011": f"{P6}\u2011{P4}",
    "minus-2212": f"{P6}\u2212{P4}",
    "em-dash": f"{P6}\u2014{P4}",
    "en-dash": f"{P6}\u2013{P4}",
    "spaced-en-dash": f"{P6} \u2013 {P4}",
    "slash": f"{P6}/{P4}",
    "dot": f"{P6}.{P4}",
    "spaced-date": f"{P6[:2]} {P6[2:4]} {P6[4:]}-{P4}",
    "full-date-dashes": f"19{P6[:2]}-{P6[2:4]}-{P6[4:]}-{P4}",
    "nbsp": f"{P6}\u00a0{P4}",
    "full-width": "".join(chr(ord(c) + 0xFEE0) for c in f"{P6}-{P4}"),
    "arabic-indic": "".join(chr(0x660 + int(c)) for c in PNR),
    "combining-acute": f"{P6}\u0301-{P4}",
    "combining-diaeresis": f"{P6[:2]}\u0308{P6[2:]}{P4}",
    "samordningsnummer": f"{SAMORDNING[:6]}-{SAMORDNING[6:]}",
    **{f"mark-{name}": f"{P6[:3]}{mark}{P6[3:]}-{P4}" for name, mark in INVISIBLE.items()},
}

PHONE = {
    "spaced-dash": "070 - 123 45 67",
    "slash": "070/1234567",
    "country-no-plus": "46701234567",
    "plus-country": "+46 70 123 45 67",
    "plus-zero-bracket": "+46 (0)70-123 45 67",
    "double-zero": "0046 70 123 45 67",
    "joined": "0701234567",
    "usual": "070-123 45 67",
    "bracketed-area": "(070) 123 45 67",
    "stockholm": "08-123 456 78",
    "en-dash": "070\u2013123 45 67",
    "zwsp": "070\u200b1234567",
    "lrm": "070\u200e-123\u200e45\u200e67",
    "full-width": "０７０－１２３ ４５ ６７",
}

EMAIL = {
    "plain": "eva.lindqvist@vargarda.se",
    "bracket-at": "eva.lindqvist [at] vargarda.se",
    "paren-at": "eva.lindqvist(at)vargarda.se",
    "words": "eva.lindqvist at vargarda dot se",
    "paren-words": "eva.lindqvist (at) vargarda (dot) se",
    "paren-a": "eva.lindqvist(a)vargarda.se",
    "snabel-a": "eva.lindqvist snabel-a vargarda punkt se",
    "full-width-at": "eva.lindqvist\uff20vargarda.se",
    "spaced": "eva.lindqvist @ vargarda . se",
    "zwsp": "eva.lindqvist\u200b@vargarda.se",
    "upper": "EVA.LINDQVIST [AT] VARGARDA.SE",
}

KIND = {**{k: "personnummer" for k in IDENTITY}, "samordningsnummer": "samordningsnummer",
        **{f"phone-{k}": "telefonnummer" for k in PHONE},
        **{f"email-{k}": "e-postadress" for k in EMAIL}}
ALL = {**IDENTITY, **{f"phone-{k}": v for k, v in PHONE.items()},
       **{f"email-{k}": v for k, v in EMAIL.items()}}

# The same data as it reads once folded: what must never be found written.
CANONICAL = {PNR, f"{P6}-{P4}", f"{P6} {P4}", f"19{PNR}", f"{P6}+{P4}",
             SAMORDNING, f"{SAMORDNING[:6]}-{SAMORDNING[6:]}",
             "0701234567", "46701234567", "070-123 45 67", "070 123 45 67",
             "eva.lindqvist@vargarda.se", "eva.lindqvist"}

# Questions that must not be flagged: years, dates, amounts, counts, times.
NOT_PERSONAL = [
    "Vem är socialchef i Vårgårda 2019?",
    "Hur arbetar kommunerna 2018-2021 med 0-18 år och 10 000 invånare?",
    "Sedan 2021-03-01 har 1 200 anställda",
    "Artikeln publicerades 2019-04-01 och uppdaterades 2020-01-15.",
    "Avtalet gäller från 1 juni till den 31 december 2019.",
    "Budgeten var 14 000 000 kronor och ökade till 1 050 000 000 kronor.",
    "Mellan 2 500 000–3 000 000 kronor per år",
    "Telefontid kl. 08.00–17.00, lunchstängt 12.00-13.00",
    "Mötet hölls den 01.02.2019 och den 3/4 2019",
    "Perioden 1.2.2019–3.4.2019",
    "Organisationsnummer 212000-1488",
    "Enligt SFS 2001:453 och SOSFS 2011:9",
    "Diarienummer KS 2019/0123-45",
    "Postadress 462 80 Vänersborg",
    "Barn 0–6 år och äldre 65+ år, dygnet runt 24/7",
    "Hur många av de 1 342 medarbetarna arbetar i hemtjänsten?",
    "Vad hände 2019–2023 i 12 av 49 kommuner?",
    "Version 2.3.1 av planen, bilaga 4, sidan 12-15",
    "ISBN 978-91-7343-123-4",
    "What is written at vargarda.se about it?",
    "Se punkt (a) i lagen. Nästa fråga gäller Tranemo.",
    f"{PNR[:-1]}{(int(PNR[-1]) + 1) % 10}",  # wrong check digit: not a personnummer
    f"{P6[:2]}13{P6[4:]}-{P4}",  # month 13
    "Svars-id 3f0709876543ab9e2c",  # hex, not a phone number
]


def needles(form: str) -> set[str]:
    """`form` as typed, as the app cleans a question, as the screen folds it,
    as digits only, and JSON-escaped: none may be found written."""
    cleaned = " ".join(_CONTROL.sub(" ", unicodedata.normalize("NFC", form)).split())
    folded = normalise(form)
    out = {form, unicodedata.normalize("NFC", form), cleaned, folded, folded.lower(),
           json.dumps(form)[1:-1], json.dumps(cleaned)[1:-1]}
    digits = "".join(c for c in folded if c.isdigit())
    if len(digits) >= 7:
        out.add(digits)
    return {n for n in out if len(n.strip()) >= 7}


def all_needles() -> set[str]:
    out = set(CANONICAL)
    for form in ALL.values():
        out |= needles(form)
    return out
