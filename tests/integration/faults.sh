#!/bin/bash
# faults.sh: faults injected by nftables on the router and by the network
# itself (TTL / hop-limit expiry, a blackhole, a small MTU), compared with the
# goldens in golden/fault-* (times masked) and, where a reference iputils
# ping is available, side by side with it after known-differences.sh.
#
# Every case runs twice: as root with ping_group_range closed (raw socket),
# then as uid 65534 with the range open (datagram socket); both must print
# the same (one golden for both).  Two scenarios also run through the rest of
# the privilege matrix (refused, cap_net_raw+p copy, setuid-root copy).
#
# Each case pings its own address behind the server (far4 N / far6 N, on the
# server's lo), so the router's rules can pick the fault by destination:
#   reject with icmp / icmpv6 <type>     every unreachable code nft knows
#   drop by icmp sequence                 deterministic loss
#   dup to the client                     duplicated replies
#   reject only some sequences            errors mixed with replies (-c, -w)
# The router's link to the server has an MTU of 1280 (-M do -s 1400), and
# 198.18.3.0/24 / 2001:db8:3::/64 are blackholed (net_standard).

IT_WANT_REF=1
. "$(dirname "$0")/lib.sh"
lib_init "$@"

net_standard
net_far

# The far addresses: N -> far4 N / far6 N.
F4=() F6=()
for n in $(seq 1 30); do F4[n]=$(far4 "$n"); F6[n]=$(far6 "$n"); done
far_addrs "${F4[@]:1}" "${F6[@]:1}"

# The far link: packets over 1280 bytes with DF set (all IPv6 ones) are
# refused by the router with "fragmentation needed" / "packet too big".
nsx r ip link set rs mtu 1280 || die "mtu on the far link"

ns_nft r <<EOF
table inet pingsock_faults {
	chain forward {
		type filter hook forward priority 0; policy accept;
		ip daddr ${F4[1]} reject with icmp type net-unreachable
		ip daddr ${F4[2]} reject with icmp type host-unreachable
		ip daddr ${F4[3]} reject with icmp type prot-unreachable
		ip daddr ${F4[4]} reject with icmp type port-unreachable
		ip daddr ${F4[5]} reject with icmp type net-prohibited
		ip daddr ${F4[6]} reject with icmp type host-prohibited
		ip daddr ${F4[7]} reject with icmp type admin-prohibited
		ip daddr $S4_LOSSY reject with icmp type host-unreachable
		ip daddr ${F4[8]} icmp type echo-request icmp sequence { 2, 4 } drop
		ip daddr ${F4[9]} icmp type echo-request icmp sequence { 2, 3 } drop
		ip daddr ${F4[10]} icmp type echo-request icmp sequence 3 drop
		ip daddr ${F4[13]} icmp type echo-request icmp sequence 2 reject with icmp type host-unreachable
		ip daddr ${F4[14]} icmp type echo-request icmp sequence 3 reject with icmp type host-unreachable
		ip daddr ${F4[15]} reject with icmp type host-unreachable
		ip daddr ${F4[16]} icmp type echo-request icmp sequence 2 reject with icmp type host-unreachable
		ip daddr ${F4[17]} icmp type echo-request icmp sequence 2 drop
		ip daddr ${F4[18]} icmp type echo-request icmp sequence { 3, 4, 5 } drop
		ip daddr ${F4[21]} icmp type echo-request icmp sequence 1-6 reject with icmp type host-unreachable
		ip daddr ${F4[21]} drop
		ip6 daddr ${F6[21]} icmpv6 type echo-request icmpv6 sequence 1-6 reject with icmpv6 type addr-unreachable
		ip6 daddr ${F6[21]} drop

		ip6 daddr ${F6[1]} reject with icmpv6 type no-route
		ip6 daddr ${F6[2]} reject with icmpv6 type admin-prohibited
		ip6 daddr ${F6[3]} reject with icmpv6 type addr-unreachable
		ip6 daddr ${F6[4]} reject with icmpv6 type port-unreachable
		ip6 daddr ${F6[5]} reject with icmpv6 type policy-fail
		ip6 daddr ${F6[6]} reject with icmpv6 type reject-route
		ip6 daddr $S6_LOSSY reject with icmpv6 type addr-unreachable
		ip6 daddr ${F6[8]} icmpv6 type echo-request icmpv6 sequence { 2, 4 } drop
		ip6 daddr ${F6[9]} icmpv6 type echo-request icmpv6 sequence { 2, 3 } drop
		ip6 daddr ${F6[13]} icmpv6 type echo-request icmpv6 sequence 2 reject with icmpv6 type addr-unreachable
		ip6 daddr ${F6[15]} reject with icmpv6 type addr-unreachable
		ip6 daddr ${F6[16]} icmpv6 type echo-request icmpv6 sequence 2 reject with icmpv6 type addr-unreachable
		ip6 daddr ${F6[18]} icmpv6 type echo-request icmpv6 sequence { 3, 4, 5 } drop
	}
}
# "dup" needs the ip / ip6 families.  The last reply of a -c run is never
# duplicated: the run ends on it, so whether its copy is read would be a race.
table ip pingsock_faults_dup {
	chain forward {
		type filter hook forward priority 0; policy accept;
		ip saddr ${F4[11]} ip daddr $C4 icmp type echo-reply icmp sequence { 1, 2 } dup to $C4 device "rc"
		ip saddr ${F4[12]} ip daddr $C4 icmp type echo-reply icmp sequence 1 dup to $C4 device "rc"
		ip saddr ${F4[12]} ip daddr $C4 icmp type echo-reply icmp sequence 1 dup to $C4 device "rc"
	}
}
table ip6 pingsock_faults_dup6 {
	chain forward {
		type filter hook forward priority 0; policy accept;
		ip6 saddr ${F6[11]} ip6 daddr $C6 icmpv6 type echo-reply icmpv6 sequence { 1, 2 } dup to $C6 device "rc"
	}
}
EOF

