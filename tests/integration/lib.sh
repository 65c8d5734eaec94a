# shellcheck shell=bash disable=SC2034,SC2016,SC2015
# (SC2034: variables for the test scripts; SC2016: bash -c programs)
# lib.sh: shared library of the pingsock integration tests.
#
# A test script does:
#
#     . "$(dirname "$0")/lib.sh"
#     lib_init "$@"
#     net_standard            # or net_loopback l
#     ...
#     it_finish
#
# Environment:
#   PING               the ping under test (required)
#   PINGSOCK_SRCDIR    source root (default: two levels above this file)
#   PINGSOCK_BUILDDIR  build root, where iputils-ref/ is kept (default: the
#                      directory above PING's)
#   IPUTILS_PING       reference iputils ping for the side-by-side cases
#   CI=true            side-by-side cases fail instead of skipping without a reference
#   IT_JOBS            parallel ping runs inside one test (default 6)
#   IT_KEEP=1          keep the temporary directory (for debugging)
#   IT_NSMODE=holder   force the "nested unshare -n" namespace mode (for debugging)
#
# Every namespace, /etc/netns entry, process and temporary file a test creates
# is removed by an EXIT trap, also when the test fails or is killed.
#
# Traffic stays on loopback or inside the namespaces made here: IPv4 inside
# 198.18.0.0/15, IPv6 inside 2001:db8::/32.  Name resolution inside the
# namespaces uses a hosts file and "hosts: files" only, so no DNS query is
# ever sent (sandbox.sh alone runs a name server of its own, in them).

set -u
set -o pipefail

IT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRCDIR=${PINGSOCK_SRCDIR:-$(cd "$IT_DIR/../.." && pwd)}
GOLDEN_DIR=$SRCDIR/tests/integration/golden
IT_NAME=$(basename "$0" .sh)
IT_JOBS=${IT_JOBS:-6}
IT_RUN_TIMEOUT=${IT_RUN_TIMEOUT:-30}
# shellcheck source=tests/integration/own-etc.sh
. "$IT_DIR/own-etc.sh"

# The standard network.
C4=198.18.1.1            # client
R4C=198.18.1.254         # router, client side
R4S=198.18.2.254         # router, server side
S4=198.18.2.1            # server
S4_LOSSY=198.18.2.2      # server, second address; rules may drop echoes to it
S4_IDN=198.18.2.3        # server, third address; the IDN name
BH4=198.18.3.1           # routed by the router into a blackhole
C6=2001:db8:1::1
R6C=2001:db8:1::fe
R6S=2001:db8:2::fe
S6=2001:db8:2::1
S6_LOSSY=2001:db8:2::2
BH6=2001:db8:3::1
IDN_NAME='bücher.example'
IDN_ACE='xn--bcher-kva.example'

# ---------------------------------------------------------------------------
# Results

IT_N=0
IT_FAILS=0
IT_SKIPS=0

# ok DESCRIPTION
ok() { IT_N=$((IT_N + 1)); echo "ok $IT_N - $*"; }

