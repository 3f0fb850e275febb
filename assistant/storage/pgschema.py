"""The PostgreSQL schema, step by step (storage/pgdb.py: `migrate` runs it).

Steps 1-4 hold the index and the feedback; from step 5 on every piece of
state a folder deployment keeps on one machine has its table here, so that
several app processes on one database see the same: the articles' files
(a new server needs no copy of corpus/), the audit log (append-only: a
trigger refuses UPDATE, TRUNCATE and the DELETE of a row younger than a
day, as in SQLite), the declined questions, the editors' notes of who
added what (`.editors.json` in a folder), the rate-limit buckets, the
watched sources and the re-check state (`.refresh.json`).
"""

from __future__ import annotations

from .migrations import Schema, Step

SCHEMA = Schema("Databasen", (
    Step("articles, chunks, sentences, BM25 postings, index state", """
CREATE EXTENSION IF NOT EXISTS vector;
CREATE TABLE index_state (
    id int PRIMARY KEY CHECK (id = 1),
    generation bigint NOT NULL,
    manifest jsonb NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO index_state (id, generation, manifest) VALUES (1, 0, '{}');
CREATE SEQUENCE article_pos;
CREATE TABLE articles (
    pk bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id text NOT NULL UNIQUE,
    pos bigint NOT NULL DEFAULT nextval('article_pos'),
    title text NOT NULL,
    municipality text,
    partners text[] NOT NULL DEFAULT '{}',
    published text,
    updated text,
    source text,
    path text NOT NULL,
    fingerprint text NOT NULL,
    body text NOT NULL
);
-- sent_lo/sent_hi: the chunk's sentences [lo, hi), numbered within the article
CREATE TABLE chunks (
    pk bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article bigint NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
    no int NOT NULL,
    start_at int NOT NULL,
    end_at int NOT NULL,
    sent_lo int NOT NULL,
    sent_hi int NOT NULL,
    embedding vector NOT NULL,
    UNIQUE (article, no)
);
CREATE TABLE sentences (
    article bigint NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
    no int NOT NULL,
    start_at int NOT NULL,
    end_at int NOT NULL,
    n_terms int NOT NULL,
    embedding halfvec NOT NULL,
    PRIMARY KEY (article, no)
);
CREATE TABLE terms (
    id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    term text NOT NULL UNIQUE
);
-- BM25 postings exactly as index/lexical.py counts them (stems, compound parts),
-- one row per article: parallel little-endian int32 arrays (sentence number
-- within the article, term id, term frequency). Rows of single postings
-- cost 30 s more per 100,000 chunks to write (a foreign-key check each).
CREATE TABLE postings (
    article bigint PRIMARY KEY REFERENCES articles(pk) ON DELETE CASCADE,
    sentence bytea NOT NULL,
    term bytea NOT NULL,
    tf bytea NOT NULL
);
"""),
    Step("feedback (as feedback.py keeps it in SQLite)", """
CREATE TABLE feedback (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    time text NOT NULL,
    source text NOT NULL,
    verdict text NOT NULL CHECK (verdict IN ('helpful', 'not_helpful', 'wrong_quote')),
    quote int,
    question text NOT NULL,
    interpreted_as text,
    no_answer boolean NOT NULL,
    passages jsonb NOT NULL,
    answer jsonb NOT NULL,
    answer_key text
);
CREATE INDEX feedback_answer_key ON feedback (answer_key);
"""),
    Step("feedback: the answer id the server gave, the key that signs answers, purging by time", """
ALTER TABLE feedback ADD COLUMN answer_id text;
CREATE INDEX feedback_time ON feedback (time);
CREATE TABLE feedback_secret (id int PRIMARY KEY CHECK (id = 1), key bytea NOT NULL);
"""),
    Step("articles: what the source says of its dates when it gives none", """
ALTER TABLE articles ADD COLUMN date_note text;
"""),
    Step("articles: the file as it was read, so a server can write corpus/ from the database", """
ALTER TABLE articles ADD COLUMN file_text text;
"""),
    Step("the audit log, append-only", """
CREATE TABLE audit (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    time text NOT NULL,
    actor text NOT NULL,
    role text,
    via text NOT NULL,
    address text NOT NULL,
    action text NOT NULL,
    target text NOT NULL DEFAULT '',
    detail jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_time ON audit (time);
CREATE INDEX audit_op ON audit ((detail->>'op'));
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN
        RAISE EXCEPTION 'audit rows cannot be changed';
    END IF;
    IF OLD.time::timestamptz > now() - interval '1 day' THEN
        RAISE EXCEPTION 'audit rows younger than a day cannot be deleted';
    END IF;
    RETURN OLD;
END $$;
CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
"""),
    Step("declined questions (what the corpus lacks)", """
CREATE TABLE declined (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    day text NOT NULL,
    week text NOT NULL,
    question text NOT NULL,
    reason text
);
CREATE INDEX declined_day ON declined (day);
"""),
    Step("the editors' notes: who added or last changed an article, and when", """
CREATE TABLE editor_notes (
    article text PRIMARY KEY,
    added_by text,
    added_at text,
    changed_by text,
    changed_at text
);
"""),
    Step("rate-limit buckets shared by every app process", """
CREATE UNLOGGED TABLE rate_limits (
    bucket text NOT NULL,
    client text NOT NULL,
    tokens double precision NOT NULL,
    at double precision NOT NULL,
    allowed boolean NOT NULL,
    PRIMARY KEY (bucket, client)
);
CREATE INDEX rate_limits_at ON rate_limits (at);
"""),
    Step("watched sources (feeds)", """
CREATE TABLE feeds (
    url text PRIMARY KEY,
    added_by text NOT NULL,
    added_at timestamptz NOT NULL DEFAULT now(),
    trusted boolean NOT NULL DEFAULT false,
    last_checked timestamptz,
    etag text,
    last_modified text
);
"""),
    Step("watched sources as the editors keep them: by address, with what waits for review "
         "and what was turned down (the table feeds, never written, is dropped)", """
DROP TABLE feeds;
-- key: the address as editors/feeds.address_key compares it; pos: the order added;
-- times as the folder's .watched.json writes them (UTC, ISO 8601)
CREATE TABLE watched_sources (
    key text PRIMARY KEY,
    pos bigint GENERATED ALWAYS AS IDENTITY,
    url text NOT NULL,
    added_by text NOT NULL,
    added_at text NOT NULL,
    trusted boolean NOT NULL DEFAULT false,
    last_checked text,
    etag text,
    last_modified text,
    last_result text
);
CREATE TABLE watched_pending (
    key text PRIMARY KEY,
    pos bigint GENERATED ALWAYS AS IDENTITY,
    url text NOT NULL,
    title text,
    feed text NOT NULL,
    feed_key text NOT NULL,
    found_at text NOT NULL
);
CREATE INDEX watched_pending_feed ON watched_pending (feed_key);
CREATE TABLE watched_dismissed (
    key text PRIMARY KEY,
    pos bigint GENERATED ALWAYS AS IDENTITY,
    url text NOT NULL
);
CREATE INDEX watched_dismissed_pos ON watched_dismissed (pos);
"""),
    Step("what each article's page gave at its last re-check, the pages gone at their "
         "source (.refresh.json in a folder), and when a server last began a scheduled "
         "check", """
-- entry: the article's entry exactly as the folder's .refresh.json holds it
-- (url, etag, last_modified, sha256, checked_at, listed_as, gone)
CREATE TABLE refresh_state (
    article text PRIMARY KEY,
    entry jsonb NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now()
);
-- the schedule's lease (editors/watch.py: one_round): one row per kind of round
CREATE TABLE schedule_rounds (
    name text PRIMARY KEY,
    started_at timestamptz NOT NULL
);
"""),
))
