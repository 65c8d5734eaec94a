#!/bin/bash
# loop.sh: the main loop, its signals and its statistics beside iputils
# (issue 20): each rule is a case with its golden (golden/loop-*) and, where a
# reference iputils ping is available, side by side with it after
# known-differences.sh.  The rule each case pins is written beside it.
#
#   flood and -i 0 keep their rate after a lost request        (item 2)
#   a preload above 64 gets every reply read                    (item 3)
#   broadcast and multicast never fragment; the user rules      (item 4)
#   -b makes the whole IPv4 run a multicast one (no DUP!)       (item 5)
#   one request on resume after a stall, the next an interval on (item 6)
#   -O under -q and -f                                          (item 7)
#   SIGALRM ends a run with its statistics; SIGINT, SIGQUIT     (item 8)
#   duplicates count toward "pipe"                              (item 9)
#   untimed runs (-s 8) print ipg/ewma without an rtt part      (item 10)
#   a stdout write error: "write error", exit 1; a broken pipe  (item 11)
#   is none; a closed stdout never gets the socket
#   preload x interval overflow; -Q -1                          (item 13)
#   -w, SIGINT and SIGALRM end a run during a stuck reverse
#   lookup (a name server that never answers)                   (item 1)
# The replay across the sequence wrap (item 12) is wrap.sh.
#
# Both socket kinds: root with ping_group_range closed (raw), uid 65534
# with it open (datagram); cases that depend on the real uid run in one
# pass only.
#
# The network is net_standard + net_far + net_tun, and
#   c eth1 198.18.8.1/24 ---- s eth1 198.18.8.2/24   (a LAN: broadcast and
#         multicast, 224.0.0.0/4 routed to it; the server answers both)
# Far addresses behind the server, picked by the router's rules:
#   far 1   echo request sequence 2 dropped
#   far 2   every echo reply duplicated
#   far 3   echo reply sequence 1 duplicated
#   far 4   echo requests 2, 3 and 4 dropped (IPv4)
# TUN scenario 1 answers sequence 1 from another address.

IT_WANT_REF=1
. "$(dirname "$0")/lib.sh"
lib_init "$@"

net_standard
net_far
net_tun

LAN_C4=198.18.8.1
LAN_S4=198.18.8.2
LAN_BC4=198.18.8.255
MCAST4=224.1.2.3
_veth c eth1 s eth1 02:00:5e:12:08:01 02:00:5e:12:08:02
_addr c eth1 "$LAN_C4/24"
_addr s eth1 "$LAN_S4/24"
_neigh c eth1 02:00:5e:12:08:02 "$LAN_S4"
_neigh s eth1 02:00:5e:12:08:01 "$LAN_C4"
nsx c ip route add 224.0.0.0/4 dev eth1 || die "multicast route"
nsx s sysctl -qw net.ipv4.icmp_echo_ignore_broadcasts=0 >/dev/null || die "server broadcasts"

LOSS4=$(far4 1) LOSS6=$(far6 1)
DUP4=$(far4 2) DUP6=$(far6 2)
DUP1_4=$(far4 3)
LOSS3_4=$(far4 4)
DUP1_6=$(far6 3)
far_addrs "$LOSS4" "$LOSS6" "$DUP4" "$DUP6" "$DUP1_4" "$LOSS3_4" "$DUP1_6"

ns_nft r <<EOF
table inet pingsock_loop {
	chain forward {
		type filter hook forward priority 0; policy accept;
		ip daddr $LOSS4 icmp type echo-request icmp sequence 2 drop
		ip6 daddr $LOSS6 icmpv6 type echo-request icmpv6 sequence 2 drop
		ip daddr $LOSS3_4 icmp type echo-request icmp sequence { 2, 3, 4 } drop
	}
}
table ip pingsock_loop_dup {
	chain forward {
		type filter hook forward priority 0; policy accept;
		ip saddr $DUP4 ip daddr $C4 icmp type echo-reply dup to $C4 device "rc"
		ip saddr $DUP1_4 ip daddr $C4 icmp type echo-reply icmp sequence 1 dup to $C4 device "rc"
	}
}
table ip6 pingsock_loop_dup6 {
	chain forward {
		type filter hook forward priority 0; policy accept;
		ip6 saddr $DUP6 ip6 daddr $C6 icmpv6 type echo-reply dup to $C6 device "rc"
		ip6 saddr $DUP1_6 ip6 daddr $C6 icmpv6 type echo-reply icmpv6 sequence 1 dup to $C6 device "rc"
	}
}
EOF

HAVE_TUN=1
if [ ! -c /dev/net/tun ] || ! python3 -c 'import os; os.close(os.open("/dev/net/tun", os.O_RDWR))' 2>/dev/null; then
	HAVE_TUN=0
fi
OTHER4=$(tun4 1 99)
[ "$HAVE_TUN" = 1 ] && tun_scenario 1 "1:from=$OTHER4"

