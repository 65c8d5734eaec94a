#!/bin/bash
# options.sh: the rest of the iputils option set (issue 4), each option run in
# the namespace network, compared with the goldens in golden/opt-* and, where
# a reference iputils ping is available, side by side with it after
# known-differences.sh:
#
#   -A (ipg/ewma)   -f on a pipe, byte for byte   -l   -i below 2 ms
#   -b and its refusals, multicast (224.0.0.1, ff02::1%eth1) with -L
#   -t   -B   -C   -d   -r   -S   -e   -F   -Q   -m   -M do|dont|want|probe
#   -R   -T tsonly|tsandaddr|tsprespec   IPv4 loose source route hops   -N
#   (and -N subject names the encoder refuses)
#
# Every case runs twice: as root with ping_group_range closed (raw socket),
# then as uid 65534 with the range open (datagram socket).  Cases whose
# outcome depends on the privilege (flood, preload, broadcast intervals,
# -e 0, -N, hops, -m) have a golden per socket kind (NAME.raw / NAME.dgram).
#
# What a golden cannot show is checked on the wire with nftables counters
# (named counters "table inet pingsock_opt" in the namespaces):
#   router, forward:  the TOS / traffic class of -Q, the identifier of -e,
#                     the flow label of -F
#   server, input:    the TTL / hop limit left of -t 5 after one hop
#   client, output:   the mark of -m
#   client, input:    multicast requests looped back to the client (-L)
# Each pass checks every counter against the runs it made (ours, plus the
# reference's when it ran), then resets them.
#
# The network is net_standard + net_far, and:
#   c eth1 198.18.8.1/24 ---- s eth1 198.18.8.2/24   (a LAN for broadcast and
#         multicast; the server answers broadcasts, the client does not)
#   the client's routes to 198.18.97.1 and 2001:db8:97::1 prohibit
#   c2 eth0 2001:db8:9::1/64 -- r rd 2001:db8:9::fe  (a second client: the
#         reference's -F runs, since a flow label stays taken for 6 s)
#   198.18.4.40 / 2001:db8:4::28 behind the server with a route MTU of 1280 on
#   the router (-M); IPv4 source routes accepted on every hop; a node
#   information responder (niresponder.py) in the server.

IT_WANT_REF=1
. "$(dirname "$0")/lib.sh"
lib_init "$@"

net_standard
net_far

LAN_C4=198.18.8.1
LAN_S4=198.18.8.2
LAN_BC4=198.18.8.255
MAC_C1=02:00:5e:12:08:01
MAC_S1=02:00:5e:12:08:02
_veth c eth1 s eth1 "$MAC_C1" "$MAC_S1"
_addr c eth1 "$LAN_C4/24"
_addr s eth1 "$LAN_S4/24"
_neigh c eth1 "$MAC_S1" "$LAN_S4"
_neigh s eth1 "$MAC_C1" "$LAN_C4"
nsx c ip route add 224.0.0.0/4 dev eth1 || die "multicast route"
nsx s sysctl -qw net.ipv4.icmp_echo_ignore_broadcasts=0 >/dev/null || die "server broadcasts"
# Routes that prohibit: connect() of the source probe gets EACCES.
PROHIB4=198.18.97.1
PROHIB6=2001:db8:97::1
nsx c ip route add prohibit "$PROHIB4/32" || die "prohibit route"
nsx c ip -6 route add prohibit "$PROHIB6/128" || die "prohibit route (IPv6)"

# Loose source routes: every hop of the path, the client included (the
# reply comes back source-routed), must accept them.
for role in c r s; do
	nsx "$role" sysctl -qw net.ipv4.conf.all.accept_source_route=1 \
		net.ipv4.conf.default.accept_source_route=1 >/dev/null || die "accept_source_route in $role"
done
nsx c sysctl -qw net.ipv4.conf.eth0.accept_source_route=1 >/dev/null || die "accept_source_route c"
nsx r sysctl -qw net.ipv4.conf.rc.accept_source_route=1 \
	net.ipv4.conf.rs.accept_source_route=1 >/dev/null || die "accept_source_route r"
nsx s sysctl -qw net.ipv4.conf.eth0.accept_source_route=1 >/dev/null || die "accept_source_route s"

