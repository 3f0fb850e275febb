"""Experiment (not shipped): question-side variants of the dense signal,
patched into the real search and scored per set and corpus (ranked quotes,
declines aside, as scripts/rank_sweep.py), each against the shipped ranking.

    python scripts/exp_question.py 'strip=0.3' 'w_sentence=0.7,strip=0.3' 'strip_max=1,w_sentence=0'
    python scripts/exp_question.py 'prf=1,w_sentence=0,prf_k=3,prf_b=0.2' 'mix_prf=0.2,prf_k=5'

Question vectors (each a column cos(vector, title + sentence) under its own
name, NAME_max the larger of it and the shipped dense column, or mixed into
the query vector itself with mix_NAME=λ: normalise(q + λ v), used for the
candidates, the chunk and the dense signal alike):

    place    the question without the municipalities it names, as a query
    strip    ... and without its question words (hur, vad, varför, how ...)
    content  only its content words (question_words.content_words), as a query
    sym      the question embedded as a passage ("passage: "), not a query
    cent     q - cent_a * m, m the mean query vector of GENERIC (no eval question)
    prf      Rocchio: q + prf_b * the mean vector of the first search's best
             prf_k sentences (a second search; mix_prf searches again with it)

Settings of RankingSettings go in the same configuration (w_sentence=0.7).
Each configuration embeds its own variants afresh, so its CPU per question
includes their model calls.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import fields, replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from rank_probe import assistants  # noqa: E402
from rank_sweep import ranks, report  # noqa: E402

VECTORS = ("place", "strip", "content", "sym", "cent", "prf")
COLUMNS = VECTORS + tuple(f"{v}_max" for v in VECTORS)
PARAMS = {"prf_k": 3, "prf_b": 0.2, "cent_a": 1.0}
QUESTION_WORDS = frozenset("""
hur vad vem vems vilka vilken vilket vilkas när varför var vart varifrån hurdan
how what who whom whose which when why where
""".split())
# Questions with no topic, for the mean question vector of `cent`.
GENERIC = """Vad handlar det om?
Hur fungerar det?
Varför gör de så?
Vem ansvarar för det?
När började det?
Hur många är det?
Vad blev resultatet?
Vad innebär det?
Hur arbetar de med detta?
Vilka är med?
Vad kostar det?
Vad har hänt sedan dess?
Hur går det till?
Vad säger de om det?
Vilken roll har de?
Vad är nästa steg?
Hur länge har det pågått?
Vem leder arbetet?
Vad var syftet?
Hur ser det ut i dag?
What is it about?
How does it work?
Why did they do that?
Who is responsible?
What was the result?""".splitlines()


class State:
    """The variant vectors of the question being searched (set by the search
    wrapper, read by the signal matrix) and the configuration's settings."""
    vectors: dict[str, np.ndarray] = {}
    weights: dict[str, float] = {}
    params: dict[str, float] = dict(PARAMS)
    override: np.ndarray | None = None
    active = True  # False: the first search of prf, the shipped columns only
    cache: dict = {}
    mean: dict = {}


def normalise(v: np.ndarray) -> np.ndarray:
    return (v / max(float(np.linalg.norm(v)), 1e-6)).astype(np.float32)


def without_places(text: str, places, covered) -> str:
    from assistant.swedish.places import question_places

    for p in places:  # multi-word names first, then each word read as a place
        text = re.sub(rf"(\b(?:i|in|för|från|at)\s+)?\b{re.escape(p)}s?\b(\s+kommuns?\b|\s+kommunen\b)?", " ", text,
                      flags=re.IGNORECASE)
    words = re.split(r"(\W+)", text)
    kept = [w for w in words if not (w.strip() and not re.fullmatch(r"\W+", w)
                                     and question_places(w, covered) & set(places))]
    return re.sub(r"\s+([?,.])", r"\1", re.sub(r"\s+", " ", "".join(kept))).strip()


def variant_text(name: str, query, covered) -> str:
    from assistant.retrieval.question_words import content_words

    if name == "place":
        return without_places(query.text, query.places, covered)
    if name == "strip":
        text = without_places(query.text, query.places, covered)
        return " ".join(w for w in text.split() if w.lower().strip("?,.") not in QUESTION_WORDS)
    if name == "content":
        return " ".join(content_words(query))
    return query.text


def vector(name: str, s, query, q: np.ndarray) -> np.ndarray:
    """The (d,) variant vector of `name` for `query` (q: its query vector)."""
    if name == "cent":
        m = State.mean.get(id(s.embedder))
        if m is None:
            m = State.mean[id(s.embedder)] = s.embedder.embed_queries(GENERIC).mean(0)
        return normalise(q - State.params["cent_a"] * m)
    key = (name, id(s), query.text)
    if key not in State.cache:
        text = variant_text(name, query, frozenset(s.covered_names))
        if not text.strip(" ?.,"):
            State.cache[key] = q
        elif name == "sym":
            State.cache[key] = normalise(s.embedder.embed_passages([text])[0])
        elif text == query.text:
            State.cache[key] = q
        else:
            State.cache[key] = normalise(s.embedder.embed_queries([text])[0])
    return State.cache[key]


