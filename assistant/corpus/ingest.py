"""Adding files to corpus/: one standard article file each, checked first.

`add_files` reads each input (corpus/extract/, in a process of its own under
a time and memory budget: extract/process.py), applies what the user set with
flags, refuses what would harm the corpus (no title, unknown municipality,
a used id, the same text as an article already there, personal data the
user has not confirmed) and writes the article atomically under a new
name: a temporary file, fsync, then a hard link to the final name, which
fails rather than overwrite an existing file.
Nothing in corpus/ changes for a file that is refused. Files are read before
the corpus is locked, so a slow file never holds up another editor.

Personal data: an article whose title or text holds a personnummer, a
phone number or an e-mail address (governance/personal_data.py) is
published only if the user confirms it (`Overrides.allow_personal_data`:
`assistant add --allow-personal-data`, the API's `allow_personal_data`, the
editors' checkbox). Without it a preview (dry run) warns, naming the kinds
and the paragraphs, and an add refuses the file; the values are never
repeated.
"""

from __future__ import annotations

import contextlib
import re
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import AssistantError, BadArticle
from ..governance import personal_data
from ..storage.files import create_exclusive, exclusive_lock, fsync_dir, storage_error
from ..swedish.places import canonical_municipality, closest_municipality
from .articles import (
    MAX_ARTICLE_BYTES,
    Article,
    article_files,
    body_key,
    format_article,
    is_article_name,
    iso_date,
    parse_article,
    read_article,
    relative_path,
)
from .copies import CopyFinder
from .extract import Extracted
from .extract.process import Budget, read_bounded

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
_NUMBERED = re.compile(r"^(\d+)-")
_STALE_TMP_SECONDS = 3600
# why an id such as README is refused: its file would never be read (articles.is_article_name)
_SKIPPED = "en fil med det namnet läses aldrig som artikel (den räknas som mappens README)"
FEW_WORDS = 30  # fewer than this: probably not the whole article, say so


# Outcome.municipality_reason for a municipality the user set, worded for where (Overrides.via)
GIVEN = {"cli": "angiven med --municipality", "form": "angiven i formuläret",
         "request": "angiven i begäran"}


@dataclass(frozen=True)
class Overrides:
    """What the user set with flags (or the web's fields). None: not set; "": clear the value."""

    title: str | None = None
    municipality: str | None = None
    published: str | None = None
    updated: str | None = None
    id: str | None = None
    partners: tuple[str, ...] | None = None
    source: str | None = None  # where the text came from when the file does not say (a fetched address)
    allow_personal_data: bool = False  # the user confirmed: publish it although it holds some
    via: str = "cli"  # where they were set, a key of GIVEN: cli, form (multipart), request (JSON)


@dataclass(frozen=True)
class Outcome:
    """One input file's result. `status`: added, checked (dry run), duplicate, error."""

    input: Path
    status: str
    message: str = ""  # Swedish: the error, or the file a duplicate repeats
    article: Article | None = None
    file: Path | None = None  # where the article is (or would be) written
    extracted: Extracted | None = None
    municipality_reason: str = ""
    notes: tuple[str, ...] = ()
    personal_data: tuple[str, ...] = ()  # kinds of personal data in the title or text
    personal_data_where: str = ""  # Swedish: "rubriken och stycke 2", or "" if not known
    # a near-copy (status "duplicate"): the article's id and the texts' similarity
    copy_of: str | None = None
    similarity: float | None = None


@dataclass
class _CorpusState:
    """What the corpus holds, kept current while a batch is added."""

    folder: Path
    texts: dict[str, str]  # body_key -> file (relative to the project root)
    ids: dict[str, str]  # article id -> file
    next_number: int
    width: int
    copies: CopyFinder | None = None  # the texts, for near-copies (corpus/copies.py)


def add_files(corpus_dir: Path, files: list[Path], overrides: Overrides = Overrides(),
              dry_run: bool = False, budget: Budget = Budget(),
              copy_threshold: float = 0.6) -> Iterator[Outcome]:
    """Add each file to `corpus_dir`, yielding one Outcome per file, in order.
    Each file is read within `budget` (corpus/extract/process.py).

    Two `add` runs at once take turns, so they neither choose the same name
    nor both add the same text.
    """
    if not corpus_dir.is_dir():
        raise AssistantError(f"Hittar ingen artikelmapp {corpus_dir}. Kör kommandot i "
                             "projektmappen eller ange den med --corpus.")
    check_overrides(overrides)
    read = read_files(files, budget)  # before the lock
    # the lock is on the folder itself, so that no file is created or touched
    with contextlib.nullcontext() if dry_run else exclusive_lock(corpus_dir):
        yield from check_read(corpus_dir, read, overrides, dry_run, preview=dry_run,
                              copy_threshold=copy_threshold)


