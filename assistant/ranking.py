"""Every ranking knob in one frozen record.

`Settings.ranking` holds the shipped values; scripts (ablation, tuning,
ceiling) pass another record to the same functions instead of patching
module globals. The figures behind the defaults are in docs/evaluation.md
and printed by scripts/ablation.py, scripts/tune_fusion.py and
scripts/rank_sweep.py.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

# The columns of a candidate's signal matrix (signals.py), in order.
SIGNALS = ("dense", "chunk", "lexical", "answer_type", "role", "outcome", "fact", "plan",
           "reason")


@dataclass(frozen=True)
class RankingSettings:
    # candidates: the sentences of the best FAISS chunks plus the best BM25 sentences
    candidate_chunks: int = 64
    candidate_sentences: int = 64
    # BM25 (index/lexical.py): k1, b, the weight of a synonym against the question's
    # own word, and whether the municipalities a question names are BM25
    # terms (off: the municipality is in every embedded passage of its
    # article; eval MRR 0.703 -> 0.730, held-out 0.654 -> 0.673)
    k1: float = 1.2
    b: float = 0.75
    synonym_weight: float = 0.5
    places_in_bm25: bool = False
    # fusion weights of the signals (SIGNALS); English questions share no
    # words with the Swedish articles, so BM25 only adds noise there
    # (eval: English hit@3 1.0 without, 0.83 with)
    w_sentence: float = 1.0
    w_chunk: float = 0.5
    w_lexical: float = 0.1
    w_lexical_english: float = 0.0
    w_answer_type: float = 0.04
    # a role question ("vem är socialchef ..."): a sentence naming that role
    # and a person ("..., säger Tanja Mattsson, socialchef")
    w_role: float = 0.06
    # the role signal by persons.names_holder (a name bound to the role, for
    # the place and qualifier asked) instead of evidence.names_role (the role
    # and any name in the sentence)
    role_bound: bool = True
    # a question asking what something gained or led to: a sentence with an
    # outcome word (resultat, förbättrat, bättre ...)
    w_outcome: float = 0.03
    # the kind of fact asked (retrieval/kinds.py) of these kinds: a sentence
    # holding such a fact (a number before the counted word, a date). Not a
    # sum: with "amount" more unanswerable questions are answered on the grown
    # corpus (declined .761 -> .730); not a person's name: it lowers more
    # questions than it raises (round 6, docs/evaluation.md; scripts/rank_sweep.py)
    w_fact: float = 0.04
    fact_kinds: tuple[str, ...] = ("count", "date")
    # a question about what comes next ("härnäst", "framöver", "står på tur"):
    # a sentence telling what is started, planned or will be done (plans.py)
    w_plan: float = 0.08
    # a question asking why ("Varför ...", "Vad var anledningen ...", "why"): a
    # sentence stating a cause or purpose by a causal connective ("eftersom",
    # "därför", "bakgrunden", "syftar till"; signals.py)
    w_reason: float = 0.02
    # passages per article (issue 12: no cap; two for questions about several
    # municipalities; measured quote-level on the development sets), and how
    # many passages such a question gets by default
    per_article: int = 10
    per_article_cross: int = 2
    cross_article_k: int = 5
    # a sentence is skipped when it lies inside an earlier passage's quote
    # (False: when it is next to an earlier passage's sentence)
    skip_quoted_only: bool = True
    # a question naming a municipality some article covers is answered from
    # that municipality's articles (and its partners'), with no per-article cap
    focus: bool = True
    # "Från vilken tid ...", "For what period ...": a time question too
    time_after_preposition: bool = True
    # a question whose only article words are the first parts of compounds
    # ("samverkansmötena") is searchable (False: declined as sharing no word)
    compound_searchable: bool = True
    # a neighbouring sentence joins the quote when it scores nearly as well
    # as the best one: answers often run over two sentences ("... säger X, socialchef.")
    join_margin: float = 0.06
    max_quote_sentences: int = 2
    # a one-sentence quote takes in the next sentence of its paragraph
    join_next: bool = True
    # best passage score below which the assistant declines; None: the floor
    # calibrated for the model (index/embedding.py), if it has one
    min_score: float | None = None

    def weights(self, english: bool) -> tuple[float, ...]:
        """Fusion weights in SIGNALS order, for a question in English or not."""
        lexical = self.w_lexical_english if english else self.w_lexical
        return (self.w_sentence, self.w_chunk, lexical, self.w_answer_type, self.w_role,
                self.w_outcome, self.w_fact, self.w_plan, self.w_reason)

    def as_dict(self) -> dict:
        return asdict(self)
