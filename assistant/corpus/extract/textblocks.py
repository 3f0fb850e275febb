"""Article text as paragraphs: splitting blocks, finding the title, and
dropping the lines around an article that are not its words (date lines,
photo credits). Shared by every input format."""

from __future__ import annotations

import re

from ...swedish.dates import only_dates

_CREDIT = re.compile(r"^(foto|bild|fotograf|illustration|grafik)\s*:\s*\S.{0,80}$", re.IGNORECASE)


def paragraphs(text: str) -> list[str]:
    """Blocks separated by blank lines, each line stripped; empty ones dropped."""
    blocks = re.split(r"\n[ \t\f\v\xa0]*\n", text)
    out = []
    for block in blocks:
        lines = [line.strip() for line in block.split("\n")]
        block = "\n".join(line for line in lines if line)
        if block:
            out.append(block)
    return out


def strip_metadata_lines(paras: list[str]) -> tuple[list[str], dict[str, str]]:
    """Drop date lines near the start or end, and photo credits; return their dates."""
    dates: dict[str, str] = {}
    out = []
    edge = set(range(4)) | set(range(len(paras) - 4, len(paras)))
    for i, para in enumerate(paras):
        kept = []
        for line in para.split("\n"):
            found = only_dates(line) if i in edge else None
            if found:
                for kind, day in found:
                    dates.setdefault(kind, day)
            elif not _CREDIT.match(line):
                kept.append(line)
        if kept:
            out.append("\n".join(kept))
    return out, dates


def same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def looks_like_title(line: str) -> bool:
    return 0 < len(line) <= 150 and not line.rstrip().endswith((".", ",", ";", ":")) \
        and len(line.split()) <= 25


def title_and_body(title: str | None, paras: list[str]) -> tuple[str | None, str]:
    """The title (from metadata, else the first paragraph if it reads like
    one) and the body without a repeat of the title."""
    if title and paras and same(paras[0], title):
        paras = paras[1:]
    elif not title:
        title, paras = take_title(paras)
    return title, "\n\n".join(paras)


def take_title(paras: list[str]) -> tuple[str | None, list[str]]:
    """The first line as title, when it reads like a heading and text follows."""
    if not paras:
        return None, paras
    first, _, rest = paras[0].partition("\n")
    if not looks_like_title(first) or (not rest and len(paras) < 2):
        return None, paras
    if rest and not (rest[0].isupper() or rest[0].isdigit() or rest[0] in "–—-\"”"):
        return None, paras  # a wrapped first line, not a heading
    return first.strip(), ([rest] if rest else []) + paras[1:]
