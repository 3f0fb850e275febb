"""Whether the passages found answer the question: one calibrated decision.

The evidence is a few numbers per question (`FEATURES`), measured on the
question and its best passages: the kind of fact asked for and whether a
passage holds one, and one about the event, the money or the role asked
for (kinds.py), how much of the question's content the
passages cover (stems, compound parts, synonyms, and meaning: the
question's content words embedded by the same model as the passages), the
scores and their margins, whether the question names a municipality the
articles are about, whether the service or body it asks about appears. A
logistic regression fitted on labelled questions turns them into the
probability that the articles answer (`Model`, parameters in
assistant/data/answerability.json, refitted by scripts/fit_answerability.py);
below the model's threshold the assistant declines, with a reason code
(`decide`). Three checks come before the model, because there is nothing
for it to weigh: no passage at all, no word of the question in any article,
a municipality that no article is about.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from ..swedish.words import stem
from .evidence import NAME, WORD
from .fact_heads import event_sentences, holds_head, past_only, reported, role_missing
from .fact_objects import amount_object_missing, price_now, with_before
from .kinds import (FREE, KINDS, asks_total, clients_untold, count_untold, given_only,
                    holds_kind, quantity_missing)
from .persons import role_unnamed
from .plans import PLANNED, change_told, decision_told, pending, successor_pending
from .query import Query
from .question_kinds import counted_in_swedish
from .question_words import asks_before, content_words, covers, term_set
from .role_questions import asked_role
from .services import names_service, service_keys
from .unknowns import told_unknown

# How many of the best passages the evidence is measured on.
TOP = 3

# Why the assistant declines (Answer.reason_code; the Swedish sentences are
# in answering/declines.py).
NO_ARTICLES = "no_articles"  # nothing to search: no articles, or none pass the filters
NO_PLACE = "no_article_about_place"  # the question names a municipality no article is about
PLACE_SILENT = "place_silent"  # the articles about the place named do not say this
NO_FACT = "no_fact_of_kind"  # no passage holds the kind of fact asked for
OUTSIDE = "outside_coverage"  # outside what the articles cover
CODES = (NO_ARTICLES, NO_PLACE, PLACE_SILENT, NO_FACT, OUTSIDE)


@dataclass(frozen=True)
class Evidence:
    """What was measured for one question (`features` in FEATURES order)."""

    features: tuple[float, ...]
    kind: str | None  # the kind of fact asked for (kinds.KINDS)
    kind_found: bool  # some best passage holds a fact of that kind
    focused: bool  # the question names a municipality the articles are about
    # what to name in a decline: the role named for nobody in the passages'
    # articles, or the asked subject no article mentions
    subject: str | None = None

    def as_dict(self) -> dict[str, float]:
        return dict(zip(FEATURES, self.features))


FEATURES = (
    "score1", "margin12", "margin13", "dense1",
    "lex_top1", "lex_top3", "lex_article", "lex_corpus", "missing_idf",
    "meaning_min", "meaning_mean",
    "kind_asked", "kind_missing", *(f"missing_{k}" for k in KINDS if k != "municipalities"),
    "kind_support_lex", "kind_support_gap", "planned", "result_pending", "asks_before",
    "focused", "general", "service_missing", "role_unnamed", "subject_absent",
    "english", "cross_article", "fact_head_missing", "fact_name_missing", "fact_object_missing",
)


def measure(searcher, query: Query, hits, qvec: np.ndarray, focused: bool) -> Evidence:
    """The evidence of `hits` (best first) for `query`; `qvec`: its (d,)
    embedding; `focused`: the question names a covered municipality."""
    data = searcher.data
    top = list(hits[:TOP])
    kind = query.kind
    words = content_words(query)
    stems = [stem(w) for w in words]
    english = query.english
    f: dict[str, float] = dict.fromkeys(FEATURES, 0.0)
    f["english"] = float(english)
    f["cross_article"] = float(query.cross_article)
    f["focused"] = float(focused)
    f["general"] = float(not query.places)
    f["kind_asked"] = float(kind is not None)
    f["asks_before"] = float(kind == "person" and asks_before(query.text))

    rows = [searcher.window(h) for h in top]  # per hit, its sentence rows
    sentences = [[searcher.sentence_text(r) for r in rs] for rs in rows]  # per hit, its sentences
    windows = [" ".join(ts) for ts in sentences]
    passages = [t for ts in sentences for t in ts]
    first = [t for h, ts in zip(top, sentences) if h.article.id == top[0].article.id for t in ts]
    pool = {searcher.article_index(h.article) for h in top}  # the best passages' articles
    articles = [searcher.coverage.sentences[a] for a in pool]  # and all they tell
    # what a count counts (query.analyse); an English one's in Swedish words (counted_in_swedish)
    counted = counted_in_swedish(query.counted) if english else query.counted
    agent = query.agent
    found = False
    holding: list[tuple[str, int]] = []  # sentences of the best passages with the fact
    free = kind == "amount" and price_now(query.text)  # "utan kostnad" for "vad kostar det?"
    if kind is not None:
        for rs, ts in zip(rows, sentences):
            for r, text in zip(rs, ts):
                if holds_kind(text, kind, counted, agent, query.grain) or free and FREE.search(text):
                    holding.append((text, r))
        if kind == "amount":  # a sum the question gives is no answer to it
            holding = [(t, r) for t, r in holding if not given_only(t, query.text)]
        found = bool(holding) or (kind == "municipalities"
                                  and any(h.article.municipalities for h in top))
        f["kind_missing"] = float(not found)
        if f"missing_{kind}" in f:
            f[f"missing_{kind}"] = float(not found)
        # what a sum is the cost of must be in a sentence holding one, or in the
        # sentence before it in its paragraph; a result asked as a quantity needs a number
        if holding and kind == "amount":
            f["fact_object_missing"] = float(amount_object_missing(
                query.text, [with_before(searcher, r) for _, r in holding], english))
        elif holding and kind == "result" and not english:
            f["fact_object_missing"] = float(quantity_missing(query.text, [t for t, _ in holding]))
        elif kind == "count":  # "flera enhetschefer", or clients, and no count in the articles
            told = [t for sents in articles for t in sents]
            total = asks_total(query.text)  # not told per team, nor on average
            f["fact_object_missing"] = float(not found and count_untold(counted, passages, told)
                                             or clients_untold(query.counted, told, total))
        if holding:  # the event, sum or study asked (an English question's in Swedish stems)
            heads = query.heads
            # a date or a sum must be in the sentence of its event; the role
            # or body a person is asked for, in the passage naming them
            held = {r for _, r in holding}
            around = [w for w, rs in zip(windows, rows) if held & set(rs)]  # their passages
            texts = around if kind == "person" else [t for t, _ in holding]
            # a date to come asked: the sentences that may tell its event's date
            # (event_sentences; all, when no head is read) tell only of the past
            named = [t for t in texts if any(holds_head(t.lower(), h) for h in heads)]
            f["fact_head_missing"] = float(bool(heads) and not named or kind == "date" and (
                past_only(query.text, event_sentences(texts, named) if heads else texts)
                or not english and role_missing(query.text, around)))
            # a person the question names ("När tillträdde Anneli Kroon ...")
            # must be in a passage holding the fact: another's date is no answer
            # ... and so must a year it names ("Vilket utfall redovisade ... för 2019?")
            names = (_person_names(query, searcher.coverage.words, searcher.coverage.persons)
                     if kind in _NAMED_KINDS else ())
            years = _asked_years(query.text) if kind in _NAMED_KINDS else ()
            if names or years:
                joined = " ".join(around)
                f["fact_name_missing"] = float(
                    bool(names) and not any(re.search(rf"\b{re.escape(part)}\b", joined,
                                                      0 if part[:1].isupper() else re.I)
                                            for n in names for part in n.split())
                    or bool(years) and not any(y in joined for y in years))

    if top:
        scores = [h.score for h in top]
        f["score1"] = scores[0]
        f["margin12"] = scores[0] - scores[1] if len(scores) > 1 else 0.0
        f["margin13"] = scores[0] - scores[-1]
        vecs = data.sentence_vectors[rows[0]].astype(np.float32)
        f["dense1"] = float((vecs @ qvec).max()) if len(vecs) else 0.0
        nearest = searcher.sentence_text(rows[0][int(np.argmax(vecs @ qvec))]) if len(vecs) else ""
        f["planned"] = float(bool(PLANNED.search(nearest)))
        # the result asked is still to come, the new holder of a role still recruited (told
        # anywhere in the best passages' articles; for a who-question another than the one
        # named), or what is asked told as not known yet
        successor = kind in ("person", "date") and successor_pending(query.text, kind, passages,
                                                                      articles)
        f["result_pending"] = float((kind == "result" and any(map(pending, windows))
                                     and not any(reported(t) or change_told(t) for t, _ in holding)
                                     # (what a body decided: told, though still to come)
                                     and not (query.decision and any(map(decision_told, windows))))
                                    or successor
                                    # (in the best passage's article: another's is no gap)
                                    or not english and told_unknown(stems, first, query))
        f["asks_before"] = float(f["asks_before"] or kind == "person" and successor)
        held = [r for _, r in holding]
        if held:  # how far the best sentence with the fact is from the best sentence
            best = float((data.sentence_vectors[held].astype(np.float32) @ qvec).max())
            f["kind_support_gap"] = max(0.0, f["dense1"] - best)
        elif kind is not None and not found:  # a list of municipalities is held by its articles
            f["kind_support_gap"] = 0.1

    # lexical coverage, IDF-weighted, of the question's content stems
    if stems and not english:
        idf = [searcher.idf(s) for s in stems]
        total = sum(idf) or 1.0

        def share(text: str) -> float:
            have = term_set(text)
            low = text.lower()
            return sum(w for s, w in zip(stems, idf) if covers(s, have, low)) / total

        if top:
            f["lex_top1"] = share(windows[0])
            f["lex_top3"] = share(" ".join(windows))
            f["lex_article"] = share(top[0].article.title + " " + top[0].article.body)
            low = " ".join(windows).lower()
            have = term_set(low)
            # the rarest question word the passages lack, as a share of the
            # IDF of a word no sentence has (so that it reads alike on any corpus size)
            f["missing_idf"] = max([w for s, w in zip(stems, idf) if not covers(s, have, low)],
                                   default=0.0) / searcher.idf("\0")
            f["kind_support_lex"] = max([share(t) for t, _ in holding], default=0.0)
        f["lex_corpus"] = sum(w for s, w in zip(stems, idf) if searcher.mentions_stem(s)) / total
    elif english:
        f["lex_top1"] = f["lex_top3"] = f["lex_article"] = f["lex_corpus"] = 1.0
        f["kind_support_lex"] = float(bool(holding))

    # meaning coverage: each content word against the best passages' sentences
    if words and top and searcher.word_vectors is not None:
        wv = searcher.word_vectors(words)
        svec = data.sentence_vectors[[r for rs in rows for r in rs]].astype(np.float32)
        best = (wv @ svec.T).max(axis=1)
        f["meaning_min"] = float(best.min())
        f["meaning_mean"] = float(best.mean())

    services = service_keys(query.text, named=bool(query.places))
    if services and top:
        bodies = " ".join(h.article.title + " " + h.article.body for h in top).lower()
        f["service_missing"] = float(any(not names_service(bodies, key) for key in services))
    subject = None
    asked = asked_role(query.text, query.roles, query.places, english)
    if asked is not None:
        # a name bound to the role, for the place, qualifier and time asked (persons.py)
        unnamed = role_unnamed(asked, articles, [searcher.places[a] for a in pool])
        f["role_unnamed"] = float(unnamed)
        # the reason may say "nämner ingen socialchef" only when the role is not
        # there at all: named without its holder, or with another holder (another
        # time, another unit), it is there ("Vi har även ny enhetschef")
        role = asked.roles[0]
        said = any(role in searcher.coverage.texts[a] for a in pool) or (
            not query.places and searcher.coverage.mentions(role))
        subject = role if unnamed and not said else None
    # (of an English question, only a name it gives: coverage.absent_subject)
    absent = searcher.coverage.absent_subject(query, searcher.covered_names, " ".join(windows),
                                              frozenset(searcher.about(query.places)),
                                              searcher.unplaced)
    f["subject_absent"] = float(absent is not None)
    subject = subject or absent
    return Evidence(tuple(float(f[n]) for n in FEATURES), kind, found, focused, subject)


# the kinds whose fact must be the named person's own: a date, a sum, a
# count, a result (a person asked for is another than the one named)
_NAMED_KINDS = ("date", "amount", "count", "result")
# a year asked, not part of a name ("Äldreplan 2030") nor of "2019/2020", "1940-talister"
_ASKED_YEAR = re.compile(r"(?<![-/])\b((?:19|20)\d\d)\b(?![-/])")
_WHERE_CLAUSE = re.compile(r"[\w,]\s+(?:där|where)\s+$", re.I)
_NAMED_BEFORE = re.compile(r"(?<![.!?]\s)\b[A-ZÅÄÖ][\w-]+\s+$")


def _asked_years(text: str) -> list[str]:
    return [m.group(1) for m in _ASKED_YEAR.finditer(text)
            if m.start() and not _NAMED_BEFORE.search(text[:m.start()])]


def _person_names(query: Query, known: frozenset[str] | set[str],
                  persons: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The persons a question names, not its places ("När tillträdde Anneli
    Kroon som ..." -> ('Anneli Kroon',)); a passage names one by either part
    ("I 40 år har Helena ..." for "Helena Thorild"). In an English question
    both words must be words of the articles (`known`, lower case): "Home
    Care" is no person. Typed in lower case, a name is one the articles give
    (`persons`: "när började mårten nygren ...")."""
    places = {p.lower() for p in query.places}
    # (one in a clause telling which thing is asked is not its subject: "Under vilken period
    # gäller omfördelningen där Anne Lundkvist fokuserar på ...?")
    out = []
    for m in NAME.finditer(query.text):
        words = {w.lower() for w in m.group(0).split()}
        if len(words) == 2 and not words & places and m.start() > 0 and (
                not query.english or words <= known) and not _WHERE_CLAUSE.search(
                    query.text[:m.start()]):
            out.append(m.group(0))
    lower = list(WORD.finditer(query.text))
    for a, b in zip(lower, lower[1:]):
        pair = f"{a.group(0)} {b.group(0)}"
        if pair.islower() and pair in persons and not {a.group(0), b.group(0)} & places and (
                not _WHERE_CLAUSE.search(query.text[:a.start()])):
            out.append(pair)
    return tuple(out)