# NAME|FLAGS|ARGUMENTS (see "Case tables" in lib.sh); NAME is golden/fault-NAME.
CASES=(
	# ICMP destination unreachable, every code nft can send: each is an
	# error ("+N errors"), and errors count toward -c (no 10 s linger).
	"fault-unreach-net4||-c 2 -i 0.2 ${F4[1]}"
	"fault-unreach-host4||-c 2 -i 0.2 ${F4[2]}"
	"fault-unreach-prot4||-c 2 -i 0.2 ${F4[3]}"
	"fault-unreach-port4||-c 2 -i 0.2 ${F4[4]}"
	"fault-prohib-net4||-c 2 -i 0.2 ${F4[5]}"
	"fault-prohib-host4||-c 2 -i 0.2 ${F4[6]}"
	"fault-prohib-admin4||-c 2 -i 0.2 ${F4[7]}"
	"fault-unreach-name4||-c 2 -i 0.2 lossy4.example"
	"fault-unreach-noroute6||-c 2 -i 0.2 ${F6[1]}"
	"fault-unreach-admin6||-c 2 -i 0.2 ${F6[2]}"
	"fault-unreach-addr6||-c 2 -i 0.2 ${F6[3]}"
	"fault-unreach-port6||-c 2 -i 0.2 ${F6[4]}"
	"fault-unreach-policy6||-c 2 -i 0.2 ${F6[5]}"
	"fault-unreach-rejectroute6||-c 2 -i 0.2 ${F6[6]}"
	"fault-unreach-name6||-c 2 -i 0.2 lossy6.example"
	# Loss of chosen sequence numbers, with and without -O.
	"fault-loss4||-c 5 -i 0.2 ${F4[8]}"
	"fault-loss6||-c 5 -i 0.2 ${F6[8]}"
	"fault-lossO4||-O -c 5 -i 0.2 ${F4[9]}"
	"fault-lossO6||-O -c 5 -i 0.2 ${F6[9]}"
	"fault-lossO-last4||-O -c 3 -i 0.2 ${F4[10]}"
	# Duplicated replies.
	"fault-dup4||-c 3 -i 0.2 ${F4[11]}"
	"fault-dup6||-c 3 -i 0.2 ${F6[11]}"
	"fault-dup-twice4||-c 2 -i 0.2 ${F4[12]}"
	# Errors and -c: they count toward the count.
	"fault-c-err-mixed4||-c 4 -i 0.2 ${F4[13]}"
	"fault-c-err-mixed6||-c 4 -i 0.2 ${F6[13]}"
	"fault-c-err-last4||-c 3 -i 0.2 ${F4[14]}"
	# Errors and -w: the first error ends the run (iputils quirk, #565).
	"fault-w-err4||-w 3 -i 0.2 ${F4[15]}"
	"fault-w-err6||-w 3 -i 0.2 ${F6[15]}"
	"fault-w-err-mixed4||-w 3 -c 4 -i 0.2 ${F4[16]}"
	"fault-w-err-mixed6||-w 3 -c 4 -i 0.2 ${F6[16]}"
	# A preload burst into errors; with -w the first error ends the run.
	# Real-time priority, so that the router's softirq answers within each
	# send.  Datagram socket: the error for the first request is pending
	# on the socket when the second is sent, so that send fails and the
	# error is read before the send is counted: its request was the only
	# one in flight (no "pipe").  Raw socket: both requests go, and both
	# errors are read, after the burst, before the run ends; an IPv4 error
	# acknowledges its request ("pipe 2"), an IPv6 one does not.
	"fault-preload-err4|xefk|-w 2 -l 2 -c 5 ${F4[7]}"
	"fault-preload-err6|xefk|-w 2 -l 2 -c 5 ${F6[2]}"
	# A flood whose first six requests are refused and the rest lost.  On
	# a raw IPv4 socket the first error also arrives as a packet, which
	# waits unread until a request is in flight when nothing else is
	# there: it acknowledges its request late ("pipe 7"); the error queue
	# having shown that it works, the later errors come only through it.
	# IPv6 errors acknowledge nothing: requests stay in flight, and the
	# flood goes at its 100 a second from the first error on.  (Users may
	# not flood this fast: their runs are the refusal.)
	"fault-flood-err4|ke|-q -f -c 10 -W 1 ${F4[21]}"
	"fault-flood-err6|ke|-q -f -c 10 -W 1 ${F6[21]}"
	# Loss with -w and -c: sending goes on until -c replies arrived.
	"fault-wc-loss4||-w 3 -c 3 -i 0.2 ${F4[17]}"
	# TTL / hop limit 1 expires at the router.
	"fault-ttl4||-t 1 -c 2 -i 0.2 ${F4[19]}"
	"fault-ttl6||-t 1 -c 2 -i 0.2 ${F6[19]}"
	# The blackhole: no answer at all; -W bounds the wait.
	"fault-blackhole-c2-4||-c 2 -i 0.2 -W 1 $BH4"
	"fault-blackhole-c2-6||-c 2 -i 0.2 -W 1 $BH6"
	"fault-blackhole-w1-4||-w 1 -i 0.4 $BH4"
	# The small MTU on the far link: the router's ICMP error for the first
	# request, then the client knows the path MTU and refuses to send.  Run
	# alone, with the client's route cache flushed before each run.
	# -W 2 only bounds the wait should the errors not end the run at once.
	"fault-mtu4|xe|-M do -s 1400 -c 3 -i 0.2 -W 2 ${F4[20]}"
	"fault-mtu6|xe|-M do -s 1400 -c 3 -i 0.2 -W 2 ${F6[20]}"
)

