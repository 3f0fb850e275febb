"""A small token bucket per client address, for feedback (chat and API)."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict


class RateLimit:
    """Each client may take `burst` at once, then `per_minute`; at most
    `clients` addresses are remembered (the longest idle forgotten)."""

    def __init__(self, burst: int = 10, per_minute: float = 10.0, clients: int = 10_000):
        self.burst = float(burst)
        self.rate = per_minute / 60.0
        self.clients = clients
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def allow(self, client: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, last = self._buckets.pop(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            ok = tokens >= 1.0
            self._buckets[client] = (tokens - 1.0 if ok else tokens, now)
            while len(self._buckets) > self.clients:
                self._buckets.popitem(last=False)
            return ok
