#!/bin/sh
# A trainer that holds its GPUs for $2 seconds, then appends "<start> <end> <CUDA_VISIBLE_DEVICES>"
# (times in seconds since 1970) to <folder $1>/<run name>.
echo '{"event":"start","total_steps":1}'
start=$(date +%s.%N)
sleep "$2"
echo "$start $(date +%s.%N) $CUDA_VISIBLE_DEVICES" >> "$1/$KILN_RUN_NAME"
echo '{"event":"done","step":1}'
