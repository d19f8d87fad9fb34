"""PyTorch eager CPU training speed of Kiln's model, measured like `kiln bench train`.

Same configurations, same step (forward, backward, clip to norm 1, AdamW), random bytes, one warm-up
step then --steps timed steps, threads via torch.set_num_threads. Prints a table, or --json lines
with the keys of `kiln bench train --json`.

    python3 scripts/torch_bench.py --steps 10 [--json]
"""
import argparse
import json
import time

import torch

from kiln_torch_model import KilnGPT, training_flops_per_token

CASES = [(2, 2, 64, 64, 32), (4, 4, 128, 128, 16), (6, 6, 192, 128, 16), (8, 8, 256, 256, 8)]


def measure(layers, heads, width, context, batch, threads, steps):
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    model = KilnGPT(layers, width, heads, context)
    optimizer = model.optimizer(lr=1e-4)
    idx = torch.randint(0, 256, (batch, context))
    targets = torch.randint(0, 256, (batch, context))

    def step():
        optimizer.zero_grad(set_to_none=True)
        loss = model(idx, targets)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()

    step()
    start = time.perf_counter()
    for _ in range(steps):
        step()
    elapsed = time.perf_counter() - start
    tokens_per_s = steps * batch * context / elapsed
    gflops = tokens_per_s * training_flops_per_token(layers, width, context) / 1e9
    return {"layers": layers, "heads": heads, "width": width, "context": context, "batch": batch,
            "threads": threads, "tokens_per_s": tokens_per_s, "gflops": gflops,
            "milliseconds": elapsed / steps * 1000}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--shape", action="append", default=[],
                        help="only this shape, layers,heads,width,context,batch (repeatable)")
    parser.add_argument("--threads", type=int, action="append", default=[], help="only these thread counts")
    args = parser.parse_args()
    cases = [tuple(int(x) for x in s.split(",")) for s in args.shape] or CASES
    if not args.json:
        print(f"torch {torch.__version__}")
        print("layers heads width context batch threads   tokens/s   GFLOP/s   ms/step")
    for layers, heads, width, context, batch in cases:
        for threads in args.threads or (1, 2):
            r = measure(layers, heads, width, context, batch, threads, args.steps)
            if args.json:
                print(json.dumps(r, sort_keys=True))
            else:
                print(f"{layers:6d} {heads:5d} {width:5d} {context:7d} {batch:5d} {threads:7d} "
                      f"{r['tokens_per_s']:10.0f} {r['gflops']:9.1f} {r['milliseconds']:9.1f}")


if __name__ == "__main__":
    main()
