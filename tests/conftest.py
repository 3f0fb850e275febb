"""Shared fixtures: the real model, loaded once; an index of the shipped corpus.

And one session-wide check (`nothing_personal_was_written`): everything the
app logs during the run goes to a file too, and at the end every file the
app wrote (the tmp folders the fixtures made, the audit folder below, and
the app's own files in the project folder: databases, logs, caches, index,
corpus) is searched for every personal-data
form the tests send (tests/pii_forms.py), as typed and as the app or the
screen would rewrite it; the text values of every SQLite database and every
log line go through the detector itself as well. One hit fails the run.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sqlite3
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
# `assistant add`/`index` write audit rows (audit.py): not into the working folder
os.environ.setdefault("ASSISTANT_AUDIT_DB", os.path.join(tempfile.mkdtemp(), "audit.sqlite3"))
AUDIT_DIR = Path(os.environ["ASSISTANT_AUDIT_DB"]).parent

from assistant.answering.pipeline import Assistant, update_index  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.index.embedding import load_embedder  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


# Fixtures that bring in a real part: a test using one (directly or through
# another fixture) gets its marker, and `slow`. Test files that start the part
# themselves say so with a module-level `pytestmark`.
MARKED_BY_FIXTURE = {"e5": "model", "browser": "browser", "pg": "postgres"}
SLOW_PARTS = ("model", "browser", "postgres")


def pytest_collection_modifyitems(config, items):
    for item in items:
        for fixture, marker in MARKED_BY_FIXTURE.items():
            if fixture in item.fixturenames:
                item.add_marker(marker)
        if any(item.get_closest_marker(m) for m in SLOW_PARTS):
            item.add_marker("slow")


def write_article(folder: Path, name: str, title: str, body: str, **meta) -> Path:
    lines = ["---", f'title: "{title}"'] + [f"{k}: {v}" for k, v in meta.items()] + ["---", "", body]
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def e5():
    return load_embedder("intfloat/multilingual-e5-small")


def shipped_copy(tmp_path_factory, name: str, index_from: Path | None = None) -> Path:
    """A new folder `name` with a copy of the shipped corpus in corpus/ (and
    of the index folder `index_from` in index/: see `copy_index`)."""
    root = tmp_path_factory.mktemp(name)
    shutil.copytree(CORPUS, root / "corpus")
    copy_index(index_from, root)
    return root


def copy_index(index_from: Path | None, root: Path) -> None:
    """A copy of the index folder `index_from` (`shipped`'s, built once per
    session) in root/index, if given: update_index then keeps the shipped
    articles' vectors and embeds only what a test adds or changes."""
    if index_from is not None:
        shutil.copytree(index_from, root / "index")


def assistant_over(root: Path, e5) -> Assistant:
    """An Assistant over root/corpus, its index built into root/index."""
    settings = Settings.from_env(env={}, corpus_dir=root / "corpus", index_dir=root / "index")
    update_index(settings, e5)
    return Assistant(settings, e5)


def measured(assistant, question: str):
    """The answerability evidence (retrieval/answerability.py) of `question`
    over its best three passages."""
    from assistant.retrieval.answerability import measure

    searcher = assistant.searcher
    query = searcher.query(question)
    hits = searcher.search(query, 3)
    return measure(searcher, query, hits, searcher.embed(query.text), True)


def told_unknown_in(question: str, sentence: str) -> bool:
    """Whether `sentence` tells what `question` asks as not known yet (unknowns.py)."""
    from assistant.retrieval.query import analyse
    from assistant.retrieval.question_words import content_words
    from assistant.retrieval.unknowns import told_unknown
    from assistant.swedish.words import stem

    query = analyse(question)
    return told_unknown([stem(w) for w in content_words(query)], [sentence], query)


def asked_of(question: str, places: tuple[str, ...] = (), english: bool = False):
    """The role a who-question asks for (role_questions.asked_role), as the retrieval reads it."""
    from assistant.retrieval.evidence import asked_roles
    from assistant.retrieval.role_questions import asked_role

    return asked_role(question, asked_roles(question, english), places, english)


