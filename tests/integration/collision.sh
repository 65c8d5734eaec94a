#!/bin/bash
# An identifier shared by a raw-socket ping (root, -e N) and a datagram-socket
# ping (uid 65534, kernel-bound to N) to two different hosts: each must count
# only its own replies (no DIFFERENT ADDRESS, no DUP, no foreign sequences).
# iputils cross-counts both ways here; we tell the other ping's replies apart
# by their source and the send time they echo (loop.c handle_echo).
set -u
PING=${PING:?PING must name the ping binary}
if [ "$(id -u)" != 0 ]; then
	echo "# skipped: needs real root (a second uid)" >&2
	echo "1..0 # SKIP needs root"
	exit 0
fi
unshare -n true 2>/dev/null || { echo "network namespaces unavailable" >&2; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
cp "$PING" "$tmp/ping"
chmod 755 "$tmp/ping"
unshare -n bash -c '
	set -e
	d=$1
	ip link set lo up
	ip -6 addr add 2001:db8:9::1/128 dev lo nodad
	ip -6 addr add 2001:db8:9::2/128 dev lo nodad
	sysctl -qw net.ipv4.ping_group_range="65534 65534"
	nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	"$d/ping" -v -e 777 -c 5 -i 0.2 127.0.0.2 >"$d/raw4" 2>"$d/raw4.err" &
	nobody "$d/ping" -v -e 777 -c 5 -i 0.2 127.0.0.1 >"$d/dgram4" 2>"$d/dgram4.err" &
	"$d/ping" -v -e 778 -c 5 -i 0.2 2001:db8:9::2 >"$d/raw6" 2>"$d/raw6.err" &
	nobody "$d/ping" -v -e 778 -c 5 -i 0.2 2001:db8:9::1 >"$d/dgram6" 2>"$d/dgram6.err" &
	wait
' _ "$tmp"
n=0 fail=0
check() {
	n=$((n + 1))
	if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; fail=$((fail + 1)); sed 's/^/#   /' "$tmp/$f" "$tmp/$f.err"; fi
}
for f in raw4 dgram4 raw6 dgram6; do
	kind=SOCK_RAW; case $f in dgram*) kind=SOCK_DGRAM ;; esac
	check "$f: used $kind" "grep -q 'socktype: $kind' '$tmp/$f.err'"
	check "$f: 5 transmitted, 5 received, 0% loss" "grep -q '^5 packets transmitted, 5 received, 0% packet loss' '$tmp/$f'"
	check "$f: no DIFFERENT ADDRESS, no DUP" "! grep -q 'DIFFERENT ADDRESS\|DUP' '$tmp/$f'"
	check "$f: no foreign sequence reported" "! grep -q 'no such request' '$tmp/$f.err'"
done
echo "1..$n"
[ "$fail" = 0 ]
