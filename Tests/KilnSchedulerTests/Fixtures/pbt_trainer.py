"""A protocol-speaking fake trainer for population-based training, configured only through $KILN_CONFIG:
trains from step 0 (or the checkpoint's step with init_from.keep_step, or its own checkpoint with
resume_from) to `steps`, its loss falling fastest at lr = 0.01; reports train/loss, lr and, at its
last step, val/loss; writes one checkpoint (step, loss) at its last step."""
import json, math, os

with open(os.environ["KILN_CONFIG"]) as f:
    config = json.load(f)

def emit(message):
    print(json.dumps(message), flush=True)

step, loss = 0, 3.0
start = config.get("resume_from") or (config.get("init_from") or {}).get("path")
if start:
    with open(start) as f:
        saved = json.load(f)
    loss = saved["loss"]
    if config.get("resume_from") or config["init_from"].get("keep_step"):
        step = saved["step"]
lr = config["lr"]
emit({"event": "start", "total_steps": config["steps"]})
while step < config["steps"]:
    step += 1
    loss -= 0.05 * loss * math.exp(-math.log(lr / 0.01) ** 2)
    emit({"step": step, "metrics": {"train/loss": loss, "lr": lr}})
emit({"step": step, "metrics": {"val/loss": loss}})
path = os.path.join(os.environ["KILN_CHECKPOINT_DIR"], "ckpt-%d.json" % step)
with open(path + ".tmp", "w") as f:
    json.dump({"step": step, "loss": loss}, f)
os.rename(path + ".tmp", path)
emit({"event": "checkpoint", "step": step, "path": path})
emit({"event": "done", "step": step})
