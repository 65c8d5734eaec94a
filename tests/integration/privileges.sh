#!/bin/bash
# privileges.sh: which socket each kind of caller gets, that a refused caller
# is told why, and that no privilege outlives the setup.
#
# Namespaces: "l" (loopback only) and the standard client -- router -- server
# network.  Targets: 127.0.0.1 and ::1 in l, the server's addresses from c.
#
#   (i)    root, ping_group_range "1 0"             raw socket, replies, exit 0
#   (ii)   uid 65534, range "0 2147483647"         datagram socket, replies
#   (iii)  uid 65534, range "1 0"                  refused: exit 2, iputils'
#          first two lines, then "=> " lines naming ping_group_range and
#          cap_net_raw; nothing on stdout
#   (iv)   uid 65534, range "1 0", cap_net_raw+p copy   raw; CapPrm/CapEff 0
#          during the loop
#   (v)    uid 65534, setuid-root copy             raw; Uid all 65534 and
#          CapPrm/CapEff 0 during the loop
#   (vi)   root                                    CapPrm/CapEff 0 during the loop
#   (vii)  root, range open                        datagram first, even for root
#   (viii) uid 65534 in supplementary group 4242, range "4242 4242": datagram;
#          without that group: refused, and the message names the range and gid
#          (in 70 other groups: the first 63 of them too)
#
# The socket type is read from -v's "sock4.fd: N (socktype: SOCK_RAW), ..." line.
# The same matrix also runs for a fault (host / address unreachable, in
# faults.sh) and a crafted reply (bad checksum, in crafted.sh): matrix_* in lib.sh.
# Rootless, "uid 65534" is uid 0 of the user namespace without capabilities,
# and (iv), (v), (viii) are skipped.

IT_WANT_REF=1
. "$(dirname "$0")/lib.sh"
lib_init "$@"

net_loopback l
net_standard

# "ROLE TARGET FAMILY" for each destination.
TARGETS=("l 127.0.0.1 4" "l ::1 6" "c $S4 4" "c $S6 6")

# tname TARGET: a file-name-safe label.
tname() { echo "$1" | tr ':.' '__'; }

# expect_works ID WHO-DESC FAMILY SOCKTYPE
expect_works() {
	local id=$1 desc=$2 fam=$3 want=$4 got rc
	rc=$(rc_of "$id")
	if [ "$rc" = 0 ] && grep -q 'bytes from' "$(out_of "$id")"; then
		ok "$desc: replies, exit 0"
	else
		{ echo "exit $rc"; echo "stdout:"; cat "$(out_of "$id")"; echo "stderr:"; cat "$(err_of "$id")"; } > "$T/out/$id.why"
		fail "$desc: replies, exit 0" "$T/out/$id.why"
	fi
	got=$(socktype "$id" "$fam")
	if [ "$got" = "$want" ]; then
		ok "$desc: $want"
	else
		{ echo "wanted socktype $want for sock$fam, -v said '${got:-nothing}'; stderr:"; cat "$(err_of "$id")"; } > "$T/out/$id.why"
		fail "$desc: $want" "$T/out/$id.why"
	fi
}

# expect_refused ID DESC [WORD...] is in lib.sh.

# expect_dropped ID DESC [UID]: the sampled /proc status has no capability
# left (and all four uids equal UID when given).
expect_dropped() {
	local id=$1 desc=$2 uid=${3:-} f v
	for f in CapPrm CapEff; do
		v=$(status_field "$id" "$f")
		if [ "$v" = 0000000000000000 ]; then
			ok "$desc: $f zero during the loop"
		else
			echo "$f: $v" > "$T/out/$id.why"
			fail "$desc: $f zero during the loop" "$T/out/$id.why"
		fi
	done
	if [ -n "$uid" ]; then
		v=$(status_field "$id" Uid)
		if [ "$v" = "$uid $uid $uid $uid" ]; then
			ok "$desc: Uid all $uid during the loop"
		else
			echo "Uid: $v" > "$T/out/$id.why"
			fail "$desc: Uid all $uid during the loop" "$T/out/$id.why"
		fi
	fi
}