# fail DESCRIPTION [DETAIL-FILE]: a failed check; the detail file is shown.
fail() {
	IT_N=$((IT_N + 1)); IT_FAILS=$((IT_FAILS + 1))
	echo "not ok $IT_N - $1"
	if [ $# -ge 2 ] && [ -s "$2" ]; then sed 's/^/#   /' "$2"; fi
}

# skip DESCRIPTION REASON: also said on stderr, so a rootless run shows it.
skip() {
	IT_N=$((IT_N + 1)); IT_SKIPS=$((IT_SKIPS + 1))
	echo "ok $IT_N - $1 # SKIP $2"
	echo "$IT_NAME: skipped: $1: $2" >&2
}

# note TEXT: a diagnostic line.
note() { echo "# $*"; }

it_finish() {
	echo "1..$IT_N"
	note "$IT_NAME: $((IT_N - IT_FAILS - IT_SKIPS)) passed, $IT_FAILS failed, $IT_SKIPS skipped"
	if [ "$IT_FAILS" -gt 0 ]; then exit 1; fi
	exit 0
}

# skip_all REASON: the one case where exit 77 is right.
skip_all() {
	echo "1..0 # SKIP $1"
	echo "$IT_NAME: skipped: $1" >&2
	exit 77
}

die() { echo "$IT_NAME: error: $*" >&2; exit 99; }

# ---------------------------------------------------------------------------
# Start-up: rootless re-execution, temporary directory, cleanup

# REAL_ROOT=1 when this is uid 0 of the initial user namespace (identity
# uid map): other uids, setcap and setuid are then available.
_it_real_root() {
	[ "$(id -u)" = 0 ] || return 1
	local a b c
	read -r a b c < /proc/self/uid_map || return 1
	[ "$a" = 0 ] && [ "$b" = 0 ] && [ "$c" = 4294967295 ]
}

lib_init() {
	[ -n "${PING:-}" ] || die "PING is not set (path of the ping under test)"
	case $PING in /*) ;; *) PING=$(cd "$(dirname "$PING")" && pwd)/$(basename "$PING") ;; esac
	[ -x "$PING" ] || die "PING=$PING is not an executable file"
	export PING
	PINGSOCK_BUILDDIR=${PINGSOCK_BUILDDIR:-$(cd "$(dirname "$PING")/.." && pwd)}
	export PINGSOCK_BUILDDIR

	# The reference binary is looked up before leaving the initial network
	# namespace: fetching it may need the network.
	if [ "${IT_WANT_REF:-0}" = 1 ] && [ -z "${IT_REF_DONE:-}" ]; then
		IT_REF=$(bash "$IT_DIR/iputils-ref.sh") || IT_REF=
		export IT_REF IT_REF_DONE=1
	fi

	if [ "$(id -u)" != 0 ]; then
		# Rootless: a user, network and mount namespace with root mapped
		# to us; the test namespaces are made inside it.
		if [ -n "${IT_IN_USERNS:-}" ]; then
			die "still not root inside the user namespace"
		fi
		if ! unshare -rnm true 2>/dev/null; then
			skip_all "no user namespaces (unshare -rnm failed): cannot build a network"
		fi
		export IT_IN_USERNS=1 IT_PRIVMNT=1
		exec unshare -rnm --propagation private bash "$0" "$@"
	fi

	if _it_real_root; then REAL_ROOT=1; else REAL_ROOT=0; fi

	IT_PFX=psit$$
	NSMODE=
	if [ "${IT_NSMODE:-}" != holder ]; then
		if [ "${IT_PRIVMNT:-}" = 1 ] && [ "$REAL_ROOT" = 0 ]; then
			# Our own mount namespace: a private /run/netns.
			mount -t tmpfs -o mode=755 pingsock-it /run/netns 2>/dev/null
		fi
		if ip netns add "${IT_PFX}probe" 2>/dev/null; then
			ip netns del "${IT_PFX}probe"
			NSMODE=ipnetns
		fi
	fi
	if [ -z "$NSMODE" ]; then
		if ! unshare -n true 2>/dev/null; then
			skip_all "network namespaces unavailable (neither 'ip netns add' nor 'unshare -n' works)"
		fi
		NSMODE=holder
		if [ "$REAL_ROOT" = 1 ] && [ -z "${IT_PRIVMNT:-}" ]; then
			# The hosts file is bind-mounted, which needs a mount
			# namespace of our own.
			export IT_PRIVMNT=1
			exec unshare -m --propagation private bash "$0" "$@"
		fi
	fi
	# Where the namespaces' /etc/hosts (and the rest of own-etc.sh) comes
	# from: /etc/netns/<ns>/ (used by "ip netns exec") when we may write
	# there, else bind mounts over /etc in a mount namespace of our own.
	HOSTS_MODE=bind
	if [ "$NSMODE" = ipnetns ] && [ "$REAL_ROOT" = 1 ]; then
		if mkdir -p "/etc/netns/${IT_PFX}probe" 2>/dev/null; then
			rmdir "/etc/netns/${IT_PFX}probe"
			rmdir /etc/netns 2>/dev/null
			HOSTS_MODE=etcnetns
		elif [ -z "${IT_PRIVMNT:-}" ]; then
			export IT_PRIVMNT=1
			exec unshare -m --propagation private bash "$0" "$@"
		fi
	fi

	T=$(mktemp -d "${TMPDIR:-/tmp}/pingsock-it.$IT_NAME.XXXXXX") || die "mktemp failed"
	chmod 755 "$T"	# uid 65534 must reach the copies of the binary
	mkdir -p "$T/out" "$T/bin"
	trap _it_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM HUP

	cp "$PING" "$T/bin/ping" && chmod 755 "$T/bin/ping" || die "cannot copy $PING"
	BIN=$T/bin/ping
	REF_BIN=
	if [ -n "${IT_REF:-}" ] && [ -x "$IT_REF" ]; then
		mkdir -p "$T/ref"
		cp "$IT_REF" "$T/ref/ping" && chmod 755 "$T/ref/ping" && REF_BIN=$T/ref/ping
	fi
	_it_write_etc
	if [ "$HOSTS_MODE" = bind ]; then
		own_etc_bind "$T/etc" || die "cannot bind-mount the hosts file and the rest of $T/etc"
	fi

	if [ "$REAL_ROOT" = 1 ]; then U="uid 65534"; else U="unprivileged (uid 0 of the user namespace, no capabilities)"; fi
	note "$IT_NAME: PING=$PING real_root=$REAL_ROOT nsmode=$NSMODE hosts=$HOSTS_MODE tmp=$T"
	[ "$REAL_ROOT" = 1 ] || note "rootless: cases that need real root (other uids, setcap, setuid) are skipped"
}

declare -A NS_NAME=() NS_PID=()
IT_ROLES=()
IT_BG=()
IT_ETCNETNS=()

# _it_jobs: the pids of this shell's background jobs that still run.  Pids
# come back quickly (pid_max may be 32768 and every run forks several
# processes), so a pid we started once is only signalled while it is
# still one of our jobs: never a stranger that inherited the number.
_it_jobs() { jobs -rp; }

_it_cleanup() {
	local rc=$? p role live
	trap - EXIT INT TERM HUP
	live=$(_it_jobs)	# no pipe: a pipeline's subshell sees no jobs
	live=" ${live//$'\n'/ } "
	for p in "${IT_BG[@]}"; do
		[[ $live == *" $p "* ]] && kill "$p" 2>/dev/null
	done
	for role in "${IT_ROLES[@]}"; do
		if [ "$NSMODE" = ipnetns ]; then
			ip netns del "${NS_NAME[$role]}" 2>/dev/null
		else
			kill "${NS_PID[$role]}" 2>/dev/null
		fi
	done
	for p in "${IT_ETCNETNS[@]}"; do rm -rf "/etc/netns/$p"; done
	if [ "${#IT_ETCNETNS[@]}" -gt 0 ]; then rmdir /etc/netns 2>/dev/null; fi
	if [ "$HOSTS_MODE" = bind ]; then
		for p in $(own_etc_list "$T/etc"); do umount "/etc/$p" 2>/dev/null; done
	fi
	if [ "${IT_KEEP:-0}" = 1 ]; then
		echo "$IT_NAME: kept $T" >&2
	else
		rm -rf "$T"
	fi
	exit "$rc"
}

# The hosts file (names for each family, one name for both after them so
# that reverse lookups find the others, and an IDN name), and own-etc.sh's
# nsswitch.conf (hosts from files only), gai.conf, host.conf, resolv.conf.
_it_write_etc() {
	mkdir -p "$T/etc"
	cat > "$T/etc/hosts" <<EOF
127.0.0.1	localhost
::1	ip6-localhost ip6-loopback
$C4	client4.example
$R4C	router4.example
$R4S	router4-s.example
$S4	server4.example srv4
$S4_LOSSY	lossy4.example
$S4_IDN	$IDN_ACE
$BH4	blackhole4.example
$C6	client6.example
$R6C	router6.example
$R6S	router6-s.example
$S6	server6.example srv6
$S6_LOSSY	lossy6.example
$BH6	blackhole6.example
$S4	dual.example dualalias
$S6	dual.example dualalias
EOF
	chmod 644 "$T/etc/hosts"
	own_etc_write "$T/etc"
}

# ---------------------------------------------------------------------------
# Namespaces

# ns_new ROLE: a new network namespace with lo up, known afterwards by ROLE.
ns_new() {
	local role=$1 name=${IT_PFX}$1 pid self
	[ -z "${NS_NAME[$role]:-}" ] || die "namespace role $role exists"
	if [ "$NSMODE" = ipnetns ]; then
		ip netns add "$name" || die "ip netns add $name failed"
	else
		pid=$(unshare -n -- sleep 86400 </dev/null >/dev/null 2>&1 & echo $!)
		self=$(readlink /proc/self/ns/net)
		local i=0
		while [ "$(readlink "/proc/$pid/ns/net" 2>/dev/null)" = "$self" ] && [ $i -lt 100 ]; do
			sleep 0.01; i=$((i + 1))
		done
		[ -e "/proc/$pid/ns/net" ] || die "namespace holder for $role died"
		NS_PID[$role]=$pid
	fi
	NS_NAME[$role]=$name
	IT_ROLES+=("$role")
	if [ "$HOSTS_MODE" = etcnetns ]; then
		local tries=0
		until mkdir -p "/etc/netns/$name" 2>/dev/null; do
			tries=$((tries + 1)); [ $tries -lt 5 ] || die "cannot create /etc/netns/$name"
		done
		IT_ETCNETNS+=("$name")
		# shellcheck disable=SC2046 # plain file names
		(cd "$T/etc" && cp $(own_etc_list "$T/etc") "/etc/netns/$name/")
	fi
	nsx "$role" ip link set lo up || die "lo up in $role failed"
	# No ICMP rate limits; no duplicate address detection on the links
	# created later (every address is static and unique).
	nsx "$role" sysctl -qw net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0 \
		net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 >/dev/null ||
		die "sysctl in $role failed"
}

# nsx ROLE COMMAND...: run a command in the namespace, as root.
nsx() {
	local role=$1; shift
	if [ "$NSMODE" = ipnetns ]; then
		ip netns exec "${NS_NAME[$role]}" "$@"
	else
		nsenter --net="/proc/${NS_PID[$role]}/ns/net" -- "$@"
	fi
}

# ns_ref ROLE: what "ip link ... netns X" takes for the namespace.
ns_ref() {
	if [ "$NSMODE" = ipnetns ]; then echo "${NS_NAME[$1]}"; else echo "${NS_PID[$1]}"; fi
}

# ns_range ROLE LO HI: set net.ipv4.ping_group_range in the namespace.
# Rootless, only our own gid 0 is mapped: an open range becomes "0 0", and a
# closed one can only be the state a new namespace starts in.
declare -A NS_RANGE_SET=()
ns_range() {
	local role=$1 lo=$2 hi=$3
	if nsx "$role" sh -c "echo '$lo $hi' > /proc/sys/net/ipv4/ping_group_range" 2>/dev/null; then
		NS_RANGE_SET[$role]=1
		return 0
	fi
	if [ "$REAL_ROOT" = 0 ] && [ "$lo" -le 0 ] && [ "$hi" -ge 0 ]; then
		if nsx "$role" sh -c "echo '0 0' > /proc/sys/net/ipv4/ping_group_range"; then
			NS_RANGE_SET[$role]=1
			return 0
		fi
	fi
	if [ "$REAL_ROOT" = 0 ] && [ "$lo" -gt "$hi" ] && [ -z "${NS_RANGE_SET[$role]:-}" ]; then
		return 0	# still the kernel's default "1 0"
	fi
	die "cannot set ping_group_range '$lo $hi' in $role"
}
RANGE_OPEN="0 2147483647"
RANGE_CLOSED="1 0"

# _veth A IFA B IFB MACA MACB: a veth pair between two namespaces.
_veth() {
	nsx "$1" ip link add "$2" address "$5" type veth peer name "$4" address "$6" \
		netns "$(ns_ref "$3")" || die "veth $1/$2 - $3/$4 failed"
	nsx "$1" ip link set "$2" up
	nsx "$3" ip link set "$4" up
}

# _addr ROLE IF ADDR/LEN...
_addr() {
	local role=$1 dev=$2 a; shift 2
	for a in "$@"; do
		case $a in
		*:*) nsx "$role" ip -6 addr add "$a" dev "$dev" nodad ;;
		*) nsx "$role" ip addr add "$a" dev "$dev" ;;
		esac || die "address $a on $role/$dev failed"
	done
}

# _neigh [--router] ROLE IF MAC ADDR...: permanent neighbour entries.
# --router marks the IPv6 ones as a router's: the kernel's route garbage
# collector purges a learnt path MTU through a gateway whose neighbour
# entry lacks that flag, at a moment no test chooses (opt-M-dont6 saw a
# second Packet Too Big).
_neigh() {
	local router=() a
	if [ "$1" = --router ]; then router=(router); shift; fi
	local role=$1 dev=$2 mac=$3; shift 3
	for a in "$@"; do
		case $a in
		*:*) nsx "$role" ip neigh replace "$a" lladdr "$mac" dev "$dev" nud permanent "${router[@]}" ;;
		*) nsx "$role" ip neigh replace "$a" lladdr "$mac" dev "$dev" nud permanent ;;
		esac || die "neighbour $a on $role/$dev failed"
	done
}

MAC_C=02:00:5e:12:01:01
MAC_RC=02:00:5e:12:01:fe
MAC_RS=02:00:5e:12:02:fe
MAC_S=02:00:5e:12:02:01

# net_loopback ROLE: a namespace with nothing but lo (127.0.0.1, ::1).
net_loopback() {
	ns_new "$1"
	ns_range "$1" $RANGE_CLOSED
}

# net_standard: client (c) -- router (r) -- server (s).
#   c eth0 198.18.1.1/24 2001:db8:1::1/64 ... r rc 198.18.1.254 2001:db8:1::fe
#   r rs 198.18.2.254 2001:db8:2::fe ... s eth0 198.18.2.1-3/24 2001:db8:2::1-2/64
# The router forwards, drops 198.18.3.0/24 and 2001:db8:3::/64 silently
# (blackhole routes), and has no ICMP rate limit.  Every neighbour entry is
# static.  ping_group_range is closed everywhere; tests open it as needed.
net_standard() {
	ns_new c; ns_new r; ns_new s
	_veth r rc c eth0 "$MAC_RC" "$MAC_C"
	_veth r rs s eth0 "$MAC_RS" "$MAC_S"
	_addr c eth0 "$C4/24" "$C6/64"
	_addr r rc "$R4C/24" "$R6C/64"
	_addr r rs "$R4S/24" "$R6S/64"
	_addr s eth0 "$S4/24" "$S4_LOSSY/24" "$S4_IDN/24" "$S6/64" "$S6_LOSSY/64"
	_neigh --router c eth0 "$MAC_RC" "$R4C" "$R6C"
	_neigh r rc "$MAC_C" "$C4" "$C6"
	_neigh r rs "$MAC_S" "$S4" "$S4_LOSSY" "$S4_IDN" "$S6" "$S6_LOSSY"
	_neigh --router s eth0 "$MAC_RS" "$R4S" "$R6S"
	nsx c ip route add 198.18.0.0/15 via "$R4C" || die "client route"
	nsx c ip -6 route add 2001:db8::/32 via "$R6C" || die "client route6"
	nsx s ip route add 198.18.0.0/15 via "$R4S" || die "server route"
	nsx s ip -6 route add 2001:db8::/32 via "$R6S" || die "server route6"
	nsx r sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 >/dev/null ||
		die "forwarding"
	nsx r ip route add blackhole 198.18.3.0/24 || die "blackhole route"
	nsx r ip -6 route add blackhole 2001:db8:3::/64 || die "blackhole route6"
	local role
	for role in c r s; do ns_range "$role" $RANGE_CLOSED; done
}

# ns_nft ROLE: load an nftables ruleset from stdin into the namespace.
ns_nft() {
	nsx "$1" nft -f - || die "nft ruleset in $1 failed"
}

# tunpeer_start ID ROLE DEV PLAN: start tunpeer.py (crafted echo replies) in
# the namespace, wait until its TUN device exists, and bring the device up.
# The caller adds addresses and routes.  Its log is $T/out/ID.tunlog; the
# process is stopped by tunpeer_stop ID or, at the latest, by the cleanup.
declare -A TUNPEER_PID=()
tunpeer_start() {
	local id=$1 role=$2 dev=$3 plan=$4 ready=$T/out/$1.ready i=0
	rm -f "$ready"
	as_prefix root "$role"
	"${AS_PREFIX[@]}" python3 "$IT_DIR/tunpeer.py" --dev "$dev" --plan "$plan" \
		--ready-file "$ready" --log "$T/out/$id.tunlog" \
		> "$T/out/$id.tunout" 2>&1 < /dev/null &
	TUNPEER_PID[$id]=$!
	IT_BG+=($!)
	while [ ! -s "$ready" ]; do
		if ! kill -0 "${TUNPEER_PID[$id]}" 2>/dev/null || [ $i -ge 500 ]; then
			cat "$T/out/$id.tunout" >&2
			die "tunpeer $id did not become ready"
		fi
		sleep 0.01; i=$((i + 1))
	done
	nsx "$role" ip link set "$dev" up || die "cannot bring $dev up in $role"
}

tunpeer_stop() {
	local pid=${TUNPEER_PID[$1]:-}
	[ -n "$pid" ] || return 0
	kill -TERM "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	unset "TUNPEER_PID[$1]"
}

# ---------------------------------------------------------------------------
# Identities and binaries

# run_as WHO ROLE COMMAND...: run a command in a namespace as
#   root   uid 0 with its capabilities
#   user   uid/gid 65534, no supplementary groups (rootless: uid 0 of the
#          user namespace with every capability gone, which is what the
#          kernel sees as unprivileged)
#   user:G1,G2  uid/gid 65534 with supplementary groups (real root only)
# with an empty environment apart from PATH and LC_ALL.
run_as() {
	as_prefix "$1" "$2"; shift 2
	"${AS_PREFIX[@]}" "$@"
}

# as_prefix WHO ROLE: the command prefix run_as uses, in the array AS_PREFIX
# (a plain command line, so that "${AS_PREFIX[@]}" cmd & gives cmd's pid).
as_prefix() {
	local who=$1 role=$2
	if [ "$NSMODE" = ipnetns ]; then
		AS_PREFIX=(ip netns exec "${NS_NAME[$role]}")
	else
		AS_PREFIX=(nsenter --net="/proc/${NS_PID[$role]}/ns/net" --)
	fi
	AS_PREFIX+=(env -i "PATH=/usr/sbin:/usr/bin:/sbin:/bin" "LC_ALL=${IT_LC:-C}")
	# IT_RT=1: real-time priority (as real root), for the few cases whose
	# output depends on the reply being read before the next send, however
	# loaded the machine is.
	if [ "${IT_RT:-0}" = 1 ] && [ "$REAL_ROOT" = 1 ]; then
		AS_PREFIX+=(chrt -f 10)
	fi
	case $who in
	root) ;;
	user)
		if [ "$REAL_ROOT" = 1 ]; then
			AS_PREFIX+=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --)
		else
			AS_PREFIX+=(setpriv --inh-caps=-all --ambient-caps=-all --bounding-set=-all --)
		fi ;;
	user:*)
		[ "$REAL_ROOT" = 1 ] || die "run_as $who needs real root"
		AS_PREFIX+=(setpriv --reuid=65534 --regid=65534 "--groups=${who#user:}" --inh-caps=-all --) ;;
	*) die "run_as: unknown identity $who" ;;
	esac
}

# need_real_root DESCRIPTION: false (and a skip recorded) when rootless.
need_real_root() {
	if [ "$REAL_ROOT" = 1 ]; then return 0; fi
	skip "$1" "needs real root (other uids, setcap or setuid); rootless run"
	return 1
}

# bin_setcap: a copy of the binary with cap_net_raw+p; prints its path.
bin_setcap() {
	local d=$T/capbin
	if [ ! -x "$d/ping" ]; then
		mkdir -p "$d" && chmod 755 "$d" && cp "$PING" "$d/ping" && chmod 755 "$d/ping" &&
			setcap cap_net_raw+p "$d/ping" || { echo "setcap failed" >&2; return 1; }
	fi
	echo "$d/ping"
}

# bin_setuid: a setuid-root copy of the binary; prints its path.
bin_setuid() {
	local d=$T/suidbin
	if [ ! -x "$d/ping" ]; then
		mkdir -p "$d" && chmod 755 "$d" && cp "$PING" "$d/ping" &&
			chown 0:0 "$d/ping" && chmod 4755 "$d/ping" || { echo "setuid copy failed" >&2; return 1; }
		if findmnt -n -o OPTIONS --target "$d" 2>/dev/null | grep -qw nosuid; then
			echo "$d is on a nosuid mount; set TMPDIR elsewhere" >&2; return 1
		fi
	fi
	echo "$d/ping"
}

# ---------------------------------------------------------------------------
# Running ping

# The program name in messages is argv[0] as invoked: every run below uses
# bash's "exec -a ping", so it is always "ping".

# pingrun ID WHO ROLE BINARY ARGS...: run to completion; leaves
# $T/out/ID.out, ID.err, ID.rc, and ID.ms (wall-clock milliseconds of the
# whole run, namespace entry included).  A hang is cut by a timeout (exit 124).
# With IT_PIPE=1 stdout goes through a pipe (cat) instead of straight to
# the file, as in "ping -f ... | less".
pingrun() {
	local id=$1 who=$2 role=$3 b=$4 t0 t1; shift 4
	t0=$(date +%s%N)
	if [ "${IT_PIPE:-0}" = 1 ]; then
		run_as "$who" "$role" timeout -k 2 "$IT_RUN_TIMEOUT" \
			bash -c 'exec -a ping "$0" "$@"' "$b" "$@" \
			2> "$T/out/$id.err" < /dev/null | cat > "$T/out/$id.out"
		echo "${PIPESTATUS[0]}" > "$T/out/$id.rc"
	else
		run_as "$who" "$role" timeout -k 2 "$IT_RUN_TIMEOUT" \
			bash -c 'exec -a ping "$0" "$@"' "$b" "$@" \
			> "$T/out/$id.out" 2> "$T/out/$id.err" < /dev/null
		echo $? > "$T/out/$id.rc"
	fi
	t1=$(date +%s%N)
	echo $(( (t1 - t0) / 1000000 )) > "$T/out/$id.ms"
}

# pingrun_bg ID WHO ROLE BINARY ARGS...: start in the background with no
# wrapper process, so BG_PID is the ping itself; collect with pingwait ID.
pingrun_bg() {
	local id=$1 who=$2 role=$3 b=$4; shift 4
	as_prefix "$who" "$role"
	"${AS_PREFIX[@]}" bash -c 'exec -a ping "$0" "$@"' "$b" "$@" \
		> "$T/out/$id.out" 2> "$T/out/$id.err" < /dev/null &
	BG_PID=$!
	IT_BG+=("$BG_PID")
}

# pingwait ID PID
pingwait() {
	wait "$2"
	echo $? > "$T/out/$1.rc"
}

# pool ARGS...: run "pingrun ARGS..." in the background, at most IT_JOBS at
# once; pool_wait waits for all of them.
IT_POOL=()
pool() {
	local p live running
	while :; do
		live=()
		running=$(_it_jobs)
		running=" ${running//$'\n'/ } "
		for p in "${IT_POOL[@]}"; do [[ $running == *" $p "* ]] && live+=("$p"); done
		IT_POOL=("${live[@]}")
		[ "${#IT_POOL[@]}" -ge "$IT_JOBS" ] || break
		wait -n "${IT_POOL[@]}" 2>/dev/null || sleep 0.05
	done
	pingrun "$@" &
	IT_POOL+=($!)
	IT_BG+=($!)
}
pool_wait() {
	local p
	for p in "${IT_POOL[@]}"; do wait "$p"; done
	IT_POOL=()
}

rc_of() { cat "$T/out/$1.rc"; }
ms_of() { cat "$T/out/$1.ms" 2>/dev/null || echo 0; }
out_of() { echo "$T/out/$1.out"; }
err_of() { echo "$T/out/$1.err"; }

# socktype ID FAMILY: the socket type our -v line reports for a family
# (4 or 6): "ping: sock4.fd: 3 (socktype: SOCK_RAW), sock6.fd: 4 (...), ..."
socktype() {
	sed -n -E "s/.*sock$2\.fd: -?[0-9]+ \(socktype: ([A-Z_0-9]+)\).*/\1/p" "$T/out/$1.err" | head -n 1
}

# proc_field PID FIELD: a line of /proc/PID/status without its name.
proc_field() {
	sed -n -E "s/^$2:[[:space:]]*//p" "/proc/$1/status" 2>/dev/null | tr -s '\t ' ' '
}

# sample_status ID PID: once the run has printed its first reply (so setup is
# over and the echo loop runs), copy /proc/PID/status to $T/out/ID.status.
# Fails if the process ended before that.
sample_status() {
	local id=$1 pid=$2 i=0
	while [ $i -lt 300 ]; do
		grep -q 'bytes from' "$T/out/$id.out" 2>/dev/null && break
		kill -0 "$pid" 2>/dev/null || return 1
		sleep 0.01; i=$((i + 1))
	done
	sleep 0.05
	[ "$(cat "/proc/$pid/comm" 2>/dev/null)" = ping ] || return 1
	cat "/proc/$pid/status" > "$T/out/$id.status" 2>/dev/null || return 1
	kill -0 "$pid" 2>/dev/null
}

# status_field ID FIELD: from the sampled status.
status_field() {
	sed -n -E "s/^$2:[[:space:]]*//p" "$T/out/$1.status" | tr -s '\t ' ' ' | sed 's/ $//'
}

# ---------------------------------------------------------------------------
# Masking and goldens

# -v's dump of a quoted IPv4 header: the request's IP ID and checksum are
# the kernel's, different each run.
MASK_IPDUMP='s/^( [0-9a-f]  [0-9a-f]  [0-9a-f]{2} [0-9a-f]{4}) [0-9a-f]{4}(   [0-7] [0-9a-f]{4}  [0-9a-f]{2}  [0-9a-f]{2}) [0-9a-f]{4} /\1 IDID\2 CKSM /'

# mask_times [--shape] < in > out: every figure that depends on the clock,
# and the wrong-data dump's bytes 16..23, which hold the run's random
# authentication code (iputils has fill bytes there; both are masked).
# --shape keeps the digit layout (time=20.8 -> time=NN.N) for cases whose
# delays are controlled.
mask_times() {
	if [ "${1:-}" = --shape ]; then
		sed -E \
			-e 's/^(#16\t)([0-9a-f]+ ){8}/\1C C C C C C C C /' \
			-e 's/^\[[0-9]+\.[0-9]+\] /[TS] /' \
			-e ':a;s/( time=[N.]*)[0-9]/\1N/;ta' \
			-e 's/, time [0-9]+ms/, time Xms/' \
			-e 's#^(rtt min/avg/max/mdev = )-?[0-9.]+/-?[0-9.]+/-?[0-9.]+/-?[0-9.]+ ms#\1X/X/X/X ms#' \
			-e 's#ipg/ewma -?[0-9.]+/-?[0-9.]+ ms#ipg/ewma X/X ms#' \
			-e 's/ ident=[0-9]+/ ident=X/' \
			-e "$MASK_IPDUMP"
		return
	fi
	sed -E \
		-e 's/^(#16\t)([0-9a-f]+ ){8}/\1C C C C C C C C /' \
		-e 's/^\[[0-9]+\.[0-9]+\] /[TS] /' \
		-e 's/ time=-?[0-9]+(\.[0-9]+)? ms/ time=X ms/g' \
		-e 's/, time [0-9]+ms/, time Xms/' \
		-e 's#^(rtt min/avg/max/mdev = )-?[0-9.]+/-?[0-9.]+/-?[0-9.]+/-?[0-9.]+ ms#\1X/X/X/X ms#' \
		-e 's#ipg/ewma -?[0-9.]+/-?[0-9.]+ ms#ipg/ewma X/X ms#' \
		-e 's/ ident=[0-9]+/ ident=X/' \
		-e "$MASK_IPDUMP"
}

# render ID [--stderr1|--stderr] [--shape]: what a golden holds: masked
# stdout, the first line of stderr (--stderr1) or every line of it, each as
# "[stderr] LINE" (--stderr), when asked, the exit status.
render() {
	local id=$1 want_err=0 shape=; shift
	while [ $# -gt 0 ]; do
		case $1 in --stderr1) want_err=1 ;; --stderr) want_err=2 ;; --shape) shape=--shape ;; esac; shift
	done
	local o=$T/out/$id.out
	mask_times $shape < "$o"
	if [ -s "$o" ] && [ -n "$(tail -c 1 "$o")" ]; then
		echo; echo "[no newline at end of stdout]"
	fi
	if [ "$want_err" = 2 ]; then
		if [ -s "$T/out/$id.err" ]; then
			sed 's/^/[stderr] /' "$T/out/$id.err"
			if [ -n "$(tail -c 1 "$T/out/$id.err")" ]; then
				echo; echo "[no newline at end of stderr]"
			fi
		else
			echo "[stderr] (none)"
		fi
	elif [ "$want_err" = 1 ]; then
		if [ -s "$T/out/$id.err" ]; then
			local l; l=$(head -n 1 "$T/out/$id.err")
			if [ -n "$l" ]; then echo "[stderr1] $l"; else echo "[stderr1]"; fi
		else
			echo "[stderr1] (none)"
		fi
	fi
	echo "[exit $(rc_of "$id")]"
}

