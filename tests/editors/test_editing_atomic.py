"""Editors' changes are all or nothing with their audit row, over real HTTP
(the real app under uvicorn, the real model and FAISS index): when the
index folder is read-only or full, the audit log's disk is full, or the
corpus disk is full, an add, an edit and a removal each answer 503 with a
Swedish message and leave corpus/, the index and the audit log exactly as
they were. /healthz says when corpus/ and the index disagree.

The disks are real: a filled tmpfs and a read-only bind mount, as in
test_storage_failures.py (skipped where mounting is not permitted)."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

import pytest
from conftest import PROXY, project_settings, write_article
from served import Served
from test_storage_failures import UNAVAILABLE, _mount, fill, mounted

from assistant.governance.audit import AuditLog
from assistant.config import Settings
from assistant.web.app import create_app
from assistant.answering.pipeline import Assistant, update_index
from assistant.index.store import current_generation, load_index

EDITOR = {"X-Remote-User": "erik", "X-Remote-Groups": "Redaktion"}
ARTICLES = {
    "vargarda": ("Ny socialchef i Vårgårda", "Vårgårda",
                 "Ann-Charlotte Lilja tillträdde som socialchef i Vårgårda våren 2018. Hon "
                 "började med att fråga personalen om orsakerna till de höga kostnaderna."),
    "tranemo": ("Ny ledningsgrupp i Tranemo", "Tranemo",
                "Grannkommunen Svenljunga delade med sig av sin socialchef till Tranemo, som "
                "snabbt fick en ny ledningsgrupp för vård och omsorg."),
}
NEW_PAGE = ("ny.txt", ("Trygghetsteam i Herrljunga\n\nHerrljunga kommun har startat ett "
                       "trygghetsteam i hemtjänsten som samverkar med Vårgårda om nattpatrullen "
                       "och larmen.\n").encode("utf-8"), "text/plain")

needs_mounts = pytest.mark.skipif(UNAVAILABLE is not None, reason=UNAVAILABLE or "")


def fill_corpus(settings: Settings, e5) -> None:
    settings.corpus_dir.mkdir(exist_ok=True)
    for name, (title, place, body) in ARTICLES.items():
        write_article(settings.corpus_dir, f"{name}.md", title, body, municipality=place)
    update_index(settings, e5)


def serve(settings: Settings, e5) -> Served:
    settings.audit_db.parent.mkdir(exist_ok=True)
    return Served(create_app(Assistant(settings, e5), settings), settings).start()


def files_under(*folders: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for f in folders for p in sorted(f.rglob("*"))
            if p.is_file() and p.name != "fyllnad.bin"}


def indexed(settings: Settings) -> dict[str, str]:
    return {a.id: a.fingerprint for a in load_index(settings.index_dir).articles}


def article_rows(settings: Settings) -> list[tuple[str, str]]:
    return [(e.action, e.target) for e in AuditLog(settings.audit_db).entries()
            if e.action.startswith("article.")]


def try_every_change(served: Served) -> dict[str, object]:
    """An add, an edit and a removal; the answers by kind."""
    with served.client(PROXY, headers=EDITOR) as client:
        return {"add": client.post("/api/articles", files=[("files", NEW_PAGE)]),
                "edit": client.patch("/api/articles/vargarda",
                                     json={"title": "Vårgårdas nya socialchef"}),
                "remove": client.delete("/api/articles/tranemo")}


def assert_refused_and_unchanged(answers, says: str, before, settings, index_before,
                                 generation=None) -> None:
    codes = {kind: (r.status_code, r.text) for kind, r in answers.items()}
    after = files_under(settings.corpus_dir)
    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    assert changed == [], codes  # no article changed, and no journal or .tmp left
    assert indexed(settings) == index_before, codes
    if generation is not None:  # not even rewritten
        assert current_generation(settings.index_dir) == generation
    assert article_rows(settings) == [], codes
    for kind, r in answers.items():
        assert r.status_code == 503, (kind, r.status_code, r.text)
        message = r.json()["error"]
        assert says in message and "Ingenting ändrades" in message, (kind, message)
        assert "Traceback" not in message and "Errno" not in message


@needs_mounts
@pytest.mark.parametrize("how", ["read-only", "full"])
def test_an_index_that_cannot_be_written_changes_nothing(tmp_path, e5, how):
    settings = project_settings(tmp_path, copy_corpus=False, audit_db=tmp_path / "audit" / "a.sqlite3")
    index = settings.index_dir
    with (mounted(index, "-t", "tmpfs", "-o", "size=1m", "tmpfs") if how == "full"
          else contextlib.nullcontext()):
        fill_corpus(settings, e5)
        index_before, generation = indexed(settings), current_generation(index)
        served = serve(settings, e5)
        try:
            if how == "full":
                fill(index, leave_bytes=8192)  # room for the lock, not a new generation
                before = files_under(settings.corpus_dir)
                answers = try_every_change(served)
                says = "Disken är full"
            else:
                with mounted(index, "--bind", str(index)):
                    assert _mount("-o", "remount,bind,ro", str(index)).returncode == 0
                    before = files_under(settings.corpus_dir)
                    answers = try_every_change(served)
                says = "skrivskyddad"
            assert_refused_and_unchanged(answers, says, before, settings, index_before,
                                         generation)
        finally:
            served.stop()


@needs_mounts
def test_a_full_audit_disk_changes_nothing(tmp_path, e5):
    settings = project_settings(tmp_path, copy_corpus=False, audit_db=tmp_path / "audit" / "a.sqlite3")
    fill_corpus(settings, e5)
    index_before = indexed(settings)
    with mounted(settings.audit_db.parent, "-t", "tmpfs", "-o", "size=256k", "tmpfs"):
        served = serve(settings, e5)
        try:
            AuditLog(settings.audit_db).record("audit.read", "eva")  # the file exists
            before = files_under(settings.corpus_dir)
            fill(settings.audit_db.parent)
            answers = try_every_change(served)
            (settings.audit_db.parent / "fyllnad.bin").unlink()  # room to read the log again
            # the index took each change before the audit row failed: it was updated again
            assert_refused_and_unchanged(answers, "Granskningsloggen", before, settings,
                                         index_before)
            with served.client(PROXY, headers=EDITOR) as client:
                listed = {a["id"] for a in client.get("/api/articles").json()["articles"]}
                asked = client.post("/api/ask", json={"question": "Vem är socialchef i Vårgårda?"})
            assert listed == set(ARTICLES)
            titles = {p["article"]["title"] for p in asked.json()["passages"]}
            assert "Vårgårdas nya socialchef" not in titles  # the loaded index is the old one
        finally:
            served.stop()


@needs_mounts
def test_a_full_corpus_disk_changes_nothing(tmp_path, e5):
    settings = project_settings(tmp_path, copy_corpus=False, audit_db=tmp_path / "audit" / "a.sqlite3")
    with mounted(settings.corpus_dir, "-t", "tmpfs", "-o", "size=256k", "tmpfs"):
        fill_corpus(settings, e5)
        index_before, generation = indexed(settings), current_generation(settings.index_dir)
        served = serve(settings, e5)
        try:
            fill(settings.corpus_dir)
            before = files_under(settings.corpus_dir)
            answers = try_every_change(served)
            assert_refused_and_unchanged(answers, "Disken är full", before, settings,
                                         index_before, generation)
        finally:
            served.stop()


def wait_for_health(served: Served, status: str, timeout: float = 20) -> dict:
    """/healthz once it reports `status` (it looks again every few seconds)."""
    deadline = time.monotonic() + timeout
    with served.client("127.0.0.1") as client:
        while True:
            health = client.get("/healthz")
            assert health.status_code == 200, health.text
            if health.json()["status"] == status or time.monotonic() > deadline:
                return health.json()
            time.sleep(0.5)


def test_health_says_when_corpus_and_index_disagree(tmp_path, e5):
    settings = project_settings(tmp_path, copy_corpus=False, audit_db=tmp_path / "audit" / "a.sqlite3")
    fill_corpus(settings, e5)
    served = serve(settings, e5)
    try:
        health = wait_for_health(served, "ok")
        assert health["status"] == "ok" and health["corpus_agrees"] is True
        # an article dropped in by hand, never indexed; another changed by hand
        write_article(settings.corpus_dir, "herrljunga.md", "Trygghetsteam i Herrljunga",
                      "Herrljunga kommun har startat ett trygghetsteam i hemtjänsten.",
                      municipality="Herrljunga")
        tranemo = settings.corpus_dir / "tranemo.md"
        tranemo.write_text(tranemo.read_text(encoding="utf-8") + "\nEtt stycke till.\n",
                           encoding="utf-8")
        health = wait_for_health(served, "degraded")
        assert health["status"] == "degraded" and health["corpus_agrees"] is False
        assert health["corpus"]["only_in_corpus"] == ["herrljunga"]
        assert health["corpus"]["changed"] == ["tranemo"]
        assert "stämmer inte överens" in health["warning"]
        assert "assistant index" in health["warning"]
        assert health["index_loaded"] is True  # questions are still answered
        update_index(settings, e5)  # what the warning says to do
        health = wait_for_health(served, "ok")
        assert health["status"] == "ok" and health["corpus_agrees"] is True
    finally:
        served.stop()
