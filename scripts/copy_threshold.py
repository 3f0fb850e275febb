"""Measure where a republished copy ends and another article begins, for
corpus/copies.py's threshold (ASSISTANT_COPY_THRESHOLD).

Prints the exact Jaccard similarity of word shingles (and the MinHash
estimate) for every pair of distinct articles in corpus/ and eval/grown/
(the highest ones), and for republished variants of each article made here:
another frame around it, its last paragraph left out, one word in 25
changed, dates and municipality names changed, and only the first half (an
excerpt, which should NOT count as a copy).

    .venv/bin/python scripts/copy_threshold.py [--k 5]
"""

from __future__ import annotations

import argparse
import itertools
import re
import statistics
from pathlib import Path

from assistant.corpus import copies
from assistant.corpus.articles import load_corpus

FRAME = ("Nyhet från Samverkan Sjuhärad\n\nDela sidan: Facebook, LinkedIn, e-post\n\n{body}\n\n"
         "Sidan publicerades också på kommunens webbplats. Kontakta kommunikationsenheten "
         "för frågor om innehållet. Senast granskad av webbredaktionen.")


def variants(body: str) -> dict[str, str]:
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    words = body.split(" ")
    changed = " ".join(("ändrat" if i % 25 == 12 else w) for i, w in enumerate(words))
    dates = re.sub(r"\b(19|20)\d\d\b", "2031", body)
    dates = re.sub(r"\b[A-ZÅÄÖ][a-zåäö]+s? kommun", "Grannby kommun", dates)
    return {
        "ny ram": FRAME.format(body=body),
        "sista stycket borta": "\n\n".join(paragraphs[:-1]) if len(paragraphs) > 2 else body,
        "1 ord av 25 ändrat": changed,
        "datum och kommun ändrade": dates,
        "ram + stycke borta + ord ändrade": FRAME.format(body=" ".join(
            ("ändrat" if i % 25 == 12 else w)
            for i, w in enumerate("\n\n".join(paragraphs[:-1]).split(" ")))),
        "bara första halvan (utdrag)": body[: len(body) // 2],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--k", type=int, default=copies.SHINGLE_WORDS, help="ord per shingel")
    args = parser.parse_args()
    copies.SHINGLE_WORDS = args.k
    articles = [a for folder in ("corpus", "eval/grown")
                for a in load_corpus(Path(folder)).articles]
    print(f"{len(articles)} artiklar, shingel = {args.k} ord, MinHash {copies.NUM_PERM} perm.")
    pairs = sorted(((copies.jaccard(a.body, b.body), a.id, b.id)
                    for a, b in itertools.combinations(articles, 2)), reverse=True)
    print(f"Olika artiklar, {len(pairs)} par: högsta Jaccard {pairs[0][0]:.3f} "
          f"({pairs[0][1]} / {pairs[0][2]}), 99:e percentilen "
          f"{pairs[len(pairs) // 100][0]:.3f}, median {statistics.median(p[0] for p in pairs):.3f}")
    for j, a, b in pairs[:3]:
        print(f"  {j:.3f}  {a} / {b}")
    by_kind: dict[str, list[tuple[float, float]]] = {}
    for a in articles:
        sig = copies.signature(a.body)
        for kind, text in variants(a.body).items():
            by_kind.setdefault(kind, []).append(
                (copies.jaccard(a.body, text), sig.jaccard(copies.signature(text))))
    print("Varianter (exakt Jaccard: lägsta / median; MinHash-skattning: lägsta):")
    for kind, values in by_kind.items():
        exact = [v[0] for v in values]
        print(f"  {kind:34s} {min(exact):.3f} / {statistics.median(exact):.3f};"
              f" {min(v[1] for v in values):.3f}")


if __name__ == "__main__":
    main()
