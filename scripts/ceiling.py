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
scored on* (in-sample, so optimistic), ranking and counting hits exactly as
`assistant eval` does (one passage per article for cross-article
questions, otherwise at most two, never neighbours; a hit is the passage's
chunk overlapping a gold quote). The first line checks that the shipped
weights reproduce `assistant eval`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from assistant.config import Settings
from assistant.evaluation import read_questions
from assistant.evidence import expected_answer, has_answer_type, is_cross_article
from assistant.indexer import passage_text
from assistant.lexical import is_english
from assistant.search import lexical_terms
from assistant.service import Assistant

SETS = ["eval/questions.jsonl", "eval/heldout.jsonl"]
SIGNALS = ["dense", "chunk", "bm25", "type", "window", "plain", "sym", "article"]
SHIPPED = {"dense": 1.0, "chunk": 0.5, "bm25": 0.1, "type": 0.04}


def sentence_texts(data):
    out = []
    for i in range(len(data.sent_start)):
        article = data.articles[data.sent_article[i]]
        out.append((article, int(data.sent_start[i]), int(data.sent_end[i]), int(data.sent_article[i])))
    return out


def window_text(sents, i):
    article, _, _, art = sents[i]
    lo = i - 1 if i > 0 and sents[i - 1][3] == art else i
    hi = i + 1 if i + 1 < len(sents) and sents[i + 1][3] == art else i
    return article.body[sents[lo][1]:sents[hi][2]]


def question_rows(assistant, questions, extra):
    data, embedder = assistant.searcher.data, assistant.embedder
    sents = sentence_texts(data)
    bodies = {a.id: a.body for a in data.articles}
    sv = np.asarray(data.sentence_vectors, np.float32)
    rows = []
    for q in questions:
        qv = embedder.embed_queries([q.question])[0]
        qp = embedder.embed_passages([q.question])[0]
        scores, chunks = data.search(qv[None, :], data.n_chunks, None)
        best, home = np.full(len(sents), -1.0, np.float32), np.zeros(len(sents), np.int64)
        for cs, row in zip(scores[0].tolist(), chunks[0].tolist()):
            for s in range(data.chunk_sent_lo[row], data.chunk_sent_hi[row]):
                if best[s] < 0:
                    best[s], home[s] = cs, row
        article_best = np.array([best[data.sent_article == a].max() for a in data.sent_article])
        terms = lexical_terms(q.question)
        ideal = data.lexical.ideal_score(terms)
        bm = data.lexical.scores(terms) / ideal if ideal > 0 else np.zeros(len(sents))
        if is_english(q.question):
            bm = np.zeros(len(sents))
        wanted = expected_answer(q.question)
        kind = [wanted is not None and has_answer_type(a.body[s:e], wanted) for a, s, e, _ in sents]
        features = np.stack([sv @ qv, best, bm, np.asarray(kind, np.float32),
                             extra["window"] @ qv, extra["plain"] @ qv, sv @ qp, article_best], 1)
        gold = []
        for art, quote in q.gold:
            at = bodies[art].find(quote)
            gold.append((art, at, at + len(quote)))
        rows.append({"x": features, "home": home, "gold": gold, "kind": q.kind,
                     "cap": 1 if is_cross_article(q.question) else 2})
    return rows


def rank_of_hit(row, weights, data):
    fused = row["x"] @ weights
    picked, per = [], {}
    for i in np.argsort(-fused):
        art = int(data.sent_article[i])
        if per.get(art, 0) >= row["cap"] or any(
                abs(i - p) <= 1 and data.sent_article[p] == art for p in picked):
            continue
        per[art] = per.get(art, 0) + 1
        picked.append(int(i))
        if len(picked) == 10:
            break
    for rank, i in enumerate(picked, 1):
        c = row["home"][i]
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
    sents = sentence_texts(data)
    print(f"embedding {2 * len(sents)} sentence variants ...", flush=True)
    extra = {"window": assistant.embedder.embed_passages(
                 [passage_text(a, window_text(sents, i)) for i, (a, *_rest) in enumerate(sents)]),
             "plain": assistant.embedder.embed_passages([a.body[s:e] for a, s, e, _ in sents])}
    sets = {Path(p).stem: question_rows(assistant, read_questions(Path(p)), extra) for p in SETS}
    shipped = np.array([SHIPPED.get(s, 0.0) for s in SIGNALS])
    print("weights".ljust(44) + "".join(f"{name + ' hit@3/mrr':>26}" for name in sets))
    print("shipped".ljust(44) + "".join(f"{str(metrics(r, shipped, data)):>26}" for r in sets.values()))
    rng = np.random.default_rng(0)
    scale = np.array([0, 1, 0.4, 0.1, 1, 1, 1, 0.5])
    trials = [np.r_[1.0, rng.uniform(0, 1, len(SIGNALS) - 1) * scale[1:]] for _ in range(args.trials)]
    for name, rows in sets.items():
        best = max(trials, key=lambda w: metrics(rows, w, data))
        label = f"best of {args.trials} on {name} (in-sample)"
        print(label.ljust(44) + "".join(f"{str(metrics(r, best, data)):>26}" for r in sets.values()))
        print("   " + ", ".join(f"{s} {w:.2f}" for s, w in zip(SIGNALS, best)))


if __name__ == "__main__":
    main()
