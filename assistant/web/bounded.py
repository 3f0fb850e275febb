"""uvicorn's h11 protocol with time limits (issues 10 and 19): every
request's headers, and its body, must arrive in time.

- ASSISTANT_HEADER_TIMEOUT (10 s): each request's line and headers must
  arrive within this time, or the connection is closed. uvicorn's own
  keep-alive timeout (5 s) starts only after a response.
- ASSISTANT_BODY_TIMEOUT (30 s) and ASSISTANT_BODY_MIN_RATE (1,000 bytes/s):
  a request body must be complete within BODY_TIMEOUT seconds plus one
  second for every BODY_MIN_RATE bytes received. A large upload on a slow
  line has the time it needs; a body sent a byte at a time is answered 408
  (Swedish JSON) and closed after about BODY_TIMEOUT seconds.

Each connection is counted in the server's Connections (connections.py)
from connection_made until connection_lost, and says whether it is waiting
(`waiting_since`: not in the middle of a request), so that one may give
way when the caps are reached.
"""

from __future__ import annotations

import logging

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from .connections import TOO_MANY, ConnectionLimits, Connections, raw_response

log = logging.getLogger(__name__)

BODY_TOO_SLOW = "Begäran kom för långsamt och avbröts. Försök igen."


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

