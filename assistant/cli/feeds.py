"""`assistant add --feed URL`, `assistant refresh`, `assistant copy ID URL`
and `assistant watch ...`: feeds, re-checks at the source and other places
an article is published (editors/feeds.py, refresh.py, places.py, watch.py).
Every change goes through the editors' journal with its audit row, like a
change on the editors' page."""

from __future__ import annotations

import sys
import time

from ..errors import AssistantError


def _editor(args):
    from ..editors.editing import Editor
    from .common import settings_of as _settings

    settings = _settings(args)
    editor = Editor.without_app(settings)
    done = editor.recover()
    if done:
        print("En redaktörs avbrutna ändring " + ("gjordes klart." if done == "forward" else
                                                  "togs tillbaka."), file=sys.stderr)
    return editor


def _actor():
    import getpass

    from ..governance.audit import Actor

    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = "okänd"
    return Actor(name, role="editor", via="cli")


def copy_line(outcome) -> str:
    """What `assistant add` prints for a near-copy of an article."""
    return (f"  Kopia:    nästan samma text (likhet {outcome.similarity:.2f}) som artikeln "
            f"{outcome.copy_of} ({outcome.message}); läggs inte till. Spara adressen som en "
            f"annan publiceringsplats med  assistant copy {outcome.copy_of} ADRESS")


def cmd_add_feed(args) -> int:
    from ..corpus.ingest import Overrides
    from ..editors.feeds import import_feed
    from .add import _print_outcome

    started = time.perf_counter()
    if args.no_index:
        raise AssistantError("--no-index går inte med --feed: artiklarna från ett flöde läggs "
                             "till och indexeras tillsammans.")
    if args.dry_run:
        return _preview_feed(args)
    editor = _editor(args)
    overrides = Overrides(municipality=args.municipality,
                          partners=tuple(args.partner) if args.partner is not None else None,
                          allow_personal_data=args.allow_personal_data)
    done = import_feed(editor, args.feed, _actor(), overrides)
    for url, reason in done.refused:
        print(f"Fel: {url}: {reason}", file=sys.stderr)
    for url, outcome in done.outcomes:
        if outcome.status == "duplicate" and outcome.copy_of:
            print(url)
            print(copy_line(outcome))
        else:
            _print_outcome(outcome)
    for problem in done.listing.problems:
        print(f"Obs: {problem}", file=sys.stderr)
    listed = len(done.listing.items)
    errors = len(done.refused) + done.count("error")
    print(f"Klart: flödet listar {listed} artiklar"
          + (f" (bara de första {listed} lästes, ASSISTANT_FEED_ITEMS)" if done.listing.truncated
             else "")
          + f"; {done.count('added')} tillagda, {done.known} fanns redan, "
            f"{done.count('duplicate')} dubbletter eller kopior, {errors} med fel; "
            f"{time.perf_counter() - started:.1f} s")
    return 2 if errors else 1 if done.count("duplicate") else 0


def _preview_feed(args) -> int:
    """--dry-run: what the feed lists and which are new; no page is fetched."""
    from ..editors.feeds import address_key, known_addresses, read_feed
    from .common import settings_of as _settings

    settings = _settings(args)
    listing = read_feed(args.feed, settings)
    db = None
    if settings.database_url:  # the notes of where each article was listed are there
        from ..index.pgstore import PgStore

        db = PgStore(settings.database_url).db
    known = known_addresses(settings.corpus_dir, db)
    new = [i for i in listing.items if address_key(i.url) not in known]
    for item in new:
        print(f"{item.url}  {item.title or ''}".rstrip())
    print(f"Flödet listar {len(listing.items)} artiklar; {len(new)} nya skulle hämtas och "
          f"läggas till, {len(listing.items) - len(new)} finns redan (skrivs inte: --dry-run)")
    return 0


