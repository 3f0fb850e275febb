"""How the decline readings behave on questions they were not fitted to.

Every reading behind a binary evidence feature (`missing_count`,
`fact_head_missing`, `subject_absent`, ...) was written or mended on the
development sets, so on them it almost never fires for an answerable
question, and a model fitted on those rows trusts it fully. This script
measures the same features as they were when each batch was first scored:
with the code of that commit, on questions nobody had read. The rows of the
opened batches are kept in eval/first-score/, and the shipped model is
fitted on them (scripts/fit_answerability.py).

    # per batch, in a checkout of the commit it was first scored on (a worktree),
    # with its sets and the test articles of the commit that opened it:
    git worktree add /tmp/wt-q 74fc100 && cd /tmp/wt-q && python -m assistant.cli index
    git -C /work/main archive a255b60 eval/grown | tar -x -C /tmp/grown-q
    python /work/main/scripts/fresh_rows.py collect /tmp/fresh-q.json \\
        --grown /tmp/grown-q/eval/grown --cache /work/main/.cache/eval SETS.jsonl ...
    # then, in the main checkout (after `scripts/fit_answerability.py --rows
    # development` has collected the development rows into
    # .cache/eval/answerability-rows.json):
    python scripts/fresh_rows.py report /tmp/fresh-*.json

`report` prints, per feature, how often it fires for answerable and for
unanswerable questions on the development rows and on the fresh ones, and
what the shipped model would decide with the feature off: how many
answerable questions it would no longer decline, and how many unanswerable.
Each fresh wrong decline is listed by the features that fired for it.

    python scripts/fresh_rows.py compare /tmp/fresh-*.json

`compare` sets the shipped model against a model fitted on the fresh rows
themselves (grouped cross-validation, fold seeds 7, 1, 2, 3, 4: every
probability held out), each at the threshold where a given share of the
fresh answerable questions is declined (2 to 5 %), and prints what share of
the unanswerable ones each then declines, per corpus. The shipped model has
seen the rows in eval/first-score/, so compare it on rows outside them (a
new sealed batch's).
The commits of each batch are in docs/evaluation.md ("Readings on questions
they were not fitted to").
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# the definition of the features the rows hold; rows without it were collected
# before a list of municipalities found by its articles got no gap (_rows)
EVIDENCE = 2
RULES = ("kind_missing", "missing_count", "missing_amount", "missing_result", "missing_name",
         "result_pending", "asks_before", "service_missing", "role_unnamed", "subject_absent",
         "fact_head_missing", "fact_name_missing", "fact_object_missing")


def group_key(question: str) -> str:
    """A question's key for the folds: the same question on both corpora, or
    in two sets, stays in one fold (fit_answerability.near_duplicates joins
    those with a word changed)."""
    return " ".join(question.lower().split())


def question_rows(shipped, grown, files: list[Path]) -> list[dict]:
    """One row per question of `files` and corpus (`shipped`, `grown`:
    Assistants): its gold, whether a structural check declined it, the
    decision and the evidence measured. The rows scripts/fit_answerability.py
    fits on are made here too, so that fresh rows and development rows are
    read alike. Imports the `assistant` package first on the path."""
    from assistant.answering.evaluation import GROWN, SHIPPED, counts_on, read_questions, sets_about
    from assistant.retrieval.answerability import structural

    about = sets_about(files, {a.id for a in shipped.searcher.data.articles})
    rows = []
    for corpus, assistant in ((SHIPPED, shipped), (GROWN, grown)):
        searcher = assistant.searcher
        covered = frozenset(searcher.covered_names)
        ids = {a.id for a in searcher.data.articles}
        for path in files:
            for q in read_questions(path):
                answerable = bool(q.gold) and all(a in ids for a, _ in q.gold)
                if not answerable and not counts_on(corpus, path.stem, q.question, about,
                                                     covered):
                    continue
                asked = assistant.ask_ranked(q.question, depth=10)
                query = asked.answer.query
                gated = asked.evidence is None or structural(
                    query, asked.ranked, searcher.covered_places,
                    searcher.searchable(query)) is not None
                rows.append({"corpus": corpus, "set": path.stem, "id": q.id,
                             "question": q.question, "group": group_key(q.question),
                             "kind": q.kind, "class": q.cls,
                             "answerable": answerable, "gated": gated,
                             "declined": asked.answer.no_answer,
                             "features": asked.evidence.as_dict() if asked.evidence else None,
                             "evidence": EVIDENCE})
        print(f"{corpus}: {sum(r['corpus'] == corpus for r in rows)} rows", file=sys.stderr)
    return rows


def collect(out: Path, files: list[Path], grown_dir: Path, cache: Path) -> None:
    """Rows of `files` on the shipped and the grown corpus, with the code of
    the current directory (the checkout of the commit under test)."""
    here = Path.cwd()
    sys.path.insert(0, str(here))
    from assistant.answering.evaluation import grown_assistant
    from assistant.answering.pipeline import Assistant
    from assistant.config import Settings

    settings = Settings.from_env(corpus_dir=here / "corpus", index_dir=here / "index")
    shipped = Assistant(settings)
    grown = grown_assistant(settings, shipped.embedder, grown_dir, cache,
                            log=lambda m: print(m, file=sys.stderr))
    rows = question_rows(shipped, grown, files)
    out.write_text(json.dumps(rows), "utf-8")
    print(f"{len(rows)} rows -> {out}", file=sys.stderr)


def _rows(path: Path) -> list[dict]:
    """The rows `collect` wrote to `path` (gzipped when it ends in .gz), their
    features brought to today's definitions where the old ones can be
    rewritten exactly: `missing_name` 0 before the "name" kind existed, and
    no `kind_support_gap` for a list of municipalities found by its articles
    (before, read as no sentence holding it: gap 0.1 with the kind found, the
    one case where that pair arose)."""
    text = gzip.decompress(path.read_bytes()).decode("utf-8") if path.suffix == ".gz" \
        else path.read_text("utf-8")
    rows = json.loads(text)
    for r in rows:
        r.setdefault("group", group_key(r["question"]))
        f = r["features"]
        if f is None or r.get("evidence", 1) >= EVIDENCE:
            continue
        f.setdefault("missing_name", 0.0)
        if f["kind_missing"] == 0.0 and f["kind_support_gap"] == 0.1 \
                and f["kind_support_lex"] == 0.0:
            f["kind_support_gap"] = 0.0
    return rows


def _model_rows(path: Path) -> list[dict]:
    """The rows the model decides: not declined by a structural check."""
    return [r for r in _rows(path) if not r["gated"] and r["features"] is not None]


def report(fresh_files: list[Path], dev_file: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from assistant.retrieval.answerability import shipped_model

    model = shipped_model()

    def declined(features: dict) -> bool:
        return model.probability_of(features) < model.threshold

    dev = _model_rows(dev_file)
    fresh = [r for f in fresh_files for r in _model_rows(f)]

    def rate(rows, name, answerable):
        some = [r for r in rows if r["answerable"] == answerable]
        return sum(r["features"][name] for r in some) / max(len(some), 1)

    def off(rows, name):
        undone = lost = 0
        for r in rows:
            if r["features"][name] != 1.0 or not declined(r["features"]):
                continue
            changed = dict(r["features"], **{name: 0.0})
            if name.startswith("missing_"):  # a kind missing is the kind's reading too
                changed["kind_missing"] = 0.0
            elif name == "kind_missing":
                changed.update({n: 0.0 for n in changed if n.startswith("missing_")})
            if not declined(changed):
                undone += r["answerable"]
                lost += not r["answerable"]
        return undone, lost

    # the shipped model reads the evidence; if it was refitted since a batch's
    # first score, the decisions printed are today's model's, not that score's
    moved = sum(r.get("declined", declined(r["features"])) != declined(r["features"])
                for r in fresh)
    if moved:
        print(f"note: {moved} fresh rows were decided otherwise at their first score "
              "(another model then); the figures below are the shipped model's")
    print(f"rows for the model: development {len(dev)}, fresh {len(fresh)} "
          f"({sum(r['answerable'] for r in fresh)} answerable)")
    print(f"{'feature':<20} {'fires, answerable':>18} {'fires, unanswerable':>20}   "
          f"{'off: wrong declines undone / unanswerable declines lost':>56}")
    print(f"{'':<20} {'dev':>8} {'fresh':>9} {'dev':>9} {'fresh':>10}   {'dev':>25} {'fresh':>24}")
    for name in RULES:
        dev_off, fresh_off = off(dev, name), off(fresh, name)
        print(f"{name:<20} {rate(dev, name, True):>8.3f} {rate(fresh, name, True):>9.3f} "
              f"{rate(dev, name, False):>9.3f} {rate(fresh, name, False):>10.3f}   "
              f"{dev_off[0]:>15} / {dev_off[1]:<7} {fresh_off[0]:>15} / {fresh_off[1]:<7}")
    wrong = [r for r in fresh if r["answerable"] and declined(r["features"])]
    print(f"\nfresh answerable questions the shipped model declines: {len(wrong)}, "
          "by the features that fired:")
    by = Counter(tuple(n for n in RULES if r["features"][n] == 1.0) or ("(none)",) for r in wrong)
    for fired, n in by.most_common():
        print(f"  {n:>3}  {', '.join(fired)}")


def compare(fresh_files: list[Path], l2: float = 3.0) -> None:
    import numpy as np

    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "scripts"))
    import fit_answerability as fa
    from assistant.retrieval.answerability import FEATURES, shipped_model

    model = shipped_model()
    rows = [r for f in fresh_files for r in _rows(f)]
    fa.near_duplicates(rows)  # a question with a word changed stays in one fold too
    mrows = [r for r in rows if not r["gated"]]
    x = np.array([[r["features"][n] for n in FEATURES] for r in mrows])
    y = np.array([float(r["answerable"]) for r in mrows])
    probs = {"shipped model": np.array([model.probability_of(r["features"]) for r in mrows])}
    held = np.zeros(len(y))
    seeds = (7, 1, 2, 3, 4)
    for seed in seeds:
        fold = fa.folds_of([r["group"] for r in mrows], 10, seed)
        for k in range(10):
            fitted = fa.Fitted(x[fold != k], y[fold != k], l2)
            held[fold == k] += fitted.prob(x[fold == k]) / len(seeds)
    probs["fitted on fresh rows, held out"] = held
    answerable = sum(r["answerable"] for r in rows)
    gated_wrong = sum(r["gated"] and r["answerable"] for r in rows)
    print(f"{len(rows)} fresh rows, {len(mrows)} for the model; AUC: " + ", ".join(
        f"{name} {fa.auc(p, y):.3f}" for name, p in probs.items()))

    def per_corpus(p: np.ndarray, cut: float) -> str:
        decided = {id(r): (q, cut) for r, q in zip(mrows, p)}
        return ", ".join(f"{c} {f['wrongly_declined']:.3f}/{f['unanswerable_declined']:.3f}"
                         for c, f in ((c, fa.decline_figures([r for r in rows if r["corpus"] == c],
                                                             decided))
                                      for c in ("shipped", "grown")))

    print(f"the shipped model at its threshold {model.threshold:.3f}: "
          + per_corpus(probs["shipped model"], model.threshold))
    print("wrongly declined / unanswerable declined at the threshold for a wrong-decline share:")
    for share in (0.02, 0.03, 0.04, 0.05):
        k = max(int(share * answerable) - gated_wrong, 0)  # answerable rows under the cut
        print(f"  {share:.0%}  " + "   |   ".join(
            f"{name}: " + per_corpus(p, sorted(p[y == 1])[k]) for name, p in probs.items()))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("collect", help="rows of question sets, with the code of the current dir")
    c.add_argument("out", type=Path)
    c.add_argument("sets", type=Path, nargs="+")
    c.add_argument("--grown", type=Path, required=True, help="the test articles")
    c.add_argument("--cache", type=Path, required=True, help="where the grown index is kept")
    r = sub.add_parser("report", help="fresh rows against the development rows")
    r.add_argument("fresh", type=Path, nargs="+")
    r.add_argument("--dev", type=Path, default=ROOT / ".cache" / "eval" / "answerability-rows.json")
    c = sub.add_parser("compare", help="the shipped model against one fitted on fresh rows")
    c.add_argument("fresh", type=Path, nargs="+")
    args = parser.parse_args(argv)
    if args.command == "collect":
        collect(args.out, args.sets, args.grown, args.cache)
    elif args.command == "report":
        report(args.fresh, args.dev)
    else:
        compare(args.fresh)


if __name__ == "__main__":
    main()
