"""What the corpus lacks: declined questions are kept (text only), grouped
by municipality and subject and counted per week; questions holding
personal data never reach it; old rows go after the retention period; off
with ASSISTANT_GAPS=0. Through the real app (chat API) and the store."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from served import Served

from assistant.config import Settings
from assistant.editors.gaps import GapStore, bar_chart, iso_week, subject
from assistant.web.app import create_app

DECLINED = "Hur många undersköterskor arbetar i Ljusdal?"  # no article covers Ljusdal
PERSONAL = "Vad gäller för 19121212-1212 i Ljusdal?"
EDITOR = {"X-Remote-User": "erik", "X-Remote-Groups": "Redaktion"}


def _served(shipped, tmp_path, **changes):
    settings = replace(shipped.settings, trusted_proxies=("127.0.0.2",),
                       editor_groups=("Redaktion",), feedback_db=tmp_path / "f.sqlite3",
                       audit_db=tmp_path / "a.sqlite3", **changes)
    return Served(create_app(shipped, settings), settings).start()


def test_declined_questions_are_reported_without_identity(shipped, tmp_path):
    served = _served(shipped, tmp_path)
    try:
        with served.client("127.0.0.2", headers=EDITOR) as client:
            assert client.post("/api/ask", json={"question": DECLINED}).json()["no_answer"]
            assert client.post("/api/ask", json={"question": PERSONAL}).status_code == 422
            answered = client.post("/api/ask", json={"question": "Vem är socialchef i Vårgårda?"})
            assert not answered.json()["no_answer"]
            page = client.get("/redaktion/saknas")
    finally:
        served.stop()
    store = GapStore(tmp_path / "gaps.sqlite3", 90)
    assert [q for _, q in store.questions()] == [DECLINED]
    db = (tmp_path / "gaps.sqlite3").read_bytes()
    assert b"erik" not in db and b"19121212" not in db and b"127.0.0" not in db
    assert page.status_code == 200 and DECLINED in page.text and "Ljusdal" in page.text
    assert "<svg" in page.text and iso_week(date.today()) in page.text


def test_grouping_weeks_and_retention(tmp_path):
    store = GapStore(tmp_path / "g.sqlite3", retention_days=30)
    today = date(2026, 12, 1)
    store.record("Hur samverkar Ljusdal och Hudiksvall om hemtjänst?", today - timedelta(days=8))
    store.record("Hur organiseras hemtjänsten i Ljusdal?", today)
    store.record("Vilka mål har äldreomsorgen?", today)
    store.record("Gammal fråga om Tibro", today - timedelta(days=40))
    assert not store.record("Ring mig på 070-123 45 67", today)  # personal data: never kept
    report = store.report(today, weeks=4)
    assert report.total == 3
    assert dict(report.weeks) == {iso_week(today - timedelta(weeks=3)): 0,
                                  iso_week(today - timedelta(weeks=2)): 0,
                                  iso_week(today - timedelta(weeks=1)): 1, iso_week(today): 2}
    places = {p: n for p, n, _ in report.places}
    assert places == {"Ljusdal": 2, "Hudiksvall": 1, "Ingen kommun nämnd": 1}
    assert "Tibro" not in str(report)  # past the retention period
    assert subject("Hur organiseras hemtjänsten i Ljusdal?") == "organiseras hemtjänsten"
    assert 'role="img"' in bar_chart(report.weeks) and "<title" in bar_chart(report.weeks)


def test_off_when_an_administrator_says_so(shipped, tmp_path):
    assert Settings.from_env(env={"ASSISTANT_GAPS": "0"}).gaps is False
    served = _served(shipped, tmp_path, gaps=False)
    try:
        with served.client("127.0.0.2", headers=EDITOR) as client:
            assert client.post("/api/ask", json={"question": DECLINED}).json()["no_answer"]
            page = client.get("/redaktion/saknas")
    finally:
        served.stop()
    assert not (tmp_path / "gaps.sqlite3").exists()
    assert page.status_code == 200 and "avstängd" in page.text and DECLINED not in page.text
