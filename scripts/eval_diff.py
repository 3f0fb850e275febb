"""Per set and corpus, hit@3 and MRR@10 before -> after, from two saved
outputs of `assistant eval --all` (text), marking a set whose hit@3 or MRR
falls. On the grown corpus the `unique` rows count, on the shipped one `all`.

    assistant eval --all > after.txt
    python scripts/eval_diff.py before.txt after.txt
"""

from __future__ import annotations

import sys

COUNTED = {"shipped": "all", "grown": "unique"}


def parse(path: str) -> dict[tuple[str, str, str], list[str]]:
    """(corpus, set, group) -> the row's cells (n, hit@1, hit@3, hit@10, MRR@10,
    wrongly declined, unanswerable declined; blank cells left out)."""
    out, corpus, current = {}, None, None
    for line in open(path, encoding="utf-8"):
        if line.startswith("== "):
            corpus = line.split()[1]
            continue
        parts = line.split()
        if not parts or parts[0] == "set":
            continue
        if not line.startswith(" "):
            current, parts = parts[0], parts[1:]
        out[(corpus, current, parts[0])] = parts[1:]
    return out


def main(before: str, after: str) -> None:
    a, b = parse(before), parse(after)
    print(f"{'corpus':<8}{'set':<17}{'n':>4}  {'hit@3':>15}  {'MRR@10':>15}")
    for (corpus, name, group), old in a.items():
        new = b.get((corpus, name, group))
        if group != COUNTED.get(corpus) or not new or len(old) < 5:
            continue
        falls = float(new[2]) < float(old[2]) or float(new[4]) < float(old[4])
        print(f"{corpus:<8}{name:<17}{old[0]:>4}  {old[2]} -> {new[2]}  {old[4]} -> {new[4]}"
              + ("  falls" if falls else "  *" if old != new else ""))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
