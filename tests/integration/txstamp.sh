#!/bin/bash
# txstamp.sh: the time ping prints is the network's (issue 16).  The
# client's neighbour entry for the router is removed and the router made
# deaf to address resolution (arp_ignore=8; neighbour solicitations dropped
# by nftables), so the first request waits in the client's neighbour queue
# until the test puts the entry back, 400 ms later.  Then, for both
# families and both socket kinds (root: raw; uid 65534: datagram):
#  - by default the reply's time is the network's round trip (under 5 ms),
#    and -j's send_delay says how long the request waited (about 400 ms);
#  - with -U the time is user to user: about the 400 ms, as iputils prints
#    it by default (checked side by side with the reference);
#  - a run whose SO_TIMESTAMPING is refused (strace fault injection) times
#    as before, silently, and says so under -v;
#  - ten runs at once (both families, pings and floods, each socket kind):
#    every reply timed by the kernel;
#  - with both processors busy, side by side with iputils: ours no slower.
IT_WANT_REF=1
. "$(dirname "$0")/lib.sh"
lib_init "$@"

net_standard
DELAY_MS=400

# The router answers no address resolution from the client's side.
nsx r sysctl -qw net.ipv4.conf.rc.arp_ignore=8 net.ipv4.conf.all.arp_ignore=8 >/dev/null ||
	die "arp_ignore on the router"
ns_nft r <<'EOF'
table inet deaf {
	chain input {
		type filter hook input priority 0;
		iifname "rc" icmpv6 type nd-neighbor-solicit drop
	}
}
EOF

# slow_run ID WHO BINARY ARGS...: one request whose neighbour resolution
# takes DELAY_MS: the client's entry for the router is removed before the
# run and put back DELAY_MS after it starts.
slow_run() {
	local id=$1 who=$2 b=$3; shift 3
	nsx c ip neigh del "$R4C" dev eth0 2>/dev/null
	nsx c ip -6 neigh del "$R6C" dev eth0 2>/dev/null
	pingrun_bg "$id" "$who" c "$b" "$@"
	local pid=$BG_PID
	sleep "0.$DELAY_MS"
	_neigh --router c eth0 "$MAC_RC" "$R4C" "$R6C"
	pingwait "$id" "$pid"
}

# json_field ID KEY: the number KEY of the reply object.
json_field() {
	sed -n "s/^{\"type\":\"reply\".*\"$2\":\(null\|[0-9.][0-9.]*\).*/\1/p" "$T/out/$1.out" | head -n 1
}

# text_time ID: the time= of the reply line, in ms.
text_time() {
	sed -n 's/.* time=\([0-9.]*\) ms.*/\1/p' "$T/out/$1.out" | head -n 1
}

# between X LO HI: LO <= X <= HI, decimals allowed.
between() {
	[ -n "$1" ] && [ "$1" != null ] && awk -v x="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(x >= lo && x <= hi) }'
}

check_run() {
	local id=$1 desc=$2
	if [ "$(rc_of "$id")" = 0 ] && grep -q -e '1 received' -e '"received":1,' "$T/out/$id.out"; then
		return 0
	fi
	fail "$desc: one reply, exit 0" "$T/out/$id.out"
	return 1
}