# golden CASE ID DESCRIPTION [render options]: compare with golden/CASE.
golden() {
	local name=$1 g=$GOLDEN_DIR/$1 id=$2 desc=$3; shift 3
	render "$id" "$@" > "$T/out/$id.render"
	if [ ! -f "$g" ]; then
		echo "missing golden file $g; actual:" > "$T/out/$id.diff"
		cat "$T/out/$id.render" >> "$T/out/$id.diff"
		fail "$desc: golden $name" "$T/out/$id.diff"
	elif diff -u --label "golden/$name" --label "actual" "$g" "$T/out/$id.render" > "$T/out/$id.diff"; then
		ok "$desc: golden $name"
	else
		fail "$desc: golden $name" "$T/out/$id.diff"
	fi
}

# stderr_empty ID DESCRIPTION
stderr_empty() {
	if [ -s "$T/out/$1.err" ]; then fail "$2: stderr empty" "$T/out/$1.err"; else ok "$2: stderr empty"; fi
}

# ---------------------------------------------------------------------------
# Side by side with the reference iputils

. "$IT_DIR/known-differences.sh"

# have_ref DESCRIPTION: true when a reference binary is available; otherwise
# records a skip, or a failure on CI (CI=true).
have_ref() {
	[ -n "$REF_BIN" ] && return 0
	if [ "${CI:-}" = true ]; then
		fail "$1: side by side (no reference iputils ping on CI; see iputils-ref.sh)"
	else
		skip "$1: side by side" "no reference iputils ping (set IPUTILS_PING or allow apt-get download)"
	fi
	return 1
}