# Runs of -c 3 -i 0.5 whose /proc status is read while they loop: started
# together with sample_start, then sample_read reads each one's status (in
# the order started, all still running), then sample_judge waits and judges.
declare -A SAMPLE_PID=() SAMPLE_OK=()
sample_start() {
	local id=$1 who=$2 role=$3 b=$4 target=$5
	pingrun_bg "$id" "$who" "$role" "$b" -c 3 -i 0.5 "$target"
	SAMPLE_PID[$id]=$BG_PID
}
sample_read() {
	if sample_status "$1" "${SAMPLE_PID[$1]}"; then SAMPLE_OK[$1]=1; else SAMPLE_OK[$1]=0; fi
}
# sample_judge ID DESC [UID]
sample_judge() {
	local id=$1 desc=$2 uid=${3:-} pid=${SAMPLE_PID[$1]}
	pingwait "$id" "$pid"
	if [ "${SAMPLE_OK[$id]}" = 1 ]; then
		expect_dropped "$id" "$desc" $uid
	else
		{ echo "could not read /proc/$pid/status during the loop; exit $(rc_of "$id")"
		  cat "$(out_of "$id")" "$(err_of "$id")"; } > "$T/out/$id.why"
		fail "$desc: capabilities during the loop" "$T/out/$id.why"
	fi
}

CAPBIN=
SUIDBIN=
if [ "$REAL_ROOT" = 1 ]; then
	CAPBIN=$(bin_setcap) || fail "make a cap_net_raw+p copy of the binary"
	SUIDBIN=$(bin_setuid) || fail "make a setuid-root copy of the binary"
fi

# ---- ping_group_range closed ("1 0") in l and c ----------------------------

for t in "${TARGETS[@]}"; do
	set -- $t; role=$1 addr=$2 fam=$3 n=$(tname "$2")
	pool "root-closed-$n" root "$role" "$BIN" -v -c 2 -i 0.2 "$addr"
	pool "user-closed-$n" user "$role" "$BIN" -c 1 "$addr"
	if [ -n "$CAPBIN" ]; then
		pool "cap-closed-$n" user "$role" "$CAPBIN" -v -c 2 -i 0.2 "$addr"
	fi
	if [ -n "$SUIDBIN" ]; then
		pool "suid-closed-$n" user "$role" "$SUIDBIN" -v -c 2 -i 0.2 "$addr"
	fi
done
pool "user-closed-v4only" user l "$BIN" -4 -c 1 127.0.0.1
pool "user-closed-v6only" user l "$BIN" -6 -c 1 ::1
pool_wait

for t in "${TARGETS[@]}"; do
	set -- $t; addr=$2 fam=$3 n=$(tname "$2")
	expect_works "root-closed-$n" "(i) root, range closed, $addr" "$fam" SOCK_RAW
	expect_refused "user-closed-$n" "(iii) $U, range closed, $addr"
	if [ -n "$CAPBIN" ]; then
		expect_works "cap-closed-$n" "(iv) uid 65534, cap_net_raw+p copy, range closed, $addr" "$fam" SOCK_RAW
	elif [ "$REAL_ROOT" = 1 ]; then
		fail "(iv) uid 65534, cap_net_raw+p copy, $addr: no copy"
	else
		need_real_root "(iv) uid 65534, cap_net_raw+p copy, range closed, $addr"
	fi
	if [ -n "$SUIDBIN" ]; then
		expect_works "suid-closed-$n" "(v) uid 65534, setuid-root copy, range closed, $addr" "$fam" SOCK_RAW
	elif [ "$REAL_ROOT" = 1 ]; then
		fail "(v) uid 65534, setuid-root copy, $addr: no copy"
	else
		need_real_root "(v) uid 65534, setuid-root copy, range closed, $addr"
	fi
