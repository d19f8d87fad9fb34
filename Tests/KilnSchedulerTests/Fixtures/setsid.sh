#!/bin/sh
# Starts a grandchild in a session of its own (out of reach of the process group), holding stdout
# open, then trains forever until signalled. $1: a folder where the grandchild's pid is written.
setsid sleep 1000 &
echo $! > "$1/$KILN_RUN_NAME.pid"
echo '{"event":"start","total_steps":100}'
echo '{"step":1,"metrics":{"train/loss":2.0}}'
sleep 1000
