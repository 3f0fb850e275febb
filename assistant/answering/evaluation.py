"""Retrieval quality on a JSONL file of questions with verbatim gold passages,
scored on what the official sees: the quotes of `assistant ask`.

A question is asked twice, as the CLI and the API answer it: with the
default k (`Settings.top_k`, 3) for hit@1, hit@3 and declining, and with
k=10 for hit@10 and MRR@10. A hit is a returned passage (its quote) that
overlaps a gold span in the same article; a declined answer returns no
passages, so it hits nothing.

Each line: {"id", "question", "kind", "gold": [{"article": id, "quote": str}]},
optionally "class" (what an unanswerable question asks for: date, amount ...);
an empty gold list marks a question the corpus cannot answer.

`suite` scores every set of a folder on the shipped corpus and on a grown
one (the shipped articles plus a folder of test articles), each through
the pipeline's `ask` (source "eval": no observer counts it);
`assistant eval --all` prints it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import AssistantError
from .pipeline import Ask, ask

MRR_AT = 10


@dataclass(frozen=True)
class EvalQuestion:
    id: str
    question: str
    kind: str
    gold: tuple[tuple[str, str], ...]  # (article id, verbatim quote)
    cls: str | None = None  # an unanswerable question's class ("date", "amount" ...)


def read_questions(path: Path) -> list[EvalQuestion]:
    out = []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            out.append(EvalQuestion(d.get("id", f"line{n}"), d["question"], d.get("kind", "?"),
                                    tuple((g["article"], g["quote"]) for g in d.get("gold", [])),
                                    d.get("class")))
        except (ValueError, KeyError, TypeError):
            raise AssistantError(f"{path}:{n}: raden är inte en giltig fråga i JSON") from None
    return out


def gold_spans(q: EvalQuestion, bodies: dict[str, str]) -> list[tuple[str, int, int]]:
    spans = []
    for article, quote in q.gold:
        pos = bodies.get(article, "").find(quote)
        if pos < 0:
            raise AssistantError(f"{q.id}: guldcitatet finns inte ordagrant i {article}")
        spans.append((article, pos, pos + len(quote)))
    return spans


def rank_of(spans_found, spans) -> int | None:
    """Rank of the first (article, start, end) that overlaps a gold span."""
    for rank, (article, start, end) in enumerate(spans_found, 1):
        if any(article == a and start < e and s < end for a, s, e in spans):
            return rank
    return None


def ranked_answer(assistant, question: str, ranking=None):
    """(answer, best MRR_AT hits) by the path `assistant ask` takes."""
    asked = ask(assistant, Ask(question, "eval", depth=MRR_AT, ranking=ranking))
    return asked.answer, list(asked.ranked)


def _spans_of(answer) -> list[tuple[str, int, int]]:
    return [(p.article.id, p.start, p.end) for p in answer.passages]


def score_question(spans, short, long) -> dict:
    """One question's row from its gold spans, its answer at the default k
    (`short`) and at k=10 (`long`)."""
    return {"answerable": bool(spans), "rank": rank_of(_spans_of(short), spans),
            "rank@10": rank_of(_spans_of(long), spans), "declined": short.no_answer}


def evaluate(assistant, questions: list[EvalQuestion], ranking=None) -> dict:
    """Metrics overall and per kind, plus one row per question; `ranking`
    (a RankingSettings) replaces the assistant's for this run."""
    ranking = ranking or assistant.settings.ranking
    data = assistant.searcher.data
    bodies = {a.id: a.body for a in data.articles}
    k = assistant.settings.top_k
    rows = []
    for q in questions:
        spans = gold_spans(q, bodies)
        short = ask(assistant, Ask(q.question, "eval", k=k, ranking=ranking)).answer
        long = ask(assistant, Ask(q.question, "eval", k=MRR_AT, ranking=ranking)).answer
        row = {"id": q.id, "kind": q.kind, **score_question(spans, short, long)}
        row["top"] = short.passages[0].article.id if short.passages else None
        # what the official would see at k=10, for a reader's blind judging
        # (scripts/judge_pool.py, scripts/judged_eval.py --json)
        row["shown"] = [{"article": p.article.id, "start": p.start, "end": p.end,
                         "quote": p.quote} for p in long.passages]
        if q.cls:
            row["class"] = q.cls
        rows.append(row)
    return {"metrics": grouped_metrics(rows), "questions": rows}


