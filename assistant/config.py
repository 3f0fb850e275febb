"""Settings: defaults, overridden by environment variables, read once."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import AssistantError

DEFAULT_MODEL = "intfloat/multilingual-e5-small"


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path = Path("corpus")
    index_dir: Path = Path("index")
    model: str = DEFAULT_MODEL
    chunk_size: int = 500
    chunk_overlap: int = 100
    top_k: int = 3
    # Fusion weights for a sentence's score (see docs in search.py and
    # scripts/tune_fusion.py for the figures behind them).
    w_sentence: float = 1.0
    w_chunk: float = 0.5
    w_lexical: float = 0.1
    w_lexical_english: float = 0.0
    w_answer_type: float = 0.04
    per_article: int = 2
    # Best passage score below which the assistant declines to answer; None:
    # the floor calibrated for the model (embedding.py), if it has one.
    min_score: float | None = None
    max_question_chars: int = 1000
    threads: int = 1
    host: str = "127.0.0.1"
    port: int = 7860
    # Serving (server.py): who may frame the app (CSP frame-ancestors sources,
    # space-separated), the public sub-path behind a reverse proxy, how many
    # questions are computed at once, how many more may wait and for how long.
    frame_ancestors: str = "'self'"
    root_path: str = ""
    workers: int = 2
    queue_size: int = 64
    queue_timeout: float = 30.0
    feedback_db: Path = Path("feedback.sqlite3")
    # postgresql://… : PostgreSQL with pgvector holds the index (pgstore.py),
    # shared by several app processes; empty: the index folder
    database_url: str = ""

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides) -> "Settings":
        """Defaults, then ASSISTANT_* variables, then non-None `overrides`.

        Raises AssistantError naming the variable whose value is unusable.
        """
        env = os.environ if env is None else env
        values: dict = {}
        for var, (field, convert) in ENVIRONMENT.items():
            if env.get(var):
                try:
                    values[field] = convert(env[var])
                except ValueError:
                    raise AssistantError(f"{var}={env[var]!r} är inte ett giltigt värde.") from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **values)


# Environment variable -> (Settings field, conversion of its text).
ENVIRONMENT = {
    "ASSISTANT_CORPUS": ("corpus_dir", Path),
    "ASSISTANT_INDEX": ("index_dir", Path),
    "ASSISTANT_MODEL": ("model", str),
    "ASSISTANT_HOST": ("host", str),
    "ASSISTANT_PORT": ("port", int),
    "ASSISTANT_MIN_SCORE": ("min_score", float),
    "ASSISTANT_THREADS": ("threads", int),
    "ASSISTANT_FRAME_ANCESTORS": ("frame_ancestors", lambda v: " ".join(v.split())),
    "ASSISTANT_ROOT_PATH": ("root_path", str),
    "ASSISTANT_WORKERS": ("workers", int),
    "ASSISTANT_QUEUE_SIZE": ("queue_size", int),
    "ASSISTANT_QUEUE_TIMEOUT": ("queue_timeout", float),
    "ASSISTANT_FEEDBACK_DB": ("feedback_db", Path),
    "ASSISTANT_DATABASE_URL": ("database_url", str),
}