def install(searchers) -> None:
    """Patch the searchers' search, embed and signal matrix (once)."""
    import assistant.retrieval.searcher as S
    from assistant.retrieval.fusion import fuse as fuse0
    from assistant.retrieval.signals import signal_matrix as sm0

    def signal_matrix(d, cands, qvec, query, sents):
        base = sm0(d, cands, qvec, query, sents)
        wanted = [c for c in COLUMNS if State.weights.get(c)] if State.active else []
        if not wanted:
            return base
        sv = d.sentence_vectors[sents].astype(np.float32)
        cols = []
        for c in wanted:
            col = sv @ State.vectors[c.removesuffix("_max")]
            cols.append(np.maximum(col, base[:, 0]) if c.endswith("_max") else col)
        return np.concatenate([base, np.stack(cols, 1).astype(np.float32)], 1)

    def fuse(signals, weights):
        extra = (tuple(State.weights[c] for c in COLUMNS if State.weights.get(c))
                 if State.active else ())
        return fuse0(signals, tuple(weights) + extra)

    S.signal_matrix, S.fuse = signal_matrix, fuse
    for s in searchers:
        original, embed = s.search, s.embed

        def search(question, k, municipality=None, year=None, ranking=None, exclude=None,
                   s=s, original=original, embed=embed):
            args, kw = (municipality, year), {"ranking": ranking, "exclude": exclude}
            query = s.query(question, ranking)
            q = embed(query.text)
            wanted = {n for n in VECTORS if State.weights.get(n) or State.weights.get(n + "_max")
                      or State.weights.get("mix_" + n)}
            State.vectors = {n: vector(n, s, query, q) for n in wanted if n != "prf"}
            c = None
            if "prf" in wanted:
                State.override, State.active = None, False
                try:
                    first = original(query, int(State.params["prf_k"]), *args, **kw)
                finally:
                    State.active = True
                rows = [h.sent for h in first]
                c = (s.data.sentence_vectors[rows].astype(np.float32).mean(0) if rows
                     else np.zeros_like(q))
                State.vectors["prf"] = normalise(q + State.params["prf_b"] * c)
            mix = [(n, State.weights["mix_" + n]) for n in wanted if State.weights.get("mix_" + n)]
            State.override = None
            if mix:
                v = q.copy()
                for n, lam in mix:
                    v = v + lam * (c if n == "prf" else State.vectors[n])
                State.override = normalise(v)
            try:
                return original(query, k, *args, **kw)
            finally:
                State.override = None

        s.search = search
        s.embed = Embed(embed)


class Embed:
    """The searcher's query vectors, or the mixed vector while one is set."""

    def __init__(self, embed):
        self.embed, self.prime = embed, embed.prime

    def __call__(self, text: str) -> np.ndarray:
        return State.override if State.override is not None else self.embed(text)


def parse(config: str, base):
    over, extra, params = {}, {}, dict(PARAMS)
    names = {f.name for f in fields(base)}
    for item in filter(None, config.split(",")):
        name, value = item.split("=", 1)
        if name in names:
            old = getattr(base, name)
            over[name] = type(old)(value) if old is not None else float(value)
        elif name in PARAMS:
            params[name] = float(value)
        elif name in COLUMNS or name.removeprefix("mix_") in VECTORS:
            extra[name] = float(value)
        else:
            raise SystemExit(f"unknown setting {name}")
    return replace(base, **over), extra, params


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("configs", nargs="+")
    parser.add_argument("--only-moved", action="store_true", help="print only rows that move")
    parser.add_argument("--questions", action="store_true", help="print the questions that move")
    parser.add_argument("--full", action="store_true",
                        help="the one configuration through `ask` with declines, printed as "
                             "`assistant eval --all --brief` prints it (for scripts/eval_diff.py)")
    args = parser.parse_args(argv)
    found = assistants()
    install([a.searcher for a in found.values()])
    base = found["shipped"].settings.ranking
    if args.full:
        from assistant.answering.evaluation import (format_suite, question_files, sets_about,
                                                    suite)
        ranking, State.weights, State.params = parse(args.configs[0], base)
        files = question_files(ROOT / "eval")
        ids = {a.id for a in found["shipped"].searcher.data.articles}
        print(format_suite(suite(found["shipped"], found["grown"], files, sets_about(files, ids),
                                 ranking), per_kind=False))
        return
    start = time.process_time()
    r0 = ranks(found, base)
    cost0 = (time.process_time() - start) / len(r0) * 1000
    print(f"shipped settings: {len(r0)} rows, {cost0:.2f} ms CPU per question")
    for config in args.configs:
        ranking, State.weights, State.params = parse(config, base)
        State.cache, State.mean = {}, {}
        start = time.process_time()
        r1 = ranks(found, ranking)
        cost1 = (time.process_time() - start) / len(r1) * 1000
        report(config, r0, r1, cost0, cost1, args.only_moved, args.questions, kinds=True)


if __name__ == "__main__":
    main()
