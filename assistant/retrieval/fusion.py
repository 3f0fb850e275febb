"""Fusion and selection: pure functions of signals and settings, no index."""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np


def fuse(signals: np.ndarray, weights: Sequence[float]) -> np.ndarray:
    """(n,) float32 weighted sum of the (n, s) signal columns.

    Summed column by column, left to right, so the scores do not depend on
    how a BLAS library orders a matrix product."""
    if signals.shape[1] != len(weights):
        raise ValueError(f"{signals.shape[1]} signals, {len(weights)} weights")
    out = np.zeros(signals.shape[0], np.float32)
    for col, w in enumerate(weights):
        out = out + w * signals[:, col]
    return out


def pick(fused: np.ndarray, sentences: np.ndarray, sent_article: np.ndarray, cap: int,
         k: int) -> list[int]:
    """Up to `k` sentence rows, best fused score first: at most `cap` per
    article, never a neighbour of a sentence already picked.

    `fused[i]` scores sentence row `sentences[i]`; `sent_article` maps every
    sentence row to its article."""
    picked: list[int] = []
    per_article: dict[int, int] = {}
    for i in np.argsort(-fused).tolist():
        sent = int(sentences[i])
        art = int(sent_article[sent])
        if per_article.get(art, 0) >= cap or any(
                abs(sent - p) <= 1 and sent_article[p] == art for p in picked):
            continue
        per_article[art] = per_article.get(art, 0) + 1
        picked.append(sent)
        if len(picked) == k:
            break
    return picked


def pick_unquoted(fused: np.ndarray, sentences: np.ndarray, sent_article: np.ndarray, cap: int,
                  k: int, joined: Callable[[int, dict[int, int]], int | None],
                  skip: frozenset[int] = frozenset()) -> tuple[list[int], dict[int, int]]:
    """Like `pick`, but a sentence is skipped only when it lies inside the
    quote of a passage already picked, not merely next to one.

    `joined(sent, owner)` is the neighbour the quote of `sent` takes in
    (select_quote's rule), None for a one-sentence quote; `owner` maps each
    sentence already quoted to the picked sentence whose quote holds it.
    `skip`: sentence rows never picked (headings). Returns (picked, owner)."""
    picked: list[int] = []
    owner: dict[int, int] = {}
    per_article: dict[int, int] = {}
    for i in np.argsort(-fused, kind="stable").tolist():
        sent = int(sentences[i])
        art = int(sent_article[sent])
        if sent in owner or sent in skip or per_article.get(art, 0) >= cap:
            continue
        per_article[art] = per_article.get(art, 0) + 1
        picked.append(sent)
        owner[sent] = sent
        other = joined(sent, owner)
        if other is not None:
            owner[other] = sent
        if len(picked) == k:
            break
    return picked, owner
