#!/bin/bash
# sandbox.sh: the sandbox a run enters after set-up (ping/sys/sandbox.c).
#
# - /proc/PID/status during the echo loop shows NoNewPrivs 1 and Seccomp 2
#   for both socket kinds (root: raw, range closed; uid 65534: datagram,
#   range open), both families, with -n (the strict filter) and with
#   replier names looked up (the wider one), and with flood, -D, -O, -j.
# - Forbidden calls made inside a sandboxed run never execute: the test
#   build ping-probe (the same program with a hook that makes the call
#   named by PINGSOCK_PROBE right after the sandbox is entered) is ended
#   with the message naming the call and status 2, and what the call would
#   have made does not exist; Landlock alone (PINGSOCK_PROBE_NO_SECCOMP)
#   refuses a write and a read outside the resolver's files; allowed calls
#   work and the run goes on to its replies.
# - Replier names through a real name server: dnsmasq in the server
#   namespace answers A, AAAA and PTR queries, the client's resolv.conf
#   (/etc/netns/NAME/) points at it with "hosts: files dns"; the names
#   appear in the reply lines, under the lookup filter.

. "$(dirname "$0")/lib.sh"
lib_init "$@"

PROBE=${PING_PROBE:-${PINGSOCK_BUILDDIR}/ping/ping-probe}
[ -x "$PROBE" ] || die "no test build of ping at $PROBE (PING_PROBE)"
cp "$PROBE" "$T/bin/ping-probe" && chmod 755 "$T/bin/ping-probe" || die "cannot copy $PROBE"
PROBE=$T/bin/ping-probe

net_standard
ns_range c $RANGE_OPEN

# The four ways of pinging: who, the socket they get, the server's address.
WAYS=("root raw 4 $S4" "user dgram 4 $S4" "root raw 6 $S6" "user dgram 6 $S6")

# expect_sandboxed ID DESC: the sampled status has NoNewPrivs 1 and Seccomp 2,
# and the run ended with its replies (status 0).
expect_sandboxed() {
	local id=$1 desc=$2 nnp sc
	nnp=$(status_field "$id" NoNewPrivs)
	sc=$(status_field "$id" Seccomp)
	if [ "$nnp" = 1 ] && [ "$sc" = 2 ]; then
		ok "$desc: NoNewPrivs 1, Seccomp 2 during the loop"
	else
		echo "NoNewPrivs: '$nnp' Seccomp: '$sc'" > "$T/out/$id.why"
		fail "$desc: NoNewPrivs 1, Seccomp 2 during the loop" "$T/out/$id.why"
	fi
	if [ "$(rc_of "$id")" = 0 ] && ! grep -q 'sandbox' "$(err_of "$id")"; then
		ok "$desc: replies, exit 0, nothing refused"
	else
		{ echo "exit $(rc_of "$id")"; cat "$(out_of "$id")" "$(err_of "$id")"; } > "$T/out/$id.why"
		fail "$desc: replies, exit 0, nothing refused" "$T/out/$id.why"
	fi
}

# expect_named ID DESC NAME ADDR: the reply lines show "from NAME (ADDR)".
expect_named() {
	if grep -q "from $3 ($4)" "$(out_of "$1")"; then
		ok "$2"
	else
		{ echo "exit $(rc_of "$1")"; cat "$(out_of "$1")" "$(err_of "$1")"; } > "$T/out/$1.why"
		fail "$2" "$T/out/$1.why"
	fi
}

# sampled ID WHO ARGS...: a run of -c 3 -i 0.5 whose status is read once the
# first reply is out (for -j, the first reply object; for -q and -f, after half
# a second).
sampled() {
	local id=$1 who=$2 pid i=0; shift 2
	pingrun_bg "$id" "$who" c "$BIN" "$@"
	pid=$BG_PID
	case " $* " in
	*" -q "* | *" -f "*) sleep 0.5 ;;
	*) while [ $i -lt 300 ] && ! grep -q 'bytes from\|"type":"reply"' "$T/out/$id.out" 2>/dev/null; do
		sleep 0.01; i=$((i + 1))
	   done ;;
	esac
	cat "/proc/$pid/status" > "$T/out/$id.status" 2>/dev/null
	pingwait "$id" "$pid"
}

