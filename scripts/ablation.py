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
from assistant.answering.evaluation import evaluate, read_questions
from assistant.answering.pipeline import Assistant

SETS = ["eval/questions.jsonl", "eval/heldout.jsonl", "eval/batch-a.jsonl", "eval/batch-b.jsonl"]
# issue 12's changes, switched off for the rows before them
OFF12 = dict(per_article=2, per_article_cross=1, skip_quoted_only=False, focus=False, w_role=0.0,
             time_after_preposition=False, w_outcome=0.0,
             compound_searchable=False, join_next=False, w_fact=0.0, w_plan=0.0)


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
        ("dense: best chunk per article", dict(OFF12, **off, w_chunk=1.0)),
        ("+ sentence vectors (quote = best sentence)", dict(OFF12, **dense)),
        ("+ up to 2 passages per article", dict(OFF12, **dict(dense, per_article=2))),
        ("+ Swedish BM25", dict(OFF12, **bm25, w_lexical_english=base.w_lexical)),
        ("+ no BM25 for English questions", dict(OFF12, **bm25)),
        ("+ synonyms in BM25", dict(OFF12, **dict(bm25, synonym_weight=base.synonym_weight))),
        ("+ answer type (time, person, number)", dict(OFF12, places_in_bm25=True)),
        ("+ no municipality names in BM25", OFF12),
    ]
    later = dict(OFF12)
    for label, keys in [("+ no cap, skip only quoted sentences",
                         ("per_article", "per_article_cross", "skip_quoted_only")),
                        ("+ focus on the named municipality", ("focus",)),
                        ("+ role attribution", ("w_role",)),
                        ("+ time after a preposition", ("time_after_preposition",)),
                        ("+ outcome cue", ("w_outcome",)),
                        ("+ compound first parts searchable", ("compound_searchable",)),
                        ("+ one-sentence quote takes the next", ("join_next",)),
                        ("+ fact kind and next step (round 6) = shipped", ("w_fact", "w_plan"))]:
        for key in keys:
            later.pop(key)
        rows.append((label, dict(later)))
    head = "".join(f"{name + ' hit@3/hit@10/mrr':>30}" for name, _ in sets)
    print(f"{'configuration':<46}{head}")
    for label, changes in rows:
        ranking = replace(base, **changes)
        cells = []
        for _, questions in sets:
            m = evaluate(assistant, questions, ranking)["metrics"]["all"]
            cells.append(f"{m['hit@3']:.3f} / {m['hit@10']:.3f} / {m['mrr@10']:.3f}")
        print(f"{label:<46}" + "".join(f"{c:>30}" for c in cells), flush=True)


if __name__ == "__main__":
    main()
