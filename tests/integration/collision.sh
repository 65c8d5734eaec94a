#!/bin/bash
# An identifier shared by a raw-socket ping (root, -e N) and a datagram-socket
# ping (uid 65534, kernel-bound to N) to two different hosts: each must count
# only its own replies (no DIFFERENT ADDRESS, no DUP, no foreign sequences).
# iputils cross-counts both ways here; the other ping's replies do not carry
# this run's authentication code (core/auth.c, core/verdict.c), so they are
# ignored.  auth.sh does the same with many pings to one host.
set -u
. "$(dirname "$0")/standalone.sh"
standalone_init "a second uid"
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
for f in raw4 dgram4 raw6 dgram6; do
	kind=SOCK_RAW; case $f in dgram*) kind=SOCK_DGRAM ;; esac
	check "$f: used $kind" "grep -q 'socktype: $kind' '$tmp/$f.err'"
	check "$f: 5 transmitted, 5 received, 0% loss" "grep -q '^5 packets transmitted, 5 received, 0% packet loss' '$tmp/$f'"
	check "$f: no DIFFERENT ADDRESS, no DUP" "! grep -q 'DIFFERENT ADDRESS\|DUP' '$tmp/$f'"
	check "$f: no foreign sequence reported" "! grep -q 'no such request' '$tmp/$f.err'"
done
standalone_end