def grouped_metrics(rows: list[dict]) -> dict:
    """Metrics of all rows, per kind and per unanswerable class ("class:date")."""
    groups = defaultdict(list)
    for r in rows:
        groups["all"].append(r)
        groups[r["kind"]].append(r)
        if r.get("class"):
            groups[f"class:{r['class']}"].append(r)
    return {kind: metrics(v) for kind, v in groups.items()}


def metrics(rows: list[dict]) -> dict:
    """hit@1 and hit@3 on the default-k answer, hit@10 and MRR@10 on the k=10
    answer, declines on the default-k answer."""
    ans = [r for r in rows if r["answerable"]]
    una = [r for r in rows if not r["answerable"]]
    m: dict = {"questions": len(rows), "answerable": len(ans), "unanswerable": len(una)}
    if ans:
        for n in (1, 3):
            m[f"hit@{n}"] = round(sum(1 for r in ans if r["rank"] and r["rank"] <= n) / len(ans), 3)
        m[f"hit@{MRR_AT}"] = round(sum(1 for r in ans if r["rank@10"]) / len(ans), 3)
        m[f"mrr@{MRR_AT}"] = round(sum(1 / r["rank@10"] for r in ans if r["rank@10"]) / len(ans), 3)
        m["wrongly_declined"] = round(sum(r["declined"] for r in ans) / len(ans), 3)
    if una:
        m["declined_unanswerable"] = round(sum(r["declined"] for r in una) / len(una), 3)
    return m


def format_report(result: dict) -> str:
    cols = ["questions", "hit@1", "hit@3", f"hit@{MRR_AT}", f"mrr@{MRR_AT}", "wrongly_declined",
            "declined_unanswerable"]
    lines = ["kind            " + " ".join(f"{c:>10}" for c in cols)]
    metrics = result["metrics"]
    for kind in ["all"] + sorted(k for k in metrics if k != "all"):
        m = metrics[kind]
        cells = [f"{'-':>10}" if c not in m else f"{m[c]:>10}" if c == "questions"
                 else f"{m[c]:>10.3f}" for c in cols]
        lines.append(f"{kind:<16}" + " ".join(cells))
    return "\n".join(lines)


# --- every set on every corpus: `assistant eval --all`

SHIPPED, GROWN = "shipped", "grown"


def question_files(folder: Path) -> list[Path]:
    """The question sets of `folder`: each *.jsonl whose first line is a
    question (eval/judged.jsonl holds judgements, not questions)."""
    out = []
    for path in sorted(folder.glob("*.jsonl")):
        first = next((line for line in path.read_text("utf-8").splitlines() if line.strip()), "")
        try:
            if "question" in json.loads(first):
                out.append(path)
        except ValueError:
            continue
    return out


