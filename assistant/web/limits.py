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


class PgRateLimit:
    """The same buckets in the shared database (ASSISTANT_DATABASE_URL):
    every app process draws on one bucket per client, so a client cannot
    get N times the rate by being spread over N servers. One statement per
    call, atomic under concurrent use; the database's clock is the one
    clock. Buckets idle long enough to be full again are deleted now and
    then (a full bucket and no bucket are the same)."""

    CLEAN_EVERY = 500

    def __init__(self, url: str, burst: int = 10, per_minute: float = 10.0, name: str = "feedback"):
        from ..storage.pgdb import Database, migrate

        self.burst = float(burst)
        self.rate = per_minute / 60.0
        self.name = name
        self.db = Database(url)
        migrate(self.db)
        self._calls = 0

    def allow(self, client: str, now: float | None = None) -> bool:
        args = {"bucket": self.name, "client": client, "burst": self.burst, "rate": self.rate,
                "now": now}
        self._calls += 1
        clean = self._calls % self.CLEAN_EVERY == 0

        def take(conn) -> bool:
            allowed = conn.execute(_TAKE, args).fetchone()[0]
            if clean:
                conn.execute("DELETE FROM rate_limits WHERE bucket = %(bucket)s AND at < "
                              "coalesce(%(now)s, extract(epoch FROM clock_timestamp())) "
                              "- %(burst)s / %(rate)s", args)
            return bool(allowed)

        return self.db.run(take)


_TAKE = """
WITH t AS (SELECT coalesce(%(now)s, extract(epoch FROM clock_timestamp()))::float8 AS now)
INSERT INTO rate_limits AS r (bucket, client, tokens, at, allowed)
SELECT %(bucket)s, %(client)s, %(burst)s - 1, t.now, true FROM t
ON CONFLICT (bucket, client) DO UPDATE SET
    allowed = least(%(burst)s, r.tokens + greatest(0, excluded.at - r.at) * %(rate)s) >= 1,
    tokens = least(%(burst)s, r.tokens + greatest(0, excluded.at - r.at) * %(rate)s)
             - CASE WHEN least(%(burst)s, r.tokens + greatest(0, excluded.at - r.at) * %(rate)s)
                         >= 1 THEN 1 ELSE 0 END,
    at = greatest(r.at, excluded.at)
RETURNING allowed
"""


def open_limit(settings):
    """The feedback rate limit: shared through the database when one is
    configured, else this process's own buckets."""
    url = getattr(settings, "database_url", None)
    return PgRateLimit(url) if url else RateLimit()
