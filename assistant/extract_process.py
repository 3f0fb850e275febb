"""Reading an editor's file in a process of its own, under a time and a memory
budget: a hostile or merely unlucky file (a YAML bomb, a PDF that takes
minutes) costs at most `Budget.seconds` of one core and `Budget.memory_mb`
of address space, never the app's own memory, threads or locks.

`read_bounded(path, budget)` starts `python -m assistant.extract_process`,
which imports only the extraction modules (no model, no Gradio, no numpy:
about 0.1 s for a text file), and kills it at the deadline. The child limits
its own address space (RLIMIT_AS) and CPU time (RLIMIT_CPU, in case the
parent is gone) before it reads the file, calls `extract.read_input` and
writes the `Extracted` record as JSON on stdout.

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
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import BadArticle
from .extract import Extracted

log = logging.getLogger(__name__)

MEMORY_EXIT = 3  # the child's exit status when it ran out of memory
# the folder holding the `assistant` package, so the child imports this very copy
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


def read_bounded(path: Path, budget: Budget = Budget()) -> Extracted:
    """`extract.read_input(path)` in a child process within `budget`.
    Raises BadArticle (Swedish)."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        p for p in (_PACKAGE_ROOT, os.environ.get("PYTHONPATH")) if p))
    # -P: not the working folder on sys.path, so no other `assistant` shadows this one
    command = [sys.executable, "-P", "-m", __name__, str(budget.memory_mb),
               str(math.ceil(budget.seconds) + 1), str(path)]
    try:
        child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, env=env)
    except OSError:
        log.exception("the file reader could not be started")
        raise BadArticle("filen kunde inte läsas: läsprogrammet startade inte (se loggen)") \
            from None
    try:
        out, err = child.communicate(timeout=budget.seconds)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        log.warning("%s: reading stopped after %.1f s", path.name, budget.seconds)
        raise BadArticle(too_slow(budget)) from None
    finally:
        if child.poll() is None:  # interrupted while waiting
            child.kill()
            child.wait()
    status = child.returncode
    if status == 0:
        try:
            result = json.loads(out)
        except ValueError:
            result = None
        if isinstance(result, dict) and isinstance(result.get("error"), str):
            raise BadArticle(result["error"])
        if isinstance(result, dict) and isinstance(result.get("extracted"), dict):
            found = result["extracted"]
            return Extracted(**{**found, "partners": tuple(found["partners"]),
                                "notes": tuple(found["notes"])})
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


def main(argv: list[str]) -> int:
    """The child: `python -m assistant.extract_process MEMORY_MB CPU_SECONDS FILE`."""
    import resource

    memory_mb, cpu_seconds, file = int(argv[0]), int(argv[1]), Path(argv[2])
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    try:
        from .extract import read_input

        try:
            result = {"extracted": asdict(read_input(file))}
        except BadArticle as err:
            result = {"error": str(err)}
        data = json.dumps(result).encode("ascii")
    except MemoryError:
        return MEMORY_EXIT
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
