"""One question pipeline (issue 20): every entry point asks through
`answering.pipeline.ask`, personal data is screened for every source, and
the observers (metrics, the gaps report) decide by the request's source:
/healthz probes are neither counted nor recorded, chat and API questions are.
Real model, real index, real server over HTTP."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families
from served import Served

from assistant.answering.pipeline import Ask, ask
from assistant.editors.gaps import GapStore
from assistant.errors import BadQuestion, PersonalData
from assistant.governance.metrics import Metrics
from assistant.web.app import create_app
from assistant.web.routes import ask as ask_routes

ROOT = Path(__file__).resolve().parents[2]
MONITOR = "127.0.0.4"
DECLINED = "Vem är socialchef i Borås?"


@pytest.fixture(scope="module")
def served(shipped, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pipeline")
    settings = replace(shipped.settings, feedback_db=tmp / "feedback.sqlite3",
                       audit_db=tmp / "audit.sqlite3", gaps_db=tmp / "gaps.sqlite3",
                       gradio_cache=tmp / "gradio-cache", metrics_networks=(MONITOR,))
    server = Served(create_app(shipped, settings), settings).start()
    yield server, settings
    server.stop()


def _questions_total(server) -> float:
    with server.client(MONITOR) as monitor:
        r = monitor.get("/metrics")
    assert r.status_code == 200
    families = {f.name: f for f in text_string_to_metric_families(r.text)}
    return next(s.value for s in families["assistant_questions"].samples
                if s.name == "assistant_questions_total")


def test_health_probes_are_not_counted_or_recorded(served, monkeypatch):
    """Three /healthz probes, each a real search, raised assistant_questions_total."""
    server, settings = served
    monkeypatch.setattr(ask_routes, "HEALTH_SECONDS", 0.0)  # every probe searches
    monkeypatch.setattr(ask_routes, "HEALTH_QUESTION", DECLINED)  # a decline, were it recorded
    before = _questions_total(server)
    with server.client("127.0.0.3") as anyone:
        for _ in range(3):
            assert anyone.get("/healthz").json()["status"] in ("ok", "degraded")
    assert _questions_total(server) == before
    assert GapStore(settings.gaps_db, 90).questions() == []
    with server.client("127.0.0.3") as anyone:  # a person's question is counted and recorded
        assert anyone.post("/api/ask", json={"question": DECLINED}).json()["no_answer"]
    assert _questions_total(server) == before + 1
    assert [q for _, q in GapStore(settings.gaps_db, 90).questions()] == [DECLINED]


def test_observers_decide_by_source(shipped, tmp_path):
    metrics = Metrics()
    gaps = GapStore(tmp_path / "gaps.sqlite3", 90)
    observers = [metrics.observe, gaps.observe]
    for source in ("health", "eval", "cli", "library", "chat", "api"):
        ask(shipped, Ask(DECLINED, source), observers)
    with pytest.raises(PersonalData):
        ask(shipped, Ask("Ring 070-123 45 67", "health"), observers)
    text = metrics.exposition().decode()
    assert "assistant_questions_total 2.0" in text and "assistant_declines_total 2.0" in text
    assert "refusals_total{" not in text
    assert [q for _, q in gaps.questions()] == [DECLINED, DECLINED]


def test_a_failing_observer_does_not_lose_the_answer(shipped):
    def broken(observed):
        raise RuntimeError("the report is down")

    asked = ask(shipped, Ask("Vem är socialchef i Vårgårda?", "api"), [broken])
    assert "Ann-Charlotte Lilja" in asked.answer.passages[0].quote


def test_the_request_is_checked_in_one_place(shipped):
    for request, words in [
            (Ask("x" * 1001, "cli"), "för lång"),
            (Ask("Vem?", "api", municipality="Q" * 101), "för långt"),
            (Ask("Vem?", "chat", year="förra året"), "årtal"),
            (Ask("Vem?", "chat", year=1066), "årtal"),
            (Ask("Vem?", "api", municipality=5), "text"),
            (Ask("Vem?", "api", k="tre"), "heltal")]:
        with pytest.raises(BadQuestion, match=words):
            ask(shipped, request)
    with pytest.raises(ValueError):
        Ask("Vem?", "somewhere")


def test_cli_refuses_a_personnummer_before_loading_anything(shipped):
    """`assistant ask --json "Vad gäller för 19121212-1212 i Tranemo?"` exited 0 and searched."""
    env = dict(os.environ, ASSISTANT_CORPUS=str(shipped.settings.corpus_dir),
               ASSISTANT_INDEX=str(shipped.settings.index_dir))
    for json_flag in (["--json"], []):
        out = subprocess.run([sys.executable, "-m", "assistant.cli", "ask", "-v", *json_flag,
                              "Vad gäller för 19121212-1212 i Tranemo?"], capture_output=True,
                             text=True, env=env, cwd=ROOT, timeout=300)
        assert out.returncode == 2
        assert "personuppgifter" in (out.stdout if json_flag else out.stderr)
        assert "19121212" not in out.stdout + out.stderr and "index loaded" not in out.stderr
        if json_flag:
            assert out.stdout.startswith('{"question": null, "error": "Frågan verkar')


def _imports(package: Path) -> set[str]:
    """Every module named in an import of the package's files, absolute."""
    names = set()
    for file in package.rglob("*.py"):
        parts = list(file.relative_to(ROOT).with_suffix("").parts)
        for node in ast.walk(ast.parse(file.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = parts[:-node.level] if node.level else []
                names.add(".".join(base + ([node.module] if node.module else [])))
            elif isinstance(node, ast.Import):
                names.update(a.name for a in node.names)
    return names


def test_answering_imports_run_down_and_nothing_forwards_attributes():
    below = _imports(ROOT / "assistant" / "answering")
    assert not [n for n in below if n.startswith(("assistant.web", "assistant.editors",
                                                  "assistant.cli"))]
    forwarding = [f for f in (ROOT / "assistant").rglob("*.py")
                  if "def __getattr__" in f.read_text("utf-8")]
    assert forwarding == []
