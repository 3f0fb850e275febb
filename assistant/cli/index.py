"""`assistant index`: build or update the index; also the index update that
`assistant add` runs after adding articles."""

from __future__ import annotations

import sys

from ..errors import AssistantError
from .common import settings_of


def update_index_shown(settings, quiet: bool, rebuild: bool = False) -> int:
    """Build or update the index with a progress bar; print the summary line.

    Returns 1 if some article files were skipped, else 0.
    """
    from tqdm import tqdm

    from ..index.embedding import load_embedder
    from ..index.build import update_index

    embedder = load_embedder(settings.model, threads=2)
    bars = []  # the bar starts once the number of texts to embed is known

    def on_total(n: int) -> None:
        bars.append(tqdm(total=n, unit="text", desc="Bäddar in", disable=quiet or n == 0,
                         file=sys.stderr))

    try:
        summary, problems = update_index(settings, embedder, rebuild=rebuild,
                                         progress=lambda n: bars and bars[-1].update(n),
                                         on_total=on_total)
    except BaseException:
        for bar in bars:  # wiped, so that the error is the one line left
            bar.leave = False
            bar.close()
        raise
    for bar in bars:
        bar.close()
    for file, reason in problems:
        print(f"Hoppade över {file}: {reason}", file=sys.stderr)
    where = "databasen (ASSISTANT_DATABASE_URL)" if settings.database_url else settings.index_dir
    print(f"Index klart i {where}: {summary.line()}")
    return 1 if problems else 0


def settle_editors_change(settings) -> None:
    """An editor's change a killed app left is completed or undone before a
    command touches corpus/ or the index (editing.py), so that an article
    without its audit row is never indexed."""
    from ..editors.editing import Editor

    done = Editor.without_app(settings).recover()
    if done:
        print("En redaktörs avbrutna ändring " + ("gjordes klart." if done == "forward" else
                                                  "togs tillbaka."), file=sys.stderr)


def cmd_index(args) -> int:
    from ..index.store import check_index_writable

    settings = settings_of(args)
    if not settings.corpus_dir.is_dir():
        raise AssistantError(f"Hittar ingen artikelmapp {settings.corpus_dir}.")
    settle_editors_change(settings)
    check_index_writable(settings.index_dir)  # before minutes of embedding
    return update_index_shown(settings, args.quiet, rebuild=args.rebuild)


def register(sub, common) -> None:
    p = sub.add_parser("index", parents=[common], help="bygg eller uppdatera indexet")
    p.add_argument("--rebuild", action="store_true", help="bygg om allt från början")
    p.add_argument("-q", "--quiet", action="store_true", help="ingen förloppsindikator")
    p.set_defaults(func=cmd_index)
