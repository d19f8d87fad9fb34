"""A protocol-speaking fake trainer: --steps steps of metrics, a checkpoint every --every steps,
resumes from $KILN_RESUME_FROM, and appends 'done' to <--marker>/<run name> when it finishes."""
import argparse, json, os, time

parser = argparse.ArgumentParser()
parser.add_argument("--steps", type=int, default=20)
parser.add_argument("--every", type=int, default=5)
parser.add_argument("--sleep", type=float, default=0.0)
parser.add_argument("--marker")
args = parser.parse_args()

def emit(message):
    print(json.dumps(message), flush=True)

start = 0
if os.environ.get("KILN_RESUME_FROM"):
    with open(os.environ["KILN_RESUME_FROM"]) as f:
        start = json.load(f)["step"]
emit({"event": "start", "total_steps": args.steps})
for step in range(start + 1, args.steps + 1):
    time.sleep(args.sleep)
    emit({"step": step, "metrics": {"train/loss": 3.0 / step, "lr": 0.001}})
    if step % args.every == 0 and step < args.steps:
        path = os.path.join(os.environ["KILN_CHECKPOINT_DIR"], "ckpt-%d.json" % step)
        with open(path + ".tmp", "w") as f:
            json.dump({"step": step}, f)
        os.rename(path + ".tmp", path)
        emit({"event": "checkpoint", "step": step, "path": path})
if args.marker:
    with open(os.path.join(args.marker, os.environ["KILN_RUN_NAME"]), "a") as f:
        f.write("done\n")
emit({"event": "done", "step": args.steps})
