"""`assistant` command line: index, add, ask, eval. Heavy imports happen per command."""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import sys
from pathlib import Path

from ..errors import AssistantError
from .arguments import SwedishParser


def _settings(args):
    from ..config import Settings

    return Settings.from_env(corpus_dir=args.corpus, index_dir=args.index,
                             model=getattr(args, "model", None))


def _update_index(settings, quiet: bool, rebuild: bool = False) -> int:
    """Build or update the index with a progress bar; print the summary line.

    Returns 1 if some article files were skipped, else 0.
    """
    from tqdm import tqdm

    from ..index.embedding import load_embedder
    from ..index.build import update_index

    embedder = load_embedder(settings.model, threads=2)
    bars = []  # the bar starts once the number of texts to embed is known

    def on_total(n: int) -> None:
        bars.append(tqdm(total=n, unit="text", desc="Bäddar in", disable=quiet or n == 0,
                         file=sys.stderr))

    try:
        summary, problems = update_index(settings, embedder, rebuild=rebuild,
                                         progress=lambda n: bars and bars[-1].update(n),
                                         on_total=on_total)
    except BaseException:
        for bar in bars:  # wiped, so that the error is the one line left
            bar.leave = False
            bar.close()
        raise
    for bar in bars:
        bar.close()
    for file, reason in problems:
        print(f"Hoppade över {file}: {reason}", file=sys.stderr)
    where = "databasen (ASSISTANT_DATABASE_URL)" if settings.database_url else settings.index_dir
    print(f"Index klart i {where}: {summary.line()}")
    return 1 if problems else 0


def _settle_editors_change(settings) -> None:
    """An editor's change a killed app left is completed or undone before a
    command touches corpus/ or the index (editing.py), so that an article
    without its audit row is never indexed."""
    from ..editors.editing import Editor

    done = Editor.without_app(settings).recover()
    if done:
        print("En redaktörs avbrutna ändring " + ("gjordes klart." if done == "forward" else
                                                  "togs tillbaka."), file=sys.stderr)


