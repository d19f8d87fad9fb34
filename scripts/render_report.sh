#!/usr/bin/env bash
# Screenshots Kiln HTML reports with headless Chromium (Debian's `chromium`), offline, for a person to look at.
#
#   scripts/render_report.sh report.html [more.html …]   # writes report.png next to each file
#   scripts/render_report.sh                             # renders the synthetic samples of the
#                                                        # KilnReportTests into .kiln/report-samples/
#
# The browser runs with every host name unresolvable, so a report that needed the network would show it.
# Environment: WIDTH (default 1280) and HEIGHT (default 6000) of the page in CSS pixels; CHROMIUM (default
# chromium); SECTION=<id> (e.g. scaling, curves) to screenshot only that section (and the header) of a long
# report, written as report-<id>.png.
set -euo pipefail

chromium="${CHROMIUM:-chromium}"
command -v "$chromium" >/dev/null || { echo "error: $chromium not found; install it: apt-get install -y chromium" >&2; exit 1; }

files=("$@")
if [ ${#files[@]} -eq 0 ]; then
    root="$(cd "$(dirname "$0")/.." && pwd)"
    samples="$root/.kiln/report-samples"
    mkdir -p "$samples"
    if ! log="$(cd "$root" && KILN_REPORT_SAMPLES="$samples" swift test --filter SampleReportTests 2>&1)"; then
        echo "$log" >&2
        exit 1
    fi
    files=("$samples"/*.html)
fi

for html in "${files[@]}"; do
    png="${html%.html}.png"
    if [ -n "${SECTION:-}" ]; then
        # A copy of the page with the other sections hidden.
        page="$(mktemp --suffix=.html)"
        trap 'rm -f "$page"' EXIT
        sed "s|</head>|<style>main > section:not(#${SECTION}) { display: none; }</style></head>|" "$html" >"$page"
        png="${html%.html}-${SECTION}.png"
        html="$page"
    fi
    "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
        --host-resolver-rules="MAP * ~NOTFOUND" --virtual-time-budget=3000 \
        --window-size="${WIDTH:-1280},${HEIGHT:-6000}" --screenshot="$png" "file://$(realpath "$html")" 2>/dev/null
    echo "$png"
done
