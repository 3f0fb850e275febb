"""Logging that cannot flood the disk: a record repeated more than
REPEAT_BURST times within REPEAT_WINDOW seconds (same logger, message and
exception type) is dropped, and the next one that is written says how many
were. Python 3.11's event loop logs "socket.accept() out of system
resource", with its traceback, thousands of times a second while
descriptors are exhausted (280 MB of log in 45 s in issue 19).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict

REPEAT_BURST = 5
REPEAT_WINDOW = 10.0


class RepeatLimit(logging.Filter):
    """Drops a record once more than `burst` like it (logger, message,
    exception type) came within `window` seconds; the next one written
    says how many were dropped."""

    def __init__(self, burst: int = REPEAT_BURST, window: float = REPEAT_WINDOW,
                 kinds: int = 1000):
        super().__init__()
        self.burst, self.window, self.kinds = burst, window, kinds
        self._seen: OrderedDict[tuple, list] = OrderedDict()  # key -> [start, count, dropped]
        self._lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        verdict = getattr(record, "_repeat_limit", None)
        if verdict is not None:  # already judged by this filter on another logger or handler
            return verdict
        kind = record.exc_info[0] if record.exc_info else None
        key = (record.name, str(record.msg)[:200], kind)
        now = time.monotonic()
        with self._lock:
            seen = self._seen.pop(key, None) or [now, 0, 0]
            if now - seen[0] >= self.window:
                seen[0], seen[1] = now, 0
            seen[1] += 1
            verdict = seen[1] <= self.burst
            if not verdict:
                seen[2] += 1
            elif seen[2]:
                record.msg = f"{record.getMessage()} ({seen[2]} more like this not logged)"
                record.args = None
                seen[2] = 0
            self._seen[key] = seen
            while len(self._seen) > self.kinds:
                self._seen.popitem(last=False)
        record._repeat_limit = verdict
        return verdict


def limit_repeated_logs() -> RepeatLimit:
    """One RepeatLimit on every handler of the root and uvicorn loggers and
    on the asyncio logger (its records reach Python's last-resort handler
    when the root has none). Idempotent."""
    targets = [logging.getLogger("asyncio"), *logging.getLogger().handlers,
               *logging.getLogger("uvicorn").handlers]
    found = next((f for t in targets for f in t.filters if isinstance(f, RepeatLimit)), None)
    limit = found or RepeatLimit()
    for target in targets:
        if limit not in target.filters:
            target.addFilter(limit)
    return limit

