"""Reading an editor's file in a process of its own, under a time and a memory
budget: a hostile or merely unlucky file (a YAML bomb, a PDF that takes
minutes) costs at most `Budget.seconds` of one core and `Budget.memory_mb`
of address space, never the app's own memory, threads or locks.

`read_bounded(path, budget)` hands the file to a reading process, started as
`python -m assistant.corpus.extract.process`, which imports only the extraction
modules (no model, no Gradio, no numpy), and kills it at the deadline. The
reader takes one job from stdin, limits its own address space (RLIMIT_AS)
and CPU time (RLIMIT_CPU, in case the parent is gone), calls
`extract.read_input` and writes the `Extracted` record as JSON on stdout,
then exits: no state survives from one file to the next.

Starting Python and importing the readers (trafilatura, pypdf) takes 0.3-1 s,
so one reader is kept started and waiting: a file is handed to it at once,
and the next one is started in the background. A reader that waits gets
end-of-file on stdin when the app exits, and exits too.

Every outcome that is not a record is a `BadArticle` with a Swedish message:
the file's own fault as `read_input` words it, or the deadline, the memory
limit or a crash of the reader.
"""

from __future__ import annotations

import json
import logging
import math
import os
import signal
import subprocess
import sys
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from ...errors import BadArticle
from .base import Extracted

log = logging.getLogger(__name__)

MEMORY_EXIT = 3  # the reader's exit status when it ran out of memory
_SAMPLE = ("Samverkan i Åre\n\nÅre kommun och Bergs kommun samverkar om hemtjänsten och "
           "äldreomsorgen sedan den 1 april 2019, med en gemensam socialchef.")
# the folder holding the `assistant` package, so the reader imports this very copy
_PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent)


@dataclass(frozen=True)
class Budget:
    """What reading one file may take: wall-clock seconds, and megabytes of
    address space for the reading process (Settings.extract_timeout and
    extract_memory_mb)."""

    seconds: float = 20.0
    memory_mb: int = 512

    @classmethod
    def of(cls, settings) -> "Budget":
        return cls(settings.extract_timeout, settings.extract_memory_mb)


_spare: subprocess.Popen | None = None
_spare_lock = threading.Lock()


def _start() -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        p for p in (_PACKAGE_ROOT, os.environ.get("PYTHONPATH")) if p))
    # -P: not the working folder on sys.path, so no other `assistant` shadows this one
    return subprocess.Popen([sys.executable, "-P", "-m", __name__], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


def prepare() -> None:
    """Start a reader to wait for the first file (the app calls this at start)."""
    global _spare
    with _spare_lock:
        if _spare is None or _spare.poll() is not None:
            try:
                _spare = _start()
            except OSError:
                log.warning("no reader could be started to wait for files", exc_info=True)


def _reader() -> subprocess.Popen:
    """The waiting reader (or a new one if it is gone), and a new one waiting."""
    global _spare
    with _spare_lock:
        reader, _spare = _spare, None
        if reader is None or reader.poll() is not None:
            reader = _start()
        try:
            _spare = _start()
        except OSError:
            log.warning("no reader could be started to wait for the next file", exc_info=True)
    return reader


def read_bounded(path: Path, budget: Budget = Budget()) -> Extracted:
    """`extract.read_input(path)` in a reading process within `budget`.
    Raises BadArticle (Swedish)."""
    try:
        reader = _reader()
    except OSError:
        log.exception("the file reader could not be started")
        raise BadArticle("filen kunde inte läsas: läsprogrammet startade inte (se loggen)") \
            from None
    job = json.dumps({"file": str(Path(path).resolve()), "memory_mb": budget.memory_mb,
                      "cpu_seconds": math.ceil(budget.seconds) + 1})
    try:
        out, err = reader.communicate(job.encode("utf-8") + b"\n", timeout=budget.seconds)
    except subprocess.TimeoutExpired:
        reader.kill()
        reader.communicate()
        log.warning("%s: reading stopped after %g s", path.name, budget.seconds)
        raise BadArticle(too_slow(budget)) from None
    finally:
        if reader.poll() is None:  # interrupted while waiting
            reader.kill()
            reader.wait()
    status = reader.returncode
    if status == 0:
        try:
            result = json.loads(out)
        except ValueError:
            result = None
        if isinstance(result, dict) and isinstance(result.get("error"), str):
            raise BadArticle(result["error"])
        if isinstance(result, dict) and isinstance(result.get("extracted"), dict):
            found = result["extracted"]
            try:
                return Extracted(**{**found, "partners": tuple(found["partners"]),
                                    "notes": tuple(found["notes"])})
            except (KeyError, TypeError):  # a reader of another version (code updated)
                log.exception("%s: the reader's record does not fit", path.name)
    if status == -signal.SIGXCPU:
        raise BadArticle(too_slow(budget))
    if status in (MEMORY_EXIT, -signal.SIGKILL):  # SIGKILL: the kernel's out-of-memory killer
        log.warning("%s: reading ran out of memory (%d MB)", path.name, budget.memory_mb)
        raise BadArticle(f"filen kräver för mycket minne för att läsas (mer än "
                         f"{budget.memory_mb} MB) och lades inte till; spara texten som "
                         ".txt-fil och lägg till den i stället")
    log.error("%s: the file reader failed (status %s): %s", path.name, status,
              err.decode("utf-8", "replace")[-2000:])
    raise BadArticle("filen kunde inte läsas: läsningen avbröts oväntat. Spara texten som "
                     ".txt-fil och lägg till den i stället")


def too_slow(budget: Budget) -> str:
    unit = "sekund" if budget.seconds == 1 else "sekunder"
    return (f"filen tog för lång tid att läsa (mer än {budget.seconds:g} {unit}) och lades "
            "inte till; spara texten som .txt-fil, eller dela upp dokumentet, och lägg till det")


def main() -> int:
    """The reader: import the readers, wait for one job on stdin, do it."""
    import resource
    import select

    from .formats import read_input

    if not select.select([sys.stdin], [], [], 0)[0]:  # no file yet: this reader waits
        _warm_up()
    line = sys.stdin.buffer.readline()
    if not line:
        return 0  # the app exited while this reader waited
    job = json.loads(line)
    limit = job["memory_mb"] * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    used = resource.getrusage(resource.RUSAGE_SELF)
    cpu = math.ceil(used.ru_utime + used.ru_stime) + job["cpu_seconds"]
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    try:
        try:
            result = {"extracted": asdict(read_input(Path(job["file"])))}
        except BadArticle as err:
            result = {"error": str(err)}
        data = json.dumps(result).encode("ascii")
    except MemoryError:
        return MEMORY_EXIT
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
    os._exit(0)  # without tearing down 400 modules: the answer is out


def _warm_up() -> None:
    """Read a small text and a small page while waiting for the file, so that
    the libraries are imported and the parsers, patterns and the list of
    municipalities built before it comes (about 0.1 s of a reader's time)."""
    from .html import from_html
    from .pdf import from_pdf
    from .plain import from_plain

    paragraphs = "".join(f"<p>{p}</p>" for p in _SAMPLE.split("\n\n"))
    page = f"<html><body><article>{paragraphs}</article></body></html>"
    for read, args in ((from_plain, (_SAMPLE, "a.md", True, ())),
                       (from_html, (page, "a.html", ())), (from_pdf, (b"%PDF-1.4", "a.pdf"))):
        try:
            read(*args)
        except BadArticle:
            pass


if __name__ == "__main__":
    sys.exit(main())
