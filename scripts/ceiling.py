"""How far can fusion go with this model? An upper bound for issue 3's targets.

    python scripts/ceiling.py [--trials 3000]

For every question of both evaluation sets it computes, for every sentence of
the shipped corpus, the signals a fused score can be built from:

    dense   cos(question, title + sentence)           (shipped)
    chunk   cos(question, best chunk holding it)      (shipped)
    bm25    Swedish BM25 with synonyms / ideal score  (shipped)
    type    has the answer type the question asks for (shipped)
    window  cos(question, title + sentence and its neighbours)
    plain   cos(question, sentence without title)
    sym     cos("passage: " + question, title + sentence)
    article best chunk score of the sentence's article

then draws random weight vectors and keeps the best one *on the set it is
scored on* (in-sample, so optimistic). The four shipped signals, their
fusion and the selection of passages (one per article for cross-article
questions, otherwise at most two, never neighbours) are the searcher's own
functions (assistant/retrieval/), run with every chunk and every sentence as
candidates; a hit is the passage's chunk overlapping a gold quote, as in
`assistant eval`. The first line checks that the shipped weights come close
to `assistant eval` (which only scores the best 64 chunks' sentences).
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

import numpy as np

from assistant.config import Settings
from assistant.answering.evaluation import read_questions
from assistant.index.build import passage_text
from assistant.retrieval import fuse, pick
from assistant.retrieval.signals import gather, sentence_text, signal_matrix
from assistant.answering.pipeline import Assistant

SETS = ["eval/questions.jsonl", "eval/heldout.jsonl"]
SIGNALS = ["dense", "chunk", "bm25", "type", "window", "plain", "sym", "article"]
EXTRA = len(SIGNALS) - 4  # signals beyond the searcher's own four


def window_text(data, i):
    art = data.sent_article[i]
    lo = i - 1 if i > 0 and data.sent_article[i - 1] == art else i
    hi = i + 1 if i + 1 < len(data.sent_start) and data.sent_article[i + 1] == art else i
    return data.articles[art].body[data.sent_start[lo]:data.sent_end[hi]]


def question_rows(assistant, questions, extra):
    searcher, embedder = assistant.searcher, assistant.embedder
    data = searcher.data
    # every chunk and every sentence a candidate
    everything = replace(assistant.settings.ranking, candidate_chunks=data.n_chunks,
                         candidate_sentences=len(data.sent_start))
    bodies = {a.id: a.body for a in data.articles}
    rows = []
    for q in questions:
        query = searcher.query(q.question, everything)
        qv = embedder.embed_queries([query.text])[0]
        qp = embedder.embed_passages([query.text])[0]
        cands = gather(data, qv, query, everything)
        sents = cands.sentences
        # the four signals this ceiling was measured on (role and outcome left out)
        own = signal_matrix(data, cands, qv, query, sents)[:, :4]
        arts = data.sent_article[sents]
        article_best = np.array([own[arts == a, 1].max() for a in arts], np.float32)
        features = np.concatenate([own, np.stack([
            extra["window"][sents] @ qv, extra["plain"][sents] @ qv,
            data.sentence_vectors[sents].astype(np.float32) @ qp, article_best], 1)], 1)
        gold = []
        for art, quote in q.gold:
            at = bodies[art].find(quote)
            gold.append((art, at, at + len(quote)))
        rows.append({"x": features, "sents": sents, "home": searcher.chunk_rows(cands, sents),
                     "gold": gold, "english": query.english,
                     "cap": 1 if query.cross_article else everything.per_article})
    return rows


def rank_of_hit(row, weights, data):
    ranking, extra = weights
    fused = fuse(row["x"], ranking.weights(row["english"])[:4] + extra)
    picked = pick(fused, row["sents"], data.sent_article, row["cap"], 10)
    position = {int(s): i for i, s in enumerate(row["sents"])}
    for rank, sent in enumerate(picked, 1):
        c = row["home"][position[sent]]
        art = data.articles[data.chunk_article[c]].id
        if any(art == a and data.chunk_start[c] < e and s < data.chunk_end[c] for a, s, e in row["gold"]):
            return rank
    return None


def metrics(rows, weights, data):
    ranks = [rank_of_hit(r, weights, data) for r in rows if r["gold"]]
    hit3 = sum(1 for r in ranks if r and r <= 3) / len(ranks)
    mrr = sum(1 / r for r in ranks if r) / len(ranks)
    return round(hit3, 3), round(mrr, 3)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=3000)
    args = parser.parse_args()
    assistant = Assistant(Settings.from_env())
    data = assistant.searcher.data
    n = len(data.sent_start)
    print(f"embedding {2 * n} sentence variants ...", flush=True)
    extra = {"window": assistant.embedder.embed_passages(
                 [passage_text(data.articles[data.sent_article[i]], window_text(data, i))
                  for i in range(n)]),
             "plain": assistant.embedder.embed_passages([sentence_text(data, i) for i in range(n)])}
    sets = {Path(p).stem: question_rows(assistant, read_questions(Path(p)), extra) for p in SETS}
    base = assistant.settings.ranking
    shipped = (base, (0.0,) * EXTRA)
    print("weights".ljust(44) + "".join(f"{name + ' hit@3/mrr':>26}" for name in sets))
    print("shipped".ljust(44) + "".join(f"{str(metrics(r, shipped, data)):>26}" for r in sets.values()))
    rng = np.random.default_rng(0)
    scale = np.array([0, 1, 0.4, 0.1, 1, 1, 1, 0.5])
    trials = []
    for _ in range(args.trials):
        w = rng.uniform(0, 1, len(SIGNALS) - 1) * scale[1:]
        trials.append((replace(base, w_sentence=1.0, w_chunk=w[0], w_lexical=w[1],
                               w_lexical_english=0.0, w_answer_type=w[2]), tuple(w[3:])))
    for name, rows in sets.items():
        best = max(trials, key=lambda w: metrics(rows, w, data))
        label = f"best of {args.trials} on {name} (in-sample)"
        print(label.ljust(44) + "".join(f"{str(metrics(r, best, data)):>26}" for r in sets.values()))
        r, rest = best
        values = (r.w_sentence, r.w_chunk, r.w_lexical, r.w_answer_type) + rest
        print("   " + ", ".join(f"{s} {w:.2f}" for s, w in zip(SIGNALS, values)))


if __name__ == "__main__":
    main()