done
expect_refused user-closed-v4only "(iii) $U, range closed, -4 127.0.0.1"
expect_refused user-closed-v6only "(iii) $U, range closed, -6 ::1"

# Capabilities while the echo loop runs (three runs at once).
sample_start root-loop root l "$BIN" 127.0.0.1
[ -n "$CAPBIN" ] && sample_start cap-loop user l "$CAPBIN" 127.0.0.1
[ -n "$SUIDBIN" ] && sample_start suid-loop user c "$SUIDBIN" "$S4"
sample_read root-loop
[ -n "$CAPBIN" ] && sample_read cap-loop
[ -n "$SUIDBIN" ] && sample_read suid-loop
sample_judge root-loop "(vi) root, range closed"
if [ -n "$CAPBIN" ]; then
	sample_judge cap-loop "(iv) uid 65534, cap_net_raw+p copy" 65534
else
	need_real_root "(iv) uid 65534, cap_net_raw+p copy: capabilities during the loop"
fi
if [ -n "$SUIDBIN" ]; then
	sample_judge suid-loop "(v) uid 65534, setuid-root copy" 65534
else
	need_real_root "(v) uid 65534, setuid-root copy: uids and capabilities during the loop"
fi

# ---- groups: range "4242 4242" ---------------------------------------------

if need_real_root "(viii) supplementary group inside the range"; then
	ns_range l 4242 4242
	ns_range c 4242 4242
	pool grp-in-lo user:4242 l "$BIN" -v -c 2 -i 0.2 127.0.0.1
	pool grp-in-s6 user:4242 c "$BIN" -v -c 2 -i 0.2 "$S6"
	pool grp-out-lo user l "$BIN" -c 1 127.0.0.1
	# More groups than the message lists (64): the first ones are listed.
	pool grp-many-lo "user:$(seq -s, 3000 3069)" l "$BIN" -c 1 127.0.0.1
	pool_wait
	expect_works grp-in-lo "(viii) uid 65534 in group 4242, range 4242-4242, 127.0.0.1" 4 SOCK_DGRAM
	expect_works grp-in-s6 "(viii) uid 65534 in group 4242, range 4242-4242, $S6" 6 SOCK_DGRAM
	expect_refused grp-out-lo "(viii) uid 65534 not in group 4242, range 4242-4242, 127.0.0.1" 4242 65534
	expect_refused grp-many-lo "(viii) uid 65534 in 70 groups, none in range 4242-4242, 127.0.0.1" 4242 "65534 3000 3001" 3062
fi

# ---- ping_group_range open ------------------------------------------------

ns_range l $RANGE_OPEN
ns_range c $RANGE_OPEN
for t in "${TARGETS[@]}"; do
	set -- $t; role=$1 addr=$2 n=$(tname "$2")
	pool "user-open-$n" user "$role" "$BIN" -v -c 2 -i 0.2 "$addr"
	pool "root-open-$n" root "$role" "$BIN" -v -c 2 -i 0.2 "$addr"
	[ -n "$CAPBIN" ] && pool "cap-open-$n" user "$role" "$CAPBIN" -v -c 2 -i 0.2 "$addr"
done
pool_wait
for t in "${TARGETS[@]}"; do
	set -- $t; addr=$2 fam=$3 n=$(tname "$2")
	expect_works "user-open-$n" "(ii) $U, range open, $addr" "$fam" SOCK_DGRAM
	expect_works "root-open-$n" "(vii) root, range open, $addr" "$fam" SOCK_DGRAM
	if [ -n "$CAPBIN" ]; then
		expect_works "cap-open-$n" "(iv) uid 65534, cap_net_raw+p copy, range open, $addr" "$fam" SOCK_DGRAM
	fi
done