def corpus_key(folders: list[Path], model: str, chunking: dict) -> str:
    """A hash of every article file's name and bytes, the model and the
    chunking: the cached index of a corpus is reused while it is unchanged."""
    import hashlib

    from ..corpus.articles import article_files

    h = hashlib.sha256(json.dumps([model, chunking], sort_keys=True).encode())
    for folder in folders:
        for file in sorted(article_files(folder)):
            h.update(file.name.encode() + b"\0" + file.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def grown_assistant(settings, embedder, extra: Path, cache: Path, log=print):
    """An Assistant over the shipped articles plus those of `extra`, its
    index built once under `cache/grown-<content hash>/` and reused."""
    import shutil

    from ..corpus.articles import article_files
    from ..errors import IndexCorrupt, IndexMismatch, IndexMissing
    from ..index.build import chunking_settings, update_index
    from ..index.embedding import canonical_model_name
    from .pipeline import Assistant

    folders = [settings.corpus_dir, extra]
    key = corpus_key(folders, canonical_model_name(embedder.name), chunking_settings(settings))
    root = cache / f"grown-{key}"
    grown = replace(settings, corpus_dir=root / "corpus", index_dir=root / "index",
                    database_url="")
    if not (root / "index").is_dir():
        shutil.rmtree(root, ignore_errors=True)
        (root / "corpus").mkdir(parents=True)
        for folder in folders:
            for file in article_files(folder):
                shutil.copy2(file, root / "corpus" / file.name)
    try:
        return Assistant(grown, embedder)
    except (IndexMissing, IndexMismatch, IndexCorrupt):
        log(f"Bygger indexet för den utökade korpusen i {root} (en gång) ...")
        update_index(grown, embedder)
        return Assistant(grown, embedder)


def unique_on_grown(question: str, covered: frozenset[str]) -> bool:
    """A question of a shipped set keeps one answer on the grown corpus when
    it names a municipality: a general question ("Vad kostar hemtjänsten?")
    may also be answered by a test article, which its gold cannot show."""
    from ..swedish.places import question_places

    return bool(question_places(question, covered))


def counts_on(corpus: str, set_name: str, question: str, about: set[str],
              covered: frozenset[str]) -> bool:
    """A question of `set_name` counts on `corpus` (the `unique` rows): on
    the shipped corpus always; on the grown one when its set is about the
    test articles (`about`, see `sets_about`) or it has one answer there
    (`unique_on_grown`; `covered`: the municipalities the articles are about)."""
    return corpus != GROWN or set_name in about or unique_on_grown(question, covered)


def sets_about(files: list[Path], ids: set[str]) -> set[str]:
    """The names of the sets with a gold passage in an article outside `ids`
    (the shipped corpus): sets about the test articles."""
    return {p.stem for p in files
            if any(a not in ids for q in read_questions(p) for a, _ in q.gold)}


def suite(shipped, grown, files: list[Path], grown_sets: set[str] = frozenset(),
          ranking=None) -> dict:
    """Every set of `files` on both corpora (`shipped`, `grown`: Assistants;
    `grown` None: the shipped corpus only). Sets named in `grown_sets` are
    about the test articles: on the shipped corpus every question of theirs
    is unanswerable. Rows carry `unique` on the grown corpus (see
    `unique_on_grown`); "all" counts every row, gold only."""
    out: dict = {}
    for corpus, assistant in ((SHIPPED, shipped), (GROWN, grown)):
        if assistant is None:
            continue
        covered = frozenset(assistant.searcher.covered_names)
        ids = {a.id for a in assistant.searcher.data.articles}
        per_set = {}
        for path in files:
            questions = read_questions(path)
            if path.stem in grown_sets and corpus == SHIPPED:
                questions = [replace(q, gold=(), kind="unanswerable", cls="not-in-corpus")
                             if any(a not in ids for a, _ in q.gold) else q for q in questions]
            result = evaluate(assistant, questions, ranking)
            by_id = {q.id: q for q in questions}
            for row in result["questions"]:
                row["unique"] = counts_on(corpus, path.stem, by_id[row["id"]].question,
                                          grown_sets, covered)
            unique = [r for r in result["questions"] if r["unique"]]
            per_set[path.stem] = {"metrics": result["metrics"],
                                  "unique": grouped_metrics(unique) if unique else {},
                                  "questions": result["questions"]}
        pooled = [r for s in per_set.values() for r in s["questions"]]
        per_set["pooled"] = {"metrics": grouped_metrics(pooled),
                             "unique": grouped_metrics([r for r in pooled if r["unique"]]),
                             "questions": []}
        out[corpus] = {"articles": len(ids), "sets": per_set}
    return out


_COLS = ("questions", "hit@1", "hit@3", f"hit@{MRR_AT}", f"mrr@{MRR_AT}", "wrongly_declined",
         "declined_unanswerable")
_HEAD = ("n", "hit@1", "hit@3", "hit@10", "MRR@10", "wrong-decl", "unans-decl")


def _cells(m: dict) -> str:
    return " ".join(f"{'':>10}" if c not in m else f"{m[c]:>10}" if c == "questions"
                    else f"{m[c]:>10.3f}" for c in _COLS)


def format_suite(result: dict, per_kind: bool = True) -> str:
    """Per corpus and set: all questions, then per kind and per class; on the
    grown corpus the figure that counts is "unique" (see `suite`)."""
    lines = []
    for corpus, res in result.items():
        scope = ("" if corpus == SHIPPED else
                 "; 'unique' = questions with one answer there (a set about the test articles, "
                 "or naming a municipality), 'all' = every question, gold only (undercounts)")
        lines += ["", f"== {corpus} corpus ({res['articles']} articles){scope}",
                  f"{'set':<16}{'group':<22}" + " ".join(f"{h:>10}" for h in _HEAD)]
        for name, s in res["sets"].items():
            groups = [("all", s["metrics"]["all"])]
            if corpus == GROWN and s["unique"]:
                groups = [("unique", s["unique"]["all"])] + groups
            if per_kind:
                kinds = s["unique"] if corpus == GROWN and s["unique"] else s["metrics"]
                groups += [(k, kinds[k]) for k in sorted(kinds) if k != "all"]
            for n, (group, m) in enumerate(groups):
                lines.append(f"{name if n == 0 else '':<16}{group:<22}{_cells(m)}")
    return "\n".join(lines).lstrip("\n")
