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
# report, written as report-<id>.png; PROBE=1 to exercise the page's script instead (log scale, legend
# toggles, sorting, hover) and print what happened, one check per line.
set -euo pipefail

# Clicks through the report's interactions and writes the outcome into <pre id="probe">.
probe_script='<script>(function () {
  var out = [], box = document.querySelector("figure input.logy-toggle");
  try {
    if (box) {
      box.click();
      var figure = box.closest("figure"), path = figure.querySelector(".data path");
      out.push("log scale: figure " + figure.classList.contains("logy") + ", path re-mapped " + (path.getAttribute("d") !== path.dataset.d));
      box.click();
      out.push("linear again: path restored " + (path.getAttribute("d") === path.dataset.d));
    }
    var key = document.querySelector(".legend button.key");
    if (key) {
      key.click();
      var all = document.querySelectorAll("svg [data-key=\"" + key.dataset.key + "\"]").length;
      var off = document.querySelectorAll("svg [data-key=\"" + key.dataset.key + "\"].off").length;
      out.push("legend: hid " + off + " of " + all + " elements of " + key.dataset.key);
      key.click();
    }
    var th = document.querySelector("table.sortable th.num");
    if (th) {
      var index = Array.prototype.indexOf.call(th.parentNode.children, th), body = th.closest("table").tBodies[0];
      th.click();
      var values = Array.prototype.map.call(body.rows, function (r) { return parseFloat(r.cells[index].dataset.sort); })
        .filter(function (v) { return !isNaN(v); });
      out.push("sort " + th.textContent + ": ascending " + values.every(function (v, i) { return i === 0 || values[i - 1] <= v; }));
    }
    var svg = document.querySelector("svg.plot"), line = svg && svg.querySelector(".data [data-key]");
    if (line) {
      var r = svg.getBoundingClientRect();
      line.dispatchEvent(new MouseEvent("mousemove", { bubbles: true, clientX: r.left + r.width / 2, clientY: r.top + r.height / 2 }));
      out.push("hover: " + document.getElementById("tip").textContent);
    }
  } catch (e) { out.push("ERROR " + e); }
  var pre = document.createElement("pre");
  pre.id = "probe";
  pre.textContent = out.join("\n");
  document.body.appendChild(pre);
})();</script>'

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

temporary=()
trap 'rm -f "${temporary[@]}"' EXIT
for html in "${files[@]}"; do
    png="${html%.html}.png"
    if [ -n "${SECTION:-}" ]; then
        # A copy of the page with the other sections hidden.
        page="$(mktemp --suffix=.html)"
        temporary+=("$page")
        sed "s|</head>|<style>main > section:not(#${SECTION}) { display: none; }</style></head>|" "$html" >"$page"
        png="${html%.html}-${SECTION}.png"
        html="$page"
    fi
    flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run
        --host-resolver-rules="MAP * ~NOTFOUND" --virtual-time-budget=3000 --window-size="${WIDTH:-1280},${HEIGHT:-6000}")
    if [ -n "${PROBE:-}" ]; then
        page="$(mktemp --suffix=.html)"
        temporary+=("$page")
        PROBE_SCRIPT="$probe_script" awk '/<\/body>/ { print ENVIRON["PROBE_SCRIPT"] } { print }' "$html" >"$page"
        echo "$html:"
        "$chromium" "${flags[@]}" --dump-dom "file://$page" 2>/dev/null \
            | sed -n '/<pre id="probe">/,/<\/pre>/p' | sed 's/.*<pre id="probe">//; s/<[^>]*>//g; s/&gt;/>/g; s/&lt;/</g; s/&amp;/\&/g; s/^/  /'
        continue
    fi
    "$chromium" "${flags[@]}" --screenshot="$png" "file://$(realpath "$html")" 2>/dev/null
    echo "$png"
done
