"""The Kiln byte-level transformer in PyTorch, for cross-checks and speed comparisons.

Mirrors Sources/KilnTraining (docs/training-core.md): token + learned position embeddings,
blocks (LayerNorm placed by `norm`: pre, post, mix, peri) with causal multi-head attention written out by hand (no fused kernel)
and a tanh-GELU MLP of width 4C, final LayerNorm, output tied to the token embedding.
Parameter names and order follow Kiln's checkpoint layout.
"""
import math
import struct

import numpy as np
import torch
import torch.nn.functional as F

NAMES = ["wte", "wpe", "ln1w", "ln1b", "qkvw", "qkvb", "attprojw", "attprojb",
         "ln2w", "ln2b", "fcw", "fcb", "fcprojw", "fcprojb", "lnfw", "lnfb"]
DECAYED = {"wte", "wpe", "qkvw", "attprojw", "fcw", "fcprojw"}


def shapes(vocab, context, layers, width):
    V, T, L, C = vocab, context, layers, width
    return [[V, C], [T, C], [L, C], [L, C], [L, 3 * C, C], [L, 3 * C], [L, C, C], [L, C],
            [L, C], [L, C], [L, 4 * C, C], [L, 4 * C], [L, C, 4 * C], [L, C], [C], [C]]


def block_norms(norm, layers, mix_fraction=0.25):
    """Each block's placement, as NormPlacement.blocks: mix is post-LN in the first floor(fraction·L) blocks."""
    if norm == "mix":
        return ["post" if l < math.floor(mix_fraction * layers) else "pre" for l in range(layers)]
    if norm not in ("pre", "post", "peri"):
        raise ValueError(f"norm must be pre, post, mix or peri, not {norm!r}")
    return [norm] * layers


class KilnGPT(torch.nn.Module):
    def __init__(self, layers, width, heads, context, vocab=256, norm="pre", mix_fraction=0.25):
        super().__init__()
        self.layers, self.width, self.heads, self.context, self.vocab = layers, width, heads, context, vocab
        self.blocks = block_norms(norm, layers, mix_fraction)
        self.params = torch.nn.ParameterDict()
        for name, shape in zip(NAMES, shapes(vocab, context, layers, width)):
            init = torch.ones(shape) if name in ("ln1w", "ln2w", "lnfw") else torch.zeros(shape)
            if name in DECAYED:
                std = 0.02 / math.sqrt(2 * layers) if name in ("attprojw", "fcprojw") else 0.02
                init = torch.randn(shape) * std
            self.params[name] = torch.nn.Parameter(init)

    def forward(self, idx, targets):
        p, B, T, C, NH = self.params, idx.shape[0], idx.shape[1], self.width, self.heads
        hs = C // NH
        x = p["wte"][idx] + p["wpe"][:T]
        mask = torch.ones(T, T, dtype=torch.bool).triu(1)
        def ln(t, name, l):
            return F.layer_norm(t, (C,), p[name + "w"][l], p[name + "b"][l], eps=1e-5)

        def attention(h, l):
            qkv = F.linear(h, p["qkvw"][l], p["qkvb"][l])
            q, k, v = qkv.split(C, dim=2)
            q = q.view(B, T, NH, hs).transpose(1, 2)
            k = k.view(B, T, NH, hs).transpose(1, 2)
            v = v.view(B, T, NH, hs).transpose(1, 2)
            att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(hs))
            att = att.masked_fill(mask, float("-inf")).softmax(dim=-1)
            y = (att @ v).transpose(1, 2).contiguous().view(B, T, C)
            return F.linear(y, p["attprojw"][l], p["attprojb"][l])

        def mlp(h, l):
            h = F.gelu(F.linear(h, p["fcw"][l], p["fcb"][l]), approximate="tanh")
            return F.linear(h, p["fcprojw"][l], p["fcprojb"][l])

        for l, block in enumerate(self.blocks):
            if block == "pre":
                x = x + attention(ln(x, "ln1", l), l)
                x = x + mlp(ln(x, "ln2", l), l)
            elif block == "post":
                x = ln(x + attention(x, l), "ln1", l)
                x = ln(x + mlp(x, l), "ln2", l)
            else:  # peri: the output norm has no gain or bias
                x = x + F.layer_norm(attention(ln(x, "ln1", l), l), (C,), eps=1e-5)
                x = x + F.layer_norm(mlp(ln(x, "ln2", l), l), (C,), eps=1e-5)
        x = F.layer_norm(x, (C,), p["lnfw"], p["lnfb"], eps=1e-5)
        logits = F.linear(x, p["wte"])
        return F.cross_entropy(logits.view(-1, self.vocab), targets.view(-1))

    def optimizer(self, lr, weight_decay=0.1, betas=(0.9, 0.95), eps=1e-8):
        decayed = [p for n, p in self.params.items() if n in DECAYED]
        plain = [p for n, p in self.params.items() if n not in DECAYED]
        groups = [{"params": decayed, "weight_decay": weight_decay}, {"params": plain, "weight_decay": 0.0}]
        return torch.optim.AdamW(groups, lr=lr, betas=betas, eps=eps, foreach=True)


def training_flops_per_token(layers, width, context, vocab=256):
    """Kiln's count (ModelShape.trainingFlopsPerToken): 6·(12·L·C² + C·V) + 12·L·T·C."""
    return 6 * (12 * layers * width * width + width * vocab) + 12 * layers * context * width


HEADER_FIELDS = 11


def read_checkpoint(path):
    """Reads a Kiln checkpoint: (header dict, {name: float32 array}, moments or None)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"KILNCKPT":
        raise ValueError(f"{path}: not a Kiln checkpoint")
    fields = struct.unpack_from("<" + "q" * (HEADER_FIELDS + len(NAMES)), data, 8)
    keys = ["version", "vocab", "context", "layers", "heads", "width", "step", "adam_updates",
            "has_optimizer", "parameter_count", "seed"]
    header = dict(zip(keys, fields[:HEADER_FIELDS]))
    sizes = fields[HEADER_FIELDS:]
    offset = 8 + 8 * (HEADER_FIELDS + len(NAMES))
    count = header["parameter_count"]
    flat = np.frombuffer(data, dtype="<f4", count=count, offset=offset)
    tensor_shapes = shapes(header["vocab"], header["context"], header["layers"], header["width"])
    tensors, start = {}, 0
    for name, size, shape in zip(NAMES, sizes, tensor_shapes):
        tensors[name] = flat[start:start + size].reshape(shape)
        start += size
    moments = None
    if header["has_optimizer"]:
        m = np.frombuffer(data, dtype="<f4", count=count, offset=offset + 4 * count)
        v = np.frombuffer(data, dtype="<f4", count=count, offset=offset + 8 * count)
        moments = (m, v)
    return header, tensors, moments
