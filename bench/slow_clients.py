"""Slow-client benchmark (not a test): does the app stay usable while many
connections trickle their bodies or hold event streams open?

Starts `python app.py` itself, with at most --nofile file descriptors (as
`ulimit -n` would), on a free loopback port, over a folder that already
holds corpus/ and index/ (`assistant index` builds it). Then, for
--seconds, attacker connections from 127.0.0.2 onwards (--addresses of
them) open as fast as they can: half send a JSON body one byte every
--interval seconds, half hold /gradio_api/heartbeat/... streams. Each second
a normal user on 127.0.0.1 asks POST /api/ask on a new connection. Prints the
user's latencies, how many attacker connections were held, the server's
open descriptors and how many bytes it logged, and whether it is still up.

    .venv/bin/python -m assistant.cli index          # once, in the project folder
    .venv/bin/python bench/slow_clients.py --project . --nofile 256
    .venv/bin/python bench/slow_clients.py --project . --nofile 1024 --connections 3000

Extra environment (ASSISTANT_BODY_TIMEOUT=2 ...) is passed on to the app.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "Vem är socialchef i Vårgårda?"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(project: Path, port: int, nofile: int, log: Path, env: dict[str, str]):
    """`python app.py` with `nofile` descriptors, its output (stdout and
    stderr) into `log`; returns the process once /healthz answers."""
    work = Path(tempfile.mkdtemp(prefix="slow-clients-"))
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False",
           "ASSISTANT_CORPUS": str(project / "corpus"), "ASSISTANT_INDEX": str(project / "index"),
           "ASSISTANT_PORT": str(port), "ASSISTANT_FEEDBACK_DB": str(work / "f.sqlite3"),
           "ASSISTANT_AUDIT_DB": str(work / "a.sqlite3"),
           "ASSISTANT_GAPS_DB": str(work / "g.sqlite3"),
           "ASSISTANT_GRADIO_CACHE": str(work / "cache"), **env}

    def limit():
        resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile))

    out = log.open("wb")
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py")], cwd=work, env=env,
                            stdout=out, stderr=subprocess.STDOUT, preexec_fn=limit)
    deadline = time.monotonic() + 180
    while True:
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise SystemExit(f"the app did not start; its log:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.3)


def open_descriptors(pid: int) -> int:
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return -1


class Attack:
    """Attacker connections; `held` counts those the server has not closed."""

    def __init__(self, port: int, addresses: int, interval: float):
        self.port = port
        self.sources = [f"127.0.0.{2 + n}" for n in range(addresses)]
        self.interval = interval
        self.held = 0
        self.opened = 0
        self.refused = 0  # the server answered at once or closed (503, reset, ...)

    async def one(self, n: int, stop: float):
        source = self.sources[n % len(self.sources)]
        try:
            reader, writer = await asyncio.wait_for(asyncio.open_connection(
                "127.0.0.1", self.port, local_addr=(source, 0)), 10)
        except (OSError, TimeoutError):
            self.refused += 1
            return
        self.opened += 1
        self.held += 1
        try:
            if n % 2:
                writer.write(f"GET /gradio_api/heartbeat/angripare{n:06d} HTTP/1.1\r\n"
                             "Host: 127.0.0.1\r\n\r\n".encode())
                await writer.drain()
                while time.monotonic() < stop:
                    if not await asyncio.wait_for(reader.read(4096), stop - time.monotonic()):
                        break  # the server closed it
            else:
                writer.write(b"POST /api/ask HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                             b"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n")
                await writer.drain()
                while time.monotonic() < stop:
                    writer.write(b" ")
                    await writer.drain()
                    try:
                        if await asyncio.wait_for(reader.read(4096), self.interval) == b"":
                            break
                    except TimeoutError:
                        pass
        except (OSError, TimeoutError):
            pass
        finally:
            self.held -= 1
            writer.close()

    async def run(self, connections: int, seconds: float):
        """Keep up to `connections` open until `seconds` have passed,
        re-opening those the server closes."""
        stop = time.monotonic() + seconds
        running: set[asyncio.Task] = set()
        n = 0
        while time.monotonic() < stop:
            while len(running) < connections and time.monotonic() < stop:
                task = asyncio.create_task(self.one(n, stop))
                running.add(task)
                task.add_done_callback(running.discard)
                n += 1
                if n % 50 == 0:
                    await asyncio.sleep(0)
            await asyncio.sleep(0.05)
        await asyncio.gather(*running, return_exceptions=True)


async def user(port: int, seconds: float, timeout: float) -> list[tuple[float, str]]:
    """(latency, outcome) of a question a second, each on a new connection."""
    results = []
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        start = time.monotonic()
        try:
            async with httpx.AsyncClient(timeout=timeout) as client:
                r = await client.post(f"http://127.0.0.1:{port}/api/ask",
                                      json={"question": QUESTION})
            outcome = "ok" if r.status_code == 200 and r.json().get("passages") else \
                f"HTTP {r.status_code}"
        except httpx.HTTPError as err:
            outcome = type(err).__name__
        results.append((time.monotonic() - start, outcome))
        await asyncio.sleep(max(0.0, 1.0 - (time.monotonic() - start)))
    return results


async def attack_and_ask(args, port: int, pid: int):
    attack = Attack(port, args.addresses, args.interval)
    descriptors: list[int] = []

    async def watch():
        while True:
            descriptors.append(open_descriptors(pid))
            await asyncio.sleep(1)

    watcher = asyncio.create_task(watch())
    await asyncio.sleep(0)
    _, asked = await asyncio.gather(attack.run(args.connections, args.seconds),
                                    user(port, args.seconds, args.timeout))
    watcher.cancel()
    return attack, asked, descriptors


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--project", type=Path, default=ROOT,
                   help="folder with corpus/ and a built index/")
    p.add_argument("--nofile", type=int, default=256, help="the app's descriptor limit")
    p.add_argument("--connections", type=int, default=1000,
                   help="attacker connections kept open at once")
    p.add_argument("--addresses", type=int, default=4, help="attacker source addresses")
    p.add_argument("--interval", type=float, default=5.0, help="seconds between body bytes")
    p.add_argument("--seconds", type=float, default=45)
    p.add_argument("--timeout", type=float, default=30, help="the user's patience per question")
    args = p.parse_args(argv)
    need = args.connections + 200
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < need:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(need, hard), hard))
    port = free_port()
    log = Path(tempfile.mkdtemp(prefix="slow-clients-log-")) / "app.log"
    env = {k: v for k, v in os.environ.items() if k.startswith("ASSISTANT_")}
    proc = start_app(args.project.resolve(), port, args.nofile, log, env)
    try:
        before = log.stat().st_size
        idle = open_descriptors(proc.pid)
        attack, asked, descriptors = asyncio.run(attack_and_ask(args, port, proc.pid))
        logged = log.stat().st_size - before
        alive = proc.poll() is None
        try:
            health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=30).status_code
        except httpx.HTTPError as err:
            health = type(err).__name__
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
    latencies = [t for t, _ in asked]
    ok = [t for t, outcome in asked if outcome == "ok"]
    outcomes: dict[str, int] = {}
    for _, outcome in asked:
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    print(f"app: {args.nofile} descriptors ({idle} open when idle); attack: {args.connections} "
          f"connections at once from {args.addresses} addresses for {args.seconds:.0f} s, "
          f"{attack.opened} opened, {attack.refused} refused at connect")
    print(f"server descriptors during the attack: max {max(descriptors, default=-1)}")
    print(f"normal questions: {len(asked)} asked, {outcomes}")
    if latencies:
        answered = (f"  (answered: median {statistics.median(ok):.2f}, max {max(ok):.2f})"
                    if ok else "")
        print(f"  latency s: median {statistics.median(latencies):.2f}  "
              f"max {max(latencies):.2f}{answered}")
    print(f"logged: {logged:,} bytes during the attack ({log})")
    print(f"after: process {'alive' if alive else 'dead'}, /healthz {health}")
    return 0 if alive and health == 200 and ok and len(ok) == len(asked) else 1


if __name__ == "__main__":
    sys.exit(main())
