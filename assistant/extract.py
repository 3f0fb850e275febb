"""Reading the files officials bring (.txt, .md, .html, .pdf) into article text.

`read_input(path)` returns an `Extracted` record: the title, the body
(verbatim text, Unicode NFC, paragraphs separated by blank lines), the dates
and the municipality where the file shows them, and notes on how each was
found, so that the user can check them before the article is added.

Main text and metadata of web pages come from trafilatura (which drops
navigation, cookie banners, search boxes, related links, footers and
scripts), text PDFs are read with pypdf, text in an unknown encoding is
identified with charset-normalizer. These libraries are imported here,
lazily, and nowhere else. Problems raise `BadArticle` with a Swedish message.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from .articles import MAX_ARTICLE_BYTES, iso_date, split_front_matter
from .errors import BadArticle
from .evidence import municipalities, named_places

log = logging.getLogger(__name__)

KINDS = {".txt": "text", ".md": "markdown", ".markdown": "markdown",
         ".html": "html", ".htm": "html", ".xhtml": "html", ".pdf": "pdf"}
# Text files become the article as they are, so the article limit applies;
# saved web pages and PDFs carry markup, fonts and images around the text.
MAX_TEXT_BYTES = MAX_ARTICLE_BYTES
MAX_DOCUMENT_BYTES = 20_000_000
# A page or PDF with less text than this is menus or a cover, not an article.
MIN_WORDS = 10

_ENCODING_NAMES = {"cp1252": "Windows-1252", "latin_1": "Latin-1 (ISO-8859-1)",
                   "iso8859_15": "Latin-9 (ISO-8859-15)", "utf_16": "UTF-16", "utf_32": "UTF-32"}
# Encodings a Swedish text file plausibly has. Left to choose among all,
# charset-normalizer reads short Swedish Windows-1252 text as Central European
# cp1250 (å becomes ĺ).
_CANDIDATE_ENCODINGS = ["utf_8", "cp1252", "latin_1", "iso8859_15", "utf_16", "utf_32"]
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))


@dataclass(frozen=True)
class Extracted:
    """What was found in one input file. `body` is never empty."""

    file: str  # the input file's name, for messages
    kind: str  # "text", "markdown", "html" or "pdf"
    title: str | None
    body: str
    published: str | None = None
    updated: str | None = None
    municipality: str | None = None
    municipality_reason: str = ""  # Swedish: where the municipality came from, or why none
    partners: tuple[str, ...] = ()
    id: str | None = None  # from the file's own front matter
    source: str | None = None  # the page's address, when the file shows it
    notes: tuple[str, ...] = ()  # Swedish: conversions and warnings


def read_input(path: Path) -> Extracted:
    """Read one file an official wants to add. Raises BadArticle (Swedish)."""
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        hint = (" Spara webbsidan som 'Webbsida, endast HTML'." if path.suffix.lower() in
                (".mht", ".mhtml", ".webarchive") else
                " Spara dokumentet som PDF eller text och lägg till den filen.")
        raise BadArticle(f"filtypen {path.suffix or '(ingen)'} stöds inte, bara .txt, .md, "
                         f".html och .pdf.{hint}")
    raw = _read_limited(path, MAX_DOCUMENT_BYTES if kind in ("html", "pdf") else MAX_TEXT_BYTES)
    if kind == "pdf":
        return _from_pdf(raw, path.name)
    text, notes = decode_text(raw, declared=_declared_charset(raw) if kind == "html" else None)
    if kind == "html":
        return _from_html(text, path.name, notes)
    return _from_plain(text, path.name, markdown=kind == "markdown", notes=notes)


def _read_limited(path: Path, limit: int) -> bytes:
    """The file's bytes; a file over `limit` is refused before it is read."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise BadArticle("är ingen fil")
        if size > limit:
            raise BadArticle(f"filen är för stor ({_mb(size)}, högst {_mb(limit)} för "
                             f"{path.suffix.lower()}-filer)")
        with path.open("rb") as fh:
            raw = fh.read(limit + 1)
    except FileNotFoundError:
        raise BadArticle("filen finns inte") from None
    except OSError as err:
        raise BadArticle(f"filen kan inte läsas ({err.strerror})") from None
    if len(raw) > limit:  # it grew while we looked
        raise BadArticle(f"filen är för stor (över {_mb(limit)})")
    if not raw.strip():
        raise BadArticle("filen är tom")
    return raw


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.0f} MB" if n >= 1_000_000 else f"{n / 1000:.0f} kB"