# side_by_side CASE OURS-ID REF-ID DESCRIPTION [render options]: compare the
# renderings after the known differences are normalised.
side_by_side() {
	local case=$1 ours=$2 ref=$3 desc=$4; shift 4
	local why
	if why=$(kd_incomparable "$case"); then
		# Not a skipped check: there is deliberately nothing to compare.
		note "$desc: not compared side by side, known difference ${why%%:*}"
		return
	fi
	render "$ours" "$@" | kd_normalise "$case" ours > "$T/out/$ours.sbs"
	render "$ref" "$@" | kd_normalise "$case" ref > "$T/out/$ref.sbs"
	if diff -u --label "iputils $(ref_version)" --label "ours" \
		"$T/out/$ref.sbs" "$T/out/$ours.sbs" > "$T/out/$ours.sbsdiff"; then
		ok "$desc: side by side with iputils $(ref_version)"
	else
		fail "$desc: side by side with iputils $(ref_version)" "$T/out/$ours.sbsdiff"
	fi
}

IT_REF_VERSION=
ref_version() {
	if [ -z "$IT_REF_VERSION" ] && [ -n "$REF_BIN" ]; then
		IT_REF_VERSION=$("$REF_BIN" -V 2>/dev/null | sed -n -E 's/.*iputils[- ]s?([0-9]+).*/\1/p' | head -n 1)
		[ -n "$IT_REF_VERSION" ] || IT_REF_VERSION=unknown
	fi
	echo "$IT_REF_VERSION"
}

