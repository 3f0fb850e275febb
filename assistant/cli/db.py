"""`assistant db import|export|status|feedback-export`: the PostgreSQL store
from the command line.

`import` moves a folder deployment into the database as it is (the vectors
are copied, nothing is embedded again); `export DIR` writes it back out as
a folder deployment (cli/dbmove.py).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from ..errors import AssistantError
from ..storage.pgdb import server_name


def _url(args) -> str:
    from ..config import Settings

    url = args.url or Settings.from_env().database_url
    if not url:
        raise AssistantError("Ange databasen med --url eller ASSISTANT_DATABASE_URL.")
    return url


def cmd_import(args) -> int:
    from ..config import Settings
    from .dbmove import import_folder

    started = time.perf_counter()
    settings = Settings.from_env(corpus_dir=args.corpus, index_dir=args.index)
    url = _url(args)
    n = import_folder(settings, url)
    print(f"Klart: {n['articles']} artiklar ({n['files']} med sin fil), "
          f"{n.get('chunks', 0)} textavsnitt och {n.get('sentences', 0)} meningar från "
          f"{settings.index_dir}; {n['audit']} rader i granskningsloggen, {n['gaps']} "
          f"obesvarade frågor, {n['feedback']} återkopplingar, {n['notes']} "
          f"redaktörsnoteringar och {n['watched']} bevakade källor till databasen "
          f"{server_name(url)}; inget bäddades in på nytt; "
          f"{time.perf_counter() - started:.1f} s")
    return 0


def cmd_export(args) -> int:
    from .dbmove import export_folder

    url = _url(args)
    n = export_folder(url, args.folder)
    print(f"Klart: {n['articles']} artiklar, {n['audit']} rader i granskningsloggen, "
          f"{n['gaps']} obesvarade frågor, {n['feedback']} återkopplingar, {n['notes']} "
          f"redaktörsnoteringar och {n['watched']} bevakade källor från databasen "
          f"{server_name(url)} till {args.folder}. "
          f"Starta med ASSISTANT_CORPUS={args.folder / 'corpus'} ASSISTANT_INDEX="
          f"{args.folder / 'index'} och utan ASSISTANT_DATABASE_URL.")
    return 0


def cmd_status(args) -> int:
    from ..storage.pgdb import schema_version
    from ..index.pgstore import PgStore

    store = PgStore(_url(args))
    with store.db.connection() as conn:
        version = schema_version(conn)
        gen, manifest = conn.execute("SELECT generation, manifest FROM index_state").fetchone()
        counts = [conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("articles", "chunks", "sentences", "audit", "declined", "feedback",
                            "watched_sources")]
    print(f"{store.describe()}: schemaversion {version}, generation {gen}, "
          f"modell {manifest.get('model') or '(inget index)'}; "
          f"{counts[0]} artiklar, {counts[1]} textavsnitt, {counts[2]} meningar; "
          f"{counts[3]} rader i granskningsloggen, {counts[4]} obesvarade frågor, "
          f"{counts[5]} återkopplingar, {counts[6]} bevakade källor")
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
                      help="flytta en mappinstallation (index, artiklar, granskningslogg, "
                           "obesvarade frågor, återkoppling, bevakade källor) till databasen "
                           "utan ny inbäddning")
    q.set_defaults(func=cmd_import)
    q = db.add_parser("export", parents=[common, url],
                      help="skriv databasen som en mappinstallation i en ny mapp")
    q.add_argument("folder", type=Path, metavar="MAPP", help="en ny eller tom mapp")
    q.set_defaults(func=cmd_export)
    q = db.add_parser("status", parents=[common, url], help="schemaversion, generation och antal")
    q.set_defaults(func=cmd_status)
    q = db.add_parser("feedback-export", parents=[common, url],
                      help="återkopplingen i databasen som utvärderingsfrågor (JSONL)")
    q.add_argument("-o", "--output", type=Path, help="utfil (standard: skärmen)")
    q.add_argument("--all", action="store_true",
                   help="ta också med svar utan känt rätt citat (kind needs-gold, gold tom)")
    q.set_defaults(func=cmd_feedback_export)
