"""Crashes with SIGSEGV after one step."""
import os, signal, sys
print('{"event": "start", "total_steps": 10}', flush=True)
print('{"step": 1, "metrics": {"train/loss": 2.5}}', flush=True)
print("about to crash", file=sys.stderr, flush=True)
os.kill(os.getpid(), signal.SIGSEGV)
