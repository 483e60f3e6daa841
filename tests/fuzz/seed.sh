#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Make the seed corpus of one fuzz harness from the project's own data.
#   tests/fuzz/seed.sh NAME DIR      NAME: parser session config theme record evfilter
set -eu
name=$1
dir=$2
top=$(cd "$(dirname "$0")/../.." && pwd)
fx=$top/tests/data/asterisk-22
mkdir -p "$dir"
case $name in
parser | session)
	for f in "$fx"/*.raw; do
		# the first byte picks the piece size (parser) or the auth mode (session)
		{ printf 'A'; cat "$f"; } >"$dir/$(basename "$f")"
	done
	;;
config)
	cat >"$dir/full.conf" <<'CONF'
[general]
theme = light
scrollback = 32
[keys]
quit = q,^C
[prod]
host = pbx.example.com
port = 5039
tls = yes
username = monitor
secret_file = ~/.secret
read_only = yes
label = PROD ; comment \; semicolon
expect_read = call,cdr
CONF
	printf '[a]\nhost=::1\n' >"$dir/small.conf"
	;;
theme)
	cp "$top"/themes/*.theme "$dir"/
	;;
record)
	for f in "$fx"/05_call_events_admin.raw "$fx"/07_ping.raw; do
		cp "$f" "$dir/bare-$(basename "$f")"
	done
	python3 - "$fx/05c_dial_events_admin.raw" "$dir/rec.amirec" <<'PY'
import sys
raw = open(sys.argv[1], 'rb').read()
out = [b"AMITUI-RECORDING 1\n# seed\n"]
t = 1795773532.0
for m in raw.split(b"\r\n\r\n"):
    if not m:
        continue
    m += b"\r\n\r\n"
    out.append(b"R %.6f %d\n" % (t, len(m)) + m + b"\n")
    t += 0.001
out.append(b"N %.6f 4\nnote\n" % t)
open(sys.argv[2], 'wb').write(b"".join(out))
PY
	;;
evfilter)
	# the first line is the filter, the rest events to match (a fixture without its banner)
	i=0
	while IFS= read -r f; do
		i=$((i + 1))
		{ printf '%s\n' "$f"; tail -n +2 "$fx/05_call_events_admin.raw"; } >"$dir/f$i"
	done <<'FILTERS'
Dial* @call,dtmf chan:PJSIP/al* | call:1795773532.0
Hangup Cause-txt="Normal Clearing" !@cdr
(Newstate or Newchannel) and not Channel~^Local/ /Uniqueid: [0-9.]+/
"free \"text\"" Exten~^(100|200)$ Context!=default
@other Exten!~^7 class:call,user *Agent*
FILTERS
	;;
*)
	echo "unknown harness $name" >&2
	exit 2
	;;
esac