# case_before NAME WHO ID: forget learnt path MTUs.
case_before() {
	nsx c ip route flush cache 2>/dev/null
	nsx c ip -6 route flush cache 2>/dev/null
	return 0
}

# case_check NAME WHO ID DESC: how long runs took, where that is the point.
case_check() {
	local name=$1 id=$3 desc=$4
	case $name in
	fault-unreach-*|fault-prohib-*|fault-ttl*|fault-c-err-last4)
		# Errors count toward -c: no linger (10 s without replies).
		check_elapsed "$id" "$desc" 0 3000 ;;
	fault-mtu*)
		# Local errors count toward -c too: the run ends with the third
		# send (0.4 s), not after the -W 2 linger.
		check_elapsed "$id" "$desc" 0 1500 ;;
	fault-w-err4|fault-w-err6)
		# The first error ends a -w run, long before the deadline.
		check_elapsed "$id" "$desc" 0 2000 ;;
	fault-blackhole-c2-*)
		# -W 1 after the last request, not the 10 s default.
		check_elapsed "$id" "$desc" 1100 4000 ;;
	esac
}

# --percentiles (not iputils', so no golden and no reference): requests 3-5
# dropped, -3 so that every printed time is the exact microsecond figure the
# statistics saw; and a blackhole, where nothing comes back.
pct_run() {
	local who=$1 f
	for f in 4 6; do
		local dst=${F4[18]}; [ $f = 6 ] && dst=${F6[18]}
		pool "$who-pct$f" "$who" c "$BIN" -3 --percentiles -c 8 -i 0.2 "$dst"
		pool "$who-nopct$f" "$who" c "$BIN" -3 -c 8 -i 0.2 "$dst"
	done
	pool "$who-pct-bh4" "$who" c "$BIN" --percentiles -c 2 -i 0.2 -W 1 "$BH4"
	pool_wait
}

