#!/bin/sh
# Copies the files Kiln passes ($KILN_CONFIG, $KILN_LR_FILE) to <$1>/<run name>.config.json and .lr,
# and writes a one-step checkpoint so that later stages can branch from it.
echo '{"event":"start","total_steps":1}'
cp "$KILN_CONFIG" "$1/$KILN_RUN_NAME.config.json" || exit 1
cp "$KILN_LR_FILE" "$1/$KILN_RUN_NAME.lr" || exit 1
echo step > "$KILN_CHECKPOINT_DIR/step-1.ckpt"
echo "{\"event\":\"checkpoint\",\"step\":1,\"path\":\"$KILN_CHECKPOINT_DIR/step-1.ckpt\"}"
echo '{"step":1,"metrics":{"train/loss":1}}'
echo '{"event":"done","step":1}'