C2_6=2001:db8:9::1
R6D=2001:db8:9::fe
MAC_C2=02:00:5e:12:09:01
MAC_RD=02:00:5e:12:09:fe
ns_new c2
ns_range c2 $RANGE_CLOSED
_veth r rd c2 eth0 "$MAC_RD" "$MAC_C2"
_addr c2 eth0 "$C2_6/64"
_addr r rd "$R6D/64"
_neigh --router c2 eth0 "$MAC_RD" "$R6D"
_neigh r rd "$MAC_C2" "$C2_6"
nsx c2 ip -6 route add 2001:db8::/32 via "$R6D" || die "second client route"

# Far addresses, one per case that the wire checks pick out.
Q4=$(far4 10) Q6=$(far6 10)	# -Q
E4=$(far4 11) E6=$(far6 11)	# -e 4321
E0=$(far4 12)			# -e 0
M4=$(far4 13)			# -m
T4=$(far4 14) T6=$(far6 14)	# -t 5
MTU4=$(far4 40) MTU6=$(far6 40)	# -M, route MTU 1280
far_addrs "$Q4" "$Q6" "$E4" "$E6" "$E0" "$M4" "$T4" "$T6" "$MTU4" "$MTU6"
nsx r ip route add "$MTU4/32" via "$S4" mtu 1280 || die "route mtu"
nsx r ip -6 route add "$MTU6/128" via "$S6" mtu 1280 || die "route6 mtu"

# -F: one label per pass (a label stays reserved in its namespace for 6 s
# after use); ours runs in c, the reference in c2.
FLOW_root=0x12345
FLOW_user=0x12346

ns_nft r <<EOF
table inet pingsock_opt {
	counter q4 { }
	counter q6 { }
	counter e4 { }
	counter e6 { }
	counter e0 { }
	counter flow_root { }
	counter flow_user { }
	set fl_seen { typeof ip6 flowlabel; flags dynamic; size 65536; }
	chain forward {
		type filter hook forward priority 0; policy accept;
		ip daddr $Q4 icmp type echo-request ip dscp 0x04 counter name "q4"
		ip6 daddr $Q6 icmpv6 type echo-request ip6 dscp 0x04 counter name "q6"
		ip daddr $E4 icmp type echo-request icmp id 4321 counter name "e4"
		ip6 daddr $E6 icmpv6 type echo-request icmpv6 id 4321 counter name "e6"
		ip daddr $E0 icmp type echo-request icmp id 0 counter name "e0"
		ip6 daddr $S6 icmpv6 type echo-request ip6 flowlabel $FLOW_root counter name "flow_root"
		ip6 daddr $S6 icmpv6 type echo-request ip6 flowlabel $FLOW_user counter name "flow_user"
		ip6 daddr $S6 icmpv6 type echo-request add @fl_seen { ip6 flowlabel }
	}
}
EOF
ns_nft s <<EOF
table inet pingsock_opt {
	counter ttl4 { }
	counter ttl6 { }
	chain input {
		type filter hook input priority 0; policy accept;
		ip daddr $T4 icmp type echo-request ip ttl 4 counter name "ttl4"
		ip6 daddr $T6 icmpv6 type echo-request ip6 hoplimit 4 counter name "ttl6"
	}
}
EOF
# The multicast cases differ in size: 41 data bytes (IP length 69) loop
# back, 40 with -L (length 68) must not.
ns_nft c <<EOF
table inet pingsock_opt {
	counter mark4 { }
	counter mloop { }
	counter mloop_L { }
	chain output {
		type filter hook output priority 0; policy accept;
		ip daddr $M4 icmp type echo-request meta mark 5 counter name "mark4"
	}
	chain input {
		type filter hook input priority 0; policy accept;
		ip saddr $LAN_C4 ip daddr 224.0.0.1 icmp type echo-request ip length 69 counter name "mloop"
		ip saddr $LAN_C4 ip daddr 224.0.0.1 icmp type echo-request ip length 68 counter name "mloop_L"
	}
}
EOF

# The node information responder in the server (the kernel does not answer).
NI_READY=$T/out/niresponder.ready
as_prefix root s
"${AS_PREFIX[@]}" python3 "$IT_DIR/niresponder.py" --name server6.example \
	--ready-file "$NI_READY" --log "$T/out/niresponder.log" \
	> "$T/out/niresponder.out" 2>&1 < /dev/null &
NI_PID=$!
IT_BG+=("$NI_PID")
i=0
while [ ! -s "$NI_READY" ]; do
	if ! kill -0 "$NI_PID" 2>/dev/null || [ $i -ge 500 ]; then
		cat "$T/out/niresponder.out" >&2
		die "niresponder.py did not become ready"
	fi
	sleep 0.01; i=$((i + 1))
