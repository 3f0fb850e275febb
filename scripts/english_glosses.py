"""English questions ranked with the Swedish for their words: tried, not kept.

An English question is embedded as it is. This script embeds it with the
Swedish the articles use for its words after it, from the product's own
lists (assistant/data/roles_en.txt: "head of social services = socialchef";
assistant/data/synonyms.txt, whose groups begin with a Swedish word and hold
English ones: "styrning ... governance steering control"), e.g. "What is the
basis of Söderhamn's governance? (styrning)", and prints, per corpus, the
English development questions' hit@3 and MRR@10 (declines aside, as
scripts/rank_probe.py) with and without, and how many set rows fall and
rise.

    python scripts/english_glosses.py            # the glosses as they were tried
    python scripts/english_glosses.py --blend 0.5  # the plain vector plus 0.5 x the glossed one
    # the closest to no fall: no role glossed, no word the articles' index holds glossed
    # ("vård" in "close care (nära vård)"), the manager words never glossed
    python scripts/english_glosses.py --blend 0.4 --no-roles --not-article-words \
        --wide "manager managers director leader head chief management"
    python scripts/english_glosses.py --no-words   # roles only

The figures and why it was not kept are in docs/evaluation.md ("Tried and
not kept").
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from importlib import resources
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from rank_probe import assistants, questions  # noqa: E402

# English words of a synonym group too wide to stand for its Swedish alone
WIDE = frozenset("care elderly social services service joint together work workers people "
                 "change changes council municipality municipalities money".split())


def _lines(name: str) -> list[str]:
    text = resources.files("assistant").joinpath(f"data/{name}").read_text("utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def glossary() -> tuple[tuple[tuple[str, str], ...], dict[str, str]]:
    """The English roles (the product's own list, longest first) and each English word of a
    synonym group -> the group's first, Swedish, word."""
    from assistant.retrieval.evidence import _EN_ROLES

    words: dict[str, str] = {}
    for line in _lines("synonyms.txt"):
        head, *rest = line.lower().split()
        for word in rest:
            if word not in WIDE:
                words.setdefault(word, head)
    return tuple(_EN_ROLES), words


def glossed(question: str, roles, words, vocab=None) -> str:
    """`question` with the Swedish for its roles and words in brackets; none
    for a word of the articles (`vocab`: "vård" in "close care (nära vård)")."""
    from assistant.swedish.words import terms

    low, out = question.lower(), []
    for en, sv in roles:
        role = rf"\b{re.escape(en)}s?\b"
        if re.search(role, low):
            out.append(sv)
            low = re.sub(role, " ", low)
    for w in re.findall(r"[^\W\d_]+", low):
        if vocab is not None and terms(w) and all(t in vocab for t in terms(w)):
            continue
        sv = words.get(w) or (words.get(w[:-1]) if w.endswith("s") else None)
        if sv and sv not in out and sv not in question.lower():
            out.append(sv)
    return f"{question} ({', '.join(out)})" if out else question


def main(argv=None) -> None:
    from assistant.answering.answer import to_passage
    from assistant.answering.evaluation import rank_of

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--blend", type=float, help="plain vector + BLEND x the glossed one")
    parser.add_argument("--no-roles", action="store_true", help="gloss no English role")
    parser.add_argument("--no-words", action="store_true", help="gloss roles only")
    parser.add_argument("--not-article-words", action="store_true",
                        help="gloss no word the articles hold")
    parser.add_argument("--wide", default="", help="more English words never glossed")
    args = parser.parse_args(argv)
    roles, words = glossary()
    wide = set(args.wide.split())
    words = {w: sv for w, sv in words.items() if w not in wide}
    roles = () if args.no_roles else roles
    words = {} if args.no_words else words
    found = assistants()
    ranks: dict[tuple, dict[str, int | None]] = defaultdict(dict)
    for corpus, assistant in found.items():
        s = assistant.searcher
        plain = s.embed
        for set_name, q, spans in questions(corpus, assistant, ROOT / "eval"):
            query = s.query(q.question)
            if not query.english:
                continue
            for variant in ("plain", "glossed"):
                vec = plain(query.text)
                if variant == "glossed":
                    vocab = s.data.lexical.vocab if args.not_article_words else None
                    other = plain(glossed(query.text, roles, words, vocab))
                    vec = other if args.blend is None else vec + args.blend * other
                    vec = (vec / np.linalg.norm(vec)).astype(np.float32)
                s.embed = lambda _text, _vec=vec: _vec
                hits = s.search(query, 10)
                s.embed = plain
                quotes = [to_passage(h, s.ranking) for h in hits]
                ranks[(corpus, set_name, q.id)][variant] = rank_of(
                    [(p.article.id, p.start, p.end) for p in quotes], spans)
    falls = rises = 0
    for corpus in found:
        by = defaultdict(lambda: defaultdict(list))
        for (c, set_name, _), r in ranks.items():
            if c == corpus:
                for variant, rank in r.items():
                    by[set_name][variant].append(rank)
        total = defaultdict(list)
        for set_name, r in by.items():
            h = {v: sum(1 for x in r[v] if x and x <= 3) for v in r}
            m = {v: sum(1 / x for x in r[v] if x) for v in r}
            falls += h["glossed"] < h["plain"] or m["glossed"] < m["plain"] - 1e-9
            rises += h["glossed"] > h["plain"] or m["glossed"] > m["plain"] + 1e-9
            for v in r:
                total[v] += r[v]
        n = len(total["plain"])
        print(f"{corpus}: {n} English questions; hit@3 "
              + " -> ".join(f"{sum(1 for x in total[v] if x and x <= 3) / n:.3f}"
                            for v in ("plain", "glossed"))
              + "; MRR@10 " + " -> ".join(f"{sum(1 / x for x in total[v] if x) / n:.3f}"
                                          for v in ("plain", "glossed")))
    print(f"set rows: {falls} fall, {rises} rise (hit@3 or MRR@10)")


if __name__ == "__main__":
    main()
