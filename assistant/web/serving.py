"""How uvicorn serves the app (app.py and the tests): a header timeout for
half-open connections on top of uvicorn's keep-alive timeout.

uvicorn closes an idle connection only after a response (timeout_keep_alive);
a connection that sends nothing, or headers that never end, is held for good
(1,000 such connections were held in issue 10). Here every connection must
finish its request headers within `header_timeout` seconds.
"""

from __future__ import annotations

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol


def header_timeout_protocol(seconds: float) -> type[H11Protocol]:
    class HeaderTimeout(H11Protocol):
        _header_timer = None

        def connection_made(self, transport):
            super().connection_made(transport)
            self._arm()

        def _arm(self):
            self._disarm()
            self._header_timer = self.loop.call_later(seconds, self._headers_too_slow)

        def _disarm(self):
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

        def _headers_too_slow(self):
            self._header_timer = None
            if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
                self.transport.close()  # no complete request line and headers in time

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            if self.conn.their_state is not h11.IDLE:  # the headers are in
                self._disarm()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._arm()  # the next request's headers, if any, within the same time

        def connection_lost(self, exc):
            self._disarm()
            super().connection_lost(exc)

    return HeaderTimeout


def uvicorn_config(app, settings, **kwargs) -> uvicorn.Config:
    """The server's configuration: loopback or the configured host, no
    Server header, X-Forwarded-* trusted from FORWARDED_ALLOW_IPS only."""
    options = dict(host=settings.host, port=settings.port, server_header=False, proxy_headers=True,
                   timeout_graceful_shutdown=5, timeout_keep_alive=5, ws="none",
                   http=header_timeout_protocol(settings.header_timeout),
                   h11_max_incomplete_event_size=16 * 1024)
    return uvicorn.Config(app, **{**options, **kwargs})