# NAME|FLAGS|ARGUMENTS (see "Case tables" in lib.sh); NAME is golden/NAME.
# Our own flags: 1 = root pass only, 2 = user pass only (the outcome
# depends on the real uid), T = needs the TUN peer.
CASES=(
	# The flood and preload cases run alone at real-time priority (flags
	# x f): whether the last reply is in before the run ends must not
	# depend on the machine's load, for iputils either.
	# Item 2: one lost request does not slow a flood (or -i 0) down:
	# iputils counts in flight from the highest sequence acknowledged, so
	# the lost one is no longer waited for once a later reply is in;
	# ours waited 10 ms before every later request.  Elapsed and ipg
	# checked in case_check.
	"loop-flood-loss4|1Jxf|-q -f -c 500 $LOSS4"
	"loop-flood-loss6|1Jxf|-q -f -c 500 $LOSS6"
	"loop-i0-loss4|1Jxf|-q -i 0 -c 300 $LOSS4"
	"loop-i0-loss6|1Jxf|-q -i 0 -c 300 $LOSS6"
	# Neighbour: a deadline with -c: one more request for the lost one.
	"loop-flood-w-loss4|1Jxf|-q -f -w 2 -c 300 $LOSS4"
	# The same for a user at the 2 ms floor: about count x interval,
	# also when as many requests are lost as may be in flight (-l 3).
	"loop-i2ms-loss4|2J|-q -i 0.002 -c 200 $LOSS4"
	"loop-i2ms-loss6|2J|-q -i 0.002 -c 200 $LOSS6"
	"loop-i2ms-l3-loss4|2J|-q -i 0.002 -l 3 -c 200 $LOSS3_4"
	# -A: the interval follows the round trip, through a loss too.
	"loop-A-loss4|J|-q -A -c 200 $LOSS4"
	"loop-A-loss6|J|-q -A -c 200 $LOSS6"

	# Item 3: 100 requests preloaded, every reply read before the end.
	"loop-l100-4|1xf|-q -l 100 -c 10 -w 5 $S4"
	"loop-l100-6|1xf|-q -l 100 -c 10 -w 5 $S6"
	# Neighbour: without -w the count still stops the sending.
	"loop-l100-c-4|1xf|-q -l 100 -c 10 $S4"

	# Item 4: broadcast (-b) and any multicast destination use
	# IP_PMTUDISC_DO unless -M says otherwise: 2000 bytes do not go out,
	# "sendmsg: Message too long" per request, "+2 errors", exit 1.
	# Alone (x): an ICMP error about another case's request reaches every
	# raw ICMP socket of the namespace, and iputils (20240905, 20250605)
	# then reads the refused send's own local error from its error queue
	# ("local error: message too long", one request fewer) where a quiet
	# host never does.
	"loop-bcast-big|aJx|-b -s 2000 -c 2 -i 1 $LAN_BC4"
	"loop-mcast-big|aJx|-s 2000 -t 3 -c 2 -i 1 $MCAST4"
	"loop-mcast6-big|aJx|-s 2000 -c 2 -i 1 ff02::1%eth1"
	# Under -A iputils' loop always polls, so the local error queued with
	# a refused send is read at the next wait: a second error, and with
	# -c 2 the run ends after one request (20240905, 20250605).
	"loop-A-big4|aJx|-A -s 2000 -M do -c 2 $S4"
	"loop-A-big6|aJx|-A -s 2000 -M do -c 2 $S6"
	"loop-A-f-big4|1aJx|-A -f -s 2000 -M do -c 2 $S4"
	# ... and for a user -M other than do is refused (exit 2) when -b is
	# given (whatever the address) or the target is multicast: IPv4 says
	# "broadcast", IPv6 "multicast"; the interval rule is checked first.
	"loop-b-Mdont-unicast|2aJ|-b -M dont -c 1 -i 1 $LAN_S4"
	"loop-mcast-Mdont|2aJ|-M dont -c 1 -i 1 $MCAST4"
	"loop-mcast6-Mdont|2aJ|-M dont -c 1 -i 1 ff02::1%eth1"
	"loop-b-Mdont-fast|2aJ|-b -M dont -c 1 -i 0.5 $LAN_BC4"
	"loop-b-Mdont-fast-unicast|2aJ|-b -M dont -c 1 -i 0.5 $LAN_S4"

	# Item 5: with -b the IPv4 run counts as multicast: a duplicate or a
	# reply from another address is not flagged; -v flags the duplicate.
	"loop-b-dup||-b -c 2 -i 1 $DUP1_4"
	"loop-b-dup-v|kE|-v -b -c 2 -i 1 $DUP1_4"
	"loop-nob-dup||-c 2 -i 1 $DUP1_4"
	# Neighbour: -b means nothing to IPv6: its duplicate is flagged.
	"loop-b-dup6||-b -c 2 -i 1 $DUP1_6"
	"loop-b-from|T|-b -c 2 -i 1 $(tun4 1)"
	"loop-nob-from|T|-c 2 -i 1 $(tun4 1)"

	# Item 7: -O reports unanswered requests under -q, and in flood as a
	# line after the request's dot.
	"loop-O-q4||-O -q -c 3 -i 0.2 -W 0.2 $BH4"
	"loop-O-q6||-O -q -c 3 -i 0.2 -W 0.2 $BH6"
	"loop-O-f4|pJ|-O -f -c 3 -i 0.2 -W 0.2 $BH4"
	"loop-O-f6|pJ|-O -f -c 3 -i 0.2 -W 0.2 $BH6"
	# Neighbour: only the unanswered one is reported.
	"loop-O-q-loss4||-O -q -c 4 -i 0.2 $LOSS4"

	# Item 10: no timestamp in the payload (-s 8): no rtt part, but
	# ipg/ewma (and pipe) on the line after the packets line.
	"loop-A-untimed4||-A -c 3 -s 8 $S4"
	"loop-A-untimed6||-A -c 3 -s 8 $S6"
	"loop-f-untimed4|1p|-f -c 5 -s 8 $S4"
	"loop-f-untimed6|1p|-f -c 5 -s 8 $S6"

	# Item 13: interval x preload must stay below INT_MAX milliseconds.
	"loop-i-max|e|-i 2147483.647 -c 1 $S4"
	"loop-l2-i-max|e|-l 2 -i 1073741.823 -c 1 $S4"
	# -Q -1 is taken (the TOS byte is the value's low byte).
	"loop-Q-minus1||-Q -1 -c 1 $S4"
)

