"""`assistant ask`: questions from the command line or stdin, answered as
text or one JSON object per line."""

from __future__ import annotations

import json
import sys

from ..errors import AssistantError
from .common import settings_of


def _questions(args) -> list[str]:
    if args.question == ["-"]:
        return [line for line in sys.stdin.read().splitlines() if line.strip()]
    return [" ".join(args.question)]


def cmd_ask(args) -> int:
    """Each question is screened as the server screens it (screening.py):
    one holding personal data is refused, never searched, and not echoed
    (its JSON line has "question": null)."""
    from ..answering.contract import answer_json
    from ..answering.pipeline import Assistant
    from ..answering.render import answer_text
    from ..answering.screening import screen
    from ..errors import BadQuestion, PersonalData

    def refused(question: str, err: AssistantError) -> None:
        if args.json:
            shown = None if isinstance(err, PersonalData) else question
            print(json.dumps({"question": shown, "error": str(err)}, ensure_ascii=False),
                  flush=True)
        else:
            print(f"Fel: {err}", file=sys.stderr, flush=True)

    settings = settings_of(args)
    assistant = None  # the model loads for the first question that may be searched
    status = 0
    for question in _questions(args):
        try:
            screen(question, args.municipality, (), settings.max_question_chars)
        except BadQuestion as err:  # PersonalData too
            refused(question, err)
            status = 2
            continue
        assistant = assistant or Assistant(settings)
        try:
            answer = assistant.ask(question, k=args.k, municipality=args.municipality,
                                   year=args.year)
        except AssistantError as err:
            refused(question, err)
            status = 2
            continue
        if args.json:
            print(json.dumps(answer_json(answer), ensure_ascii=False), flush=True)
        else:
            print(answer_text(answer) + "\n", flush=True)
    return status


def register(sub, common) -> None:
    p = sub.add_parser("ask", parents=[common], help="ställ en fråga ('-' läser frågor från stdin)")
    p.add_argument("question", nargs="+", metavar="FRÅGA", help="frågan, eller - för en fråga per rad på stdin")
    p.add_argument("--json", action="store_true", help="ett JSON-objekt per fråga och rad")
    p.add_argument("-k", type=int, default=None, metavar="ANTAL", help="högst så många citat (1-10, standard 3)")
    p.add_argument("--municipality", metavar="KOMMUN", help="bara artiklar om den här kommunen")
    p.add_argument("--year", type=int, metavar="ÅR",
                   help="bara artiklar publicerade (eller uppdaterade) det året")
    p.set_defaults(func=cmd_ask)