done

# NAME|FLAGS|ARGUMENTS (see "Case tables" in lib.sh); NAME is golden/NAME.
# Our own flag: R = the outcome depends on the real uid being 0 (rootless,
# the "unprivileged" caller is uid 0 of a user namespace, so the
# unprivileged pass cannot show it and skips the case).
CASES=(
	# -H (the last of -n and -H): an IPv6 header's source is named, as
	# iputils' resolving printer shows it (20240905); IPv4's stays a number.
	"opt-H-src6||-H -I $C6 -c 1 $S6"
	"opt-H-dev6||-n -H -I eth0 -c 1 $S6"
	"opt-H-B6||-H -B -c 1 server6.example"
	"opt-Hn-src6||-H -n -I $C6 -c 1 $S6"
	"opt-H-src4||-H -I $C4 -c 1 $S4"
	# The header's source is formatted by the printer that keeps the last
	# address it showed (20240905, 20250605): a reply from that address
	# (here our own) is shown as the header showed it, a number without -H.
	"opt-B-self6||-B -c 1 client6.example"
	"opt-H-B-self6||-H -B -c 1 client6.example"
	# -B with -I DEVICE pings for a user as for root (iputils' IPv6
	# datagram path refuses itself: known-differences.sh bindtodevice-twice).
	"opt-B-dev6||-B -I eth0 -c 1 $S6"
	"opt-B-dev4||-B -I eth0 -c 1 $S4"
	# -A: the interval follows the round trip (no 1 s wait between
	# requests); ipg/ewma in the summary.
	"opt-A4||-A -c 3 $S4"
	"opt-A6||-A -c 3 $S6"
	# -f on a pipe, byte for byte: "." per request, "\b \b" per reply, and
	# the summary right after the line's end, no blank line.  Unprivileged:
	# refused after the header (exit 2) unless -i is at least 2 ms.  Runs
	# alone: a reply later than the interval would change the pattern.
	"opt-f4|xpkeR|-f -c 10 $S4"
	"opt-f6|xpkeR|-f -c 10 $S6"
	"opt-f-i4|xpf|-f -i 0.002 -c 5 $S4"
	# -a under -f: a bell after each reply's mark (".\b \b\a"), as iputils.
	# -C -r towards a host off the link: the connect fails after the header,
	# with its own errno (the message's translation once clobbered it).
	"opt-C-r4|e|-C -r -c 1 $S4"
	"opt-C-r-q4|e|-C -r -q -c 1 server4.example"
	"opt-C-r-utf4|eu|-C -r -c 1 $S4"
	"opt-f-a4|xpf|-f -a -i 0.002 -c 3 $S4"
	"opt-f-a6|xpf|-f -a -i 0.002 -c 3 $S6"
	# -l: three at once, "pipe 3"; unprivileged at most 3, refused while
	# the options are read (no header).
	"opt-l3||-l 3 -c 5 -i 0.2 $S4"
	"opt-l4|keR|-l 4 -c 4 -i 0.2 $S4"
	# A user's first -l above 3 is refused where it is read, whatever a
	# later -l says, and before what comes after it (a later -p's PATTERN
	# line, a missing destination); root takes the last -l.
	"opt-l-first|keR|-p ff -l 5 -l 2 -p aa -c 2 -i 0.2 $S4"
	"opt-l-nodest|keR|-l 5 -N name"
	# Root: a receive buffer for 65536 replies of 228 bytes (iputils'
	# estimate: 30 MB) is more than net.core.rmem_max grants on a stock
	# system: iputils' warning, before the header (without -w, -c 1 sends
	# one request whatever the preload).
	"opt-l-rcvbuf|keR|-q -l 65536 -s 200 -c 1 -W 1 $BH4"
	# An interval below 2 ms: unprivileged, refused after the header.
	"opt-i001|xkeR|-i 0.001 -c 3 $S4"

	# Broadcast on the LAN: refused without -b; with it a warning on
	# stderr (no "ping: " prefix) and replies from the server, without
	# "(DIFFERENT ADDRESS!)".  Unprivileged: -b means an interval of at
	# least 1 s even to a unicast address, and -M other than "do" is
	# refused; both before the header.
	"opt-b|e|-b -c 2 $LAN_BC4"
	"opt-nob|e|-c 2 $LAN_BC4"
	"opt-b-fast|kaR|-b -c 2 -i 0.2 $LAN_BC4"
	"opt-b-unicast-fast|keR|-b -c 2 -i 0.5 $LAN_S4"
	"opt-b-Mdont|kaR|-b -M dont -c 1 $LAN_BC4"
	# A route that prohibits refuses the probe with EACCES, which IPv4
	# takes for a broadcast address: without -b the advice, with it the
	# warning, a second try, then what connect says; IPv6 says only that,
	# -b or not.
	"opt-prohibit4|a|-c 1 $PROHIB4"
	"opt-prohibit4-b|a|-b -c 1 -i 1 $PROHIB4"
	"opt-prohibit6|a|-c 1 $PROHIB6"
	"opt-prohibit6-b|a|-b -c 1 -i 1 $PROHIB6"
	# Multicast: the server answers 224.0.0.1 and ff02::1; -L keeps the
	# request from looping back to the client (counted on its input; for
	# IPv6 the client answers itself otherwise, see mcast6_dup_check).
	# Unprivileged: at least 1 s between requests (IPv4 says "broadcast").
	"opt-mcast|J|-s 41 -c 2 224.0.0.1"
	"opt-mcast-L|J|-L -s 40 -c 2 224.0.0.1"
	"opt-mcast-fast|keR|-c 2 -i 0.5 224.0.0.1"
	"opt-mcast6-L||-L -c 2 ff02::1%eth1"
	"opt-mcast6-fast|keR|-L -c 2 -i 0.5 ff02::1%eth1"
	# -f alone: the group's rule sees the interval before a flood's becomes
	# 0 (iputils' order), so a user is refused as a flood, after the header.
	"opt-mcast-flood|keR|-f -c 2 224.0.0.1"
	"opt-mcast6-flood|keR|-L -f -c 2 ff02::1%eth1"

	# -t: 1 expires at the router; 5 leaves 4 at the server (counted).
	"opt-t1-4||-t 1 -c 2 -i 0.2 $S4"
	"opt-t1-6||-t 1 -c 2 -i 0.2 $S6"
	"opt-t5-4|J|-t 5 -c 2 -i 0.2 $T4"
	"opt-t5-6|J|-t 5 -c 2 -i 0.2 $T6"
	# -B (the source in the header), -C, -d, -S.
	"opt-B4||-B -c 2 -i 0.2 $S4"
	"opt-B6||-B -c 2 -i 0.2 $S6"
	"opt-C||-C -c 2 -i 0.2 $S4"
	"opt-d||-d -c 2 -i 0.2 $S4"
	"opt-S||-S 2000 -c 2 -i 0.2 $S4"
	# -r (SO_DONTROUTE): the router is on the link and answers; the server
	# is not, every send fails with ENETUNREACH, which iputils does not
	# report (nothing queued on the error queue), and the run lingers -W 1.
	# IPv6 ignores SO_DONTROUTE.
	"opt-r-near4||-r -c 2 -i 0.2 $R4C"
	"opt-r-near6||-r -c 2 -i 0.2 $R6C"
	"opt-r-far4||-r -c 2 -i 0.2 -W 1 $S4"
	"opt-r-far6||-r -c 2 -i 0.2 $S6"
	# -e: raw, any identifier (shown by -v); datagram, bind() to it.  Both
	# counted on the router.  -e 0 needs a raw socket: unprivileged,
	# refused naming "-e 0".  Alone: two runs with one identifier at once
	# would take each other's replies (raw) or fail to bind (datagram).
	"opt-e4|xEJ|-v -e 4321 -c 2 -i 0.2 $E4"
	"opt-e6|xEJ|-v -e 4321 -c 2 -i 0.2 $E6"
	"opt-e0|xkeJ|-e 0 -c 2 -i 0.2 $E0"
	# -Q: TOS / traffic class 0x10 (DSCP 4), counted on the router.
	"opt-Q4|J|-Q 0x10 -c 2 -i 0.2 $Q4"
	"opt-Q6|J|-Q 0x10 -c 2 -i 0.2 $Q6"
	# -m: root marks (counted on the client's output); unprivileged, one
	# warning with the capability hint, and the run goes on unmarked.
	"opt-m4|kaJ|-m 5 -c 2 -i 0.2 $M4"
	# -M through the 1280-byte hop.  do: "Frag needed", then the client
	# knows the path MTU and refuses to send; want: "Frag needed", then
	# fragments; dont: fragmented by the router (IPv6: by the client after
	# "Packet too big"); probe: DF always, every request refused by the
	# router.  Runs that learn the path MTU run alone, after a flush.
	"opt-M-do4|xe|-M do -s 1400 -c 3 -i 0.2 -W 2 $MTU4"
	"opt-M-want4|x|-M want -s 1400 -c 3 -i 0.2 $MTU4"
	"opt-M-dont4||-M dont -s 1400 -c 2 -i 0.2 $MTU4"
	"opt-M-probe4||-M probe -s 1400 -c 3 -i 0.2 $MTU4"
	"opt-M-dont6|x|-M dont -s 1400 -c 3 -i 0.2 $MTU6"
	"opt-M-probe6||-M probe -s 1400 -c 3 -i 0.2 $MTU6"

	# -R on the routed path, with names: every hop, then "(same route)".
	# An IPv6 target ignores it.
	"opt-R4||-R -c 2 -i 0.2 server4.example"
	"opt-R6||-R -c 1 $S6"
	# -T: timestamps (numbers masked: see mask_ts).
	"opt-T-tsonly||-T tsonly -c 2 -i 0.2 $S4"
	"opt-T-tsandaddr||-T tsandaddr -c 2 -i 0.2 $S4"
	"opt-T-tsprespec||-T tsprespec -c 2 -i 0.2 $R4C $S4 $S4"
	# A loose source route through the router: works as root (we raise
	# CAP_NET_RAW around IP_OPTIONS; iputils never does, see
	# known-differences.sh); without CAP_NET_RAW "record route: Operation
	# not permitted".
	"opt-lsrr|ke|-c 2 -i 0.2 $R4C $S4"

	# -N: a name query answered by niresponder.py (raw socket only:
	# unprivileged, refused naming -N); help on stdout, exit 0, with or
	# without a destination; an unknown keyword: the same help on stderr,
	# exit 2.
	"opt-N-name|ke|-N name -c 2 -i 0.2 $S6"
	"opt-N-help||-N help"
	"opt-N-help-dest||-N help $S6"
	"opt-N-bogus|a|-N bogus $S6"
	# Subject names are encoded as glibc's ns_name_pton reads them: a
	# final lone backslash, or an empty label, is refused before anything
	# is sent (exit 2, as 20240905 and 20250605; 20221126 exited 1),
	# whatever the socket; so is a scope of 16 characters or more.
	"opt-N-subject-bs|e|-N name -N subject-name=a\\ -c 1 $S6"
	"opt-N-subject-dot-bs|e|-N name -N subject-fqdn=a.b.\\ -c 1 $S6"
	"opt-N-subject-empty|e|-N name -N subject-fqdn=a..b -c 1 $S6"
	"opt-N-subject-scope|e|-N name -N subject-name=host%abcdefghijklmnop -c 1 $S6"
)
# -v names each address entry's canonical name as glibc's AI_CANONIDN gives
# it to iputils: in Unicode under a UTF-8 locale (a build without libidn2
# cannot take the name at all).  The line is checked in case_check: -v's
# other lines depend on the architecture (the sandbox's).
if ! "$BIN" -V 2>/dev/null | grep -q 'IDN: no'; then
	CASES+=("opt-v-idn|kuE|-v -c 1 $IDN_NAME")