# case_before NAME WHO ID: nothing to reset before a case run alone.
case_before() { :; }

# case_check NAME WHO ID DESC
case_check() {
	local name=$1 who=$2 id=$3 desc=$4
	case $name in
	loop-flood-loss*|loop-i0-loss*|loop-flood-w-loss4)
		# iputils: 20-30 ms; one 10 ms wait per request after the loss
		# would be 3-5 s.
		check_elapsed_ref "$id" "$desc" 2000
		check_ipg "$id" "$desc" 2 ;;
	loop-A-loss*)
		# iputils: about 0.1 s as root, 0.4 s at a user's 2 ms floor.
		check_elapsed_ref "$id" "$desc" 1500 ;;
	loop-i2ms-*)
		# 200 x 2 ms = 0.4 s; 200 x 10 ms would be 2 s.
		check_elapsed_ref "$id" "$desc" 1300 ;;
	loop-b-dup-v)
		if grep -q 'icmp_seq=1 .*(DUP!)' "$(out_of "$id")"; then
			ok "$desc: -v flags the duplicate"
		else
			fail "$desc: -v flags the duplicate" "$(out_of "$id")"
		fi ;;
	esac
	return 0
}

# check_elapsed_ref ID DESC MAX_MS: the run took at most MAX_MS, or, on a
# machine so loaded that the reference run beside it was slow too, at most
# half as long again as the reference plus 300 ms.
check_elapsed_ref() {
	local id=$1 desc=$2 max=$3 ms ref=
	ms=$(ms_of "$id")
	[ -f "$T/out/$id-ref.ms" ] && ref=$(ms_of "$id-ref")
	if [ "$ms" -le "$max" ]; then
		ok "$desc: took $ms ms, at most $max"
	elif [ -n "$ref" ] && [ "$ms" -le $((ref * 3 / 2 + 300)) ]; then
		ok "$desc: took $ms ms, at most 1.5 x iputils' $ref ms + 300 (loaded machine)"
	else
		echo "took $ms ms, wanted at most $max (or 1.5 x iputils' ${ref:-(not run)} ms + 300)" > "$T/out/$id.why"
		fail "$desc: took at most $max ms" "$T/out/$id.why"
	fi
}

# check_ipg ID DESC MAX_MS: the summary's ipg below MAX_MS.
check_ipg() {
	local id=$1 desc=$2 max=$3 ipg
	ipg=$(sed -n -E 's#.*ipg/ewma ([0-9.]+)/.*#\1#p' "$(out_of "$id")")
	if [ -n "$ipg" ] && awk -v a="$ipg" -v b="$max" 'BEGIN { exit !(a < b) }'; then
		ok "$desc: ipg $ipg ms < $max ms"
	else
		{ echo "ipg '${ipg:-none}', wanted below $max ms:"; cat "$(out_of "$id")"; } > "$T/out/$id.ipg"
		fail "$desc: ipg below $max ms" "$T/out/$id.ipg"
	fi
}

# unpipe ID: ", pipe N" out of the summary, in place (the original is kept
# as ID.out.pipe): a reply late by a few milliseconds on a loaded machine
# makes "pipe 2" in a flood; these cases check the rest of the line.
unpipe() {
	local o=$T/out/$1.out
	[ -f "$o" ] || return 0
	cp "$o" "$o.pipe"
	sed -i -E '/^rtt /s/, pipe [0-9]+(, )?/\1/' "$o"
}