for w in "${WAYS[@]}"; do
	set -- $w; who=$1 kind=$2 fam=$3 addr=$4
	name=server$fam.example
	sampled "num-$kind$fam" "$who" -c 3 -i 0.5 -n "$addr"
	expect_sandboxed "num-$kind$fam" "$who ($kind), IPv$fam, -n $addr"
	sampled "name-$kind$fam" "$who" -c 3 -i 0.5 "$name"
	expect_sandboxed "name-$kind$fam" "$who ($kind), IPv$fam, $name (names looked up)"
	expect_named "name-$kind$fam" "$who ($kind), IPv$fam: the replier's name looked up under the sandbox" "$name" "$addr"
	sampled "opts-$kind$fam" "$who" -c 3 -i 0.5 -D -O -H --percentiles "$addr"
	expect_sandboxed "opts-$kind$fam" "$who ($kind), IPv$fam, -D -O -H --percentiles"
	sampled "json-$kind$fam" "$who" -j -c 3 -i 0.5 "$name"
	expect_sandboxed "json-$kind$fam" "$who ($kind), IPv$fam, -j by name"
	if [ "$who" = root ]; then
		sampled "flood-$kind$fam" "$who" -f -w 2 "$addr"
		expect_sandboxed "flood-$kind$fam" "$who ($kind), IPv$fam, -f"
	fi
done

# ---- forbidden calls --------------------------------------------------------