# ---------------------------------------------------------------------------
# More addresses behind the server, and TUN peers

# net_far: on top of net_standard, the router routes 198.18.4.0/22 and
# 2001:db8:4::/48 to the server, where far_addrs puts addresses on lo (the
# kernel here has no dummy interfaces).  far4 N / far6 N (N = 1..254) name
# them: 198.18.4.N and 2001:db8:4::<N in hex>.
net_far() {
	nsx r ip route add 198.18.4.0/22 via "$S4" || die "route to the far addresses"
	nsx r ip -6 route add 2001:db8:4::/48 via "$S6" || die "route6 to the far addresses"
}
far4() { echo "198.18.4.$1"; }
far6() { printf '2001:db8:4::%x\n' "$1"; }

# far_addrs ADDR...: add the addresses to the server's lo, in one batch.
far_addrs() {
	local a f=$T/out/far-addrs.$$.$RANDOM
	: > "$f"
	for a in "$@"; do
		case $a in
		*:*) echo "addr add $a/128 dev lo nodad" ;;
		*) echo "addr add $a/32 dev lo" ;;
		esac >> "$f"
	done
	nsx s ip -batch "$f" || die "far addresses on the server"
	rm -f "$f"
}

# net_tun: on top of net_standard, the router routes 198.18.32.0/19 and
# 2001:db8:20::/48 to the server, which forwards them to TUN peers.  Scenario
# K (0..31) owns 198.18.(32+K).0/24 and 2001:db8:20:<K hex>::/64; tun4 K [H]
# and tun6 K [H] name host H (default 1) there.
net_tun() {
	nsx r ip route add 198.18.32.0/19 via "$S4" || die "route to the TUN peers"
	nsx r ip -6 route add 2001:db8:20::/48 via "$S6" || die "route6 to the TUN peers"
	# Replies come back in from the TUN devices and are forwarded.
	nsx s sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 \
		net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0 \
		net.ipv4.conf.all.accept_redirects=0 >/dev/null || die "server forwarding"
	# Redirects from a TUN peer reach the client as packets; the client
	# never acts on them (they do not come from its gateway anyway).
	nsx c sysctl -qw net.ipv4.conf.all.accept_redirects=0 \
		net.ipv4.conf.default.accept_redirects=0 >/dev/null || die "client redirects"
}
tun4() { echo "198.18.$((32 + $1)).${2:-1}"; }
tun6() {
	if [ "$1" = 0 ]; then printf '2001:db8:20::%x\n' "${2:-1}"; else printf '2001:db8:20:%x::%x\n' "$1" "${2:-1}"; fi
}

