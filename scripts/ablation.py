"""Before/after figures for each retrieval feature, on both evaluation sets.

    python scripts/ablation.py

Each row switches features off or on against the shipped index, by passing
another RankingSettings to the same `evaluate` (the path `assistant ask`
takes); the first row is plain dense retrieval of the best chunk per
article, the last is the shipped configuration.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from assistant.config import Settings
from assistant.evaluation import evaluate, read_questions
from assistant.service import Assistant

SETS = ["eval/questions.jsonl", "eval/heldout.jsonl"]


def main() -> None:
    settings = Settings.from_env()
    assistant = Assistant(settings)
    base = settings.ranking
    sets = [(Path(p).stem, read_questions(Path(p))) for p in SETS]
    off = dict(w_sentence=0.0, w_lexical=0.0, w_lexical_english=0.0, w_answer_type=0.0,
               per_article=1, synonym_weight=0.0, places_in_bm25=True)
    dense = dict(off, w_chunk=base.w_chunk, w_sentence=base.w_sentence)
    bm25 = dict(w_answer_type=0.0, synonym_weight=0.0, places_in_bm25=True)
    rows = [  # (label, changes to the shipped RankingSettings)
        ("dense: best chunk per article", dict(off, w_chunk=1.0)),
        ("+ sentence vectors (quote = best sentence)", dense),
        ("+ up to 2 passages per article", dict(dense, per_article=2)),
        ("+ Swedish BM25", dict(bm25, w_lexical_english=base.w_lexical)),
        ("+ no BM25 for English questions", bm25),
        ("+ synonyms in BM25", dict(bm25, synonym_weight=base.synonym_weight)),
        ("+ answer type (time, person, number)", dict(places_in_bm25=True)),
        ("+ no municipality names in BM25 = shipped", {}),
    ]
    head = "".join(f"{name + ' hit@3/hit@10/mrr':>34}" for name, _ in sets)
    print(f"{'configuration':<46}{head}")
    for label, changes in rows:
        ranking = replace(base, **changes)
        cells = []
        for _, questions in sets:
            m = evaluate(assistant, questions, ranking)["metrics"]["all"]
            cells.append(f"{m['hit@3']:.3f} / {m['hit@10']:.3f} / {m['mrr@10']:.3f}")
        print(f"{label:<46}" + "".join(f"{c:>34}" for c in cells), flush=True)


if __name__ == "__main__":
    main()