fi

# Wire counters: CASE|ROLE|COUNTER|PER-RUN-ROOT|PER-RUN-USER (requests each
# run of the case must add; a run is ours, or the reference's when it ran).
COUNTERS=(
	"opt-Q4|r|q4|2|2"
	"opt-Q6|r|q6|2|2"
	"opt-e4|r|e4|2|2"
	"opt-e6|r|e6|2|2"
	"opt-e0|r|e0|2|0"
	"opt-t5-4|s|ttl4|2|2"
	"opt-t5-6|s|ttl6|2|2"
	"opt-m4|c|mark4|2|0"
	"opt-mcast|c|mloop|2|2"
	"opt-mcast-L|c|mloop_L|0|0"
)

# case_before NAME WHO ID: forget learnt path MTUs.
case_before() {
	nsx c ip route flush cache 2>/dev/null
	nsx c ip -6 route flush cache 2>/dev/null
	return 0
}

# mask_ts ID: -T numbers (milliseconds since midnight UTC, and deltas)
# become X, in place; the original is kept as ID.out.ts.
mask_ts() {
	local o=$T/out/$1.out
	[ -f "$o" ] || return 0
	cp "$o" "$o.ts"
	sed -i -E 's/^(TS: )?(\t[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+)?\t[0-9]+( absolute)?$/\1\2\tX\3/' "$o"
}

