#!/bin/sh
# Valid metrics around steps and total_steps no Int can hold or that are no step at all, then done.
echo '{"event": "start", "total_steps": 1e300}'
echo '{"event": "start", "total_steps": 3}'
echo '{"step": 1, "metrics": {"train/loss": 2.0}}'
echo '{"step": 1e300, "metrics": {"train/loss": 1.9}}'
echo '{"step": -4, "metrics": {"train/loss": 1.8}}'
echo '{"step": 2.5, "metrics": {"train/loss": 1.7}}'
echo '{"step": Infinity, "metrics": {"train/loss": 1.6}}'
echo '{"event": "checkpoint", "step": 1e300, "path": "/nonexistent"}'
echo '{"step": 2, "metrics": {"train/loss": 1.5}}'
echo '{"step": 3, "metrics": {"train/loss": 1.0}}'
echo '{"event": "done", "step": -1e300}'
echo '{"event": "done", "step": 3}'
