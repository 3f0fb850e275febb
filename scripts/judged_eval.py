"""hit@3 and MRR@10 with the gold quotes alone, and with independently judged passages too.

    python scripts/judged_eval.py

The gold quotes in eval/*.jsonl name one passage (sometimes two) per
question, so a passage that answers just as well counts as a miss.
eval/judged.jsonl holds a reader's blind verdicts ("yes", "partial",
"no") on the top 5 quotes the shipped system gave for every answerable
question of both sets (410 pairs; the reader saw question, article title,
municipality and passage, no gold and no ranks). "lenient" also counts a
quote judged "yes" as a hit; quotes nobody judged count as misses.
"""

from __future__ import annotations

import json
from pathlib import Path

from assistant.answering.answer import to_passage
from assistant.config import Settings
from assistant.answering.evaluation import gold_spans, rank_of, ranked_answer, read_questions
from assistant.answering.pipeline import Assistant

SETS = ["eval/questions.jsonl", "eval/heldout.jsonl"]
JUDGED = Path("eval/judged.jsonl")


def figures(ranks: list[int | None]) -> str:
    hit3 = sum(1 for r in ranks if r and r <= 3) / len(ranks)
    mrr = sum(1 / r for r in ranks if r) / len(ranks)
    return f"hit@3 {hit3:.3f}  MRR@10 {mrr:.3f}"


def main() -> None:
    judged = {}
    for line in JUDGED.read_text("utf-8").splitlines():
        j = json.loads(line)
        judged[(j["id"], j["article"], j["quote"])] = j["label"]
    assistant = Assistant(Settings.from_env())
    bodies = {a.id: a.body for a in assistant.searcher.data.articles}
    for path in SETS:
        strict, lenient, agree = [], [], []
        for q in read_questions(Path(path)):
            if not q.gold:
                continue
            _, hits = ranked_answer(assistant, q.question)
            spans = gold_spans(q, bodies)
            rank = rank_of([(h.article.id, h.start, h.end) for h in hits], spans)
            strict.append(rank)
            for n, p in enumerate(map(to_passage, hits), 1):
                label = judged.get((q.id, p.article.id, p.quote))
                if label and rank_of([(p.article.id, p.start, p.end)], spans):
                    agree.append(label == "yes")
                if label == "yes" and (rank is None or n < rank):
                    rank = n
                    break
            lenient.append(rank)
        print(f"{Path(path).stem:<10} gold only: {figures(strict)}   "
              f"gold or judged 'yes': {figures(lenient)}   "
              f"(reader said 'yes' to {sum(agree)} of {len(agree)} judged gold quotes)")


if __name__ == "__main__":
    main()
