"""Personal data in text: personnummer and samordningsnummer (with a valid
check digit), phone numbers and e-mail addresses.

`find` says what kinds it found, never the values, so a refusal can be
explained (and counted) without the data going anywhere; `check` and
`check_answer` raise PersonalData for texts and for an answer object (what
the screen and every store that writes user text call). Officials ask how
municipalities organise their work; no such question needs these details.

Text is read as a person sees it. `normalise`, the one normaliser, folds
what looks the same or shows nothing before anything is matched: NFKC
(full-width digits, @ and brackets become ASCII), every decimal digit to
0-9, every dash and minus sign to "-", every kind of space to one " ", and
drops invisible characters (format and direction marks, joiners, soft
hyphens, control characters, combining marks, unassigned and private-use
code points). Then numbers are read as chunks of digit groups with the
separators people type between them (space, - / . + and brackets), not
glued to the letters a-f (so hex ids and hashes are not numbers):

- a personnummer is 10 or 12 digits of whole groups, each of even length
  (YYMMDD-NNNC, YYYYMMDDNNNC, YY MM DD-NNNC, YYYY-MM-DD-NNNC, YYMMDD/NNNC ...),
  or 6 or 8 digits in any groups followed by - or + and 4 digits (811 218-NNNC),
  with a real month, a day (or day + 60: samordningsnummer) and the Luhn
  check digit;
- a phone number starts at a group with 0 (7-10 digits), +, 00 or 46 (the
  Swedish country code, 9-12 digits);
- a chunk that is only dates and times (2019-04-01, 1.2.2019, 08.00-17.00)
  or an amount in groups of three (14 000 000) is neither.

E-mail addresses are found with @ and the spelled-out forms ([at], (at),
(a), "snabel-a", " at " with " dot "/" punkt ").

Time: every pattern here is bounded (possessive groups, bounded repeats),
so a match attempt reads at most a few hundred characters and `find` runs
in time linear in the text (a 65,000-character text in a few
milliseconds). Entry points still check a question's length first.
"""

from __future__ import annotations

import re
import unicodedata

from ..errors import PersonalData

PERSONNUMMER = "personnummer"
SAMORDNINGSNUMMER = "samordningsnummer"
PHONE = "telefonnummer"
EMAIL = "e-postadress"
KINDS = (PERSONNUMMER, SAMORDNINGSNUMMER, PHONE, EMAIL)

# --- the normaliser
_SPACE_CONTROLS = frozenset("\t\n\r\x0b\x0c")  # other controls show nothing: dropped
_BLANKS = frozenset("\u115f\u1160\u3164\uffa0\u2800")  # letters and symbols that show nothing
_DASHES = frozenset("\u2212\u2796\u02d7\u2043\ufe63\uff0d")  # minus signs and the like (Pd too)
_DOTS = frozenset("\u3002\uff61\u2024")
_SLASHES = frozenset("\u2215\u2044\u29f8")
_CACHE_LIMIT = 50_000


def _fold(ch: str) -> str | None:
    """One character as the detector reads it: itself, a replacement, or
    None (dropped)."""
    if " " <= ch <= "~":
        return ch
    if ch in _SPACE_CONTROLS or ch in _BLANKS:
        return " "
    cat = unicodedata.category(ch)
    if cat[0] in "CM":  # control, format, surrogate, private use, unassigned; marks
        return None
    if cat[0] == "Z":
        return " "
    if cat == "Pd" or ch in _DASHES:
        return "-"
    if cat == "Nd":
        return str(unicodedata.decimal(ch))
    if ch in _DOTS:
        return "."
    if ch in _SLASHES:
        return "/"
    return ch


class _Folding(dict):
    """str.translate's table, filled on first sight of each code point
    (bounded: past _CACHE_LIMIT entries a new one is folded, not kept)."""

    def __missing__(self, code: int):
        folded = _fold(chr(code))
        if len(self) < _CACHE_LIMIT:
            self[code] = folded
        return folded


_TABLE = _Folding()
_SPACES = re.compile(" {2,}")


def normalise(text: str | None) -> str:
    """`text` as the detector reads it (see the module's docstring). Linear time."""
    text = unicodedata.normalize("NFKC", text or "")
    return _SPACES.sub(" ", text.translate(_TABLE))


