"""One process: the Gradio chat at / and a JSON API under /api."""

from __future__ import annotations

import gradio as gr
from fastapi import FastAPI

from .config import Settings
from .web import CSS, THEME, build_ui


def create_app(assistant, settings: Settings) -> FastAPI:
    app = FastAPI(title="Samverkansassistenten", docs_url="/docs")

    @app.get("/healthz")
    def healthz() -> dict:
        return {"status": "ok", "index_loaded": assistant.searcher is not None, **assistant.stats()}

    return gr.mount_gradio_app(app, build_ui(assistant), path="", theme=THEME, css=CSS,
                               footer_links=[], show_error=True)
