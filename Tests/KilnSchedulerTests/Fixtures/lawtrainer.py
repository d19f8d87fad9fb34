"""A protocol-speaking fake trainer whose train/loss follows the LR-annealing law on the run's own schedule
($KILN_LR_FILE), times --scale: L = scale * (L0 + A*S1^-alpha - C*S2). Logs every step (0-based), checkpoints
every --every steps and when stopped by SIGTERM (then exits 143), resumes from $KILN_RESUME_FROM, and appends
'done' to <--marker>/<run name> when it finishes."""
import argparse, json, os, signal, sys, time

parser = argparse.ArgumentParser()
parser.add_argument("--scale", type=float, default=1.0)
parser.add_argument("--every", type=int, default=50)
parser.add_argument("--sleep", type=float, default=0.0)
parser.add_argument("--marker")
args = parser.parse_args()

def emit(message):
    print(json.dumps(message), flush=True)

lrs = [float(line) for line in open(os.environ["KILN_LR_FILE"])]
warmup = 0
if len(lrs) > 1 and lrs[1] > lrs[0]:
    warmup = 1
    while warmup + 1 < len(lrs) and lrs[warmup + 1] > lrs[warmup]:
        warmup += 1
    warmup += 1
peak = lrs[warmup - 1] if warmup > 0 else lrs[0]
L0, A, alpha, C, lam = 2.0, 0.3, 0.5, 2.0, 0.99
losses, forward, annealing, momentum, previous = [], 0.0, 0.0, 0.0, peak
for n, lr in enumerate(lrs):
    rate = peak if n < warmup else lr
    forward += rate
    momentum = lam * momentum + (previous - rate)
    annealing += momentum
    previous = rate
    losses.append(args.scale * (L0 + A * forward ** -alpha - C * annealing))

stop = {"requested": False}
signal.signal(signal.SIGTERM, lambda *_: stop.update(requested=True))

def checkpoint(step):
    path = os.path.join(os.environ["KILN_CHECKPOINT_DIR"], "ckpt-%d.json" % step)
    with open(path + ".tmp", "w") as f:
        json.dump({"step": step}, f)
    os.rename(path + ".tmp", path)
    emit({"event": "checkpoint", "step": step, "path": path})

start = 0
if os.environ.get("KILN_RESUME_FROM"):
    with open(os.environ["KILN_RESUME_FROM"]) as f:
        start = json.load(f)["step"] + 1
emit({"event": "start", "total_steps": len(lrs)})
for step in range(start, len(lrs)):
    time.sleep(args.sleep)
    emit({"step": step, "metrics": {"train/loss": losses[step], "lr": lrs[step]}})
    if stop["requested"]:
        checkpoint(step)
        sys.exit(143)
    if (step + 1) % args.every == 0 and step + 1 < len(lrs):
        checkpoint(step)
if args.marker:
    with open(os.path.join(args.marker, os.environ["KILN_RUN_NAME"]), "a") as f:
        f.write("done\n")
emit({"event": "done", "step": len(lrs)})
