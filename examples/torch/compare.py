"""Trains one configuration with kiln-train and with the PyTorch trainer (train.py) for a few seeds
and prints both loss curves and the gap between them (docs/results.md, "PyTorch and kiln-train").

    python3 examples/torch/compare.py --kiln-train .build/release/kiln-train --data-dir .kiln/data --seeds 1 2 3
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

# The cosine run of examples/torch.yaml, resolved.
CONFIG = {
    "layers": 2, "width": 48, "heads": 2, "context": 64, "batch": 8, "steps": 250,
    "schedule": {"kind": "cosine", "peak": 0.004, "warmup": 20, "total": 250, "floor": 0.1, "shape": "cosine"},
    "data": {"mixture": [{"source": "prose", "weight": 1}]}, "eval": [{"name": "prose", "source": "prose"}],
    "log_every": 10, "eval_every": 50, "eval_batches": 4, "threads": 1,
}


def curves(argv, config, folder):
    """Runs a trainer on `config`; returns {metric: {step: value}} from its protocol lines."""
    path = os.path.join(folder, "config.json")
    with open(path, "w") as file:
        json.dump({**config, "output_dir": os.path.join(folder, "checkpoints")}, file)
    result = subprocess.run(argv + [path], capture_output=True, text=True, env={**os.environ, "KILN_CONFIG": path})
    if result.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed ({result.returncode}): {result.stderr[-2000:]}")
    out = {}
    for line in result.stdout.splitlines():
        message = json.loads(line)
        for name, value in message.get("metrics", {}).items():
            out.setdefault(name, {})[message["step"]] = value
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kiln-train", required=True, help="the kiln-train binary")
    parser.add_argument("--data-dir", default=".kiln/data", help="prepared corpora (kiln data prepare)")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--steps", type=int, default=CONFIG["steps"])
    parser.add_argument("--control", action="store_true",
                        help="compare PyTorch on 1 thread with PyTorch on 2 threads instead (float summation order only)")
    parser.add_argument("--lr", type=float, default=CONFIG["schedule"]["peak"], help="the peak learning rate")
    parser.add_argument("--norm", default="pre", choices=["pre", "post", "mix", "peri"], help="LayerNorm placement")
    args = parser.parse_args()
    config = {**CONFIG, "steps": args.steps, "data_dir": os.path.abspath(args.data_dir), "norm": args.norm}
    config["schedule"] = {**CONFIG["schedule"], "total": args.steps, "peak": args.lr}
    gaps = []
    for seed in args.seeds:
        with tempfile.TemporaryDirectory() as kiln_folder, tempfile.TemporaryDirectory() as torch_folder:
            if args.control:
                kiln = curves([sys.executable, os.path.join(HERE, "train.py")], {**config, "seed": seed, "threads": 2}, kiln_folder)
            else:
                kiln = curves([args.kiln_train], {**config, "seed": seed}, kiln_folder)
            torch = curves([sys.executable, os.path.join(HERE, "train.py")], {**config, "seed": seed}, torch_folder)
        reference = "PyTorch on 2 threads" if args.control else "kiln-train"
        print(f"seed {seed}: step, train/loss {reference}, PyTorch, difference")
        for step in sorted(kiln["train/loss"]):
            a, b = kiln["train/loss"][step], torch["train/loss"][step]
            print(f"  {step:5d}  {a:.4f}  {b:.4f}  {b - a:+.4f}")
        print(f"  step, val/prose/loss {reference}, PyTorch, difference")
        for step in sorted(kiln["val/prose/loss"]):
            a, b = kiln["val/prose/loss"][step], torch["val/prose/loss"][step]
            print(f"  {step:5d}  {a:.4f}  {b:.4f}  {b - a:+.4f}")
        final = max(kiln["val/prose/loss"])
        gaps.append(torch["val/prose/loss"][final] - kiln["val/prose/loss"][final])
    print(f"final val/prose/loss gap (PyTorch - {reference}) per seed: " + ", ".join(f"{gap:+.4f}" for gap in gaps))
    print(f"mean {sum(gaps) / len(gaps):+.4f}, largest |gap| {max(abs(g) for g in gaps):.4f}")


if __name__ == "__main__":
    main()
