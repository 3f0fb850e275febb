"""The admission gate: one bounded queue in front of the model, shared by
the chat and the API."""

from __future__ import annotations

import asyncio
from typing import Any, Callable

import anyio


class Busy(Exception):
    """The queue is full, or a question waited longer than allowed."""


class Gate:
    """At most `workers` questions are computed at once, in threads of their
    own; up to `waiting` more wait their turn, each at most `timeout` seconds.
    Beyond that a question is refused at once (Busy) instead of hanging.

    The chat and the API share one gate, so together they never run more
    model calls than the machine has cores for.
    """

    def __init__(self, workers: int, waiting: int, timeout: float):
        self.workers = max(1, workers)
        self.capacity = self.workers + max(0, waiting)
        self.timeout = timeout
        self.admitted = 0
        self._loop = None
        self._slots: anyio.Semaphore | None = None
        self._threads: anyio.CapacityLimiter | None = None

    def _primitives(self):
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # a test client may run the app in a new loop
            self._loop = loop
            self._slots = anyio.Semaphore(self.workers)
            self._threads = anyio.CapacityLimiter(self.workers)
        return self._slots, self._threads

    async def run(self, fn: Callable, *args) -> Any:
        if self.admitted >= self.capacity:
            raise Busy()
        slots, threads = self._primitives()
        self.admitted += 1
        try:
            acquired = False
            with anyio.move_on_after(self.timeout):
                await slots.acquire()
                acquired = True
            if not acquired:
                raise Busy()
            try:
                return await anyio.to_thread.run_sync(fn, *args, limiter=threads)
            finally:
                slots.release()
        finally:
            self.admitted -= 1


