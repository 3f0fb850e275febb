"""What `assistant refresh` costs for unchanged articles (issue 22).

    .venv/bin/python bench/refresh.py [--articles 500] [--repeats 3]

A local site (tests/feed_site.py) serves N news pages; a corpus of N
articles taken from them is written, and the refresh state is noted as an
import notes it (one fetch per page: its ETag, Last-Modified and hash).
Then, measured in this run, with the real editors' refresh (no model is
loaded: nothing changes, so nothing is embedded):
- a site that answers conditional requests: requests sent, 304s, seconds;
- a site that ignores them (always 200, same bytes): requests, bytes read,
  seconds: the content hash still spares the reading and the embedding.
Each median of --repeats runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from feed_site import Site, article_text  # noqa: E402

from assistant.config import Settings  # noqa: E402
from assistant.corpus.articles import format_article  # noqa: E402
from assistant.editors.editing import Editor  # noqa: E402
from assistant.editors.fetch import allow_list, fetch  # noqa: E402
from assistant.editors.refresh import State, page_hash, refresh  # noqa: E402


def setup(n: int, folder: Path) -> tuple[Site, Editor]:
    site = Site(items=n).start()
    corpus = folder / "corpus"
    corpus.mkdir()
    settings = replace(Settings.from_env(env={}, corpus_dir=corpus, index_dir=folder / "index"),
                       fetch_allow=("127.0.0.1/32",), audit_db=folder / "audit.sqlite3")
    state = State(corpus)
    allow = allow_list(settings.fetch_allow)
    for i in range(n):
        title, paragraphs = article_text(i)
        url = site.url(f"/nyheter/{i}")
        (corpus / f"{i:03d}-nyhet.md").write_text(format_article(
            title=title, body="\n\n".join(paragraphs), id=f"{i:03d}-nyhet", source=url),
            encoding="utf-8")
        got = fetch(url, allow)  # as an import notes it
        state.remember(f"{i:03d}-nyhet", url, got.etag, got.last_modified,
                       page_hash(got.file.read_bytes()))
    state.save()
    return site, Editor.without_app(settings)


def measure(site: Site, editor: Editor, repeats: int) -> tuple[float, int, int, int]:
    """(median seconds, requests, 304s, embedded) of a refresh."""
    times, last = [], None
    for _ in range(repeats):
        before = len(site.requests)
        started = time.perf_counter()
        summary = refresh(editor)
        times.append(time.perf_counter() - started)
        conditional = sum(1 for _, c in site.requests[before:] if c)
        assert summary.unchanged == summary.checked, summary.line()
        last = (summary.requests, conditional, summary.embedded, summary.line())
    print("  " + last[3])
    return statistics.median(times), last[0], last[1], last[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site, editor = setup(args.articles, Path(tmp))
        try:
            n = args.articles
            print(f"Refresh av {n} oförändrade artiklar, median av {args.repeats} körningar:")
            seconds, requests, conditional, embedded = measure(site, editor, args.repeats)
            print(f"med ETag/Last-Modified (304): {requests} förfrågningar ({conditional} "
                  f"villkorliga), {seconds:.2f} s, {1000 * seconds / n:.1f} ms per artikel, "
                  f"{embedded} textavsnitt inbäddade")
            site.etags = False
            seconds, requests, _, embedded = measure(site, editor, args.repeats)
            size = sum(len(site.pages[f"/nyheter/{i}"][2]) for i in range(n))
            print(f"utan villkorliga svar (200, samma innehåll, jämförs med hash): {requests} "
                  f"förfrågningar, {size / 1e6:.2f} MB lästa, {seconds:.2f} s, "
                  f"{1000 * seconds / n:.1f} ms per artikel, {embedded} textavsnitt inbäddade")
        finally:
            site.stop()


if __name__ == "__main__":
    main()