# -- text and encodings ------------------------------------------------------------


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
    return text.translate(_INVISIBLE)


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)


def _declared_charset(raw: bytes) -> str | None:
    match = _META_CHARSET.search(raw[:4096])
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None
    # Browsers read pages labelled ISO-8859-1 or ASCII as Windows-1252 (WHATWG).
    return "cp1252" if name in ("iso8859-1", "latin-1", "ascii") else name.replace("-", "_")


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


# -- dates, titles, boilerplate lines -------------------------------------------

_MONTHS = {"januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
           "augusti": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
           "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
           "sept": 9, "okt": 10, "nov": 11, "dec": 12}
_DATE = (r"(?:(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
         r"|(?P<d2>\d{1,2})\s+(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) +
         r")\.?\s+(?P<y2>\d{4}))")
_LABEL = (r"(?P<label>publicerad|publicerat|publicerades|publiceringsdatum|senast publicerad|"
          r"senast uppdaterad|uppdaterad|uppdaterades|senast ändrad|ändrad|senast granskad|"
          r"datum)")
_TIME = r"(?:\s*,?\s*(?:kl\.?|klockan)?\s*\d{1,2}[:.]\d{2})?"
_LABELLED_DATE = re.compile(rf"(?:sidan\s+)?{_LABEL}\s*:?\s*{_DATE}{_TIME}", re.IGNORECASE)
_SEPARATOR = re.compile(r"^[\s,.;·|•–—-]*$")
_CREDIT = re.compile(r"^(foto|bild|fotograf|illustration|grafik)\s*:\s*\S.{0,80}$", re.IGNORECASE)


def _date_of(match: re.Match) -> str | None:
    try:
        if match.group("y"):
            day = dt.date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
        else:
            day = dt.date(int(match.group("y2")), _MONTHS[match.group("mon").lower()],
                          int(match.group("d2")))
    except ValueError:
        return None
    return day.isoformat()


def _labelled_dates(text: str) -> list[tuple[str, str]]:
    """[("published"|"updated", ISO date)] for "Publicerad 1 april 2019"-style labels."""
    found = []
    for match in _LABELLED_DATE.finditer(text):
        day = _date_of(match)
        if day:
            label = match.group("label").lower()
            published = label.startswith("publicer") or label == "datum"
            kind = "published" if published and label != "senast publicerad" else "updated"
            found.append((kind, day))
    return found


def _only_dates(line: str) -> list[tuple[str, str]] | None:
    """The labelled dates on a line that holds nothing else, else None."""
    if _SEPARATOR.match(_LABELLED_DATE.sub("", line)) and _LABELLED_DATE.search(line):
        return _labelled_dates(line)
    return None


def _strip_metadata_lines(paras: list[str]) -> tuple[list[str], dict[str, str]]:
    """Drop date lines near the start or end, and photo credits; return their dates."""
    dates: dict[str, str] = {}
    out = []
    edge = set(range(4)) | set(range(len(paras) - 4, len(paras)))
    for i, para in enumerate(paras):
        kept = []
        for line in para.split("\n"):
            found = _only_dates(line) if i in edge else None
            if found:
                for kind, day in found:
                    dates.setdefault(kind, day)
            elif not _CREDIT.match(line):
                kept.append(line)
        if kept:
            out.append("\n".join(kept))
    return out, dates


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _looks_like_title(line: str) -> bool:
    return 0 < len(line) <= 150 and not line.rstrip().endswith((".", ",", ";", ":")) \
        and len(line.split()) <= 25


