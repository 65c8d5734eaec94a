#!/bin/bash
# basic.sh: everyday output from the client to the server, compared with the
# goldens in golden/ (times masked) and, where a reference iputils ping is
# available, side by side with it after known-differences.sh.
#
# Every case runs twice: as root with ping_group_range closed (raw socket),
# then as uid 65534 with the range open (datagram socket).  Both must print
# the same, so each case has one golden for both.
#
# The router drops the echo request with sequence 2 to the server's second
# addresses (198.18.2.2, 2001:db8:2::2), and silently drops everything to
# 198.18.3.0/24 and 2001:db8:3::/64 (blackhole routes).  The client has no
# route to 198.18.5.0/24 (an unreachable route: nothing leaves).

IT_WANT_REF=1
. "$(dirname "$0")/lib.sh"
lib_init "$@"

net_standard
UNR4=198.18.5.1
nsx c ip route add unreachable 198.18.5.0/24 || die "unreachable route"
# A device with routes but no address of its own (a veth pair kept in the
# client; -I dm0: the source the route picks is eth0's, and iputils warns).
DM4=198.18.77.1 DM6=2001:db8:77::1
nsx c ip link add dm0 type veth peer name dm1 && nsx c ip link set dm0 up && nsx c ip link set dm1 up &&
	nsx c ip route add 198.18.77.0/24 dev dm0 && nsx c ip -6 route add 2001:db8:77::/64 dev dm0 ||
	die "device without addresses"
# A prefix whose route prefers eth0's link-local address as the source.
LL6=2001:db8:ee::1
C6_LL=$(nsx c ip -6 -o addr show dev eth0 scope link | awk '{ sub("/.*", "", $4); print $4; exit }')
[ -n "$C6_LL" ] && nsx c ip -6 route add 2001:db8:ee::/64 dev eth0 src "$C6_LL" ||
	die "route with a link-local source"
ns_nft r <<EOF
table inet pingsock_basic {
	chain forward {
		type filter hook forward priority 0; policy accept;
		ip daddr $S4_LOSSY icmp type echo-request icmp sequence 2 drop
		ip6 daddr $S6_LOSSY icmpv6 type echo-request icmpv6 sequence 2 drop
	}
}
EOF

