#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Run every fuzz harness of a -Dfuzz=true build for SECONDS each on its seed corpus and
# print one line per harness: executions, corpus size, crashes. Exit 1 on any crash.
#   tests/fuzz/run.sh BUILD_DIR [SECONDS]      (FUZZ_HARNESSES="parser ..." picks some)
set -u
build=$1
secs=${2:-20}
here=$(cd "$(dirname "$0")" && pwd)
work=${FUZZ_WORK:-$build/fuzz-work}
status=0
for name in ${FUZZ_HARNESSES:-parser session config theme record evfilter}; do
	corpus=$work/corpus-$name
	mkdir -p "$corpus" "$work/crash-$name"
	"$here/seed.sh" "$name" "$corpus-seed"
	log=$work/$name.log
	"$build/tests/fuzz/fuzz_$name" -max_total_time="$secs" -rss_limit_mb=2048 \
		-artifact_prefix="$work/crash-$name/" -print_final_stats=1 \
		"$corpus" "$corpus-seed" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	crashes=$(find "$work/crash-$name" -type f | wc -l)
	size=$(find "$corpus" -type f | wc -l)
	echo "fuzz_$name executions=${execs:-?} corpus=$size crashes=$crashes exit=$rc"
	if [ "$rc" -ne 0 ] || [ "$crashes" -ne 0 ]; then
		status=1
		tail -30 "$log"
	fi
done
exit $status