def read_files(files: list[Path], budget: Budget = Budget()) -> list[tuple[Path, object]]:
    """Each file read within `budget`: (file, Extracted or the BadArticle
    that refuses it). No lock is needed or taken."""
    return [(file, _read(file, budget)) for file in files]


def check_read(corpus_dir: Path, read: list[tuple[Path, object]],
               overrides: Overrides = Overrides(), dry_run: bool = True,
               preview: bool = True, copy_threshold: float = 0.6) -> Iterator[Outcome]:
    """The Outcome of each file `read_files` read, against the corpus as it
    is now; the caller holds the corpus lock when it will write. Only a
    `preview` lets an article holding personal data the user has not
    confirmed through (as "checked", with the kinds): a caller that checks
    in order to write passes preview=False and gets it refused. A text
    nearly the same as one there (`copy_threshold`, corpus/copies.py) is a
    "duplicate" naming it (`copy_of`, `similarity`). `overrides` may be a
    list, one for each file (a feed's items, each with its own address)."""
    state = _scan(corpus_dir, copy_threshold)
    each = overrides if isinstance(overrides, list) else [overrides] * len(read)
    for (file, extracted), o in zip(read, each):
        yield _add_one(file, extracted, state, o, dry_run, preview)


def _read(file: Path, budget: Budget) -> Extracted | BadArticle:
    try:
        return read_bounded(file, budget)
    except BadArticle as err:
        return err


def check_overrides(o: Overrides) -> None:
    """Refuse flag values that are wrong for every file. Raises AssistantError."""
    if o.municipality:
        _municipality(o.municipality, "--municipality")
    for name in o.partners or ():
        _municipality(name, "--partner")
    for flag, value in (("--published", o.published), ("--updated", o.updated)):
        if value:
            _iso_or_error(value, flag)
    if o.id is not None and not _ID.fullmatch(o.id):
        raise AssistantError("--id får bara innehålla bokstäverna a–z, siffror, '.', '_' och '-' "
                             "(högst 100 tecken).")
    if o.id is not None and not is_article_name(f"{o.id}.md"):
        raise AssistantError(f"--id {o.id!r} kan inte användas: {_SKIPPED}. Ange ett annat id.")
    if o.title is not None and not o.title.strip():
        raise AssistantError("--title får inte vara tom.")


def _add_one(file: Path, extracted: Extracted | BadArticle, state: _CorpusState, o: Overrides,
             dry_run: bool, preview: bool) -> Outcome:
    if isinstance(extracted, BadArticle):
        return Outcome(file, "error", str(extracted))
    key = body_key(extracted.body)
    if key in state.texts:
        return Outcome(file, "duplicate", state.texts[key], extracted=extracted,
                       municipality_reason=extracted.municipality_reason, notes=extracted.notes)
    copy = state.copies.match(extracted.body) if state.copies is not None else None
    if copy is not None:
        return Outcome(file, "duplicate", state.ids.get(copy.key, copy.key), extracted=extracted,
                       municipality_reason=extracted.municipality_reason, notes=extracted.notes,
                       copy_of=copy.key, similarity=copy.similarity)
    try:
        fields, article, notes, reason = _compose(extracted, o, state)
    except AssistantError as err:
        return Outcome(file, "error", str(err), extracted=extracted)
    kinds, where = personal_data_in(article)
    common = dict(extracted=extracted, municipality_reason=reason, notes=notes,
                  personal_data=kinds, personal_data_where=where)
    if kinds and not (o.allow_personal_data or preview):
        what = ", ".join(kinds) + (f" i {where}" if where else "")
        return Outcome(file, "error", PERSONAL_DATA.format(what=what), **common)
    if dry_run:  # what a real run would do with the files before this one
        state.texts[key] = state.ids[article.id] = f"{state.folder.name}/{article.id}.md"
        state.copies.add(article.id, article.body)
        state.next_number += 1
        return Outcome(file, "checked", article=article,
                       file=state.folder / f"{article.id}.md", **common)
    try:
        target, article = _write_new(state, fields, explicit_id=bool(o.id or extracted.id))
    except AssistantError as err:
        return Outcome(file, "error", str(err), **common)
    except OSError as err:
        message = str(storage_error(err, state.folder, "artikelfilen", "--corpus"))
        return Outcome(file, "error", message[:1].lower() + message[1:].rstrip("."), **common)
    state.texts[key] = state.ids[article.id] = article.path
    state.copies.add(article.id, article.body)
    return Outcome(file, "added", article=article, file=target, **common)


