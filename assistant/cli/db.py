"""`assistant db import|status|feedback-export`: the PostgreSQL store from the command line.

`import` moves an existing folder index into the database as it is: the
vectors are copied, nothing is embedded again.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from ..errors import AssistantError


def _url(args) -> str:
    from ..config import Settings

    url = args.url or Settings.from_env().database_url
    if not url:
        raise AssistantError("Ange databasen med --url eller ASSISTANT_DATABASE_URL.")
    return url


def cmd_import(args) -> int:
    from ..config import Settings
    from ..index.pgstore import PgStore
    from ..index.store import load_index

    started = time.perf_counter()
    index_dir = args.index or Settings.from_env().index_dir
    store = PgStore(_url(args))  # reachable before the folder is read
    data = load_index(Path(index_dir))
    with store.lock():
        store.save(data)
    print(f"Klart: {len(data.articles)} artiklar, {data.n_chunks} textavsnitt och "
          f"{len(data.sent_start)} meningar från {index_dir} till {store.describe()}; "
          f"inget bäddades in på nytt; {time.perf_counter() - started:.1f} s")
    return 0


def cmd_status(args) -> int:
    from ..storage.pgdb import schema_version
    from ..index.pgstore import PgStore

    store = PgStore(_url(args))
    with store.db.connection() as conn:
        version = schema_version(conn)
        gen, manifest = conn.execute("SELECT generation, manifest FROM index_state").fetchone()
        counts = [conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("articles", "chunks", "sentences")]
    print(f"{store.describe()}: schemaversion {version}, generation {gen}, "
          f"modell {manifest.get('model') or '(inget index)'}; "
          f"{counts[0]} artiklar, {counts[1]} textavsnitt, {counts[2]} meningar")
    return 0


def cmd_feedback_export(args) -> int:
    from ..governance.pgfeedback import cmd_export

    return cmd_export(_url(args), args.output, args.all)


def register_cli(sub, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("db", help="indexet i PostgreSQL (ASSISTANT_DATABASE_URL)")
    db = p.add_subparsers(dest="db_command", required=True)
    url = argparse.ArgumentParser(add_help=False)
    url.add_argument("--url", help="postgresql://… (standard ASSISTANT_DATABASE_URL)")
    q = db.add_parser("import", parents=[common, url],
                      help="flytta en befintlig indexmapp till databasen utan ny inbäddning")
    q.set_defaults(func=cmd_import)
    q = db.add_parser("status", parents=[common, url], help="schemaversion, generation och antal")
    q.set_defaults(func=cmd_status)
    q = db.add_parser("feedback-export", parents=[common, url],
                      help="återkopplingen i databasen som utvärderingsfrågor (JSONL)")
    q.add_argument("-o", "--output", type=Path, help="utfil (standard: skärmen)")
    q.add_argument("--all", action="store_true",
                   help="ta också med svar utan känt rätt citat (kind needs-gold, gold tom)")
    q.set_defaults(func=cmd_feedback_export)
