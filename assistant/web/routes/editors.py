"""The editors' JSON API: add, correct and remove articles. Editors and admins only.

| route                           | what                                           |
| ------------------------------- | ---------------------------------------------- |
| POST /api/articles              | multipart `files` (one or more) and optional   |
|                                 | fields title, municipality, partners (comma-   |
|                                 | separated), published, updated; or JSON        |
|                                 | {"url": ..., same fields}. ?dry_run=1: only    |
|                                 | the preview, nothing written                   |
|                                 | allow_personal_data=1: publish an article that |
|                                 | holds personal data (else refused, 422; the    |
|                                 | preview names the kinds in `personal_data`)    |
| PATCH /api/articles/{id}        | JSON with any of the fields above              |
| DELETE /api/articles/{id}       | the file is kept aside until the retention     |
|                                 | period ends; the article leaves the index      |

Every change leaves an audit entry naming who made it, written with the
change or not at all (editors/editing.py): when the corpus, the index or the
audit log cannot be written the answer is 503 with a Swedish message and
nothing has changed. A browser request from another site is refused (the
proxy's sign-in travels with it). At most `Settings.imports` uploads or
fetches are worked on at once, each holding a thread of the pool that also
serves /healthz and the pages for up to the fetch and reading time-outs; one
more is refused with 503 at once.
"""

from __future__ import annotations

import json
import contextlib
import re
import shutil
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from ...answering.citation import reader_url
from ...corpus.articles import Article, article_json
from ...corpus.extract import MAX_DOCUMENT_BYTES
from ...corpus.extract.process import prepare as prepare_reader
from ...corpus.ingest import Outcome, Overrides
from ...editors.editing import FIELDS, Editor
from ...editors.fetch import allow_list, fetch
from ...errors import ArticleNotFound, AssistantError, NotJson, StorageError
from ...governance.audit import Actor
from ...governance.identity import User, shown_address
from ..errors import documented, error as error_response
from ..roles import require

# the API documentation's statuses (/docs) of the editors' routes
SIGNED_IN_EDITOR = {401: "Inte inloggad", 403: "Inte redaktör"}
CHANGE_ARTICLE = {**SIGNED_IN_EDITOR, 404: "Ingen sådan artikel",
                  503: "Lagringen är full eller skrivskyddad: ingenting ändrades"}

MAX_FILES = 20
MAX_NAME_CHARS, MAX_NAME_BYTES = 200, 240  # an uploaded file's name
# one upload: a few files at the largest size a file may have
UPLOAD_BYTES = 2 * MAX_DOCUMENT_BYTES + 1_000_000
CROSS_SITE = "Ändringar tas bara emot från appens egna sidor."
BUSY = ("Just nu läggs {n} andra filer eller webbadresser till, så många som tas emot "
        "samtidigt. Försök igen om en stund.")
BUSY_RETRY_SECONDS = 10
FLAG_NAMES = {"--municipality": "municipality", "--partner": "partners", "--title": "title",
              "--published": "published", "--updated": "updated", "--id": "id",
              "--allow-personal-data": "allow_personal_data"}
CONFIRM = "allow_personal_data"  # the editor confirms publishing personal data


def _plain(message: str) -> str:
    """The CLI's message, with its flags named as the API's fields."""
    for flag, name in FLAG_NAMES.items():
        message = re.sub(re.escape(flag) + r"(?=[\s:)]|$)", name, message)
    return message


def _name(upload) -> str:
    """An uploaded file's name without any folders."""
    return Path((upload.filename or "fil").replace("\\", "/")).name or "fil"


def error(status: int, message: str, headers: dict | None = None) -> JSONResponse:
    """The app's JSON error (web/errors.py), the CLI's flags named as the page names them."""
    return error_response(status, _plain(message), headers)


NOT_JSON = "Begäran är inte giltig JSON (i UTF-8)."


class Refused(AssistantError):
    """An editor's change refused, in the page's words, with its status."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


@contextlib.contextmanager
def refusals():
    """Around an editor's change: no such article 404, storage full or
    read-only 503, any other refusal 422 (bad input); worded as the page
    words it and answered by the app's one handler (web/errors.py)."""
    try:
        yield
    except AssistantError as err:
        status = err.status if isinstance(err, (ArticleNotFound, StorageError)) else 422
        raise Refused(_plain(str(err)), status) from err


def actor_of(request: Request, user: User, policy) -> Actor:
    """Who makes an editor's change, as its audit row names them (editing.py writes it)."""
    address = getattr(request.state, "client_address", None) or (
        request.client.host if request.client else None)
    return Actor(user.shown_name, role=user.role, via=user.via,
                 address=shown_address(address, policy.address_mode))


async def read_json(request: Request):
    """The request's JSON body (None for an empty one); NotJson (400) otherwise,
    answered by the app's one error handler."""
    try:
        return json.loads(await request.body() or b"null")
    except (ValueError, RecursionError):  # RecursionError: nested too deep
        raise NotJson(NOT_JSON) from None