PERSONAL_DATA = ("artikeln innehåller personuppgifter ({what}) och läggs inte till. Ta bort "
                 "dem ur filen, eller bekräfta att de ska publiceras med --allow-personal-data")


def personal_data_in(article: Article) -> tuple[tuple[str, ...], str]:
    """(kinds of personal data in the title and text, where: "rubriken och
    stycke 2, 5", or "" when it is only found across paragraphs). Never the values."""
    kinds = personal_data.find(f"{article.title}\n\n{article.body}")
    if not kinds:
        return (), ""
    places = ["rubriken"] if personal_data.find(article.title) else []
    paragraphs = [str(n) for n, p in enumerate(article.body.strip().split("\n\n"), 1)
                  if personal_data.find(p)]
    if paragraphs:
        places.append(("stycke " if len(paragraphs) == 1 else "styckena ")
                      + ", ".join(paragraphs[:10]) + (" …" if len(paragraphs) > 10 else ""))
    return kinds, " och ".join(places)


def _compose(e: Extracted, o: Overrides, state: _CorpusState):
    """(article fields, parsed article, notes, municipality reason) for one input."""
    title = " ".join(o.title.split()) if o.title else e.title
    if not title:
        raise BadArticle("hittar ingen rubrik i filen; ange den med --title \"Rubrik\"")
    notes = list(e.notes)
    if o.municipality is not None:
        municipality = _municipality(o.municipality, "--municipality") if o.municipality else None
        reason = GIVEN[o.via]
    elif e.municipality:
        municipality = canonical_municipality(e.municipality)
        if municipality is None:
            raise BadArticle(f"kommunen {e.municipality!r} i filen finns inte bland Sveriges "
                             "kommuner; ange rätt namn med --municipality (eller "
                             "--municipality \"\" för ingen)")
        reason = e.municipality_reason
    else:
        municipality, reason = None, e.municipality_reason
    partners = tuple(_municipality(p, "partners") for p in (
        o.partners if o.partners is not None else e.partners))
    article_id = o.id or e.id
    if article_id and not _ID.fullmatch(article_id):
        raise BadArticle(f"id {article_id!r} i filen får bara innehålla a–z, siffror, '.', '_' "
                         "och '-'; ange ett annat med --id")
    if article_id and not is_article_name(f"{article_id}.md"):
        raise BadArticle(f"id {article_id!r} i filen kan inte användas: {_SKIPPED}; ange ett "
                         "annat med --id")
    if article_id and article_id in state.ids:
        raise BadArticle(f"id {article_id!r} används redan av {state.ids[article_id]}. Är det "
                         "en ny version av den artikeln, ändra den filen och kör assistant index; "
                         "annars ange ett nytt id med --id")
    if not article_id:
        article_id = _next_id(state, title)
    fields = dict(title=title, body=unicodedata.normalize("NFC", e.body), id=article_id,
                  municipality=municipality, partners=partners,
                  published=_date(o.published, e.published, "published"),
                  updated=_date(o.updated, e.updated, "updated"), source=e.source or o.source or e.file)
    article = _render(fields)
    if len(article.body.split()) < FEW_WORDS:
        notes.append(f"bara {len(article.body.split())} ord; kontrollera att det är hela artikeln")
    return fields, article, tuple(notes), reason


