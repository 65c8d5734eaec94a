#!/bin/bash
# crafted.sh: replies no real host would send, from TUN peers (tunpeer.py)
# behind the server, compared with the goldens in golden/crafted-* (times
# masked) and, where a reference iputils ping is available, side by side with
# it after known-differences.sh.
#
# Every case runs twice: as root with ping_group_range closed (raw socket),
# then as uid 65534 with the range open (datagram socket).  Where the socket
# kinds legitimately differ (a bad checksum is seen on raw IPv4 only; IP
# option padding only reaches raw sockets) the case has one golden per kind
# (NAME.raw, NAME.dgram); otherwise both must print the same.  The bad
# checksum scenario also runs through the rest of the privilege matrix.
#
# Scenario K is a tunpeer on device tpK in the server, answering for
# 198.18.(32+K).0/24 and 2001:db8:20:K::/64 with its own plan (tun_scenario).

IT_WANT_REF=1
. "$(dirname "$0")/lib.sh"
lib_init "$@"

net_standard
net_tun

# Without a usable /dev/net/tun (rootless, on a host where it is root's
# only) the cases that need a TUN peer (flag T) are skipped.
HAVE_TUN=1
if [ ! -c /dev/net/tun ] || ! python3 -c 'import os; os.close(os.open("/dev/net/tun", os.O_RDWR))' 2>/dev/null; then
	HAVE_TUN=0
fi

# K|PLAN.  Sequence numbers count from 1.
SCENARIOS=(
	"0|1:delay=0.5,2:delay=2,3:delay=20,4:delay=200"
	"1|2:truncate=30"
	"2|*:truncate=30"
	"3|2:corrupt=32"
	"4|2:badsum"
	"5|2:id=65535"
	"6|2:dup"
	"7|2:future=1000000"
	"8|2:future=-1000000"
	"9|2:seq=40000"
	"10|2:seq=3"
	"11|1:redirect=$(tun4 11 77)"
	"12|1:quench"
	"13|2:foreignerr"
	"14|3:rr=198.18.9.1/198.18.9.2"
	"15|2:from=$(tun4 15 99)"
	"16|2:from=$(tun6 16 99)"
	"17|2:truncate=10"
	"18|2:forge,3:replay=1"
	"19|1:otherquote=udp,2:otherquote=short"
)
if [ "$HAVE_TUN" = 1 ]; then
	for s in "${SCENARIOS[@]}"; do
		tun_scenario "${s%%|*}" "${s#*|}"
	done
fi