def same_site(request: Request) -> bool:
    """False for a browser request sent by another site's page."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("origin")
    if not origin:
        return True  # not sent by a browser's cross-site form or script
    host = request.headers.get("x-forwarded-host") or request.headers.get("host") or ""
    return urlsplit(origin).netloc.lower() == host.split(",")[0].strip().lower()


def article_fields(a: Article) -> dict:
    """The article's one JSON shape, with its reader page, as an editor's change returns it."""
    return {**article_json(a), "url": reader_url(a.id)}


def outcome_json(o: Outcome, shown_name: str | None = None) -> dict:
    """What `assistant add` prints for one file, as JSON."""
    out = {"file": shown_name or o.input.name, "status": o.status}
    if o.status == "error":
        out["error"] = f"{out['file']}: {_plain(o.message)}"
    a, e = o.article, o.extracted
    if a or e:
        body = a.body if a else e.body
        out.update(
            title=a.title if a else e.title,
            municipality=a.municipality if a else e.municipality,
            municipality_reason=_plain(o.municipality_reason),
            partners=list(a.partners if a else e.partners),
            published=a.published if a else e.published,
            updated=a.updated if a else e.updated,
            words=len(body.split()), paragraphs=body.strip().count("\n\n") + 1,
            notes=[_plain(n) for n in o.notes], source=(a.source if a else e.source),
            personal_data=list(o.personal_data), personal_data_where=o.personal_data_where)
    if a:
        out["id"] = a.id
        out["article_file"] = o.file.name if o.file else None
        if o.status == "added":
            out["url"] = reader_url(a.id)
    if o.status == "duplicate":
        out["duplicate_of"] = o.message
        out["error"] = f"{out['file']}: samma text som {o.message} finns redan; läggs inte till"
    if o.status == "duplicate" and o.copy_of:
        out.update(copy_of=o.copy_of, similarity=o.similarity)
        out["error"] = (f"{out['file']}: nästan samma text (likhet {o.similarity:.2f}) som artikeln "
                        f"{o.copy_of} ({o.message}) finns redan; läggs inte till. Spara adressen "
                        f"som en annan publiceringsplats för {o.copy_of} i stället.")
    return out


def _overrides(values: dict, n_files: int, via: str, source: str | None = None) -> Overrides:
    """Overrides from form (`via` "form") or JSON ("request") fields: absent = as
    found, "" = clear."""
    def text(key):
        value = values.get(key)
        if value is not None and not isinstance(value, str):
            raise AssistantError(f"{key} ska vara text.")
        return value

    partners = values.get("partners")
    if isinstance(partners, str):
        partners = tuple(p.strip() for p in partners.split(",") if p.strip())
    elif isinstance(partners, list) and all(isinstance(p, str) for p in partners):
        partners = tuple(partners)
    elif partners is not None:
        raise AssistantError("partners ska vara en lista med kommuner.")
    if n_files > 1 and text("title") is not None:
        raise AssistantError("title gäller en fil i taget; lägg till filerna var för sig.")
    confirmed = values.get(CONFIRM)
    confirmed = confirmed is True or (isinstance(confirmed, str)
                                      and confirmed.strip().lower() in ("1", "true", "ja", "on"))
    return Overrides(title=text("title"), municipality=text("municipality"),
                     published=text("published"), updated=text("updated"), partners=partners,
                     source=source, allow_personal_data=confirmed, via=via)


def _status(outcomes: list[Outcome], dry_run: bool) -> int:
    kinds = {o.status for o in outcomes}
    if "added" in kinds:
        return 201
    if dry_run and "checked" in kinds:
        return 200
    return 409 if kinds == {"duplicate"} else 422


def _answer(outcomes: list[dict], status: int) -> JSONResponse:
    body = {"articles": outcomes}
    if len(outcomes) == 1:
        body = {**outcomes[0], **body}
    elif status >= 400:
        body["error"] = "; ".join(o["error"] for o in outcomes if o.get("error"))
    return JSONResponse(body, status_code=status)


def editor_router(editor: Editor, policy, settings) -> APIRouter:
    router = APIRouter()
    allow = allow_list(settings.fetch_allow)
    editors = require("editor")
    slots = threading.BoundedSemaphore(settings.imports)  # uploads and fetches at once
    prepare_reader()  # a reading process waits for the first file (corpus/extract/process.py)

    def actor(request: Request, user: User) -> Actor:
        return actor_of(request, user, policy)

    async def from_files(request: Request, user: User, dry_run: bool) -> JSONResponse:
        try:
            form = await request.form(max_files=MAX_FILES, max_fields=50)
        except Exception:
            return error(400, f"Formuläret kunde inte läsas (högst {MAX_FILES} filer).")
        uploads = [f for f in form.getlist("files") if hasattr(f, "filename")]
        if not uploads:
            return error(422, "Välj minst en fil (fältet files).")
        if any(len(_name(u)) > MAX_NAME_CHARS or len(_name(u).encode("utf-8")) > MAX_NAME_BYTES
               for u in uploads):  # a file system takes 255 bytes at most
            return error(422, f"Ett filnamn är för långt (högst {MAX_NAME_CHARS} tecken). Byt "
                              "namn på filen och försök igen.")
        fields = {k: form.get(k) for k in (*FIELDS, CONFIRM) if form.get(k) is not None}
        folder = Path(tempfile.mkdtemp(prefix="assistant-upload-"))
        try:
            files, shown = [], []
            for n, upload in enumerate(uploads):
                name = _name(upload)
                target = folder / str(n) / name
                target.parent.mkdir()
                with target.open("wb") as out:
                    while chunk := await upload.read(1 << 20):
                        out.write(chunk)
                files.append(target)
                shown.append(name)
            with refusals():
                overrides = _overrides(fields, len(files), "form")
                outcomes = await run_in_threadpool(editor.add, files, overrides, dry_run,
                                                   actor(request, user), shown)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        status = _status(outcomes, dry_run)
        return _answer([outcome_json(o, s) for o, s in zip(outcomes, shown)], status)

    async def from_url(request: Request, user: User, dry_run: bool) -> JSONResponse:
        values = await read_json(request)
        if not isinstance(values, dict) or not isinstance(values.get("url"), str):
            return error(422, 'Ange webbadressen som {"url": "https://..."} eller skicka filer '
                              "i fältet files.")
        with refusals():  # FetchRefused: 422
            fetched = await run_in_threadpool(fetch, values["url"].strip(), allow,
                                              settings.fetch_timeout)
        try:
            with refusals():
                overrides = _overrides(values, 1, "request", source=fetched.url)
                outcomes = await run_in_threadpool(editor.add, [fetched.file], overrides,
                                                   dry_run, actor(request, user), [fetched.url])
        finally:
            shutil.rmtree(fetched.file.parent, ignore_errors=True)
        return _answer([outcome_json(o, fetched.url) for o in outcomes],
                       _status(outcomes, dry_run))

    @router.post("/api/articles", summary="Lägg till artiklar (redaktör)",
                 description="Filer (.html, .pdf, .txt, .md) i multipart-fältet `files`, eller "
                             'JSON `{"url": ...}` (en webbadress). Fälten title, municipality, partners, '
                             "published och updated rättar det som hittades (tomt: inget). "
                             "`?dry_run=1` visar bara vad som skulle läggas till. En artikel med "
                             "personuppgifter läggs bara till med `allow_personal_data=1`; "
                             "förhandsgranskningen anger sorterna under `personal_data`. "
                             "Svaret ger varje ny artikels `id` (under `articles`).",
                 responses=documented({201: "Tillagd", **SIGNED_IN_EDITOR, 409: "Dubblett",
                                       422: "Fel i filen",
                                       503: "Lagringen är full eller skrivskyddad, eller redan så "
                                            "många tillägg som tas emot samtidigt (försök igen "
                                            "efter Retry-After sekunder): ingenting ändrades"}))
    async def add(request: Request, user: User = Depends(editors), dry_run: str = "0"):
        if not same_site(request):
            return error(403, CROSS_SITE)
        dry = dry_run.lower() in ("1", "true", "ja", "yes")
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind not in ("multipart/form-data", "application/json"):
            return error(415, "Skicka filer som multipart/form-data (fältet files) eller en "
                              'adress som JSON {"url": ...}.')
        if not slots.acquire(blocking=False):
            return error(503, BUSY.format(n=settings.imports),
                         {"Retry-After": str(BUSY_RETRY_SECONDS)})
        try:
            if kind == "multipart/form-data":
                return await from_files(request, user, dry)
            return await from_url(request, user, dry)
        finally:
            slots.release()

    @router.patch("/api/articles/{article_id}", summary="Rätta en artikels uppgifter (redaktör)",
                  description="JSON med något av title, municipality, partners, published, "
                              "updated (tomt eller null: ta bort uppgiften). Texten ändras inte.",
                  responses=documented(CHANGE_ARTICLE))
    async def edit(request: Request, article_id: str, user: User = Depends(editors)):
        if not same_site(request):
            return error(403, CROSS_SITE)
        changes = await read_json(request)
        if not isinstance(changes, dict) or not changes:
            return error(422, f"Ange det som ska ändras som JSON, med något av {', '.join(FIELDS)}.")
        with refusals():
            article = await run_in_threadpool(editor.edit, article_id, changes,
                                              actor(request, user))
        return article_fields(article)

    @router.delete("/api/articles/{article_id}", summary="Ta bort en artikel (redaktör)",
                   description="Artikeln lämnar indexet och svaren. Filen sparas undan och "
                               "raderas när lagringstiden (ASSISTANT_RETENTION_DAYS) har gått.",
                   responses=documented(CHANGE_ARTICLE))
    async def remove(request: Request, article_id: str, user: User = Depends(editors)):
        if not same_site(request):
            return error(403, CROSS_SITE)
        with refusals():
            await run_in_threadpool(editor.remove, article_id, actor(request, user))
        return {"id": article_id, "removed": True}

    return router
