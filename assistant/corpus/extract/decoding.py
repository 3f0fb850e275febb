"""Text files in whatever encoding officials have: decoded to NFC text.

UTF-8 (with or without BOM) and UTF-16/32 with a BOM are read as they are;
other text is identified among the Western encodings with charset-normalizer
(imported here, lazily, and nowhere else) and converted, with a note for the
user. Binary data raises BadArticle.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from ...errors import BadArticle

_ENCODING_NAMES = {"cp1252": "Windows-1252", "latin_1": "Latin-1 (ISO-8859-1)",
                   "iso8859_15": "Latin-9 (ISO-8859-15)", "utf_16": "UTF-16", "utf_32": "UTF-32"}
# Encodings a Swedish text file plausibly has. Left to choose among all,
# charset-normalizer reads short Swedish Windows-1252 text as Central European
# cp1250 (å becomes ĺ).
_CANDIDATE_ENCODINGS = ["utf_8", "cp1252", "latin_1", "iso8859_15", "utf_16", "utf_32"]
# soft hyphens and zero-width characters: invisible, and they split words
INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))


def decode_text(raw: bytes, declared: str | None = None) -> tuple[str, tuple[str, ...]]:
    """Decode bytes to NFC text with `\\n` line endings; notes say if it was converted.

    UTF-8 (with or without BOM) and UTF-16/32 with a BOM are read as they
    are; other text is identified among the Western encodings and converted.
    `declared` is what an HTML page says it is. Binary data raises BadArticle.
    """
    notes: tuple[str, ...] = ()
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf_32"), (codecs.BOM_UTF32_BE, "utf_32"),
                       (codecs.BOM_UTF8, "utf_8_sig"), (codecs.BOM_UTF16_LE, "utf_16"),
                       (codecs.BOM_UTF16_BE, "utf_16")):
        if raw.startswith(bom):
            try:
                text = raw.decode(codec)
            except UnicodeDecodeError:
                raise BadArticle("filen ser ut att vara binär, inte text") from None
            if codec != "utf_8_sig":
                notes = (f"texten var kodad som {_ENCODING_NAMES[codec]} och har konverterats "
                         "till UTF-8",)
            return _check_text(text), notes
    if b"\x00" in raw:
        raise BadArticle("filen ser ut att vara binär, inte text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text, encoding = _decode_legacy(raw, declared)
        notes = (f"texten var kodad som {encoding}, inte UTF-8, och har konverterats till UTF-8",)
    return _check_text(text), notes


def _decode_legacy(raw: bytes, declared: str | None) -> tuple[str, str]:
    if declared:
        try:
            return raw.decode(declared), _ENCODING_NAMES.get(declared, declared)
        except (UnicodeDecodeError, LookupError):
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw, cp_isolation=_CANDIDATE_ENCODINGS).best()
    if best is None:
        raise BadArticle("filen ser ut att vara binär, eller är text i en teckenkodning som "
                         "inte känns igen; spara den som UTF-8")
    return str(best), _ENCODING_NAMES.get(best.encoding, best.encoding)


def _check_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\t\f")
    if controls > max(2, len(text) // 200):
        raise BadArticle("filen ser ut att vara binär, inte text")
    return text.translate(INVISIBLE)


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)


def declared_charset(raw: bytes) -> str | None:
    match = _META_CHARSET.search(raw[:4096])
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None
    # Browsers read pages labelled ISO-8859-1 or ASCII as Windows-1252 (WHATWG).
    return "cp1252" if name in ("iso8859-1", "latin-1", "ascii") else name.replace("-", "_")