# NAME|FLAGS|ARGUMENTS.  NAME is the golden file.  FLAGS: e = the golden
# holds stderr's first line; u = run under LC_ALL=C.UTF-8.
CASES=(
	"v4-c3||-c 3 -i 0.2 $S4"
	"v6-c3||-c 3 -i 0.2 $S6"
	"name4||-c 2 -i 0.2 server4.example"
	"name6||-c 2 -i 0.2 server6.example"
	"alias4||-c 1 srv4"
	"alias6||-c 1 srv6"
	"name4-n||-n -c 2 -i 0.2 server4.example"
	"name6-n||-n -c 2 -i 0.2 server6.example"
	"idn4|u|-c 1 $IDN_NAME"
	# The name is read in the locale's character set, as glibc's AI_IDN
	# reads it for iputils: under "C" it is not ASCII, and refused.
	"idn4-c|e|-c 1 $IDN_NAME"
	"q4||-q -c 3 -i 0.2 $S4"
	"q6||-q -c 3 -i 0.2 $S6"
	"s0-v4||-s 0 -c 2 -i 0.2 $S4"
	"s0-v6||-s 0 -c 2 -i 0.2 $S6"
	"pattern4||-s 100 -p abcd -c 2 -i 0.2 $S4"
	"pattern6||-s 100 -p abcd -c 2 -i 0.2 $S6"
	# Each -p prints its line as it is read: -q only silences the ones
	# after it, and a later option that is refused comes after them.
	"pattern-q-after||-p ab -q -c 1 $S4"
	"pattern-q-before||-q -p ab -c 1 $S4"
	"pattern-twice-refused|e|-p ff -p 0a0b -S 0 $S4"
	"pattern-nodest|e|-p ff"
	# -Q and -F numbers as the C library reads them (a sign, then cut to
	# an int); -Q goes on the IPv6 socket before the target is looked up,
	# so a class the kernel refuses (below -1) ends any run but -4's.
	"tos-plus||-Q +16 -c 1 $S4"
	"tos-wrap||-Q 4294967312 -c 1 $S4"
	"tos-refused|e|-Q -5 -c 1 $S4"
	"tos-refused-4||-4 -Q -5 -c 1 $S4"
	"flow-minus1|e|-F -1 -c 1 $S6"
	"D4||-D -c 2 -i 0.2 $S4"
	"D6||-D -c 2 -i 0.2 $S6"
	"lost4||-c 3 -i 0.2 $S4_LOSSY"
	"O4||-O -c 4 -i 0.2 $S4_LOSSY"
	"O6||-O -c 4 -i 0.2 $S6_LOSSY"
	"OD4||-O -D -c 3 -i 0.2 $S4_LOSSY"
	"w1||-w 1 -i 0.4 $S4"
	"w1c5||-w 1 -c 5 -i 0.4 $S4"
	"w2c2||-w 2 -c 2 -i 0.2 $S6"
	"blackhole4||-W 1 -c 1 $BH4"
	"blackhole6||-W 1 -c 1 $BH6"
	"bad-c0|e|-c 0 $S4"
	"bad-cabc|e|-c abc $S4"
	"bad-t256|e|-t 256 $S4"
	"bad-w-frac|e|-w 0.1 $S4"
	"bad-option|e|-Z $S4"
	"bad-pattern|e|-p xyz $S4"
	"bad-W-neg|e|-W -1 $S4"
	"bad-W-big|e|-W 4294.967296 $S4"
	"bad-i-inf|e|-i inf $S4"
	"bad-nodest|e|"
	"bad-4and6|e|-4 -6 $S4"
	"bad-host|e|nosuch.example"
	"bad-family|e|-6 $S4"
	"bad-s-big4|e|-4 -c 1 -W 1 -s 70000 $S4"
	"bad-s-big6|e|-6 -c 1 -W 1 -s 70000 $S6"
	# -s is checked before the target is resolved, against the family of
	# an address literal (over -4/-6), else -4/-6's, else the larger
	# limit; a short IPv4 form or a name is no literal: 65510 passes, and
	# every send fails with EMSGSIZE.
	"bad-s-name|e|-c 1 -s 65535 nosuch.example"
	"bad-s-lit6|e|-4 -c 1 -s 65530 $S6"
	"bad-s-nodev|e|-I nosuchdev -c 1 -s 65510 $S4"
	"bad-s-short4|e|-c 1 -W 1 -s 65510 127.1"
	"help|e|-h"
	# Names and addresses: resolved for both families whatever -4/-6 say,
	# then the entries of the other family passed over; only the other
	# family, an IPv4-mapped address included: refused.  dual.example has
	# both (IPv6 first); -4 takes the IPv4 entry, which has no canonical
	# name: the header shows the alias as typed.  127.0.0.1. is a name.
	"fam6-v4name|e|-6 -c 1 localhost"
	"fam4-v6name|e|-4 -c 1 ip6-localhost"
	"fam4-mapped|e|-4 -c 1 ::ffff:127.0.0.1"
	"fam4-v6addr|e|-4 -c 1 $S6"
	"dual||-c 1 dual.example"
	"dual4||-4 -c 1 dualalias"
	"dual6||-6 -c 1 dual.example"
	"num-dot|e|-c 1 127.0.0.1."
	# A target typed as a number, in any form inet_aton reads, is not
	# reverse-resolved (nor are the repliers).
	"num-short||-c 1 127.1"
	"num-hex||-c 1 0x7f.1"
	"num-int4||-4 -c 1 0x7f000001"
	"num-3part||-c 1 198.18.513"
	# -I with an address of the destination's family: no source probe, the
	# ping socket is bound to it (an address not here: the bind fails, with
	# iputils' word for each family; no route: the requests fail).  An
	# address of the other family is ignored.  Without one, the probe
	# reports the call that failed.
	"src-absent4|e|-I 198.18.9.9 -c 1 $S4"
	"src-absent6|e|-I 2001:db8:9::9 -c 1 $S6"
	"src-noroute4||-I $C4 -c 1 -W 1 $UNR4"
	"src-noroute4-probe|e|-c 1 $UNR4"
	# IPv4 operands before the target (source-route hops, -T tsprespec's
	# addresses): the probe goes to the first of them, as iputils' does,
	# so a first hop without a route ends the run before anything is sent.
	"hop-noroute4|e|-c 1 $UNR4 $S4"
	"hop-noroute4-ts|e|-T tsprespec -c 1 $UNR4 $S4"
	# The operands before the target are counted once the target is
	# resolved, for its family: a name that does not resolve is reported
	# first; an IPv6 target takes none, -R none, tsprespec four, hops nine.
	"ops-name-first|e|-R -c 1 $S4 nosuch.example"
	"ops-hops-name-first|e|-c 1 1 2 3 4 5 6 7 8 9 10 nosuch.example"
	"ops-R|e|-R -c 1 $S4 $S4"
	"ops-v6|e|-c 1 $S4 $S6"
	"ops-prespec5|e|-T tsprespec -c 1 $S4 $S4 $S4 $S4 $S4 $S4"
	"src-other4||-I ::1 -c 1 127.0.0.1"
	"src-other6||-I 127.0.0.1 -c 1 ::1"
	# A device that does not exist, found after the name is resolved:
	# iputils words it differently per family.
	"dev-unknown4|e|-I nosuchdev -c 1 $S4"
	"dev-unknown6|e|-6 -I nosuchdev -c 1 $S6"
	"dev-unknown-name|e|-I nosuchdev -c 1 nosuch.example"
	# ... and for an IPv4 group, iputils tries the device as the group's
	# interface, so it is named unknown as for IPv6; also when the probe
	# goes to a first hop (-W 1: the group never answers).
	"dev-unknown-mcast4|e|-I nosuchdev -c 1 -W 1 224.0.0.1"
	"dev-unknown-mcast-hop4|e|-I nosuchdev -c 1 -W 1 $S4 224.0.0.1"
	# A device name is the kernel's to judge, as iputils leaves it: one too
	# long for an interface is cut to 15 characters by SO_BINDTODEVICE
	# (IPv4: no such device) and has no index (IPv6: unknown); an empty
	# scope is a device named "" (as an empty -I: below).
	"dev-long4|e|-I abcdefghijklmnopq -c 1 $S4"
	"dev-long6|e|-6 -I abcdefghijklmnopq -c 1 $S6"
	"dev-empty-scope6|e|-I fe80::1% -c 1 $S6"
	# A device whose addresses do not include the source the route picks:
	# iputils warns, then pings through it (nothing answers there).  With
	# the device that has the source: no warning.  lo has no IPv6 route
	# to the server: the probe's connect fails.
	"dev-other-source4|e|-I dm0 -c 1 -W 1 $DM4"
	"dev-other-source6|e|-I dm0 -c 1 -W 1 $DM6"
	"dev-other-source-lo4|e|-I lo -c 1 -W 1 $S4"
	"dev-other-source-lo6|e|-I lo -c 1 -W 1 $S6"
	"dev-own-source4||-I eth0 -c 1 $S4"
	# An unspecified -I address is no source: the probe finds one (the
	# header shows it), and the implied -B keeps it.
	"src-any4||-I 0.0.0.0 -c 1 $S4"
	"src-any6||-I :: -c 1 $S6"
	# A source the probe finds that is link-local: printed with its scope
	# (nothing answers there).
	"dev-ll-source6|e|-I eth0 -c 1 -W 1 $LL6"
	# 0.0.0.0 is this host: the source found stands for it (header and
	# replies).  "::" and a /64's Subnet-Router anycast address: the
	# replies come from another address, which iputils does not flag (a
	# datagram socket does not get the reply to "::", with iputils alike).
	"dst-any4||-c 1 0.0.0.0"
	"dst-zero4||-c 1 0"
	"dst-any6|k|-c 1 -W 1 ::"
	"dst-anycast6||-c 1 2001:db8:1::"
	# Link-local targets: iputils never connects its probe to them, so the
	# source stays "::" and an unscoped one fails only in the sends (a
	# datagram socket warns about the missing scope first, even with -I).
	"ll-unscoped6|ke|-c 1 -W 1 fe80::1"
	"ll-mcast-lo6|ke|-I lo -c 1 -W 1 ff02::1"
	"ll-mcast-scoped6|e|-c 1 -W 1 ff02::1%lo"
	# Each -I keeps what earlier ones set: a device then an address is that
	# source on that device (no probe, so no warning even on lo).
	"dev-then-src4||-I eth0 -I $C4 -c 1 $S4"
	"src-then-dev4||-I $C4 -I lo -c 1 -W 1 $S4"
	"dev-src-dev6||-I eth0 -I $C6 -I lo -c 1 -W 1 $S6"
)