# unpipe ID: ", pipe N" out of the summary, in place (the original is kept
# as ID.out.pipe).  With an interval of 1 or 2 ms (-A unprivileged, -i
# 0.001) a reply late by a millisecond on a loaded machine makes "pipe 2";
# what these cases check is elsewhere in the line.
unpipe() {
	local o=$T/out/$1.out
	[ -f "$o" ] || return 0
	cp "$o" "$o.pipe"
	sed -i -E '/^rtt /s/, pipe [0-9]+(, )?/\1/' "$o"
}

# check_ts ID DESC: the masked numbers were sane: one absolute time of day
# per reply, deltas of a few milliseconds.
check_ts() {
	local id=$1 desc=$2 why=$T/out/$1.tswhy
	awk -F'\t' '
		/^(TS: )?\t/ {
			v = $NF
			if (v ~ / absolute$/) {
				sub(/ absolute$/, "", v); n++
				if (v !~ /^[0-9]+$/ || v + 0 >= 86400000) print "absolute time out of range: " $0
			} else if (v !~ /^[0-9]+$/ || v + 0 > 1000) {
				print "delta out of range: " $0
			}
		}
		END { if (n == 0) print "no TS line" }' "$T/out/$id.out.ts" > "$why"
	if [ -s "$why" ]; then fail "$desc: TS figures sane" "$why"; else ok "$desc: TS figures sane"; fi
}