# tun_scenario K PLAN: start tunpeer.py with PLAN on device tpK in the
# server, answering for scenario K's prefixes.
tun_scenario() {
	local k=$1 plan=$2 dev=tp$1
	tunpeer_start "tun$k" s "$dev" "$plan"
	nsx s sysctl -qw "net.ipv4.conf.$dev.rp_filter=0" >/dev/null
	nsx s ip route add "198.18.$((32 + k)).0/24" dev "$dev" || die "route to $dev"
	nsx s ip -6 route add "$(printf '2001:db8:20:%x::/64' "$k")" dev "$dev" || die "route6 to $dev"
}

# ---------------------------------------------------------------------------
# Case tables
#
# A script fills CASES with "NAME|FLAGS|ARGUMENTS" (NAME names the golden
# file, ARGUMENTS are ping's, split on blanks), then for each pass calls
# cases_run WHO and cases_judge WHO LABEL.  Runs are in the client "c".
# FLAGS:
#   e  the golden holds stderr's first line (otherwise stderr must be empty)
#   a  the golden holds all of stderr, one "[stderr] LINE" each
#   E  stderr is neither in the golden nor checked
#   p  stdout is a pipe, not a file (flood output, byte for byte)
#   s  times masked with --shape (their digit layout is kept)
#   k  one golden per socket kind: NAME.raw for root, NAME.dgram for user
#   x  run alone, after the others, each run preceded by the script's hook
#      case_before NAME WHO ID (to reset state such as PMTU caches)
#   u  LC_ALL=C.UTF-8
#   J  no -j run (every other case also runs with -j, checked by json_check)
#   f  with x: real-time priority (chrt -f, as real root), for output that
#      depends on each reply being read before the next send (-f -i 0.002)
# After the golden and the side-by-side comparison, the script's hook
# case_check NAME WHO ID DESC (if defined) makes extra checks.