# ---------------------------------------------------------------------------
# Signals and stalls, run in the background: bgrun ID WHO PLAN BINARY ARGS...
# PLAN is a list of steps:
#   caught:N   wait until the process catches signal number N (SigCgt in
#              /proc/PID/status; at most 3 s): a signal sent earlier would
#              find the default action
#   reply      wait until the first reply line is out (at most 3 s)
#   sleep:S    sleep S seconds
#   SIG        send the signal (INT, QUIT, ALRM, STOP, CONT)
# The run is killed if it lasts more than IT_RUN_TIMEOUT s.  Leaves ID.out,
# .err, .rc, and .ms (from the start to the end of the run).
bgrun() {
	local id=$1 who=$2 plan=$3 b=$4 t0 t1 step i pid; shift 4
	t0=$(date +%s%N)
	pingrun_bg "$id" "$who" c "$b" "$@"
	pid=$BG_PID
	for step in $plan; do
		case $step in
		reply)
			i=0
			while [ $i -lt 300 ] && ! grep -q 'bytes from' "$T/out/$id.out" 2>/dev/null; do
				sleep 0.01; i=$((i + 1))
			done ;;
		caught:*)
			i=0
			while [ $i -lt 300 ] && ! _catches "$pid" "${step#caught:}"; do
				sleep 0.01; i=$((i + 1))
			done ;;
		sleep:*) sleep "${step#sleep:}" ;;
		*) kill -"$step" "$pid" 2>/dev/null ;;
		esac
	done
	i=0
	while kill -0 "$pid" 2>/dev/null && [ $i -lt $((IT_RUN_TIMEOUT * 20)) ]; do
		sleep 0.05; i=$((i + 1))
	done
	kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
	wait "$pid"
	echo $? > "$T/out/$id.rc"
	t1=$(date +%s%N)
	echo $(( (t1 - t0) / 1000000 )) > "$T/out/$id.ms"
}