def _title_and_body(title: str | None, paras: list[str]) -> tuple[str | None, str]:
    """The title (from metadata, else the first paragraph if it reads like
    one) and the body without a repeat of the title."""
    if title and paras and _same(paras[0], title):
        paras = paras[1:]
    elif not title:
        title, paras = _take_title(paras)
    return title, "\n\n".join(paras)


def _take_title(paras: list[str]) -> tuple[str | None, list[str]]:
    """The first line as title, when it reads like a heading and text follows."""
    if not paras:
        return None, paras
    first, _, rest = paras[0].partition("\n")
    if not _looks_like_title(first) or (not rest and len(paras) < 2):
        return None, paras
    if rest and not (rest[0].isupper() or rest[0].isdigit() or rest[0] in "–—-\"”"):
        return None, paras  # a wrapped first line, not a heading
    return first.strip(), ([rest] if rest else []) + paras[1:]


# -- municipality -------------------------------------------------------------------

# Municipality names that are also common words or surnames: named alone in a
# text they are no evidence ("Vara med", "Anna Lund"); "Vara kommun" is.
AMBIGUOUS = {"Ale", "Berg", "Boden", "Eda", "Habo", "Kil", "Kinda", "Lund", "Mark", "Mora",
             "Nora", "Orsa", "Sala", "Salem", "Vara"}


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def canonical_municipality(value: str) -> str | None:
    """'vårgårda', 'Vårgårda kommun', 'Göteborgs Stad' -> the listed name, else None."""
    value = " ".join(value.split())
    by_lower = {m.lower(): m for m in municipalities()}
    for candidate in (value, re.sub(r"\s+(kommun|stad)$", "", value, flags=re.I)):
        for name in (candidate, candidate[:-1] if candidate.lower().endswith("s") else ""):
            if name.lower() in by_lower:
                return by_lower[name.lower()]
    return None


def _from_site_name(site: str | None) -> str | None:
    """'Vårgårda kommun', 'Göteborgs Stad' or plain 'Tranemo' as a site name."""
    if not site:
        return None
    for part in re.split(r"\s+[|–—-]\s+", site):
        name = canonical_municipality(part)
        if name:
            return name
    return None


def _from_host(host: str | None) -> str | None:
    """'www.vargarda.se' -> Vårgårda; 'habokommun.se' -> Habo."""
    if not host:
        return None
    labels = host.lower().split(".")
    if len(labels) < 2 or labels[-1] != "se":
        return None
    label = labels[-2]
    for name in municipalities():
        folded = re.sub(r"[^a-z0-9]", "", _fold(name))
        if label.replace("-", "") in (folded, folded + "kommun", folded + "skommun"):
            return name
    return None


def _from_text(text: str) -> tuple[str | None, str]:
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
    name = _from_site_name(site_name)
    if name:
        return name, f'webbplatsens namn "{site_name}"'
    name = _from_host(host)
    if name:
        return name, f"webbadressen {host}"
    return _from_text(text)


# -- plain text and markdown ---------------------------------------------------------

_MD_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
_MD_RULE = re.compile(r"^\s*([-*_=])(\s*\1){2,}\s*$")
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")


def _markdown_text(body: str) -> tuple[str, str | None]:
    """Markdown to the corpus's plain text: headings become their own paragraph
    without '#', links their text; images and rules go. Returns (text, h1)."""
    h1 = None
    lines = []
    for line in body.split("\n"):
        heading = _MD_HEADING.match(line)
        if heading:
            if h1 is None and line.startswith("# ") and not any(x.strip() for x in lines):
                h1 = heading.group(1)
                continue
            lines += ["", heading.group(1), ""]
        elif _MD_RULE.match(line):
            if lines and lines[-1].strip():  # a setext underline: the line above is a heading
                lines[-1:] = ["", lines[-1], ""]
            else:
                lines.append("")
        else:
            line = _MD_LINK.sub(r"\1", _MD_IMAGE.sub("", line))
            lines.append(_MD_STRONG.sub(r"\2", line))
    return "\n".join(lines), h1


