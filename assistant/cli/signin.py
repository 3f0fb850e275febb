"""`assistant editors link`: a one-time sign-in link to the editors' pages,
for trying them on this machine (web/local_sign_in.py says what makes it
safe: loopback only, once, for five minutes)."""

from __future__ import annotations

import getpass


def cmd_link(args) -> int:
    from ..config import Settings
    from ..governance.audit import record_cli
    from ..governance.local_links import LINK_SECONDS, SIGN_IN_PATH, new_link

    settings = Settings.from_env(corpus_dir=args.corpus, index_dir=args.index)
    try:
        name = getpass.getuser()
    except Exception:  # no user name in this environment
        name = "lokal redaktör"
    code = new_link(settings, name)
    record_cli(settings, "editors.link", detail={"minutes": LINK_SECONDS // 60})
    print(f"http://127.0.0.1:{settings.port}{SIGN_IN_PATH}?kod={code}")
    print(f"Öppna länken i en webbläsare på den här datorn inom {LINK_SECONDS // 60} minuter. "
          "Den fungerar en gång, och bara direkt från den här datorn (inte via en proxy); "
          "du är sedan inloggad som redaktör i en timme.")
    return 0


def register_cli(sub, common) -> None:
    p = sub.add_parser("editors", help="redaktörernas sidor")
    actions = p.add_subparsers(dest="editors_command", required=True, metavar="ÅTGÄRD")
    link = actions.add_parser("link", parents=[common],
                              help="skriv ut en engångslänk för att logga in som redaktör "
                                   "på den här datorn")
    link.set_defaults(func=cmd_link)
