"""`assistant` command line: index, ask, eval. Heavy imports happen per command."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from .errors import AssistantError


def _settings(args):
    from .config import Settings

    return Settings.from_env(corpus_dir=args.corpus, index_dir=args.index,
                             model=getattr(args, "model", None))


def cmd_index(args) -> int:
    from tqdm import tqdm

    from .embedding import load_embedder
    from .service import update_index

    settings = _settings(args)
    if not settings.corpus_dir.is_dir():
        raise AssistantError(f"Hittar ingen artikelmapp {settings.corpus_dir}.")
    embedder = load_embedder(settings.model, threads=2)
    bar = tqdm(total=0, unit="text", desc="Bäddar in", disable=args.quiet, file=sys.stderr)
    summary, problems = update_index(
        settings, embedder, rebuild=args.rebuild, progress=bar.update,
        on_total=lambda n: setattr(bar, "total", n) or bar.refresh())
    bar.close()
    for file, reason in problems:
        print(f"Hoppade över {file}: {reason}", file=sys.stderr)
    print(f"Index klart i {settings.index_dir}: {summary.line()}")
    return 1 if problems else 0


def _questions(args) -> list[str]:
    if args.question == ["-"]:
        return [line for line in sys.stdin.read().splitlines() if line.strip()]
    return [" ".join(args.question)]


def cmd_ask(args) -> int:
    from .contract import answer_json
    from .render import answer_text
    from .service import Assistant

    assistant = Assistant(_settings(args))
    status = 0
    for question in _questions(args):
        try:
            answer = assistant.ask(question, k=args.k, municipality=args.municipality,
                                   year=args.year)
        except AssistantError as err:
            if args.json:
                print(json.dumps({"question": question, "error": str(err)}, ensure_ascii=False))
            else:
                print(f"Fel: {err}", file=sys.stderr)
            status = 2
            continue
        if args.json:
            print(json.dumps(answer_json(answer), ensure_ascii=False), flush=True)
        else:
            print(answer_text(answer) + "\n", flush=True)
    return status


def cmd_eval(args) -> int:
    from .evaluation import evaluate, format_report, read_questions
    from .service import Assistant

    questions = read_questions(Path(args.file))
    result = evaluate(Assistant(_settings(args)), questions)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        if args.verbose:
            for r in result["questions"]:
                print(json.dumps(r, ensure_ascii=False))
        print(format_report(result))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assistant",
        description="Svarar på frågor om ledning och samverkan genom att citera artiklar.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--corpus", type=Path, help="artikelmapp (standard ./corpus, ASSISTANT_CORPUS)")
    common.add_argument("--index", type=Path, help="indexmapp (standard ./index, ASSISTANT_INDEX)")
    common.add_argument("--model", help="inbäddningsmodell: namn eller lokal mapp (ASSISTANT_MODEL)")
    common.add_argument("-v", "--verbose", action="store_true", help="mer utskrift")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("index", parents=[common], help="bygg eller uppdatera indexet")
    p.add_argument("--rebuild", action="store_true", help="bygg om allt från början")
    p.add_argument("-q", "--quiet", action="store_true", help="ingen förloppsindikator")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("ask", parents=[common], help="ställ en fråga ('-' läser frågor från stdin)")
    p.add_argument("question", nargs="+", help="frågan, eller - för en fråga per rad på stdin")
    p.add_argument("--json", action="store_true", help="ett JSON-objekt per fråga och rad")
    p.add_argument("-k", type=int, default=None, help="högst så många citat (1-10, standard 3)")
    p.add_argument("--municipality", help="bara artiklar om den här kommunen")
    p.add_argument("--year", type=int, help="bara artiklar publicerade (eller uppdaterade) det året")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("eval", parents=[common], help="mät träffsäkerhet på en JSONL-fil")
    p.add_argument("file", help="frågor med guldcitat, en per rad (JSONL)")
    p.add_argument("--json", action="store_true", help="skriv resultatet som JSON")
    p.set_defaults(func=cmd_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.func(args)
    except AssistantError as err:
        print(f"Fel: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Avbrutet.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
