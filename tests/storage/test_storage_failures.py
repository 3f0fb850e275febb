"""A full disk and a read-only index folder, on real file systems: a tiny
tmpfs that is filled up, and a read-only bind mount. `assistant index` and
`assistant add` end in one Swedish line with exit code 2, leave nothing
behind, and `add` leaves corpus/ as it was."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from assistant.answering.pipeline import Assistant, update_index
from assistant.index.store import current_generation, load_index
from conftest import ROOT, write_article

ARTICLE = ("Samverkan i Sjuhärad", "Kommunerna i Sjuhärad samverkar om socialtjänst och "
           "äldreomsorg genom en gemensam ledningsgrupp som träffas varje månad.")


def _mount(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["mount", *args], capture_output=True, text=True)


def _mounting_unavailable() -> str | None:
    """Why this sandbox cannot mount file systems, or None if it can."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return "mounting a tmpfs or a read-only bind mount needs root and mount(8)"
    probe = Path(f"/tmp/.mount-probe-{uuid.uuid4().hex}")
    probe.mkdir()
    try:
        out = _mount("-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe))
        if out.returncode != 0:
            return f"mount -t tmpfs is not permitted here: {out.stderr.strip()}"
        subprocess.run(["umount", str(probe)], check=True)
        return None
    finally:
        probe.rmdir()


UNAVAILABLE = _mounting_unavailable()
pytestmark = pytest.mark.skipif(UNAVAILABLE is not None, reason=UNAVAILABLE or "")


@contextlib.contextmanager
def mounted(folder: Path, *args: str):
    folder.mkdir(exist_ok=True)
    out = _mount(*args, str(folder))
    assert out.returncode == 0, out.stderr
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def fill(folder: Path, leave_bytes: int = 0) -> None:
    """Fill the file system of `folder`, up to `leave_bytes` free."""
    stat = os.statvfs(folder)
    size = max(0, stat.f_bavail * stat.f_frsize - leave_bytes)
    with (folder / "fyllnad.bin").open("wb") as fh:
        with contextlib.suppress(OSError):
            while size > 0:
                fh.write(b"\0" * min(size, 1 << 16))
                size -= 1 << 16


def cli(settings, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, ASSISTANT_CORPUS=str(settings.corpus_dir),
               ASSISTANT_INDEX=str(settings.index_dir))
    out = subprocess.run([sys.executable, "-m", "assistant.cli", *args], capture_output=True,
                         env=env, cwd=ROOT, timeout=300)
    # decoded by hand: text=True would turn a progress bar's \r into \n
    out.stdout, out.stderr = out.stdout.decode("utf-8"), out.stderr.decode("utf-8")
    return out


def one_swedish_line(out: subprocess.CompletedProcess, says: str) -> None:
    assert out.returncode == 2, out.stderr
    assert "Traceback" not in out.stderr and "Errno" not in out.stderr
    # as a terminal shows it: a progress bar wiped with \r leaves nothing
    lines = [x.split("\r")[-1] for x in out.stderr.split("\n")]
    lines = [x for x in lines if x.strip()]
    assert len(lines) == 1 and lines[0].startswith("Fel: ") and says in lines[0], repr(out.stderr)


def files_under(*folders: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for f in folders for p in sorted(f.rglob("*"))
            if p.is_file() and p.name != "fyllnad.bin"}


@pytest.fixture
def project(small_project, e5):
    """One indexed article; the index folder is a 1 MB tmpfs."""
    write_article(small_project.corpus_dir, "grund.md", *ARTICLE)
    with mounted(small_project.index_dir, "-t", "tmpfs", "-o", "size=1m", "tmpfs"):
        update_index(small_project, e5)
        yield small_project


# 0: full before the build starts (refused at once); 8 kB: room for a lock
# and a test file, full while the new generation is written
@pytest.mark.parametrize("free", [0, 8192])
def test_rebuild_on_a_full_disk_is_one_line_and_leaves_nothing(project, e5, free):
    index = project.index_dir
    before = current_generation(index)
    (index / ".tmp-gen-1").mkdir()  # what a killed build left earlier
    (index / ".tmp-gen-1" / "chunks.faiss").write_bytes(b"halv")
    fill(index, leave_bytes=free)
    out = cli(project, "index", "--rebuild")  # with its progress bar
    one_swedish_line(out, "Disken är full")
    leftovers = [p.name for p in index.iterdir() if p.name.startswith(".tmp")]
    assert leftovers == [] and current_generation(index) == before
    assert Assistant(project, e5).ask("Hur samverkar kommunerna i Sjuhärad?").passages


def test_add_when_the_index_cannot_take_the_article_leaves_corpus_as_it_was(project, tmp_path):
    # room for the lock and a test file, not for a new generation
    fill(project.index_dir, leave_bytes=8192)
    page = tmp_path / "ny.txt"
    page.write_text("Ny ledningsgrupp i Tranemo\n\nTranemo kommun har en ny ledningsgrupp för "
                    "vård och omsorg som samverkar med Svenljunga om socialtjänsten.\n",
                    encoding="utf-8")
    corpus_before = files_under(project.corpus_dir)
    out = cli(project, "add", "-q", str(page))
    assert "Fil:" in out.stdout  # it was written ...
    one_swedish_line(out, "Disken är full")
    assert files_under(project.corpus_dir) == corpus_before  # ... and taken back
    assert not [p for p in project.index_dir.iterdir() if p.name.startswith(".tmp")]
    assert len(load_index(project.index_dir).articles) == 1


def test_read_only_index_index_and_add_are_one_line_and_touch_nothing(small_project, e5,
                                                                      tmp_path):
    write_article(small_project.corpus_dir, "grund.md", *ARTICLE)
    update_index(small_project, e5)
    page = tmp_path / "ny.txt"
    page.write_text("Ny ledningsgrupp i Tranemo\n\nTranemo kommun har en ny ledningsgrupp för "
                    "vård och omsorg.\n", encoding="utf-8")
    index = small_project.index_dir
    with mounted(index, "--bind", str(index)):
        assert _mount("-o", "remount,bind,ro", str(index)).returncode == 0
        before = files_under(small_project.corpus_dir, index)
        for args in (("index",), ("index", "--rebuild"), ("add", str(page))):
            out = cli(small_project, *args)
            one_swedish_line(out, "är skrivskyddad")
            assert out.stdout == ""  # add read nothing and wrote nothing
        assert files_under(small_project.corpus_dir, index) == before
        assert Assistant(small_project, e5).ask("Hur samverkar kommunerna i Sjuhärad?").passages


@pytest.mark.slow  # measured: seconds of its own
def test_add_on_a_full_corpus_disk_leaves_no_temporary_file(small_project, tmp_path):
    page = tmp_path / "ny.txt"
    page.write_text("Ny ledningsgrupp i Tranemo\n\nTranemo kommun har en ny ledningsgrupp för "
                    "vård och omsorg som samverkar med Svenljunga om socialtjänsten.\n",
                    encoding="utf-8")
    corpus = small_project.corpus_dir
    with mounted(corpus, "-t", "tmpfs", "-o", "size=64k", "tmpfs"):
        fill(corpus)
        out = cli(small_project, "add", "--no-index", "-q", str(page))
        assert out.returncode == 2 and "disken är full" in out.stderr.lower(), out.stderr
        assert "Traceback" not in out.stderr
        left = sorted(p.name for p in corpus.iterdir() if p.name != "fyllnad.bin")
        assert left == []  # no article, and no .tmp either