# --- numbers: chunks of digit groups
_SEP = r"(?: ?[-/.+()]{1,2} ?| )"
# not glued to hex digits (ids and hashes: "d2f0832e9f"); "pnr811218-9876" is a number
_CHUNK = re.compile(r"(?<![0-9A-Fa-f])(?:\+ ?|\( ?)?+[0-9]++(?:" + _SEP
                    + r"[0-9]++)*+(?![A-Fa-f])")
_GROUP = re.compile(r"[0-9]++")


_DOUBLED = str.maketrans("0123456789", "0246813579")  # the digit sum of 2 * d


def luhn_ok(digits: str) -> bool:
    """The Luhn check (Skatteverket's check digit) over a string of digits."""
    return sum(map(int, digits[0::2].translate(_DOUBLED) + digits[1::2])) % 10 == 0


def _identity_kind(digits: str) -> str | None:
    """PERSONNUMMER, SAMORDNINGSNUMMER or None for 10 or 12 digits."""
    if len(digits) == 12:
        if digits[:2] not in ("18", "19", "20"):
            return None
        digits = digits[2:]
    month, day = int(digits[2:4]), int(digits[4:6])
    if not 1 <= month <= 12:
        return None
    if 1 <= day <= 31:
        kind = PERSONNUMMER
    elif 61 <= day <= 91:
        kind = SAMORDNINGSNUMMER
    else:
        return None
    return kind if luhn_ok(digits) else None


def _date_or_time(groups: list[str], seps: list[str], i: int) -> int:
    """How many groups from `i` make one date or time (0: none)."""
    def sep(k):
        return seps[k].strip()

    g = groups[i:i + 3]
    if len(g) == 3 and sep(i + 1) in ("-", "/", ".") and sep(i + 2) == sep(i + 1):
        lens = tuple(len(x) for x in g)
        if lens == (4, 2, 2) and 1900 <= int(g[0]) <= 2099 and 1 <= int(g[1]) <= 12 \
                and 1 <= int(g[2]) <= 31:
            return 3
        if lens[0] in (1, 2) and lens[1] in (1, 2) and lens[2] in (2, 4) \
                and 1 <= int(g[0]) <= 31 and 1 <= int(g[1]) <= 12:
            return 3
    if len(g) >= 2 and sep(i + 1) == "." and len(g[0]) in (1, 2) and len(g[1]) == 2 \
            and int(g[0]) <= 24 and int(g[1]) <= 59:
        return 2
    return 0


def _dates_and_times(groups: list[str], seps: list[str]) -> bool:
    """The chunk is only dates and times, joined by dashes or spaces
    (2019-04-01, 1.2.2019-3.4.2019, 08.00-17.00)."""
    i = 0
    while i < len(groups):
        if i and seps[i].strip() not in ("-", ""):
            return False
        n = _date_or_time(groups, seps, i)
        if not n:
            return False
        i += n
    return True


def _amount(groups: list[str], seps: list[str]) -> bool:
    """An amount written in groups of three: 14 000 000, 1.050.000."""
    return (len(groups) > 1 and 1 <= len(groups[0]) <= 3 and groups[0][0] != "0"
            and all(len(g) == 3 for g in groups[1:])
            and all(s in (" ", ".") for s in seps[1:]))


def _phone_range(groups: list[str], seps: list[str], i: int) -> tuple[int, int] | None:
    """(fewest, most) digits of a phone number starting at group `i`, or
    None if none can start there."""
    g = groups[i]
    if "+" in seps[i]:
        return 8, 15
    if g.startswith("00"):
        if len(g) > 2 and g[2] != "0":
            return 10, 17
        if len(g) == 2 and i + 1 < len(groups) and groups[i + 1][0] != "0":
            return 10, 17
        return None
    if g.startswith("46") and (len(g) == 2 or (len(g) >= 9 and g[2] != "0")):
        return 9, 12
    if g[0] == "0" and len(g) >= 2:
        return 7, 10
    return None


