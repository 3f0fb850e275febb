"""Sweden's 290 municipalities: the list, their canonical names, and guessing
which one a text, a web site or a host name is about.

The one list of municipalities in the project (`data/municipalities.txt`),
used by the importer, the question checks and the synthetic benchmark corpus.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from importlib import resources

# Municipality names that are also common words or surnames: named alone in a
# text they are no evidence ("Vara med", "Anna Lund"); "Vara kommun" is.
AMBIGUOUS = {"Ale", "Berg", "Boden", "Eda", "Habo", "Kil", "Kinda", "Lund", "Mark", "Mora",
             "Nora", "Orsa", "Sala", "Salem", "Vara"}


@lru_cache(maxsize=1)
def municipalities() -> tuple[str, ...]:
    """All 290 Swedish municipalities, short form ("Vårgårda"), in the list's order."""
    text = resources.files("assistant").joinpath("data/municipalities.txt").read_text("utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def fold(text: str) -> str:
    """Lower case without diacritics, for matching host names: 'Vårgårda' -> 'vargarda'."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


@lru_cache(maxsize=1)
def _by_casefold() -> dict[str, str]:
    return {m.casefold(): m for m in municipalities()}


def canonical_municipality(value: str) -> str | None:
    """'vårgårda', 'Vårgårda kommun', 'Göteborgs Stad' -> the listed name, else None."""
    value = " ".join(value.split())
    by_fold = _by_casefold()
    for candidate in (value, re.sub(r"\s+(kommun|stad)$", "", value, flags=re.I)):
        for name in (candidate, candidate[:-1] if candidate.lower().endswith("s") else ""):
            if name.casefold() in by_fold:
                return by_fold[name.casefold()]
    return None


def closest_municipality(value: str) -> str | None:
    """The listed name a misspelt `value` most likely means ('Vargarda' -> 'Vårgårda')."""
    close = difflib.get_close_matches(value.strip().title(), municipalities(), n=1, cutoff=0.7)
    return close[0] if close else None


@lru_cache(maxsize=2)
def _pattern(ignore_case: bool) -> re.Pattern:
    names = sorted(municipalities(), key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")s?(?!\w)",
                      re.IGNORECASE if ignore_case else 0)


def named_places(text: str, ignore_case: bool = False) -> set[str]:
    """Municipalities named in `text`, as spelt in the list ("Borås" for
    "Borås" or the genitive "Borås'"/"Vårgårdas"; with `ignore_case` also "borås")."""
    found = {m.group(1) for m in _pattern(ignore_case).finditer(text)}
    return {_by_casefold()[n.casefold()] for n in found} if ignore_case else found


# Municipalities whose name is also an everyday word ("vara", "mark",
# "berg"): in a question only a capitalised mention counts for them.
_COMMON_WORDS = frozenset("ale berg boden kil lund mark mora nacka nora salem skara trosa vara".split())


@lru_cache(maxsize=1)
def aliases() -> dict[str, str]:
    """Folded alias -> municipality, from `data/place_aliases.txt`
    ("gothenburg" -> "Göteborg", "bergvik" -> "Söderhamn")."""
    text = resources.files("assistant").joinpath("data/place_aliases.txt").read_text("utf-8")
    pairs = (line.split("=", 1) for line in text.splitlines()
             if "=" in line and not line.lstrip().startswith("#"))
    return {fold(a.strip()): m.strip() for a, m in pairs}


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Levenshtein distance of `a` and `b` (transposition counts one), or
    `limit` + 1 when it is larger than `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2, prev = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca != cb))
            if prev2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], prev2[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
        prev2, prev = prev, row
    return prev[-1] if prev[-1] <= limit else limit + 1


def _typo_limit(word: str) -> int:
    """Edits allowed between a word and a covered name: none for short words."""
    return 0 if len(word) < 6 else 1 if len(word) < 9 else 2


_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)?")


def question_places(question: str, covered: frozenset[str] | set[str] = frozenset()) -> set[str]:
    """Municipalities a question names, in any case and in the genitive
    ("vårgårdas" -> "Vårgårda"), as spelt in the list.

    `covered`: municipalities some article is about. For those only, a
    question may also fold diacritics ("vargarda") or misspell them by one
    or two letters ("Söderham", "Bengtfors"); the other ~285 names must be
    spelt right, or everyday words would turn into places ("are" -> Åre).
    English forms and places inside a municipality come from
    `data/place_aliases.txt` ("Gothenburg", "Bergvik")."""
    found = set()
    for m in _pattern(True).finditer(question):
        name = _by_casefold()[m.group(1).casefold()]
        if m.group(1) == name or name.casefold() not in _COMMON_WORDS:
            found.add(name)
    covered = covered if isinstance(covered, frozenset) else frozenset(covered)
    for word in _WORD.findall(question):
        place = _word_place(word, covered)
        if place:
            found.add(place)
    return found


@lru_cache(maxsize=8192)
def _word_place(word: str, covered: frozenset[str]) -> str | None:
    """The place one word of a question names by an alias, or a covered
    name folded or misspelt (question_places); remembered, since the same
    words come back in question after question."""
    by_fold = _folded(covered)
    folded = fold(word)
    for form in (folded, folded[:-1] if folded.endswith("s") else None):
        if not form:
            continue
        if form in aliases():
            return aliases()[form]
        if form in by_fold:
            return by_fold[form]
        limit = _typo_limit(form)
        close = {c for f, c in by_fold.items() if limit and edit_distance(form, f, limit) <= limit}
        if len(close) == 1:
            return close.pop()
    return None


@lru_cache(maxsize=8)
def _folded(covered: frozenset[str]) -> dict[str, str]:
    return {fold(c): c for c in covered}


def from_site_name(site: str | None) -> str | None:
    """'Vårgårda kommun', 'Göteborgs Stad' or plain 'Tranemo' as a site name."""
    if not site:
        return None
    for part in re.split(r"\s+[|–—-]\s+", site):
        name = canonical_municipality(part)
        if name:
            return name
    return None


def from_host(host: str | None) -> str | None:
    """'www.vargarda.se' -> Vårgårda; 'habokommun.se' -> Habo."""
    if not host:
        return None
    labels = host.lower().split(".")
    if len(labels) < 2 or labels[-1] != "se":
        return None
    label = labels[-2]
    for name in municipalities():
        folded = re.sub(r"[^a-z0-9]", "", fold(name))
        if label.replace("-", "") in (folded, folded + "kommun", folded + "skommun"):
            return name
    return None


def from_text(text: str) -> tuple[str | None, str]:
    """The one municipality a text names, if it names it clearly; else why not."""
    counts: Counter[str] = Counter()
    with_kommun: set[str] = set()
    for name in named_places(text):
        for match in re.finditer(rf"(?<!\w){re.escape(name)}s?(?!\w)", text):
            before = text[max(0, match.start() - 7): match.start()]
            after = text[match.end(): match.end() + 8]
            if before.endswith("Region ") or re.match(r"\s+län\b", after):
                continue
            counts[name] += 1
            if re.match(r"\s+(kommun|stad)\b", after, re.IGNORECASE):
                with_kommun.add(name)
    if not counts:
        return None, "ingen kommun nämns i texten"
    if len(counts) > 1:
        names = ", ".join(sorted(counts, key=lambda n: (-counts[n], n)))
        return None, f"texten nämner flera kommuner: {names}"
    (name, n), = counts.items()
    if name in with_kommun or (n >= 2 and name not in AMBIGUOUS):
        return name, f"den enda kommun som nämns i texten, {n} gång{'er' if n > 1 else ''}"
    return None, f"texten nämner bara {name} en gång, för osäkert"


def guess_municipality(text: str, site_name: str | None = None,
                       host: str | None = None) -> tuple[str | None, str]:
    """(municipality or None, Swedish reason). Only strong evidence counts:
    the publishing site's name, its address, or the one municipality the text
    names clearly (with "kommun" after it, or more than once)."""
    name = from_site_name(site_name)
    if name:
        return name, f'webbplatsens namn "{site_name}"'
    name = from_host(host)
    if name:
        return name, f"webbadressen {host}"
    return from_text(text)


@lru_cache(maxsize=1)
def _place_pattern() -> re.Pattern:
    """The municipalities no common word or surname, in one or two words,
    with a genitive: "Lilla Edet", "Dals-Eds", "Tranemo" (unlike `_pattern`,
    which finds every name for `named_places`, not as part of a hyphenated
    word: where a text names one, for `place_spans`)."""
    names = sorted((m for m in municipalities() if m not in AMBIGUOUS), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, names)) + r")(?:s|')?(?![\w-])")


# a municipality that is also a word or a surname ("Berg", "Mark"), as a sentence may name it
AMBIGUOUS_NAME = re.compile(r"(?<![\w-])(?:" + "|".join(sorted(AMBIGUOUS)) + r")s?(?![\w-])")


def place_spans(text: str, places=()) -> list[tuple[int, int]]:
    """Where `text` names a municipality, or one of `places` in any case."""
    spans = [m.span() for m in _place_pattern().finditer(text)]
    for p in places:
        spans += [m.span() for m in re.finditer(rf"(?<![\w-]){re.escape(p)}(?:s|')?(?![\w-])",
                                                text, re.I)]
    return spans


def blanked(text: str, spans) -> str:
    """`text` with `spans` (start, end) blanked out, the offsets kept."""
    for a, b in spans:
        text = text[:a] + " " * (b - a) + text[b:]
    return text


def masked(text: str, places=()) -> str:
    """`text` with its municipalities blanked out, the offsets kept: a
    municipality is no qualifier of a role (nor a word of one)."""
    return blanked(text, place_spans(text, places))
