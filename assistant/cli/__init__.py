"""The `assistant` command: its parser and the index, add, remove, ask and
eval commands (commands.py), the database commands (db.py) and argparse in
Swedish (arguments.py). Imports every wing below it; nothing imports it."""

from .pipes import main  # commands.main, quiet on a closed pipe

__all__ = ["main"]