# expect_raw_only ID DESC WORD: the refusal of an option that needs a raw
# socket: exit 2, nothing on stdout, iputils' two lines, then a "=> " line
# naming the option.
expect_raw_only() {
	local id=$1 desc=$2 word=$3 e why=$T/out/$1.why
	e=$(err_of "$id")
	: > "$why"
	[ "$(rc_of "$id")" = 2 ] || echo "exit $(rc_of "$id"), wanted 2" >> "$why"
	[ -s "$(out_of "$id")" ] && { echo "stdout not empty:"; cat "$(out_of "$id")"; } >> "$why"
	grep -qx 'ping: socktype: SOCK_RAW' "$e" || echo "no 'ping: socktype: SOCK_RAW' line" >> "$why"
	grep -qx 'ping: socket: Operation not permitted' "$e" ||
		echo "no 'ping: socket: Operation not permitted' line" >> "$why"
	grep -E '^ping: => ' "$e" | grep -qF -- "$word" || echo "no '=> ' line names '$word'" >> "$why"
	if [ -s "$why" ]; then
		{ echo "stderr was:"; cat "$e"; } >> "$why"
		fail "$desc: refused, naming $word" "$why"
	else
		ok "$desc: refused, naming $word"
	fi
}

# case_check NAME WHO ID DESC: what the golden cannot show.
case_check() {
	local name=$1 who=$2 id=$3 desc=$4
	case $name in
	opt-A*)
		# Three replies within milliseconds: the next request follows the
		# reply (iputils: about 0 ms as root, 2 ms apart unprivileged),
		# never the default 1 s.
		check_elapsed "$id" "$desc" 0 700 ;;
	opt-e4|opt-e6)
		if grep -q ' ident=4321 ' "$(out_of "$id")"; then
			ok "$desc: replies show ident=4321"
		else
			fail "$desc: replies show ident=4321" "$(out_of "$id")"
		fi ;;
	opt-e0)
		[ "$who" = user ] && expect_raw_only "$id" "$desc" "-e 0" ;;
	opt-v-idn)
		if grep -qFx "ping: ai->ai_family: AF_INET, ai->ai_canonname: '$IDN_NAME'" "$(err_of "$id")"; then
			ok "$desc: -v shows the canonical name in Unicode"
		else
			fail "$desc: -v shows the canonical name in Unicode" "$(err_of "$id")"
		fi ;;
	opt-N-name)
		[ "$who" = user ] && expect_raw_only "$id" "$desc" "-N" ;;
	opt-T-*)
		check_ts "$id" "$desc" ;;
	opt-M-probe*|opt-t1-*)
		# Errors count toward -c: no linger.
		check_elapsed "$id" "$desc" 0 2000 ;;
	esac
	return 0
}

# counter_value ROLE NAME
counter_value() {
	nsx "$1" nft list counter inet pingsock_opt "$2" 2>/dev/null |
		sed -n -E 's/.*packets ([0-9]+).*/\1/p' | head -n 1
}