CASES=()

# _case_ref NAME WHO: whether the reference runs this case too.
_case_ref() {
	[ -n "$REF_BIN" ] && ! kd_incomparable "$1@$2" >/dev/null
}

# _case_json FLAGS ARGS: whether a case also runs with -j: not with flag J
# (a case whose checks count its packets on the wire), not for -h, -V and
# -N help, which print help rather than run, and not in the sanitized
# build's second pass (PINGSOCK_SANITIZED=1), which is slow enough already.
_case_json() {
	[ "${PINGSOCK_SANITIZED:-0}" != 1 ] && [[ $1 != *J* ]] &&
		[[ " $2 " != *" -V "* ]] && [[ " $2 " != *" -h "* ]] && [[ " $2 " != *" -N help "* ]]
}

# json_check ID-TEXT ID-JSON ARGS DESC: the -j run of a case is valid JSON
# (ID-TEXT "-": no text run to compare with)
# lines against the shipped schema, with no stderr, and agrees with the
# text run (jsoncheck.py).  Debian's python3 carries python3-jsonschema.
json_check() {
	local text=$1 json=$2 args=$3 desc=$4 py=python3 tout=- trc=-
	[ -x /usr/bin/python3 ] && py=/usr/bin/python3
	[ "$text" = - ] || { tout=$T/out/$text.out; trc=$T/out/$text.rc; }
	if "$py" "$IT_DIR/jsoncheck.py" "$SRCDIR/data/ping-json.schema.json" "$args" \
		"$T/out/$json.out" "$T/out/$json.err" "$T/out/$json.rc" \
		"$tout" "$trc" > "$T/out/$json.why" 2>&1; then
		ok "$desc: -j valid and consistent"
	else
		{ cat "$T/out/$json.why"; echo "--- -j output:"; head -c 3000 "$T/out/$json.out";
		  echo "--- -j stderr:"; head -c 1000 "$T/out/$json.err"; } > "$T/out/$json.why2"
		fail "$desc: -j valid and consistent" "$T/out/$json.why2"
	fi
}

# cases_run WHO: every case of CASES, ours and the reference.
cases_run() {
	local who=$1 c name flags args lc pipe rt excl=()
	for c in "${CASES[@]}"; do
		IFS='|' read -r name flags args <<< "$c"
		if [[ $flags == *x* ]]; then excl+=("$c"); continue; fi
		lc=C; [[ $flags == *u* ]] && lc=C.UTF-8
		pipe=0; [[ $flags == *p* ]] && pipe=1
		# shellcheck disable=SC2086
		IT_LC=$lc IT_PIPE=$pipe pool "$who-$name" "$who" c "$BIN" $args
		if _case_json "$flags" "$args"; then
			# shellcheck disable=SC2086
			IT_LC=$lc IT_PIPE=$pipe pool "$who-$name-json" "$who" c "$BIN" -j $args
		fi
		if _case_ref "$name" "$who"; then
			# shellcheck disable=SC2086
			IT_LC=$lc IT_PIPE=$pipe pool "$who-$name-ref" "$who" c "$REF_BIN" $args
		fi
	done
	pool_wait
	for c in "${excl[@]}"; do
		IFS='|' read -r name flags args <<< "$c"
		lc=C; [[ $flags == *u* ]] && lc=C.UTF-8
		pipe=0; [[ $flags == *p* ]] && pipe=1
		rt=0; [[ $flags == *f* ]] && rt=1
		case_before "$name" "$who" "$who-$name"
		# shellcheck disable=SC2086
		IT_LC=$lc IT_PIPE=$pipe IT_RT=$rt pingrun "$who-$name" "$who" c "$BIN" $args
		if _case_json "$flags" "$args"; then
			case_before "$name" "$who" "$who-$name-json"
			# shellcheck disable=SC2086
			IT_LC=$lc IT_PIPE=$pipe IT_RT=$rt pingrun "$who-$name-json" "$who" c "$BIN" -j $args
		fi
		if _case_ref "$name" "$who"; then
			case_before "$name" "$who" "$who-$name-ref"
			# shellcheck disable=SC2086
			IT_LC=$lc IT_PIPE=$pipe IT_RT=$rt pingrun "$who-$name-ref" "$who" c "$REF_BIN" $args
		fi
	done
}

# case_golden NAME FLAGS WHO: the golden file's name for a case.
case_golden() {
	if [[ $2 == *k* ]]; then
		if [ "$3" = root ]; then echo "$1.raw"; else echo "$1.dgram"; fi
	else
		echo "$1"
	fi
}

# case_opts FLAGS: render options, in the array CASE_OPTS.
case_opts() {
	CASE_OPTS=()
	[[ $1 == *e* ]] && CASE_OPTS+=(--stderr1)
	[[ $1 == *a* ]] && CASE_OPTS+=(--stderr)
	[[ $1 == *s* ]] && CASE_OPTS+=(--shape)
	return 0
}

# cases_judge WHO LABEL
cases_judge() {
	local who=$1 label=$2 c name flags args desc sbs=1
	if ! have_ref "${label%:}"; then sbs=0; fi
	for c in "${CASES[@]}"; do
		IFS='|' read -r name flags args <<< "$c"
		desc="$label $name (ping $args)"
		case_opts "$flags"
		golden "$(case_golden "$name" "$flags" "$who")" "$who-$name" "$desc" "${CASE_OPTS[@]}"
		[[ $flags == *[eEa]* ]] || stderr_empty "$who-$name" "$desc"
		if _case_json "$flags" "$args"; then
			json_check "$who-$name" "$who-$name-json" "$args" "$desc"
		fi
		if [ "$sbs" = 1 ]; then
			side_by_side "$name@$who" "$who-$name" "$who-$name-ref" "$desc" "${CASE_OPTS[@]}"
		fi
		if declare -F case_check > /dev/null; then
			case_check "$name" "$who" "$who-$name" "$desc"
		fi
	done
}

