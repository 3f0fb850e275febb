"""Settings: defaults, overridden by environment variables, read once."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import AssistantError
from .ranking import RankingSettings

DEFAULT_MODEL = "intfloat/multilingual-e5-small"


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path = Path("corpus")
    index_dir: Path = Path("index")
    model: str = DEFAULT_MODEL
    chunk_size: int = 500
    chunk_overlap: int = 100
    top_k: int = 3
    # Every ranking knob: fusion weights, candidates, BM25, passages per
    # article, the answer threshold (assistant/ranking.py).
    ranking: RankingSettings = field(default_factory=RankingSettings)
    max_question_chars: int = 1000
    threads: int = 1
    host: str = "127.0.0.1"
    port: int = 7860
    # Serving (web/app.py): who may frame the app (CSP frame-ancestors sources,
    # space-separated), the public sub-path behind a reverse proxy, how many
    # questions are computed at once, how many more may wait and for how long.
    frame_ancestors: str = "'self'"
    root_path: str = ""
    workers: int = 2
    processes: int = 0  # worker processes answering questions; 0: one per core (web/answer_pool.py)
    queue_size: int = 64
    queue_timeout: float = 30.0
    feedback_db: Path = Path("feedback.sqlite3")
    # --- Sign-in, roles, privacy, audit, metrics (governance/identity.py,
    # web/routes/admin.py; README "For the intranet's IT staff"). None of them
    # set: open to whoever reaches the port.
    trusted_proxies: tuple[str, ...] = ()  # addresses/CIDRs whose identity headers count
    user_header: str = "X-Remote-User"
    groups_header: str = "X-Remote-Groups"  # comma-separated group names
    editor_groups: tuple[str, ...] = ()
    admin_groups: tuple[str, ...] = ()
    require_login: bool = False
    tokens_file: Path | None = None  # bearer tokens: "name role token" per line
    metrics_networks: tuple[str, ...] = ()  # may read /metrics without signing in
    client_address: str = "truncated"  # in the access log and audit: off | truncated | full
    retention_days: int = 90  # feedback and audit rows older than this are purged
    audit_db: Path = Path("audit.sqlite3")
    # --- end of sign-in settings
    # Security at the edge (web/app.py, edge.py, guard.py): host names the app
    # may be reached as besides loopback ones (Host / X-Forwarded-Host), other
    # origins allowed cross-origin requests (none: same-origin only), seconds
    # a connection may take to send its request headers, days feedback is
    # (retention_days, above), chat sessions kept in memory, Gradio's cache folder (emptied at start).
    public_hosts: str = ""
    cors_origins: str = ""
    header_timeout: float = 10.0
    # Connections and streams (serving.py, edge.StreamLimit; their module docs
    # say how each works): a request body within body_timeout seconds plus one
    # second per body_min_rate bytes; connections open at once, in all (lowered
    # to fit `ulimit -n`) and from one address (proxies excepted); an event
    # stream's lifetime in seconds and how many one client may hold open.
    body_timeout: float = 30.0
    body_min_rate: float = 1000.0
    max_connections: int = 1000
    client_connections: int = 20
    stream_lifetime: float = 600.0
    client_streams: int = 20
    sessions: int = 1000
    gradio_cache: Path = Path(".cache/gradio")
    # postgresql://… : PostgreSQL with pgvector holds the index (index/pgstore.py),
    # shared by several app processes; empty: the index folder
    database_url: str = ""
    # --- Editors' page and API (assistant/editors/): hosts or
    # networks (CIDRs) that may be fetched by address although not public
    # (default none); the declined-questions report on/off and its file
    # (default gaps.sqlite3 beside the feedback file);
    # where removed articles are kept until the retention period ends
    # (default corpus/.removed).
    fetch_allow: tuple[str, ...] = ()
    gaps: bool = True
    gaps_db: Path | None = None
    removed_dir: Path | None = None
    # Bounds on what editors bring (corpus/extract/process.py, editors/fetch.py,
    # editor_api.py): seconds and megabytes of memory (address space) the
    # process reading one file may take before it is stopped; seconds one
    # fetch by address may take in all (connecting, headers and the whole
    # body); how many uploads or fetches the editors' API works on at once
    # (one more is refused with 503 and Retry-After).
    extract_timeout: float = 20.0
    extract_memory_mb: int = 512
    fetch_timeout: float = 15.0
    imports: int = 4
    # Feeds and refresh (editors/feeds.py, editors/refresh.py, editors/watch.py):
    # at most this many items read from one feed or sitemap; hours between
    # the server's checks of the watched feeds and re-checks of every article
    # taken from a web address (0: never, the default; `assistant refresh` by hand);
    # how alike two texts' word shingles must be (Jaccard, MinHash estimate)
    # for a new article to count as a copy of one in the corpus (corpus/copies.py).
    feed_items: int = 1000
    feed_interval: float = 0.0
    copy_threshold: float = 0.6
    # --- end of editors' settings

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides) -> "Settings":
        """Defaults, then ASSISTANT_* variables, then non-None `overrides`.

        Raises AssistantError naming the variable whose value is unusable.
        """
        env = os.environ if env is None else env
        values: dict = {}
        for var, (name, convert) in ENVIRONMENT.items():
            if env.get(var):
                try:
                    values[name] = convert(env[var])
                except ValueError:
                    raise AssistantError(f"{var}={env[var]!r} är inte ett giltigt värde.") from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        nested = {k.split(".", 1)[1]: values.pop(k) for k in list(values) if k.startswith("ranking.")}
        if nested:  # "ranking.min_score" -> Settings.ranking.min_score
            values["ranking"] = replace(values.get("ranking", RankingSettings()), **nested)
        settings = replace(cls(), **values)
        settings.check()
        return settings

    def check(self) -> None:
        """Raises AssistantError, naming the variable, for serving settings that
        cannot work, so a bad value stops the start before the index loads."""
        frame_ancestors(self.frame_ancestors)
        root_path(self.root_path)
        for var, value in (("ASSISTANT_PUBLIC_HOSTS", self.public_hosts),):
            bad = [h for h in value.split() if not _HOST.match(h)]
            if bad:
                raise AssistantError(f"{var}: {' '.join(bad)} är inget värdnamn (till exempel "
                                     "assistent.kommun.se eller assistent.kommun.se:8443).")
        bad = [o for o in self.cors_origins.split() if not _ORIGIN.match(o)]
        if bad:
            raise AssistantError(f"ASSISTANT_CORS_ORIGINS: {' '.join(bad)} är inget ursprung "
                                 "(till exempel https://intranet.kommun.se).")
        for var, value, low in (("ASSISTANT_WORKERS", self.workers, 1),
                                ("ASSISTANT_PROCESSES", self.processes, 0),
                                ("ASSISTANT_QUEUE_SIZE", self.queue_size, 0),
                                ("ASSISTANT_RETENTION_DAYS", self.retention_days, 1),
                                ("ASSISTANT_SESSIONS", self.sessions, 10),
                                ("ASSISTANT_MAX_CONNECTIONS", self.max_connections, 1),
                                ("ASSISTANT_CLIENT_CONNECTIONS", self.client_connections, 1),
                                ("ASSISTANT_CLIENT_STREAMS", self.client_streams, 1),
                                ("ASSISTANT_EXTRACT_MEMORY_MB", self.extract_memory_mb, 64),
                                ("ASSISTANT_IMPORTS", self.imports, 1),
                                ("ASSISTANT_FEED_ITEMS", self.feed_items, 1),
                                ("ASSISTANT_FEED_INTERVAL", self.feed_interval, 0)):
            if value < low:
                raise AssistantError(f"{var}={value} är för litet (minst {low}).")
        for var, value in (("ASSISTANT_QUEUE_TIMEOUT", self.queue_timeout),
                           ("ASSISTANT_HEADER_TIMEOUT", self.header_timeout),
                           ("ASSISTANT_BODY_TIMEOUT", self.body_timeout),
                           ("ASSISTANT_STREAM_LIFETIME", self.stream_lifetime),
                           ("ASSISTANT_EXTRACT_TIMEOUT", self.extract_timeout),
                           ("ASSISTANT_FETCH_TIMEOUT", self.fetch_timeout)):
            if not value > 0:
                raise AssistantError(f"{var}={value} ska vara fler än 0 sekunder.")
        if not self.body_min_rate > 0:
            raise AssistantError(f"ASSISTANT_BODY_MIN_RATE={self.body_min_rate} ska vara fler "
                                 "än 0 byte per sekund.")
        if not 0.3 <= self.copy_threshold <= 1.0:
            raise AssistantError(f"ASSISTANT_COPY_THRESHOLD={self.copy_threshold} ska vara mellan "
                                 "0.3 och 1.")


# A CSP source expression as frame-ancestors accepts it: a keyword, a scheme,
# or a host with optional scheme, wildcard subdomain, port and path.
_SOURCE = re.compile(
    r"^('self'|'none'|[a-z][a-z0-9+.-]*:|([a-z][a-z0-9+.-]*://)?(\*|(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*)"
    r"(:(\d{1,5}|\*))?(/[^\s;,']*)?)$", re.IGNORECASE)
_HOST = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$", re.IGNORECASE)
_ORIGIN = re.compile(r"^https?://[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$", re.IGNORECASE)


def frame_ancestors(value: str) -> str:
    """The frame-ancestors source list from ASSISTANT_FRAME_ANCESTORS, checked.

    Raises AssistantError for anything that is not a source expression (a
    stray ';' or ',' would otherwise open the header to other directives).
    """
    sources = value.split() or ["'self'"]
    bad = [s for s in sources if not _SOURCE.match(s)]
    if bad:
        raise AssistantError(
            f"ASSISTANT_FRAME_ANCESTORS: {' '.join(bad)} är inget giltigt ursprung. Ange "
            "ursprung åtskilda med mellanslag, till exempel  'self' https://intranet.kommun.se")
    if "'none'" in sources and len(sources) > 1:
        raise AssistantError("ASSISTANT_FRAME_ANCESTORS: 'none' kan inte kombineras med ursprung.")
    return " ".join(sources)


def root_path(value: str) -> str:
    """ASSISTANT_ROOT_PATH as '/sub/path' without a trailing slash ('' for none)."""
    value = value.strip().rstrip("/")
    if value and (not value.startswith("/") or re.search(r"[\s?#;\\]", value)):
        raise AssistantError(
            f"ASSISTANT_ROOT_PATH: {value!r} ska vara en sökväg som börjar med /, till exempel "
            "/samverkansassistenten")
    return value


# Environment variable -> (Settings field, conversion of its text).
ENVIRONMENT = {
    "ASSISTANT_CORPUS": ("corpus_dir", Path),
    "ASSISTANT_INDEX": ("index_dir", Path),
    "ASSISTANT_MODEL": ("model", str),
    "ASSISTANT_HOST": ("host", str),
    "ASSISTANT_PORT": ("port", int),
    "ASSISTANT_MIN_SCORE": ("ranking.min_score", float),
    "ASSISTANT_THREADS": ("threads", int),
    "ASSISTANT_FRAME_ANCESTORS": ("frame_ancestors", lambda v: " ".join(v.split())),
    "ASSISTANT_ROOT_PATH": ("root_path", str),
    "ASSISTANT_WORKERS": ("workers", int),
    "ASSISTANT_PROCESSES": ("processes", int),
    "ASSISTANT_QUEUE_SIZE": ("queue_size", int),
    "ASSISTANT_QUEUE_TIMEOUT": ("queue_timeout", float),
    "ASSISTANT_FEEDBACK_DB": ("feedback_db", Path),
    # sign-in, roles, privacy, audit, metrics
    "ASSISTANT_TRUSTED_PROXIES": ("trusted_proxies", lambda v: _words(v)),
    "ASSISTANT_USER_HEADER": ("user_header", str.strip),
    "ASSISTANT_GROUPS_HEADER": ("groups_header", str.strip),
    "ASSISTANT_EDITOR_GROUPS": ("editor_groups", lambda v: _words(v, ",")),
    "ASSISTANT_ADMIN_GROUPS": ("admin_groups", lambda v: _words(v, ",")),
    "ASSISTANT_REQUIRE_LOGIN": ("require_login", lambda v: _flag(v)),
    "ASSISTANT_TOKENS_FILE": ("tokens_file", Path),
    "ASSISTANT_METRICS_NETWORKS": ("metrics_networks", lambda v: _words(v)),
    "ASSISTANT_CLIENT_ADDRESS": ("client_address", lambda v: v.strip().lower()),
    "ASSISTANT_AUDIT_DB": ("audit_db", Path),
    "ASSISTANT_PUBLIC_HOSTS": ("public_hosts", lambda v: " ".join(v.split())),
    "ASSISTANT_CORS_ORIGINS": ("cors_origins", lambda v: " ".join(v.split())),
    "ASSISTANT_HEADER_TIMEOUT": ("header_timeout", float),
    "ASSISTANT_BODY_TIMEOUT": ("body_timeout", float),
    "ASSISTANT_BODY_MIN_RATE": ("body_min_rate", float),
    "ASSISTANT_MAX_CONNECTIONS": ("max_connections", int),
    "ASSISTANT_CLIENT_CONNECTIONS": ("client_connections", int),
    "ASSISTANT_STREAM_LIFETIME": ("stream_lifetime", float),
    "ASSISTANT_CLIENT_STREAMS": ("client_streams", int),
    "ASSISTANT_RETENTION_DAYS": ("retention_days", int),
    "ASSISTANT_SESSIONS": ("sessions", int),
    "ASSISTANT_GRADIO_CACHE": ("gradio_cache", Path),
    "ASSISTANT_DATABASE_URL": ("database_url", str),
    # editors' page and API
    "ASSISTANT_FETCH_ALLOW": ("fetch_allow", lambda v: _words(v)),
    "ASSISTANT_GAPS": ("gaps", lambda v: _flag(v)),
    "ASSISTANT_GAPS_DB": ("gaps_db", Path),
    "ASSISTANT_REMOVED_DIR": ("removed_dir", Path),
    "ASSISTANT_EXTRACT_TIMEOUT": ("extract_timeout", float),
    "ASSISTANT_EXTRACT_MEMORY_MB": ("extract_memory_mb", int),
    "ASSISTANT_FETCH_TIMEOUT": ("fetch_timeout", float),
    "ASSISTANT_IMPORTS": ("imports", int),
    "ASSISTANT_FEED_ITEMS": ("feed_items", int),
    "ASSISTANT_FEED_INTERVAL": ("feed_interval", float),
    "ASSISTANT_COPY_THRESHOLD": ("copy_threshold", float),
}


def _words(value: str, separators: str = ", ") -> tuple[str, ...]:
    """Items separated by commas (and, for addresses, spaces)."""
    for sep in separators[1:]:
        value = value.replace(sep, separators[0])
    return tuple(w.strip() for w in value.split(separators[0]) if w.strip())


def _flag(value: str) -> bool:
    value = value.strip().lower()
    if value not in ("1", "0", "true", "false", "yes", "no", "ja", "nej"):
        raise ValueError(value)
    return value in ("1", "true", "yes", "ja")