def _numbers(text: str, found: set[str]) -> None:
    """Identity and phone numbers in normalised `text`, added to `found`."""
    for chunk in _CHUNK.finditer(text):
        groups = _GROUP.findall(chunk[0])
        seps = _GROUP.split(chunk[0])[:-1]  # seps[i] comes before groups[i]
        if len(groups) > 1 and _dates_and_times(groups, seps):
            continue
        n = len(groups)
        lens = list(map(len, groups))
        used = [False] * n
        for i in range(n):
            size, j = 0, i
            while j < n and not lens[j] % 2 and size + lens[j] <= 12:
                size += lens[j]
                if size >= 10 and (kind := _identity_kind("".join(groups[i:j + 1]))):
                    found.add(kind)
                    used[i:j + 1] = [True] * (j + 1 - i)
                j += 1
        for j in range(1, n):  # the date in any groups, then - or + and the last four
            if lens[j] != 4 or seps[j].strip() not in ("-", "+"):
                continue
            size, i = 0, j
            while i > 0 and size < 8:
                i -= 1
                size += lens[i]
                if size in (6, 8) and (kind := _identity_kind("".join(groups[i:j + 1]))):
                    found.add(kind)
                    used[i:j + 1] = [True] * (j + 1 - i)
        if PHONE in found or (_amount(groups, seps)
                              and not ("+" in seps[0] and groups[0] == "46")):
            continue
        if any(_phone_at(groups, seps, used, i) for i in range(len(groups))):
            found.add(PHONE)


def _phone_at(groups: list[str], seps: list[str], used: list[bool], i: int) -> bool:
    """A phone number starts at group `i` (and holds no identity number)."""
    bounds = None if used[i] else _phone_range(groups, seps, i)
    if bounds is None:
        return False
    total = 0
    for j in range(i, len(groups)):
        if used[j]:
            return False
        total += len(groups[j])
        if total > bounds[1]:
            return False
        if total >= bounds[0]:
            return True
    return False


# --- e-mail addresses
_LOCAL = r"[\w.!#$%&'*+/=?^`{|}~-]"
_AT = (r"(?: ?@ ?| ?[\[(<{] ?(?:at|a|snabel-?a) ?[\])>}] ?| snabel-?a "
       r"|(?P<bare> at ))")
_LABEL = r"[\w-]{1,63}"
_WORD_DOT = r" ?[\[(<{] ?(?:dot|punkt) ?[\])>}] ?| (?:dot|punkt) "
_DOT = r"(?:\.| \. |" + _WORD_DOT + ")"
_EMAIL = re.compile(_LOCAL + _AT + _LABEL + r"(?:" + _DOT + _LABEL + r"){0,7}" + _DOT
                    + r"[^\W\d_]{2,24}(?![\w-])", re.IGNORECASE)
_SPELLED_DOT = re.compile(_WORD_DOT, re.IGNORECASE)


def _email(text: str) -> bool:
    for m in _EMAIL.finditer(text):
        # " at " is an English word: only with a spelled-out dot ("eva at kommun dot se")
        if not m["bare"] or _SPELLED_DOT.search(m[0]):
            return True
    return False


def find(text: str | None) -> tuple[str, ...]:
    """The kinds of personal data in `text`, in the order of KINDS; () for none."""
    if not text:
        return ()
    text = normalise(text)
    found: set[str] = set()
    _numbers(text, found)
    if _email(text):
        found.add(EMAIL)
    return tuple(k for k in KINDS if k in found)


def message(kinds: tuple[str, ...]) -> str:
    """The Swedish explanation an official gets instead of an answer."""
    what = f" ({', '.join(kinds)})" if kinds else ""
    return (f"Frågan verkar innehålla personuppgifter{what}. Frågor med personuppgifter söks "
            "inte, sparas inte och loggas inte. Ta bort uppgiften och fråga igen: frågor om hur "
            "kommuner organiserar ledning och samverkan behöver inga uppgifter om enskilda "
            "personer.")


def check(*texts: str | None) -> None:
    """Raises PersonalData (kinds and the Swedish message, never the values)
    if any of `texts` holds personal data."""
    found = {k for text in texts for k in find(text)}
    if found:
        kinds = tuple(k for k in KINDS if k in found)
        raise PersonalData(message(kinds), kinds)


def check_answer(answer: dict) -> None:
    """Raises PersonalData if an answer object (answer_json, or one sent back
    with feedback) holds personal data outside its quotes: in the question,
    `interpreted_as`, `reason` (which names the filters), or anywhere else.
    The quotes are verbatim article text, checked against the articles; the
    answer id is the server's signature (stored only if it is genuine)."""
    stripped = {k: v for k, v in answer.items() if k not in ("passages", "nearest", "answer_id")}
    texts = list(_strings(stripped))
    for p in list(answer.get("passages") or []) + list(answer.get("nearest") or []):
        texts += _strings({**p, "quote": ""} if isinstance(p, dict) else p)
    check(*texts)


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
