#!/bin/bash
# json.sh: -j runs that the case tables cannot make: SIGQUIT's status and
# SIGINT's end, and a flood, each validated against the shipped schema
# (jsoncheck.py) with nothing on stderr.  The case tables of basic.sh,
# faults.sh, options.sh and crafted.sh run every other scenario with -j too.
#
# Both socket kinds: root with the range closed (raw), uid 65534 with it
# open (datagram).

. "$(dirname "$0")/lib.sh"
lib_init "$@"

net_standard

# json_objects ID TYPE: how many objects of a type the run printed.
json_objects() {
	grep -c "^{\"type\":\"$2\"" "$T/out/$1.out"
}

# signals WHO: SIGQUIT once the first reply is out, then SIGINT.
signals() {
	local who=$1 id="$1-signals" i=0
	pingrun_bg "$id" "$who" c "$BIN" -j -i 0.2 "$S4"
	while [ $i -lt 300 ] && ! grep -q '"type":"reply"' "$T/out/$id.out" 2>/dev/null; do
		sleep 0.01; i=$((i + 1))
	done
	kill -QUIT "$BG_PID"
	sleep 0.5
	kill -INT "$BG_PID"
	pingwait "$id" "$BG_PID"
	json_check - "$id" "-i 0.2" "$2 SIGQUIT then SIGINT"
	if [ "$(json_objects "$id" status)" = 1 ] && [ "$(rc_of "$id")" = 0 ]; then
		ok "$2 SIGQUIT: one status object, SIGINT: summary and exit 0"
	else
		fail "$2 SIGQUIT: one status object, SIGINT: summary and exit 0" "$T/out/$id.out"
	fi
}

# flood WHO LABEL ARGS...: no marks, one reply object a request.
flood() {
	local who=$1 id="$1-flood" label=$2; shift 2
	pingrun "$id" "$who" c "$BIN" -j "$@" "$S4"
	json_check - "$id" "$*" "$label $*"
	if [ "$(json_objects "$id" reply)" = 200 ] && ! grep -q '^[^{]' "$T/out/$id.out"; then
		ok "$label -f: 200 reply objects, no marks"
	else
		fail "$label -f: 200 reply objects, no marks" "$T/out/$id.out"
	fi
}

signals root "root (raw):"
flood root "root (raw):" -f -c 200
ns_range c $RANGE_OPEN
signals user "$U (datagram):"
flood user "$U (datagram):" -f -i 0.002 -c 200

it_finish
