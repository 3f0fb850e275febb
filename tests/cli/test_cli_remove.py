"""The CLI as a shell user meets it: a closed pipe ends quietly, JSON is
UTF-8, and `assistant remove ID` takes an article out through the editors'
path with an audit row. Real subprocesses, the real model and index."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import replace

from conftest import ROOT
from assistant.answering.pipeline import update_index


def _env(settings, audit):
    return dict(os.environ, ASSISTANT_CORPUS=str(settings.corpus_dir),
                ASSISTANT_INDEX=str(settings.index_dir), ASSISTANT_AUDIT_DB=str(audit))


def test_closed_pipe_ends_quietly(shipped, tmp_path):
    env = _env(shipped.settings, tmp_path / "audit.sqlite3")
    cli = f"{sys.executable} -m assistant.cli"
    out = subprocess.run(["bash", "-c", f"set -o pipefail; printf 'Vem är socialchef i Vårgårda?"
                          f"\\nHur samverkar Bengtsfors och Mellerud?\\n' | {cli} ask - | head -1"],
                         capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert out.stdout.strip() == "Det här står i artiklarna:"
    assert "Traceback" not in out.stderr and "BrokenPipe" not in out.stderr, out.stderr
    assert out.stderr == ""


def test_json_is_utf8_not_escaped(shipped, tmp_path):
    env = _env(shipped.settings, tmp_path / "audit.sqlite3")
    out = subprocess.run([sys.executable, "-m", "assistant.cli", "ask", "--json",
                          "Vem är socialchef i Vårgårda?"], capture_output=True, env=env,
                         cwd=ROOT, timeout=300)
    assert out.returncode == 0
    assert "Vårgårda".encode("utf-8") in out.stdout and b"\\u00e5" not in out.stdout
    json.loads(out.stdout.decode("utf-8"))


def test_remove_takes_the_article_out_with_an_audit_row(shipped, tmp_path, e5):
    corpus = tmp_path / "corpus"
    shutil.copytree(shipped.settings.corpus_dir, corpus)
    shutil.copytree(shipped.settings.index_dir, tmp_path / "index")  # built once per session
    settings = replace(shipped.settings, corpus_dir=corpus, index_dir=tmp_path / "index")
    update_index(settings, e5)
    audit = tmp_path / "audit.sqlite3"
    env = _env(settings, audit)

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "assistant.cli", *args], capture_output=True,
                              text=True, env=env, cwd=ROOT, timeout=300, stdin=subprocess.DEVNULL)

    gone = "004-vargarda-socialtjanst"
    out = cli("remove", gone)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(f"Borttagen: {gone} – ”Energi och utveckling på Vårgårdas")
    assert not (corpus / f"{gone}.md").exists()
    kept = list(corpus.rglob(f"*{gone}.md")) + list(tmp_path.rglob(f".*{gone}.md"))
    assert kept, "the removed file is kept aside"
    # gone from the index: no answer quotes it
    answer = json.loads(cli("ask", "--json", "Vem är socialchef i Vårgårda?").stdout)
    assert all(p["article"]["id"] != gone for p in answer["passages"] + answer.get("nearest", []))
    # one audit row naming the article, made by the CLI
    with sqlite3.connect(audit) as db:
        rows = db.execute("SELECT * FROM audit").fetchall()
    assert any("article.remove" in map(str, r) and gone in map(str, r) for r in rows), rows
    # an unknown id: a Swedish error, status 2, nothing else changed
    out = cli("remove", "finns-inte")
    assert out.returncode == 2 and "Det finns ingen artikel med id" in out.stderr
    assert "Traceback" not in out.stderr
    assert len(list(corpus.glob("*.md"))) == 4