def _front_matter(text: str) -> tuple[dict, str]:
    if not text.startswith("---"):
        return {}, text
    front, body = split_front_matter(text)
    try:
        meta = yaml.safe_load(front) or {}
    except yaml.YAMLError as err:
        raise BadArticle(f"front matter är inte giltig YAML ({err.__class__.__name__})") from None
    if not isinstance(meta, dict):
        raise BadArticle("front matter ska bestå av rader som 'title: ...'")
    return meta, body


def _meta_text(meta: dict, key: str) -> str | None:
    value = meta.get(key)
    if value is None or isinstance(value, (dict, list)):
        return None
    return " ".join(unicodedata.normalize("NFC", str(value)).split()) or None


def _from_plain(text: str, name: str, markdown: bool, notes: tuple[str, ...]) -> Extracted:
    meta, body = _front_matter(text.lstrip("\n"))
    h1 = None
    if markdown:
        body, h1 = _markdown_text(body)
    paras, dates = _strip_metadata_lines(paragraphs(body))
    title = _meta_text(meta, "title") or h1
    if title is None:
        title, paras = _take_title(paras)
    elif paras and _same(paras[0], title):
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


# -- web pages ---------------------------------------------------------------------------

_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.IGNORECASE)


def _from_html(text: str, name: str, notes: tuple[str, ...]) -> Extracted:
    import trafilatura
    from htmldate import find_date

    page_url = None
    saved = _SAVED_FROM.search(text[:2000])
    if saved and saved.group(1).startswith("http"):
        page_url = saved.group(1)
    # Documents that declare their encoding inside are refused by lxml as str.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        doc = trafilatura.bare_extraction(
            text, url=page_url, with_metadata=True, include_comments=False, include_tables=True,
            include_images=False, include_links=False,
            # the page's own date only: a search of the whole text finds "© 2024"
            date_extraction_params={"extensive_search": False, "original_date": True})
    except Exception:  # lxml and trafilatura raise many kinds on broken markup
        log.debug("trafilatura failed", exc_info=True)
        doc = None
    if doc is None or not (doc.text or "").strip():
        raise BadArticle("hittar ingen artikeltext på webbsidan; spara sidan igen "
                         "('Webbsida, endast HTML') eller kopiera texten till en .txt-fil")
    # trafilatura gives one paragraph, heading or list item per line
    paras = [unicodedata.normalize("NFC", line).translate(_INVISIBLE).strip()
             for line in doc.text.split("\n")]
    paras, dates = _strip_metadata_lines([p for p in paras if p])
    title, body = _title_and_body(_clean_title(doc.title, doc.sitename), paras)
    if len(body.split()) < MIN_WORDS:
        raise BadArticle(f"hittar ingen artikeltext på webbsidan (bara {len(body.split())} ord "
                         "utanför menyer och sidfot)")

    page_dates = dict(reversed(_labelled_dates(trafilatura.html2txt(text) or "")))
    published = dates.get("published") or doc.date or page_dates.get("published")
    updated = dates.get("updated") or page_dates.get("updated")
    if updated is None:
        try:
            latest = find_date(text, extensive_search=False, original_date=False)
        except Exception:
            latest = None
        if latest and published and latest > published:
            updated = latest
    municipality, reason = guess_municipality(f"{title or ''}\n\n{body}", doc.sitename,
                                              doc.hostname)
    return Extracted(file=name, kind="html", title=title, body=body, published=published,
                     updated=updated if updated != published else None,
                     municipality=municipality, municipality_reason=reason,
                     source=doc.url or page_url, notes=notes)


