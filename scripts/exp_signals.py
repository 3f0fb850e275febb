"""Experiment (not shipped): extra per-sentence signals patched into the
real search, scored per set and corpus (ranked quotes, declines aside).

    python scripts/exp_signals.py 'window=0.3' 'window=0.5,w_chunk=0.3'

Extra signals (name=weight): window (cos with the embedded text of the
sentence and its neighbours in the same paragraph, title first), avg
(cos with the normalised sum of the sentence vectors of the sentence and its
neighbours), cent (the sentence vector less its article's mean), wide (window of two on each side), plain (sentence without
title), sym (question embedded as a passage). Their vectors are cached in
.cache/exp/.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from rank_probe import assistants, questions  # noqa: E402

EXTRA = ("window", "avg", "wide", "plain", "sym", "para", "cent")


def neighbours(d, i, reach, paragraph=True):
    art = d.sent_article[i]
    body = d.articles[art].body
    lo = hi = i
    for _ in range(reach):
        j = lo - 1
        if j >= 0 and d.sent_article[j] == art and not (
                paragraph and "\n" in body[d.sent_end[j]:d.sent_start[lo]]):
            lo = j
    for _ in range(reach):
        j = hi + 1
        if j < len(d.sent_start) and d.sent_article[j] == art and not (
                paragraph and "\n" in body[d.sent_end[hi]:d.sent_start[j]]):
            hi = j
    return lo, hi


def paragraph_of(d, i):
    return neighbours(d, i, 100)


def vectors(name, assistant, key):
    from assistant.index.build import passage_text

    d = assistant.searcher.data
    path = ROOT / ".cache" / "exp" / f"{key}-{name}.npy"
    if path.exists():
        return np.load(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    n = len(d.sent_start)
    texts = []
    for i in range(n):
        art = d.articles[d.sent_article[i]]
        if name == "plain":
            texts.append(art.body[d.sent_start[i]:d.sent_end[i]])
            continue
        lo, hi = (neighbours(d, i, 1) if name == "window" else neighbours(d, i, 2)
                  if name == "wide" else paragraph_of(d, i))
        texts.append(passage_text(art, art.body[d.sent_start[lo]:d.sent_end[hi]]))
    print(f"embedding {n} {name} texts ...", file=sys.stderr, flush=True)
    v = assistant.embedder.embed_passages(texts).astype(np.float32)
    np.save(path, v)
    return v


def avg_vectors(d):
    sv = d.sentence_vectors.astype(np.float32)
    out = np.empty_like(sv)
    for i in range(len(sv)):
        lo, hi = neighbours(d, i, 1)
        v = sv[lo:hi + 1].sum(0)
        out[i] = v / np.linalg.norm(v)
    return out


def centred_vectors(d):
    """Each sentence vector less its article's mean sentence vector
    (what the title and topic share taken out), normalised."""
    sv = d.sentence_vectors.astype(np.float32)
    out = np.empty_like(sv)
    for a in np.unique(d.sent_article):
        rows = np.flatnonzero(d.sent_article == a)
        v = sv[rows] - sv[rows].mean(0)
        out[rows] = v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-6)
    return out


def install(extra_weights, tables):
    """Patch searcher.signal_matrix / fuse to add the extra columns."""
    import assistant.retrieval.searcher as S
    from assistant.retrieval.fusion import fuse as fuse0
    from assistant.retrieval.signals import signal_matrix as sm0

    def signal_matrix(d, cands, qvec, query, sents):
        base = sm0(d, cands, qvec, query, sents)
        t = tables[id(d)]
        cols = []
        for name in EXTRA:
            if name == "sym":
                qp = t["qp"](query.text)
                cols.append(d.sentence_vectors[sents].astype(np.float32) @ qp)
            else:
                cols.append(t[name][sents] @ qvec)
        return np.concatenate([base, np.stack(cols, 1).astype(np.float32)], 1)

    def fuse(signals, weights):
        return fuse0(signals, tuple(weights) + tuple(extra_weights.get(n, 0.0) for n in EXTRA))

    S.signal_matrix = signal_matrix
    S.fuse = fuse


def run(found, ranking, extra_weights, tables):
    from assistant.answering.answer import to_passage
    from assistant.answering.evaluation import rank_of

    install(extra_weights, tables)
    rows = []
    for corpus, a in found.items():
        s = a.searcher
        for set_name, q, spans in questions(corpus, a, ROOT / "eval"):
            hits = s.search(s.query(q.question, ranking), 10, ranking=ranking)
            quotes = [to_passage(h, ranking) for h in sorted(hits, key=lambda h: -h.score)]
            rows.append((corpus, set_name, q.kind,
                         rank_of([(p.article.id, p.start, p.end) for p in quotes], spans)))
    return rows


def table(rows):
    by = defaultdict(list)
    for c, s, k, r in rows:
        by[(c, s)].append(r)
        by[(c, "~pooled")].append(r)
        by[(c, "~" + k)].append(r)
    return {key: (sum(1 for r in rs if r and r <= 3) / len(rs), sum(1 / r for r in rs if r) / len(rs),
                  len(rs)) for key, rs in by.items()}


def main():
    found = assistants()
    tables = {}
    for corpus, a in found.items():
        d = a.searcher.data
        key = f"{corpus}-{len(d.sent_start)}"
        t = {n: vectors(n, a, key) for n in ("window", "wide", "plain", "para")}
        t["avg"] = avg_vectors(d)
        t["cent"] = centred_vectors(d)
        cache = {}

        def qp(text, emb=a.embedder, cache=cache):
            if text not in cache:
                cache[text] = emb.embed_passages([text])[0]
            return cache[text]
        t["qp"] = qp
        tables[id(d)] = t
    base = found["shipped"].settings.ranking
    configs = [("base", {})] + [(arg, dict(kv.split("=") for kv in arg.split(",")))
                                for arg in sys.argv[1:]]
    results = {}
    for label, cfg in configs:
        over = {k: float(v) if "." in v else int(v) for k, v in cfg.items() if k not in EXTRA}
        extra = {k: float(v) for k, v in cfg.items() if k in EXTRA}
        results[label] = table(run(found, replace(base, **over), extra, tables))
        print(f"done {label}", file=sys.stderr, flush=True)
    keys = sorted(results["base"])
    print(f"{'corpus':<8}{'set':<18}{'n':>4} " + " ".join(f"{lab[:22]:>22}" for lab, _ in configs))
    for key in keys:
        cells = []
        for lab, _ in configs:
            h, m, n = results[lab][key]
            b = results["base"][key]
            mark = "-" if (h < b[0] - 1e-9 or m < b[1] - 1e-9) else " "
            cells.append(f"{h:.3f}/{m:.3f}{mark}".rjust(22))
        print(f"{key[0]:<8}{key[1]:<18}{results['base'][key][2]:>4} " + " ".join(cells))


if __name__ == "__main__":
    main()
