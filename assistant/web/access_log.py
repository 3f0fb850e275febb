"""The uvicorn access log without anything an official typed: the path
without its query string (a question can travel there), a path holding
personal data (an article id or a reader address someone typed) withheld,
and the client's address as ASSISTANT_CLIENT_ADDRESS says (off, truncated
to its network, or full). Questions in request bodies are never logged by
uvicorn.
"""

from __future__ import annotations

import logging
from urllib.parse import unquote

from ..governance import personal_data
from ..governance.identity import shown_address

WITHHELD_PATH = "(sökväg med personuppgifter)"

ACCESS_LOGGER = "uvicorn.access"


class PrivateAccessLog(logging.Filter):
    def __init__(self, address_mode: str = "truncated"):
        super().__init__()
        self.address_mode = address_mode

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) == 5:
            client, method, path, version, status = args
            host = str(client or "").rsplit(":", 1)[0]
            path = str(path).split("?", 1)[0]
            if personal_data.find(unquote(path)):
                path = WITHHELD_PATH
            record.args = (shown_address(host, self.address_mode), method, path, version, status)
        elif record.args:  # another message shape: keep its format, drop its values
            record.msg, record.args = "access log entry (details withheld)", ()
        return True


def install(address_mode: str) -> PrivateAccessLog:
    """Put the filter on uvicorn's access logger, replacing an earlier one
    (uvicorn's logging setup keeps a logger's filters)."""
    logger = logging.getLogger(ACCESS_LOGGER)
    for old in [f for f in logger.filters if isinstance(f, PrivateAccessLog)]:
        logger.removeFilter(old)
    new = PrivateAccessLog(address_mode)
    logger.addFilter(new)
    return new


def uvicorn_options(settings) -> dict:
    """uvicorn.run options that go with the sign-in settings. With trusted
    proxies, governance/identity.py reads X-Forwarded-For itself and must see the real
    peer, so uvicorn's own proxy-header handling is off."""
    return {"proxy_headers": not settings.trusted_proxies}
