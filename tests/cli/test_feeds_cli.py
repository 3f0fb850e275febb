"""`assistant add --feed`, a near-copy refused with exit 1 naming the
article, `assistant refresh` with one summary line, and a refresh killed
half-way leaving nothing half-written (the editors' journal), against a
local web site (tests/feed_site.py) allowed with ASSISTANT_FETCH_ALLOW."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from conftest import CORPUS, ROOT
from feed_site import Site, article_text

from assistant.corpus.articles import load_corpus
from assistant.editors.journal import disagreement
from assistant.index.store import load_index


@pytest.fixture(scope="module")
def site():
    site = Site(items=3).start()
    yield site
    site.stop()


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("feeds-cli")
    shutil.copytree(CORPUS, root / "corpus")
    return root


def run(root, *args, **env):
    full = dict(os.environ, ASSISTANT_CORPUS=str(root / "corpus"),
                ASSISTANT_INDEX=str(root / "index"), ASSISTANT_FETCH_ALLOW="127.0.0.1/32",
                ASSISTANT_AUDIT_DB=str(root / "audit.sqlite3"), HF_HUB_OFFLINE="1", **env)
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], capture_output=True,
                          text=True, env=full, cwd=ROOT, timeout=600)


def index_agrees(root) -> bool:
    return not disagreement(list(load_corpus(root / "corpus").articles),
                            list(load_index(root / "index").articles))


@pytest.mark.slow  # measured: seconds of its own
def test_add_feed_copy_and_refresh_from_the_command_line(folder, site):
    feed = site.rss([f"/nyheter/{n}" for n in range(3)])
    out = run(folder, "add", "--feed", feed, "--dry-run")
    assert out.returncode == 0 and "3 nya skulle hämtas" in out.stdout
    assert site.count() == 0 and not (folder / "index").exists()  # nothing fetched or written
    out = run(folder, "add", "--feed", feed)
    assert out.returncode == 0, out.stderr
    assert "Klart: flödet listar 3 artiklar; 3 tillagda, 0 fanns redan" in out.stdout
    assert index_agrees(folder)
    again = run(folder, "add", "--feed", feed)
    assert again.returncode == 0 and "0 tillagda, 3 fanns redan" in again.stdout

    sources = {a.source: a.id for a in load_corpus(folder / "corpus").articles if a.source}
    original = sources[site.url("/nyheter/1")]
    title, text = article_text(1)
    copy = site.set_article(1, text, frame="<p>Publicerad av kommunalförbundet.</p>",
                            path="/forbund/1")
    out = run(folder, "add", site.url(copy))
    assert out.returncode == 1, out.stderr
    assert "nästan samma text" in out.stdout and f"som artikeln {original}" in out.stdout
    assert f"assistant copy {original}" in out.stdout
    out = run(folder, "copy", original, site.url(copy))
    assert out.returncode == 0 and site.url(copy) in out.stdout

    out = run(folder, "refresh")
    assert out.returncode == 0, out.stderr
    [line] = [x for x in out.stdout.splitlines() if x.startswith("Kontroll mot källorna")]
    assert "3 artiklar, 3 oförändrade, 0 uppdaterade" in line and "3 förfrågningar" in line
    assert "0 textavsnitt inbäddade" in line

    out = run(folder, "add")
    assert out.returncode == 2 and "saknas: FIL" in out.stderr and "Traceback" not in out.stderr


@pytest.mark.slow  # measured: seconds of its own
def test_a_refresh_killed_half_way_changes_nothing(folder, site):
    article_id = {a.source: a.id for a in load_corpus(folder / "corpus").articles
                  if a.source}.get(site.url("/nyheter/0"))
    if article_id is None:  # run alone: import the feed first
        assert run(folder, "add", "--feed", site.rss(["/nyheter/0"], "/one.xml")).returncode == 0
        article_id = {a.source: a.id for a in load_corpus(folder / "corpus").articles
                      if a.source}[site.url("/nyheter/0")]
    file = next((folder / "corpus").glob(f"{article_id}.md"))
    before = file.read_bytes()
    title, text = article_text(0)
    site.set_article(0, ["Helt ny text om nattpatrullen i hemtjänsten och dess arbete."] + text)
    out = run(folder, "refresh", "--id", article_id, ASSISTANT_TEST_CRASH_AT="refresh:corpus")
    assert out.returncode == -9  # killed after the file was rewritten, before the index
    assert file.read_bytes() != before
    # the next command settles it: rolled back (no audit row), then checks again
    out = run(folder, "refresh", "--id", "finns-inte")
    assert out.returncode == 0, out.stderr
    assert "avbrutna ändring togs tillbaka" in out.stderr
    assert file.read_bytes() == before and index_agrees(folder)
    out = run(folder, "refresh", "--id", article_id)
    assert out.returncode == 0 and f"Uppdaterad: {article_id}" in out.stdout
    assert "nattpatrullen" in file.read_text(encoding="utf-8") and index_agrees(folder)
