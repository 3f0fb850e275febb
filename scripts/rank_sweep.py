"""Score several ranking settings in one run: the ranked quotes' hit@3 and
MRR@10 per set and corpus (declines aside, as scripts/rank_probe.py), each
configuration against the shipped one, and how many set rows fall and rise.

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
    """(corpus, set, id, kind, question) -> the rank of the first ranked
    quote overlapping the gold (None past 10), for every development question."""
    from assistant.answering.answer import to_passage
    from assistant.answering.evaluation import rank_of

    out = {}
    for corpus, assistant in found.items():
        s = assistant.searcher
        for set_name, q, spans in questions(corpus, assistant, ROOT / "eval"):
            hits = s.search(s.query(q.question, ranking), 10, ranking=ranking)
            quotes = [to_passage(h, ranking) for h in sorted(hits, key=lambda h: -h.score)]
            out[(corpus, set_name, q.id, q.kind, q.question)] = rank_of(
                [(p.article.id, p.start, p.end) for p in quotes], spans)
    return out


def table(r: dict, kinds: bool = False) -> dict:
    """(corpus, set) -> (n, hit@3, MRR@10), with (corpus, "pooled") and,
    with `kinds`, (corpus, "~kind") rows."""
    by = defaultdict(list)
    for (corpus, name, _, kind, _), rank in r.items():
        for key in (name, "pooled", *(("~" + kind,) if kinds else ())):
            by[(corpus, key)].append(rank)
    return {k: (len(v), sum(1 for x in v if x and x <= 3) / len(v),
                sum(1 / x for x in v if x) / len(v)) for k, v in by.items()}


def report(config: str, r0: dict, r1: dict, cost0: float, cost1: float,
           only_moved: bool = False, moved_questions: bool = False, kinds: bool = False) -> None:
    """One configuration against the shipped settings: how many set rows
    fall and rise, each row that moves (all with `only_moved` off), and the
    questions that move."""
    t0, t1 = table(r0, kinds), table(r1, kinds)
    sets = [k for k in t0 if k[1] != "pooled" and not k[1].startswith("~")]
    falls = [k for k in sets if t1[k][1] < t0[k][1] - 1e-9 or t1[k][2] < t0[k][2] - 1e-9]
    rises = [k for k in sets if t1[k][1] > t0[k][1] + 1e-9 or t1[k][2] > t0[k][2] + 1e-9]
    print(f"== {config}: {len(falls)} set rows fall, {len(rises)} rise (hit@3 or MRR@10); "
          f"{cost1:.2f} ms CPU per question ({cost1 - cost0:+.2f})")
    for k in sorted(t0):
        (n, h0, m0), (_, h1, m1) = t0[k], t1[k]
        moved = abs(h1 - h0) > 1e-9 or abs(m1 - m0) > 1e-9
        if moved or k[1] == "pooled" or not only_moved:
            mark = " -" if k in falls else " +" if k in rises else ""
            print(f"  {k[0]:<8}{k[1]:<17}{n:>4}  hit@3 {h0:.3f} -> {h1:.3f}   "
                  f"MRR {m0:.3f} -> {m1:.3f}{'' if moved else '  ='}{mark}")
    if moved_questions:
        for key in sorted(r0):
            if r0[key] != r1[key]:
                print(f"    {key[0]:<8}{key[1]:<16}{key[2]:<7}{r0[key]} -> {r1[key]}  "
                      f"{key[4][:90]}")
    sys.stdout.flush()


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
    print(f"shipped settings: {cost0:.2f} ms CPU per question (search and quotes)")
    for config in args.configs:
        start = time.process_time()
        r1 = ranks(found, parse(config, base))
        cost1 = (time.process_time() - start) / len(r1) * 1000
        report(config, r0, r1, cost0, cost1, args.only_moved, args.questions)


if __name__ == "__main__":
    main()
