"""The `assistant` command: its parser, made of each command module's
`register` (index.py, add.py, ask.py, eval.py, db.py, and the governance
exports), and `main`, which runs one and turns an AssistantError into one
Swedish line and exit code 2. Heavy imports happen per command."""

from __future__ import annotations

import importlib.util
import logging
import sys
from pathlib import Path

from ..errors import AssistantError
from . import add, ask, eval as eval_, index
from .arguments import SwedishParser


def build_parser() -> SwedishParser:
    parser = SwedishParser(
        prog="assistant",
        description="Svarar på frågor om ledning och samverkan genom att citera artiklar.")
    common = SwedishParser(add_help=False)
    common.add_argument("--corpus", type=Path, metavar="MAPP",
                        help="artikelmapp (standard ./corpus, ASSISTANT_CORPUS)")
    common.add_argument("--index", type=Path, metavar="MAPP", help="indexmapp (standard ./index, ASSISTANT_INDEX)")
    common.add_argument("--model", metavar="MODELL",
                        help="inbäddningsmodell: namn eller lokal mapp (ASSISTANT_MODEL)")
    common.add_argument("-v", "--verbose", action="store_true", help="mer utskrift")
    sub = parser.add_subparsers(dest="command", required=True, title="kommandon",
                                metavar="KOMMANDO")

    for command in (index, add, ask, eval_):
        command.register(sub, common)
    from . import db  # `assistant db import`, `assistant db status`
    from . import feeds  # `assistant add --feed`, `refresh`, `copy`, `watch`

    feeds.register_cli(sub, common)
    from . import remove, signin  # `assistant remove`, `assistant editors link`

    remove.register_cli(sub, common)
    signin.register_cli(sub, common)

    db.register_cli(sub, common)
    if importlib.util.find_spec("..governance.feedback", __package__) is not None:
        from ..governance import feedback  # written separately; adds `assistant feedback export`

        feedback.register_cli(sub)
    from ..governance import audit  # `assistant audit export`

    audit.register_cli(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        status = args.func(args)
        # corpus changes and feedback export are audited
        from ..governance.audit import record_command

        record_command(args, status)
        return status
    except AssistantError as err:
        print(f"Fel: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Avbrutet.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
