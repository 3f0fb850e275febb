"""The editors' parts wired into the app in one call from server.create_app:
their API (editor_api.py), their pages (editor_page.py) and the store of
declined questions (gaps.py), which the returned assistant records into.
"""

from __future__ import annotations

from pathlib import Path

from .routes.ask import HEALTH_QUESTION
from ..editors.editing import Editor
from .routes.editors import UPLOAD_BYTES, editor_router
from .pages.editors import editor_pages
from ..editors.gaps import GapStore, Recording


def install(app, assistant, settings, access):
    """Add the editors' API and pages; return the assistant that records
    declined questions (for the chat and /api/ask). Returns (assistant, upload limit)."""
    gaps_db = settings.gaps_db or Path(settings.feedback_db).with_name("gaps.sqlite3")
    store = GapStore(gaps_db, settings.retention_days, enabled=settings.gaps)
    editor = Editor(assistant, settings, settings.removed_dir)
    editor.purge_removed()
    app.include_router(editor_router(editor, access.audit, access.policy, settings))
    app.include_router(editor_pages(editor, store))
    return Recording(assistant, store, (HEALTH_QUESTION,)), {"/api/articles": UPLOAD_BYTES}
