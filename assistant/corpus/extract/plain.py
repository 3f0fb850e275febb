"""Text and Markdown files, with or without front matter, into an `Extracted`
record. Front matter is read by `articles.parse_front_matter`, the one
parser of it; Markdown becomes plain text in `markdown.py`."""

from __future__ import annotations

import unicodedata

from ...errors import BadArticle
from ...swedish.places import guess_municipality
from ..articles import iso_date, parse_front_matter
from .base import Extracted
from .markdown import markdown_text
from .textblocks import paragraphs, same, strip_metadata_lines, take_title


def _meta_text(meta: dict, key: str) -> str | None:
    value = meta.get(key)
    if value is None or isinstance(value, (dict, list)):
        return None
    return " ".join(unicodedata.normalize("NFC", str(value)).split()) or None


def from_plain(text: str, name: str, markdown: bool, notes: tuple[str, ...]) -> Extracted:
    text = text.lstrip("\n")
    meta, body = parse_front_matter(text) if text.startswith("---") else ({}, text)
    h1 = None
    if markdown:
        body, h1 = markdown_text(body)
    paras, dates = strip_metadata_lines(paragraphs(body))
    title = _meta_text(meta, "title") or h1
    if title is None:
        title, paras = take_title(paras)
    elif paras and same(paras[0], title):
        paras = paras[1:]
    if not paras:
        raise BadArticle("filen innehåller ingen artikeltext")
    body = "\n\n".join(paras)
    partners = meta.get("partners") or []
    partners = [partners] if isinstance(partners, str) else partners
    municipality, reason = None, ""
    if "municipality" in meta:
        municipality = _meta_text(meta, "municipality")
        reason = "filens front matter" if municipality else "tom i filens front matter"
    else:
        municipality, reason = guess_municipality(f"{title or ''}\n\n{body}")
    return Extracted(
        file=name, kind="markdown" if markdown else "text", title=title, body=body,
        published=iso_date(meta.get("published"), "published") or dates.get("published"),
        updated=iso_date(meta.get("updated"), "updated") or dates.get("updated"),
        municipality=municipality, municipality_reason=reason,
        partners=tuple(str(p).strip() for p in partners if str(p).strip()) if isinstance(
            partners, list) else (),
        id=_meta_text(meta, "id"), source=_meta_text(meta, "source"), notes=notes)
