"""`assistant eval`: the evaluation of question files, or of every set on
the shipped and the grown corpus (--all)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..errors import AssistantError
from .common import settings_of


def cmd_eval(args) -> int:
    from ..answering.evaluation import evaluate, format_report, read_questions
    from ..answering.pipeline import Assistant

    if args.all:
        return _eval_all(args)
    if not args.file:
        raise AssistantError("Ange en eller flera frågefiler (JSONL), eller --all.")
    assistant = Assistant(settings_of(args))
    for n, path in enumerate(args.file):
        result = evaluate(assistant, read_questions(Path(path)))
        if args.json:
            print(json.dumps({"file": str(path), **result}, ensure_ascii=False, indent=2))
            continue
        if args.verbose:
            for r in result["questions"]:
                print(json.dumps({k: v for k, v in r.items() if k != "shown"},
                                 ensure_ascii=False))
        title = f"{chr(10) if n else ''}== {path}\n" if len(args.file) > 1 else ""
        print(title + format_report(result), flush=True)
    return 0


def _eval_all(args) -> int:
    """Every question set of the eval folder on the shipped corpus and on the
    grown one (shipped articles + the test articles), through `ask`."""
    from ..answering.evaluation import (format_suite, grown_assistant, question_files,
                                        sets_about, suite)
    from ..answering.pipeline import Assistant

    settings = settings_of(args)
    files = [Path(f) for f in args.file] or question_files(args.sets)
    if not files:
        raise AssistantError(f"Hittar inga frågefiler i {args.sets}.")
    shipped = Assistant(settings)
    ids = {a.id for a in shipped.searcher.data.articles}
    grown = None
    if args.grown and args.grown.is_dir():
        grown = grown_assistant(settings, shipped.embedder, args.grown, args.cache,
                                log=lambda m: print(m, file=sys.stderr))
    result = suite(shipped, grown, files, sets_about(files, ids))
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(format_suite(result, per_kind=not args.brief))
    return 0


def register(sub, common) -> None:
    p = sub.add_parser("eval", parents=[common], help="mät träffsäkerhet på JSONL-filer")
    p.add_argument("file", metavar="FIL", nargs="*",
                   help="frågor med guldcitat, en per rad (JSONL)")
    p.add_argument("--json", action="store_true", help="skriv resultatet som JSON")
    p.add_argument("--all", action="store_true",
                   help="alla frågefiler i --sets (eller de angivna), både på artiklarna "
                        "och på den utökade korpusen (artiklarna + --grown)")
    p.add_argument("--sets", type=Path, default=Path("eval"), metavar="MAPP",
                   help="mappen med frågefiler för --all (standard eval)")
    p.add_argument("--grown", type=Path, default=Path("eval/grown"), metavar="MAPP",
                   help="testartiklar som läggs till artiklarna för --all (standard eval/grown)")
    p.add_argument("--cache", type=Path, default=Path(".cache/eval"), metavar="MAPP",
                   help="där den utökade korpusens index sparas (standard .cache/eval)")
    p.add_argument("--brief", action="store_true", help="--all: bara en rad per fil")
    p.set_defaults(func=cmd_eval)
