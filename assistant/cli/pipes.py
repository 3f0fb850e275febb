"""The `assistant` entry point: commands.main, ending quietly when the
reader of its output goes away (`assistant ask … | head -1`), instead of
with a BrokenPipeError traceback."""

from __future__ import annotations

import os
import sys

# 128 + SIGPIPE: what a shell reports for a command whose reader left
CLOSED_PIPE = 141


def main(argv: list[str] | None = None) -> int:
    from .commands import main as run

    try:
        status = run(argv)
        sys.stdout.flush()  # a closed pipe shows here when the output was buffered
        return status
    except BrokenPipeError:
        # Python flushes stdout again at exit: point it at /dev/null first
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return CLOSED_PIPE
