"""Valid metrics around two lines whose metric names PostgreSQL cannot store (a NUL byte, and 4,000
bytes of incompressible text, over the btree row limit of the metrics key), then done."""
import json, random
random.seed(11)
print('{"event": "start", "total_steps": 3}')
print('{"step": 1, "metrics": {"train/loss": 2.0, "lr": 0.001}}')
print('{"step": 1, "metrics": {"bad\\u0000name": 1.0}}')
print(json.dumps({"step": 2, "metrics": {"".join(random.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(4000)): 1.0}}))
print('{"step": 2, "metrics": {"train/loss": 1.5, "lr": 0.001}}')
print('{"step": 3, "metrics": {"train/loss": 1.0, "lr": 0.001}}')
print('{"event": "done", "step": 3}')