if "$BIN" -V 2>/dev/null | grep -q 'IDN: no'; then NO_IDN=1; else NO_IDN=0; fi

# run_pass WHO: every case, ours and the reference at once.
run_pass() {
	local who=$1 c name flags args lc
	for c in "${CASES[@]}"; do
		IFS='|' read -r name flags args <<< "$c"
		[ "$name" = idn4 ] && [ "$NO_IDN" = 1 ] && continue
		lc=C; [[ $flags == *u* ]] && lc=C.UTF-8
		# shellcheck disable=SC2086
		IT_LC=$lc pool "$who-$name" "$who" c "$BIN" $args
		if _case_json "$flags" "$args"; then
			# shellcheck disable=SC2086
			IT_LC=$lc pool "$who-$name-json" "$who" c "$BIN" -j $args
		fi
		if [ -n "$REF_BIN" ] && ! kd_incomparable "$name@$who" >/dev/null; then
			# shellcheck disable=SC2086
			IT_LC=$lc pool "$who-$name-ref" "$who" c "$REF_BIN" $args
		fi
	done
	pool_wait
}

# judge_pass WHO LABEL
judge_pass() {
	local who=$1 label=$2 c name flags args opts desc sbs=1
	if ! have_ref "${label%:}"; then sbs=0; fi
	for c in "${CASES[@]}"; do
		IFS='|' read -r name flags args <<< "$c"
		desc="$label $name (ping $args)"
		if [ "$name" = idn4 ] && [ "$NO_IDN" = 1 ]; then
			skip "$desc" "built without IDN support"
			continue
		fi
		opts=()
		[[ $flags == *e* ]] && opts+=(--stderr1)
		golden "$(case_golden "$name" "$flags" "$who")" "$who-$name" "$desc" "${opts[@]}"
		[[ $flags == *e* ]] || stderr_empty "$who-$name" "$desc"
		if _case_json "$flags" "$args"; then
			json_check "$who-$name" "$who-$name-json" "$args" "$desc"
		fi
		if [ "$sbs" = 1 ]; then
			side_by_side "$name@$who" "$who-$name" "$who-$name-ref" "$desc" "${opts[@]}"
		fi
	done
}

