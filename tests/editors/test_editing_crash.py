"""kill -9 of the real app (`python app.py` in a subprocess, the real model
and FAISS index) at every step of an editor's add, edit and remove, then
corpus/, the index and the audit log agree again.

Each killed process is started with ASSISTANT_TEST_CRASH_AT=<kind>:<step>
(journal.checkpoint), so it kills itself exactly there:

- `corpus`: the article files changed, the index not (the reported bug:
  an orphan in corpus/ that a retry called a duplicate);
- `index`: the index took the change, the audit row is missing;
- `audit`: the audit row is written, the journal not yet deleted.

First the state right after the kill is checked (so the step was really
reached), then it is settled by another app process: by its next write (a
second app that stays up throughout, and whose /healthz reports the
unfinished change meanwhile), or by the next start (the last two cases,
one of them killed again in the middle of its own recovery). Without an
audit row the change is rolled back, with one it is completed.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from conftest import ROOT, write_article

from assistant.corpus.articles import load_corpus
from assistant.governance.audit import AuditLog
from assistant.config import Settings
from assistant.editors.journal import CRASH_VARIABLE, JOURNAL
from assistant.answering.pipeline import update_index
from assistant.index.store import load_index

ARTICLES = {
    "vargarda": ("Ny socialchef i Vårgårda", "Vårgårda",
                 "Ann-Charlotte Lilja tillträdde som socialchef i Vårgårda våren 2018. Hon "
                 "började med att fråga personalen om orsakerna till de höga kostnaderna."),
    "tranemo": ("Ny ledningsgrupp i Tranemo", "Tranemo",
                "Grannkommunen Svenljunga delade med sig av sin socialchef till Tranemo, som "
                "snabbt fick en ny ledningsgrupp för vård och omsorg."),
    "mellerud": ("Gemensam nämnd i Dalsland", "Mellerud",
                 "Mellerud och Bengtsfors har en gemensam nämnd för socialtjänsten, med en "
                 "förvaltning som leds av en socialchef för båda kommunerna."),
    "alingsas": ("Hemtjänst i små grupper", "Alingsås",
                 "I Alingsås planeras hemtjänstens arbete i små grupper där medarbetarna själva "
                 "lägger schemat tillsammans med enhetschefen."),
}
NEW = {
    n: (f"{title}\n\n{body}\n").encode("utf-8") for n, (title, body) in enumerate([
        ("Trygghetsteam i Herrljunga", "Herrljunga kommun har startat ett trygghetsteam i "
         "hemtjänsten som samverkar med Vårgårda om nattpatrullen."),
        ("Ny äldreomsorgschef i Borås", "Borås stad har anställt en ny chef för äldreomsorgen "
         "som ska leda arbetet med heltid som norm."),
        ("Digitala nycklar i Ulricehamn", "Ulricehamns kommun inför digitala nycklar i "
         "hemtjänsten efter ett försök i två områden."),
        ("Samverkan om barn i Lerum", "Lerums kommun och regionen samverkar om barn och unga "
         "med psykisk ohälsa i ett gemensamt team."),
    ], 1)}
KILLED = "erik"  # the editor whose request is killed
NEXT = "berit"  # the editor of the app that stays up


_TAKEN: set[int] = set()


def free_port() -> int:
    """A port nothing listens on, and not one given to another app of this test."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port not in _TAKEN:
            _TAKEN.add(port)
            return port


class App:
    """`python app.py` on the test project, signed in through a trusted proxy."""

    def __init__(self, root: Path, crash: str | None = None, name: str = "app"):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if k != CRASH_VARIABLE}
        env.update(ASSISTANT_CORPUS=str(root / "corpus"), ASSISTANT_INDEX=str(root / "index"),
                   ASSISTANT_AUDIT_DB=str(root / "audit.sqlite3"),
                   ASSISTANT_FEEDBACK_DB=str(root / "feedback.sqlite3"),
                   ASSISTANT_GAPS_DB=str(root / "gaps.sqlite3"),
                   ASSISTANT_GRADIO_CACHE=str(root / f"gradio-{name}"),
                   ASSISTANT_HOST="127.0.0.1", ASSISTANT_PORT=str(self.port),
                   ASSISTANT_TRUSTED_PROXIES="127.0.0.1", ASSISTANT_EDITOR_GROUPS="Redaktion",
                   HF_HUB_OFFLINE="1", GRADIO_ANALYTICS_ENABLED="False")
        if crash:
            env[CRASH_VARIABLE] = crash
        self.log = root / f"{name}.log"
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env,
                                         stdout=log, stderr=subprocess.STDOUT)

    def wait_ready(self, timeout: float = 600) -> "App":
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.log.read_text(errors="replace")[-3000:]
            try:
                if httpx.get(self.url + "/healthz", timeout=5).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise AssertionError(f"the app did not start: {self.log.read_text()[-3000:]}")

    def client(self, user: str) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=120,
                            headers={"X-Remote-User": user, "X-Remote-Groups": "Redaktion"})

    def killed_by(self, request) -> None:
        """Send `request(client)`; the app must die of SIGKILL at its crash point."""
        with self.client(KILLED) as client:
            with pytest.raises(httpx.TransportError):
                response = request(client)
                raise AssertionError(f"answered {response.status_code}: {response.text}")
        assert self.proc.wait(60) == -signal.SIGKILL, self.log.read_text()[-3000:]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(15)