def cmd_index(args) -> int:
    from ..index.store import check_index_writable

    settings = _settings(args)
    if not settings.corpus_dir.is_dir():
        raise AssistantError(f"Hittar ingen artikelmapp {settings.corpus_dir}.")
    _settle_editors_change(settings)
    check_index_writable(settings.index_dir)  # before minutes of embedding
    return _update_index(settings, args.quiet, rebuild=args.rebuild)


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the working folder if inside it."""
    relative = Path(os.path.relpath(path))
    return path.as_posix() if relative.parts[:1] == ("..",) else relative.as_posix()


def _print_outcome(outcome) -> None:
    a, e = outcome.article, outcome.extracted
    if outcome.status == "error":
        sys.stdout.flush()
        print(f"Fel: {_shown(outcome.input)}: {outcome.message}", file=sys.stderr)
        return
    print(_shown(outcome.input))
    title = a.title if a else e.title
    municipality = a.municipality if a else e.municipality
    published = a.published if a else e.published
    updated = a.updated if a else e.updated
    body = a.body if a else e.body
    place = (f"{municipality} ({outcome.municipality_reason})" if municipality else
             f"ingen ({outcome.municipality_reason}; ange den med --municipality)")
    dates = ", ".join(f"{label} {day}" for label, day in (("publicerad", published),
                                                          ("uppdaterad", updated)) if day)
    paragraphs = body.strip().count("\n\n") + 1
    print(f"  Rubrik:   {title or '(ingen)'}")
    print(f"  Kommun:   {place}")
    print(f"  Datum:    {dates or 'inget hittat (ange med --published)'}")
    print(f"  Text:     {len(body.split())} ord i {paragraphs} "
          f"{'stycke' if paragraphs == 1 else 'stycken'}")
    for note in outcome.notes:
        print(f"  Obs:      {note}")
    if outcome.personal_data and outcome.status in ("checked", "added"):
        where = f" i {outcome.personal_data_where}" if outcome.personal_data_where else ""
        told = ("publiceras eftersom du angav --allow-personal-data" if outcome.status == "added"
                else "läggs bara till med --allow-personal-data")
        print(f"  Varning:  innehåller personuppgifter ({', '.join(outcome.personal_data)})"
              f"{where}; {told}")
    if outcome.status == "duplicate" and outcome.copy_of:
        from .feeds import copy_line

        print(copy_line(outcome))
    elif outcome.status == "duplicate":
        print(f"  Dubblett: samma text som {outcome.message}, läggs inte till")
    elif outcome.status == "checked":
        print(f"  Fil:      {_shown(outcome.file)} (skrivs inte: --dry-run)")
    else:
        print(f"  Fil:      {_shown(outcome.file)}")


def _add_inputs(settings, inputs: list[str], overrides, dry_run: bool, counts: dict):
    """Outcomes of the files, then of the web addresses (editors/fetch.py: each
    fetched with the checks of the editors' page, its address the source)."""
    import shutil
    from dataclasses import replace

    from ..corpus.extract.process import Budget
    from ..corpus.ingest import add_files
    from ..editors.fetch import allow_list, fetch
    from ..errors import FetchRefused

    urls = [f for f in inputs if f.lower().startswith(("http://", "https://"))]
    files = [Path(f) for f in inputs if f not in urls]
    if files:
        yield from add_files(settings.corpus_dir, files, overrides, dry_run=dry_run,
                             budget=Budget.of(settings))
    for url in urls:
        try:
            fetched = fetch(url, allow_list(settings.fetch_allow), settings.fetch_timeout)
        except FetchRefused as err:
            print(f"Fel: {url}: {err}", file=sys.stderr)
            counts["error"] += 1
            continue
        try:
            yield from add_files(settings.corpus_dir, [fetched.file],
                                 replace(overrides, source=fetched.url), dry_run=dry_run,
                                 budget=Budget.of(settings))
        finally:
            shutil.rmtree(fetched.file.parent, ignore_errors=True)


def cmd_add(args) -> int:
    import time

    from ..errors import StorageError
    from ..corpus.ingest import Overrides, withdraw
    from ..index.store import check_index_writable

    started = time.perf_counter()
    settings = _settings(args)
    if len(args.files) > 1 and (args.title is not None or args.id is not None):
        raise AssistantError(
            "--title och --id gäller en fil i taget; lägg till filerna var för sig.")
    if not args.dry_run and settings.corpus_dir.is_dir():
        _settle_editors_change(settings)
    if not (args.dry_run or args.no_index):
        # corpus/ stays untouched unless the index can take the new articles
        check_index_writable(settings.index_dir)
    overrides = Overrides(title=args.title, municipality=args.municipality,
                          published=args.published, updated=args.updated, id=args.id,
                          partners=tuple(args.partner) if args.partner is not None else None,
                          allow_personal_data=args.allow_personal_data)
    counts = {"added": 0, "checked": 0, "duplicate": 0, "error": 0}
    words = 0
    written: list[Path] = []
    for outcome in _add_inputs(settings, args.files, overrides, args.dry_run, counts):
        _print_outcome(outcome)
        counts[outcome.status] += 1
        if outcome.status in ("added", "checked"):
            words += len(outcome.article.body.split())
        if outcome.status == "added":
            written.append(outcome.file)
    sys.stdout.flush()

    status = 2 if counts["error"] else 1 if counts["duplicate"] else 0
    if counts["added"] and not args.no_index:
        try:
            status = max(status, _update_index(settings, args.quiet))
        except StorageError as err:
            withdraw(written)  # the index could not take them: corpus/ as it was
            print(f"Fel: {err} Inga artiklar lades till.", file=sys.stderr)
            return 2
        except (AssistantError, KeyboardInterrupt) as err:
            print(f"Fel: artiklarna är sparade i {_shown(settings.corpus_dir)} men indexet "
                  f"uppdaterades inte ({err or 'avbrutet'}). Kör  assistant index  för att göra "
                  "dem sökbara.", file=sys.stderr)
            return 2 if isinstance(err, AssistantError) else 130
    elif counts["added"]:
        print("Kör  assistant index  för att göra dem sökbara.")

    done = counts["checked"] if args.dry_run else counts["added"]
    verb = "kan läggas till" if args.dry_run else "tillagd" if done == 1 else "tillagda"
    skipped = [f"{n} {one if n == 1 else many}" for n, one, many in (
        (counts["duplicate"], "dubblett", "dubbletter"),
        (counts["error"], "fil med fel", "filer med fel")) if n]
    print(f"Klart: {done} {'artikel' if done == 1 else 'artiklar'} {verb} ({words} ord)"
          + (f", hoppade över {' och '.join(skipped)}" if skipped else "")
          + f"; {time.perf_counter() - started:.1f} s")
    return status


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

    settings = _settings(args)
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


def cmd_eval(args) -> int:
    from ..answering.evaluation import evaluate, format_report, read_questions
    from ..answering.pipeline import Assistant

    if args.all:
        return _eval_all(args)
    if not args.file:
        raise AssistantError("Ange en eller flera frågefiler (JSONL), eller --all.")
    assistant = Assistant(_settings(args))
    for n, path in enumerate(args.file):
        result = evaluate(assistant, read_questions(Path(path)))
        if args.json:
            print(json.dumps({"file": str(path), **result}, ensure_ascii=False, indent=2))
            continue
        if args.verbose:
            for r in result["questions"]:
                print(json.dumps(r, ensure_ascii=False))
        title = f"{chr(10) if n else ''}== {path}\n" if len(args.file) > 1 else ""
        print(title + format_report(result), flush=True)
    return 0


def _eval_all(args) -> int:
    """Every question set of the eval folder on the shipped corpus and on the
    grown one (shipped articles + the test articles), through `ask`."""
    from ..answering.evaluation import (format_suite, grown_assistant, question_files,
                                        sets_about, suite)
    from ..answering.pipeline import Assistant

    settings = _settings(args)
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

    p = sub.add_parser("index", parents=[common], help="bygg eller uppdatera indexet")
    p.add_argument("--rebuild", action="store_true", help="bygg om allt från början")
    p.add_argument("-q", "--quiet", action="store_true", help="ingen förloppsindikator")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser(
        "add", parents=[common], help="lägg till artiklar från .txt, .md, .html eller .pdf",
        description="Läser varje fil, visar vad som hittades (rubrik, kommun, datum, antal ord), "
                    "skriver en artikelfil i artikelmappen och uppdaterar indexet. Filer med fel "
                    "och dubbletter hoppas över; inget annat i artikelmappen eller indexet ändras.")
    p.add_argument("files", nargs="*", metavar="FIL",
                   help="filer att lägga till, eller webbadresser (https://…)")
    p.add_argument("--title", metavar="RUBRIK", help="rubrik (om den inte hittas eller är fel)")
    p.add_argument("--municipality", metavar="KOMMUN", help="kommunen artikeln gäller (\"\" för ingen)")
    p.add_argument("--partner", action="append", metavar="KOMMUN",
                   help="kommun i en gemensam organisation (kan anges flera gånger)")
    p.add_argument("--published", metavar="DATUM", help="publiceringsdatum, t.ex. 2019-04-01")
    p.add_argument("--updated", metavar="DATUM", help="datum för senaste uppdatering")
    p.add_argument("--id", metavar="ID", help="artikelns id, också filnamnet (standard: nummer och rubrik)")
    p.add_argument("--allow-personal-data", action="store_true",
                   help="publicera artiklar som innehåller personuppgifter (personnummer, "
                        "telefonnummer, e-postadresser); utan den läggs de inte till")
    p.add_argument("-n", "--dry-run", action="store_true",
                   help="visa bara vad som skulle läggas till, skriv inget")
    p.add_argument("--no-index", action="store_true",
                   help="uppdatera inte indexet (kör assistant index efteråt)")
    p.add_argument("-q", "--quiet", action="store_true", help="ingen förloppsindikator")
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("ask", parents=[common], help="ställ en fråga ('-' läser frågor från stdin)")
    p.add_argument("question", nargs="+", metavar="FRÅGA", help="frågan, eller - för en fråga per rad på stdin")
    p.add_argument("--json", action="store_true", help="ett JSON-objekt per fråga och rad")
    p.add_argument("-k", type=int, default=None, metavar="ANTAL", help="högst så många citat (1-10, standard 3)")
    p.add_argument("--municipality", metavar="KOMMUN", help="bara artiklar om den här kommunen")
    p.add_argument("--year", type=int, metavar="ÅR",
                   help="bara artiklar publicerade (eller uppdaterade) det året")
    p.set_defaults(func=cmd_ask)

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

    from . import db  # `assistant db import`, `assistant db status`

    db.register_cli(sub, common)
    from . import feeds  # `assistant add --feed`, `refresh`, `copy`, `watch`

    feeds.register_cli(sub, common)
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