# check_counters WHO LABEL: every counter against the runs of this pass,
# then reset.
check_counters() {
	local who=$1 label=$2 c name role ctr per_root per_user per runs want got
	for c in "${COUNTERS[@]}"; do
		IFS='|' read -r name role ctr per_root per_user <<< "$c"
		if [ "$who" = root ]; then per=$per_root; else per=$per_user; fi
		runs=1
		_case_ref "$name" "$who" && runs=2
		want=$((per * runs))
		got=$(counter_value "$role" "$ctr")
		if [ "$got" = "$want" ]; then
			ok "$label $name: counter $ctr on $role: $want"
		else
			echo "counter $ctr on $role: ${got:-unreadable}, wanted $want ($runs runs x $per)" > "$T/out/ctr-$who-$ctr.why"
			fail "$label $name: counter $ctr on $role: $want" "$T/out/ctr-$who-$ctr.why"
		fi
		nsx "$role" nft reset counter inet pingsock_opt "$ctr" > /dev/null 2>&1
	done
}

# -F, outside the table: the reference runs in c2.
flow_run() {
	local who=$1 label
	if [ "$who" = root ]; then label=$FLOW_root; else label=$FLOW_user; fi
	pool "$who-opt-F6" "$who" c "$BIN" -F "$label" -c 2 -i 0.2 "$S6"
	[ -n "$REF_BIN" ] && pool "$who-opt-F6-ref" "$who" c2 "$REF_BIN" -F "$label" -c 2 -i 0.2 "$S6"
	return 0
}

# -F 0: the kernel chooses the label (IPV6_FLOWLABEL_MGR writes it back),
# and the header shows the one the requests carry, as iputils' does; the
# router remembers every label it forwards to the server.  Random, so no
# golden and no reference.
flow0_run() {
	pool "$1-opt-F0-6" "$1" c "$BIN" -F 0 -c 1 "$S6"
}

flow0_check() {
	local id=$1-opt-F0-6 desc="$2 opt-F0-6 (ping -F 0 -c 1 $S6)" o why label
	o=$(out_of "$id"); why=$T/out/$id.why
	: > "$why"
	[ "$(rc_of "$id")" = 0 ] || echo "exit $(rc_of "$id"), wanted 0" >> "$why"
	label=$(sed -n "s/^PING $S6 ($S6) , flow 0x\([0-9a-f]\{5\}\), 56 data bytes\$/\1/p" "$o")
	if [ -z "$label" ]; then
		echo "no header 'PING $S6 ($S6) , flow 0xLLLLL, 56 data bytes'" >> "$why"
	elif [ "$label" = 00000 ]; then
		echo "the header shows label 0, not the one the kernel chose" >> "$why"
	elif ! nsx r nft get element inet pingsock_opt fl_seen "{ 0x$label }" > /dev/null 2>&1; then
		echo "no request with label 0x$label reached the router" >> "$why"
	fi
	[ -s "$(err_of "$id")" ] && { echo "stderr:"; cat "$(err_of "$id")"; } >> "$why"
	if [ -s "$why" ]; then
		{ echo "stdout was:"; cat "$o"; } >> "$why"
		fail "$desc: the header shows the kernel's label, which the requests carry" "$why"
	else
		ok "$desc: the header shows the kernel's label, which the requests carry"
	fi
}

# A hop with a blank and more after it: iputils reads hops with inet_aton
# first, which stops at the blank ("198.18.1.254 x" is 198.18.1.254), so
# the run is opt-lsrr's; the resolver alone would refuse the name.
hop_blank_run() {
	local who=$1
	pool "$who-opt-lsrr-blank" "$who" c "$BIN" -c 2 -i 0.2 "$R4C x" "$S4"
	[ -n "$REF_BIN" ] && pool "$who-opt-lsrr-blank-ref" "$who" c "$REF_BIN" -c 2 -i 0.2 "$R4C x" "$S4"
	return 0
}

hop_blank_judge() {
	local who=$1 label=$2 g desc
	if [ "$who" = root ]; then g=opt-lsrr.raw; else g=opt-lsrr.dgram; fi
	desc="$label opt-lsrr-blank (ping -c 2 -i 0.2 '$R4C x' $S4)"
	golden "$g" "$who-opt-lsrr-blank" "$desc" --stderr1
	if have_ref "$desc"; then
		side_by_side "opt-lsrr-blank@$who" "$who-opt-lsrr-blank" "$who-opt-lsrr-blank-ref" "$desc" --stderr1
	fi
}

