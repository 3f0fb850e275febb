"""Re-checking every article that came from a web address, at its source.

Each page is fetched with the safe fetch (fetch.py) as a conditional request
(If-None-Match with the ETag, If-Modified-Since with the Last-Modified the
page gave last time), so an unchanged page costs one request: 304, or 200
with the same bytes as last time (a SHA-256 of the page), and no reading,
no embedding. A page whose bytes changed is read like any page
(corpus/extract/, in a process of its own); if its text is the same as the
article's, only the note is updated. A changed text replaces the article's
body (its id, metadata and file stay): all changed articles are written as
one change of the editors' journal (editing.py: kind "refresh", one audit
row each), and the index update re-embeds only their passages
(index/build.py reuses every unchanged article's vectors). A changed page
that now holds personal data is not taken in but reported. A page that
answers 404 or 410 is noted as gone and reported to the editors; the article
stays until an editor removes it.

What each page gave last time is kept in refreshstate.py's store (the
corpus folder's `.refresh.json`, or the database's table under
ASSISTANT_DATABASE_URL); it is only a cache of validators: lost or stale,
the next refresh fetches and compares again.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..corpus.articles import (Article, body_key, format_article, load_corpus, normalise_text,
                               parse_article, parse_front_matter)
from ..corpus.extract.process import Budget
from ..corpus.ingest import personal_data_in, read_files
from ..errors import AssistantError, BadArticle, FetchRefused
from ..governance.audit import SYSTEM, Actor
from ..storage.files import replace_durable, storage_error
from .fetch import Gone, allow_list, fetch
from .journal import checkpoint, rewritten
from .provenance import now
from .refreshstate import STATE, PgState, State, open_state

__all__ = ["STATE", "RefreshSummary", "State", "page_hash", "refresh", "web_source"]


def page_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def web_source(a: Article) -> str | None:
    source = (a.source or "").strip()
    return source if source.lower().startswith(("http://", "https://")) else None


@dataclass
class RefreshSummary:
    checked: int = 0
    unchanged: int = 0
    changed: list[str] = field(default_factory=list)
    gone: list[tuple[str, int]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (id, Swedish reason)
    held: list[tuple[str, str]] = field(default_factory=list)  # changed, not taken in: why
    requests: int = 0
    embedded: int = 0  # passages (chunks and sentences) embedded by the index update
    seconds: float = 0.0

    def line(self) -> str:
        return (f"Kontroll mot källorna: {self.checked} artiklar, {self.unchanged} oförändrade, "
                f"{len(self.changed)} uppdaterade, {len(self.gone)} borta hos källan (404/410), "
                f"{len(self.held)} väntar på granskning, {len(self.failed)} kunde inte hämtas; "
                f"{self.requests} förfrågningar, {self.embedded} textavsnitt inbäddade; "
                f"{self.seconds:.1f} s")


def _check(a: Article, state: State | PgState, settings, allow, summary: RefreshSummary):
    """(new body, page hash, fetched) if the page's text changed, else None."""
    entry = state.get(a.id)
    url = entry.get("url") or web_source(a)
    headers = {}
    if entry.get("sha256"):  # validators only for a page known to match the article
        headers = {"If-None-Match": entry.get("etag"),
                   "If-Modified-Since": entry.get("last_modified")}
    summary.requests += 1
    try:
        got = fetch(url, allow, settings.fetch_timeout, headers=headers)
    except Gone as err:
        state.mark_gone(a.id, url, err.status)
        summary.gone.append((a.id, err.status))
        return None
    except FetchRefused as err:
        summary.failed.append((a.id, str(err)))
        return None
    if got.status == 304:  # (a page that was gone is back as it was)
        state.remember(a.id, url, got.etag, got.last_modified, entry["sha256"])
        summary.unchanged += 1
        return None
    try:
        raw = got.file.read_bytes()
        digest = page_hash(raw)
        if digest == entry.get("sha256") and not entry.get("gone"):
            state.remember(a.id, url, got.etag, got.last_modified, digest)
            summary.unchanged += 1
            return None
        [(_, extracted)] = read_files([got.file], Budget.of(settings))
    finally:
        shutil.rmtree(got.file.parent, ignore_errors=True)
    if isinstance(extracted, BadArticle):
        summary.failed.append((a.id, str(extracted)))
        return None
    body = unicodedata.normalize("NFC", extracted.body).strip("\n")
    if body_key(body) == body_key(a.body):
        state.remember(a.id, url, got.etag, got.last_modified, digest)
        summary.unchanged += 1
        return None
    return body, (url, got.etag, got.last_modified, digest)