def cmd_refresh(args) -> int:
    from ..editors.refresh import refresh

    editor = _editor(args)
    summary = refresh(editor, _actor(), set(args.id) if args.id else None)
    for article_id, status in summary.gone:
        print(f"Borta: {article_id}: källan svarar {status}; artikeln finns kvar tills en "
              "redaktör tar bort den.")
    for article_id, why in summary.held:
        print(f"Granska: {article_id}: {why}")
    for article_id, why in summary.failed:
        print(f"Fel: {article_id}: {why}", file=sys.stderr)
    for article_id in summary.changed:
        print(f"Uppdaterad: {article_id}")
    print(summary.line())
    return 1 if summary.gone or summary.held or summary.failed else 0


def cmd_copy(args) -> int:
    from ..editors.places import add_place

    article = add_place(_editor(args), args.article, args.url, _actor())
    print(f"{article.id}: publiceras också på " + ", ".join(article.also_published_at))
    return 0


def cmd_watch(args) -> int:
    from ..editors.watch import check_sources

    editor = _editor(args)
    watched = editor.watched
    if args.action == "add":
        watched.add_source(args.url, _actor(), trusted=args.trusted)
        print(f"Bevakas: {args.url}" + (" (betrodd: nya artiklar publiceras direkt)"
                                        if args.trusted else ""))
    elif args.action == "remove":
        watched.remove_source(args.url)
        print(f"Bevakas inte längre: {args.url}")
    elif args.action == "check":
        for line in check_sources(editor, _actor()):
            print(line)
    else:
        for s in watched.sources():
            print(f"{s.url}{' (betrodd)' if s.trusted else ''}: tillagd av {s.added_by} "
                  f"{s.added_at}; senast kontrollerad {s.last_checked or 'aldrig'}")
        for p in watched.pending():
            print(f"  väntar: {p.url} ({p.title or 'utan rubrik'}) från {p.feed}")
    return 0


def register_cli(sub, common) -> None:
    add = sub.choices["add"]
    add.add_argument("--feed", metavar="ADRESS",
                     help="lägg till varje artikel ett RSS- eller Atom-flöde eller en "
                          "webbplatskarta listar (de som redan finns hoppas över)")
    files = add.get_default("func")
    parse = add.parse_known_args

    def parse_known_args(args=None, namespace=None):
        """FIL or --feed, one of them: a usage error otherwise, like argparse's own."""
        parsed, rest = parse(args, namespace)
        if not parsed.files and not parsed.feed:
            add.error("the following arguments are required: FIL")
        if parsed.files and parsed.feed:
            add.error("argument --feed: not allowed with argument FIL")
        return parsed, rest

    add.parse_known_args = parse_known_args

    def cmd_add(args) -> int:
        if not args.feed and args.files:
            return files(args)
        if args.files or not args.feed:
            raise AssistantError("Ange filer eller webbadresser, eller --feed ADRESS (inte båda).")
        return cmd_add_feed(args)

    add.set_defaults(func=cmd_add)
    p = sub.add_parser("refresh", parents=[common], help="kontrollera artiklarna mot källorna",
                       description="Hämtar varje artikel som kom från en webbadress igen (med "
                                   "villkorlig begäran), uppdaterar de som ändrats och "
                                   "rapporterar sidor som försvunnit (404/410).")
    p.add_argument("--id", action="append", metavar="ID", help="bara den här artikeln")
    p.set_defaults(func=cmd_refresh)

    p = sub.add_parser("copy", parents=[common], help="spara en annan adress där en artikel "
                                                      "också publiceras")
    p.add_argument("article", metavar="ID", help="artikelns id")
    p.add_argument("url", metavar="ADRESS", help="den andra webbadressen")
    p.set_defaults(func=cmd_copy)

    p = sub.add_parser("watch", parents=[common], help="bevaka flöden och webbplatskartor")
    p.add_argument("action", choices=["list", "add", "remove", "check"], metavar="ÅTGÄRD",
                   help="list, add, remove eller check")
    p.add_argument("url", nargs="?", metavar="ADRESS", help="flödets adress (add, remove)")
    p.add_argument("--trusted", action="store_true",
                   help="publicera nya artiklar direkt, utan granskning")
    p.set_defaults(func=cmd_watch)
