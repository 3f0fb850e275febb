"""The JSON API under /api and /healthz: request models, Swedish messages,
routes. Errors are `{"error": "<Swedish>"}` with a 4xx (503 when busy),
made by web/errors.py."""

from __future__ import annotations

import logging
import time
from typing import Literal

import anyio
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr

from ...answering.contract import answer_json, article_json
from ...answering.pipeline import Ask, ask as ask_pipeline
from ...answering.request import check
from ...answering.screening import refusal_in_feedback
from ...editors.journal import CorpusCheck, Disagreement
from ...errors import AssistantError, BadQuestion, PersonalData, error_body
from ...governance.feedback import FeedbackStore, FeedbackUnavailable, ForgedAnswer
from ..errors import RETRY_AFTER_SECONDS, documented, error
from ..gate import Busy, Gate
from ..limits import RateLimit
from ..pages.docs import docs_page

log = logging.getLogger(__name__)

BUSY = "Många frågar just nu. Försök igen om en stund."
FAILED = "Något gick fel. Försök igen om en stund."
TOO_OFTEN = "För många återkopplingar på kort tid. Försök igen om en stund."
FORGED = ("Svaret känns inte igen: skicka svaret oförändrat, så som /api/ask gav det "
          "(med answer_id, start och end).")
UNHEALTHY = "Frågor kan inte besvaras just nu: indexet går inte att söka i."
HEALTH_SECONDS = 5.0  # a real search's result is reused this long
HEALTH_QUESTION = "Hur samverkar kommunerna?"
ANSWER_ID = "answer_id"  # added to the /api/ask object (README: The JSON contract)


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: StrictStr = Field(description="Frågan, på svenska (högst 1 000 tecken).",
                                examples=["Vem är socialchef i Vårgårda?"])
    k: StrictInt | None = Field(None, ge=1, le=10, description="Högst så många citat (1–10).")
    # the filters' values are checked by the pipeline (answering/request.py), like the chat's
    municipality: StrictStr | None = Field(None, description="Bara artiklar om den här kommunen "
                                                             "(högst 100 tecken).")
    year: StrictInt | None = Field(None, description="Bara artiklar publicerade (eller "
                                                     "uppdaterade) det året (1900–2100).")