# _catches PID N: the process has a handler for signal number N.
_catches() {
	local m
	m=$(sed -n 's/^SigCgt:[[:space:]]*//p' "/proc/$1/status" 2>/dev/null)
	[ -n "$m" ] && [ $(( 16#$m & (1 << ($2 - 1)) )) != 0 ]
}

# bgpair ID WHO PLAN ARGS...: ours and the reference at once, in the
# background (collected by pool_wait).
bgpair() {
	local id=$1 who=$2 plan=$3; shift 3
	bgrun "$id" "$who" "$plan" "$BIN" "$@" &
	IT_POOL+=($!); IT_BG+=($!)
	if [ -n "$REF_BIN" ]; then
		bgrun "$id-ref" "$who" "$plan" "$REF_BIN" "$@" &
		IT_POOL+=($!); IT_BG+=($!)
	fi
}

# judge ID GOLDEN DESC [render options]: golden and side by side.
judge() {
	local id=$1 g=$2 desc=$3; shift 3
	golden "$g" "$id" "$desc" "$@"
	if [ -n "$REF_BIN" ]; then
		side_by_side "$g@${id%%-*}" "$id" "$id-ref" "$desc" "$@"
	else
		have_ref "$desc"
	fi
}

# mask_err ID: the figures of a SIGQUIT status line in stderr, in place.
mask_err() {
	local e=$T/out/$1.err
	[ -f "$e" ] || return 0
	cp "$e" "$e.orig"
	sed -i -E 's#(min/avg/ewma/max = )[0-9.]+/[0-9.]+/[0-9.]+/[0-9.]+ ms#\1X/X/X/X ms#' "$e"
}

# ts_gaps ID: the gaps between the -D timestamps of consecutive reply
# lines, in milliseconds, one a line.
ts_gaps() {
	sed -n -E 's/^\[([0-9]+\.[0-9]+)\] [0-9]+ bytes from .*/\1/p' "$(out_of "$1")" |
		awk 'NR > 1 { printf "%d\n", ($1 - p) * 1000 } { p = $1 }'
}

signals_run() {
	local who=$1
	# Item 8: SIGALRM ends the run like SIGINT: statistics, exit 0 with
	# a reply, 1 without (or with -w and fewer replies than -c).  -i 2:
	# the signal comes long before the second request, however loaded the
	# machine.
	bgpair "$who-sig-alrm" "$who" "reply sleep:0.1 ALRM" -i 2 "$S4"
	bgpair "$who-sig-alrm-none" "$who" "caught:14 sleep:0.3 ALRM" -i 2 "$BH4"
	bgpair "$who-sig-alrm-w" "$who" "reply sleep:0.1 ALRM" -w 5 -c 3 -i 2 "$S4"
	# SIGINT: the same.
	bgpair "$who-sig-int" "$who" "reply sleep:0.1 INT" -i 2 "$S4"
	bgpair "$who-sig-int-w" "$who" "reply sleep:0.1 INT" -w 5 -c 3 -i 2 "$S4"
	# SIGQUIT: a status line on stderr, and the run goes on.
	bgpair "$who-sig-quit" "$who" "reply sleep:0.1 QUIT sleep:0.2 INT" -i 2 "$S4"
	# Output not on a terminal waits in stdio's buffer, as iputils': the
	# header goes with the first reply or ICMP error (or the end), so a
	# run killed before any leaves nothing; SIGQUIT's line does not flush
	# it (under 2>&1 it comes first).
	bgpair "$who-sig-term-none" "$who" "caught:2 sleep:0.3 TERM" -i 2 "$BH4"
	bgpair "$who-sig-quit-term-none" "$who" "caught:3 sleep:0.3 QUIT sleep:0.2 TERM" -i 2 "$BH4"
	# Item 6: stopped for 2 s: on resume one request, the next an
	# interval later (never two at once: no "pipe 2").
	bgpair "$who-stall" "$who" "reply sleep:0.1 STOP sleep:2 CONT" -D -i 0.5 -c 6 "$S4"
	# Item 9: every reply duplicated: iputils acknowledges duplicates
	# too, and reports "pipe 2" (checked in signals_judge).
	[ "$who" = root ] && bgpair "$who-flood-dup4" "$who" "" -f -c 5 "$DUP4"
	[ "$who" = root ] && bgpair "$who-flood-dup6" "$who" "" -f -c 5 "$DUP6"
	return 0
}

# The pipe and run time of a flood summary ("pipe N, time T"), for the
# duplicated flood: each duplicate acknowledges its sequence, so a flood
# that is answered at once never has more than 2 requests in flight.  A
# third goes only when a reply is late 10 ms (the flood's own send timer),
# which a loaded machine can cause (seen in iputils' run under ASan's
# load): then the run lasted at least 10 ms.  Pipe 3 in a shorter run, or
# any other pipe, fails.
dup_pipe_of() {
	printf 'pipe %s, time %s ms' \
		"$(sed -n -E 's/^rtt .*, pipe ([0-9]+), ipg\/ewma .*/\1/p' "$1")" \
		"$(sed -n -E 's/^5 packets transmitted, .*, time ([0-9]+)ms$/\1/p' "$1")"
}
dup_pipe_ok() {
	local _p pipe _t time
	read -r _p pipe _t time _ <<<"$(dup_pipe_of "$1" | tr -d ,)"
	[ "$pipe" = 2 ] && return 0
	[ "$pipe" = 3 ] && [ "$time" != ms ] && [ "$time" -ge 10 ]
}

signals_judge() {
	local who=$1 label=$2 id gaps bad
	judge "$who-sig-alrm" loop-sig-alrm "$label SIGALRM after the first reply (ping -i 2 $S4)" --stderr
	judge "$who-sig-alrm-none" loop-sig-alrm-none "$label SIGALRM, no reply (ping -i 2 $BH4)" --stderr
	judge "$who-sig-int" loop-sig-int "$label SIGINT after the first reply (ping -i 2 $S4)" --stderr
	judge "$who-sig-int-w" loop-sig-int-w "$label SIGINT, -w and fewer than -c (ping -w 5 -c 3 -i 2 $S4)" --stderr
	judge "$who-sig-alrm-w" loop-sig-alrm-w "$label SIGALRM, -w and fewer than -c (ping -w 5 -c 3 -i 2 $S4)" --stderr
	mask_err "$who-sig-quit"; mask_err "$who-sig-quit-ref"
	judge "$who-sig-quit" loop-sig-quit "$label SIGQUIT then SIGINT (ping -i 2 $S4)" --stderr
	judge "$who-sig-term-none" loop-sig-term-none "$label SIGTERM before any answer (ping -i 2 $BH4)" --stderr
	mask_err "$who-sig-quit-term-none"; mask_err "$who-sig-quit-term-none-ref"
	judge "$who-sig-quit-term-none" loop-sig-quit-term-none "$label SIGQUIT then SIGTERM before any answer (ping -i 2 $BH4)" --stderr
	judge "$who-stall" loop-stall "$label stopped 2 s (ping -D -i 0.5 -c 6 $S4)" --stderr
	for id in "$who-stall" "$who-stall-ref"; do
		[ -f "$T/out/$id.out" ] || continue
		gaps=$(ts_gaps "$id" | tr '\n' ' ')
		bad=$(ts_gaps "$id" | awk '$1 < 350')
		if [ -z "$bad" ] && [ -n "$gaps" ]; then
			ok "$label stall ($id): replies at least 350 ms apart (gaps: $gaps)"
		else
			{ echo "gaps between replies (ms): $gaps"; cat "$(out_of "$id")"; } > "$T/out/$id.gaps"
			fail "$label stall ($id): replies at least 350 ms apart" "$T/out/$id.gaps"
		fi
	done
	if [ "$who" = root ]; then
		for id in "$who-flood-dup4" "$who-flood-dup4-ref" "$who-flood-dup6" "$who-flood-dup6-ref"; do
			[ -f "$T/out/$id.out" ] || continue
			if grep -q -E '^5 packets transmitted, 5 received, \+[0-9]+ duplicates, 0% packet loss' "$(out_of "$id")" &&
				dup_pipe_ok "$(out_of "$id")" && [ "$(rc_of "$id")" = 0 ]; then
				ok "$label every reply duplicated ($id, ping -f -c 5): duplicates, $(dup_pipe_of "$(out_of "$id")"), exit 0"
			else
				{ echo "exit $(rc_of "$id")"; cat "$(out_of "$id")"; } > "$T/out/$id.why"
				fail "$label every reply duplicated ($id, ping -f -c 5): duplicates, pipe 2 (3 only after a 10 ms wait), exit 0" "$T/out/$id.why"
			fi
		done
	fi
}

# ---------------------------------------------------------------------------
# Item 11: stdout that cannot be written: "ping: write error", exit 1.
# wrerr_run ID WHO BINARY HOW, HOW one of
#   full     stdout is /dev/full: every write fails (ENOSPC)
#   closed   stdout closed (>&-): ours must not let its socket take
#            descriptor 1 (iputils' does, so its writes fail too)
#   pipe     SIGPIPE ignored (as a service manager leaves it) and the
#            pipe's reader gone: a broken pipe is no error, the run's
#            status stands (0), nothing on stderr
#   version  -V to /dev/full: the version text is flushed at the exit,
#            and that failure says "write error" alone, as any other
wrerr_run() {
	local id=$1 who=$2 b=$3 how=$4 redir args=(-c 2 -i 0.2 127.0.0.1)
	case $how in
	full | version) redir='exec >/dev/full' ;;
	closed) redir='exec >&-' ;;
	pipe) redir='trap "" PIPE' ;;
	esac
	[ "$how" = version ] && args=(-V)
	if [ "$how" = pipe ]; then
		# shellcheck disable=SC2016
		run_as "$who" c timeout -k 2 "$IT_RUN_TIMEOUT" bash -c "$redir"'
			(exec -a ping "$0" "$@") | exec 0<&-
			exit "${PIPESTATUS[0]}"' "$b" "${args[@]}" 2> "$T/out/$id.err" < /dev/null
	else
		# shellcheck disable=SC2016
		run_as "$who" c timeout -k 2 "$IT_RUN_TIMEOUT" bash -c "$redir"'; exec -a ping "$0" "$@"' \
			"$b" "${args[@]}" 2> "$T/out/$id.err" < /dev/null
	fi
	echo $? > "$T/out/$id.rc"
	: > "$T/out/$id.out"
}

