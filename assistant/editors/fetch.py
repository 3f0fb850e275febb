"""Fetching a web page (or PDF) an editor names by its address, safely.

- http and https only; the size limits of files (corpus/extract/);
- one wall-clock deadline over the whole fetch, redirects included: at the
  deadline the connection is shut down wherever it waits (connecting,
  headers, body), so a server that sends a byte now and then cannot hold
  it; a socket time-out alone is per read, and a read of a byte every 2 s
  never times out;
- redirects followed only to http(s), each hop checked again;
- the server must not become a way into the intranet: an address whose
  host resolves to a private, loopback, link-local, reserved or other
  non-public range is refused unless ASSISTANT_FETCH_ALLOW names the host or
  a network holding the address;
- DNS rebinding: the connection goes to the very address that was checked
  (the host name is still sent as Host and, for https, as SNI and checked
  against the certificate).

`fetch(url, allow)` saves the body to a temporary file with the suffix of
its type, so the importer reads it like any file; the page's canonical or
og:url (corpus/extract/html.py) or else the final address is kept as the source.
Feeds and sitemaps are fetched with `types=FEED_TYPES`; a re-check at the
source (refresh.py) sends `headers` (If-None-Match, If-Modified-Since) and
gets a Fetched with status 304 and no file when the page has not changed,
and `Gone` (a FetchRefused) for 404 and 410.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from ..corpus.extract import MAX_DOCUMENT_BYTES, MAX_TEXT_BYTES
from ..errors import FetchRefused

TIMEOUT_SECONDS = 15.0
MAX_REDIRECTS = 5
TYPES = {"text/html": ".html", "application/xhtml+xml": ".html", "application/pdf": ".pdf",
         "text/plain": ".txt", "text/markdown": ".md"}
FEED_TYPES = {"application/rss+xml": ".xml", "application/atom+xml": ".xml",
              "application/xml": ".xml", "text/xml": ".xml"}
USER_AGENT = "Samverkansassistenten/1 (+artikelimport)"


class Gone(FetchRefused):
    """The address answers 404 or 410: the page is not there (any more)."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Fetched:
    url: str  # the final address, after redirects
    file: Path | None  # the body, in a temporary folder the caller removes; None for 304
    content_type: str
    status: int = 200  # or 304: not modified since the ETag or date sent
    etag: str | None = None
    last_modified: str | None = None


def allow_list(value) -> tuple[tuple, tuple]:
    """(networks, host names) from ASSISTANT_FETCH_ALLOW (CIDRs, addresses or host names)."""
    nets, hosts = [], []
    for item in (value.split() if isinstance(value, str) else value or ()):
        item = item.strip().strip(",")
        if not item:
            continue
        try:
            nets.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            hosts.append(item.lower().rstrip("."))
    return tuple(nets), tuple(hosts)


