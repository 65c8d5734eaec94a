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

# Raw sockets: root, range closed; the rest of the matrix with it.
matrix_closed unreach-host4 c -c 2 -i 0.2 "${F4[2]}"
matrix_closed unreach-addr6 c -c 2 -i 0.2 "${F6[3]}"
cases_run root
cases_judge root "root (raw):"
matrix_closed_judge unreach-host4 4 fault-unreach-host4
matrix_closed_judge unreach-addr6 6 fault-unreach-addr6

# Datagram sockets: unprivileged, range open.
ns_range c $RANGE_OPEN
matrix_open unreach-host4 c -c 2 -i 0.2 "${F4[2]}"
matrix_open unreach-addr6 c -c 2 -i 0.2 "${F6[3]}"
cases_run user
cases_judge user "$U (datagram):"
matrix_open_judge unreach-host4 4 fault-unreach-host4
matrix_open_judge unreach-addr6 6 fault-unreach-addr6

it_finish
