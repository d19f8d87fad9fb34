"""Reports a NaN loss and keeps going (the scheduler must stop it)."""
import time
print('{"event": "start", "total_steps": 100}', flush=True)
print('{"step": 1, "metrics": {"train/loss": 2.0}}', flush=True)
print('{"step": 2, "metrics": {"train/loss": NaN}}', flush=True)
while True:
    time.sleep(1)
