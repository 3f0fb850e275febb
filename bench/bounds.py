"""What hostile or unlucky inputs cost the editors' import, and what the
bounds cost an ordinary one (issue 19).

    .venv/bin/python bench/bounds.py [--repeats 7]

Prints, each measured in this run:
- the YAML alias bomb (tests/corpus/test_articles.py): time to the refusal, and the
  reading process's peak memory (measured by /usr/bin/time around a reader
  of its own: a child's ru_maxrss here would include this process's memory);
- a PDF of 20,000 lines: time read in this process and in the bounded child;
- three pages sharing one 70 MB content stream: time to the refusal;
- a fetch from a local server that sends one byte every 2 s: time to the
  refusal with the default deadline;
- an ordinary upload (.md, .html, one-page .pdf): median time read in this
  process against the bounded reader, when a reader is waiting (the upload
  comes a few seconds after the last) and when one has to be started.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "corpus")]

from editor_samples import news_page  # noqa: E402
from test_articles import ALIAS_BOMB  # noqa: E402
from test_extract import DRAWN_LINE, PDF_PAGE, make_pdf, shared_stream_pdf  # noqa: E402

from assistant.errors import AssistantError  # noqa: E402
from assistant.corpus.extract import read_input  # noqa: E402
from assistant.corpus.extract.process import Budget, read_bounded  # noqa: E402


def timed(fn, *args) -> tuple[float, str]:
    start = time.perf_counter()
    try:
        fn(*args)
        outcome = "read"
    except AssistantError as err:
        outcome = f"refused: {str(err)[:70]}"
    return time.perf_counter() - start, outcome


def reader_peak_mb(path: Path, budget: Budget) -> str:
    """Maximum resident memory of one reader reading `path`, by /usr/bin/time."""
    job = json.dumps({"file": str(path), "memory_mb": budget.memory_mb, "cpu_seconds": 60})
    try:
        done = subprocess.run(["/usr/bin/time", "-f", "%M", sys.executable, "-P", "-m",
                               "assistant.extract_process"], input=job.encode() + b"\n",
                              capture_output=True, cwd=ROOT, timeout=120)
        return f"{int(done.stderr.split()[-1]) / 1024:.0f} MB"
    except (OSError, ValueError, IndexError, subprocess.TimeoutExpired):
        return "n/a (no /usr/bin/time)"


def drip_server() -> int:
    """A server on 127.0.0.1 sending its answer one byte every 2 s."""
    server = socket.create_server(("127.0.0.1", 0))

    def one(conn):
        with conn:
            conn.recv(65536)
            try:
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                             b"Content-Length: 100000\r\n\r\n")
                while True:
                    conn.sendall(b"x")
                    time.sleep(2)
            except OSError:
                pass

    def serve():
        while True:
            conn, _ = server.accept()
            threading.Thread(target=one, args=(conn,), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    return server.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-bounds-"))
    budget = Budget()
    print(f"budget: {budget.seconds:g} s, {budget.memory_mb} MB")

    bomb = folder / "bomb.md"
    bomb.write_text(ALIAS_BOMB, encoding="utf-8")
    seconds, outcome = timed(read_bounded, bomb, budget)
    print(f"alias bomb ({bomb.stat().st_size} bytes): {seconds:.2f} s, {outcome}")
    print(f"  the reader's peak memory: {reader_peak_mb(bomb, budget)}")

    words = "Samverkan mellan kommunerna om hemtjänst och äldreomsorg fungerar väl".split()
    long_pdf = folder / "lang.pdf"
    long_pdf.write_bytes(make_pdf([[" ".join(words[(n + i) % len(words)] for i in range(7))
                                    + f" rad {n}" for n in range(20_000)]]))
    print(f"PDF of 20,000 lines ({long_pdf.stat().st_size // 1000} kB): "
          f"in process {timed(read_input, long_pdf)[0]:.2f} s, "
          "bounded child %.2f s, %s" % timed(read_bounded, long_pdf, budget))

    shared = folder / "delad.pdf"
    shared.write_bytes(shared_stream_pdf(DRAWN_LINE * (70_000_000 // len(DRAWN_LINE)), 3))
    print(f"3 pages sharing a 70 MB stream ({shared.stat().st_size // 1000} kB): "
          "%.2f s, %s" % timed(read_bounded, shared, budget))

    from assistant.editors.fetch import TIMEOUT_SECONDS, allow_list, fetch

    port = drip_server()
    print(f"fetch, one byte every 2 s (deadline {TIMEOUT_SECONDS:g} s): %.2f s, %s" % timed(
        fetch, f"http://127.0.0.1:{port}/", allow_list("127.0.0.1/32")))

    ordinary = {"artikel.md": ("# Samverkan i Åre\n\n" + "Åre kommun samverkar med grannarna "
                               "om hemtjänst och äldreomsorg. " * 40).encode("utf-8"),
                "sida.html": news_page().encode("utf-8"),
                "linden.pdf": make_pdf([PDF_PAGE], author="Söderhamns kommun")}
    from assistant.corpus.extract import process as extract_process

    def waiting(path):  # an upload some seconds after the last: the next reader is ready
        time.sleep(3)
        return timed(read_bounded, path, budget)[0]

    def cold(path):  # no reader waiting: Python starts and imports the readers first
        extract_process._spare = None
        seconds = timed(read_bounded, path, budget)[0]
        time.sleep(3)
        return seconds

    for name, data in ordinary.items():
        path = folder / name
        path.write_bytes(data)
        read_input(path)  # imports paid once, as in a running app
        inside = statistics.median(timed(read_input, path)[0] for _ in range(args.repeats))
        ready = statistics.median(waiting(path) for _ in range(args.repeats))
        started = statistics.median(cold(path) for _ in range(args.repeats))
        print(f"ordinary {name}: in process {1000 * inside:.0f} ms; bounded: reader waiting "
              f"{1000 * ready:.0f} ms (+{1000 * (ready - inside):.0f}), reader started "
              f"for it {1000 * started:.0f} ms (+{1000 * (started - inside):.0f})")


if __name__ == "__main__":
    main()
