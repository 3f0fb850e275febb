"""How many connections one server holds, counted from accept() on
(issues 10 and 19; serving.py says how the parts fit together):

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
from collections import Counter
from dataclasses import dataclass

import uvicorn
from uvicorn.protocols.http.h11_impl import STATUS_PHRASES

from ..governance.identity import Network, in_networks, networks

log = logging.getLogger(__name__)

TOO_MANY = "Servern har för många anslutningar just nu. Försök igen om en stund."
RETRY_AFTER_SECONDS = 5

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