def evidence_of(assistant, question: str) -> dict:
    """`measured`, feature by name."""
    return measured(assistant, question).as_dict()


@pytest.fixture(scope="session")
def shipped(tmp_path_factory, e5):
    """Settings and an Assistant over a copy of the shipped corpus."""
    return assistant_over(shipped_copy(tmp_path_factory, "shipped"), e5)


def shipped_plus(shipped, tmp_path_factory, name: str, *articles: tuple[str, str, str]):
    """An Assistant over the shipped articles plus fictional ones, each
    (municipality, title, body), its index built once in a folder of its own."""
    from assistant.answering.evaluation import grown_assistant

    folder = tmp_path_factory.mktemp(f"grown-{name}")
    for i, (municipality, title, body) in enumerate(articles, 1):
        write_article(folder, f"t{i}.md", title, body, municipality=municipality,
                      fictional="true")
    return grown_assistant(shipped.settings, shipped.embedder, folder,
                           tmp_path_factory.mktemp(f"cache-{name}"))


PROXY = "127.0.0.2"  # the address a trusted proxy connects from (tests/served.py clients)


def project_settings(root: Path, copy_corpus: bool = True, index_from: Path | None = None,
                     **changes) -> Settings:
    """Settings for a project of its own under `root`, over a copy of the
    shipped corpus (or an empty corpus/): its own index (a copy of
    `index_from`, if given: `copy_index`), feedback and audit files, the
    proxy at PROXY trusted with the groups Redaktion (editors) and IT-admin
    (admins). `changes` replace any of these."""
    if copy_corpus:
        shutil.copytree(CORPUS, root / "corpus")
    copy_index(index_from, root)
    settings = replace(
        Settings.from_env(env={}, corpus_dir=root / "corpus", index_dir=root / "index"),
        trusted_proxies=(PROXY,), editor_groups=("Redaktion",), admin_groups=("IT-admin",),
        feedback_db=root / "feedback.sqlite3", audit_db=root / "audit.sqlite3",
        gradio_cache=root / "cache")
    return replace(settings, **changes)


@contextlib.contextmanager
def app_client(assistant, root: Path):
    """The whole app over `assistant` in a TestClient that answers errors as
    the server would, with its own feedback file and Gradio cache under `root`."""
    from starlette.testclient import TestClient

    from assistant.web.app import create_app

    settings = replace(assistant.settings, feedback_db=root / "feedback.sqlite3",
                       gradio_cache=root / "gradio-cache")
    with TestClient(create_app(assistant, settings), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="module")
def framing_site(shipped, tmp_path_factory):
    """An intranet on http://localhost:<port> (another site than the app's
    127.0.0.1) allowed to frame the app, the app over `shipped` directly and
    under /assistent behind a prefix-stripping proxy (tests/intranet.py).
    A test module adds its pages to `pages` (path -> HTML; `frame_page`)."""
    from intranet import pages_app, prefix_proxy
    from served import Served

    from assistant.web.app import create_app

    pages: dict[str, str] = {}
    intranet = Served(pages_app(pages))
    allowed = f"http://localhost:{intranet.port}"
    settings = replace(shipped.settings, frame_ancestors=f"'self' {allowed}",
                       feedback_db=tmp_path_factory.mktemp("fb") / "feedback.sqlite3")
    direct = Served(create_app(shipped, settings))
    behind = Served(create_app(shipped, replace(settings, root_path="/assistent")))
    proxy = Served(prefix_proxy("/assistent", f"http://127.0.0.1:{behind.port}"))
    servers = [intranet, direct, behind, proxy]
    for s in servers:
        s.start()
    yield {"pages": pages, "intranet": allowed, "direct": f"127.0.0.1:{direct.port}",
           "behind": f"127.0.0.1:{behind.port}", "proxy": f"http://127.0.0.1:{proxy.port}",
           "feedback_db": settings.feedback_db}
    for s in servers:
        s.stop()