# NAME|FLAGS|ARGUMENTS (see "Case tables" in lib.sh); NAME is golden/crafted-NAME.
# One more flag here: T = the case needs its TUN peer.
CASES=(
	# 0.5, 2, 20, 200 ms: time= has 3, 2, 1, 0 decimals (case_check).
	"crafted-delays4|T|-c 4 -i 0.3 $(tun4 0)"
	"crafted-delays6|T|-c 4 -i 0.3 $(tun6 0)"
	# A truncated reply that keeps its send time and code: " (truncated)",
	# no time, received, not in the sums.
	"crafted-truncate4|T|-c 3 -i 0.2 $(tun4 1)"
	"crafted-truncate6|T|-c 3 -i 0.2 $(tun6 1)"
	"crafted-truncate-all4|T|-c 2 -i 0.2 $(tun4 2)"
	# Cut to 10 bytes, before the code ends: it cannot be told from a
	# forgery, so it is not counted (-v says why); with -s 16 requests carry
	# no code and the cut reply counts, truncated, as before.
	"crafted-truncate-short4|T|-c 3 -i 0.2 $(tun4 17)"
	"crafted-truncate-short-v6|kTE|-v -c 3 -i 0.2 $(tun6 17)"
	"crafted-truncate-short-s16-4|T|-s 16 -c 3 -i 0.2 $(tun4 17)"
	# Sequence 2 also gets a forged reply (our identifier and sequence, the
	# send time guessed right, the rest made up), sequence 3 a replay of
	# sequence 1's payload: neither carries the code for its sequence, so
	# each run counts exactly its four replies, no DUP, -v names both; with
	# -s 16 there is no code and both are taken (the real ones are DUP).
	"crafted-forged4|T|-c 4 -i 0.2 $(tun4 18)"
	"crafted-forged6|T|-c 4 -i 0.2 $(tun6 18)"
	"crafted-forged-v4|kTE|-v -c 4 -i 0.2 $(tun4 18)"
	"crafted-forged-s16-4|T|-s 16 -c 4 -i 0.2 $(tun4 18)"
	"crafted-forged-s16-6|T|-s 16 -c 4 -i 0.2 $(tun6 18)"
	# Payload byte 32 changed: the dump.
	"crafted-corrupt4|T|-c 3 -i 0.2 $(tun4 3)"
	"crafted-corrupt6|T|-c 3 -i 0.2 $(tun6 3)"
	# Bad ICMP checksum: raw IPv4 flags and counts it; datagram sockets and
	# IPv6 never see it (the kernel drops it): a loss.
	"crafted-badsum4|kT|-c 3 -i 0.2 $(tun4 4)"
	"crafted-badsum6|T|-c 3 -i 0.2 $(tun6 4)"
	# Another identifier: raw ignores it, datagram never gets it.
	"crafted-foreignid4|T|-c 3 -i 0.2 $(tun4 5)"
	"crafted-foreignid6|T|-c 3 -i 0.2 $(tun6 5)"
	"crafted-dup4|T|-c 3 -i 0.2 $(tun4 6)"
	"crafted-dup6|T|-c 3 -i 0.2 $(tun6 6)"
	# The echoed send time moved 11.6 days into the future / the past: the
	# code no longer verifies, the reply is not counted; with -s 16 (no
	# code) it is ours, timed from our own record.
	"crafted-timestamp-future4|T|-c 3 -i 0.2 $(tun4 7)"
	"crafted-timestamp-future6|T|-c 3 -i 0.2 $(tun6 7)"
	"crafted-timestamp-past4|T|-c 3 -i 0.2 $(tun4 8)"
	"crafted-timestamp-past6|T|-c 3 -i 0.2 $(tun6 8)"
	"crafted-timestamp-future-s16-4|T|-s 16 -c 3 -i 0.2 $(tun4 7)"
	"crafted-timestamp-future-s16-6|T|-s 16 -c 3 -i 0.2 $(tun6 7)"
	"crafted-timestamp-past-s16-4|T|-s 16 -c 3 -i 0.2 $(tun4 8)"
	# Replies for sequences never sent (40000) / not sent yet (3 for 2).
	"crafted-unsent4|T|-c 3 -i 0.2 $(tun4 9)"
	"crafted-unsent6|T|-c 3 -i 0.2 $(tun6 9)"
	"crafted-unsent-early4|T|-c 3 -i 0.2 $(tun4 10)"
	# Redirect and source quench: information, not errors, not ending -c.
	"crafted-redirect4|T|-c 3 -i 0.2 $(tun4 11)"
	"crafted-quench4|T|-c 3 -i 0.2 $(tun4 12)"
	# -v: read as a packet (raw), the IP header they quote follows, as
	# iputils dumps it; through the error queue (datagram) there is none.
	"crafted-redirect-v4|kTE|-v -c 3 -i 0.2 $(tun4 11)"
	"crafted-quench-v4|kTE|-v -c 3 -i 0.2 $(tun4 12)"
	# An ICMP error quoting another host's echo request: ignored.
	"crafted-foreignerr4|T|-c 3 -i 0.2 $(tun4 13)"
	"crafted-foreignerr6|T|-c 3 -i 0.2 $(tun6 13)"
	# ICMP errors about no echo request (a quoted UDP datagram, a quote
	# too short to tell): ignored, even by root under -v on a raw socket.
	"crafted-otherquote-v4|kTE|-v -c 3 -i 0.2 $(tun4 19)"
	# Record route: the kernel's echo (the real server), then a peer that
	# answers with a route of its own for sequence 3.
	"crafted-rr-server4||-R -c 3 -i 0.2 $S4"
	"crafted-rr4|kT|-R -c 4 -i 0.2 $(tun4 14)"
	# A reply from another address.
	"crafted-from4|T|-c 3 -i 0.2 $(tun4 15)"
	"crafted-from6|T|-c 3 -i 0.2 $(tun6 16)"
)

# times ID: every time= value of a run, one per line.
times() { sed -n -E 's/.* time=([0-9.]+) ms.*/\1/p' "$(out_of "$1")"; }

# rtt_fields ID: min avg max mdev of the rtt line, or nothing.
rtt_fields() {
	sed -n -E 's#^rtt min/avg/max/mdev = ([-0-9.]+)/([-0-9.]+)/([-0-9.]+)/([-0-9.]+) ms.*#\1 \2 \3 \4#p' "$(out_of "$1")"
}

