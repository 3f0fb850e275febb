"""Markdown to the corpus's plain text, parsed by markdown-it-py (CommonMark;
imported here and nowhere else).

Headings become paragraphs of their own without '#', links and reference
links their text, emphasis and inline code their words, `>` quotes their
paragraphs; images, link definitions, HTML and rules go. List items keep a
"- " (or "1. ") so that a list still reads as one.
"""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def _inline(token) -> str:
    """The plain text of an inline token: words only, line breaks kept."""
    out = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
        # images, inline HTML and the open/close marks of links and emphasis go
    return re.sub(r"[ \t]{2,}", " ", "".join(out))


def markdown_text(body: str) -> tuple[str, str | None]:
    """(plain text with paragraphs separated by blank lines, the leading
    `# heading` if the document starts with one, else None)."""
    tokens = _parser().parse(body)
    blocks: list[str] = []
    h1 = None
    lists: list[list] = []  # open lists, innermost last: [ordered, next number]
    items: list[str] = []  # lines of the outermost open list: one paragraph
    marker = ""  # "- " or "1. " for the first paragraph of the item just opened
    for i, tok in enumerate(tokens):
        kind = tok.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            lists.append([kind == "ordered_list_open", int(tok.attrGet("start") or 1)])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
            if not lists and items:
                blocks.append("\n".join(items))
                items = []
        elif kind == "list_item_open":
            ordered, number = lists[-1]
            marker = f"{number}. " if ordered else "- "
            lists[-1][1] += 1
        elif kind == "inline":
            text = _inline(tok).strip()
            if not text:
                continue
            heading = tokens[i - 1].type == "heading_open"
            if heading and h1 is None and not blocks and not lists and \
                    tokens[i - 1].tag == "h1" and tokens[i - 1].markup == "#":
                h1 = text
            elif lists:
                items.append(marker + text)
                marker = ""
            else:
                blocks.append(text)
        elif kind in ("code_block", "fence"):
            (items if lists else blocks).append(tok.content.strip("\n"))
        # html_block, hr and link definitions leave nothing
    return "\n\n".join(b for b in blocks if b), h1
