#!/bin/sh
# Leaves a background child (same process group) holding stdout open, reports done and exits 0.
# $1: a folder where the child's pid is written.
sleep 1000 &
echo $! > "$1/$KILN_RUN_NAME.pid"
echo '{"event":"start","total_steps":1}'
echo '{"step":1,"metrics":{"train/loss":2.0}}'
echo '{"event":"done","step":1}'
exit 0
