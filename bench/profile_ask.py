"""Where a server's CPU goes under load on /api/ask (not a test).

    pip install --target /tmp/pyspy py-spy                  # once, outside the venv
    .venv/bin/python bench/profile_ask.py --py-spy /tmp/pyspy/bin/py-spy

Starts `python app.py` on the shipped index (bench/throughput.py builds it),
puts --users users on /api/ask and samples the server with py-spy for
--seconds (every thread, idle ones left out; --gil: only samples holding
the GIL, i.e. the Python work that keeps the other threads waiting). Prints
the functions with the most samples, inclusive and self, and writes the
folded stacks for a flame graph next to the work folder.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent)]

from throughput import App, load, questions, say, shipped_index  # noqa: E402


def summarise(folded: Path, top: int) -> None:
    inclusive: Counter = Counter()
    own: Counter = Counter()
    total = 0
    for row in folded.read_text("utf-8", "replace").splitlines():
        stack, _, count = row.rpartition(" ")
        if not count.isdigit():
            continue
        n = int(count)
        total += n
        frames = [f.split(" (")[0] + " (" + f.split(" (")[-1].split(":")[0].rsplit("/", 1)[-1]
                  + ")" if " (" in f else f for f in stack.split(";")]
        for frame in set(frames):
            inclusive[frame] += n
        own[frames[-1]] += n
    say(f"{total} samples")
    for title, counts in (("inclusive", inclusive), ("self", own)):
        say(f"\n-- top {top} {title} --")
        for frame, n in counts.most_common(top):
            say(f"{100 * n / max(1, total):5.1f} %  {frame}")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--py-spy", default=shutil.which("py-spy") or "/tmp/pyspy/bin/py-spy")
    p.add_argument("--users", type=int, default=50)
    p.add_argument("--seconds", type=float, default=20)
    p.add_argument("--gil", action="store_true")
    p.add_argument("--repeated", action="store_true",
                   help="the 94 questions repeated: query vectors cached, the rest remains")
    p.add_argument("--top", type=int, default=40)
    p.add_argument("--server-only", action="store_true",
                   help="the server process alone, not its answering workers")
    p.add_argument("--server-env", action="append", default=[], metavar="NAME=VALUE")
    p.add_argument("--work", type=Path, default=Path("/tmp/samverkan-throughput"))
    args = p.parse_args()
    corpus, index = shipped_index(args.work)
    texts = questions()
    if args.repeated:
        texts = sorted(set(t for t in texts if t[0].isupper() and t.endswith("?")))
    folded = args.work / ("profile-gil.txt" if args.gil else "profile.txt")
    extra = dict(item.split("=", 1) for item in args.server_env)
    with App(index, corpus, args.work / "app-profile", extra) as app:
        asyncio.run(load(app.port, texts[-64:], 8, 3))
        cmd = [args.py_spy, "record", "-p", str(app.proc.pid), "-d", str(int(args.seconds)),
               "-f", "raw", "-o", str(folded), "-r", "200", "--nonblocking"]
        if not args.server_only:
            cmd.append("--subprocesses")
        if args.gil:
            cmd.append("--gil")
        spy = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        result: dict = {}
        loader = threading.Thread(target=lambda: result.update(
            asyncio.run(load(app.port, texts, args.users, args.seconds))))
        loader.start()
        spy.wait()
        loader.join()
    say(f"{result.get('per_s', 0):.1f} req/s while sampled; folded stacks in {folded}")
    summarise(folded, args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
