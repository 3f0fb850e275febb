"""One migration runner for every SQLite store (storage/migrations.py).

The files below are made with the SQL the code before this runner wrote
(copied here as it was), with rows in them: each is migrated in place and
keeps its rows. A file newer than the program is refused with a Swedish
message that names the right store and its file.
"""

from __future__ import annotations

import sqlite3

import pytest

from assistant.editors.gaps import GapStore
from assistant.errors import AssistantError
from assistant.governance.audit import AuditLog
from assistant.governance.feedback import FeedbackStore
from assistant.storage.migrations import Schema, Step, migrate, statements

# What main wrote before the runner: gaps at version 1 (no reason column),
# audit at version 2, feedback from before versions were counted (version 0).
OLD_GAPS_V1 = """
CREATE TABLE declined (id INTEGER PRIMARY KEY, day TEXT NOT NULL, week TEXT NOT NULL,
                       question TEXT NOT NULL);
CREATE INDEX declined_day ON declined (day);
PRAGMA user_version = 1;
INSERT INTO declined (day, week, question) VALUES ('2099-01-05', '2099-W02', 'Vem leder hemtjänsten i Ydre?');
"""
OLD_AUDIT_V2 = """
CREATE TABLE audit (id INTEGER PRIMARY KEY, time TEXT NOT NULL, actor TEXT NOT NULL, role TEXT,
    via TEXT NOT NULL, address TEXT NOT NULL, action TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '{}');
CREATE INDEX audit_time ON audit (time);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit rows cannot be changed'); END;
CREATE TRIGGER audit_no_recent_delete BEFORE DELETE ON audit
WHEN julianday(old.time) > julianday('now') - 1
BEGIN SELECT RAISE(ABORT, 'audit rows younger than a day cannot be deleted'); END;
PRAGMA user_version = 2;
INSERT INTO audit (time, actor, via, address, action) VALUES ('2026-12-01T10:00:00Z', 'eva', 'proxy', '-', 'audit.read');
"""
OLD_FEEDBACK_V0 = """
CREATE TABLE feedback (id INTEGER PRIMARY KEY, time TEXT NOT NULL, source TEXT NOT NULL,
    verdict TEXT NOT NULL, quote INTEGER, question TEXT NOT NULL, interpreted_as TEXT,
    no_answer INTEGER NOT NULL, passages TEXT NOT NULL, answer TEXT NOT NULL, answer_key TEXT);
CREATE INDEX feedback_answer_key ON feedback (answer_key);
INSERT INTO feedback (time, source, verdict, question, no_answer, passages, answer) VALUES
    ('2026-12-01T10:00:00+00:00', 'api', 'helpful', 'Vem är socialchef?', 0, '[]', '{"question": "Vem är socialchef?"}');
"""


def old_file(path, script: str):
    with sqlite3.connect(path) as db:
        db.executescript(script)
    return path


def version(path) -> int:
    with sqlite3.connect(path) as db:
        return db.execute("PRAGMA user_version").fetchone()[0]


def test_files_made_by_the_code_before_migrate_and_keep_their_rows(tmp_path):
    gaps = GapStore(old_file(tmp_path / "gaps.sqlite3", OLD_GAPS_V1), retention_days=365_000)
    assert gaps.declined() == [("2099-W02", "Vem leder hemtjänsten i Ydre?", "")]
    assert gaps.record("Finns det äldreråd i Åre?", reason="no_match")
    assert [r for _, _, r in gaps.declined()] == ["", "no_match"]
    assert version(gaps.path) == 2

    audit = AuditLog(old_file(tmp_path / "audit.sqlite3", OLD_AUDIT_V2))
    audit.record("feedback.read", "olle")
    assert [e.action for e in audit.entries()] == ["audit.read", "feedback.read"]
    assert version(audit.path) == 2
    with sqlite3.connect(audit.path) as db, pytest.raises(sqlite3.DatabaseError):
        db.execute("UPDATE audit SET actor = 'x'")

    feedback = FeedbackStore(old_file(tmp_path / "feedback.sqlite3", OLD_FEEDBACK_V0))
    assert [r["question"] for r in feedback.rows()] == ["Vem är socialchef?"]
    assert len(feedback.key()) == 32 and version(feedback.path) == 2


@pytest.mark.parametrize("make, name", [
    (lambda p: GapStore(p, 30).declined(), "Listan över obesvarade frågor"),
    (lambda p: AuditLog(p).entries(), "Granskningsloggen"),
    (lambda p: FeedbackStore(p).rows(), "Återkopplingen"),
])
def test_a_file_newer_than_the_program_is_refused_naming_its_store(tmp_path, make, name):
    path = tmp_path / "new.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE x (a)")
        db.execute("PRAGMA user_version = 99")
    with pytest.raises(AssistantError) as err:
        make(path)
    message = str(err.value)
    assert message.startswith(f"{name} ({path}) har schemaversion 99, nyare än programmet")
    assert "Uppdatera programmet." in message
    if name != "Granskningsloggen":
        assert "Granskningsloggen" not in message  # the defect: gaps was named as the audit log
    assert version(path) == 99  # nothing written


def test_steps_run_in_one_transaction_each_migration_and_not_again(tmp_path):
    schema = Schema("Provet", (Step("one", "CREATE TABLE a (x);"),
                               Step("two", "INSERT INTO a VALUES (1); INSERT INTO nothing VALUES (2);")))
    db = sqlite3.connect(tmp_path / "t.sqlite3", isolation_level=None)
    with pytest.raises(sqlite3.OperationalError):
        migrate(db, schema)
    # the failed run left nothing: not step one's table, not the version
    assert db.execute("PRAGMA user_version").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'a'").fetchone()[0] == 0
    fixed = Schema("Provet", (schema.steps[0], Step("two", "INSERT INTO a VALUES (1);")))
    assert migrate(db, fixed) == 2 and migrate(db, fixed) == 2
    assert db.execute("SELECT count(*) FROM a").fetchone()[0] == 1


def test_statements_are_split_where_sqlite_says_they_end():
    assert len(statements(OLD_AUDIT_V2.split("PRAGMA")[0])) == 4  # two triggers, whole
    parts = statements("CREATE TRIGGER t BEFORE UPDATE ON a BEGIN SELECT 1; SELECT 2; END; "
                       "-- it's a comment; with a semicolon\nSELECT 3;")
    assert len(parts) == 2 and parts[0].endswith("END;")
