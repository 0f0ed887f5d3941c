#!/usr/bin/env bash
# Renders the audit report of the sample archive in headless Chromium (Debian's package), saves a
# screenshot, and checks in the browser that every chart drew (non-empty SVGs, as many as the
# page expects), that the page loaded nothing from elsewhere, and that the console shows no error.
#
#   scripts/report-browser-check.sh [--install] [--screenshot FILE] [REPORT.html]
#
# Without REPORT.html it builds shenhe and runs `shenhe audit samples/archive.jsonl` first.
# Installs nothing unless given --install (CI passes it): then it runs
#   apt-get update && apt-get install -y chromium fonts-wqy-microhei
# Without it, a missing Chromium is an error (exit 1) that says what to install. A missing CJK
# font only makes the screenshot's Chinese unreadable, so that is a warning.
set -euo pipefail
cd "$(dirname "$0")/.."

install=0
screenshot=""
report=""
while [ $# -gt 0 ]; do
  case "$1" in
    --install) install=1 ;;
    --screenshot) screenshot="$2"; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) report="$1" ;;
  esac
  shift
done

chromium=/usr/bin/chromium
have_cjk_font() { command -v fc-list >/dev/null && [ -n "$(fc-list :lang=zh 2>/dev/null)" ]; }
if [ ! -x "$chromium" ] || ! have_cjk_font; then
  if [ "$install" = 1 ]; then
    echo "report-browser-check: installing chromium and fonts-wqy-microhei with apt-get" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
  elif [ ! -x "$chromium" ]; then
    echo "report-browser-check: $chromium is missing; install it with" >&2
    echo "  apt-get update && apt-get install -y chromium fonts-wqy-microhei" >&2
    echo "or run this script with --install" >&2
    exit 1
  else
    echo "report-browser-check: warning: no CJK font (fc-list :lang=zh is empty): the" \
      "screenshot's Chinese will show as boxes; apt-get install -y fonts-wqy-microhei" >&2
  fi
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ -z "$report" ]; then
  cargo build --quiet -p shenhe-cli
  report="$work/report.html"
  # Exit 1 means "some rule fails", which the sample is written to show.
  status=0
  target/debug/shenhe audit samples/archive.jsonl -o "$report" 2>"$work/audit.log" || status=$?
  if [ "$status" -gt 1 ]; then
    cat "$work/audit.log" >&2
    echo "report-browser-check: shenhe audit failed (exit $status)" >&2
    exit 1
  fi
fi
[ -f "$report" ] || { echo "report-browser-check: no such report: $report" >&2; exit 1; }

flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  --user-data-dir="$work/profile")

# The check runs in a copy of the report with one inline script added at its end; the report
# itself has no script. The script writes its verdict into the DOM, which --dump-dom prints.
checked="$work/checked.html"
sed 's#</body>##; s#</html>##' "$report" >"$checked"
cat >>"$checked" <<'JS'
<script>
(function () {
  var problems = [];
  var expected = parseInt(document.body.getAttribute("data-expected-charts"), 10);
  var svgs = document.querySelectorAll("figure.chart > svg");
  if (!(expected > 0)) problems.push("no data-expected-charts on <body>");
  if (svgs.length !== expected) problems.push("found " + svgs.length + " charts, expected " + expected);
  for (var i = 0; i < svgs.length; i++) {
    var svg = svgs[i];
    var box = svg.getBoundingClientRect();
    var shapes = svg.querySelectorAll("rect, polyline, path, line, text").length;
    var drawn = svg.getBBox();
    if (box.width < 100 || box.height < 50) problems.push("chart " + i + " is " + box.width + "x" + box.height);
    // Axes, grid and labels alone are a dozen shapes; a chart of a month without held posts
    // may have no bars, but every posting timeline has its days' bars.
    if (shapes < 10) problems.push("chart " + i + " is empty (" + shapes + " shapes)");
    if (svg.parentNode.getAttribute("data-chart") === "timeline" && svg.querySelectorAll("rect").length < 3)
      problems.push("timeline chart " + i + " has no bars");
    if (!(drawn.width > 0 && drawn.height > 0)) problems.push("chart " + i + " draws nothing");
  }
  // Self-contained: nothing was fetched (no fonts, images, scripts or styles from anywhere).
  var fetched = performance.getEntriesByType("resource").length;
  if (fetched > 0) problems.push(fetched + " resources were fetched");
  var out = document.createElement("pre");
  out.id = "browser-check";
  out.textContent = (problems.length === 0 ? "ok" : "FAIL") + ": " + svgs.length + " charts"
    + (problems.length ? "; " + problems.join("; ") : "");
  document.body.appendChild(out);
})();
</script>
</body></html>
JS

"$chromium" "${flags[@]}" --enable-logging=stderr --v=0 --virtual-time-budget=5000 \
  --dump-dom "file://$checked" >"$work/dom.html" 2>"$work/console.log" || {
  cat "$work/console.log" >&2
  echo "report-browser-check: chromium failed" >&2
  exit 1
}
marker=$(sed -n 's/.*<pre id="browser-check">\([^<]*\)<\/pre>.*/\1/p' "$work/dom.html")
# Console messages of the page are logged as "CONSOLE(...)" / ":INFO:CONSOLE"; errors in the
# page (script errors, failed loads) show there.
console_errors=$(grep -E 'CONSOLE|Uncaught|Failed to load|net::ERR' "$work/console.log" || true)

fail=0
if [ -z "$marker" ]; then
  echo "report-browser-check: the check script did not run (no result in the DOM)" >&2
  fail=1
elif [[ "$marker" != ok:* ]]; then
  echo "report-browser-check: $marker" >&2
  fail=1
fi
if [ -n "$console_errors" ]; then
  echo "report-browser-check: the console shows:" >&2
  echo "$console_errors" >&2
  fail=1
fi
[ "$fail" = 0 ] || exit 1

if [ -n "$screenshot" ]; then
  "$chromium" "${flags[@]}" --hide-scrollbars --window-size=1100,2200 \
    --screenshot="$work/shot.png" "file://$(realpath "$report")" 2>/dev/null
  mv "$work/shot.png" "$screenshot"
  echo "report-browser-check: screenshot saved to $screenshot"
fi
echo "report-browser-check: $marker drawn, no console errors"
