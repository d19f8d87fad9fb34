#!/bin/sh
# Fails: a few lines of output, then exit status 1.
echo '{"event":"start","total_steps":10}'
echo '{"step":1,"metrics":{"train/loss":2.5}}'
echo "loading shard 7 failed" >&2
echo '{"event":"error","message":"shard 7 is unreadable"}'
exit 1