# pct_figures ID: checks the extra lines against the run's own printed
# times (exact with -3): p50/p90/p99 within 1 % or 1 us of the nearest rank
# (the top rank exactly), ordered and within the rtt line's min and max,
# the jitter the mean |difference| of consecutive times.  Prints what is
# wrong, nothing when all is right.
pct_figures() {
	awk '
	function us(s) { sub(/ ms$/, "", s); return int(s * 1000 + 0.5) }
	function rank(p) { return int((n * p + 99) / 100) }
	function near(got, want) {
		tol = int(want / 100); if (tol < 1) tol = 1
		return got - want <= tol && want - got <= tol
	}
	/ time=/ { match($0, / time=[0-9.]+ ms/); t[++n] = us(substr($0, RSTART + 6, RLENGTH - 6)) }
	/^rtt min\/avg\/max\/mdev = / { split($4, m, "/"); min = us(m[1]); max = us(m[3]) }
	/^rtt p50\/p90\/p99 = / {
		split($4, q, "/"); p50 = us(q[1]); p90 = us(q[2]); p99 = us(q[3])
		jit = $0; sub(/.*, jitter /, "", jit); jit = us(jit); pl++
	}
	END {
		if (pl != 1) { print "not one percentile line"; exit }
		if (n < 2) { print "fewer than two replies"; exit }
		for (i = 1; i <= n; i++) s[i] = t[i]
		for (i = 2; i <= n; i++) for (j = i; j > 1 && s[j - 1] > s[j]; j--) { x = s[j]; s[j] = s[j - 1]; s[j - 1] = x }
		if (!near(p50, s[rank(50)])) print "p50 " p50 " vs nearest rank " s[rank(50)]
		if (!near(p90, s[rank(90)])) print "p90 " p90 " vs nearest rank " s[rank(90)]
		if (p99 != s[rank(99)]) print "p99 " p99 " is not the top rank " s[rank(99)]
		if (!(min <= p50 && p50 <= p90 && p90 <= p99 && p99 <= max)) print "not min <= p50 <= p90 <= p99 <= max"
		for (i = 2; i <= n; i++) d += t[i] > t[i - 1] ? t[i] - t[i - 1] : t[i - 1] - t[i]
		if (jit != int(d / (n - 1))) print "jitter " jit " vs " int(d / (n - 1))
	}' "$(out_of "$1")"
}