# ---- a family the kernel lacks, a failure no capability cures --------------
# nofamily.py makes every socket() of one family fail with one errno (a
# kernel booted with ipv6.disable=1 answers EAFNOSUPPORT; a policy, EPERM; a
# process out of descriptors, EMFILE).  A raw socket is tried only where
# iputils tries one (the group range's EACCES, EPROTONOSUPPORT, IPv4's
# EAFNOSUPPORT): otherwise the run ends with iputils' two lines for the
# datagram socket, and no remedy is offered where none applies.
#   (ix)   root, no IPv6: -6 ::1 refused, "SOCK_DGRAM" and the errno;
#          127.0.0.1 pings; -v names the IPv6 socket SOCK_DGRAM
#   (x)    uid 65534, no IPv6: -6 ::1 refused likewise
#   (xi)   root, no IPv6, -6 -N name ::1 (raw only): SOCK_RAW and the
#          errno, no "=> " lines (CAP_NET_RAW would not help)
#   (xii)  root, IPv4 EPERM or EMFILE: no raw socket, the datagram
#          socket's two lines
NOFAM=$IT_DIR/nofamily.py
# "ID|WHO|FAMILY ERRNO|ARGS|STDERR WANTED (\n-separated)|EXIT"
NOFAM_CASES=(
	"nofam-v6-root|root|inet6 EAFNOSUPPORT|-6 -c 1 ::1|ping: socktype: SOCK_DGRAM\nping: socket: Address family not supported by protocol|2"
	"nofam-v6-user|user|inet6 EAFNOSUPPORT|-6 -c 1 ::1|ping: socktype: SOCK_DGRAM\nping: socket: Address family not supported by protocol|2"
	"nofam-v6-rawonly|root|inet6 EAFNOSUPPORT|-6 -N name -c 1 ::1|ping: socktype: SOCK_RAW\nping: socket: Address family not supported by protocol|2"
	"nofam-v4-eperm|root|inet EPERM|-4 -c 1 127.0.0.1|ping: socktype: SOCK_DGRAM\nping: socket: Operation not permitted|2"
	"nofam-v4-emfile|root|inet EMFILE|-4 -c 1 127.0.0.1|ping: socktype: SOCK_DGRAM\nping: socket: Too many open files|2"
)
# The range is still open: the errno comes before any group check.
for c in "${NOFAM_CASES[@]}"; do
	IFS='|' read -r id who fe args _ _ <<< "$c"
	# shellcheck disable=SC2086
	pool "$id" "$who" l "$NOFAM" $fe "$BIN" $args
	# shellcheck disable=SC2086
	[ -n "$REF_BIN" ] && pool "$id-ref" "$who" l "$NOFAM" $fe "$REF_BIN" $args
done
pool nofam-v6-v4run root l "$NOFAM" inet6 EAFNOSUPPORT "$BIN" -v -c 1 127.0.0.1
[ -n "$REF_BIN" ] && pool nofam-v6-v4run-ref root l "$NOFAM" inet6 EAFNOSUPPORT "$REF_BIN" -v -c 1 127.0.0.1
pool_wait
if [ "$(rc_of nofam-v6-root)" = 77 ]; then
	skip "(ix)-(xii) socket failures of a family" "$(cat "$(err_of nofam-v6-root)")"