def _render(fields: dict, path: str = "") -> Article:
    """Format the article file and read it back exactly as `assistant index` will,
    so what is written is what gets indexed. Raises BadArticle."""
    text = format_article(**fields)
    size = len(text.encode("utf-8"))
    if size > MAX_ARTICLE_BYTES:
        raise BadArticle(f"artikeltexten är för lång ({size / 1_000_000:.1f} MB, högst "
                         f"{MAX_ARTICLE_BYTES // 1_000_000} MB); dela upp den i flera filer")
    article = parse_article(text, path=path, default_id=fields["id"])
    if (article.title, article.body.strip("\n"), article.municipality) != (
            fields["title"], fields["body"].strip("\n"), fields["municipality"]):
        raise AssistantError("internt fel: artikelfilen läses inte tillbaka likadant")
    return article


def _next_id(state: _CorpusState, title: str) -> str:
    while True:
        candidate = f"{state.next_number:0{state.width}d}-{slugify(title)}"
        if candidate not in state.ids and not (state.folder / f"{candidate}.md").exists():
            return candidate
        state.next_number += 1


def _date(flag: str | None, found: str | None, name: str) -> str | None:
    if flag is None:
        return found
    return _iso_or_error(flag, f"--{name}") if flag else None


def _iso_or_error(value: str, flag: str) -> str:
    try:
        return iso_date(value, flag)
    except BadArticle as err:
        raise AssistantError(f"{err}.") from None


def _municipality(value: str, flag: str) -> str:
    name = canonical_municipality(value)
    if name:
        return name
    close = closest_municipality(value)
    hint = f" Menar du {close}?" if close else ""
    raise AssistantError(f"{flag}: {value!r} är ingen av Sveriges 290 kommuner.{hint}")


def slugify(title: str, max_len: int = 60) -> str:
    """ASCII file-name slug: 'Äldreomsorg i Åre' -> 'aldreomsorg-i-are'."""
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    if len(slug) > max_len:
        slug = slug[:max_len].rsplit("-", 1)[0]
    return slug or "artikel"


def _scan(corpus_dir: Path, copy_threshold: float = 0.6) -> _CorpusState:
    texts: dict[str, str] = {}
    copies = CopyFinder(copy_threshold)
    ids: dict[str, str] = {}
    numbers = [0]
    width = 3
    for file in article_files(corpus_dir):
        match = _NUMBERED.match(file.name)
        if match:
            numbers.append(int(match.group(1)))
            width = max(width, len(match.group(1)))
        ids.setdefault(file.stem, relative_path(file, corpus_dir.resolve().parent))
        try:
            article = read_article(file, corpus_dir.resolve().parent)
        except BadArticle:
            continue  # `assistant index` reports it; its name and stem stay taken
        ids.setdefault(article.id, article.path)
        texts.setdefault(body_key(article.body), article.path)
        copies.add(article.id, article.body)
    _remove_stale_temporaries(corpus_dir)
    return _CorpusState(corpus_dir, texts, ids, max(numbers) + 1, width, copies)


def _write_new(state: _CorpusState, fields: dict, explicit_id: bool) -> tuple[Path, Article]:
    """Write under a free name. With an automatic name, take the next number if
    another process took this one meanwhile; an id the user chose is never changed."""
    for _ in range(1000):
        target = state.folder / f"{fields['id']}.md"
        try:
            _write_exclusive(target, format_article(**fields))
        except FileExistsError:
            if explicit_id:
                raise BadArticle(f"filen {target.name} finns redan; ange ett annat id med --id") \
                    from None
            state.next_number += 1
            fields = dict(fields, id=_next_id(state, fields["title"]))
            continue
        state.next_number += 1
        return target, _render(fields, path=relative_path(target, state.folder.resolve().parent))
    raise BadArticle("hittar inget ledigt filnamn i artikelmappen")


def _write_exclusive(target: Path, text: str) -> None:
    """Create `target` with `text`, atomically, never replacing an existing file."""
    create_exclusive(target, text.encode("utf-8"))


def withdraw(files: list[Path]) -> None:
    """Remove articles this run wrote (the index could not take them), so that
    corpus/ is as it was before."""
    for file in files:
        file.unlink(missing_ok=True)
    for folder in {f.parent for f in files}:
        with contextlib.suppress(OSError):
            fsync_dir(folder)


def _remove_stale_temporaries(corpus_dir: Path) -> None:
    """Temporary files left by an `add` that was killed (they are never indexed)."""
    now = time.time()
    for tmp in corpus_dir.glob(".*.tmp"):
        with contextlib.suppress(OSError):
            if now - tmp.stat().st_mtime > _STALE_TMP_SECONDS:
                tmp.unlink()