for who in root user; do
	if [ "$who" = root ]; then
		ns_range c $RANGE_CLOSED; kind="raw"
	else
		ns_range c $RANGE_OPEN; kind="datagram"
	fi
	for fam in 4 6; do
		if [ $fam = 4 ]; then dst=$S4; else dst=$S6; fi
		label="$kind IPv$fam"

		id="$who-$fam-kernel"
		slow_run "$id" "$who" "$BIN" -j -n -c 1 -W 3 "$dst"
		if check_run "$id" "$label default"; then
			t=$(json_field "$id" time); d=$(json_field "$id" send_delay)
			if between "$t" 0 5 && between "$d" $((DELAY_MS - 100)) $((DELAY_MS + 600)); then
				ok "$label: time ${t} ms is the network's, send_delay ${d} ms is the neighbour wait"
			else
				fail "$label: time under 5 ms and send_delay about $DELAY_MS ms (got $t, $d)" "$T/out/$id.out"
			fi
			if grep -q '"timing":"kernel"' "$T/out/$id.out"; then
				ok "$label: start says the times are the kernel's"
			else
				fail "$label: start says the times are the kernel's" "$T/out/$id.out"
			fi
		fi

		id="$who-$fam-text"
		slow_run "$id" "$who" "$BIN" -n -c 1 -W 3 "$dst"
		if check_run "$id" "$label text"; then
			t=$(text_time "$id")
			if between "$t" 0 5; then
				ok "$label: the text line prints the network's time ($t ms)"
			else
				fail "$label: the text line prints the network's time (got $t ms)" "$T/out/$id.out"
			fi
		fi

		id="$who-$fam-U"
		slow_run "$id" "$who" "$BIN" -U -n -c 1 -W 3 "$dst"
		if check_run "$id" "$label -U"; then
			t=$(text_time "$id")
			if between "$t" $((DELAY_MS - 100)) $((DELAY_MS + 600)); then
				ok "$label -U: user-to-user time includes the wait ($t ms)"
			else
				fail "$label -U: user-to-user time about $DELAY_MS ms (got $t ms)" "$T/out/$id.out"
			fi
		fi

		id="$who-$fam-Uj"
		slow_run "$id" "$who" "$BIN" -U -j -n -c 1 -W 3 "$dst"
		if check_run "$id" "$label -U -j" && grep -q '"timing":"user"' "$T/out/$id.out" &&
			[ "$(json_field "$id" send_delay)" = null ]; then
			ok "$label -U -j: timing user, send_delay null"
		else
			fail "$label -U -j: timing user, send_delay null" "$T/out/$id.out"
		fi

		if have_ref "$label: iputils"; then
			id="$who-$fam-ref"
			slow_run "$id" "$who" "$REF_BIN" -n -c 1 -W 3 "$dst"
			t=$(text_time "$id")
			if [ "$(rc_of "$id")" = 0 ] && between "$t" $((DELAY_MS - 100)) $((DELAY_MS + 600)); then
				ok "$label: iputils $(ref_version), side by side, prints the wait ($t ms)"
			else
				fail "$label: iputils $(ref_version) prints about $DELAY_MS ms (got $t)" "$T/out/$id.out"
			fi
			side_by_side txstamp "$who-$fam-text" "$id" "$label: same lines as iputils, times aside"
		fi
	done
done

# LeakSanitizer cannot run under ptrace: a sanitized build leaves it off under strace.
NO_LEAK_CHECK="ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

