"""`assistant ask`: questions from the command line or stdin, answered as
text or one JSON object per line."""

from __future__ import annotations

import json
import sys

from ..errors import AssistantError, error_body
from .common import settings_of


def _questions(args) -> list[str]:
    if args.question == ["-"]:
        return [line for line in sys.stdin.read().splitlines() if line.strip()]
    return [" ".join(args.question)]


def cmd_ask(args) -> int:
    """Each question goes through the pipeline (answering/pipeline.py) with
    source "cli": one holding personal data is refused before the model or
    the index is loaded, never searched, and not echoed (its JSON line has
    "question": null)."""
    from ..answering.contract import answer_json
    from ..answering.pipeline import Ask, Assistant, admit, answer
    from ..answering.render import answer_text
    from ..errors import PersonalData

    def refused(question: str, err: AssistantError) -> None:
        if args.json:
            shown = None if isinstance(err, PersonalData) else question
            print(json.dumps(error_body(str(err), question=shown), ensure_ascii=False),
                  flush=True)
        else:
            print(f"Fel: {err}", file=sys.stderr, flush=True)

    settings = settings_of(args)
    assistant = None  # the model loads for the first question that may be searched
    status = 0
    for question in _questions(args):
        request = Ask(question, "cli", k=args.k, municipality=args.municipality, year=args.year)
        try:
            admitted = admit(request, settings)
        except AssistantError as err:  # BadQuestion, PersonalData
            refused(question, err)
            status = 2
            continue
        assistant = assistant or Assistant(settings)
        try:
            asked = answer(assistant, admitted)
        except AssistantError as err:
            refused(question, err)
            status = 2
            continue
        if args.json:
            print(json.dumps(answer_json(asked.answer), ensure_ascii=False), flush=True)
        else:
            print(answer_text(asked.answer) + "\n", flush=True)
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
