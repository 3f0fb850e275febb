"""Dates as municipal pages and documents print them: "Publicerad 1 april
2019", "Senast uppdaterad: 2019-04-08 kl. 10.15". ISO dates in front matter
are read by `articles.iso_date`."""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {"januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
           "augusti": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
           "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
           "sept": 9, "okt": 10, "nov": 11, "dec": 12}
# the months' full names, as a regular expression's alternatives ("januari|februari|...")
MONTH_NAMES = "|".join(list(_MONTHS)[:12])
_DATE = (r"(?:(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
         r"|(?P<d2>\d{1,2})\s+(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) +
         r")\.?\s+(?P<y2>\d{4}))")
_LABEL = (r"(?P<label>publicerad|publicerat|publicerades|publiceringsdatum|senast publicerad|"
          r"senast uppdaterad|uppdaterad|uppdaterades|senast ändrad|ändrad|senast granskad|"
          r"datum)")
_TIME = r"(?:\s*,?\s*(?:kl\.?|klockan)?\s*\d{1,2}[:.]\d{2})?"
LABELLED_DATE = re.compile(rf"(?:sidan\s+)?{_LABEL}\s*:?\s*{_DATE}{_TIME}", re.IGNORECASE)
_SEPARATOR = re.compile(r"^[\s,.;·|•–—-]*$")


def date_of(match: re.Match) -> str | None:
    try:
        if match.group("y"):
            day = dt.date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
        else:
            day = dt.date(int(match.group("y2")), _MONTHS[match.group("mon").lower()],
                          int(match.group("d2")))
    except ValueError:
        return None
    return day.isoformat()


def labelled_dates(text: str) -> list[tuple[str, str]]:
    """[("published"|"updated", ISO date)] for "Publicerad 1 april 2019"-style labels."""
    found = []
    for match in LABELLED_DATE.finditer(text):
        day = date_of(match)
        if day:
            label = match.group("label").lower()
            published = label.startswith("publicer") or label == "datum"
            kind = "published" if published and label != "senast publicerad" else "updated"
            found.append((kind, day))
    return found


def only_dates(line: str) -> list[tuple[str, str]] | None:
    """The labelled dates on a line that holds nothing else, else None."""
    if _SEPARATOR.match(LABELLED_DATE.sub("", line)) and LABELLED_DATE.search(line):
        return labelled_dates(line)
    return None
