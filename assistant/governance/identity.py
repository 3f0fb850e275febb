"""Who is asking: a user signed in by the intranet's reverse proxy, an
integration with a bearer token, or nobody (anonymous); and from where.

- Identity headers (ASSISTANT_USER_HEADER, ASSISTANT_GROUPS_HEADER) are
  believed only from ASSISTANT_TRUSTED_PROXIES (addresses or CIDRs); from any
  other address they are ignored. A trusted proxy's X-Forwarded-For gives
  the client's address. From a trusted proxy, an identity header sent twice
  or a name or group with a control or invisible character is refused with
  a 400 (never the first value taken, never the character dropped).
- Roles are ordered: reader (ask, give feedback) < editor (change the
  corpus) < admin (read feedback, audit, metrics); a role includes those
  below it. Groups in ASSISTANT_EDITOR_GROUPS / ASSISTANT_ADMIN_GROUPS give
  those roles; any other signed-in user is a reader.
- Bearer tokens come from ASSISTANT_TOKENS_FILE, one per line:
  `name role token` (the token itself, or `sha256:` and its hex digest).
- ASSISTANT_REQUIRE_LOGIN=1: without a user, /api/* answers 401 JSON and
  pages a Swedish page on how to sign in. Without it anonymous is a reader,
  so with none of these settings the app is open as before.

`Identity` is the ASGI middleware that decides this once per request and
leaves the `User` in `request.state.user` (scope["state"]["user"]).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import AssistantError, error_body

log = logging.getLogger(__name__)

ROLES = ("reader", "editor", "admin")
ANONYMOUS_NAME = "anonym"
# Paths anyone may open, signed in or not: health checks, the privacy notice
# and the accessibility statement (both owed to everyone),
# and /metrics (which checks admin or network itself).
OPEN_PATHS = frozenset({"/healthz", "/integritet", "/tillganglighet", "/metrics"})

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class User:
    """`name` None is anonymous; `role` None has no role at all (login required)."""

    name: str | None
    role: str | None
    via: str = "anonymous"  # "proxy", "token" or "anonymous"
    groups: tuple[str, ...] = ()

    @property
    def roles(self) -> tuple[str, ...]:
        return ROLES[: ROLES.index(self.role) + 1] if self.role else ()

    def has(self, role: str) -> bool:
        return role in self.roles

    @property
    def shown_name(self) -> str:
        return self.name or ANONYMOUS_NAME


@dataclass(frozen=True)
class Token:
    name: str
    role: str
    digest: bytes = field(repr=False)


@dataclass(frozen=True)
class Policy:
    """The sign-in settings, parsed and checked (from Settings)."""

    trusted: tuple[Network, ...] = ()
    user_header: str = "x-remote-user"
    groups_header: str = "x-remote-groups"
    editor_groups: frozenset[str] = frozenset()
    admin_groups: frozenset[str] = frozenset()
    require_login: bool = False
    tokens: tuple[Token, ...] = ()
    metrics_networks: tuple[Network, ...] = ()
    address_mode: str = "truncated"

    @classmethod
    def from_settings(cls, settings) -> "Policy":
        """Raises AssistantError naming the setting that is wrong."""
        mode = settings.client_address
        if mode not in ("off", "truncated", "full"):
            raise AssistantError(
                f"ASSISTANT_CLIENT_ADDRESS={mode!r}: ange off, truncated eller full.")
        return cls(
            trusted=networks(settings.trusted_proxies, "ASSISTANT_TRUSTED_PROXIES"),
            user_header=_header_name(settings.user_header, "ASSISTANT_USER_HEADER"),
            groups_header=_header_name(settings.groups_header, "ASSISTANT_GROUPS_HEADER"),
            editor_groups=frozenset(g.casefold() for g in settings.editor_groups),
            admin_groups=frozenset(g.casefold() for g in settings.admin_groups),
            require_login=settings.require_login,
            tokens=read_tokens(settings.tokens_file) if settings.tokens_file else (),
            metrics_networks=networks(settings.metrics_networks, "ASSISTANT_METRICS_NETWORKS"),
            address_mode=mode)

    def role_for(self, groups: tuple[str, ...]) -> str:
        folded = {g.casefold() for g in groups}
        if folded & self.admin_groups:
            return "admin"
        if folded & self.editor_groups:
            return "editor"
        return "reader"

    def anonymous(self) -> User:
        return User(None, None if self.require_login else "reader")


def networks(values, setting: str) -> tuple[Network, ...]:
    """Addresses or CIDRs ("10.0.0.5", "10.1.0.0/16", "::1") as networks."""
    out = []
    for value in values:
        try:
            out.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError:
            raise AssistantError(
                f"{setting}: {value!r} är ingen adress eller nätmask (till exempel 10.0.0.5 "
                "eller 10.1.0.0/16).") from None
    return tuple(out)


def _header_name(value: str, setting: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9-]+", value or ""):
        raise AssistantError(f"{setting}: {value!r} är inget giltigt namn på ett HTTP-huvud.")
    return value.lower()


def token_digest(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8")).digest()


def read_tokens(path: Path) -> tuple[Token, ...]:
    """The token file: `name role token` or `name role sha256:HEX` per line;
    blank lines and lines starting with # are skipped. Raises AssistantError."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise AssistantError(f"ASSISTANT_TOKENS_FILE: {path} kan inte läsas ({err}).") from None
    tokens = []
    for n, line in enumerate(lines, 1):
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        where = f"ASSISTANT_TOKENS_FILE {path}, rad {n}"
        if len(parts) != 3 or parts[1] not in ROLES:
            raise AssistantError(f"{where}: skriv  namn roll nyckel  där roll är "
                                 f"{', '.join(ROLES)}.")
        name, role, secret = parts
        if secret.startswith("sha256:"):
            try:
                digest = bytes.fromhex(secret[7:])
            except ValueError:
                digest = b""
            if len(digest) != 32:
                raise AssistantError(f"{where}: sha256: ska följas av 64 hexadecimala tecken.")
        elif len(secret) < 24:
            raise AssistantError(f"{where}: nyckeln är för kort (minst 24 tecken).")
        else:
            digest = token_digest(secret)
        tokens.append(Token(name, role, digest))
    return tuple(tokens)