@dataclass(frozen=True)
class Decision:
    """Answer (`code` None) or decline, and why."""

    code: str | None  # CODES
    probability: float | None = None  # the model's, None when a check decided
    places: tuple[str, ...] = ()  # the municipalities to name
    kind: str | None = None  # the kind of fact asked for
    subject: str | None = None  # the role or subject to name
    searchable: bool = True  # False: no word of the question is in any article
    grain: str | None = None  # of the fact asked: a party, a law (kinds.asked_grain)


def structural(query: Query, hits, covered_places: frozenset[str],
               searchable: bool) -> Decision | None:
    """The declines that need no model: no passage, no word of the question
    in any article, only municipalities no article is about."""
    if not hits:
        return Decision(NO_ARTICLES)
    covered = tuple(p for p in query.places if p.lower() in covered_places)  # (in the reason)
    if not searchable:
        return Decision(OUTSIDE, places=covered, searchable=False)
    if query.places and not covered:
        return Decision(NO_PLACE, places=query.places)
    return None


def decide(query: Query, hits, evidence: Evidence | None, covered_places: frozenset[str],
           searchable: bool, model: "Model | None", min_score: float) -> Decision:
    """Answer or decline `query` given its best `hits`. Without a model
    fitted for the embedding model in use, a best passage scoring under
    `min_score` is declined (the floor calibrated for that model)."""
    checked = structural(query, hits, covered_places, searchable)
    if checked is not None:
        return checked
    if model is None or evidence is None:
        return Decision(OUTSIDE if hits[0].score < min_score else None)
    p = model.probability(evidence)
    if p >= model.threshold:
        return Decision(None, p)
    places = tuple(x for x in query.places if x.lower() in covered_places)
    if evidence.kind and not evidence.kind_found:
        code = NO_FACT
    elif evidence.focused:
        code = PLACE_SILENT
    else:
        code = OUTSIDE
    return Decision(code, p, places, evidence.kind, evidence.subject, grain=query.grain)


