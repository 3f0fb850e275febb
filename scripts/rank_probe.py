"""Where the gold passage of each answerable development question goes
wrong: not in the candidate pool, in it but ranked low, or quoted badly.

    python scripts/rank_probe.py                      # per set and corpus, the shipped ranking
    python scripts/rank_probe.py --set w_lexical=0.05 --set candidate_chunks=128
    python scripts/rank_probe.py --json rows.json     # one row per question, for diffing

Ranks are of the ranked quotes (`Searcher.search` at depth 10, each hit cut
by `answer.to_passage`), declines aside: the ranking alone, as
scripts/fit_ranking.py scores it. Rows as `assistant eval --all` counts
them (on the grown corpus a shipped set's question only when it names a
municipality). Per row also: whether a gold sentence is among the
candidates, the best gold sentence's rank among all sentences of the
articles searched by the dense signal alone and by the fused score.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import fields, replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def assistants():
    from assistant.answering.evaluation import GROWN, SHIPPED, grown_assistant
    from assistant.answering.pipeline import Assistant
    from assistant.config import Settings

    settings = Settings.from_env(corpus_dir=ROOT / "corpus", index_dir=ROOT / "index")
    shipped = Assistant(settings)
    grown = grown_assistant(settings, shipped.embedder, ROOT / "eval" / "grown",
                            ROOT / ".cache" / "eval", log=lambda m: print(m, file=sys.stderr))
    return {SHIPPED: shipped, GROWN: grown}


def questions(corpus: str, assistant, folder: Path):
    """(set, question, gold spans) as `assistant eval --all` counts them."""
    from assistant.answering.evaluation import (GROWN, gold_spans, question_files,
                                                read_questions, sets_about, counts_on)

    s = assistant.searcher
    ids = {a.id for a in s.data.articles}
    bodies = {a.id: a.body for a in s.data.articles}
    files = question_files(folder)
    about = sets_about(files, ids) if corpus == GROWN else set()
    for path in files:
        for q in read_questions(path):
            if not q.gold or any(a not in ids for a, _ in q.gold):
                continue
            if not counts_on(corpus, path.stem, q.question, about, frozenset(s.covered_names)):
                continue
            yield path.stem, q, gold_spans(q, bodies)


def probe(corpus: str, assistant, set_name: str, q, spans, ranking) -> dict:
    from assistant.answering.answer import to_passage
    from assistant.answering.evaluation import rank_of
    from assistant.retrieval.fusion import fuse
    from assistant.retrieval.signals import article_mask, gather, signal_matrix

    s = assistant.searcher
    d = s.data
    pos = {a.id: i for i, a in enumerate(d.articles)}
    query = s.query(q.question, ranking)
    hits = s.search(query, 10, ranking=ranking)
    quotes = [to_passage(h, ranking) for h in sorted(hits, key=lambda h: -h.score)]
    rank = rank_of([(p.article.id, p.start, p.end) for p in quotes], spans)
    gold_rows = {i for a, st, e in spans for i in range(len(d.sent_start))
                 if d.sent_article[i] == pos[a] and d.sent_start[i] < e and st < d.sent_end[i]}
    focused = s.focused_articles(query, ranking)
    keep = article_mask(len(d.articles), focused) if focused else np.ones(len(d.articles), bool)
    qvec = s.embed(query.text)
    cands = gather(d, qvec, query, ranking, keep if focused else None)
    pool = set(cands.sentences.tolist()) if cands is not None else set()
    rows = np.flatnonzero(keep[d.sent_article])
    rows = np.asarray([r for r in rows.tolist() if r not in s._headings], np.int64)
    dense = d.sentence_vectors[rows].astype(np.float32) @ qvec
    fused = fuse(signal_matrix(d, cands, qvec, query, rows), ranking.weights(query.english))

    def best_rank(scores):
        order = rows[np.argsort(-scores, kind="stable")].tolist()
        ranks = [order.index(g) + 1 for g in gold_rows if g in order]
        return min(ranks) if ranks else None

    return {"corpus": corpus, "set": set_name, "id": q.id, "kind": q.kind,
            "question": q.question, "english": query.english, "focused": bool(focused),
            "rank": rank, "in_pool": bool(gold_rows & pool), "pool": len(pool),
            "dense_rank": best_rank(dense), "fused_rank": best_rank(fused),
            "searched": len(rows)}


def summary(rows: list[dict]) -> dict:
    n = max(len(rows), 1)
    return {"n": len(rows),
            "hit@3": sum(1 for r in rows if r["rank"] and r["rank"] <= 3) / n,
            "mrr": sum(1 / r["rank"] for r in rows if r["rank"]) / n}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="a RankingSettings field for this run")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--kinds", action="store_true", help="also per kind")
    args = parser.parse_args(argv)
    found = assistants()
    base = found["shipped"].settings.ranking
    types = {f.name: f.type for f in fields(base)}
    over = {}
    for item in args.set:
        name, value = item.split("=", 1)
        kind = types[name] if isinstance(types[name], type) else eval(types[name].split("|")[0])
        over[name] = (value.lower() in ("1", "true")) if kind is bool else kind(value)
    ranking = replace(base, **over)
    rows = []
    for corpus, assistant in found.items():
        for set_name, q, spans in questions(corpus, assistant, ROOT / "eval"):
            rows.append(probe(corpus, assistant, set_name, q, spans, ranking))
    by = defaultdict(list)
    for r in rows:
        by[(r["corpus"], r["set"])].append(r)
        by[(r["corpus"], "pooled")].append(r)
        if args.kinds:
            by[(r["corpus"], "kind:" + r["kind"])].append(r)
    print(f"{'corpus':<8}{'set':<18}{'n':>4} {'hit@3':>6} {'MRR':>6}  {'in pool':>7} "
          f"{'dense@3':>7} {'fused@3':>7}")
    for (corpus, name), rs in sorted(by.items()):
        m = summary(rs)
        pool = np.mean([r["in_pool"] for r in rs])
        d3 = np.mean([bool(r["dense_rank"] and r["dense_rank"] <= 3) for r in rs])
        f3 = np.mean([bool(r["fused_rank"] and r["fused_rank"] <= 3) for r in rs])
        print(f"{corpus:<8}{name:<18}{m['n']:>4} {m['hit@3']:>6.3f} {m['mrr']:>6.3f}  "
              f"{pool:>7.3f} {d3:>7.3f} {f3:>7.3f}")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=0), "utf-8")


if __name__ == "__main__":
    main()
