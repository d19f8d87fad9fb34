#!/usr/bin/env python3
"""A minimal external trainer that speaks Kiln's metrics protocol (docs/trainer-protocol.md).

It trains a byte-level bigram model (a 256x256 table of logits) with SGD on a text file, using only
Python's standard library, and writes one JSON object per line to stdout:

    {"event": "start", "total_steps": 200}
    {"step": 10, "metrics": {"train/loss": 4.1, "lr": 0.5, "tokens": 1280}}
    {"event": "checkpoint", "step": 200, "path": "/abs/path/ckpt-200.json"}
    {"event": "done", "step": 200}

Use it from a sweep spec as an external command, e.g.

    trainer:
      command: [python3, examples/bigram_trainer.py, --lr, "{lr}", --steps, "{steps}",
                --data, "{data_file}", --seed, "{seed}"]
"""
import argparse
import json
import math
import os
import random
import sys


def emit(obj):
    # allow_nan=False would raise on a diverged loss; Kiln accepts "NaN" strings and bare NaN alike.
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def cosine_lr(step, steps, peak, warmup):
    if step < warmup:
        return peak * (step + 1) / warmup
    progress = (step - warmup + 1) / max(1, steps - warmup)
    return peak * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, progress))))


def loss_and_update(table, pairs, lr):
    """Mean cross-entropy (nats) of `pairs` under `table`; applies one SGD step when lr > 0."""
    total = 0.0
    grads = {}
    for prev, nxt in pairs:
        row = table[prev]
        top = max(row)
        exps = [math.exp(v - top) for v in row]
        norm = sum(exps)
        total += -(row[nxt] - top - math.log(norm))
        if lr > 0:
            g = grads.setdefault(prev, [0.0] * 256)
            for k in range(256):
                g[k] += exps[k] / norm
            g[nxt] -= 1.0
    if lr > 0:
        scale = lr / len(pairs)
        for prev, g in grads.items():
            row = table[prev]
            for k in range(256):
                row[k] -= scale * g[k]
    return total / len(pairs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, help="a text file to train on (last 10%% held out)")
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--lr", type=float, default=1.0)
    parser.add_argument("--batch", type=int, default=64, help="byte pairs per step")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--log-every", type=int, default=10)
    parser.add_argument("--out", default=os.environ.get("KILN_CHECKPOINT_DIR", "."), help="checkpoint folder (Kiln sets $KILN_CHECKPOINT_DIR)")
    args = parser.parse_args()

    with open(args.data, "rb") as f:
        data = f.read()
    if len(data) < 1000:
        print(f"error: {args.data} holds {len(data)} bytes; need at least 1000", file=sys.stderr)
        return 2
    split = int(len(data) * 0.9)
    train, val = data[:split], data[split:]
    rng = random.Random(args.seed)
    table = [[0.0] * 256 for _ in range(256)]
    val_pairs = [(val[i], val[i + 1]) for i in range(0, min(len(val) - 1, 2000))]

    emit({"event": "start", "total_steps": args.steps})
    for step in range(1, args.steps + 1):
        lr = cosine_lr(step - 1, args.steps, args.lr, args.warmup)
        starts = [rng.randrange(len(train) - 1) for _ in range(args.batch)]
        loss = loss_and_update(table, [(train[i], train[i + 1]) for i in starts], lr)
        if not math.isfinite(loss):
            emit({"event": "error", "message": f"loss is {loss} at step {step}"})
            return 3
        if step % args.log_every == 0 or step == args.steps:
            metrics = {"train/loss": loss, "lr": lr, "tokens": step * args.batch}
            metrics["val/data/loss"] = loss_and_update(table, val_pairs, 0.0)
            emit({"step": step, "metrics": metrics})
    os.makedirs(args.out, exist_ok=True)
    path = os.path.abspath(os.path.join(args.out, f"ckpt-{args.steps}.json"))
    with open(path, "w") as f:
        json.dump({"step": args.steps, "table": table}, f)
    emit({"event": "checkpoint", "step": args.steps, "path": path})
    emit({"event": "done", "step": args.steps})
    return 0


if __name__ == "__main__":
    sys.exit(main())
