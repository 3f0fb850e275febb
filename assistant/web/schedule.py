"""The server's schedule for watched sources and re-checks: every
`Settings.feed_interval` hours (ASSISTANT_FEED_INTERVAL; 0, the default,
turns it off) a daemon thread checks the watched feeds (editors/watch.py)
and re-checks every article at its source (editors/refresh.py), logging one
summary line each. The first round runs one interval after the start.
Changes take turns with the editors' on the corpus folder's lock. Under
ASSISTANT_DATABASE_URL every server runs the schedule, and one at a time
checks (editors/watch.py: one_round); a server finding another checking
skips that round."""

from __future__ import annotations

import logging
import threading

from ..editors.refresh import refresh
from ..editors.watch import check_sources, one_round
from ..errors import AssistantError

log = logging.getLogger(__name__)


def run_once(editor, every_hours: float = 0.0) -> bool:
    """One round of a schedule of one every `every_hours`; False when
    another server on the database runs its round or began one less than
    half an interval ago (this one is then skipped, quietly)."""
    try:
        with one_round(editor, every_hours) as mine:
            if not mine:
                log.info("the scheduled check is skipped: another server is checking")
                return False
            for line in check_sources(editor):
                log.warning("bevakning: %s", line)
            log.warning("%s", refresh(editor).line())
    except AssistantError as err:
        log.error("the scheduled check of the sources failed: %s", err)
    except Exception:  # the thread must outlive one bad round
        log.exception("the scheduled check of the sources failed")
    return True


def start_schedule(editor, settings) -> threading.Event | None:
    """Start the thread if the setting asks for it; set the returned event
    to stop it."""
    if not settings.feed_interval > 0:
        return None
    stop = threading.Event()

    def loop():
        while not stop.wait(settings.feed_interval * 3600):
            run_once(editor, settings.feed_interval)

    threading.Thread(target=loop, daemon=True, name="feed-schedule").start()
    return stop
