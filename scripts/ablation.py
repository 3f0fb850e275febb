"""Before/after figures for each retrieval feature, on both evaluation sets.

    python scripts/ablation.py

Each row switches features off or on against the shipped index; the first
row is plain dense retrieval of the best chunk per article, the last is the
shipped configuration.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace
from pathlib import Path

from assistant import lexical, search
from assistant.config import Settings
from assistant.evaluation import evaluate, read_questions
from assistant.service import Assistant

SETS = ["eval/questions.jsonl", "eval/heldout.jsonl"]


@contextlib.contextmanager
def lexical_variant(synonym_weight: float, names_in_bm25: bool):
    saved = lexical.SYNONYM_WEIGHT, search.lexical_terms
    lexical.SYNONYM_WEIGHT = synonym_weight
    if names_in_bm25:
        search.lexical_terms = lexical.query_terms
    try:
        yield
    finally:
        lexical.SYNONYM_WEIGHT, search.lexical_terms = saved


def main() -> None:
    base = Settings.from_env()
    assistant = Assistant(base)
    sets = [(Path(p).stem, read_questions(Path(p))) for p in SETS]
    off = dict(w_sentence=0.0, w_lexical=0.0, w_lexical_english=0.0, w_answer_type=0.0,
               per_article=1)
    syn = lexical.SYNONYM_WEIGHT
    rows = [  # (label, settings, synonym weight, municipality names in BM25)
        ("dense: best chunk per article", dict(off, w_chunk=1.0), 0.0, True),
        ("+ sentence vectors (quote = best sentence)", dict(off, w_chunk=base.w_chunk,
                                                            w_sentence=base.w_sentence), 0.0, True),
        ("+ up to 2 passages per article", dict(off, w_chunk=base.w_chunk,
                                                w_sentence=base.w_sentence, per_article=2),
         0.0, True),
        ("+ Swedish BM25", dict(w_answer_type=0.0, w_lexical_english=base.w_lexical), 0.0, True),
        ("+ no BM25 for English questions", dict(w_answer_type=0.0), 0.0, True),
        ("+ synonyms in BM25", dict(w_answer_type=0.0), syn, True),
        ("+ answer type (time, person, number)", {}, syn, True),
        ("+ no municipality names in BM25 = shipped", {}, syn, False),
    ]
    head = "".join(f"{name + ' hit@3/mrr/quote@3':>34}" for name, _ in sets)
    print(f"{'configuration':<46}{head}")
    for label, overrides, weight, names in rows:
        settings = replace(base, **overrides)
        assistant.settings = assistant.searcher.settings = settings
        cells = []
        with lexical_variant(weight, names):
            for _, questions in sets:
                m = evaluate(assistant, questions)["metrics"]["all"]
                cells.append(f"{m['hit@3']:.3f} / {m['mrr@10']:.3f} / {m['quote@3']:.3f}")
        print(f"{label:<46}" + "".join(f"{c:>34}" for c in cells), flush=True)


if __name__ == "__main__":
    main()