def in_networks(address: str | None, nets: tuple[Network, ...]) -> bool:
    if not address or not nets:
        return False
    try:
        ip = ipaddress.ip_address(address.strip("[]"))
    except ValueError:
        return False
    if getattr(ip, "ipv4_mapped", None):
        ip = ip.ipv4_mapped
    return any(ip in net for net in nets if ip.version == net.version)


def shown_address(address: str | None, mode: str) -> str:
    """A client address as logs and the audit keep it: "-" (off), its network
    (truncated: IPv4 /24, IPv6 /48) or whole (full)."""
    if not address or mode == "off":
        return "-"
    try:
        ip = ipaddress.ip_address(address.strip("[]"))
    except ValueError:
        return "-"
    if mode == "full":
        return str(ip)
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def _headers(scope, name: str) -> list[str]:
    """Every value of the header `name`, in the order sent."""
    raw = name.encode("latin-1")
    values = []
    for key, value in scope.get("headers", ()):
        if key.lower() == raw:
            try:
                values.append(value.decode("utf-8"))
            except UnicodeDecodeError:
                values.append(value.decode("latin-1"))
    return values


def _header(scope, name: str) -> str | None:
    values = _headers(scope, name)
    return values[0] if values else None


MAX_NAME_CHARS = 200
MAX_GROUP_CHARS = 100


class BadToken(Exception):
    """A Bearer token that is not in the token file."""


class BadIdentity(Exception):
    """Identity headers from a trusted proxy that cannot be believed as they
    are (sent twice, or a value with control characters); `str()` says which,
    for the log."""


def _single(scope, name: str) -> str:
    """The one value of an identity header ("" if absent). A header sent
    twice is refused: a proxy that appends its value to the browser's would
    otherwise let whichever comes first decide who the user is."""
    values = _headers(scope, name)
    if len(values) > 1:
        raise BadIdentity(f"{name} sent {len(values)} times")
    return values[0] if values else ""


def _checked(text: str, limit: int, what: str) -> str:
    """`text` without surrounding blanks; refused (not silently changed)
    if it holds a character that is not printable or is over `limit`."""
    text = text.strip()
    if any(not ch.isprintable() for ch in text):
        raise BadIdentity(f"{what} {text!r} holds a control or invisible character")
    if len(text) > limit:
        raise BadIdentity(f"{what} is over {limit} characters")
    return text


def resolve(policy: Policy, scope) -> tuple[User, str | None]:
    """(the user, the client's address) for one request. Raises BadToken,
    BadIdentity."""
    peer = (scope.get("client") or (None, None))[0]
    trusted = in_networks(peer, policy.trusted)
    address = peer
    if trusted:
        # every X-Forwarded-For line, in order, is one list (a proxy may add a
        # line of its own after the browser's)
        forwarded = [a.strip() for a in ",".join(_headers(scope, "x-forwarded-for")).split(",")
                     if a.strip()]
        # the nearest address that is not one of our proxies is the client's
        for candidate in reversed(forwarded):
            address = candidate
            if not in_networks(candidate, policy.trusted):
                break
        # the proxy's sign-in wins over any Authorization header it passes on
        name = _checked(_single(scope, policy.user_header), MAX_NAME_CHARS, "user name")
        listed = _single(scope, policy.groups_header)
        if name:
            groups = tuple(g for g in (_checked(x, MAX_GROUP_CHARS, "group")
                                       for x in listed.split(",")) if g)[:100]
            return User(name, policy.role_for(groups), "proxy", groups), address
    scheme, _, secret = (_header(scope, "authorization") or "").partition(" ")
    if scheme.lower() == "bearer":  # other schemes (Basic, Negotiate) belong to others
        digest = token_digest(secret.strip())
        for token in policy.tokens:
            if hmac.compare_digest(token.digest, digest):
                return User(token.name, token.role, "token"), address
        raise BadToken()
    return policy.anonymous(), address