def _clean_title(title: str | None, site: str | None) -> str | None:
    """The page title without a " - Vårgårda kommun" suffix."""
    if not title:
        return None
    title = " ".join(unicodedata.normalize("NFC", title).split())
    parts = re.split(r"\s+[|–—-]\s+", title)
    if len(parts) > 1 and (
            (site and _same(parts[-1], site)) or _from_site_name(parts[-1])
            or re.search(r"\b(kommun|stad)$", parts[-1], re.IGNORECASE)):
        title = " - ".join(parts[:-1])
    return title or None


# -- PDF ------------------------------------------------------------------------------------

_PAGE_NUMBER = re.compile(r"(sida\s*)?\d{1,4}(\s*(av|/)\s*\d{1,4})?", re.IGNORECASE)
_CONJUNCTIONS = {"och", "eller", "samt", "respektive", "till", "som", "men"}


def _from_pdf(raw: bytes, name: str) -> Extracted:
    if b"%PDF-" not in raw[:1024]:
        raise BadArticle("filen är ingen PDF (den börjar inte med %PDF)")
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings mean nothing to officials
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise BadArticle("PDF-filen är lösenordsskyddad; spara en kopia utan lösenord")
        pages = [_page_text(page) for page in reader.pages]
        info = reader.metadata or {}
        meta_title = str(info.get("/Title") or "").strip()
        author = " ".join(str(info.get(k) or "") for k in ("/Author", "/Creator")).strip()
    except BadArticle:
        raise
    except Exception as err:  # pypdf raises many kinds on damaged files
        log.debug("pypdf failed", exc_info=True)
        raise BadArticle(f"PDF-filen är skadad och kan inte läsas ({err.__class__.__name__})") \
            from None
    page_lines = [_clean_lines(unicodedata.normalize("NFC", p).translate(_INVISIBLE))
                  for p in pages]
    empty = sum(1 for lines in page_lines if not any(re.search(r"\w", x) for x in lines))
    if empty == len(page_lines):
        raise BadArticle("PDF-filen innehåller ingen text, den är troligen inskannad som bild. "
                         "Gör den sökbar med textigenkänning (OCR) eller lägg till texten "
                         "som .txt-fil")
    notes: tuple[str, ...] = ()
    if empty:
        notes = (f"{empty} av {len(pages)} sidor saknar text (inskannade?) och är inte med",)
    page_lines, running = _drop_running_heads(page_lines)
    # one flow: a paragraph may go on over a page break
    paras = _reflow([line for lines in page_lines for line in lines])
    paras, dates = _strip_metadata_lines(paras)
    # a document's title is often also its running head
    title, body = _title_and_body(
        _pdf_title(meta_title) or next((x for x in running if _looks_like_title(x)), None), paras)
    if len(body.split()) < MIN_WORDS:
        raise BadArticle(f"PDF-filen innehåller nästan ingen text (bara {len(body.split())} ord)")
    municipality, reason = guess_municipality(f"{title or ''}\n\n{body}",
                                              site_name=author if "kommun" in author.lower()
                                              else None)
    if municipality and reason.startswith("webbplatsens"):
        reason = f'PDF-filens författare "{author}"'
    return Extracted(file=name, kind="pdf", title=title, body=body,
                     published=dates.get("published"), updated=dates.get("updated"),
                     municipality=municipality, municipality_reason=reason, notes=notes)