else
	for c in "${NOFAM_CASES[@]}"; do
		IFS='|' read -r id who fe args want rc <<< "$c"
		desc="(ix-xii) $who, socket($fe), ping $args"
		if [ "$(rc_of "$id")" = "$rc" ] && [ ! -s "$(out_of "$id")" ] &&
		   [ "$(cat "$(err_of "$id")")" = "$(printf '%b' "$want")" ]; then
			ok "$desc: exit $rc, stderr exactly iputils' two lines"
		else
			{ echo "exit $(rc_of "$id"), wanted $rc; stdout:"; cat "$(out_of "$id")"
			  echo "stderr:"; cat "$(err_of "$id")"; echo "wanted:"; printf '%b\n' "$want"; } > "$T/out/$id.why"
			fail "$desc: exit $rc, stderr exactly iputils' two lines" "$T/out/$id.why"
		fi
		if have_ref "$desc"; then
			side_by_side "$id" "$id" "$id-ref" "$desc" --stderr
		fi
	done
	desc="(ix) root, socket(inet6) EAFNOSUPPORT, ping -v -c 1 127.0.0.1"
	e=$(err_of nofam-v6-v4run)
	if [ "$(rc_of nofam-v6-v4run)" = 0 ] && grep -q 'bytes from' "$(out_of nofam-v6-v4run)" &&
	   [ "$(grep -c '^ping: sock\(et\|type\): ' "$e")" = 2 ] &&
	   grep -qx 'ping: socktype: SOCK_DGRAM' "$e" &&
	   grep -qx 'ping: socket: Address family not supported by protocol' "$e" &&
	   grep -q 'sock6.fd: -1 (socktype: SOCK_DGRAM)' "$e"; then
		ok "$desc: pings; -v reports the IPv6 datagram socket's failure and names it SOCK_DGRAM"
	else
		{ echo "exit $(rc_of nofam-v6-v4run)"; cat "$(out_of nofam-v6-v4run)" "$e"; } > "$T/out/nofam-v6-v4run.why"
		fail "$desc: pings; -v reports the IPv6 datagram socket's failure and names it SOCK_DGRAM" "$T/out/nofam-v6-v4run.why"
	fi
	if have_ref "$desc"; then
		grep '^ping: sock' "$e" > "$T/out/nofam-v6-v4run.socks"
		grep '^ping: sock' "$(err_of nofam-v6-v4run-ref)" > "$T/out/nofam-v6-v4run-ref.socks"
		if diff -u "$T/out/nofam-v6-v4run-ref.socks" "$T/out/nofam-v6-v4run.socks" > "$T/out/nofam-v6-v4run.sbsdiff"; then
			ok "$desc: socket lines side by side with iputils $(ref_version)"
		else
			fail "$desc: socket lines side by side with iputils $(ref_version)" "$T/out/nofam-v6-v4run.sbsdiff"
		fi
	fi
fi

# ---- the sockets opened -----------------------------------------------------
# A dotted-quad target resolves to IPv4 alone: no IPv6 socket is opened for
# it (a fair share of a `ping -c 1`), unless -v, whose line names both, as
# iputils' does; a name or an IPv6 target still gets both families' sockets.
# "FAMILIES-WANTED ARGS..." (the families of the ICMP sockets made).
if command -v strace >/dev/null; then
	for c in "4|-c 1 127.0.0.1" "46|-v -c 1 127.0.0.1" "46|-c 1 ::1" "46|-c 1 localhost" "6|-6 -c 1 ::1" \
		 "4|-4 -c 1 localhost"; do
		want=${c%%|*} args=${c#*|}
		# shellcheck disable=SC2086
		nsx l env "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -f -qq -o "$T/out/sockets.trace" -e trace=socket "$BIN" $args \
			> "$T/out/sockets.out" 2>&1
		rc=$?
		got=$( (grep -q 'socket(AF_INET, SOCK_[A-Z]*[|A-Z_]*, IPPROTO_ICMP)' "$T/out/sockets.trace" && echo 4
			grep -q 'socket(AF_INET6, SOCK_[A-Z]*[|A-Z_]*, IPPROTO_ICMPV6)' "$T/out/sockets.trace" && echo 6) | tr -d '\n')
		what="ping $args: ICMP sockets of $(echo "$want" | sed 's/^46$/IPv4 and IPv6/; s/^4$/IPv4 only/; s/^6$/IPv6 only/'), exit 0"
		if [ "$rc" = 0 ] && [ "$got" = "$want" ]; then
			ok "$what"
		else
			{ echo "exit $rc, families '$got'"; cat "$T/out/sockets.trace" "$T/out/sockets.out"; } > "$T/out/sockets.why"
			fail "$what" "$T/out/sockets.why"
		fi
	done
elif [ "${CI:-}" = true ]; then
	fail "strace is installed (CI must have it)"
else
	skip "the sockets opened" "strace not installed"
fi

it_finish