# check_precision ID DESC: each time= has the decimals its size calls for
# (iputils: < 1 ms 3, < 10 ms 2, < 100 ms 1, else 0).
check_precision() {
	local id=$1 desc=$2 t bad=
	for t in $(times "$id"); do
		awk -v t="$t" 'BEGIN {
			n = index(t, ".") ? length(t) - index(t, ".") : 0
			v = t + 0
			want = v < 1 ? 3 : v < 10 ? 2 : v < 100 ? 1 : 0
			exit n != want
		}' || bad="$bad $t"
	done
	if [ -z "$bad" ] && [ -n "$(times "$id")" ]; then
		ok "$desc: time= decimals match the magnitude"
	else
		{ echo "wrong precision:${bad:- no time= at all}"; cat "$(out_of "$id")"; } > "$T/out/$id.why"
		fail "$desc: time= decimals match the magnitude" "$T/out/$id.why"
	fi
}

# check_decimals ID DESC SEQ:N...: time= of icmp_seq SEQ has N decimals:
# each delay lands in its own precision band.  The bands leave the path
# plenty of room (2 ms has 8 ms, 20 ms has 80 ms) but not the 0.5 ms one,
# which is left to check_precision.  On a host so loaded that a reply still
# lands in a later band, that band is noted, not failed: check_precision
# holds the printed decimals to the printed value all the same.
check_decimals() {
	local id=$1 desc=$2 sn seq n t got bad=; shift 2
	for sn in "$@"; do
		seq=${sn%%:*} n=${sn#*:}
		t=$(sed -n -E "s/.* icmp_seq=$seq .* time=([0-9.]+) ms.*/\1/p" "$(out_of "$id")" | head -n 1)
		case $t in *.*) got=${t#*.}; got=${#got} ;; '') got=none ;; *) got=0 ;; esac
		if [ "$got" = "$n" ]; then
			continue
		elif [ "$got" != none ] && [ "$got" -lt "$n" ]; then
			note "$desc: icmp_seq=$seq took $t ms, beyond its delay's band (a loaded host)"
		else
			bad="$bad seq $seq: time=$t has $got decimals, wanted $n;"
		fi
	done
	if [ -z "$bad" ]; then
		ok "$desc: decimals of time= per delay ($*)"
	else
		{ echo "$bad"; cat "$(out_of "$id")"; } > "$T/out/$id.why"
		fail "$desc: decimals of time= per delay ($*)" "$T/out/$id.why"
	fi
}

# check_sane_rtt ID DESC: every time= below 1000 ms; min <= avg <= max, mdev >= 0.
check_sane_rtt() {
	local id=$1 desc=$2 t f bad=''
	for t in $(times "$id"); do
		awk -v t="$t" 'BEGIN { exit !(t >= 0 && t < 1000) }' || bad="$bad time=$t"
	done
	f=$(rtt_fields "$id")
	if [ -z "$f" ]; then
		bad="$bad no-rtt-line"
	else
		# shellcheck disable=SC2086
		set -- $f
		awk -v a="$1" -v b="$2" -v c="$3" -v d="$4" \
			'BEGIN { exit !(a >= 0 && a <= b && b <= c && c < 1000 && d >= 0) }' ||
			bad="$bad rtt=$1/$2/$3/$4"
	fi
	if [ -z "$bad" ]; then
		ok "$desc: times stay sane (< 1000 ms, min <= avg <= max, mdev >= 0)"
	else
		{ echo "insane:$bad"; cat "$(out_of "$id")"; } > "$T/out/$id.why"
		fail "$desc: times stay sane (< 1000 ms, min <= avg <= max, mdev >= 0)" "$T/out/$id.why"
	fi
}

# check_avg_ge_min ID DESC
check_avg_ge_min() {
	local id=$1 desc=$2 f
	f=$(rtt_fields "$id")
	# shellcheck disable=SC2086
	if [ -n "$f" ] && set -- $f && awk -v a="$1" -v b="$2" -v c="$3" 'BEGIN { exit !(a <= b && b <= c) }'; then
		ok "$desc: min <= avg <= max"
	else
		{ echo "rtt: ${f:-none}"; cat "$(out_of "$id")"; } > "$T/out/$id.why"
		fail "$desc: min <= avg <= max" "$T/out/$id.why"
	fi
}

# check_counts ID DESC TX RX: the summary's counts; never more received than sent.
check_counts() {
	local id=$1 desc=$2 tx=$3 rx=$4 line
	line=$(grep -E '^[0-9]+ packets transmitted, [0-9]+ received' "$(out_of "$id")")
	if [[ $line == "$tx packets transmitted, $rx received"[,\ ]* ]] || [ "$line" = "$tx packets transmitted, $rx received" ]; then
		ok "$desc: $tx transmitted, $rx received"
	else
		{ echo "summary: '${line:-none}'"; cat "$(out_of "$id")"; } > "$T/out/$id.why"
		fail "$desc: $tx transmitted, $rx received" "$T/out/$id.why"
	fi
}

# check_setup_stderr ID DESC: -v wrote nothing on stderr but its set-up
# lines (the sockets, the address taken, what of the sandbox could not be
# applied: on an architecture without a filter, or a kernel without Landlock).
check_setup_stderr() {
	local id=$1 desc=$2 extra
	extra=$(grep -v -E '^ping: (sock4\.fd: |ai->ai_family: |sandbox: )' "$(err_of "$id")")
	if [ -z "$extra" ]; then
		ok "$desc: -v says nothing about them"
	else
		{ echo "stderr beyond -v's set-up lines:"; echo "$extra"; } > "$T/out/$id.why"
		fail "$desc: -v says nothing about them" "$T/out/$id.why"
	fi
}

# check_unauthenticated ID DESC PEER SEQ...: -v named exactly these
# sequences' replies from PEER as not carrying the run's code.
check_unauthenticated() {
	local id=$1 desc=$2 peer=$3 seq want= got; shift 3
	for seq in "$@"; do
		want+="ping: reply from $peer with icmp_seq=$seq ignored: it does not carry this run's authentication code"$'\n'
	done
	got=$(grep "authentication code" "$T/out/$id.err")$'\n'
	if [ "$got" = "$want" ]; then
		ok "$desc: -v names the unauthenticated replies ($*)"
	else
		{ echo "want:"; printf '%s' "$want"; echo "stderr:"; cat "$T/out/$id.err"; } > "$T/out/$id.why"
		fail "$desc: -v names the unauthenticated replies ($*)" "$T/out/$id.why"
	fi
}

# case_check NAME WHO ID DESC: what a golden with masked times cannot show.
case_check() {
	local name=$1 id=$3 desc=$4
	case $name in
	crafted-delays*)
		check_precision "$id" "$desc"
		check_decimals "$id" "$desc" 2:2 3:1 4:0 ;;
	crafted-truncate4|crafted-truncate6) check_avg_ge_min "$id" "$desc" ;;
	crafted-timestamp-*) check_sane_rtt "$id" "$desc" ;;
	crafted-unsent*) check_counts "$id" "$desc" 3 2 ;;
	crafted-forged-v4) check_unauthenticated "$id" "$desc" "$(tun4 18)" 2 3 ;;
	crafted-truncate-short-v6) check_unauthenticated "$id" "$desc" "$(tun6 17)" 2 ;;
	crafted-redirect4|crafted-quench4|crafted-redirect-v4|crafted-quench-v4) check_counts "$id" "$desc" 3 3 ;;
	crafted-otherquote-v4)
		check_counts "$id" "$desc" 3 3
		check_setup_stderr "$id" "$desc" ;;
	esac
}