# An empty -I (a script's variable left unset): a device named "", which
# an IPv4 run binds to (that is, to none), warns that the source may be
# another device's, and shows in its header ("from SRC : "); an IPv6 run
# finds no interface of that name.  Outside the table, whose arguments
# cannot hold an empty word.
empty_dev_run() {
	local who=$1 fam dst
	for fam in 4 6; do
		if [ "$fam" = 4 ]; then dst=$S4; else dst=$S6; fi
		pool "$who-dev-empty$fam" "$who" c "$BIN" -I '' -c 1 "$dst"
		[ -n "$REF_BIN" ] && pool "$who-dev-empty$fam-ref" "$who" c "$REF_BIN" -I '' -c 1 "$dst"
	done
	pool_wait
}

empty_dev_judge() {
	local who=$1 label=$2 fam dst desc
	for fam in 4 6; do
		if [ "$fam" = 4 ]; then dst=$S4; else dst=$S6; fi
		desc="$label dev-empty$fam (ping -I '' -c 1 $dst)"
		golden "dev-empty$fam" "$who-dev-empty$fam" "$desc" --stderr1
		if have_ref "$desc"; then
			side_by_side "dev-empty$fam@$who" "$who-dev-empty$fam" "$who-dev-empty$fam-ref" "$desc" --stderr1
		fi
	done
}

# Raw sockets: root, range closed.
run_pass root
empty_dev_run root
judge_pass root "root (raw):"
empty_dev_judge root "root (raw):"

# Datagram sockets: unprivileged, range open.
ns_range c $RANGE_OPEN
run_pass user
empty_dev_run user
judge_pass user "$U (datagram):"
empty_dev_judge user "$U (datagram):"

# libidn2 is loaded only for a name that needs it.  Hidden (a bind mount in
# a private mount namespace), a non-ASCII name gets a clear error and exit
# status 2, and an address still works.  Every copy ldconfig knows is
# hidden: with multiarch there is one per architecture (an i386 ping
# loads /lib/i386-linux-gnu's).
desc="libidn2 missing at run time: $IDN_NAME"
idn_lib=$(ldconfig -p 2>/dev/null | awk '$1 == "libidn2.so.0" { printf "%s%s", sep, $NF; sep = ":" }')
if [ "$NO_IDN" = 1 ]; then
	skip "$desc" "built without IDN support"
elif [ -z "$idn_lib" ] || ! need_real_root "$desc"; then
	[ -n "$idn_lib" ] || skip "$desc" "libidn2.so.0 not found by ldconfig"
else
	hide_idn=(unshare -m bash -c 'IFS=:; for l in $0; do mount --bind /dev/null "$l" || exit 99; done; exec -a ping "$@"' "$idn_lib")
	IT_LC=C.UTF-8 pingrun noidn root c "${hide_idn[@]}" "$BIN" -c 1 "$IDN_NAME"
	if [ "$(rc_of noidn)" = 2 ] &&
	   grep -qxF "ping: $IDN_NAME: this name needs libidn2 (libidn2.so.0), which could not be loaded" "$(err_of noidn)"; then
		ok "$desc: exit 2, libidn2 named"
	else
		fail "$desc: exit $(rc_of noidn), want 2 and the libidn2 message" "$(err_of noidn)"
	fi
	pingrun noidn-addr root c "${hide_idn[@]}" "$BIN" -c 1 "$S4"
	if [ "$(rc_of noidn-addr)" = 0 ]; then
		ok "libidn2 missing at run time: an address still works"
	else
		fail "libidn2 missing at run time: ping -c 1 $S4 exited $(rc_of noidn-addr)" "$(err_of noidn-addr)"
	fi
fi

it_finish
