"""The editors' parts wired into the app in one call from app.create_app:
their API (routes/editors.py), their pages (pages/editors.py) and the store
of declined questions (assistant/editors/gaps.py), which the returned assistant records into.
"""

from __future__ import annotations

import logging
from pathlib import Path

from ..editors.editing import Editor
from ..editors.gaps import GapStore, Recording
from ..errors import AssistantError
from .pages.editors import editor_pages
from .routes.ask import HEALTH_QUESTION
from .routes.editors import UPLOAD_BYTES, editor_router
from .routes.sources import sources_router
from .schedule import start_schedule

log = logging.getLogger(__name__)


def install(app, assistant, settings, access):
    """Add the editors' API and pages; return the assistant that records
    declined questions (for the chat and /api/ask). Returns (assistant, upload limit)."""
    gaps_db = settings.gaps_db or Path(settings.feedback_db).with_name("gaps.sqlite3")
    store = GapStore(gaps_db, settings.retention_days, enabled=settings.gaps)
    editor = Editor(assistant, settings, settings.removed_dir, access.audit)
    try:  # an editor's change a killed process left: rolled back or forward
        editor.recover()
    except AssistantError as err:  # the next change tries again; /healthz reports it
        log.error("an unfinished editor's change could not be settled: %s", err)
    editor.purge_removed()
    app.include_router(editor_router(editor, access.policy, settings))
    app.include_router(editor_pages(editor, store))
    app.include_router(sources_router(editor, access.policy))
    start_schedule(editor, settings)
    return Recording(assistant, store, (HEALTH_QUESTION,)), {"/api/articles": UPLOAD_BYTES}
