"""Article files: YAML front matter between `---` lines, then the body.

The body is the text after the closing `---` line with leading blank lines
removed. Every offset the assistant reports points into this body.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import BadArticle

log = logging.getLogger(__name__)

# libyaml's loader when present: 8x faster on front matter, same result
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

ARTICLE_SUFFIXES = (".md", ".txt")
MAX_ARTICLE_BYTES = 2_000_000


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    municipality: str | None
    published: str | None
    updated: str | None
    source: str | None
    path: str  # relative to the project root, with forward slashes
    body: str
    fingerprint: str
    partners: tuple[str, ...] = ()
    date_note: str | None = None  # why there is no date (front matter `date_note`)
    # other addresses where the same text is published (corpus/copies.py)
    also_published_at: tuple[str, ...] = ()

    @property
    def date(self) -> str | None:
        return self.published or self.updated

    @property
    def municipalities(self) -> tuple[str, ...]:
        return ((self.municipality,) if self.municipality else ()) + self.partners


def article_json(a: Article, *fields: str) -> dict:
    """The one JSON shape of an article, as /api/ask gives it (README: "JSON
    contract"); every route, the CLI, the saved answer and the index's
    articles.json start from it and only add fields. With `fields`, just those
    of the shape, in that order (the answer's metadata names its article briefly)."""
    shape = {
        "id": a.id,
        "title": a.title,
        "municipality": a.municipality,
        "published": a.published,
        "path": a.path,
        # added fields
        "updated": a.updated,
        "partners": list(a.partners),
        "source": a.source,
    }
    return {f: shape[f] for f in fields} if fields else shape


def split_front_matter(text: str) -> tuple[str, str]:
    """Return (front matter, body) of a normalised article text."""
    lines = text.split("\n")
    # exact lines, so the README's one-line recipe finds the same body
    if not lines or lines[0] != "---":
        raise BadArticle("saknar front matter (en rad med --- först i filen)")
    for i in range(1, len(lines)):
        if lines[i] == "---":
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]).lstrip("\n")
    raise BadArticle("front matter avslutas aldrig med en rad ---")


def parse_front_matter(text: str) -> tuple[dict, str]:
    """(front matter as a dict, body) of a normalised article text. Raises BadArticle."""
    front, body = split_front_matter(text)
    try:
        _refuse_aliases(front)
        meta = yaml.load(front, Loader=_YAML_LOADER) or {}
    except yaml.YAMLError as err:
        raise BadArticle(f"front matter är inte giltig YAML ({err.__class__.__name__})") from None
    if not isinstance(meta, dict):
        raise BadArticle("front matter ska bestå av rader som 'title: ...'")
    return meta, body


def _refuse_aliases(front: str) -> None:
    """Refuse YAML anchors and aliases (`&a`, `*a`): a few hundred bytes of them
    stand for billions of values once a list is turned into text (a "billion
    laughs"), and an article's front matter never needs them. One pass over
    the parser's events, linear in the text; skipped when neither mark occurs."""
    if "&" not in front and "*" not in front:
        return
    for event in yaml.parse(front, Loader=_YAML_LOADER):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise BadArticle("front matter får inte innehålla YAML-ankare eller alias (& och * "
                             "före ett namn); skriv ut varje värde")


def relative_path(file: Path, root: Path) -> str:
    """`file` relative to `root` with forward slashes, as `Article.path` holds it
    (the path as given when it is outside `root`)."""
    try:
        return file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return file.as_posix()


