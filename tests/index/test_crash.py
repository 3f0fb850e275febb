"""Crash safety: `assistant index` killed with SIGKILL at several moments leaves
the previous index usable, and the next run succeeds; damaged index files are
detected at load with a message that says what to run."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from assistant.errors import AssistantError, IndexCorrupt
from assistant.answering.pipeline import Assistant, update_index
from assistant.index.store import current_generation, load_index
from conftest import ROOT, write_article

PLACES = ["Tranemo", "Svenljunga", "Borås", "Ulricehamn", "Vårgårda", "Herrljunga", "Alingsås",
          "Lerum", "Mellerud", "Bengtsfors", "Åmål", "Säffle"]
SUBJECTS = ["Socialtjänsten", "Äldreomsorgen", "Hemtjänsten", "Ledningsgruppen",
            "Förvaltningen", "Nämnden"]
VERBS = ["samverkar med", "delar specialister med", "planerar tillsammans med",
         "utbildar chefer ihop med", "följer upp kvaliteten med"]
BASE = {
    "vargarda": ("Ny socialchef i Vårgårda", "Vårgårda",
                 "Ann-Charlotte Lilja tillträdde som socialchef i Vårgårda våren 2018. Hon "
                 "började med att fråga personalen om orsakerna till de höga kostnaderna."),
    "tranemo": ("Ny ledningsgrupp i Tranemo", "Tranemo",
                "Grannkommunen Svenljunga delade med sig av sin socialchef Sebastian Nyden "
                "till Tranemo, som snabbt fick en ny ledningsgrupp för omsorgen."),
}


def long_article(n: int, sentences: int = 45) -> str:
    """Varied Swedish text, so that every sentence is embedded on its own."""
    out = []
    for i in range(sentences):
        place, other = PLACES[(n + i) % len(PLACES)], PLACES[(n + 3 * i + 1) % len(PLACES)]
        subject, verb = SUBJECTS[(n * 7 + i) % len(SUBJECTS)], VERBS[(n + 2 * i) % len(VERBS)]
        out.append(f"{subject} i {place} {verb} {other} sedan {1990 + (n * 13 + i) % 34} "
                   f"och har {10 + (n * 31 + i * 17) % 90} medarbetare i uppdrag nummer "
                   f"{n * 100 + i}.")
        if i % 6 == 5:
            out.append("\n\n")
    return " ".join(out).replace(" \n\n ", "\n\n")


@pytest.fixture
def indexed(small_project, e5):
    """Two short articles, indexed; returns the settings."""
    for name, (title, place, body) in BASE.items():
        write_article(small_project.corpus_dir, f"{name}.md", title, body, municipality=place)
    update_index(small_project, e5)
    return small_project


def start_index(settings, *args) -> subprocess.Popen:
    env = dict(os.environ, ASSISTANT_CORPUS=str(settings.corpus_dir),
               ASSISTANT_INDEX=str(settings.index_dir), PYTHONUNBUFFERED="1")
    return subprocess.Popen([sys.executable, "-m", "assistant.cli", "index", *args],
                            env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def run_index(settings, *args) -> subprocess.CompletedProcess:
    env = dict(os.environ, ASSISTANT_CORPUS=str(settings.corpus_dir),
               ASSISTANT_INDEX=str(settings.index_dir))
    return subprocess.run([sys.executable, "-m", "assistant.cli", "index", "-q", *args],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)


def kill_while_embedding(proc: subprocess.Popen, timeout: float = 300) -> str:
    """SIGKILL once the progress bar shows some but not all texts embedded."""
    seen = bytearray()
    done = threading.Event()

    def read():
        while chunk := proc.stderr.read1(4096):
            seen.extend(chunk)
            progress = re.findall(rb"(\d+)/(\d+) \[", bytes(seen))
            if any(0 < int(a) < int(b) for a, b in progress):
                proc.send_signal(signal.SIGKILL)
                done.set()
                return

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    assert done.wait(timeout) or proc.poll() is not None
    proc.wait(timeout=60)
    return seen.decode("utf-8", "replace")


def kill_when_writing_starts(proc: subprocess.Popen, index_dir: Path,
                             timeout: float = 300) -> set[str]:
    """SIGKILL as soon as anything new appears in the index folder."""
    before = set(os.listdir(index_dir))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        new = set(os.listdir(index_dir)) - before
        if new:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=60)
            return new
        if proc.poll() is not None:
            return set()
    proc.kill()
    raise AssertionError("assistant index did not start writing in time")


def assert_previous_index_serves(settings, e5, generation: str) -> None:
    assert current_generation(settings.index_dir) == generation
    data = load_index(settings.index_dir)
    assert sorted(a.id for a in data.articles) == sorted(BASE)
    answer = Assistant(settings, e5).ask("Vem är socialchef i Vårgårda?")
    assert answer.passages and answer.passages[0].article.id == "vargarda"


def assert_next_run_succeeds(settings, e5, leftovers: set[str] = frozenset()) -> None:
    out = run_index(settings)
    assert out.returncode == 0, out.stderr
    assert "Index klart" in out.stdout
    data = load_index(settings.index_dir)
    assert {a.id for a in data.articles} == {p.stem for p in settings.corpus_dir.glob("*.md")}
    for name in leftovers:  # a half-written generation is cleaned away
        if name != current_generation(settings.index_dir):
            assert not (settings.index_dir / name).is_dir(), name
    answer = Assistant(settings, e5).ask("Vem är socialchef i Vårgårda?")
    assert answer.passages[0].article.id == "vargarda"


@pytest.mark.parametrize("args", [(), ("--rebuild",)], ids=["update", "rebuild"])
def test_kill_during_embedding_keeps_previous_index(indexed, e5, args):
    # about 250 texts to embed: a few seconds
    for n in range(6):
        write_article(indexed.corpus_dir, f"lang-{n}.md", f"Samverkan i Sjuhärad, del {n}",
                      long_article(n, sentences=35), municipality=PLACES[n])
    generation = current_generation(indexed.index_dir)
    proc = start_index(indexed, *args)
    progress = kill_while_embedding(proc)
    assert proc.returncode == -signal.SIGKILL, progress  # killed, not finished
    assert_previous_index_serves(indexed, e5, generation)
    assert_next_run_succeeds(indexed, e5)


def test_kill_when_new_generation_is_being_written(indexed, e5):
    generation = current_generation(indexed.index_dir)
    leftovers: set[str] = set()
    for attempt in range(5):  # the write takes milliseconds: try again if it was missed
        write_article(indexed.corpus_dir, f"ny-{attempt}.md", f"Ny nämnd {attempt}",
                      long_article(attempt, sentences=4), municipality="Åmål")
        proc = start_index(indexed, "-q")
        new = kill_when_writing_starts(proc, indexed.index_dir)
        if current_generation(indexed.index_dir) == generation:
            assert new and proc.returncode == -signal.SIGKILL
            leftovers = new
            break
        generation = current_generation(indexed.index_dir)  # it finished first
    else:
        pytest.fail("never caught assistant index while it was writing")
    assert load_index(indexed.index_dir).manifest["articles"].keys() >= set(BASE)
    answer = Assistant(indexed, e5).ask("Vem är socialchef i Vårgårda?")
    assert answer.passages[0].article.id == "vargarda"
    assert_next_run_succeeds(indexed, e5, leftovers)


def test_damaged_index_files_are_detected_with_what_to_run(indexed, e5):
    folder = indexed.index_dir / current_generation(indexed.index_dir)
    pristine = indexed.index_dir.parent / "pristine"
    shutil.copytree(folder, pristine)
    files = sorted(p.name for p in pristine.iterdir() if p.is_file())
    assert len(files) >= 4
    for name in files:
        # a flipped byte in the manifest itself may land in a field nothing checks
        for damage in ("truncate",) if name == "manifest.json" else ("truncate", "flip"):
            shutil.rmtree(folder)
            shutil.copytree(pristine, folder)
            data = bytearray((folder / name).read_bytes())
            if damage == "truncate":
                data = data[: len(data) // 2]
            else:
                data[len(data) // 2] ^= 0x55
            (folder / name).write_bytes(bytes(data))
            with pytest.raises(IndexCorrupt, match="assistant index"):
                Assistant(indexed, e5)
    # what an official sees: one line that names the command
    env = dict(os.environ, ASSISTANT_CORPUS=str(indexed.corpus_dir),
               ASSISTANT_INDEX=str(indexed.index_dir))
    out = subprocess.run([sys.executable, "-m", "assistant.cli", "ask", "Vem är socialchef?"],
                         env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    [line] = out.stderr.splitlines()
    assert "assistant index" in line
    # and running it repairs the index
    assert_next_run_succeeds(indexed, e5)


def test_pointer_to_missing_generation_says_what_to_run(indexed, e5):
    (indexed.index_dir / "CURRENT").write_text("gen-0", encoding="ascii")
    with pytest.raises(AssistantError, match="assistant index"):
        Assistant(indexed, e5)
    assert_next_run_succeeds(indexed, e5)


def test_running_assistant_never_serves_a_damaged_generation(indexed, e5):
    assistant = Assistant(indexed, e5)
    old = current_generation(indexed.index_dir)
    bad = f"gen-{time.time_ns()}"
    shutil.copytree(indexed.index_dir / old, indexed.index_dir / bad)
    faiss_file = next(p for p in (indexed.index_dir / bad).iterdir() if p.suffix == ".faiss")
    faiss_file.write_bytes(faiss_file.read_bytes()[:100])
    (indexed.index_dir / "CURRENT").write_text(bad, encoding="ascii")
    time.sleep(assistant.RELOAD_CHECK_SECONDS + 0.1)
    answer = assistant.ask("Vem är socialchef i Vårgårda?")
    assert answer.passages[0].article.id == "vargarda"
    assert assistant.stats()["generation"] == old