@pytest.fixture
def small_project(tmp_path):
    """An empty project folder with corpus/ and index/ paths in its settings."""
    (tmp_path / "corpus").mkdir()
    return Settings.from_env(env={}, corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")


# --- nothing personal was written

SKIPPED = {".git", ".venv", "node_modules", "__pycache__", ".pytest_cache", ".node"}
# what the app writes in the project folder when settings point there (the defaults)
APP_FILES = ("feedback.sqlite3*", "gaps.sqlite3*", "audit.sqlite3*", "*.log", ".cache",
             ".gradio", "index", "corpus")
ARTICLE_DIRS = {"corpus", "index", ".removed"}  # where a confirmed article may be


def _written(since: float, roots: list[Path]) -> list[Path]:
    """Files under `roots` changed since `since` (the venv, git and caches skipped)."""
    out = [r for r in roots if r.is_file() and r.stat().st_mtime >= since]
    for root in roots:
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if d not in SKIPPED]
            for name in files:
                path = Path(folder) / name
                try:
                    if path.stat().st_mtime >= since:
                        out.append(path)
                except OSError:
                    continue
    return out


@pytest.fixture(scope="session")
def outside_inputs():
    """A folder for the files a test hands the app (an article holding a
    personnummer to upload): the test wrote them, not the app, so they are
    kept out of the session check's folders."""
    folder = Path(tempfile.mkdtemp(prefix="assistant-test-inputs-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _sqlite_texts(path: Path) -> list[str]:
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
            return [v for t in tables for row in db.execute(f'SELECT * FROM "{t}"')
                    for v in row if isinstance(v, str)]
        finally:
            db.close()
    except sqlite3.Error:
        return []


def _hits(paths: list[Path]) -> list[str]:
    from pii_forms import PUBLISHED, all_needles

    from assistant.governance.personal_data import find

    needles = [(n, n.encode("utf-8")) for n in all_needles()]
    published = [p.encode("utf-8") for p in (PUBLISHED, f"{PUBLISHED[:6]}-{PUBLISHED[6:]}")]
    hits = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        hits += [f"{path}: {n!r}" for n, raw in needles if raw in data]
        if not ARTICLE_DIRS & set(path.parts):
            hits += [f"{path}: the published number" for raw in published if raw in data]
            if data[:16] == b"SQLite format 3\x00" and not path.name.endswith(("-wal", "-shm")):
                hits += [f"{path}: {find(t)} in a stored text" for t in _sqlite_texts(path)
                         if find(t)]
            elif path.suffix == ".log":
                hits += [f"{path}: {find(line)} in a log line"
                         for line in data.decode("utf-8", "replace").splitlines() if find(line)]
    return hits


@pytest.fixture(scope="session", autouse=True)
def nothing_personal_was_written(tmp_path_factory):
    """Runs around the whole session (set up first, torn down last)."""
    import uvicorn

    started = time.time() - 1
    log_file = tmp_path_factory.getbasetemp() / "session.log"
    handler = logging.FileHandler(log_file, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    # what the app logs; not the tests' own HTTP clients (their URLs carry what they send)
    handler.addFilter(lambda record: not record.name.startswith(("httpx", "httpcore")))
    names = ("uvicorn", "uvicorn.error", "uvicorn.access")
    # uvicorn sets up its loggers anew for each server: add the file to them every time
    configure = uvicorn.Config.configure_logging

    def configure_logging(self):
        configure(self)
        for name in names:
            if handler not in logging.getLogger(name).handlers:
                logging.getLogger(name).addHandler(handler)

    uvicorn.Config.configure_logging = configure_logging
    app_logger = logging.getLogger("assistant")
    level = app_logger.level
    app_logger.setLevel(logging.DEBUG)  # everything the app itself logs
    logging.getLogger().addHandler(handler)
    for name in names:
        logging.getLogger(name).addHandler(handler)
    yield
    uvicorn.Config.configure_logging = configure
    app_logger.setLevel(level)
    for name in ("", *names):
        logging.getLogger(name).removeHandler(handler)
    handler.close()
    roots = [tmp_path_factory.getbasetemp(), AUDIT_DIR,
             *(p for pattern in APP_FILES for p in ROOT.glob(pattern))]
    hits = _hits(_written(started, roots))
    assert not hits, "personal data written during the tests:\n" + "\n".join(hits[:50])
