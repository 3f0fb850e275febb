"""Shared fixtures: the real model, loaded once; an index of the shipped corpus."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
# `assistant add`/`index` write audit rows (audit.py): not into the working folder
os.environ.setdefault("ASSISTANT_AUDIT_DB", os.path.join(tempfile.mkdtemp(), "audit.sqlite3"))

from assistant.config import Settings  # noqa: E402
from assistant.index.embedding import load_embedder  # noqa: E402
from assistant.answering.pipeline import Assistant, update_index  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def write_article(folder: Path, name: str, title: str, body: str, **meta) -> Path:
    lines = ["---", f'title: "{title}"'] + [f"{k}: {v}" for k, v in meta.items()] + ["---", "", body]
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def e5():
    return load_embedder("intfloat/multilingual-e5-small")


@pytest.fixture(scope="session")
def shipped(tmp_path_factory, e5):
    """Settings and an Assistant over a copy of the shipped corpus."""
    root = tmp_path_factory.mktemp("shipped")
    shutil.copytree(CORPUS, root / "corpus")
    settings = Settings.from_env(env={}, corpus_dir=root / "corpus", index_dir=root / "index")
    update_index(settings, e5)
    return Assistant(settings, e5)


@pytest.fixture
def small_project(tmp_path):
    """An empty project folder with corpus/ and index/ paths in its settings."""
    (tmp_path / "corpus").mkdir()
    return Settings.from_env(env={}, corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")
