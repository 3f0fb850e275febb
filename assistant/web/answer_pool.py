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

Micro-batching: each worker has one batch of questions in hand at most,
and one more batch waits for whichever finishes first (so that no worker
idles between batches). A question that arrives when they are all taken
waits in the pool, and the next
batch sent takes every question waiting then (up to MAX_BATCH): the worker
embeds their query vectors in one call of the model, which costs less CPU
per question than one at a time (docs/performance.md), and computes each
answer as alone, the same to the byte. A pool never waits for a batch to
fill: a question that finds a worker free is sent at once, alone.

A worker that dies (killed, out of memory) breaks the pool: the questions
in hand are answered in the server process instead, and a new pool starts.
"""

from __future__ import annotations

import copyreg
import logging
import multiprocessing
import os
import threading
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from types import MappingProxyType

from ..answering.pipeline import Admitted, Asked, Assistant
from ..config import Settings
from ..errors import AssistantError

log = logging.getLogger(__name__)

_worker: Assistant | None = None  # in a worker process: its own assistant
ORPHAN_CHECK_SECONDS = 1.0
MAX_BATCH = 8  # questions sent to a worker at once at most (8 or 16: the same CPU each)

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


def _compute_batch(batch: list, generation: str | None) -> list:
    return _call("compute_batch", (batch,), {}, generation)


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
        self.batches = 0  # batches of questions sent to the workers
        self._waiting: deque[tuple[Admitted, str | None, Future]] = deque()
        self._sent = 0  # batches in the workers' hands or queued for them
        self._ready = threading.Condition()
        self._closed = False
        threading.Thread(target=self._dispatch, daemon=True, name="answer-batches").start()

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
            with self._ready:  # callers on many threads: += is not atomic
                self.answered += 1
            return result
        except BrokenProcessPool:
            self._restart(executor)
            raise

    @property
    def in_hand(self) -> int:
        """Questions the gate should let the pool have at once: enough for
        batches to form while every worker is busy."""
        return self.size * (1 + MAX_BATCH)

    def compute(self, admitted: Admitted, generation: str | None = None) -> Asked:
        """`Assistant.compute(admitted)` in a worker, alone or in a batch
        with the questions waiting beside it; raises what it raises there.
        BrokenProcessPool if the worker died."""
        future: Future = Future()
        with self._ready:
            self._waiting.append((admitted, generation, future))
            self._ready.notify()
        return future.result()

    def _dispatch(self) -> None:
        """The pool's own thread: a batch of what waits as soon as fewer
        than size + 1 batches are in the workers' hands."""
        while True:
            with self._ready:
                while not self._closed and not (self._waiting and self._sent <= self.size):
                    self._ready.wait()
                if self._closed:
                    return
                generation, batch = self._waiting[0][1], []
                while (self._waiting and len(batch) < MAX_BATCH
                       and self._waiting[0][1] == generation):  # one index per batch
                    batch.append(self._waiting.popleft())
                self._sent += 1
                self.batches += 1
                executor = self._executor
            try:
                done = executor.submit(_compute_batch, [a for a, _, _ in batch], generation)
            except RuntimeError as err:  # broken (BrokenProcessPool), or shut down
                done = Future()
                done.set_exception(err)
            done.add_done_callback(lambda d, b=batch, e=executor: self._done(d, b, e))

    def _done(self, done: Future, batch: list, executor: ProcessPoolExecutor) -> None:
        error = done.exception()
        results = [error] * len(batch) if error else done.result()
        if isinstance(error, BrokenProcessPool):  # a new pool before its callers go on
            self._restart(executor)
        for (_, _, future), result in zip(batch, results):
            if isinstance(result, BaseException):
                future.set_exception(result)
            else:
                future.set_result(result)
        with self._ready:
            self._sent -= 1
            self.answered += 0 if error else len(batch)
            self._ready.notify()

    def _restart(self, executor: ProcessPoolExecutor) -> None:
        """A new pool, unless another caller made one already."""
        with self._lock:
            if self._executor is executor:
                log.error("a worker process died; the answer pool is restarted")
                executor.shutdown(wait=False, cancel_futures=True)
                self._executor = self._new()
                self.restarts += 1

    def close(self) -> None:
        with self._ready:
            self._closed = True
            self._ready.notify()
            while self._waiting:  # never sent: their callers answer them here
                self._waiting.popleft()[2].set_exception(BrokenProcessPool("pool closed"))
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
                return self.pool.compute(admitted, self._generation)
            except BrokenProcessPool:
                pass  # answered here; the pool has been restarted
        return super().compute(admitted)


def serving_assistant(settings: Settings) -> PooledAssistant:
    """The assistant app.py serves: the index built if missing, questions
    answered by processes_for(settings) worker processes (none for 1)."""
    assistant = PooledAssistant.open(settings, build_if_missing=True)
    assistant.start_pool(processes_for(settings))
    return assistant
