"""`assistant remove ID...`: an article out of the corpus and the index,
through the editors' path (editors/editing.py: Editor.remove): atomic, the
file kept aside, one audit row per article naming the OS user.

Registered by commands.build_parser with one call (register_cli)."""

from __future__ import annotations

import getpass
import sys

from ..errors import AssistantError


def _actor():
    from ..governance.audit import Actor

    try:
        name = getpass.getuser()
    except Exception:  # no user name in this environment
        name = "okänd"
    return Actor(name, role="editor", via="cli", address="local")


def cmd_remove(args) -> int:
    from ..answering.pipeline import Assistant
    from ..config import Settings
    from ..editors.editing import Editor
    from ..errors import ArticleNotFound
    from ..governance.audit import AuditLog

    settings = Settings.from_env(corpus_dir=args.corpus, index_dir=args.index,
                                 model=getattr(args, "model", None))
    assistant = Assistant.open(settings)
    editor = Editor(assistant, settings, settings.removed_dir, AuditLog(settings.audit_db))
    status = 0
    for article_id in args.ids:
        try:
            _, article = editor.find(article_id)
            if not args.yes and sys.stdin.isatty():
                answer = input(f"Ta bort ”{article.title}” ({article_id})? [j/N] ")
                if answer.strip().lower() not in ("j", "ja", "y", "yes"):
                    print(f"Inte borttagen: {article_id}")
                    continue
            kept = editor.remove(article_id, _actor())
        except ArticleNotFound as err:
            print(f"Fel: {err}", file=sys.stderr)
            status = 2
            continue
        except AssistantError as err:
            print(f"Fel: {article_id}: {err}", file=sys.stderr)
            status = 2
            continue
        print(f"Borttagen: {article_id} – ”{article.title}”. Den finns inte längre i "
              f"indexet; filen är sparad som {kept}.", flush=True)
    return status


def register_cli(sub, common) -> None:
    p = sub.add_parser("remove", parents=[common],
                       help="ta bort artiklar ur korpusen och indexet (filen sparas undan)")
    p.add_argument("ids", nargs="+", metavar="ID", help="artikelns id (se `assistant ask` eller "
                                                         "/api/articles)")
    p.add_argument("-y", "--ja", dest="yes", action="store_true",
                   help="fråga inte om bekräftelse")
    p.set_defaults(func=cmd_remove)
