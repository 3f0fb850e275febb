"""Questions answered on every core: worker processes, each with its own
model and index, behind the one server process (issue 23).

One process answers one question at a time per core it can use, whatever
its threads: the model releases the GIL, but two threads of one process
embed 63 questions a second where two processes embed 86 (docs/performance.md),
and the Python work of a question (BM25, places, answerability) holds the
GIL. So the server (app.py) keeps everything that is state (HTTP, the
connection caps, the rate limits, Gradio's queue and sessions, the audit
log, the declined questions) in its own process, and sends only the
computation of an answer, `Assistant.compute` (steps 4-7 of the question
pipeline, whichever entry point asked), to ASSISTANT_PROCESSES
worker processes. Each loads the model and the index itself (the index's
sentence vectors are memory-mapped, so their pages are shared) and picks up
a new index generation as soon as the server process has: each question
carries the generation the server has loaded (an editor's change reloads it
at once). The gate (gate.py) still bounds how many questions are computed at
once and how many wait.

A worker that dies (killed, out of memory) breaks the pool: the question
in hand is answered in the server process instead, and a new pool starts.
"""

from __future__ import annotations

import copyreg
import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from types import MappingProxyType

from ..answering.pipeline import Admitted, Asked, Assistant
from ..config import Settings
from ..errors import AssistantError

log = logging.getLogger(__name__)

_worker: Assistant | None = None  # in a worker process: its own assistant
ORPHAN_CHECK_SECONDS = 1.0

# An answer's query holds its BM25 terms read-only (retrieval/query.py);
# pickled as the dict they are, to cross from a worker to the server.
def _read_only(items: dict) -> MappingProxyType:
    return MappingProxyType(items)


copyreg.pickle(MappingProxyType, lambda m: (_read_only, (dict(m),)))


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def processes_for(settings: Settings) -> int:
    """ASSISTANT_PROCESSES, or one per usable core when it is 0 (the default)."""
    return settings.processes or usable_cores()


def _start(settings: Settings, parent: int) -> None:
    global _worker

    def exit_with_parent() -> None:  # the server was killed (kill -9): leave no orphan
        while os.getppid() == parent:
            time.sleep(ORPHAN_CHECK_SECONDS)
        os._exit(0)

    threading.Thread(target=exit_with_parent, daemon=True, name="orphan-check").start()
    _worker = Assistant(settings)


def _call(name: str, args: tuple, kwargs: dict, generation: str | None = None):
    if generation is not None and generation != _worker._generation:
        try:  # the server has loaded a newer index (an editor's change): this one too
            _worker.reload()
        except AssistantError as err:
            log.error("new index not loaded in a worker, still serving %s: %s",
                      _worker._generation, err)
    return getattr(_worker, name)(*args, **kwargs)


def _ready() -> int:
    time.sleep(0.05)  # so that one worker cannot take every warm-up call
    return os.getpid()


class AnswerPool:
    """`size` worker processes answering with Assistant(settings)."""

    def __init__(self, settings: Settings, size: int):
        self.settings, self.size = settings, size
        self._lock = threading.Lock()
        self._executor = self._new()
        self.restarts = 0
        self.answered = 0  # calls a worker has answered

    def _new(self) -> ProcessPoolExecutor:
        # spawn: a clean interpreter, not a fork of a process with running threads
        return ProcessPoolExecutor(self.size, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_start, initargs=(self.settings, os.getpid()))

    def warm_up(self, timeout: float = 300) -> None:
        """Start every worker (model and index loaded) before the first question."""
        ready: set[int] = set()
        deadline = time.monotonic() + timeout
        while len(ready) < self.size and time.monotonic() < deadline:
            ready |= {f.result() for f in [self._executor.submit(_ready)
                                           for _ in range(self.size)]}

    def call(self, name: str, *args, generation: str | None = None, **kwargs):
        """`Assistant.<name>(*args, **kwargs)` in a worker process, on index
        `generation` or newer; raises what it raises there.
        BrokenProcessPool if the worker died."""
        executor = self._executor
        try:
            result = executor.submit(_call, name, args, kwargs, generation).result()
            self.answered += 1
            return result
        except BrokenProcessPool:
            with self._lock:
                if self._executor is executor:
                    log.error("a worker process died; the answer pool is restarted")
                    executor.shutdown(wait=False, cancel_futures=True)
                    self._executor = self._new()
                    self.restarts += 1
            raise

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


class PooledAssistant(Assistant):
    """An Assistant whose questions are computed by an AnswerPool when one
    is attached (`start_pool`); everything else (articles, statistics,
    health) is its own index, as before."""

    pool: AnswerPool | None = None

    def start_pool(self, size: int) -> None:
        if size > 1:
            self.pool = AnswerPool(self.settings, size)
            self.pool.warm_up()
            log.info("questions answered by %d worker processes", size)

    def compute(self, admitted: Admitted) -> Asked:
        """Steps 4-7 of every question (the pipeline's `answer` calls this,
        whichever entry point asked) in a worker process."""
        if self.pool is not None:
            self.maybe_reload()  # never an older index than this process serves
            try:
                return self.pool.call("compute", admitted, generation=self._generation)
            except BrokenProcessPool:
                pass  # answered here; the pool has been restarted
        return super().compute(admitted)


def serving_assistant(settings: Settings) -> PooledAssistant:
    """The assistant app.py serves: the index built if missing, questions
    answered by processes_for(settings) worker processes (none for 1)."""
    assistant = PooledAssistant.open(settings, build_if_missing=True)
    assistant.start_pool(processes_for(settings))
    return assistant