# wrerr_fd1 WHO LABEL: with stdout closed, descriptor 1 of a running ping
# is /dev/null (read only), never its socket: otherwise each line printed
# would be handed to the socket, and later a resolver's socket could take
# the number and send them to the name server.
wrerr_fd1() {
	local who=$1 label=$2 id=$1-wrerr-fd1 desc
	desc="$label stdout closed: descriptor 1 while the run lasts (ping -c 2 -i 0.5 127.0.0.1)"
	# shellcheck disable=SC2016
	run_as "$who" c timeout -k 2 "$IT_RUN_TIMEOUT" bash -c 'exec >&-
		(exec -a ping "$0" "$@") & p=$!
		sleep 0.3
		echo "fd1 $(readlink "/proc/$p/fd/1")" >&2
		wait "$p"' "$BIN" -c 2 -i 0.5 127.0.0.1 2> "$T/out/$id.err" < /dev/null
	if grep -qx 'fd1 /dev/null' "$T/out/$id.err"; then
		ok "$desc: /dev/null"
	else
		{ echo "wanted 'fd1 /dev/null' on stderr:"; cat "$T/out/$id.err"; } > "$T/out/$id.why"
		fail "$desc: /dev/null" "$T/out/$id.why"
	fi
}

wrerr_pass() {
	local who=$1 label=$2 how
	for how in full closed pipe version; do
		wrerr_run "$who-wrerr-$how" "$who" "$BIN" "$how" &
		IT_POOL+=($!); IT_BG+=($!)
		if [ -n "$REF_BIN" ]; then
			wrerr_run "$who-wrerr-$how-ref" "$who" "$REF_BIN" "$how" &
			IT_POOL+=($!); IT_BG+=($!)
		fi
	done
	pool_wait
	for how in full closed pipe; do
		judge "$who-wrerr-$how" "loop-wrerr-$how" "$label stdout $how (ping -c 2 -i 0.2 127.0.0.1)" --stderr
	done
	judge "$who-wrerr-version" "loop-wrerr-version" "$label stdout /dev/full (ping -V)" --stderr
	wrerr_fd1 "$who" "$label"
}