# The kernel's own numbering of the stamps, as before Linux 6.13: every
# sendmsg with SCM_TS_OPT_ID refused (strace), so the requests go by sendto
# and the stamps are matched by the socket's count: the first request still
# waits for its neighbour, the later ones do not, all timed by the kernel.
if command -v strace >/dev/null 2>&1; then
	for who in root user; do
		if [ "$who" = root ]; then ns_range c $RANGE_CLOSED; else ns_range c $RANGE_OPEN; fi
		id="$who-kernel-keys"
		slow_run "$id" "$who" "$(command -v env)" "$NO_LEAK_CHECK" strace -f -o /dev/null -e trace=sendmsg \
			-e inject=sendmsg:error=EINVAL "$BIN" -j -n -c 3 -i 0.6 -W 3 "$S4"
		delays=$(sed -n 's/^{"type":"reply".*"send_delay":\(null\|[0-9.][0-9.]*\).*/\1/p' "$T/out/$id.out" | tr '\n' ' ')
		times=$(sed -n 's/^{"type":"reply".*"time":\(null\|[0-9.][0-9.]*\).*/\1/p' "$T/out/$id.out" | tr '\n' ' ')
		set -- $delays
		if [ "$(rc_of "$id")" = 0 ] && [ $# = 3 ] && between "$1" $((DELAY_MS - 100)) $((DELAY_MS + 600)) &&
			between "$2" 0 50 && between "$3" 0 50 &&
			[ -z "$(echo $times | tr ' ' '\n' | awk '$1 > 5')" ]; then
			ok "$who: the kernel's numbering of stamps (SCM_TS_OPT_ID refused): delays $delays, times $times"
		else
			fail "$who: the kernel's numbering of stamps (got delays '$delays', times '$times')" "$T/out/$id.out"
		fi
	done
fi

# SO_TIMESTAMPING refused (as by a kernel without it): the run times from
# the send call, says nothing, and -v says why.  strace fails that
# setsockopt call by its position among the run's setsockopt calls, and
# the next one: ping asks again without the receive filter flag (for
# kernels before 6.12), which a kernel without the option refuses too.
if command -v strace >/dev/null 2>&1; then
	ns_range c $RANGE_CLOSED
	nsx c env "$NO_LEAK_CHECK" strace -f -e trace=setsockopt -o "$T/out/sso.trace" "$BIN" -c 1 "$S4" >/dev/null 2>&1
	nth=$(grep -n 'SO_TIMESTAMPING' "$T/out/sso.trace" | head -n 1 | cut -d: -f1)
	if [ -z "$nth" ]; then
		fail "refused stamps: the run sets SO_TIMESTAMPING" "$T/out/sso.trace"
	else
		for v in "" -v; do
			id="refused${v}"
			nsx c env "$NO_LEAK_CHECK" strace -f -o /dev/null -e trace=setsockopt \
				-e "inject=setsockopt:error=ENOPROTOOPT:when=$nth..$((nth + 1))" \
				"$BIN" $v -j -n -c 2 -i 0.2 "$S4" >"$T/out/$id.out" 2>"$T/out/$id.err"
			echo $? >"$T/out/$id.rc"
		done
		if [ "$(rc_of refused)" = 0 ] && grep -q '"timing":"user"' "$T/out/refused.out" &&
			grep -q '"received":2' "$T/out/refused.out" && ! grep -q '"type":"warning"' "$T/out/refused.out" &&
			[ "$(json_field refused send_delay)" = null ]; then
			ok "refused stamps: timed from the send call, nothing said"
		else
			fail "refused stamps: timed from the send call, nothing said" "$T/out/refused.out"
		fi
		if grep -q '"code":"socket_option".*no kernel transmit stamps' "$T/out/refused-v.out"; then
			ok "refused stamps: -v says the round trips start at the send call"
		else
			fail "refused stamps: -v says the round trips start at the send call" "$T/out/refused-v.out"
		fi
	fi
else
	fail "refused stamps: strace is missing (README's apt-get line installs it)"
fi

# ---- many at once, and under contention ----------------------------------
# Stamps on many sockets at once: four pings of each family and a fast run
# of each family (root: a flood; a user, who may not flood: every 2 ms) go
# together, each with its own socket and error queue.  Every reply must be
# timed by the kernel (send_delay known and small: no stamp of another
# request, socket or neighbour wait).

# json_values ID KEY: every reply's KEY, one a line.
json_values() {
	sed -n "s/^{\"type\":\"reply\".*\"$2\":\(null\|[0-9.][0-9.]*\).*/\1/p" "$T/out/$1.out"
}

# all_timed ID COUNT: a reply line for every reply received, at least 95 % of
# COUNT (the host's other tests may flood the same processors' backlogs: a
# lost echo says nothing of stamps), every time and send_delay a number in
# [0, 50] ms.
all_timed() {
	local n bad got
	n=$(json_values "$1" time | wc -l)
	got=$(sed -n 's/.*"received":\([0-9]*\),.*/\1/p' "$T/out/$1.out")
	bad=$( (json_values "$1" time; json_values "$1" send_delay) | awk '$1 == "null" || $1 < 0 || $1 > 50' | wc -l)
	[ "$(rc_of "$1")" -le 1 ] && [ -n "$got" ] && [ "$n" = "$got" ] && [ $((got * 100)) -ge $(($2 * 95)) ] &&
		[ "$bad" = 0 ]
}

for who in root user; do
	if [ "$who" = root ]; then
		ns_range c $RANGE_CLOSED; kind=raw; fast=(-f)
	else
		ns_range c $RANGE_OPEN; kind=datagram; fast=(-i 0.002)
	fi
	runs=()
	for fam in 4 6; do
		if [ $fam = 4 ]; then dst=$S4; else dst=$S6; fi
		for i in 1 2 3 4; do
			pingrun_bg "many-$who-$fam-$i" "$who" c "$BIN" -j -n -c 40 -i 0.01 "$dst"
			runs+=("many-$who-$fam-$i 40 $BG_PID")
		done
		pingrun_bg "many-$who-$fam-fast" "$who" c "$BIN" -j -n "${fast[@]}" -c 2000 "$dst"
		runs+=("many-$who-$fam-fast 2000 $BG_PID")
	done
	for r in "${runs[@]}"; do
		set -- $r
		pingwait "$1" "$3"
	done
	for r in "${runs[@]}"; do
		set -- $r
		if all_timed "$1" "$2"; then
			ok "$kind, ten runs at once: $1 has its replies (of $2), each timed by the kernel, send_delay under 50 ms"
		else
			{ echo "exit $(rc_of "$1")"; grep -v '"type":"reply"' "$T/out/$1.out"; json_values "$1" send_delay | sort -n | tail -n 3; cat "$T/out/$1.err"; } > "$T/out/$1.why"
			fail "$kind, ten runs at once: $1 has its replies (of $2), each timed by the kernel" "$T/out/$1.why"
		fi
	done
done

# Both processors busy, ours and iputils side by side on the raw socket:
# contention delays a request between the clock read and the device, which
# iputils counts and the kernel's stamp does not, so ours is never the
# slower (medians of 100 echoes, a margin of 50 us for the two runs'
# different luck); every one of ours still timed by the kernel.
if have_ref "under contention: iputils"; then
	ns_range c $RANGE_CLOSED
	hogs=()
	for i in 1 2 3; do
		(while :; do :; done) &
		hogs+=($!)
	done
	pingrun_bg busy-ours root c "$BIN" -j -n -c 100 -i 0.01 "$S4"
	p1=$BG_PID
	pingrun_bg busy-ref root c "$REF_BIN" -n -c 100 -i 0.01 "$S4"
	p2=$BG_PID
	pingwait busy-ours "$p1"
	pingwait busy-ref "$p2"
	kill "${hogs[@]}" 2>/dev/null
	wait "${hogs[@]}" 2>/dev/null
	median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }
	m_ours=$(json_values busy-ours time | median)
	m_ref=$(sed -n 's/.* time=\([0-9.]*\) ms.*/\1/p' "$T/out/busy-ref.out" | median)
	max_ours=$(json_values busy-ours time | sort -n | tail -n 1)
	max_ref=$(sed -n 's/.* time=\([0-9.]*\) ms.*/\1/p' "$T/out/busy-ref.out" | sort -n | tail -n 1)
	note "under contention: ours median $m_ours ms, max $max_ours ms; iputils $(ref_version) median $m_ref ms, max $max_ref ms"
	if all_timed busy-ours 100 && [ "$(rc_of busy-ref)" = 0 ] && [ -n "$m_ref" ] &&
		awk -v a="$m_ours" -v b="$m_ref" 'BEGIN { exit !(a <= b + 0.05) }'; then
		ok "under contention: every reply timed by the kernel, median $m_ours ms against iputils' $m_ref ms"
	else
		{ echo "ours median $m_ours, iputils $m_ref"; grep -v '"type":"reply"' "$T/out/busy-ours.out"; tail -n 3 "$T/out/busy-ref.out"; } > "$T/out/busy.why"
		fail "under contention: every reply timed by the kernel, median no higher than iputils'" "$T/out/busy.why"
	fi
fi

it_finish
