"""Never finishes, and ignores SIGTERM (only SIGKILL stops it)."""
import signal, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
print('{"event": "start", "total_steps": 100}', flush=True)
print('{"step": 1, "metrics": {"train/loss": 4.0}}', flush=True)
while True:
    time.sleep(1)
