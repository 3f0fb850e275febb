"""argparse in Swedish: help headings, usage and usage errors.

argparse writes its own words in English ("usage:", "error: argument -k:
invalid int value: 'x'"). `SwedishParser` words them in Swedish and reports
a usage error as one line on stderr with exit code 2, like every other error
of the command line.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

_TYPES = {"int": "ett heltal", "float": "ett tal", "Path": "en sökväg"}

# argparse's messages (Python 3.11-3.13) -> Swedish
_MESSAGES: list[tuple[re.Pattern, object]] = [
    (re.compile(r"argument (?P<arg>.+?): invalid (?P<type>\w+) value: (?P<value>.+)"),
     lambda m: f"{m['arg']}: {m['value']} är inte {_TYPES.get(m['type'], 'giltigt')}"),
    (re.compile(r"argument (?P<arg>.+?): invalid choice: (?P<value>.+?) \(choose from (?P<ok>.+)\)"),
     lambda m: f"{m['arg']}: {m['value']} finns inte; välj bland {m['ok']}"),
    (re.compile(r"argument (?P<arg>.+?): expected one argument"),
     lambda m: f"{m['arg']} behöver ett värde"),
    (re.compile(r"argument (?P<arg>.+?): expected at least one argument"),
     lambda m: f"{m['arg']} behöver minst ett värde"),
    (re.compile(r"argument (?P<arg>.+?): ignored explicit argument (?P<value>.+)"),
     lambda m: f"{m['arg']} tar inget värde ({m['value']})"),
    (re.compile(r"argument (?P<arg>.+?): not allowed with argument (?P<other>.+)"),
     lambda m: f"{m['arg']} kan inte anges tillsammans med {m['other']}"),
    (re.compile(r"the following arguments are required: (?P<args>.+)"),
     lambda m: f"saknas: {m['args'].replace('command', 'kommando')}"),
    (re.compile(r"unrecognized arguments: (?P<args>.+)"),
     lambda m: f"okänt argument: {m['args']}"),
    (re.compile(r"ambiguous option: (?P<opt>\S+) could match (?P<ok>.+)"),
     lambda m: f"{m['opt']} kan betyda {m['ok']}; skriv ut hela flaggan"),
]


def swedish_message(message: str) -> str:
    """argparse's English usage error in Swedish (unknown ones as they are)."""
    for pattern, say in _MESSAGES:
        match = pattern.fullmatch(message)
        if match:
            return say(match)
    return message


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "användning: " if prefix is None else prefix)


class SwedishParser(argparse.ArgumentParser):
    """An ArgumentParser whose help and errors are Swedish; sub-commands made
    with `add_subparsers().add_parser` are SwedishParsers too."""

    def __init__(self, *args, add_help: bool = True, parents=(), **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "argument"
        self._optionals.title = "flaggor"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help="visa den här hjälpen och avsluta")
        # as ArgumentParser does, but after the headings are Swedish, so that a
        # parent's flags join "flaggor" instead of making a second group
        for parent in parents:
            self._add_container_actions(parent)
            self._defaults.update(parent._defaults)

    def error(self, message: str) -> NoReturn:
        """One line on stderr, exit code 2."""
        self.exit(2, f"Fel: {swedish_message(message)}. Se  {self.prog} --help\n")

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            sys.stderr.write(message)
        raise SystemExit(status)
