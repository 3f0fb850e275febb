"""The `assistant` command: its parser and `main` (commands.py), one module
per command (index.py, add.py, ask.py, eval.py, db.py), what they share
(common.py) and argparse in Swedish (arguments.py). Imports every wing below
it; nothing imports it. A new command is a module with `register(sub,
common)`, listed in commands.build_parser."""

from .pipes import main  # commands.main, quiet on a closed pipe

__all__ = ["main"]
