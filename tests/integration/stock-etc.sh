#!/bin/bash
# stock-etc.sh: parsers.sh and basic.sh once more, on the /etc a fresh
# Debian install has: its default /etc/hosts (localhost is 127.0.0.1 and
# ::1, the host name on 127.0.1.1) and "hosts: files dns", bind-mounted over
# the host's in a mount namespace of this test's own (resolv.conf names only
# 127.0.0.1, so a lookup that escaped would stay on loopback).  A test that
# read the host's files instead of its own (own-etc.sh) would see localhost
# on both families here: parsers' "ping -n localhost" resolved to ::1 did.
# The ordinary runs of the suite check the other side, this machine's files.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${PING:?PING must name the ping binary}"
if [ "$(id -u)" != 0 ]; then
	# A user: the user, network and mount namespace the scripts would make
	# for themselves (lib.sh's rootless start), made here, with the mounts.
	if ! unshare -rnm true 2>/dev/null; then
		[ "${CI:-}" = true ] && { echo "no user namespaces, and CI must not skip" >&2; exit 1; }
		echo "1..0 # SKIP no user namespaces"
		exit 77
	fi
	IT_IN_USERNS=1 IT_PRIVMNT=1 STOCK_ETC_PRIVMNT=1 exec unshare -rnm --propagation private bash "$0" "$@"
fi
if [ -z "${STOCK_ETC_PRIVMNT:-}" ]; then
	STOCK_ETC_PRIVMNT=1 exec unshare -m --propagation private bash "$0" "$@"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
cat >"$tmp/hosts" <<HOSTS
127.0.0.1	localhost
127.0.1.1	debian

# The following lines are desirable for IPv6 capable hosts
::1     localhost ip6-localhost ip6-loopback
ff02::1 ip6-allnodes
ff02::2 ip6-allrouters
HOSTS
sed -E 's/^hosts:.*/hosts:          files dns/' /etc/nsswitch.conf >"$tmp/nsswitch.conf"
echo 'nameserver 127.0.0.1' >"$tmp/resolv.conf"
chmod 644 "$tmp"/*
for f in hosts nsswitch.conf resolv.conf; do
	mount --bind "$tmp/$f" "/etc/$f" || { echo "cannot bind-mount $tmp/$f over /etc/$f" >&2; exit 1; }
done
# The stock files are in place (what the scripts below would read if they
# read the host's).
getent ahosts localhost | grep -q '^::1 ' || { echo "localhost does not resolve to ::1 under the stock files" >&2; exit 1; }
echo "# /etc/hosts is Debian's default: localhost is $(getent ahosts localhost | awk '{print $1}' | sort -u | xargs)"

rc=0
for t in parsers basic; do
	echo "# --- $t.sh under Debian's default /etc/hosts"
	bash "$here/$t.sh"
	r=$?
	echo "# $t.sh: exit $r"
	case $r in
	0) ;;
	77) [ "${CI:-}" = true ] && rc=1 ;;
	*) rc=1 ;;
	esac
done
exit "$rc"