if [ "$HAVE_TUN" = 0 ]; then
	NO_TUN="no usable /dev/net/tun (the TUN peers need it)"
	kept=()
	for c in "${CASES[@]}"; do
		IFS='|' read -r name flags args <<< "$c"
		if [[ $flags == *T* ]]; then
			skip "root (raw) and $U (datagram): $name" "$NO_TUN"
		else
			kept+=("$c")
		fi
	done
	CASES=("${kept[@]}")
	skip "matrix badsum4" "$NO_TUN"
fi

# Raw sockets: root, range closed; the rest of the matrix with it.
[ "$HAVE_TUN" = 1 ] && matrix_closed badsum4 c -c 3 -i 0.2 "$(tun4 4)"
cases_run root
cases_judge root "root (raw):"
[ "$HAVE_TUN" = 1 ] && matrix_closed_judge badsum4 4 crafted-badsum4-v.raw

# Datagram sockets: unprivileged, range open.
ns_range c $RANGE_OPEN
[ "$HAVE_TUN" = 1 ] && matrix_open badsum4 c -c 3 -i 0.2 "$(tun4 4)"
cases_run user
cases_judge user "$U (datagram):"
[ "$HAVE_TUN" = 1 ] && matrix_open_judge badsum4 4 crafted-badsum4-v.dgram

it_finish