# ---------------------------------------------------------------------------
# A neighbour that never answers (198.18.8.9 on the LAN, no host there):
# the requests wait in the kernel while it is resolved, and the send
# buffer, iputils' estimate of one request, holds only a few of them;
# then the sends find it full and are tried again later, uncounted.  In
# 2 s at -i 0.1 (20 attempts) ours must send fewer than 20, and on a raw
# socket as many as iputils (the kernel's accounting is the same).  On a
# datagram socket iputils' send blocks (ours never does) and the alarm of
# -w interrupts it: iputils counts that send as transmitted, one more than
# ours, so only the bound is checked there.  Ours and the reference run
# one after the other, the neighbour table flushed before each.
NORES4=198.18.8.9
nores_pass() {
	local who=$1 label=$2 id=$1-nores sent desc
	nsx c ip neigh flush dev eth1 >/dev/null 2>&1
	pingrun "$id" "$who" c "$BIN" -q -c 5 -i 0.1 -w 2 "$NORES4"
	if [ "$who" = root ] && [ -n "$REF_BIN" ]; then
		nsx c ip neigh flush dev eth1 >/dev/null 2>&1
		pingrun "$id-ref" "$who" c "$REF_BIN" -q -c 5 -i 0.1 -w 2 "$NORES4"
	fi
	nsx c ip neigh flush dev eth1 >/dev/null 2>&1
	desc="$label unresolved neighbour (ping -q -c 5 -i 0.1 -w 2 $NORES4)"
	sent=$(sed -n -E 's/^([0-9]+) packets transmitted, 0 received, 100% packet loss.*/\1/p' "$(out_of "$id")")
	if [ -n "$sent" ] && [ "$sent" -lt 20 ] && [ "$(rc_of "$id")" = 1 ]; then
		ok "$desc: $sent of 20 sent, the rest held back by the send buffer, exit 1"
	else
		{ echo "wanted fewer than 20 sent, nothing received, exit 1:"; cat "$(out_of "$id")" "$T/out/$id.rc"; } > "$T/out/$id.why"
		fail "$desc: fewer than 20 sent" "$T/out/$id.why"
	fi
	if [ "$who" = root ] && have_ref "$desc"; then
		side_by_side "loop-nores@$who" "$id" "$id-ref" "$desc"
	fi
}

# ---------------------------------------------------------------------------
# The same neighbour, with -W 0.3: a raw socket's sends that find no buffer
# space are tried again after half an interval (50 ms here), uncounted,
# until such tries in a row have been given -W in all (six of them); then
# each is counted and reported, "sendmsg: No buffer space available", as
# iputils does (its run finds the same lines; their number follows the
# clock, so it is not compared).  Before, the tries went on silently.
nobuf_pass() {
	local id=root-nobuf desc n
	nsx c ip neigh flush dev eth1 >/dev/null 2>&1
	pingrun "$id" root c "$BIN" -c 100 -i 0.1 -w 2 -W 0.3 "$NORES4"
	nsx c ip neigh flush dev eth1 >/dev/null 2>&1
	desc="$1 unresolved neighbour, -W 0.3 (ping -c 100 -i 0.1 -w 2 -W 0.3 $NORES4)"
	n=$(grep -c '^ping: sendmsg: No buffer space available$' "$(err_of "$id")")
	if [ "$n" -gt 0 ] && [ "$(rc_of "$id")" = 1 ] &&
	   grep -q '^[0-9]* packets transmitted, 0 received' "$(out_of "$id")"; then
		ok "$desc: $n sends reported as failed for lack of buffer space, exit 1"
	else
		fail "$desc: sends reported for lack of buffer space" "$(err_of "$id")"
	fi
	if have_ref "$desc"; then
		nsx c ip neigh flush dev eth1 >/dev/null 2>&1
		pingrun "$id-ref" root c "$REF_BIN" -c 100 -i 0.1 -w 2 -W 0.3 "$NORES4"
		nsx c ip neigh flush dev eth1 >/dev/null 2>&1
		if grep -q '^ping: sendmsg: No buffer space available$' "$(err_of "$id-ref")"; then
			ok "$desc: iputils reports them too"
		else
			fail "$desc: iputils reports them too" "$(err_of "$id-ref")"
		fi
	fi
}

# ---------------------------------------------------------------------------
# A deadline ends a long preload burst (root: 65536 requests of 60000
# bytes, fragmented on the way to the router's blackhole, take seconds to
# send): the summary comes at about -w 1, with fewer than 65536 sent.
# iputils' alarm interrupts its sends likewise; how many it sends in that
# second depends on the machine, so the two are not compared.
burst_deadline_pass() {
	local label=$1 id=root-burst-deadline ms sent
	pingrun "$id" root c "$BIN" -q -l 65536 -s 60000 -c 1 -w 1 "$BH4"
	sent=$(sed -n -E 's/^([0-9]+) packets transmitted.*/\1/p' "$(out_of "$id")")
	ms=$(sed -n -E 's/.* packet loss, time ([0-9]+)ms$/\1/p' "$(out_of "$id")")
	if [ -n "$sent" ] && [ -n "$ms" ] && [ "$sent" -lt 65536 ] && [ "$ms" -le 1200 ] &&
		[ "$(rc_of "$id")" = 1 ]; then
		ok "$label a deadline cuts a preload burst (ping -q -l 65536 -s 60000 -c 1 -w 1): $sent sent, time ${ms}ms, exit 1"
	else
		{ echo "wanted fewer than 65536 sent, time at most 1200 ms, exit 1:"; cat "$T/out/$id.out" "$T/out/$id.err" "$T/out/$id.rc"; } > "$T/out/$id.why"
		fail "$label a deadline cuts a preload burst" "$T/out/$id.why"
	fi
}

