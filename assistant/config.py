"""Settings: defaults, overridden by environment variables, read once."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

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

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides) -> "Settings":
        env = os.environ if env is None else env
        values: dict = {}
        if env.get("ASSISTANT_CORPUS"):
            values["corpus_dir"] = Path(env["ASSISTANT_CORPUS"])
        if env.get("ASSISTANT_INDEX"):
            values["index_dir"] = Path(env["ASSISTANT_INDEX"])
        if env.get("ASSISTANT_MODEL"):
            values["model"] = env["ASSISTANT_MODEL"]
        if env.get("ASSISTANT_HOST"):
            values["host"] = env["ASSISTANT_HOST"]
        if env.get("ASSISTANT_PORT"):
            values["port"] = int(env["ASSISTANT_PORT"])
        if env.get("ASSISTANT_MIN_SCORE"):
            values["min_score"] = float(env["ASSISTANT_MIN_SCORE"])
        if env.get("ASSISTANT_THREADS"):
            values["threads"] = int(env["ASSISTANT_THREADS"])
        if env.get("ASSISTANT_FRAME_ANCESTORS"):
            values["frame_ancestors"] = " ".join(env["ASSISTANT_FRAME_ANCESTORS"].split())
        if env.get("ASSISTANT_ROOT_PATH"):
            values["root_path"] = env["ASSISTANT_ROOT_PATH"]
        if env.get("ASSISTANT_WORKERS"):
            values["workers"] = int(env["ASSISTANT_WORKERS"])
        if env.get("ASSISTANT_QUEUE_SIZE"):
            values["queue_size"] = int(env["ASSISTANT_QUEUE_SIZE"])
        if env.get("ASSISTANT_QUEUE_TIMEOUT"):
            values["queue_timeout"] = float(env["ASSISTANT_QUEUE_TIMEOUT"])
        if env.get("ASSISTANT_FEEDBACK_DB"):
            values["feedback_db"] = Path(env["ASSISTANT_FEEDBACK_DB"])
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **values)