def add(n: int):
    return lambda c: c.post("/api/articles", files=[("files", (f"ny-{n}.txt", NEW[n],
                                                                "text/plain"))])


def edit(article_id: str, title: str):
    return lambda c: c.patch(f"/api/articles/{article_id}", json={"title": title})


def remove(article_id: str):
    return lambda c: c.delete(f"/api/articles/{article_id}")


class Project:
    def __init__(self, root: Path):
        self.root = root
        self.corpus = root / "corpus"
        self.settings = Settings.from_env(env={}, corpus_dir=self.corpus,
                                          index_dir=root / "index")

    def corpus_articles(self) -> dict[str, str]:
        return {a.id: a.fingerprint for a in load_corpus(self.corpus).articles}

    def index_articles(self) -> dict[str, str]:
        return {a.id: a.fingerprint for a in load_index(self.settings.index_dir).articles}

    def titles(self) -> dict[str, str]:
        return {a.id: a.title for a in load_corpus(self.corpus).articles}

    def rows(self) -> list[tuple[str, str, str]]:
        return [(e.action, e.target, e.actor) for e in
                AuditLog(self.root / "audit.sqlite3").entries() if e.action.startswith("article.")]

    def pending(self) -> bool:
        return (self.corpus / JOURNAL).exists()

    def new_id(self, n: int) -> str | None:
        """The id of the added article NEW[n] in corpus/, if it is there."""
        title = NEW[n].decode("utf-8").split("\n", 1)[0]
        found = [i for i, t in self.titles().items() if t == title]
        assert len(found) <= 1, found
        return found[0] if found else None

    def assert_agree(self, rows: list[tuple[str, str, str]]) -> None:
        """corpus/ and the index hold the same articles (same texts), no change
        is pending, and the audit log holds exactly the changes that happened."""
        assert not self.pending()
        assert self.corpus_articles() == self.index_articles()
        assert self.rows() == rows
        assert not [p for p in self.corpus.rglob("*.tmp")]


def wait_for_status(app: App, status: str, timeout: float = 30) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        health = httpx.get(app.url + "/healthz", timeout=30).json()
        if health["status"] == status or time.monotonic() > deadline:
            return health
        time.sleep(0.5)


