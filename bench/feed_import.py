"""What `assistant add --feed` costs for a feed of N new articles (issue 22).

    .venv/bin/python bench/feed_import.py [--items 500]

A local site (tests/feed_site.py) lists N news pages (about 90 words each)
in an RSS feed; they are imported into an empty corpus with the real model
(multilingual-e5-small) and index, BATCH at a time. Prints the seconds in
all and per article, the requests, and the passages embedded; then imports
the feed again (every item known: one request, nothing added).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from feed_site import Site  # noqa: E402

from assistant.config import Settings  # noqa: E402
from assistant.editors.editing import Editor  # noqa: E402
from assistant.editors.feeds import BATCH, import_feed  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=500)
    args = parser.parse_args()
    site = Site(items=args.items).start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "corpus"
            corpus.mkdir()
            settings = replace(Settings.from_env(env={}, corpus_dir=corpus,
                                                 index_dir=Path(tmp) / "index"),
                               fetch_allow=("127.0.0.1/32",), audit_db=Path(tmp) / "a.sqlite3")
            editor = Editor.without_app(settings)
            feed = site.rss([f"/nyheter/{n}" for n in range(args.items)])
            embedded = []
            reindex = editor.reindex

            def counted():
                reindex()
                embedded.append(editor.last_build.embedded_texts)
            editor.reindex = counted
            started = time.perf_counter()
            done = import_feed(editor, feed)
            seconds = time.perf_counter() - started
            print(f"Import av ett flöde med {args.items} nya artiklar ({BATCH} per ändring): "
                  f"{done.count('added')} tillagda, {len(done.refused) + done.count('error')} "
                  f"fel, {len(site.requests)} förfrågningar, {sum(embedded)} textavsnitt "
                  f"inbäddade; {seconds:.1f} s ({1000 * seconds / args.items:.0f} ms per "
                  "artikel, modellens laddning medräknad)")
            before = len(site.requests)
            started = time.perf_counter()
            again = import_feed(editor, feed)
            print(f"Samma flöde igen: {again.known} fanns redan, {again.count('added')} "
                  f"tillagda, {len(site.requests) - before} förfrågan; "
                  f"{time.perf_counter() - started:.2f} s")
    finally:
        site.stop()


if __name__ == "__main__":
    main()
