#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# amitui-bench beside the other AMI clients, on the same stream, in one run.
#
#   tests/bench/compare.sh [EVENTS] [RUNS] [BUILD]     defaults: 1000000 3 build
#   tests/bench/compare.sh 1000000 3 build | tee compare.txt
#
# Runs the shared peer harness (run-peers.sh: the other clients' parsers plus a
# plain C scan/parse/store, see its README; it installs what is missing with apt
# and npm and writes its stream to $WORK, default /tmp/perf), then amitui-bench
# RUNS times on the very same stream file, then prints a table: the median of each
# figure, and the ratio to the fastest other AMI client (the C baselines are not
# clients). PEERS (default ../shared/bench beside the repository) locates the
# harness. Every raw line is printed first, so the table can be checked.
set -euo pipefail
EVENTS=${1:-1000000}
RUNS=${2:-3}
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=${3:-$HERE/../../build}
PEERS=${PEERS:-$HERE/../../../shared/bench}
WORK=${WORK:-/tmp/perf}
export WORK
BENCH=$BUILD/tests/bench/amitui-bench
[ -x "$BENCH" ] || { echo "no $BENCH: build first (meson compile -C $BUILD)" >&2; exit 2; }
[ -x "$PEERS/run-peers.sh" ] || { echo "no $PEERS/run-peers.sh: set PEERS" >&2; exit 2; }

OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT
echo "# machine: $(nproc) CPUs, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)," \
	"$(free -g | awk '/^Mem:/ {print $2}') GiB, $(uname -sr); load: $(cut -d' ' -f1-3 /proc/loadavg)"
BT=$(meson introspect "$BUILD" --buildoptions 2>/dev/null | python3 -c \
	'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"]=="buildtype"][0])' \
	2>/dev/null || echo '?')
echo "# amitui $(git -C "$HERE" describe --always --dirty 2>/dev/null || echo '?'), bench built $BT"
"$PEERS/run-peers.sh" "$EVENTS" "$RUNS" | tee "$OUT"
STREAM=$(sed -n 's/^# stream \([^ ]*\) .*/\1/p' "$OUT" | head -1)
for r in $(seq "$RUNS"); do
	echo "# amitui-bench run $r on $STREAM"
	"$BENCH" --stream "$STREAM" | sed 's/^/amitui-bench /' | tee -a "$OUT"
done

python3 - "$OUT" <<'PY'
import statistics, sys
peers, ours = {}, {}
for line in open(sys.argv[1]):
    if line.startswith("#") or not line.strip():
        continue
    f = line.split()
    if f[0] == "amitui-bench" and len(f) == 3:
        ours.setdefault(f[1], []).append(float(f[2]))
    elif "events_per_s=" in line:
        kv = dict(x.split("=", 1) for x in f[1:] if "=" in x)
        peers.setdefault(f[0], []).append(kv)
med = lambda v: statistics.median(v)
baselines = {"c-scan", "c-parse", "c-store"}
rate = {n: med([float(r["events_per_s"]) for r in rs]) for n, rs in peers.items()}
mbps = {n: med([float(r["MB_per_s"]) for r in rs]) for n, rs in peers.items()}
rss = {n: med([float(r.get("peak_rss_kB", 0)) for r in rs]) / 1024 for n, rs in peers.items()}
clients = {n: v for n, v in rate.items() if n not in baselines}
fastest = max(clients, key=clients.get) if clients else None
print()
print("| program | events/s (median) | MB/s (median) | x fastest client | peak RSS MiB |")
print("|---|---|---|---|---|")
for n in sorted(rate, key=rate.get, reverse=True):
    x = "%.1f" % (rate[n] / clients[fastest]) if fastest else "-"
    print("| %s%s | %.0f | %.1f | %s | %.0f |" % (
        n, " (C baseline)" if n in baselines else "", rate[n], mbps[n], x, rss[n]))
print()
print("| amitui-bench figure | median of %d | x fastest client (%s, %.0f events/s) |" % (
    len(next(iter(ours.values()), [])), fastest, clients.get(fastest, 0)))
print("|---|---|---|")
for k, v in ours.items():
    x = ""
    if k.endswith("events_per_s") and fastest:
        x = "%.1f" % (med(v) / clients[fastest])
    elif k.endswith("mb_per_s") and fastest:
        x = "%.1f (MB/s)" % (med(v) / mbps[fastest])
    print("| %s | %s | %s |" % (k, ("%.3f" % med(v)).rstrip("0").rstrip("."), x))
PY
