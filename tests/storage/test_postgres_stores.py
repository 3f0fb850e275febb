"""The shared stores in PostgreSQL one by one (issue 23): the audit table
is append-only, a database newer than the program is refused, a server's
corpus folder is written from the database, the rate-limit buckets and the
watched sources and the re-check state are shared by every process, two
servers changing the watched sources at once lose nothing, and of two
servers' scheduled checks only one runs at a time. test_postgres_shared.py
runs two real servers on one database.
"""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest

pytest.importorskip("pgserver")
psycopg = pytest.importorskip("psycopg")

from test_postgres import eventually, new_database, pg  # noqa: E402,F401

from assistant.corpus.articles import is_article_name  # noqa: E402
from assistant.errors import AssistantError  # noqa: E402
from assistant.index.pgstore import PgStore  # noqa: E402
from assistant.index.store import load_index  # noqa: E402
from feed_site import Site  # noqa: E402


def test_the_audit_table_is_append_only(pg):
    from assistant.governance.pgaudit import PgAuditLog

    url, _ = new_database(pg, "appendonly")
    log = PgAuditLog(url)
    log.record("audit.read", "eva", role="admin")
    with psycopg.connect(url, autocommit=True) as conn:
        for sql in ("UPDATE audit SET actor = 'någon annan'", "DELETE FROM audit",
                    "TRUNCATE audit"):
            with pytest.raises(psycopg.errors.RaiseException):
                conn.execute(sql)
        conn.execute("INSERT INTO audit (time, actor, via, address, action) VALUES "
                     "('2020-01-01T00:00:00Z', 'gammal', 'system', '-', 'feedback.read')")
    assert log.purge("2021-01-01T00:00:00Z") == 1  # the retention purge: old rows only
    assert [e.actor for e in log.entries()] == ["eva"]


def test_a_database_newer_than_the_program_is_refused(pg):
    url, _ = new_database(pg, "toonew")
    PgStore(url)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("INSERT INTO schema_version (version, description) VALUES (99, 'framtid')")
    with pytest.raises(AssistantError) as err:
        PgStore(url)
    assert str(err.value).startswith("Databasen (") and "schemaversion 99, nyare" in str(err.value)


def test_a_servers_corpus_folder_is_written_from_the_database(pg, shipped, tmp_path):
    from assistant.editors.mirror import CorpusMirror
    from assistant.index.build import file_text_in

    url, _ = new_database(pg, "mirror")
    store = PgStore(url)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "egen.md").write_text("---\ntitle: Egen\n---\n\nEn egen text om Ydre.\n",
                                    encoding="utf-8")
    mirror = CorpusMirror(store, corpus, tmp_path / "removed")
    assert mirror.sync() == 0 and (corpus / "egen.md").exists()  # an empty database: no change

    with store.lock():
        store.save(load_index(shipped.settings.index_dir),
                   text_of=file_text_in(shipped.settings.corpus_dir))
    shipped_files = {p.name: p.read_bytes() for p in shipped.settings.corpus_dir.glob("*.md")
                     if is_article_name(p.name)}
    changed_file = sorted(shipped_files)[0]
    (corpus / changed_file).write_text("---\ntitle: Ändrad här\n---\n\nAnnan text.\n",
                                       encoding="utf-8")
    assert mirror.sync() >= len(shipped_files) + 1  # every file written, egen.md moved aside
    assert {p.name: p.read_bytes() for p in corpus.glob("*.md")} == shipped_files
    assert any(p.name.endswith("-egen.md") for p in (tmp_path / "removed").iterdir())
    assert mirror.sync() == 0  # nothing to do the second time

    # articles stored before the database kept files: the files here stay as
    # they are (none is rewritten in another form), and are kept from now on
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("UPDATE articles SET file_text = NULL")
    (corpus / changed_file).write_text("---\ntitle: Ändrad här\n---\n\nAnnan text.\n",
                                       encoding="utf-8")
    assert mirror.sync() == 0
    assert (corpus / changed_file).read_text(encoding="utf-8").startswith("---\ntitle: Ändrad")
    with psycopg.connect(url, autocommit=True) as conn:
        missing = conn.execute("SELECT count(*) FROM articles WHERE file_text IS NULL")
        assert missing.fetchone()[0] == 1  # only the one that is not the file indexed


