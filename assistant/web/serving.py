"""How uvicorn serves the app (app.py and the tests): every connection is
bounded in time and in number, so slow or idle clients cannot hold the
process's file descriptors (issues 10 and 19). The parts, each with its
settings in its module doc:

- connections.py: how many connections are open at once, in all and from
  one address, counted from accept() on (CappedSocket), and who gives way
  at a cap;
- bounded.py: the request line and headers, and the body, must arrive in
  time (the body deadline grows with the bytes received);
- edge.StreamLimit: event streams (Gradio's heartbeat, queue and call
  streams) have a lifetime and a per-client cap of their own;
- repeat_log.py: a log record repeated many times a second is dropped.

This module assembles them: Server listens on CappedSocket listeners, and
uvicorn_config gives uvicorn the bounded protocol.
"""

from __future__ import annotations

import logging
import resource

import uvicorn

from .bounded import BODY_TOO_SLOW, bounded_protocol  # noqa: F401  (re-exported)
from .connections import (TOO_MANY, ConnectionLimits, Connections,  # noqa: F401
                          capped_sockets, connection_limits, descriptor_room, raw_response)
from .repeat_log import RepeatLimit, limit_repeated_logs  # noqa: F401

log = logging.getLogger(__name__)


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