# probe ID WHO ADDR CALL [ENV...] -- ARGS: the test build, with PINGSOCK_PROBE=CALL.
probe() {
	local id=$1 who=$2 addr=$3 call=$4; shift 4
	local envs=()
	while [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	pingrun "$id" "$who" c env "PINGSOCK_PROBE=$call" "${envs[@]}" "$PROBE" "$@" "$addr"
}

# expect_trapped ID DESC CALL: status 2, the message naming CALL, no reply.
expect_trapped() {
	local id=$1 desc=$2 call=$3
	if [ "$(rc_of "$id")" = 2 ] &&
	   grep -q "sandbox: system call $call ([0-9]*) refused" "$(err_of "$id")" &&
	   ! grep -q 'bytes from' "$(out_of "$id")"; then
		ok "$desc: $call refused, the message names it, status 2"
	else
		{ echo "exit $(rc_of "$id")"; cat "$(out_of "$id")" "$(err_of "$id")"; } > "$T/out/$id.why"
		fail "$desc: $call refused, the message names it, status 2" "$T/out/$id.why"
	fi
}

# expect_probe_ran ID DESC WORDS: the probe's call returned WORDS, the run went on to exit 0.
expect_probe_ran() {
	local id=$1 desc=$2 words=$3
	if [ "$(rc_of "$id")" = 0 ] && grep -q "^probe [a-z-]*: $words\$" "$(err_of "$id")" &&
	   grep -q 'bytes from' "$(out_of "$id")"; then
		ok "$desc"
	else
		{ echo "exit $(rc_of "$id")"; cat "$(out_of "$id")" "$(err_of "$id")"; } > "$T/out/$id.why"
		fail "$desc" "$T/out/$id.why"
	fi
}

mkdir -p "$T/w" && chmod 777 "$T/w"
printf '#!/bin/sh\ntouch %s/w/executed\n' "$T" > "$T/bin/mark" && chmod 755 "$T/bin/mark"
for w in "${WAYS[@]}"; do
	set -- $w; who=$1 kind=$2 fam=$3 addr=$4
	tag=$kind$fam
	for m in strict lookup; do
		# The strict filter under -n; the wider one with names looked up.
		if [ "$m" = strict ]; then opts=(-n) target=$addr; else opts=() target=server$fam.example; fi
		d="$who ($kind), IPv$fam, $m filter"
		probe "w-$tag-$m" "$who" "$target" "openat-write:$T/w/written-$tag-$m" -- -c 2 -i 0.2 "${opts[@]}"
		expect_trapped "w-$tag-$m" "$d" openat
		if [ -e "$T/w/written-$tag-$m" ]; then fail "$d: no file was written"; else ok "$d: no file was written"; fi
		probe "x-$tag-$m" "$who" "$target" "execve:$T/bin/mark" -- -c 2 -i 0.2 "${opts[@]}"
		if [ "${PINGSOCK_SANITIZED:-0}" = 1 ]; then
			# A sanitized build answers execve with EACCES (its symbolizer tries one).
			expect_probe_ran "x-$tag-$m" "$d: execve refused (sanitized build: EACCES)" 'Permission denied'
		else
			expect_trapped "x-$tag-$m" "$d" execve
		fi
		if [ -e "$T/w/executed" ]; then fail "$d: nothing was executed"; else ok "$d: nothing was executed"; fi
		probe "p-$tag-$m" "$who" "$target" packet-socket -- -c 2 -i 0.2 "${opts[@]}"
		expect_trapped "p-$tag-$m" "$d" socket
		# An allowed call: reading is, and the run goes on (Landlock may refuse the file).
		probe "r-$tag-$m" "$who" "$target" "read:/etc/hosts" -- -c 2 -i 0.2 "${opts[@]}"
		if [ "$m" = lookup ]; then
			expect_probe_ran "r-$tag-$m" "$d: reading the hosts file works, the run goes on" done
		else
			expect_probe_ran "r-$tag-$m" "$d: Landlock refuses reading the hosts file under -n, the run goes on" 'Permission denied'
		fi
	done
	# Landlock alone: a write refused by it (the filter left out), the run goes on.
	probe "lw-$tag" "$who" "$addr" "openat-write:$T/w/landlock-$tag" PINGSOCK_PROBE_NO_SECCOMP=1 -- -c 2 -i 0.2
	expect_probe_ran "lw-$tag" "$who ($kind), IPv$fam, Landlock alone: a write refused" 'Permission denied'
	if [ -e "$T/w/landlock-$tag" ]; then fail "$who ($kind), IPv$fam, Landlock alone: no file written"
	else ok "$who ($kind), IPv$fam, Landlock alone: no file written"; fi
	probe "lr-$tag" "$who" "server$fam.example" "read:/etc/passwd" PINGSOCK_PROBE_NO_SECCOMP=1 -- -c 2 -i 0.2
	expect_probe_ran "lr-$tag" "$who ($kind), IPv$fam, Landlock with names: /etc/passwd not readable" 'Permission denied'
done

# ---- the sanitizers under the sandbox ------------------------------------------

if [ "${PINGSOCK_SANITIZED:-0}" = 1 ]; then
	# LeakSanitizer's check at exit still runs inside the sandbox, and finds a leak.
	probe leak root "$S4" leak -- -c 1
	if grep -q 'LeakSanitizer: detected memory leaks' "$(err_of leak)" &&
	   grep -q '61 byte(s) leaked' "$(err_of leak)" && ! grep -q 'sandbox: system call' "$(err_of leak)"; then
		ok "sanitized build: LeakSanitizer reports a leak made inside the sandbox"
	else
		fail "sanitized build: LeakSanitizer reports a leak made inside the sandbox" "$(err_of leak)"
	fi
fi

# ---- names from a name server -------------------------------------------------

if [ "$HOSTS_MODE" != etcnetns ] || ! command -v dnsmasq > /dev/null; then
	skip "names of repliers from dnsmasq" "needs real root (/etc/netns) and dnsmasq (apt-get install dnsmasq)"
else
	DNS4=198.18.2.9 DNS6=2001:db8:2::9
	_addr s eth0 "$DNS4/24" "$DNS6/64"
	_neigh r rs "$MAC_S" "$DNS4" "$DNS6"
	printf '%s\tdns4.example\n%s\tdns6.example\n' "$DNS4" "$DNS6" > "$T/dns-hosts"
	chmod 644 "$T/dns-hosts"
	# Started without a subshell, so that $! is dnsmasq itself, which the cleanup ends.
	as_prefix root s
	"${AS_PREFIX[@]}" dnsmasq --keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts \
		--addn-hosts="$T/dns-hosts" --listen-address="$S4" --bind-interfaces \
		--user=root --group=root --pid-file= --log-facility=- --log-queries \
		> "$T/dnsmasq.log" 2>&1 &
	IT_BG+=($!)
	cdir=/etc/netns/${NS_NAME[c]}
	echo "nameserver $S4" > "$cdir/resolv.conf"
	printf 'options timeout:2 attempts:1\n' >> "$cdir/resolv.conf"
	sed -E 's/^hosts:.*/hosts:          files dns/' "$T/etc/nsswitch.conf" > "$cdir/nsswitch.conf"
	chmod 644 "$cdir/resolv.conf" "$cdir/nsswitch.conf"
	i=0
	until nsx c getent hosts dns4.example > /dev/null 2>&1 || [ $i -ge 100 ]; do sleep 0.05; i=$((i + 1)); done
	for w in "${WAYS[@]}"; do
		set -- $w; who=$1 kind=$2 fam=$3
		if [ "$fam" = 4 ]; then addr=$DNS4; else addr=$DNS6; fi
		sampled "dns-$kind$fam" "$who" -c 3 -i 0.5 "dns$fam.example"
		expect_sandboxed "dns-$kind$fam" "$who ($kind), IPv$fam, dns$fam.example through dnsmasq"
		expect_named "dns-$kind$fam" "$who ($kind), IPv$fam: the replier's name from dnsmasq" "dns$fam.example" "$addr"
		sampled "dnsH-$kind$fam" "$who" -H -c 3 -i 0.5 "$addr"
		expect_sandboxed "dnsH-$kind$fam" "$who ($kind), IPv$fam, -H $addr through dnsmasq"
		expect_named "dnsH-$kind$fam" "$who ($kind), IPv$fam: -H $addr, its PTR record from dnsmasq" "dns$fam.example" "$addr"
	done
	if grep -q 'query\[PTR\]' "$T/dnsmasq.log"; then
		ok "dnsmasq was asked PTR queries"
	else
		fail "dnsmasq was asked PTR queries" "$T/dnsmasq.log"
	fi
fi

it_finish