# ---------------------------------------------------------------------------
# Item 1: a reverse lookup that never ends.  The client's resolver asks
# the server's address, whose port 53 drops everything (5 s x 2 tries);
# the hosts file has no names for the router, whose "Time to live
# exceeded" is looked up.  -w 2 ends the run at 2 s, SIGINT or SIGALRM
# 0.5 s in (once the handler is in place) ends it then (iputils leaves the lookup), not at the 10 s the
# lookup takes.  The lookup holds iputils' loop: one request is sent (the
# second would be due at 1 s); the interrupted lookup leaves the address
# numeric.
DNS_NFT=0
dns_setup() {
	local d=/etc/netns/${NS_NAME[c]}
	[ "$DNS_NFT" = 1 ] || ns_nft s <<EOF
table inet pingsock_loop_dns {
	chain input {
		type filter hook input priority 0; policy accept;
		udp dport 53 drop
		tcp dport 53 drop
	}
}
EOF
	DNS_NFT=1
	[ "$HOSTS_MODE" = etcnetns ] || return 1
	printf 'nameserver %s\noptions timeout:5 attempts:2\n' "$S4" > "$d/resolv.conf"
	sed -i -E 's/^hosts:.*/hosts:          files dns/' "$d/nsswitch.conf"
	grep -v -e router "$T/etc/hosts" > "$d/hosts"
}

dns_undo() {
	local d=/etc/netns/${NS_NAME[c]}
	rm -f "$d/resolv.conf"
	cp "$T/etc/hosts" "$T/etc/nsswitch.conf" "$d/"
}

dns_run() {
	local who=$1
	bgpair "$who-dns-w4" "$who" "" -t 1 -w 2 server4.example
	bgpair "$who-dns-w6" "$who" "" -t 1 -w 2 server6.example
	bgpair "$who-dns-int4" "$who" "caught:2 sleep:0.5 INT" -t 1 server4.example
	bgpair "$who-dns-int6" "$who" "caught:2 sleep:0.5 INT" -t 1 server6.example
	bgpair "$who-dns-alrm4" "$who" "caught:14 sleep:0.5 ALRM" -t 1 server4.example
}

dns_judge() {
	local who=$1 label=$2 c id g lo hi args
	for c in "w4|1700|3500|-t 1 -w 2 server4.example" "w6|1700|3500|-t 1 -w 2 server6.example" \
		"int4|400|2000|-t 1 server4.example, SIGINT at 0.5 s" \
		"int6|400|2000|-t 1 server6.example, SIGINT at 0.5 s" \
		"alrm4|400|2000|-t 1 server4.example, SIGALRM at 0.5 s"; do
		IFS='|' read -r g lo hi args <<< "$c"
		id=$who-dns-$g
		judge "$id" "loop-dns-$g" "$label stuck reverse lookup (ping $args)" --stderr
		check_elapsed "$id" "$label stuck reverse lookup (ping $args)" "$lo" "$hi"
		[ -f "$T/out/$id-ref.ms" ] &&
			note "$label stuck reverse lookup (ping $args): iputils took $(ms_of "$id-ref") ms, ours $(ms_of "$id") ms"
	done
}

# ---------------------------------------------------------------------------

# run_pass WHO LABEL
run_pass() {
	local who=$1 label=$2 c name flags args all=("${CASES[@]}") kept=()
	for c in "${all[@]}"; do
		IFS='|' read -r name flags args <<< "$c"
		if [ "$who" = root ] && [[ $flags == *2* ]]; then continue; fi
		if [ "$who" = user ] && [[ $flags == *1* ]]; then continue; fi
		if [ "$who" = user ] && [[ $flags == *2* ]] && [ "$REAL_ROOT" = 0 ]; then
			need_real_root "$label $name: depends on the real uid"; continue
		fi
		if [[ $flags == *T* ]] && [ "$HAVE_TUN" = 0 ]; then
			skip "$label $name" "no usable /dev/net/tun"; continue
		fi
		kept+=("$c")
	done
	CASES=("${kept[@]}")
	cases_run "$who"
	for c in "${CASES[@]}"; do
		IFS='|' read -r name flags args <<< "$c"
		case $name in
		loop-flood-*|loop-i0-loss*|loop-i2ms-*|loop-A-loss*) unpipe "$who-$name"; unpipe "$who-$name-ref" ;;
		esac
	done
	cases_judge "$who" "$label"
	CASES=("${all[@]}")

	signals_run "$who"
	pool_wait
	signals_judge "$who" "$label"
	wrerr_pass "$who" "$label"
	[ "$who" = root ] && burst_deadline_pass "$label"
	nores_pass "$who" "$label"
	[ "$who" = root ] && nobuf_pass "$label"

	if dns_setup; then
		dns_run "$who"
		pool_wait
		dns_undo
		dns_judge "$who" "$label"
	else
		skip "$label stuck reverse lookup" "needs /etc/netns (real root)"
	fi
}

# Raw sockets: root, range closed.
run_pass root "root (raw):"

# Datagram sockets: unprivileged, range open.
ns_range c $RANGE_OPEN
run_pass user "$U (datagram):"

it_finish
