"""Load benchmark (not a test): N concurrent users ask questions for S seconds.

Each user asks, waits for the answer, and asks the next question, cycling
through the questions of an evaluation file. Prints the request count,
failures and latency percentiles. Only loopback addresses are accepted, and
the run stops by itself: no new question after --seconds, each request
given at most --timeout seconds.

    .venv/bin/python app.py &                              # the server, as shipped
    .venv/bin/python bench/load.py                          # 50 users, 60 s, POST /api/ask
    .venv/bin/python bench/load.py --via chat               # through the Gradio queue instead
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import httpx

LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
ROOT = Path(__file__).resolve().parent.parent


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile of `values` (p in 0..100)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


async def ask_api(client: httpx.AsyncClient, question: str) -> str | None:
    """None when answered, else what went wrong."""
    r = await client.post("/api/ask", json={"question": question})
    if r.status_code != 200:
        return f"HTTP {r.status_code}"
    body = r.json()
    return None if "passages" in body else "no passages field"


async def ask_chat(client: httpx.AsyncClient, question: str) -> str | None:
    """The chat's path: Gradio's queue (POST call/ask, then its event stream)."""
    r = await client.post("/gradio_api/call/ask", json={"data": [question, "Alla", "Alla"]})
    if r.status_code != 200:
        return f"HTTP {r.status_code}"
    event_id = r.json()["event_id"]
    event = None
    async with client.stream("GET", f"/gradio_api/call/ask/{event_id}") as stream:
        async for line in stream.aiter_lines():
            if line.startswith("event: "):
                event = line[7:].strip()
            elif line.startswith("data: ") and event in ("complete", "error"):
                if event == "error":
                    return f"error event: {line[6:][:80]}"
                reply = " ".join(str(x) for x in json.loads(line[6:]))
                return None if "Källa" in reply or "Jag hittar inget" in reply else "odd answer"
    return "stream ended without an answer"


async def user(n: int, client, ask, questions, deadline, latencies, failures):
    i = n  # users start at different questions
    while time.monotonic() < deadline:
        question = questions[i % len(questions)]
        i += 1
        start = time.monotonic()
        try:
            problem = await ask(client, question)
        except httpx.HTTPError as err:
            problem = type(err).__name__
        latencies.append(time.monotonic() - start)
        if problem:
            failures[problem] += 1


async def run(args) -> int:
    questions = [json.loads(line)["question"]
                 for line in Path(args.questions).read_text("utf-8").splitlines() if line.strip()]
    limits = httpx.Limits(max_connections=args.users + 10, max_keepalive_connections=args.users)
    async with httpx.AsyncClient(base_url=args.url.rstrip("/"), timeout=args.timeout,
                                 limits=limits) as client:
        health = (await client.get("/healthz")).json()
        print(f"server: {health.get('articles')} articles, {health.get('chunks')} chunks, "
              f"{health.get('model')}, queue capacity {health.get('queue', {}).get('capacity')}")
        ask = ask_chat if args.via == "chat" else ask_api
        await ask(client, questions[0])  # warm up
        latencies: list[float] = []
        failures: Counter = Counter()
        started = time.monotonic()
        deadline = started + args.seconds
        await asyncio.gather(*(user(n, client, ask, questions, deadline, latencies, failures)
                               for n in range(args.users)))
        elapsed = time.monotonic() - started
    ms = [x * 1000 for x in latencies]
    print(f"{args.users} users, {elapsed:.0f} s, via {args.via}: {len(ms)} requests, "
          f"{sum(failures.values())} failed, {len(ms) / elapsed:.1f} requests/s")
    if ms:
        print(f"latency ms: p50 {percentile(ms, 50):.0f}  p95 {percentile(ms, 95):.0f}  "
              f"p99 {percentile(ms, 99):.0f}  max {max(ms):.0f}  mean {statistics.mean(ms):.0f}")
    for problem, count in failures.most_common():
        print(f"  {count} × {problem}")
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--url", default="http://127.0.0.1:7860", help="the running app (loopback only)")
    p.add_argument("--users", type=int, default=50)
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--via", choices=["api", "chat"], default="api",
                   help="api: POST /api/ask; chat: the Gradio queue the chat uses")
    p.add_argument("--questions", default=str(ROOT / "eval" / "questions.jsonl"))
    p.add_argument("--timeout", type=float, default=120, help="seconds per request at most")
    args = p.parse_args(argv)
    if urlsplit(args.url).hostname not in {h.strip("[]") for h in LOOPBACK}:
        p.error("only loopback addresses (127.0.0.1, localhost, ::1): this is a local benchmark")
    if not 1 <= args.users <= 500 or not 0 < args.seconds <= 600:
        p.error("--users 1..500 and --seconds up to 600")
    return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main())
