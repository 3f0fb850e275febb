"""Score several ranking settings in one run: the ranked quotes' hit@3 and
MRR@10 per set and corpus (declines aside, as scripts/rank_probe.py), each
configuration against the shipped one, and how many set rows fall.

    python scripts/rank_sweep.py 'w_fact=0.04' 'w_plan=0.05' 'w_fact=0.04,w_plan=0.05'
    python scripts/rank_sweep.py --only-moved 'fact_kinds=count:amount,w_fact=0.04'

A value with ':' is a tuple ("count:amount"). Models and indexes are loaded
once; each configuration costs one search per question.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from rank_probe import assistants, questions  # noqa: E402


def parse(config: str, base):
    over = {}
    for item in filter(None, config.split(",")):
        name, value = item.split("=", 1)
        old = getattr(base, name)
        if isinstance(old, tuple):
            over[name] = tuple(v for v in value.split(":") if v)
        elif isinstance(old, bool):
            over[name] = value.lower() in ("1", "true")
        else:
            over[name] = type(old)(value) if old is not None else float(value)
    return replace(base, **over)


def ranks(found, ranking) -> dict:
    from assistant.answering.answer import to_passage
    from assistant.answering.evaluation import rank_of

    out = {}
    for corpus, assistant in found.items():
        s = assistant.searcher
        for set_name, q, spans in questions(corpus, assistant, ROOT / "eval"):
            query = s.query(q.question, ranking)
            hits = s.search(query, 10, ranking=ranking)
            quotes = [to_passage(h, ranking) for h in sorted(hits, key=lambda h: -h.score)]
            out[(corpus, set_name, q.id, q.question)] = rank_of(
                [(p.article.id, p.start, p.end) for p in quotes], spans)
    return out


def table(r: dict) -> dict:
    by = defaultdict(list)
    for (corpus, name, _, _), rank in r.items():
        by[(corpus, name)].append(rank)
        by[(corpus, "pooled")].append(rank)
    return {k: (len(v), sum(1 for x in v if x and x <= 3) / len(v),
                sum(1 / x for x in v if x) / len(v)) for k, v in by.items()}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("configs", nargs="+")
    parser.add_argument("--only-moved", action="store_true", help="print only rows that move")
    parser.add_argument("--questions", action="store_true", help="print the questions that move")
    args = parser.parse_args(argv)
    found = assistants()
    base = found["shipped"].settings.ranking
    start = time.process_time()
    r0 = ranks(found, base)
    cost0 = (time.process_time() - start) / len(r0) * 1000
    t0 = table(r0)
    print(f"shipped settings: {cost0:.2f} ms CPU per question (search and quotes)")
    for config in args.configs:
        start = time.process_time()
        r1 = ranks(found, parse(config, base))
        cost1 = (time.process_time() - start) / len(r1) * 1000
        t1 = table(r1)
        falls = sum(1 for k in t0 if k[1] != "pooled" and (t1[k][1] < t0[k][1] - 1e-9
                                                            or t1[k][2] < t0[k][2] - 1e-9))
        print(f"== {config}: {falls} set rows fall (hit@3 or MRR@10); "
              f"{cost1:.2f} ms CPU per question")
        for k in sorted(t0):
            (n, h0, m0), (_, h1, m1) = t0[k], t1[k]
            moved = abs(h1 - h0) > 1e-9 or abs(m1 - m0) > 1e-9
            if moved or k[1] == "pooled" or not args.only_moved:
                print(f"  {k[0]:<8}{k[1]:<17}{n:>4}  hit@3 {h0:.3f} -> {h1:.3f}   "
                      f"MRR {m0:.3f} -> {m1:.3f}{'' if moved else '  ='}")
        if args.questions:
            for key in sorted(r0):
                if r0[key] != r1[key]:
                    print(f"    {key[0]:<8}{key[1]:<16}{key[2]:<7}{r0[key]} -> {r1[key]}  "
                          f"{key[3][:90]}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