def test_rate_limit_buckets_are_shared_by_every_process(pg):
    from assistant.web.limits import PgRateLimit, RateLimit

    url, _ = new_database(pg, "limits")
    a, b = PgRateLimit(url, burst=3), PgRateLimit(url, burst=3)  # two app processes
    t = 1_000_000.0
    assert [a.allow("10.0.0.1", t), b.allow("10.0.0.1", t), a.allow("10.0.0.1", t)] == [True] * 3
    assert not b.allow("10.0.0.1", t) and not a.allow("10.0.0.1", t + 1)
    assert b.allow("10.0.0.2", t)  # another client has a bucket of its own
    assert b.allow("10.0.0.1", t + 7)  # 10 a minute: one more after 6 s
    assert not a.allow("10.0.0.1", t + 7)
    # the same sequence in one process's memory gives the same answers
    memory = RateLimit(burst=3)
    assert [memory.allow("x", t) for _ in range(4)] == [True, True, True, False]


def test_two_servers_changing_the_watched_sources_at_once_lose_nothing(pg):
    from assistant.editors.feeds import Item
    from assistant.editors.watchstore import PgWatched
    from assistant.governance.audit import Actor
    from assistant.storage.pgdb import Database

    url, _ = new_database(pg, "watched")
    PgStore(url)  # migrated
    a, b = PgWatched(Database(url)), PgWatched(Database(url))  # two app processes
    feed = "https://www.ydre.se/rss"
    a.add_source(feed, Actor("erik"))
    with pytest.raises(AssistantError, match="bevakas redan"):
        b.add_source("HTTPS://WWW.YDRE.SE/rss/", Actor("eva"))  # the same address
    items = [Item(f"https://www.ydre.se/nyheter/{n}", f"Nyhet {n}") for n in range(40)]
    errors, taken, queued = [], {}, threading.Barrier(2, timeout=120)

    def work(name, store, share):
        try:
            for n in range(20):
                store.add_source(f"https://{name}.example.se/rss{n}", Actor(name))
                store.queue(feed, share[n::4])
            store.checked(feed, f"kontrollerad av {name}", (name, None))
            queued.wait()
            taken[name] = store.take_pending([i.url for i in items[:10]], dismiss=True)
        except Exception as err:  # noqa: BLE001 - reported below
            errors.append(err)

    threads = [threading.Thread(target=work, args=("a", a, items)),
               threading.Thread(target=work, args=("b", b, items[::-1]))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    assert len(a.sources()) == 41 and len({s.url for s in b.sources()}) == 41
    # every item queued once, the first ten taken by exactly one of the two
    assert sorted(p.url for p in b.pending()) == sorted(i.url for i in items[10:])
    got = [p.url for p in taken["a"] + taken["b"]]
    assert len(got) == len(set(got)) and set(got) <= {i.url for i in items[:10]}
    assert b.waiting() >= {i.url for i in items}  # waiting or turned down: never again
    [watched] = [s for s in b.sources() if s.url == feed]
    assert watched.last_result in ("kontrollerad av a", "kontrollerad av b")
    assert watched.etag == watched.last_result[-1]  # written together, in one transaction
    a.remove_source(feed)  # its waiting items go with it
    assert b.pending() == [] and len(a.sources()) == 40



def test_the_refresh_state_written_on_one_server_is_read_on_another(pg, tmp_path):
    from assistant.editors.refreshstate import PgState, State, open_state
    from assistant.storage.pgdb import Database

    url, _ = new_database(pg, "refreshstate")
    PgStore(url)  # migrated
    a_db, b_db = Database(url), Database(url)  # two app processes
    assert isinstance(open_state(tmp_path), State)  # no database: the folder's file
    a, b = open_state(tmp_path / "a", a_db), open_state(tmp_path / "b", b_db)
    assert isinstance(a, PgState)
    page = "https://www.ydre.se/nyheter/1"
    a.remember("ydre-1", page, '"e1"', "Wed, 02 Dec 2026 08:00:00 GMT", "1" * 64,
               listed_as="https://www.ydre.se/rss/1")
    a.mark_gone("ydre-2", "https://www.ydre.se/nyheter/2", 410)
    b.remember("ydre-3", "https://www.ydre.se/nyheter/3", None, None, "3" * 64)
    assert b.get("ydre-1") == {}  # B read before A saved
    a.save()
    b.save()  # writes only what B changed: A's rows stay
    seen = PgState(b_db)
    assert seen.get("ydre-1") == a.get("ydre-1")
    assert seen.get("ydre-1")["etag"] == '"e1"' and seen.get("ydre-1")["listed_as"]
    assert seen.gone() == {"ydre-2": {"status": 410, "since": a.get("ydre-2")["gone"]["since"],
                                      "url": "https://www.ydre.se/nyheter/2"}}
    assert sorted(seen.entries) == ["ydre-1", "ydre-2", "ydre-3"]
    seen.mark_gone("ydre-1", page, 404)  # gone on B: A's next read says so
    seen.save()
    assert PgState(a_db).gone()["ydre-1"]["status"] == 404
    assert not list(tmp_path.rglob(".refresh.json"))


def test_of_two_servers_scheduled_checks_one_runs_at_a_time(pg, tmp_path):
    """Two servers' schedules on one database: while A checks (its feed
    held at the site), B's round is skipped by the lock; B runs once A is
    done, and A then skips the round B just began (the lease)."""
    from assistant.config import Settings
    from assistant.editors.editing import Editor
    from assistant.governance.audit import Actor
    from assistant.web.schedule import run_once

    url, _ = new_database(pg, "rounds")
    site = Site(items=0).start()
    feed = site.rss([site.set_article(70)], "/runda.xml")
    site.held.add("/runda.xml")

    def server(name: str) -> Editor:
        settings = Settings.from_env(env={}, corpus_dir=tmp_path / name / "corpus",
                                     index_dir=tmp_path / name / "index")
        return Editor.without_app(replace(settings, database_url=url, fetch_timeout=30.0,
                                          fetch_allow=("127.0.0.1/32",)))

    def lease_expired() -> None:  # the last round began more than half an interval ago
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("UPDATE schedule_rounds SET started_at = now() - interval '2 hours'")

    def feed_reads() -> int:
        return site.count("/runda")

    a, b = server("a"), server("b")
    a.watched.add_source(feed, Actor("erik"))
    ran = {}

    def round_of(name: str, editor: Editor) -> threading.Thread:
        thread = threading.Thread(target=lambda: ran.__setitem__(name, run_once(editor, 1.0)))
        thread.start()
        return thread

    try:
        first = round_of("a", a)
        assert eventually(lambda: feed_reads() == 1, timeout=30)  # A is checking
        lease_expired()  # so that only the lock stands in B's way
        second = round_of("b", b)
        second.join(15)  # without the lock B would be held at the site too
        assert not second.is_alive() and ran["b"] is False and feed_reads() == 1
        site.gate.set()
        first.join(60)
        assert ran["a"] is True
        assert [p.url for p in b.watched.pending()] == [site.url("/nyheter/70")]
        lease_expired()
        assert run_once(b, 1.0) is True and feed_reads() == 2  # nobody checking: B runs
        assert run_once(a, 1.0) is False and feed_reads() == 2  # B began one just now
    finally:
        site.gate.set()
        site.stop()