SIGN_IN_PAGE = """<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Logga in – Samverkansassistenten</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;
color:#1f2937;line-height:1.5}a{color:#1f4e79}</style></head><body>
<h1>Du behöver logga in</h1>
<p>Samverkansassistenten används via kommunens intranät. Öppna den från intranätet, där du
loggar in med ditt vanliga konto, så kommer du rätt.</p>
<p>Ser du den här sidan fast du har loggat in på intranätet? Kontakta IT-supporten och berätta
att inloggningen till Samverkansassistenten inte når fram.</p>
<p><a href="integritet">Så hanteras dina uppgifter</a></p>
</body></html>"""
BAD_IDENTITY = ("Inloggningen kan inte avgöras: intranätets inloggning skickade användarnamnet "
                "eller grupperna två gånger eller med otillåtna tecken. Kontakta IT-supporten.")
BAD_IDENTITY_PAGE = f"""<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Inloggningen kan inte avgöras – Samverkansassistenten</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;
color:#1f2937;line-height:1.5}}</style></head><body>
<h1>Inloggningen kan inte avgöras</h1>
<p>{BAD_IDENTITY}</p>
</body></html>"""
SIGN_IN_JSON = "Du behöver logga in via intranätet (eller ange en giltig API-nyckel)."
BAD_TOKEN_JSON = "API-nyckeln är okänd. Kontrollera Authorization: Bearer ..."


class Identity:
    """ASGI middleware: the user and client address into scope["state"];
    without a user where login is required, a 401."""

    def __init__(self, app, policy: Policy):
        self.app = app
        self.policy = policy

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        path = relative_path(scope)
        try:
            user, address = resolve(self.policy, scope)
        except BadToken:
            return await self._refuse(scope, receive, send, path, BAD_TOKEN_JSON)
        except BadIdentity as err:
            log.warning("identity headers refused from %s: %s",
                        (scope.get("client") or ("-",))[0], err)
            return await self._refuse(scope, receive, send, path, BAD_IDENTITY, status=400)
        state = scope.setdefault("state", {})
        state["user"] = user
        state["client_address"] = address
        if in_networks((scope.get("client") or (None,))[0], self.policy.trusted):
            _forwarded(scope, address)
        if user.role is None and path not in OPEN_PATHS:
            return await self._refuse(scope, receive, send, path, SIGN_IN_JSON)
        await self.app(scope, receive, send)

    async def _refuse(self, scope, receive, send, path: str, text: str, status: int = 401):
        if scope["type"] == "websocket":
            return await send({"type": "websocket.close", "code": 1008})
        # a page for the chat and for browsers navigating; JSON for /api/* and the rest
        page = not path.startswith("/api/") and (
            path == "/" or "text/html" in (_header(scope, "accept") or ""))
        if not page:
            body = json.dumps(error_body(text), ensure_ascii=False).encode("utf-8")
            kind = b"application/json"
        else:
            html = SIGN_IN_PAGE if status == 401 else BAD_IDENTITY_PAGE
            body, kind = html.encode("utf-8"), b"text/html; charset=utf-8"
        headers = [(b"content-type", kind), (b"content-length", str(len(body)).encode()),
                   (b"cache-control", b"no-store")]
        if status == 401:
            headers.append((b"www-authenticate", b'Bearer realm="samverkansassistenten"'))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _forwarded(scope, address: str | None) -> None:
    """What uvicorn's proxy_headers would do (it is off with trusted proxies,
    see access_log.uvicorn_options): the client's address and the scheme
    the proxy was reached by."""
    if address:
        scope["client"] = (address, 0)
    proto = (_header(scope, "x-forwarded-proto") or "").split(",")[0].strip().lower()
    if proto in ("http", "https"):
        scope["scheme"] = proto.replace("http", "ws") if scope["type"] == "websocket" else proto


def relative_path(scope) -> str:
    """The path without the public sub-path (web/edge.SubPath puts it in root_path)."""
    path, root = scope.get("path", ""), scope.get("root_path", "")
    if root and (path == root or path.startswith(root + "/")):
        path = path[len(root):] or "/"
    return path


def current_user(request) -> User:
    """The request's user as Identity left it (anonymous reader without it)."""
    return getattr(request.state, "user", None) or User(None, "reader")
