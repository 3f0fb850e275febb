"""Where the server process's event loop spends its CPU under /api/ask load (not a test).

    .venv/bin/python bench/profile_loop.py [--users 50] [--seconds 25] [--top 30]

Starts app.py on the shipped index (bench/throughput.py builds it) with
cProfile on the event loop's thread (uvicorn's Server.run, thread CPU
time), puts --users users on /api/ask for --seconds, stops the server and
prints the loop's CPU per answer (profiled, so several times the real
figure: compare runs, not absolutes) and its top functions. Most of the
server process's CPU per answer is this thread (HTTP, the middleware
chain, routing); the answers are computed in the worker processes.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROFILE = "ASSISTANT_BENCH_LOOP_PROFILE"


def serve(out: str) -> None:
    """app.py's main with the event loop's thread profiled into `out`."""
    sys.path.insert(0, str(ROOT))
    import app
    from assistant.web import serving

    run = serving.Server.run

    def profiled(self, sockets=None):
        profile = cProfile.Profile(time.thread_time)
        profile.enable()
        try:
            return run(self, sockets)
        finally:
            profile.disable()
            profile.dump_stats(out)

    serving.Server.run = profiled
    app.main()


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--users", type=int, default=50)
    p.add_argument("--seconds", type=float, default=25)
    p.add_argument("--top", type=int, default=30)
    p.add_argument("--sort", default="tottime")
    p.add_argument("--work", type=Path, default=Path("/tmp/samverkan-throughput"))
    args = p.parse_args()
    sys.path.insert(0, str(ROOT / "bench"))
    from throughput import free_port, load, questions, shipped_index

    corpus, index = shipped_index(args.work)
    work = args.work / "app-loop"
    work.mkdir(parents=True, exist_ok=True)
    out = work / "loop.prof"
    out.unlink(missing_ok=True)
    port = free_port()
    env = {**os.environ, "ASSISTANT_INDEX": str(index), "ASSISTANT_CORPUS": str(corpus),
           "ASSISTANT_HOST": "127.0.0.1", "ASSISTANT_PORT": str(port),
           "ASSISTANT_FEEDBACK_DB": str(work / "fb.sqlite3"),
           "ASSISTANT_AUDIT_DB": str(work / "audit.sqlite3"),
           "ASSISTANT_GRADIO_CACHE": str(work / "gradio-cache"), PROFILE: str(out)}
    with (work / "app.log").open("w") as log:
        proc = subprocess.Popen([sys.executable, __file__], cwd=ROOT, env=env, stdout=log,
                                stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 240
            while time.monotonic() < deadline and proc.poll() is None:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5).read()
                    break
                except OSError:
                    time.sleep(0.3)
            result = asyncio.run(load(port, questions(), args.users, args.seconds))
        finally:
            proc.send_signal(signal.SIGINT)
            proc.wait(60)
    stats = pstats.Stats(str(out))
    n = max(1, result["answered"])
    print(f"{result['answered']} answers, {result['failed']} failed, {result['per_s']:.1f}/s; "
          f"event loop thread {stats.total_tt:.2f} s profiled = "
          f"{1000 * stats.total_tt / n:.2f} ms per answer (profiled)")
    stats.sort_stats(args.sort).print_stats(args.top)
    return 0


if __name__ == "__main__":
    if os.environ.get(PROFILE) and len(sys.argv) == 1:  # the server started by main()
        serve(os.environ[PROFILE])
    else:
        sys.exit(main())
