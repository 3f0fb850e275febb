"""How uvicorn serves the app (app.py and the tests): every connection is
bounded in time and in number, so slow or idle clients cannot hold the
process's file descriptors (issues 10 and 19). The settings (config.py):

- ASSISTANT_HEADER_TIMEOUT (10 s): each request's line and headers must
  arrive within this time, or the connection is closed. uvicorn's own
  keep-alive timeout (5 s) starts only after a response.
- ASSISTANT_BODY_TIMEOUT (30 s) and ASSISTANT_BODY_MIN_RATE (1,000 bytes/s):
  a request body must be complete within BODY_TIMEOUT seconds plus one
  second for every BODY_MIN_RATE bytes received. A large upload on a slow
  line has the time it needs; a body sent a byte at a time is answered 408
  (Swedish JSON) and closed after about BODY_TIMEOUT seconds.
- ASSISTANT_MAX_CONNECTIONS (1,000) and ASSISTANT_CLIENT_CONNECTIONS (20):
  connections open at once, in all and from one address, counted from
  accept() on (CappedSocket). The first is lowered at start to what the
  descriptor limit (`ulimit -n`) leaves beside a reserve for files,
  databases and the model: 160 of 256. An address at its cap gets a Swedish
  503 and is closed at once; addresses whose forwarded headers are trusted
  (ASSISTANT_TRUSTED_PROXIES, else uvicorn's FORWARDED_ALLOW_IPS, by default
  127.0.0.1) carry many users and have no cap of their own. At the overall
  cap, a newcomer from an address that holds less than an equal share (the
  cap divided by the addresses connected) makes room by closing a
  connection that is not in the middle of a request (still sending headers
  or a body, idle between requests, or holding an event stream open): not
  a proxy's if another will do,
  then one of the address holding the most, the longest-waiting first. Any
  other newcomer, or one that finds every connection busy, gets the 503. So
  accept() never runs out of descriptors, and a user with one connection
  gets in while a few addresses hold all the others.
- Event streams (Gradio's heartbeat, queue and call streams) have a
  lifetime and a per-client cap of their own: edge.StreamLimit.

Logging: a record repeated more than REPEAT_BURST times within
REPEAT_WINDOW seconds (same logger, message and exception type) is dropped,
and the next one that is written says how many were. Python 3.11's event
loop logs "socket.accept() out of system resource", with its traceback,
thousands of times a second while descriptors are exhausted (280 MB of
log in 45 s in issue 19).
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import json
import logging
import os
import resource
import socket
import threading
import time
from collections import Counter, OrderedDict
from dataclasses import dataclass

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import STATUS_PHRASES, H11Protocol

from ..governance.identity import Network, in_networks, networks

log = logging.getLogger(__name__)

BODY_TOO_SLOW = "Begäran kom för långsamt och avbröts. Försök igen."
TOO_MANY = "Servern har för många anslutningar just nu. Försök igen om en stund."
RETRY_AFTER_SECONDS = 5
REPEAT_BURST = 5
REPEAT_WINDOW = 10.0


@dataclass(frozen=True)
class ConnectionLimits:
    """What one connection may take (seconds, bytes/s) and how many may be
    open. `proxies`: peers without a per-address cap (None: every peer)."""

    header_timeout: float = 10.0
    body_timeout: float = 30.0
    body_min_rate: float = 1000.0
    max_connections: int = 1000
    client_connections: int = 20
    proxies: tuple[Network, ...] | None = ()


def descriptor_room(wanted: int) -> int:
    """`wanted`, or fewer if the process's descriptor limit leaves less room
    beside a reserve (64 and an eighth of the limit, at most half of it) for
    everything else: 160 of 256, 832 of 1,024."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return wanted
    return max(1, min(wanted, soft - min(64 + soft // 8, soft // 2)))


def forwarding_proxies(settings) -> tuple[Network, ...] | None:
    """The peers whose forwarded headers are believed: ASSISTANT_TRUSTED_PROXIES,
    or (uvicorn's proxy headers are on without it) FORWARDED_ALLOW_IPS as
    uvicorn reads it; None for "*"."""
    if settings.trusted_proxies:
        return networks(settings.trusted_proxies, "ASSISTANT_TRUSTED_PROXIES")
    items = [v.strip() for v in os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1").split(",")]
    if "*" in items:
        return None
    found = []
    for item in items:
        try:
            found.append(ipaddress.ip_network(item, strict=False))
        except ValueError:  # a Unix socket path or a name: no TCP peer to exempt
            pass
    return tuple(found)


def connection_limits(settings) -> ConnectionLimits:
    return ConnectionLimits(
        header_timeout=settings.header_timeout, body_timeout=settings.body_timeout,
        body_min_rate=settings.body_min_rate,
        max_connections=descriptor_room(settings.max_connections),
        client_connections=settings.client_connections, proxies=forwarding_proxies(settings))


def raw_response(status: int, message: str) -> bytes:
    """A whole HTTP/1.1 response with a Swedish JSON error, for a connection
    closed below the app (no request read, or its body never came)."""
    body = json.dumps({"error": message}, ensure_ascii=False).encode("utf-8")
    head = [f"HTTP/1.1 {status} {STATUS_PHRASES[status].decode()}",
            "content-type: application/json", f"content-length: {len(body)}",
            "x-content-type-options: nosniff", "connection: close"]
    if status == 503:
        head.append(f"retry-after: {RETRY_AFTER_SECONDS}")
    return ("\r\n".join(head) + "\r\n\r\n").encode("ascii") + body


class Connections:
    """The connections of one server, counted by peer address from accept()
    (CappedSocket; on another socket, from connection_made) until closed;
    who gives way when a cap is reached (see module doc)."""

    EVICTIONS_PER_TURN = 16  # closing ones hold their descriptor until the next turn

    def __init__(self, limits: ConnectionLimits):
        self.limits = limits
        self.count = 0
        self.by_peer: Counter = Counter()  # pending and open
        self.pending: Counter = Counter()  # accepted, no protocol yet
        self.open: dict = {}  # protocol -> None, oldest first, closing ones until lost
        self.closing: set = set()
        self.refused = 0
        self.evicted = 0
        self._turn_evictions = 0

    def capped(self, peer: str | None) -> bool:
        proxies = self.limits.proxies
        return bool(peer) and proxies is not None and not in_networks(peer, proxies)

    def must_wait(self) -> bool:
        """Full, and this turn's evictions are spent: accept no more until
        the closed connections have given back their descriptors."""
        return (self.count >= self.limits.max_connections
                and self._turn_evictions >= self.EVICTIONS_PER_TURN)

    def admit(self, peer: str | None) -> bool:
        """Count one more connection from `peer`, closing a waiting one to
        make room if a cap is reached; False if none can give way."""
        capped = self.capped(peer)
        if capped and self.by_peer[peer] >= self.limits.client_connections:
            room = False
        elif self.count < self.limits.max_connections:
            room = True
        else:  # full: an address holding its equal share or more is not given more
            share = self.limits.max_connections / max(1, len(self.by_peer))
            room = not (capped and self.by_peer[peer] >= share) and self._evict()
        if not room:
            self.refused += 1
            log.warning("connection refused: %d open, the cap is %d (%d from one address); "
                        "%d refused so far", self.count, self.limits.max_connections,
                        self.limits.client_connections, self.refused)
            return False
        self.count += 1
        self.by_peer[peer] += 1
        return True

    def made(self, conn) -> bool:
        """The protocol of a connection is made; False if it may not stay."""
        if self.pending[conn.peer] > 0:  # admitted at accept()
            self.pending[conn.peer] -= 1
            if not self.pending[conn.peer]:
                del self.pending[conn.peer]
        elif not self.admit(conn.peer):
            return False
        self.open[conn] = None
        return True

    def release(self, conn) -> None:
        if conn in self.open:
            del self.open[conn]
            self.closing.discard(conn)
            self.count -= 1
            self.by_peer[conn.peer] -= 1
            if self.by_peer[conn.peer] <= 0:
                del self.by_peer[conn.peer]

    def _evict(self) -> bool:
        if self._turn_evictions >= self.EVICTIONS_PER_TURN:
            return False
        waiting = [c for c in self.open if c.waiting_since is not None and c not in self.closing]
        if not waiting:
            return False
        # a proxy's connections last (it carries many users), then those of the
        # address holding the most, the longest-waiting first
        victim = max(waiting, key=lambda c: (self.capped(c.peer), self.by_peer[c.peer],
                                             -c.waiting_since))
        if not self._turn_evictions:
            asyncio.get_running_loop().call_soon(self._new_turn)
        self._turn_evictions += 1
        self.evicted += 1
        self.closing.add(victim)
        log.warning("a waiting connection was closed to make room (%d so far)", self.evicted)
        victim.answer_and_close(503, TOO_MANY)
        return True

    def _new_turn(self) -> None:
        self._turn_evictions = 0


class CappedSocket(socket.socket):
    """A listening socket whose accept() applies the connection caps: a
    connection beyond them is answered 503 and closed on the spot, so it
    never waits for the event loop holding a descriptor."""

    registry: Connections

    def accept(self):
        while True:
            if self.registry.must_wait():  # asyncio retries on its next turn
                raise BlockingIOError(errno.EAGAIN, "connection caps reached for this turn")
            conn, address = super().accept()
            peer = address[0] if isinstance(address, tuple) else None
            if self.registry.admit(peer):
                self.registry.pending[peer] += 1
                return conn, address
            try:
                conn.setblocking(False)
                conn.send(raw_response(503, TOO_MANY))
            except OSError:
                pass
            conn.close()


def capped_sockets(config: uvicorn.Config, registry: Connections) -> list[socket.socket]:
    """Listening sockets for the configured host and port, as asyncio would
    bind them, whose accept() applies `registry`'s caps."""
    found = []
    infos = socket.getaddrinfo(config.host or None, config.port, type=socket.SOCK_STREAM,
                               flags=socket.AI_PASSIVE)
    for family, kind, proto, _, address in dict.fromkeys(infos):
        sock = CappedSocket(family, kind, proto)
        sock.registry = registry
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        sock.bind(address)
        found.append(sock)
    return found


class Server(uvicorn.Server):
    """uvicorn's server, on CappedSocket listeners when its protocol is
    bounded_protocol's (uvicorn_config): app.py runs this."""

    def run(self, sockets=None) -> None:
        registry = getattr(self.config.http, "registry", None)
        if sockets is None and registry is not None and self.config.uds is None \
                and self.config.fd is None:
            try:
                sockets = capped_sockets(self.config, registry)
            except OSError as err:
                logging.getLogger("uvicorn.error").error(err)
                raise SystemExit(3) from None  # uvicorn's STARTUP_FAILURE
            for sock in sockets:
                host, port = sock.getsockname()[:2]
                shown = f"[{host}]" if ":" in host else host
                logging.getLogger("uvicorn.error").info(
                    "Uvicorn running on http://%s:%d (Press CTRL+C to quit)", shown, port)
        return super().run(sockets=sockets)


def bounded_protocol(limits: ConnectionLimits) -> type[H11Protocol]:
    """uvicorn's h11 protocol with the time limits and caps of `limits`,
    shared by all connections of one server."""
    registry = Connections(limits)

    class Bounded(H11Protocol):
        peer: str | None = None
        waiting_since: float | None = None  # not in the middle of a request since then
        streaming = False  # the response is an event stream: it may give way as well
        _header_timer = None
        _body_timer = None
        _body_start = 0.0
        _body_bytes = 0

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            app = self.app

            async def watched(scope, receive, send):
                async def watched_send(message):
                    if message["type"] == "http.response.start" and _event_stream(message):
                        self.streaming = True
                        self.waiting_since = self.loop.time()
                    await send(message)

                await app(scope, receive, watched_send)

            self.app = watched

        def connection_made(self, transport):
            super().connection_made(transport)
            self.peer = self.client[0] if self.client else None
            self.waiting_since = self.loop.time()
            if not registry.made(self):
                self.waiting_since = None
                transport.write(raw_response(503, TOO_MANY))
                transport.close()
                return
            self._arm_headers()

        # headers
        def _arm_headers(self):
            self._disarm_headers()
            self._header_timer = self.loop.call_later(limits.header_timeout,
                                                      self._headers_too_slow)

        def _disarm_headers(self):
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

        def _headers_too_slow(self):
            self._header_timer = None
            if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
                self.transport.close()  # no complete request line and headers in time

        # body
        def _arm_body(self):
            if self._body_timer is None:
                self._body_start, self._body_bytes = self.loop.time(), 0
                self._body_timer = self.loop.call_later(limits.body_timeout, self._check_body)

        def _disarm_body(self):
            if self._body_timer is not None:
                self._body_timer.cancel()
                self._body_timer = None

        def _check_body(self):
            self._body_timer = None
            if self.conn.their_state is not h11.SEND_BODY or self.transport.is_closing():
                return
            deadline = (self._body_start + limits.body_timeout
                        + self._body_bytes / limits.body_min_rate)
            now = self.loop.time()
            if now < deadline or self.flow.read_paused:  # paused: the app is not reading yet
                self._body_timer = self.loop.call_later(max(deadline - now, 0.5),
                                                        self._check_body)
                return
            log.warning("request body too slow: %d bytes in %.0f s, closed",
                        self._body_bytes, now - self._body_start)
            self.answer_and_close(408, BODY_TOO_SLOW)

        def _track(self):
            """Timers and the waiting mark after the request's state changed."""
            their = self.conn.their_state
            if their is not h11.IDLE:
                self._disarm_headers()  # the headers are in
            if their is h11.SEND_BODY:
                self._arm_body()
            else:
                self._disarm_body()
            if self.cycle is None or self.cycle.response_complete:
                self.streaming = False
            busy = (their in (h11.DONE, h11.MUST_CLOSE) and self.cycle is not None
                    and not self.cycle.response_complete and not self.streaming)
            if busy:
                self.waiting_since = None
            elif self.waiting_since is None:
                self.waiting_since = self.loop.time()

        def data_received(self, data: bytes) -> None:
            in_body = self.conn.their_state is h11.SEND_BODY
            super().data_received(data)
            if in_body:
                self._body_bytes += len(data)
            if not self.transport.is_closing():
                self._track()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._track()
                if self.conn.their_state is h11.IDLE:
                    self._arm_headers()  # the next request's headers within the same time

        def answer_and_close(self, status: int, message: str) -> None:
            """Close the connection; a Swedish JSON error first if no
            response has started. The app then reads a disconnect and
            whatever it sends is dropped."""
            cycle = self.cycle
            started = cycle is not None and cycle.response_started
            if cycle is not None and not cycle.response_complete:
                cycle.disconnected = True
                cycle.message_event.set()
            if not self.transport.is_closing():
                if not started:
                    self.transport.write(raw_response(status, message))
                self.transport.close()

        def connection_lost(self, exc):
            registry.release(self)
            self._disarm_headers()
            self._disarm_body()
            super().connection_lost(exc)

    Bounded.registry = registry
    return Bounded


def _event_stream(start: dict) -> bool:
    return any(k.lower() == b"content-type" and v.startswith(b"text/event-stream")
               for k, v in start.get("headers", ()))


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


def uvicorn_config(app, settings, **kwargs) -> uvicorn.Config:
    """The server's configuration: loopback or the configured host, no
    Server header, X-Forwarded-* trusted from FORWARDED_ALLOW_IPS only, the
    connection limits above."""
    limits = connection_limits(settings)
    options = dict(host=settings.host, port=settings.port, server_header=False, proxy_headers=True,
                   timeout_graceful_shutdown=5, timeout_keep_alive=5, ws="none",
                   http=bounded_protocol(limits), h11_max_incomplete_event_size=16 * 1024)
    config = uvicorn.Config(app, **{**options, **kwargs})  # sets up uvicorn's logging
    limit_repeated_logs()
    log.info("at most %d connections at once (%d from one address), descriptor limit %d",
             limits.max_connections, limits.client_connections,
             resource.getrlimit(resource.RLIMIT_NOFILE)[0])
    return config
