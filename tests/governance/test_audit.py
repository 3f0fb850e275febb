"""The audit log (append-only, migrated by user_version), retention purges,
admin reads and deletions over real HTTP with their audit rows, the CLI
export, and /metrics parsed by the Prometheus client's own parser."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from prometheus_client.parser import text_string_to_metric_families
from served import Served

from assistant.cli import commands as cli
from assistant.governance.audit import SCHEMA, AuditLog
from assistant.storage.migrations import Schema, migrate
from assistant.answering.contract import answer_json
from assistant.governance.feedback import FeedbackStore
from assistant.governance.retention import purge
from assistant.web.app import create_app

PROXY = "127.0.0.2"
ADMIN = {"X-Remote-User": "eva", "X-Remote-Groups": "IT-admin"}
READER = {"X-Remote-User": "anna"}
QUESTION = "Vem är socialchef i Vårgårda?"


def _iso(days_ago: float) -> str:
    return (datetime.now(timezone.utc) - timedelta(days=days_ago)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _age_feedback(path, row_id: int, days_ago: float) -> None:
    with sqlite3.connect(path) as db:
        db.execute("UPDATE feedback SET time = ? WHERE id = ?",
                   ((datetime.now(timezone.utc) - timedelta(days=days_ago)).isoformat(
                       timespec="seconds"), row_id))


def _old_audit_row(path, days_ago: float) -> None:
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO audit (time, actor, via, address, action) VALUES (?, ?, ?, ?, ?)",
                   (_iso(days_ago), "gammal", "system", "-", "feedback.read"))


def test_audit_rows_cannot_be_changed_or_deleted_young(tmp_path):
    log = AuditLog(tmp_path / "audit.sqlite3")
    log.record("feedback.read", "eva", role="admin", via="proxy", address="10.1.2.0/24")
    with sqlite3.connect(log.path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA.version
        with pytest.raises(sqlite3.DatabaseError, match="cannot be changed"):
            db.execute("UPDATE audit SET actor = 'någon annan'")
        with pytest.raises(sqlite3.DatabaseError, match="younger than a day"):
            db.execute("DELETE FROM audit")
    assert [e.actor for e in log.entries()] == ["eva"]


def test_an_audit_file_of_schema_1_is_migrated(tmp_path):
    path = tmp_path / "audit.sqlite3"
    with sqlite3.connect(path, isolation_level=None) as db:
        migrate(db, Schema(SCHEMA.name, SCHEMA.steps[:1]))
        db.execute("INSERT INTO audit (time, actor, via, address, action) VALUES (?, ?, ?, ?, ?)",
                   (_iso(0), "eva", "proxy", "-", "audit.read"))
    log = AuditLog(path)
    assert [e.action for e in log.entries()] == ["audit.read"]
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 2
        with pytest.raises(sqlite3.DatabaseError):
            db.execute("UPDATE audit SET actor = 'x'")


def test_retention_purges_old_feedback_and_audit_rows(shipped, tmp_path):
    settings = replace(shipped.settings, feedback_db=tmp_path / "f.sqlite3",
                       audit_db=tmp_path / "a.sqlite3", retention_days=30)
    store = FeedbackStore(settings.feedback_db)
    answer = answer_json(shipped.ask(QUESTION, k=1))
    signed = store.sign(answer)
    old = store.record(answer, "helpful", answer_id=signed)
    recent = store.record(answer, "not_helpful", answer_id=signed)
    _age_feedback(settings.feedback_db, old, 31)
    _age_feedback(settings.feedback_db, recent, 29)
    AuditLog(settings.audit_db).record("audit.read", "eva")
    _old_audit_row(settings.audit_db, 45)

    create_app(shipped, settings)  # the app purges when it starts

    assert [r["id"] for r in store.rows()] == [recent]
    entries = AuditLog(settings.audit_db).entries()
    assert "gammal" not in [e.actor for e in entries]
    (purged,) = [e for e in entries if e.action == "retention.purge"]
    assert purged.actor == "system" and purged.detail["feedback"] == 1
    assert purged.detail["audit"] == 1
    assert purge(settings, store) == {"feedback": 0, "audit": 0}  # nothing more to do


@pytest.fixture(scope="module")
def served(shipped, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("audit")
    settings = replace(shipped.settings, trusted_proxies=(PROXY,), admin_groups=("IT-admin",),
                       feedback_db=tmp / "feedback.sqlite3", audit_db=tmp / "audit.sqlite3",
                       metrics_networks=("127.0.0.4",))
    server = Served(create_app(shipped, settings), settings).start()
    yield server, settings
    server.stop()


def test_admin_reads_and_deletions_leave_audit_rows(served, shipped):
    server, settings = served
    store = FeedbackStore(settings.feedback_db)
    with server.client(PROXY, headers=READER) as reader, \
            server.client(PROXY, headers={**ADMIN, "X-Forwarded-For": "10.20.30.40"}) as admin:
        answer = reader.post("/api/ask", json={"question": QUESTION, "k": 1}).json()
        assert reader.post("/api/feedback", json={"answer": answer, "verdict": "helpful"}
                           ).status_code == 201
        last_year = store.record(answer, "not_helpful", answer_id=answer["answer_id"])
        _age_feedback(settings.feedback_db, last_year, 20)
        day = (datetime.now(timezone.utc) - timedelta(days=20)).date().isoformat()

        assert len(admin.get("/api/feedback").json()["feedback"]) == 2
        r = admin.delete("/api/feedback", params={"from": day, "to": day})
        assert r.status_code == 200 and r.json() == {"deleted": 1}
        assert len(store.rows()) == 1  # only that day's row went
        assert admin.delete("/api/feedback", params={"from": day}).status_code == 422
        assert reader.get("/api/audit").status_code == 403
        entries = admin.get("/api/audit").json()["entries"]

    actions = [e["action"] for e in entries]
    assert actions[-2:] == ["feedback.read", "feedback.delete"]
    read, delete = entries[-2:]
    assert (read["actor"], read["role"], read["via"]) == ("eva", "admin", "proxy")
    assert read["address"] == "10.20.30.0/24"  # the client's, as the proxy forwards it, truncated
    assert read["detail"] == {"rows": 2}
    assert delete["detail"] == {"rows": 1, "from": day, "to": day}
    assert "audit.read" in [e.action for e in AuditLog(settings.audit_db).entries()]


def test_cli_audit_export_and_audited_feedback_export(served, tmp_path, monkeypatch, capsys):
    _, settings = served
    monkeypatch.setenv("ASSISTANT_AUDIT_DB", str(settings.audit_db))
    monkeypatch.setenv("ASSISTANT_FEEDBACK_DB", str(settings.feedback_db))
    out = tmp_path / "audit.jsonl"
    assert cli.main(["feedback", "export", "-o", str(tmp_path / "fb.jsonl")]) == 0
    assert cli.main(["audit", "export", "-o", str(out)]) == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert lines and all({"time", "actor", "via", "address", "action"} <= set(e) for e in lines)
    assert lines[-1]["action"] == "feedback.export" and lines[-1]["via"] == "cli"
    assert AuditLog(settings.audit_db).entries()[-1].action == "audit.export"


def _metrics(client) -> dict:
    r = client.get("/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    return {f.name: f for f in text_string_to_metric_families(r.text)}


def _value(families, name, sample, **labels) -> float:
    return next(s.value for s in families[name].samples
                if s.name == sample and all(s.labels.get(k) == v for k, v in labels.items()))


def test_metrics_parse_and_count(served, shipped):
    server, _ = served
    with server.client(PROXY, headers=ADMIN) as admin, server.client("127.0.0.3") as anyone:
        before = _metrics(admin)
        assert {"assistant_questions", "assistant_declines", "assistant_refusals",
                "assistant_answer_seconds", "assistant_queue_length", "assistant_articles",
                "assistant_chunks", "assistant_index_info"} <= set(before)
        assert _value(before, "assistant_articles", "assistant_articles") == len(
            shipped.searcher.data.articles)
        assert _value(before, "assistant_index_info", "assistant_index_info",
                      generation=shipped.stats()["generation"]) == 1
        anyone.post("/api/ask", json={"question": QUESTION})
        anyone.post("/api/ask", json={"question": "Vem är socialchef i Borås?"})
        anyone.post("/api/ask", json={"question": "Ring mig på 070-123 45 67"})
        after = _metrics(admin)
        assert anyone.get("/metrics").status_code == 401
    q = "assistant_questions_total"
    assert _value(after, "assistant_questions", q) - _value(before, "assistant_questions", q) == 2
    d = "assistant_declines_total"
    assert _value(after, "assistant_declines", d) - _value(before, "assistant_declines", d) == 1
    assert _value(after, "assistant_refusals", "assistant_refusals_total",
                  kind="telefonnummer") == 1
    n = "assistant_answer_seconds_count"
    assert _value(after, "assistant_answer_seconds", n) - _value(
        before, "assistant_answer_seconds", n) == 2


def test_metrics_for_the_monitoring_network_without_sign_in(served):
    server, _ = served
    with server.client("127.0.0.4") as monitor, server.client("127.0.0.5") as other:
        assert monitor.get("/metrics").status_code == 200
        assert other.get("/metrics").status_code == 401
