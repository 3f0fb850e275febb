"""Prometheus metrics for /metrics: questions, declines, refusals, answer
time, the queue, and the index being served. The only module importing
prometheus_client; each app has its own registry (tests build several).

Labels never carry question text: refusals are counted by kind of personal
data ("personnummer", ...), nothing else.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily, InfoMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest

CONTENT_TYPE = CONTENT_TYPE_LATEST
_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0)


class _Served:
    """Read at every scrape: the loaded index and the queue."""

    def __init__(self, assistant, gate):
        self.assistant = assistant
        self.gate = gate

    def collect(self):
        queue = GaugeMetricFamily("assistant_queue_length",
                                  "Frågor som beräknas eller väntar just nu.")
        queue.add_metric([], float(getattr(self.gate, "admitted", 0)))
        yield queue
        capacity = GaugeMetricFamily("assistant_queue_capacity",
                                     "Högsta antal frågor som beräknas eller väntar samtidigt.")
        capacity.add_metric([], float(getattr(self.gate, "capacity", 0)))
        yield capacity
        if getattr(self.assistant, "searcher", None) is None:
            return
        stats = self.assistant.stats()
        for name, key, text in (("assistant_articles", "articles", "Artiklar i indexet."),
                                ("assistant_chunks", "chunks", "Textavsnitt i indexet.")):
            g = GaugeMetricFamily(name, text)
            g.add_metric([], float(stats.get(key) or 0))
            yield g
        info = InfoMetricFamily("assistant_index", "Indexgenerationen som används.")
        info.add_metric([], {"generation": str(stats.get("generation") or ""),
                             "model": str(stats.get("model") or "")})
        yield info


class Metrics:
    def __init__(self, assistant=None, gate=None):
        self.registry = CollectorRegistry(auto_describe=True)
        self.questions = Counter("assistant_questions", "Besvarade frågor.",
                                 registry=self.registry)
        self.declines = Counter("assistant_declines",
                                "Frågor som artiklarna inte besvarar (no_answer).",
                                registry=self.registry)
        self.refusals = Counter("assistant_refusals",
                                "Frågor som avvisades för att de innehöll personuppgifter.",
                                ["kind"], registry=self.registry)
        self.latency = Histogram("assistant_answer_seconds", "Tid att ta fram ett svar.",
                                 buckets=_BUCKETS, registry=self.registry)
        if assistant is not None:
            self.registry.register(_Served(assistant, gate))

    # the questions of people: /healthz's probe and the evaluation are not counted
    COUNTED = frozenset({"chat", "api"})

    def observe(self, observed) -> None:
        """A pipeline observer (answering/pipeline.py: Observed): counts a
        chat or API question, its decline and time, or its refusal by kind."""
        if observed.request.source not in self.COUNTED:
            return
        if observed.refusal is not None:
            self.refused(observed.refusal.kinds)
        elif observed.answer is not None:
            self.answered(observed.answer, observed.seconds)

    def answered(self, answer, seconds: float) -> None:
        self.questions.inc()
        if getattr(answer, "no_answer", False):
            self.declines.inc()
        self.latency.observe(seconds)

    def refused(self, kinds: tuple[str, ...]) -> None:
        for kind in kinds:
            self.refusals.labels(kind=kind).inc()

    def exposition(self) -> bytes:
        """The registry in the Prometheus text format."""
        return generate_latest(self.registry)