class _ArticleRef(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: StrictStr = Field(max_length=200)


class _PassageIn(BaseModel):
    model_config = ConfigDict(extra="ignore")
    quote: StrictStr = Field(max_length=5000)
    start: StrictInt = Field(ge=0)
    end: StrictInt = Field(ge=0)
    article: _ArticleRef


class AnswerIn(BaseModel):
    """The object /api/ask returned, sent back as it was. Only what its
    answer id covers is read; other fields are ignored, not stored."""
    model_config = ConfigDict(extra="ignore")
    question: StrictStr = Field(max_length=1000)
    no_answer: StrictBool = False
    passages: list[_PassageIn] = Field(default_factory=list, max_length=10)
    nearest: list[_PassageIn] = Field(default_factory=list, max_length=10)
    interpreted_as: StrictStr | None = Field(None, max_length=1000)
    answer_id: StrictStr | None = Field(None, max_length=128)


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answer: AnswerIn = Field(description="Svarsobjektet från /api/ask, oförändrat (med answer_id).")
    verdict: Literal["helpful", "not_helpful", "wrong_quote"] = Field(
        description="helpful (svaret hjälpte), not_helpful, eller wrong_quote (ett citat är fel).")
    quote: StrictInt | None = Field(None, ge=1, le=10,
                                    description="För wrong_quote: citatets nummer, från 1.")


class Articles:
    """Article records by id for the index loaded now, made once per index
    (not once per feedback request)."""

    def __init__(self, assistant):
        self.assistant = assistant
        self._data = None
        self._by_id: dict = {}

    def get(self, article_id: str):
        searcher = self.assistant.searcher
        data = searcher.data if searcher is not None else None
        if data is not self._data:
            self._by_id = {a.id: a for a in data.articles} if data is not None else {}
            self._data = data
        return self._by_id.get(article_id)


def stored_answer(body: AnswerIn, articles: Articles) -> dict:
    """The answer as it is stored: the signed fields, with each article's
    record from the index (nothing else the client sent)."""
    def passage(p: _PassageIn) -> dict:
        a = articles.get(p.article.id)
        return {"quote": p.quote, "start": p.start, "end": p.end,
                "article": article_json(a) if a is not None else {"id": p.article.id}}

    return {"question": body.question, "no_answer": body.no_answer,
            "passages": [passage(p) for p in body.passages],
            "nearest": [passage(p) for p in body.nearest],
            "reason": None, "interpreted_as": body.interpreted_as}


class Health:
    """Ok only if a real question can be answered: a tiny real search,
    its result reused for HEALTH_SECONDS. Then also whether the articles in
    corpus/ and the loaded index agree (journal.CorpusCheck): when they do
    not, questions are still answered, so the status is "degraded" (HTTP
    200, so that a load balancer keeps the instance) with a Swedish warning."""

    def __init__(self, assistant, observers=()):
        self.assistant = assistant
        self.observers = observers  # told with source "health": none counts it
        self._at = -HEALTH_SECONDS
        self._ok = False
        # under a database, a server's corpus/ is a copy written at each change
        # (editors/mirror.py): the database is what the index is compared with
        self._check = None if getattr(assistant.settings, "database_url", None) \
            else CorpusCheck(assistant.settings.corpus_dir)
        self.disagreement: Disagreement | None = None  # None: not known

    async def ok(self) -> bool:
        if time.monotonic() - self._at >= HEALTH_SECONDS:
            self._ok = await anyio.to_thread.run_sync(self._search)
            self._at = time.monotonic()
        return self._ok

    def _search(self) -> bool:
        try:
            ask_pipeline(self.assistant, Ask(HEALTH_QUESTION, "health", k=1), self.observers)
            ok = self.assistant.searcher is not None
        except Exception:
            log.exception("health check: a question could not be answered")
            return False
        try:
            self.disagreement = self._check and self._check(
                list(self.assistant.searcher.data.articles))
        except Exception:  # the check must never make the service look down
            log.exception("health check: corpus and index could not be compared")
            self.disagreement = None
        if self.disagreement:
            log.warning("health check: %s", self.disagreement.message())
        return ok


def serve_first(app: FastAPI, paths: tuple[str, ...] = ("/api/ask", "/healthz")) -> None:
    """The routes of `paths` moved to the front of the app's routes. A
    request is matched against the routes in order, here and in the guard
    (guard.py): /api/ask came after every router included before it, some
    60 routes matched twice per question, a third of the event loop's CPU
    (bench/cpu_stages.py). No other route matches these paths, so the same
    handlers answer; /docs lists them first."""
    routes = app.router.routes
    first = [r for r in routes if getattr(r, "path", None) in paths]
    routes[:] = first + [r for r in routes if r not in first]
    getattr(app.router, "_mark_routes_changed", lambda: None)()  # FastAPI 0.16x caches


def add_routes(app: FastAPI, assistant, gate: Gate, feedback: FeedbackStore,
               limit: RateLimit, observers=()) -> None:
    """/healthz, /api/ask, /api/feedback and /docs on `app`;
    `observers` are told about each question (answering/pipeline.py)."""
    articles = Articles(assistant)
    health = Health(assistant, observers)

    @app.get("/healthz", summary="Hälsa",
             description="Om en riktig fråga kan besvaras (en liten sökning, högst var femte "
                         "sekund), hur många artiklar och textavsnitt indexet har och vilken "
                         "modell som byggde det. 503 när frågor inte kan besvaras. "
                         "`status` är `degraded` (med `warning` på svenska och "
                         "`corpus_agrees: false`) när artikelmappen och indexet inte stämmer "
                         "överens, till exempel efter en avbruten ändring.",
             responses=documented({503: "Frågor kan inte besvaras"}))
    async def healthz():
        if not await health.ok():
            return JSONResponse(error_body(UNHEALTHY, status="error",
                                           index_loaded=assistant.searcher is not None),
                                status_code=503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
        body = {"status": "ok", "index_loaded": True, **assistant.stats(),
                "queue": {"busy": gate.admitted, "capacity": gate.capacity},
                "corpus_agrees": None if health.disagreement is None else not health.disagreement}
        if health.disagreement:
            body.update(status="degraded", warning=health.disagreement.message(),
                        corpus=health.disagreement.to_json())
        return body

    @app.post("/api/ask", summary="Ställ en fråga",
              description="Samma objekt som `assistant ask --json` (README: The JSON contract), "
                          "plus `answer_id`, som /api/feedback behöver.",
              responses=documented({400: "Ogiltig JSON",
                                    422: "Fel fält eller värde, tom eller för lång fråga",
                                    503: "Kön är full: försök igen efter Retry-After sekunder"}))
    async def ask(body: AskRequest):
        request = Ask(body.question, "api", k=body.k, municipality=body.municipality,
                      year=body.year)
        try:  # before the queue: an over-long question never waits for a worker
            check(request, assistant.settings.max_question_chars)
        except BadQuestion as err:
            return error(422, str(err))

        def work():  # the body rendered here, in the gate's thread, and only once
            out = answer_json(ask_pipeline(assistant, request, observers).answer)
            return JSONResponse({**out, ANSWER_ID: feedback.sign(out)})
        try:
            return await gate.run(work)
        except Busy:
            return error(503, BUSY)
        except BadQuestion as err:
            return error(422, str(err))
        except AssistantError as err:
            log.error("ask failed: %s", err)
            return error(503, str(err))
        except Exception:
            log.exception("ask failed")
            return error(500, FAILED)

    @app.post("/api/feedback", status_code=201, summary="Återkoppling på ett svar",
              description="Markera ett svar som hjälpsamt eller inte, eller ett citat som fel. "
                          "Bara svar som /api/ask gav (med answer_id) tas emot. Sparas lokalt och "
                          "kan exporteras med `assistant feedback export`.",
              responses=documented({413: "Begäran är för stor",
                                    422: "Fel fält, eller ett svar som inte känns igen",
                                    429: "För många återkopplingar från samma adress",
                                    503: "Lagringen är full eller skrivskyddad"}))
    def give_feedback(body: FeedbackRequest, request: Request):
        if not limit.allow(request.client.host if request.client else ""):
            return error(429, TOO_OFTEN, {"Retry-After": str(RETRY_AFTER_SECONDS)})
        if refusal := refusal_in_feedback(body.answer.model_dump()):  # personal data: not stored
            return error(422, refusal)
        answer = stored_answer(body.answer, articles)
        try:
            row = feedback.record(answer, body.verdict, body.quote, source="api",
                                  answer_id=body.answer.answer_id)
        except ForgedAnswer:
            return error(422, FORGED)
        except PersonalData as err:  # the store's own screen (feedback.Verdicts.checked)
            return error(422, str(err))
        except FeedbackUnavailable as err:
            return error(503, str(err))
        except ValueError:
            return error(422, f"Svaret har inget citat nummer {body.quote}.")
        return JSONResponse({"saved": row}, status_code=201)

    methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]

    @app.api_route("/api", methods=methods, include_in_schema=False)
    @app.api_route("/api/{rest:path}", methods=methods, include_in_schema=False)
    def api_other(rest: str = ""):
        if rest in ("ask", "feedback"):
            return error(405, f"Använd POST för /api/{rest}.", {"Allow": "POST"})
        return error(404, f"Det finns ingen adress /api/{rest}. Se /docs.")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(docs_page(app.openapi()))
