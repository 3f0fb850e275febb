"""`assistant add`: articles from files or web addresses, shown as read,
written to corpus/ and indexed (or all withdrawn)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..answering.citation import date_words
from ..errors import AssistantError
from .common import settings_of
from .index import settle_editors_change, update_index_shown


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
    dates = date_words(published, updated)
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
    settings = settings_of(args)
    if len(args.files) > 1 and (args.title is not None or args.id is not None):
        raise AssistantError(
            "--title och --id gäller en fil i taget; lägg till filerna var för sig.")
    if not args.dry_run and settings.corpus_dir.is_dir():
        settle_editors_change(settings)
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
            status = max(status, update_index_shown(settings, args.quiet))
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


def register(sub, common) -> None:
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