@dataclass(frozen=True)
class Model:
    """A logistic regression over standardised features; `threshold` on
    the probability that the articles answer."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float
    info: dict

    def probability(self, evidence: Evidence) -> float:
        return self.probability_of(evidence.as_dict())

    def probability_of(self, x: dict[str, float]) -> float:
        """The probability for evidence given feature by feature (collected rows)."""
        z = self.bias + sum(w * (x[n] - m) / s for n, m, s, w in
                            zip(self.features, self.mean, self.scale, self.weights))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def to_json(self) -> dict:
        return {"version": 1, "features": list(self.features), "mean": list(self.mean),
                "scale": list(self.scale), "weights": list(self.weights), "bias": self.bias,
                "threshold": self.threshold, "info": self.info}

    @classmethod
    def from_json(cls, d: dict) -> "Model":
        unknown = set(d["features"]) - set(FEATURES)
        if unknown:
            raise ValueError(f"unknown features {sorted(unknown)}")
        return cls(tuple(d["features"]), tuple(d["mean"]), tuple(d["scale"]),
                   tuple(d["weights"]), float(d["bias"]), float(d["threshold"]),
                   d.get("info", {}))


MODEL_FILE = "data/answerability.json"


@lru_cache(maxsize=1)
def shipped_model() -> Model | None:
    """The fitted model of assistant/data/answerability.json (None before the first fit)."""
    path = resources.files("assistant").joinpath(MODEL_FILE)
    if not path.is_file():
        return None
    return Model.from_json(json.loads(path.read_text("utf-8")))


def model_for(embedding_model: str) -> Model | None:
    """The shipped model if it was fitted on evidence of `embedding_model`
    (a canonical name): scores and meaning depend on the model."""
    model = shipped_model()
    return model if model is not None and model.info.get("model") == embedding_model else None