flow_judge() {
	local who=$1 label=$2 flow g desc ctr got want=2
	if [ "$who" = root ]; then flow=$FLOW_root; g=opt-F6.raw; else flow=$FLOW_user; g=opt-F6.dgram; fi
	desc="$label opt-F6 (ping -F $flow -c 2 -i 0.2 $S6)"
	golden "$g" "$who-opt-F6" "$desc"
	stderr_empty "$who-opt-F6" "$desc"
	if have_ref "$desc"; then
		side_by_side "opt-F6@$who" "$who-opt-F6" "$who-opt-F6-ref" "$desc"
		want=4
	fi
	ctr=flow_$who
	got=$(counter_value r "$ctr")
	if [ "$got" = "$want" ]; then
		ok "$desc: counter $ctr on r: $want"
	else
		echo "counter $ctr: ${got:-unreadable}, wanted $want" > "$T/out/ctr-$ctr.why"
		fail "$desc: counter $ctr on r: $want" "$T/out/ctr-$ctr.why"
	fi
}

# Without -L the client answers its own ff02::1 request as well as the
# server: two replies for each request, in no fixed order, so no golden.
# The second is counted as a duplicate but, multicast, not marked "(DUP!)".
mcast6_dup_run() {
	pool "$1-mcast6-dup" "$1" c "$BIN" -c 2 ff02::1%eth1
}

mcast6_dup_check() {
	local id=$1-mcast6-dup desc="$2 multicast6 without -L (ping -c 2 ff02::1%eth1)" o why
	o=$(out_of "$id"); why=$T/out/$id.why
	: > "$why"
	[ "$(rc_of "$id")" = 0 ] || echo "exit $(rc_of "$id"), wanted 0" >> "$why"
	[ "$(grep -c ' bytes from fe80::5eff:fe12:801%eth1: icmp_seq=1 ' "$o")" = 1 ] ||
		echo "not one reply from the client itself (fe80::5eff:fe12:801) for icmp_seq=1" >> "$why"
	[ "$(grep -c ' bytes from fe80::5eff:fe12:802%eth1: icmp_seq=1 ' "$o")" = 1 ] ||
		echo "not one reply from the server (fe80::5eff:fe12:802) for icmp_seq=1" >> "$why"
	grep -q 'DUP' "$o" && echo "a reply is marked (DUP!)" >> "$why"
	grep -q '^2 packets transmitted, 2 received, +1 duplicates, 0% packet loss' "$o" ||
		echo "summary without '2 received, +1 duplicates'" >> "$why"
	[ -s "$(err_of "$id")" ] && { echo "stderr:"; cat "$(err_of "$id")"; } >> "$why"
	if [ -s "$why" ]; then
		{ echo "stdout was:"; cat "$o"; } >> "$why"
		fail "$desc: both replies, the second a duplicate not marked" "$why"
	else
		ok "$desc: both replies, the second a duplicate not marked"
	fi
}

# run_pass WHO LABEL
run_pass() {
	local who=$1 label=$2 c name flags args all=("${CASES[@]}") kept=() skipped=()
	if [ "$who" = user ] && [ "$REAL_ROOT" = 0 ]; then
		for c in "${all[@]}"; do
			IFS='|' read -r name flags args <<< "$c"
			if [[ $flags == *R* ]]; then skipped+=("$name"); else kept+=("$c"); fi
		done
		CASES=("${kept[@]}")
	fi
	flow_run "$who"
	flow0_run "$who"
	hop_blank_run "$who"
	mcast6_dup_run "$who"
	cases_run "$who"
	for c in "${CASES[@]}"; do
		IFS='|' read -r name flags args <<< "$c"
		case $name in
		opt-T-*) mask_ts "$who-$name"; mask_ts "$who-$name-ref" ;;
		opt-A*|opt-i001) unpipe "$who-$name"; unpipe "$who-$name-ref" ;;
		esac
	done
	cases_judge "$who" "$label"
	flow_judge "$who" "$label"
	flow0_check "$who" "$label"
	hop_blank_judge "$who" "$label"
	mcast6_dup_check "$who" "$label"
	check_counters "$who" "$label"
	for name in "${skipped[@]}"; do
		need_real_root "$label $name: depends on the real uid"
	done
	CASES=("${all[@]}")
}

# Raw sockets: root, range closed.
run_pass root "root (raw):"

# Datagram sockets: unprivileged, range open.
ns_range c $RANGE_OPEN
ns_range c2 $RANGE_OPEN
run_pass user "$U (datagram):"

it_finish