# pct_loss ID DESC WANT LOW HIGH: the longest-loss line reads "WANT, D ms"
# with LOW <= D <= HIGH (milliseconds).
pct_loss() {
	local id=$1 desc=$2 want=$3 lo=$4 hi=$5 line d
	line=$(grep '^longest loss: ' "$(out_of "$id")")
	d=${line##*, }; d=${d%%.*}
	if [ "${line%, *}" = "longest loss: $want" ] && [ -n "$d" ] && [ "$d" -ge "$lo" ] && [ "$d" -le "$hi" ]; then
		ok "$desc: $want, ${line##*, }"
	else
		fail "$desc: longest loss: $want, $lo to $hi ms" "$(out_of "$id")"
	fi
}

# pct_judge WHO LABEL
pct_judge() {
	local who=$1 label=$2 f id bad
	for f in 4 6; do
		id=$who-pct$f
		bad=$(pct_figures "$id")
		if [ -z "$bad" ]; then
			ok "$label --percentiles $f: figures agree with the printed times"
		else
			echo "$bad" > "$T/out/$id.why"; cat "$(out_of "$id")" >> "$T/out/$id.why"
			fail "$label --percentiles $f: figures agree with the printed times" "$T/out/$id.why"
		fi
		# requests 3, 4, 5: from the send of 3 to the send of 6, 0.6 s
		pct_loss "$id" "$label --percentiles $f" "3 requests, icmp_seq 3-5" 500 900
		if [ "$(rc_of "$id")" = 0 ]; then
			ok "$label --percentiles $f: exit 0"
		else
			fail "$label --percentiles $f: exit 0, got $(rc_of "$id")"
		fi
		stderr_empty "$id" "$label --percentiles $f"
		# the rest is the run without the option, line for line
		if diff <(grep -v -e '^rtt p50/p90/p99 = ' -e '^longest loss: ' "$(out_of "$id")" | mask_times) \
			<(mask_times < "$(out_of "$who-nopct$f")") > "$T/out/$id.diff" &&
			! grep -q -e 'p50' -e 'longest' "$(out_of "$who-nopct$f")"; then
			ok "$label --percentiles $f: two lines more than without it"
		else
			fail "$label --percentiles $f: two lines more than without it" "$T/out/$id.diff"
		fi
	done
	# nothing answered: no percentiles; the loss runs to one interval after the last send
	id=$who-pct-bh4
	pct_loss "$id" "$label --percentiles blackhole" "2 requests, icmp_seq 1-2" 350 600
	if grep -q '^rtt' "$(out_of "$id")"; then
		fail "$label --percentiles blackhole: no rtt lines" "$(out_of "$id")"
	else
		ok "$label --percentiles blackhole: no rtt lines"
	fi
}

# Raw sockets: root, range closed; the rest of the matrix with it.
matrix_closed unreach-host4 c -c 2 -i 0.2 "${F4[2]}"
matrix_closed unreach-addr6 c -c 2 -i 0.2 "${F6[3]}"
cases_run root
cases_judge root "root (raw):"
pct_run root
pct_judge root "root (raw):"
matrix_closed_judge unreach-host4 4 fault-unreach-host4
matrix_closed_judge unreach-addr6 6 fault-unreach-addr6

# Datagram sockets: unprivileged, range open.
ns_range c $RANGE_OPEN
matrix_open unreach-host4 c -c 2 -i 0.2 "${F4[2]}"
matrix_open unreach-addr6 c -c 2 -i 0.2 "${F6[3]}"
cases_run user
cases_judge user "$U (datagram):"
pct_run user
pct_judge user "$U (datagram):"
matrix_open_judge unreach-host4 4 fault-unreach-host4
matrix_open_judge unreach-addr6 6 fault-unreach-addr6

it_finish
