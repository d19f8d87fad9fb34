#!/usr/bin/env bash
# `make demo`: prepare the corpora, start the embedded PostgreSQL, run sweeps/quickstart.yaml,
# fit a loss-curve law on its cosine runs to predict its WSD runs, write the report and the CSVs.
set -euo pipefail
kiln="$1/kiln"
out=.kiln/demo
mkdir -p "$out"

"$kiln" data prepare
"$kiln" db start
"$kiln" run sweeps/quickstart.yaml --workers 2
"$kiln" fit schedule quickstart --law both --train-on schedulecosine --predict schedulewsd --metric val/prose/loss
"$kiln" report quickstart -o "$out/report.html"
"$kiln" export quickstart --runs "$out/runs.csv" --metrics "$out/metrics.csv"

report="$(cd "$out" && pwd)/report.html"
cat <<MSG

Kiln demo finished.
  report:  $report
  CSV:     $(cd "$out" && pwd)/runs.csv, $(cd "$out" && pwd)/metrics.csv
Open the report in any browser (it needs no network), e.g.  xdg-open $report
or copy it to your machine:  scp <this-host>:$report .
MSG
