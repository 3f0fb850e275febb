"""The editors' parts wired into the app in one call from app.create_app:
their API (routes/editors.py), their pages (pages/editors.py) and the store
of declined questions (assistant/editors/gaps.py), whose `observe` app.py
passes to the question pipeline.
"""

from __future__ import annotations

import logging
from ..editors.editing import Editor
from ..editors.pggaps import open_gaps
from ..errors import AssistantError
from .pages.editors import editor_pages
from .routes.editors import UPLOAD_BYTES, editor_router
from .routes.sources import sources_router
from .schedule import start_schedule

log = logging.getLogger(__name__)


def install(app, assistant, settings, access):
    """Add the editors' API and pages. Returns (the store of declined
    questions, the upload body limits)."""
    store = open_gaps(settings)
    editor = Editor(assistant, settings, settings.removed_dir, access.audit)
    try:  # an editor's change a killed process left: rolled back or forward
        editor.recover()
        if editor.mirror is not None:  # under a database: corpus/ written from it
            editor.mirror.refresh()
    except AssistantError as err:  # the next change tries again; /healthz reports it
        log.error("an unfinished editor's change could not be settled: %s", err)
    editor.purge_removed()
    app.include_router(editor_router(editor, access.policy, settings))
    app.include_router(editor_pages(editor, store))
    app.include_router(sources_router(editor, access.policy))
    start_schedule(editor, settings)
    return store, {"/api/articles": UPLOAD_BYTES}
