"""A real uvicorn server in a thread on 127.0.0.1, and httpx clients that
connect to it from a chosen loopback address (127.0.0.2, 127.0.0.3, ...:
Linux routes all of 127.0.0.0/8 to loopback), so "trusted proxy" and
"untrusted address" are real peer addresses in the tests."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import uvicorn

from assistant.web.access_log import uvicorn_options


class Served:
    """An ASGI app served by uvicorn in a thread, on a free loopback port.
    With `settings`, as app.py runs it (uvicorn's default logging, the
    sign-in settings' options); without, any ASGI app (a stand-in intranet,
    a proxy) with warnings only."""

    def __init__(self, app, settings=None):
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        options = uvicorn_options(settings) if settings is not None else {}
        self.server = uvicorn.Server(uvicorn.Config(
            app, log_level="info" if settings is not None else "warning",
            timeout_graceful_shutdown=1, ws="none", **options))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]},
                                       daemon=True)

    def start(self) -> "Served":
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert self.thread.is_alive() and time.monotonic() < deadline, "server did not start"
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)

    def client(self, source: str, **kwargs) -> httpx.Client:
        """A client whose connections come from `source` (a 127.x.y.z address)."""
        return httpx.Client(base_url=self.url, timeout=60,
                            transport=httpx.HTTPTransport(local_address=source), **kwargs)
