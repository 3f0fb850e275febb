"""Check a question file written for a sealed batch: its fields and ids, and
every gold quote verbatim in the article it names, as the product's own
parser reads the article. The writers' rules are printed by --rules; give
them, this script and copies of the articles to the writers (helpers who
see nothing else), and keep the batch outside eval/ until it is scored.

    python scripts/check_questions.py FILE.jsonl --prefix sa
    python scripts/check_questions.py FILE.jsonl --articles DIR DIR ...
    python scripts/check_questions.py --rules > RULES.md

How batches are written, scored once and opened: docs/evaluation.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.answering.evaluation import EvalQuestion, gold_spans  # noqa: E402
from assistant.corpus.articles import load_corpus  # noqa: E402
from assistant.errors import AssistantError  # noqa: E402

KINDS = ("role", "focus", "paraphrase", "whyhow", "cross", "count", "date", "english",
         "unanswerable")
CLASSES = ("amount", "date", "person", "result", "service", "other")

RULES = """# Writing evaluation questions

You write questions that Swedish municipal officials could ask a search tool
about how municipalities organise leadership and cooperation (samverkan) in
social services and elderly care. The tool answers by quoting sentences of the
articles you were given, or says that the articles do not say. Your questions
are used once to measure it. Read only those articles, these rules and the
check script. Do not look at any other file, any code, or any other question
file.

## The file

One JSON object per line (JSONL), UTF-8:

    {"id": "sa001", "question": "...", "lang": "sv", "kind": "role", "scope": "named",
     "gold": [{"article": "000-tranemo-ledningsgrupp-omsorg", "quote": "..."}]}

- `id`: your prefix and a three-digit number (sa001, sa002, ...), unique.
- `lang`: `sv` or `en`.
- `kind`: `role` (who holds a role), `focus` (what a named municipality did or
  decided), `paraphrase` (asks with other words than the article), `whyhow`
  (why something was done, how it works), `cross` (needs two articles or two
  municipalities; a gold quote from each), `count` (how many), `date` (when),
  `english` (any of these, asked in English), `unanswerable` (`gold` is `[]`).
- `scope`: `named` when the question names a municipality, `general` when not.
- `gold`: the sentences that answer, each with the article's `id` (its front
  matter's) and the whole sentence copied verbatim from the article's text.
- `class` (only for `unanswerable`): `amount` (a sum, cost, salary, budget,
  number of staff), `date`, `person` (in a role the articles do not name),
  `result` (an outcome they do not report), `service` (another service of the
  municipality: school, rescue services, transport ...), `other` (a general
  legal rule, a fact outside the articles).

## How to ask

- Write as an official types: plain, varied, sometimes lower case.
- Answerable questions are answered by the gold sentences as a reader judges.
- Unanswerable questions must be hard: name a municipality the articles cover
  and ask, on the same topic, for a fact its articles lack. They must sound
  like the answerable ones. Read every article about that municipality to be
  sure none says it. No questions about municipalities no article mentions,
  nor about unrelated topics.
- Questions about the test articles must have one answer in all the articles:
  name the municipality, or ask so precisely that no other article answers.
- No personal details of clients; officials quoted in the articles are fine.

Run the check script on your file until it prints `0 problems`.
"""


def problems(path: Path, bodies: dict[str, str], prefix: str | None) -> tuple[int, list[str]]:
    """(questions read, problems found) of the JSONL file `path`."""
    errors: list[str] = []
    seen: set[str] = set()
    n = 0
    for no, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        n += 1
        try:
            q = json.loads(line)
        except ValueError as err:
            errors.append(f"line {no}: not JSON ({err})")
            continue
        where = f"line {no} ({q.get('id', '')})"
        errors += [f"{where}: missing {k}" for k in ("id", "question", "lang", "kind", "scope",
                                                     "gold") if k not in q]
        if q.get("id") in seen:
            errors.append(f"{where}: id used twice")
        seen.add(q.get("id"))
        if prefix and not str(q.get("id", "")).startswith(prefix):
            errors.append(f"{where}: id must start with {prefix}")
        english = q.get("kind") == "english"
        if q.get("lang") not in ("sv", "en") or english and q.get("lang") != "en":
            errors.append(f"{where}: lang must be sv or en (en for kind english)")
        if q.get("kind") not in KINDS or q.get("scope") not in ("named", "general"):
            errors.append(f"{where}: kind must be one of {KINDS}, scope named or general")
        gold = q.get("gold") or []
        if q.get("kind") == "unanswerable" and (gold or q.get("class") not in CLASSES):
            errors.append(f"{where}: unanswerable needs gold [] and a class of {CLASSES}")
        if q.get("kind") != "unanswerable" and not gold:
            errors.append(f"{where}: an answerable question needs a gold quote")
        for g in gold:
            article, quote = g.get("article"), g.get("quote") or ""
            if article not in bodies:
                errors.append(f"{where}: no article {article!r}")
            elif len(quote) < 25 or not _verbatim(article, quote, bodies):
                errors.append(f"{where}: quote not a whole sentence verbatim in {article}: "
                              f"{quote[:70]!r}")
    return n, errors


def _verbatim(article: str, quote: str, bodies: dict[str, str]) -> bool:
    """The quote found as the evaluation finds a gold quote (evaluation.gold_spans)."""
    try:
        gold_spans(EvalQuestion("", "", "", ((article, quote),)), bodies)
    except AssistantError:
        return False
    return True


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("file", nargs="?", type=Path)
    p.add_argument("--prefix", help="the ids' prefix (sa, sb ...)")
    p.add_argument("--articles", nargs="+", type=Path,
                   default=[ROOT / "corpus", ROOT / "eval" / "grown"])
    p.add_argument("--rules", action="store_true", help="print the writers' rules")
    args = p.parse_args()
    if args.rules:
        print(RULES, end="")
        return 0
    if args.file is None:
        p.error("give a question file, or --rules")
    bodies = {a.id: a.body for d in args.articles for a in load_corpus(d).articles}
    n, errors = problems(args.file, bodies, args.prefix)
    print(f"{n} questions, {len(errors)} problems")
    for e in errors:
        print(" ", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
