"""Cross-checks Kiln's training core against PyTorch on one batch.

Loads a Kiln checkpoint into the PyTorch model of scripts/kiln_torch_model.py, asks `kiln-train
--gradients` for Kiln's loss and gradients on the same batch, and prints the loss difference and, for
every parameter tensor, the largest absolute and relative gradient differences. PyTorch runs in
float64 (the reference) and float32 (for scale: how far two float32 implementations drift anyway).
Not part of the Swift build or the test suite.

    python3 scripts/torch_compare.py --data .kiln/data/prose/val.txt            # trains 50 steps first
    python3 scripts/torch_compare.py --checkpoint runs/x/step-000500.ckpt --data some.txt
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kiln_torch_model import NAMES, KilnGPT, read_checkpoint  # noqa: E402


def train_checkpoint(kiln_train, data, folder, args):
    """Runs kiln-train for a few steps so the weights are past initialisation; returns the checkpoint."""
    config = {
        "layers": args.layers, "width": args.width, "heads": args.heads, "context": args.context,
        "batch": 8, "steps": args.steps, "log_every": args.steps, "eval_every": 0, "seed": 3,
        "schedule": {"kind": "constant", "peak": 3e-3, "warmup": 5},
        "data": {"mixture": [{"source": os.path.abspath(data), "weight": 1}]},
        "output_dir": os.path.join(folder, "out"), "norm": args.norm, "norm_mix_fraction": args.mix_fraction,
    }
    path = os.path.join(folder, "config.json")
    with open(path, "w") as f:
        json.dump(config, f)
    lines = subprocess.run([kiln_train, path], check=True, capture_output=True, text=True).stdout.splitlines()
    events = [json.loads(line) for line in lines]
    return [e["path"] for e in events if e.get("event") == "checkpoint"][-1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kiln-train", default=".build/release/kiln-train")
    parser.add_argument("--checkpoint", help="a Kiln checkpoint; default: train one for --steps steps")
    parser.add_argument("--data", required=True, help="a raw text file to draw the batch (and training) from")
    parser.add_argument("--batch", type=int, default=4)
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--width", type=int, default=64)
    parser.add_argument("--heads", type=int, default=4)
    parser.add_argument("--context", type=int, default=64)
    parser.add_argument("--norm", default="pre", choices=["pre", "post", "mix", "peri"], help="LayerNorm placement")
    parser.add_argument("--mix-fraction", type=float, default=0.25, help="with --norm mix: post-LN fraction")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        checkpoint = args.checkpoint or train_checkpoint(args.kiln_train, args.data, folder, args)
        header, weights, _ = read_checkpoint(checkpoint)
        T = header["context"]
        raw = np.fromfile(args.data, dtype=np.uint8)
        starts = np.linspace(0, len(raw) - T - 2, args.batch).astype(int)
        windows = np.stack([raw[s:s + T + 1] for s in starts])
        batch_path, grads_path = os.path.join(folder, "batch.txt"), os.path.join(folder, "grads.ckpt")
        windows.tofile(batch_path)
        out = subprocess.run([args.kiln_train, "--gradients", checkpoint, batch_path, grads_path, args.norm,
                              str(args.mix_fraction)],
                             check=True, capture_output=True, text=True).stdout
        kiln_loss = json.loads(out)["loss"]
        _, kiln_grads, _ = read_checkpoint(grads_path)

    idx = torch.from_numpy(windows[:, :-1].astype(np.int64))
    targets = torch.from_numpy(windows[:, 1:].astype(np.int64))
    print(f"norm {args.norm} (mix fraction {args.mix_fraction}); checkpoint {checkpoint}: step {header['step']}, layers {header['layers']}, width {header['width']}, "
          f"heads {header['heads']}, context {T}; batch {args.batch}×{T}")
    results = {}
    for dtype in (torch.float64, torch.float32):
        model = KilnGPT(header["layers"], header["width"], header["heads"], T, norm=args.norm,
                        mix_fraction=args.mix_fraction).to(dtype)
        with torch.no_grad():
            for name in NAMES:
                model.params[name].copy_(torch.from_numpy(weights[name].copy()).to(dtype))
        loss = model(idx, targets)
        loss.backward()
        results[dtype] = (loss.item(), {n: model.params[n].grad.numpy().astype(np.float64) for n in NAMES})

    ref_loss, ref = results[torch.float64]
    f32_loss, f32 = results[torch.float32]
    print(f"loss: kiln {kiln_loss:.7f}  torch float64 {ref_loss:.7f}  torch float32 {f32_loss:.7f}  "
          f"|kiln − float64| {abs(kiln_loss - ref_loss):.2e}")
    print(f"{'tensor':10s} {'max |g|':>10s} {'kiln abs':>10s} {'kiln rel':>10s} {'f32 abs':>10s} {'f32 rel':>10s}")
    worst_abs, worst_rel = 0.0, 0.0
    for name in NAMES:
        g_ref, g_kiln = ref[name], kiln_grads[name].astype(np.float64)
        scale = np.abs(g_ref).max()
        kiln_abs = np.abs(g_kiln - g_ref).max()
        f32_abs = np.abs(f32[name] - g_ref).max()
        kiln_rel, f32_rel = kiln_abs / max(scale, 1e-30), f32_abs / max(scale, 1e-30)
        worst_abs, worst_rel = max(worst_abs, kiln_abs), max(worst_rel, kiln_rel)
        print(f"{name:10s} {scale:10.3e} {kiln_abs:10.2e} {kiln_rel:10.2e} {f32_abs:10.2e} {f32_rel:10.2e}")
    print(f"largest gradient difference (Kiln vs PyTorch float64): {worst_abs:.2e} absolute, "
          f"{worst_rel:.2e} relative to the tensor's largest gradient")


if __name__ == "__main__":
    main()