def _page_text(page) -> str:
    """The page's text lines, with an empty line where the vertical gap to the
    next line is clearly wider than the page's usual line spacing (a paragraph
    break in most word-processor PDFs)."""
    lines: list[list] = [["", None]]  # [text, baseline y]

    def visit(text, cm, tm, font, size):
        y = tm[5] * cm[3] + cm[5]
        for i, part in enumerate(text.split("\n")):
            if i:
                lines.append(["", None])
            if part.strip() and lines[-1][1] is None:
                lines[-1][1] = y
            lines[-1][0] += part

    plain = page.extract_text(visitor_text=visit) or ""
    if " ".join(t for t, _ in lines).split() != plain.split():
        return plain  # the visitor saw the text differently: no spacing to go by
    placed = [(t.strip(), y) for t, y in lines if t.strip()]
    gaps = [a[1] - b[1] for a, b in zip(placed, placed[1:])
            if a[1] is not None and b[1] is not None and a[1] > b[1]]
    if len(gaps) < 3:
        return plain
    usual = sorted(gaps)[len(gaps) // 2]
    out = []
    for (text, y), nxt in zip(placed, placed[1:] + [("", None)]):
        out.append(text)
        if y is not None and nxt[1] is not None and y - nxt[1] > 1.4 * usual:
            out.append("")
    return "\n".join(out)


def _pdf_title(meta_title: str) -> str | None:
    """The document title, unless it is a file name or a word processor's label."""
    title = re.sub(r"^Microsoft (Word|PowerPoint) - ", "", meta_title).strip()
    if not title or re.search(r"\.(docx?|odt|pdf|indd|pptx?|rtf)$", title, re.IGNORECASE) \
            or title.lower() in ("untitled", "namnlös", "dokument1", "document1"):
        return None
    return " ".join(title.split())


def _clean_lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n")]


def _drop_running_heads(pages: list[list[str]]) -> tuple[list[list[str]], list[str]]:
    """Without page numbers, and without a first or last line repeated on most
    pages (on both of two); returns (pages, the repeated first lines)."""
    pages = [[x for x in lines if not _PAGE_NUMBER.fullmatch(x)] for lines in pages]
    if len(pages) < 2:
        return pages, []
    least = len(pages) if len(pages) == 2 else 0.6 * len(pages)
    firsts = Counter(next((x for x in lines if x), "") for lines in pages)
    lasts = Counter(next((x for x in reversed(lines) if x), "") for lines in pages)
    heads = [x for x, n in firsts.most_common() if x and n >= least]
    running = set(heads) | {x for x, n in lasts.items() if x and n >= least}
    out = []
    for lines in pages:
        lines = list(lines)
        for edge in (0, -1):
            while lines and (not lines[edge] or lines[edge] in running):
                lines.pop(edge)
        out.append(lines)
    return out, heads


def _reflow(lines: list[str]) -> list[str]:
    """PDF text lines to paragraphs: lines of a paragraph are joined with a space,
    a word hyphenated at a line end is joined again ("social-/tjänsten"), and a
    paragraph ends at a blank line or a short line followed by a capital."""
    widths = sorted(len(x) for x in lines if x)
    full = widths[int(0.8 * (len(widths) - 1))] if widths else 0
    paras: list[str] = []
    current = ""
    for i, line in enumerate(lines):
        if not line:
            if current:
                paras.append(current)
            current = ""
            continue
        if line[0] in "•▪◦·–—-" and current:  # a list item starts a paragraph
            paras.append(current)
            current = ""
        nxt = next((x for x in lines[i + 1:] if x), "")
        short = len(line) < 0.7 * full
        if current and short and re.search(r"[.!?”\"]$", current) \
                and not re.search(r"[.!?,;:]$", line) and nxt[:1].isupper():
            paras.append(current)  # a heading between two paragraphs
            current = ""
        if not current:
            current = line
        elif re.search(r"\w-$", current) and line[0].islower():
            # "vård- och omsorg" keeps its hyphen and space
            if line.split()[0].strip(".,;:") in _CONJUNCTIONS:
                current = f"{current} {line}"
            else:
                current = current[:-1] + line
        else:
            current = f"{current} {line}"
        if current and nxt and short and (nxt[0].isupper() or nxt[0].isdigit()
                                          or nxt[0] in "•▪◦·–—-\"”"):
            paras.append(current)
            current = ""
    if current:
        paras.append(current)
    return paras