def _new_text(file: Path, a: Article, body: str) -> bytes:
    """The article file with `body` and everything else as it was."""
    meta, _ = parse_front_matter(file.read_text(encoding="utf-8"))
    text = format_article(title=a.title, body=body, id=meta.get("id") and a.id,
                          municipality=a.municipality, partners=a.partners,
                          published=a.published, updated=a.updated, source=a.source,
                          also_published_at=a.also_published_at)
    if a.date_note and not (a.published or a.updated):
        text = text.replace("\n---\n", f"\ndate_note: {json.dumps(a.date_note, ensure_ascii=False)}"
                                       "\n---\n", 1)
    return text.encode("utf-8")


def refresh(editor, actor: Actor = SYSTEM, only: set[str] | None = None) -> RefreshSummary:
    """Re-check every article with a web address (`only`: these ids) and
    take the changed texts in, as one change. Raises StorageError (then no
    article changed)."""
    started = time.perf_counter()
    settings = editor.settings
    allow = allow_list(settings.fetch_allow)
    state = open_state(editor.corpus, editor.db)
    summary = RefreshSummary()
    found = []
    for a in load_corpus(editor.corpus).articles:
        if web_source(a) is None or (only is not None and a.id not in only):
            continue
        summary.checked += 1
        change = _check(a, state, settings, allow, summary)
        if change:
            found.append((a, *change))
    if found:
        _take_in(editor, found, actor, state, summary)
    state.save()
    summary.seconds = time.perf_counter() - started
    return summary


def _take_in(editor, found, actor: Actor, state: State | PgState,
             summary: RefreshSummary) -> None:
    with editor._turn():
        steps, writes, rows, done = [], [], [], []
        for a, body, validators in found:
            try:
                file, now_there = editor.find(a.id)
            except AssistantError as err:  # removed meanwhile
                summary.failed.append((a.id, str(err)))
                continue
            if now_there.fingerprint != a.fingerprint:
                summary.failed.append((a.id, "artikeln ändrades av en redaktör under tiden"))
                continue
            before = file.read_bytes()
            data = _new_text(file, a, body)
            try:
                new = parse_article(normalise_text(data), a.path, a.id)
            except BadArticle as err:
                summary.failed.append((a.id, str(err)))
                continue
            kinds, where = personal_data_in(new)
            if kinds:
                summary.held.append((a.id, "sidan innehåller nu personuppgifter ("
                                     + ", ".join(kinds) + (f" i {where}" if where else "")
                                     + "); granska den och lägg till den på nytt"))
                continue
            steps.append(rewritten(file, before, data))
            writes.append((file, data))
            rows.append(("article.refresh", a.id, {"source": validators[0]}))
            done.append((a, validators))
        if not writes:
            return
        at = now()
        record = editor.journal.new("refresh", at, steps,
                                    {a.id: {"changed_by": actor.name, "changed_at": at}
                                     for a, _ in done})
        with editor._change(record, actor, rows):
            for file, data in writes:
                try:
                    replace_durable(file, data)
                except OSError as err:
                    raise storage_error(err, editor.corpus, "artikelfilen", "--corpus") from None
                checkpoint("refresh:file")
        build = getattr(editor, "last_build", None)
        summary.embedded = build.embedded_texts if build else 0
    for a, (url, etag, modified, digest) in done:
        state.remember(a.id, url, etag, modified, digest)
        summary.changed.append(a.id)
