#!/bin/bash
# auth.sh: replies authenticated with the run's key (core/auth.c).
#  - Many raw-socket pings forced to share one identifier, to the same host
#    (iputils #489: 75-100 concurrent pings count each other's replies as
#    DUP!): each counts exactly its own replies, and -v shows it heard and
#    refused the others'.  A datagram ping bound to that identifier joins
#    them: the kernel hands it every reply with its identifier.
#  - The key without blocking: with getrandom refused (strace fault
#    injection) the key comes from /dev/urandom; with neither, the run
#    falls back to the old checks, says so under -v and in -j's start.
set -u
. "$(dirname "$0")/standalone.sh"
standalone_init "a second uid, mounts"
command -v strace >/dev/null || { echo "strace is missing (README's apt-get line installs it)" >&2; exit 1; }
RAW=30
unshare -n bash -c '
	d=$1 raw=$2
	ip link set lo up
	sysctl -qw net.ipv4.ping_group_range="65534 65534"
	nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	for i in $(seq 1 "$raw"); do
		"$d/ping" -v -e 4242 -c 5 -i 0.2 127.0.0.1 >"$d/shared$i" 2>"$d/shared$i.err" &
	done
	nobody "$d/ping" -v -e 4242 -c 5 -i 0.2 127.0.0.1 >"$d/shared-dgram" 2>"$d/shared-dgram.err" &
	for i in 1 2 3; do
		"$d/ping" -v -e 4343 -c 5 -i 0.2 ::1 >"$d/shared6-$i" 2>"$d/shared6-$i.err" &
	done
	wait
	# The key: getrandom refused -> /dev/urandom; both refused -> no key.
	# (LeakSanitizer cannot run under ptrace: a sanitized build leaves it off here.)
	export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
	strace -f -qq -o "$d/urandom.trace" -e trace=openat,getrandom -e inject=getrandom:error=EAGAIN \
		"$d/ping" -j -c 1 127.0.0.1 >"$d/urandom" 2>"$d/urandom.err"
	echo "rc=$?" >>"$d/urandom"
	unshare -m bash -c "mount --bind /dev/null /dev/urandom &&
		strace -f -qq -o /dev/null -e trace=getrandom -e inject=getrandom:error=ENOSYS \"$d/ping\" -v -c 1 127.0.0.1 >\"$d/nokey\" 2>\"$d/nokey.err\";
		echo rc=\$? >>\"$d/nokey\";
		strace -f -qq -o /dev/null -e trace=getrandom -e inject=getrandom:error=ENOSYS \"$d/ping\" -j -c 1 127.0.0.1 >\"$d/nokey-j\" 2>&1"
' _ "$tmp" "$RAW"
heard=0
for f in $(cd "$tmp" && ls shared* | grep -v '\.err$'); do
	kind=SOCK_RAW; case $f in *dgram*) kind=SOCK_DGRAM ;; esac
	check "$f: used $kind" "grep -q 'socktype: $kind' '$tmp/$f.err'"
	check "$f: 5 transmitted, 5 received, 0% loss" "grep -q '^5 packets transmitted, 5 received, 0% packet loss' '$tmp/$f'"
	check "$f: no DUP, no DIFFERENT ADDRESS" "! grep -q 'DUP\|DIFFERENT ADDRESS' '$tmp/$f'"
	check "$f: 5 reply lines, each sequence once" "[ \"\$(grep -o 'icmp_seq=[0-9]*' '$tmp/$f' | sort | uniq | wc -l)\" = 5 ] && [ \"\$(grep -c 'icmp_seq=' '$tmp/$f')\" = 5 ]"
	grep -q "ignored: it does not carry this run's authentication code" "$tmp/$f.err" && heard=$((heard + 1))
done
f=shared1
check "the pings sharing an identifier heard each other's replies and refused them (-v, $heard runs)" "[ $heard -ge $((RAW / 2)) ]"
f=urandom
check "getrandom refused: the key comes from /dev/urandom" "grep -q 'openat(.*\"/dev/urandom\"' '$tmp/urandom.trace'"
check "getrandom refused: authenticated, 1 received, exit 0" "grep -q '\"authenticated\":true' '$tmp/urandom' && grep -q '\"received\":1' '$tmp/urandom' && grep -q '^rc=0' '$tmp/urandom'"
f=nokey
check "no key: -v says replies are not authenticated" "grep -q 'ping: WARNING: no random key could be read: replies are not authenticated$' '$tmp/nokey.err'"
check "no key: the old checks, 1 received, exit 0" "grep -q '^1 packets transmitted, 1 received' '$tmp/nokey' && grep -q '^rc=0' '$tmp/nokey'"
f=nokey-j
check "no key: -j's start says authenticated false" "grep -q '\"authenticated\":false' '$tmp/nokey-j' && grep -q '\"received\":1' '$tmp/nokey-j'"
standalone_end