def test_killed_editor_changes_are_rolled_back_or_completed(tmp_path, e5):
    project = Project(tmp_path)
    project.corpus.mkdir()
    for name, (title, place, body) in ARTICLES.items():
        write_article(project.corpus, f"{name}.md", title, body, municipality=place)
    update_index(project.settings, e5)

    points = ["add:corpus", "add:index", "add:audit", "edit:corpus", "edit:index",
              "remove:corpus", "remove:audit", "remove:index"]
    # every app starts at once: the one that stays up and one per crash point
    apps = {point: App(tmp_path, point, name=point.replace(":", "-")) for point in points}
    survivor = App(tmp_path, name="survivor")
    rows: list[tuple[str, str, str]] = []
    try:
        survivor.wait_ready()
        for app in apps.values():
            app.wait_ready()
        with survivor.client(NEXT) as next_editor:
            def next_write(day: int) -> None:
                """The survivor's next change settles what the killed app left."""
                r = next_editor.patch("/api/articles/vargarda",
                                      json={"updated": f"2026-01-{day:02d}"})
                assert r.status_code == 200, r.text
                rows.append(("article.edit", "vargarda", NEXT))

            # add, killed with the file in corpus/ but not in the index
            apps["add:corpus"].killed_by(add(1))
            orphan = project.new_id(1)
            assert orphan and project.pending()
            assert orphan in project.corpus_articles() and orphan not in project.index_articles()
            assert project.rows() == []
            health = wait_for_status(survivor, "degraded")
            assert health["status"] == "degraded" and health["corpus_agrees"] is False
            assert "avbröts" in health["warning"] and orphan in health["warning"]
            retry = add(1)(next_editor)  # the editor tries again: added, not "a duplicate"
            assert retry.status_code == 201, retry.text
            added = retry.json()["id"]
            rows.append(("article.add", added, NEXT))
            project.assert_agree(rows)
            assert wait_for_status(survivor, "ok")["status"] == "ok"

            # add, killed after the index took it: rolled back
            apps["add:index"].killed_by(add(2))
            second = project.new_id(2)
            assert second in project.index_articles() and project.rows() == rows
            next_write(1)
            assert project.new_id(2) is None
            project.assert_agree(rows)

            # add, killed after its audit row: completed
            apps["add:audit"].killed_by(add(3))
            third = project.new_id(3)
            assert third in project.index_articles() and project.pending()
            next_write(2)
            rows.insert(-1, ("article.add", third, KILLED))
            assert project.new_id(3) == third
            project.assert_agree(rows)
            provenance = json.loads((project.corpus / ".editors.json").read_text("utf-8"))
            assert provenance[third]["added_by"] == KILLED

            # edit, killed with the file rewritten, and after the index took it
            before = project.corpus_articles()["tranemo"]
            for day, point in ((3, "edit:corpus"), (4, "edit:index")):
                apps[point].killed_by(edit("tranemo", "Tranemos nya ledningsgrupp"))
                assert project.titles()["tranemo"] == "Tranemos nya ledningsgrupp"
                moved_on = project.index_articles()["tranemo"] != before
                assert moved_on == (point == "edit:index")
                next_write(day)
                assert project.titles()["tranemo"] == "Ny ledningsgrupp i Tranemo"
                assert project.corpus_articles()["tranemo"] == before
                project.assert_agree(rows)

            # remove, killed with the file moved aside: rolled back
            apps["remove:corpus"].killed_by(remove("mellerud"))
            assert "mellerud" not in project.corpus_articles()
            assert "mellerud" in project.index_articles()
            next_write(5)
            assert "mellerud" in project.corpus_articles()
            project.assert_agree(rows)

            # remove, killed after its audit row: completed
            apps["remove:audit"].killed_by(remove("mellerud"))
            next_write(6)
            rows.insert(-1, ("article.remove", "mellerud", KILLED))
            assert "mellerud" not in project.corpus_articles()
            project.assert_agree(rows)

        # remove, killed after the index dropped it; settled by the next start,
        # itself killed once in the middle of undoing it
        apps["remove:index"].killed_by(remove("alingsas"))
        assert "alingsas" not in project.corpus_articles()
        assert "alingsas" not in project.index_articles() and project.pending()
        again = App(tmp_path, "undo:corpus", name="recovering")
        assert again.proc.wait(600) == -signal.SIGKILL, again.log.read_text()[-3000:]
        assert "alingsas" in project.corpus_articles()  # the file is back ...
        assert "alingsas" not in project.index_articles() and project.pending()  # ... not yet the index
        restarted = App(tmp_path, name="restarted").wait_ready()
        apps["restarted"] = restarted
        project.assert_agree(rows)
        assert "alingsas" in project.corpus_articles()
        assert wait_for_status(restarted, "ok")["corpus_agrees"] is True
        listed = httpx.get(restarted.url + "/api/articles").json()["articles"]
        assert {a["id"] for a in listed} == set(project.corpus_articles())
    finally:
        for app in [survivor, *apps.values()]:
            app.stop()


KILLED_ADD = """
import sys
from pathlib import Path
from assistant.governance.audit import Actor
from assistant.config import Settings
from assistant.editors.editing import Editor

Editor.without_app(Settings.from_env()).add([Path(sys.argv[1])], actor=Actor("erik"))
"""


def test_assistant_index_settles_an_unfinished_change_first(tmp_path, e5):
    """An editor's add killed with its file in corpus/: `assistant index` run
    by hand afterwards must not publish the article without its audit row."""
    project = Project(tmp_path)
    project.corpus.mkdir()
    for name, (title, place, body) in list(ARTICLES.items())[:2]:
        write_article(project.corpus, f"{name}.md", title, body, municipality=place)
    update_index(project.settings, e5)
    page = tmp_path / "ny.txt"
    page.write_bytes(NEW[1])
    env = {k: v for k, v in os.environ.items() if k != CRASH_VARIABLE}
    env.update(ASSISTANT_CORPUS=str(project.corpus), ASSISTANT_INDEX=str(tmp_path / "index"),
               ASSISTANT_AUDIT_DB=str(tmp_path / "audit.sqlite3"), HF_HUB_OFFLINE="1")
    killed = subprocess.run([sys.executable, "-c", KILLED_ADD, str(page)], cwd=ROOT,
                            env={**env, CRASH_VARIABLE: "add:corpus"}, capture_output=True)
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()
    assert project.new_id(1) in project.corpus_articles() and project.pending()

    out = subprocess.run([sys.executable, "-m", "assistant.cli", "index", "-q"], cwd=ROOT,
                         env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    assert "En redaktörs avbrutna ändring togs tillbaka." in out.stderr
    assert project.new_id(1) is None
    project.assert_agree([])