def normalise_text(raw: bytes) -> str:
    """Decode UTF-8, unify line endings, NFC-normalise. Raises BadArticle."""
    if b"\x00" in raw:
        raise BadArticle("filen ser ut att vara binär, inte text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise BadArticle(f"filen är inte UTF-8 (byte {err.start})") from None
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def iso_date(value, field: str) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise BadArticle(f"{field} ska vara ett datum som 2019-04-01, inte {value!r}") from None


def _text(value, field: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, (str, int, float)):
        raise BadArticle(f"{field} ska vara en text")
    text = unicodedata.normalize("NFC", str(value)).strip()
    return text or None


def parse_article(text: str, path: str, default_id: str) -> Article:
    """Parse a normalised article text. Raises BadArticle with a Swedish reason."""
    meta, body = parse_front_matter(text)
    title = _text(meta.get("title"), "title")
    if not title:
        raise BadArticle("title saknas i front matter")
    if not body.strip():
        raise BadArticle("artikeln har ingen text efter front matter")
    partners = meta.get("partners") or []
    if isinstance(partners, str):
        partners = [partners]
    if not isinstance(partners, list):
        raise BadArticle("partners ska vara en lista med kommuner")
    also = meta.get("also_published_at") or []
    if not isinstance(also, list):
        raise BadArticle("also_published_at ska vara en lista med webbadresser")
    return Article(
        id=_text(meta.get("id"), "id") or default_id,
        title=title,
        municipality=_text(meta.get("municipality"), "municipality"),
        published=iso_date(meta.get("published"), "published"),
        updated=iso_date(meta.get("updated"), "updated"),
        source=_text(meta.get("source"), "source"),
        path=path,
        body=body,
        fingerprint=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        partners=tuple(p for p in (_text(x, "partners") for x in partners) if p),
        date_note=_text(meta.get("date_note"), "date_note"),
        also_published_at=tuple(u for u in (_text(x, "also_published_at") for x in also) if u),
    )


# a name YAML reads as itself without quotes (not yes/no/null, no digits first)
_PLAIN_NAME = re.compile(
    r"(?!(?:yes|no|on|off|true|false|null|y|n)$)[^\W\d_][^\W_]*(?:[ -][^\W_]+)*", re.IGNORECASE)


def body_key(body: str) -> str:
    """A fingerprint of the text alone: the same article saved twice (other file
    name, other front matter, other line breaks) has the same key."""
    folded = " ".join(unicodedata.normalize("NFC", body).split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def format_article(
    title: str,
    body: str,
    id: str | None = None,
    municipality: str | None = None,
    partners: tuple[str, ...] = (),
    published: str | None = None,
    updated: str | None = None,
    source: str | None = None,
    also_published_at: tuple[str, ...] = (),
) -> str:
    """The text of an article file: front matter as in the README, then the body.

    Strings are written as JSON strings, which YAML reads back unchanged
    (quotes, colons and å/ä/ö included); dates as ISO dates.
    """

    def quoted(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    def name(value: str) -> str:  # "Vårgårda", "Upplands-Bro" bare, as in the README
        return value if _PLAIN_NAME.fullmatch(value) else quoted(value)

    lines = ["---"]
    if id:
        lines.append(f"id: {quoted(id)}")
    lines.append(f"title: {quoted(title)}")
    lines.append(f"municipality: {name(municipality) if municipality else ''}".rstrip())
    if partners:
        lines.append(f"partners: [{', '.join(name(p) for p in partners)}]")
    for key, value in (("published", published), ("updated", updated)):
        if value:
            lines.append(f"{key}: {iso_date(value, key)}")
    if source:
        lines.append(f"source: {quoted(source)}")
    if also_published_at:
        lines.append("also_published_at:")
        lines += [f"  - {quoted(u)}" for u in also_published_at]
    lines += ["---", "", body.strip("\n") + "\n"]
    return unicodedata.normalize("NFC", "\n".join(lines))


def read_article(file: Path, root: Path) -> Article:
    """Read one article file; `root` is what `Article.path` is relative to."""
    try:
        size = file.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise BadArticle(f"filen är för stor ({size // 1_000_000} MB, högst 2 MB)")
        if size == 0:
            raise BadArticle("filen är tom")
        text = normalise_text(file.read_bytes())
    except OSError as err:
        raise BadArticle(f"kan inte läsas ({err.strerror})") from None
    return parse_article(text, relative_path(file, root), default_id=file.stem)


def is_article_name(name: str) -> bool:
    """Whether a file of this name in corpus/ is read as an article: not a
    hidden file (the editors' side files, removed articles) nor the folder's
    README. An article must never be written under a name this refuses."""
    return (Path(name).suffix.lower() in ARTICLE_SUFFIXES and not name.startswith(".")
            and name.lower() != "readme.md")


def article_files(corpus_dir: Path) -> list[Path]:
    return sorted(p for p in corpus_dir.rglob("*") if p.is_file() and is_article_name(p.name))


@dataclass(frozen=True)
class Corpus:
    articles: tuple[Article, ...]
    problems: tuple[tuple[str, str], ...]  # (file, Swedish reason)


def load_corpus(corpus_dir: Path, root: Path | None = None) -> Corpus:
    """Read every article in `corpus_dir`. Bad files are reported, not fatal."""
    root = root or corpus_dir.resolve().parent
    articles: list[Article] = []
    problems: list[tuple[str, str]] = []
    seen: dict[str, str] = {}
    texts: dict[str, str] = {}  # body_key -> file: one article saved twice is indexed once
    for file in article_files(corpus_dir):
        try:
            article = read_article(file, root)
        except BadArticle as err:
            problems.append((file.as_posix(), str(err)))
            continue
        if article.id in seen:
            problems.append((file.as_posix(),
                             f"id {article.id!r} används redan av {seen[article.id]}"))
            continue
        key = body_key(article.body)
        if key in texts:
            problems.append((file.as_posix(), f"samma text som {texts[key]} (en dubblett)"))
            continue
        seen[article.id] = texts[key] = file.as_posix()
        articles.append(article)
    for file, reason in problems:
        log.warning("%s: %s", file, reason)
    return Corpus(tuple(articles), tuple(problems))