def check_url(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of an address that may be fetched. Raises FetchRefused."""
    if not isinstance(url, str) or len(url) > 2000:
        raise FetchRefused("Ange en webbadress som börjar med http:// eller https://.")
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchRefused("Bara webbadresser som börjar med http:// eller https:// kan hämtas.")
    if not parts.hostname:
        raise FetchRefused("Webbadressen saknar värdnamn.")
    if parts.username or parts.password:
        raise FetchRefused("Webbadresser med användarnamn eller lösenord hämtas inte.")
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError:
        raise FetchRefused("Webbadressen har ett ogiltigt portnummer.") from None
    return parts.scheme.lower(), parts.hostname.lower().rstrip("."), port


def _public(address) -> bool:
    # an IPv4 address inside an IPv6 one (::ffff:10.0.0.1; 6to4 2002:0a00:0001::,
    # which a 6to4 route would carry to 10.0.0.1) is judged as that IPv4 address
    if address.version == 6 and (address.ipv4_mapped or address.sixtofour):
        address = address.ipv4_mapped or address.sixtofour
    return address.is_global and not (address.is_multicast or address.is_reserved
                                      or address.is_loopback or address.is_link_local
                                      or address.is_private)


def checked_address(host: str, port: int, allow, deadline: float | None = None) -> str:
    """The one address to connect to for `host`: every address it resolves
    to must be public or allowed. Raises FetchRefused, also when the name is
    not resolved by `deadline` (time.monotonic())."""
    nets, hosts = allow
    try:
        infos = _resolve(host, port, deadline)
    except (socket.gaierror, UnicodeError):
        raise FetchRefused(f"Hittar ingen webbplats som heter {host}.") from None
    addresses = []
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if address not in addresses:
            addresses.append(address)
    for address in addresses:
        if host in hosts or any(address in net for net in nets) or _public(address):
            continue
        # the address it resolves to is not shown: it would map the intranet for the asker
        raise FetchRefused(f"{host} är en intern adress och får inte hämtas. En "
                           "administratör kan tillåta den med ASSISTANT_FETCH_ALLOW.")
    return str(addresses[0])


def _resolve(host: str, port: int, deadline: float | None) -> list:
    """getaddrinfo, given up at `deadline`: the lookup cannot be interrupted,
    so it runs in a thread of its own that is left to finish by itself."""
    if deadline is None:
        return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    done: list = []

    def lookup():
        try:
            done.append((socket.getaddrinfo(host, port, type=socket.SOCK_STREAM), None))
        except Exception as err:  # handed to the caller
            done.append((None, err))

    thread = threading.Thread(target=lookup, daemon=True, name="fetch-dns")
    thread.start()
    thread.join(max(0.0, deadline - time.monotonic()))
    if not done:
        raise socket.timeout()
    infos, err = done[0]
    if err is not None:
        raise err
    return infos


class _Pinned(http.client.HTTPConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self._address = address
        self.raw: socket.socket | None = None  # the TCP socket, for _Watchdog

    def connect(self):
        self.sock = self.raw = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedTLS(http.client.HTTPSConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address
        self.raw: socket.socket | None = None

    def connect(self):
        self.raw = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self.raw = self._context.wrap_socket(self.raw, server_hostname=self.host)


class _Watchdog:
    """Shuts a connection's socket down at the deadline, from a thread of its
    own: a read blocked in it returns at once, whatever the server does. It
    keeps doing so until the fetch gives up, in case the socket was being
    replaced (wrapped in TLS) at that moment."""

    def __init__(self, conn, deadline: float):
        self.conn = conn
        self.deadline = deadline
        self.fired = False
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True, name="fetch-deadline")

    def __enter__(self) -> "_Watchdog":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._done.set()

    def _watch(self) -> None:
        if self._done.wait(max(0.0, self.deadline - time.monotonic())):
            return
        self.fired = True
        while not self._done.is_set():
            sock = self.conn.raw
            if sock is not None:
                try:  # the plain socket's shutdown, under TLS too: no TLS from this thread
                    socket.socket.shutdown(sock, socket.SHUT_RDWR)
                except OSError:
                    pass
            self._done.wait(0.05)


def fetch(url: str, allow=((), ()), timeout: float = TIMEOUT_SECONDS, types: dict = TYPES,
          headers: dict | None = None) -> Fetched:
    """Fetch `url` (following redirects) into a temporary file, all within
    `timeout` seconds; `types`: the content types taken (type -> file suffix);
    `headers`: sent as well (only the conditional ones are let through).
    Raises FetchRefused (Gone for 404 and 410)."""
    sent = {k: v for k, v in (headers or {}).items()
            if k in ("If-None-Match", "If-Modified-Since") and v and "\n" not in v
            and "\r" not in v}
    accept = ", ".join(sorted(types)) if types is not TYPES else \
        "text/html, application/pdf, text/plain"
    deadline = time.monotonic() + timeout
    unit = "sekund" if timeout == 1 else "sekunder"
    too_slow = f"Webbplatsen svarade inte färdigt inom {timeout:g} {unit}; hämtningen avbröts."
    for _ in range(MAX_REDIRECTS + 1):
        scheme, host, port = check_url(url)
        try:
            address = checked_address(host, port, allow, deadline)
        except socket.timeout:
            raise FetchRefused(too_slow) from None
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        left = deadline - time.monotonic()
        if left <= 0:
            raise FetchRefused(too_slow)
        conn = (_PinnedTLS if scheme == "https" else _Pinned)(host, port, address, left)
        watchdog = _Watchdog(conn, deadline)
        try:
            with watchdog:
                conn.request("GET", target, headers={"User-Agent": USER_AGENT, "Accept": accept,
                                                     **sent})
                response = conn.getresponse()
                if response.status in (301, 302, 303, 307, 308):
                    location = response.getheader("Location")
                    if not location:
                        raise FetchRefused("Webbplatsen skickar vidare utan att säga vart.")
                    url = urljoin(url, location)
                    continue
                if response.status == 304 and sent:
                    return Fetched(url, None, "", 304, *_validators(response, sent))
                if response.status in (404, 410):
                    raise Gone(f"Webbplatsen svarade {response.status}: sidan finns inte "
                               "(längre).", response.status)
                if response.status != 200:
                    raise FetchRefused(f"Webbplatsen svarade {response.status}; kontrollera "
                                       "adressen.")
                body, kind, suffix = _read_body(response, deadline, types)
                if watchdog.fired:  # the body ended because the deadline cut it
                    raise FetchRefused(too_slow)
            return _save(url, body, kind, suffix, _validators(response))
        except FetchRefused:
            if watchdog.fired:  # what was read before the cut misled a check
                raise FetchRefused(too_slow) from None
            raise
        except (OSError, http.client.HTTPException) as err:
            if watchdog.fired or isinstance(err, socket.timeout) \
                    or time.monotonic() > deadline:
                raise FetchRefused(too_slow) from None
            if isinstance(err, ssl.SSLError):
                raise FetchRefused(f"Webbplatsens certifikat godtas inte ({host}).") from None
            raise FetchRefused(f"Kunde inte hämta sidan ({err.__class__.__name__}).") from None
        finally:
            conn.close()
    raise FetchRefused(f"Webbplatsen skickar vidare fler än {MAX_REDIRECTS} gånger.")


def _validators(response, sent: dict | None = None) -> tuple[str | None, str | None]:
    """(ETag, Last-Modified) of a response (a 304 may leave them out: then
    the ones sent still hold)."""
    sent = sent or {}
    etag = response.getheader("ETag") or sent.get("If-None-Match")
    modified = response.getheader("Last-Modified") or sent.get("If-Modified-Since")
    return (etag[:500] if etag else None), (modified[:100] if modified else None)


def _read_body(response, deadline: float, types: dict = TYPES) -> tuple[bytes, str, str]:
    """(body, content type, file suffix). Raises FetchRefused."""
    kind = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
    suffix = types.get(kind)
    if suffix is None and types is FEED_TYPES:
        raise FetchRefused(f"Adressen ger {kind or 'okänd typ'}, inte ett RSS- eller "
                           "Atom-flöde eller en webbplatskarta (XML).")
    if suffix is None:
        raise FetchRefused(f"Adressen ger {kind or 'okänd typ'}, inte en webbsida, PDF eller "
                           "text. Spara dokumentet som PDF eller text och lägg till den filen.")
    limit = MAX_DOCUMENT_BYTES if suffix in (".html", ".pdf") else MAX_TEXT_BYTES
    declared = response.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise FetchRefused(f"Sidan är för stor (högst {limit // 1_000_000} MB).")
    body = bytearray()
    while len(body) <= limit:
        if time.monotonic() > deadline:
            raise socket.timeout()
        chunk = response.read1(65536)
        if not chunk:
            break
        body += chunk
    if len(body) > limit:
        raise FetchRefused(f"Sidan är för stor (högst {limit // 1_000_000} MB).")
    if declared and declared.isdigit() and len(body) < int(declared):
        raise http.client.IncompleteRead(bytes(body[-16:]), int(declared) - len(body))
    return bytes(body), kind, suffix


def _save(url: str, body: bytes, kind: str, suffix: str,
          validators: tuple[str | None, str | None] = (None, None)) -> Fetched:
    name = Path(urlsplit(url).path).stem or urlsplit(url).hostname or "sida"
    safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in name)[:80] or "sida"
    folder = Path(tempfile.mkdtemp(prefix="assistant-fetch-"))
    file = folder / f"{safe}{suffix}"
    file.write_bytes(body)
    return Fetched(url, file, kind, 200, *validators)