# ---------------------------------------------------------------------------
# Checks shared by the scripts

# check_socktype ID DESC FAMILY SOCKTYPE: what -v said about the socket.
check_socktype() {
	local id=$1 desc=$2 fam=$3 want=$4 got
	got=$(socktype "$id" "$fam")
	if [ "$got" = "$want" ]; then
		ok "$desc: $want"
	else
		{ echo "wanted socktype $want for sock$fam, -v said '${got:-nothing}'; exit $(rc_of "$id"); stderr:"
		  cat "$(err_of "$id")"; } > "$T/out/$id.why"
		fail "$desc: $want" "$T/out/$id.why"
	fi
}

# expect_refused ID DESC [WORD...]: the refusal: exit 2, nothing on stdout,
# iputils' first two stderr lines, then "=> " lines that name
# ping_group_range, cap_net_raw and each WORD.
expect_refused() {
	local id=$1 desc=$2 e rc l1 l2 hints w why; shift 2
	e=$(err_of "$id"); rc=$(rc_of "$id"); why=$T/out/$id.why
	: > "$why"
	if [ "$rc" != 2 ]; then echo "exit $rc, wanted 2" >> "$why"; fi
	if [ -s "$(out_of "$id")" ]; then
		{ echo "stdout not empty:"; cat "$(out_of "$id")"; } >> "$why"
	fi
	l1=$(sed -n 1p "$e"); l2=$(sed -n 2p "$e")
	if [ "$l1" != "ping: socktype: SOCK_RAW" ]; then echo "stderr line 1: '$l1'" >> "$why"; fi
	if [ "$l2" != "ping: socket: Operation not permitted" ]; then echo "stderr line 2: '$l2'" >> "$why"; fi
	hints=$(sed -n '3,$p' "$e" | grep -E '^(ping: )?=> ')
	if [ -z "$hints" ]; then echo "no '=> ' lines after the first two" >> "$why"; fi
	for w in ping_group_range cap_net_raw "$@"; do
		if ! grep -q -- "$w" <<< "$hints"; then
			echo "the '=> ' lines do not mention '$w'" >> "$why"
		fi
	done
	if [ ! -s "$why" ]; then
		ok "$desc: refused with exit 2 and the explanation"
	else
		{ echo "stderr was:"; cat "$e"; } >> "$why"
		fail "$desc: refused with exit 2 and the explanation" "$why"
	fi
}

# check_elapsed ID DESC MIN_MS MAX_MS: the run's wall-clock time.
check_elapsed() {
	local id=$1 desc=$2 lo=$3 hi=$4 ms
	ms=$(ms_of "$id")
	if [ "$ms" -ge "$lo" ] && [ "$ms" -le "$hi" ]; then
		ok "$desc: took ${lo}..${hi} ms"
	else
		echo "took $ms ms, wanted $lo..$hi" > "$T/out/$id.why"
		fail "$desc: took ${lo}..${hi} ms" "$T/out/$id.why"
	fi
}

# ---------------------------------------------------------------------------
# The privilege matrix for one scenario
#
# Besides root with ping_group_range closed (raw socket) and uid 65534 with it
# open (datagram socket), a scenario runs as uid 65534 with the range closed
# (refused), as uid 65534 through a cap_net_raw+p copy and through a
# setuid-root copy (both raw).  Every run but the refused one has -v, so the
# socket type actually used is checked.
#
#   matrix_closed NAME ROLE ARGS...    queue the range-closed runs (pool)
#   matrix_closed_judge NAME FAMILY GOLDEN [render options]
#   matrix_open NAME ROLE ARGS...      queue the range-open run (pool)
#   matrix_open_judge NAME FAMILY GOLDEN [render options]
# GOLDEN is what the raw runs (closed) or the datagram run (open) must print.

PM_CAPBIN=
PM_SUIDBIN=
PM_BINS_DONE=0
_pm_bins() {
	[ "$PM_BINS_DONE" = 1 ] && return 0
	PM_BINS_DONE=1
	if [ "$REAL_ROOT" = 1 ]; then
		PM_CAPBIN=$(bin_setcap) || fail "make a cap_net_raw+p copy of the binary"
		PM_SUIDBIN=$(bin_setuid) || fail "make a setuid-root copy of the binary"
	fi
}

matrix_closed() {
	local name=$1 role=$2; shift 2
	_pm_bins
	pool "pm-$name-root" root "$role" "$BIN" -v "$@"
	pool "pm-$name-refused" user "$role" "$BIN" "$@"
	[ -n "$PM_CAPBIN" ] && pool "pm-$name-cap" user "$role" "$PM_CAPBIN" -v "$@"
	[ -n "$PM_SUIDBIN" ] && pool "pm-$name-suid" user "$role" "$PM_SUIDBIN" -v "$@"
	return 0
}

matrix_closed_judge() {
	local name=$1 fam=$2 g=$3 d; shift 3
	d="matrix $name: root, range closed"
	golden "$g" "pm-$name-root" "$d" "$@"
	check_socktype "pm-$name-root" "$d" "$fam" SOCK_RAW
	expect_refused "pm-$name-refused" "matrix $name: $U, range closed"
	d="matrix $name: uid 65534, cap_net_raw+p copy, range closed"
	if [ -n "$PM_CAPBIN" ]; then
		golden "$g" "pm-$name-cap" "$d" "$@"
		check_socktype "pm-$name-cap" "$d" "$fam" SOCK_RAW
	elif [ "$REAL_ROOT" = 1 ]; then
		fail "$d: no copy"
	else
		need_real_root "$d"
	fi
	d="matrix $name: uid 65534, setuid-root copy, range closed"
	if [ -n "$PM_SUIDBIN" ]; then
		golden "$g" "pm-$name-suid" "$d" "$@"
		check_socktype "pm-$name-suid" "$d" "$fam" SOCK_RAW
	elif [ "$REAL_ROOT" = 1 ]; then
		fail "$d: no copy"
	else
		need_real_root "$d"
	fi
}

matrix_open() {
	local name=$1 role=$2; shift 2
	pool "pm-$name-user" user "$role" "$BIN" -v "$@"
}

matrix_open_judge() {
	local name=$1 fam=$2 g=$3 d; shift 3
	d="matrix $name: $U, range open"
	golden "$g" "pm-$name-user" "$d" "$@"
	check_socktype "pm-$name-user" "$d" "$fam" SOCK_DGRAM
}
