"""POST /api/answer/document and /api/answer/text: "Spara svaret" and
"Kopiera svaret" under each answer in the chat.

The page sends the answer back (answering/saved.py checks every quote
against its article and the question for personal data); the Word
document is built in memory and sent as the response. Nothing is written
to disk, nothing is kept, and no address serves it to anyone else.
"""

from __future__ import annotations

import io
import json

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from ...answering.pipeline import loaded_articles
from ...answering.saved import BAD_REQUEST, INTRO, TITLE, Saved, from_request
from ...errors import BadQuestion

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_BODY = 64 * 1024  # ten quotes and a question, with room to spare
FILE_NAME = "svar-ur-artiklarna.docx"


def document(saved: Saved) -> bytes:
    """The answer as a Word document (.docx), built in memory."""
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    doc.core_properties.title = TITLE
    doc.core_properties.language = "sv-SE"
    doc.core_properties.author = ""
    doc.add_heading(TITLE, level=1)
    p = doc.add_paragraph()
    p.add_run("Fråga: ").bold = True
    p.add_run(saved.question)
    doc.add_paragraph().add_run(INTRO).italic = True
    for n, q in enumerate(saved.quotes, 1):
        doc.add_heading(f"Citat {n}", level=2)
        quote = doc.add_paragraph(style="Quote")
        quote.add_run(q.text)  # verbatim: article.body[start:end]
        for label, value in saved.reference(q):
            line = doc.add_paragraph()
            line.paragraph_format.space_after = Pt(0)
            line.add_run(f"{label}: ").bold = True
            line.add_run(value)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _root(request: Request) -> str:
    """The app's public address, for reader links that work outside the app."""
    return str(request.base_url).rstrip("/")


def saved_router(assistant) -> APIRouter:
    router = APIRouter()

    async def _saved(request: Request) -> Saved | JSONResponse:
        raw = await request.body()
        if len(raw) > MAX_BODY:
            return JSONResponse({"error": "Svaret är för stort för att sparas."},
                                status_code=413)
        try:
            body = json.loads(raw or b"null")
        except ValueError:
            return JSONResponse({"error": BAD_REQUEST}, status_code=400)
        try:
            return from_request(body, loaded_articles(assistant), _root(request),
                                assistant.settings.max_question_chars)
        except BadQuestion as err:  # PersonalData too
            return JSONResponse({"error": str(err)}, status_code=422)

    @router.post("/api/answer/document", summary="Svaret som Word-dokument",
                 description="Frågan och citaten (artikel, start, slut, text) som chatten visar; "
                             "svaret är ett .docx-dokument med varje citat ordagrant och en "
                             "fullständig referens. Citaten kontrolleras mot artiklarna; inget "
                             "sparas på servern.")
    async def as_document(request: Request):
        saved = await _saved(request)
        if isinstance(saved, JSONResponse):
            return saved
        return Response(document(saved), media_type=DOCX, headers={
            "Content-Disposition": f'attachment; filename="{FILE_NAME}"',
            "Cache-Control": "no-store"})

    @router.post("/api/answer/text", summary="Svaret som text",
                 description="Samma innehåll som /api/answer/document, som text att kopiera.")
    async def as_text(request: Request):
        saved = await _saved(request)
        if isinstance(saved, JSONResponse):
            return saved
        return JSONResponse({"text": saved.text()}, headers={"Cache-Control": "no-store"})

    return router

