"""What ranks above the gold of the why- and how-questions of the
development sets (kind `whyhow`), and which causal words tell the gold
from the sentences above it.

    python scripts/whyhow_probe.py                 # every whyhow question below rank 1
    python scripts/whyhow_probe.py --words         # connectives: gold against sentences above it

Ranks are of the ranked quotes (`Searcher.search` at depth 10, each hit cut
by `answer.to_passage`), declines aside, as scripts/rank_sweep.py.

Findings (round whyhow8, shipped settings before the `reason` signal):

- What ranks above the gold is mostly the sentence that restates the
  question's premise, often the article's lead ("Räddningstjänsten i
  Ulricehamns kommun har fått en ny ledningsorganisation." above "Utgångs-
  punkten var en arbetsmiljöenkät ..."; "Myndighetsutövningen skiljs från
  ..." above "– När samma del av organisationen både bedömer ..."). It
  shares the question's words: among the candidates above the gold, BM25
  is the higher for 69 % (45 % for other questions); dense 72 %. Not the
  sentence next to the gold: of 76 whyhow questions below rank 1 the top
  sentence is 1 sentence from the gold in 8, 2–5 in 31, farther or in
  another article in the rest. Headings are never passages.
- Causal connectives, the gold sentence against the candidate sentences
  fused above it within the best ten (every question asking why, any
  kind; counted over set rows, duplicates across batches kept; `--words`
  counts the ranked passages of whyhow questions instead):
  eftersom 5/120 against 0/246, därför 12/120 against 3/246, syftar till
  7/120 against 0/246, förklaring 4/120 against 0/246; "för att" 16 %
  against 7 % but 11 % of those below; "genom (att)" for how-questions 10 %
  against 4 %, but a method signal lowered 8–19 set rows at 0.02–0.04.
- Tried (scripts/rank_sweep.py, 20 set rows per corpus): `w_reason` 0.02
  (the `reason` signal: a why-question lifts a sentence with a causal
  connective, signals.py): 0 set rows fall, 8 rise (grown pooled hit@3 /
  MRR .857 / .773 -> .864 / .777; shipped .874 / .778 -> .877 / .778);
  0.01: 0 fall, 6 rise; 0.03: 7 fall (MRR of batch A, E, heldout on both
  corpora). `role_bound` (the role signal by persons.names_holder): 0 fall,
  2 rise (grown-d s006, grown-h gn001 2 -> 1). Both: 0 fall, 9 rise.
  Kept, both: `assistant eval --all` (scripts/eval_diff.py) no set falls
  on either corpus in any column (hit@3, MRR@10, wrongly declined,
  unanswerable declined); pooled hit@3 / MRR@10 shipped .868 / .772 ->
  .871 / .772, grown (unique) .842 / .758 -> .848 / .763; kind whyhow
  hit@1 / hit@3 / MRR@10 shipped .586 / .871 / .742 -> .586 / .886 /
  .743, grown .590 / .821 / .719 -> .615 / .838 / .736 (grown-h .333 /
  .867 / .583 -> .467 / .867 / .650; grown-e .333 / .500 / .451 ->
  .333 / .500 / .462, its misses are a reason with no connective).
  Not kept: BM25 weight 0–0.07 for why/how-questions (5–12 set rows fall);
  the broad reason words ("för att", "genom att", "så att", "ledde till",
  "målet är") for why/how-questions at 0.01–0.04 (10–18 fall).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

WORDS = ("eftersom", "därför", "på grund av", r"bakgrund\w*", r"anledning\w*", r"orsak\w*",
         r"förklaring\w*", "syftar till", "för att", "så att", "genom att", r"genom\b",
         "på så sätt", "målet", "tanken")


def ranked(assistant, question: str):
    """The best ten hits, best first, and their quotes."""
    from assistant.answering.answer import to_passage

    s = assistant.searcher
    hits = sorted(s.search(s.query(question), 10), key=lambda h: -h.score)
    return hits, [to_passage(h, s.ranking) for h in hits]


def main(argv=None) -> None:
    from rank_probe import assistants, questions

    from assistant.answering.evaluation import rank_of
    from assistant.retrieval.signals import asks_reason

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", action="store_true", help="count connectives, gold vs above")
    args = parser.parse_args(argv)
    counts: Counter = Counter()
    for corpus, assistant in assistants().items():
        s = assistant.searcher
        for set_name, q, spans in questions(corpus, assistant, ROOT / "eval"):
            if q.kind != "whyhow":
                continue
            hits, quotes = ranked(assistant, q.question)
            rank = rank_of([(p.article.id, p.start, p.end) for p in quotes], spans)
            if args.words:
                gold = [g for g, p in zip(hits, quotes) if rank_of(
                    [(p.article.id, p.start, p.end)], spans)]
                above = hits[:(rank or 11) - 1]
                for w in WORDS:
                    pat = re.compile(rf"\b{w}", re.IGNORECASE)
                    counts[(w, "gold")] += any(pat.search(s.sentence_text(h.sent)) for h in gold[:1])
                    counts[(w, "above")] += sum(bool(pat.search(s.sentence_text(h.sent)))
                                                for h in above)
                counts["gold"] += bool(gold)
                counts["above"] += len(above)
                continue
            if rank == 1:
                continue
            print(f"\n[{corpus} {set_name} {q.id}] rank {rank} why {asks_reason(q.question)}  "
                  f"{q.question}")
            for _, quote in q.gold[:2]:
                print(f"   gold: {quote[:140]}")
            for n, h in enumerate(hits[:(rank or 4)], 1):
                print(f"   {n} {h.score:.3f} {h.article.id[:20]} | {s.sentence_text(h.sent)[:140]}")
    if args.words:
        for w in WORDS:
            print(f"{w:<16} gold {counts[(w, 'gold')]:>3}/{counts['gold']}  "
                  f"above {counts[(w, 'above')]:>3}/{counts['above']}")


if __name__ == "__main__":
    main()
