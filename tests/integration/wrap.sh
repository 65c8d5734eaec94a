#!/bin/bash
# wrap.sh: a reply replayed one whole sequence cycle later (issue 20, item
# 12).  A TUN peer (tunpeer.py, action "stale") answers the first request
# with icmp_seq=1 normally and keeps that reply; when icmp_seq=1 comes round
# again, 65,536 requests later, it sends the kept reply instead of a fresh
# one.  The kept reply is genuine (its authentication code and send time are
# right for the request it answered), but it answers the earlier request:
# it must not be counted, and -v says why on stderr.
#
#   ping -v -q -f -c 65537 TARGET
#   -> 65537 packets transmitted, 65536 received (0.00152586% loss)
#      ping: reply from TARGET with icmp_seq=1 ignored: it answers an
#      earlier request with this sequence
#
# iputils takes the replay as the reply (it has no way to tell), so there is
# no side-by-side comparison (known-differences.sh: replay-wrap).  A -i 1
# monitor running 18 hours is the same check; the unit tests cover it.
#
# Both socket kinds, as root: ping_group_range closed gives the raw socket,
# open the datagram one (root may flood on either); -v shows which.  Both
# families.

. "$(dirname "$0")/lib.sh"
lib_init "$@"

if [ ! -c /dev/net/tun ] || ! python3 -c 'import os; os.close(os.open("/dev/net/tun", os.O_RDWR))' 2>/dev/null; then
	skip_all "no usable /dev/net/tun"
fi

net_standard
net_tun

# A flood to a Python peer: each request waits for its reply (or 10 ms).
IT_RUN_TIMEOUT=${IT_WRAP_TIMEOUT:-240}
COUNT=65537
IGNORED='ignored: it answers an earlier request with this sequence'

# wrap_judge ID DESC FAMILY SOCKTYPE DST
wrap_judge() {
	local id=$1 desc=$2 fam=$3 st=$4 dst=$5 o e why n
	o=$(out_of "$id"); e=$(err_of "$id"); why=$T/out/$id.why
	note "$desc: took $(ms_of "$id") ms"
	# A reply later than 10 ms from the Python peer makes "pipe 2".
	cp "$o" "$o.pipe"
	sed -i -E '/^rtt /s/, pipe [0-9]+(, )?/\1/' "$o"
	golden "loop-wrap$fam" "$id" "$desc"
	check_socktype "$id" "$desc" "$fam" "$st"
	: > "$why"
	n=$(grep -c -F "$IGNORED" "$e")
	if [ "$n" != 1 ]; then
		echo "$n stderr lines say '$IGNORED', wanted 1" >> "$why"
	fi
	if ! grep -q -x -F "ping: reply from $dst with icmp_seq=1 $IGNORED" "$e"; then
		echo "no line 'ping: reply from $dst with icmp_seq=1 $IGNORED'" >> "$why"
	fi
	if [ -s "$why" ]; then
		{ echo "stderr was:"; head -c 3000 "$e"; } >> "$why"
		fail "$desc: -v says the replayed reply was ignored" "$why"
	else
		ok "$desc: -v says the replayed reply was ignored"
	fi
	# The peer really replayed it (otherwise the case proves nothing).
	if [ "$(grep -c ' stale t=' "$T/out/tun0.tunlog")" = "$STALE_SEEN" ]; then
		ok "$desc: the peer replayed the kept reply"
	else
		fail "$desc: the peer replayed the kept reply" "$T/out/tun0.tunout"
	fi
}

# wrap_run ID ARGS...: a fresh peer for each run (it keeps the first reply
# for each source, identifier and sequence; a datagram socket's identifier
# may come round again).
STALE_SEEN=0
wrap_run() {
	local id=$1; shift
	tunpeer_stop tun0
	tun_scenario 0 "1:stale"
	pingrun "$id" root c "$BIN" "$@"
	STALE_SEEN=$((STALE_SEEN + 1))
}

# wrap_pass LABEL SOCKTYPE
wrap_pass() {
	local label=$1 st=$2 kind
	kind=raw; [ "$st" = SOCK_DGRAM ] && kind=dgram
	wrap_run "wrap4-$kind" -v -q -f -c "$COUNT" "$(tun4 0)"
	wrap_judge "wrap4-$kind" "$label ping -v -q -f -c $COUNT $(tun4 0)" 4 "$st" "$(tun4 0)"
	wrap_run "wrap6-$kind" -v -q -f -c "$COUNT" "$(tun6 0)"
	wrap_judge "wrap6-$kind" "$label ping -v -q -f -c $COUNT $(tun6 0)" 6 "$st" "$(tun6 0)"
}

wrap_pass "root, range closed (raw):" SOCK_RAW
ns_range c $RANGE_OPEN
wrap_pass "root, range open (datagram):" SOCK_DGRAM

it_finish
