#!/bin/bash
# iputils-ref.sh: print the path of a reference iputils ping for the
# side-by-side tests, or nothing when none can be had.
#
#   1. $IPUTILS_PING, if set (it must be executable);
#   2. <build dir>/iputils-ref/{bin,usr/bin}/ping, if already unpacked;
#   3. otherwise "apt-get download iputils-ping" into <build dir>/iputils-ref
#      and "dpkg -x" it there.  Nothing is installed: /usr/bin/ping is never
#      touched, and the package's file capabilities are not applied (the
#      tests make their own privileged copies).
#
# <build dir> is $PINGSOCK_BUILDDIR, else the directory above $PING's.
# Failures (no apt, no network) print nothing and exit 0; the caller decides
# whether that is a skip or, on CI, a failure.  Diagnostics go to stderr.

set -u

if [ -n "${IPUTILS_PING:-}" ]; then
	if [ -x "$IPUTILS_PING" ]; then
		case $IPUTILS_PING in
		/*) echo "$IPUTILS_PING" ;;
		*) echo "$(cd "$(dirname "$IPUTILS_PING")" && pwd)/$(basename "$IPUTILS_PING")" ;;
		esac
	else
		echo "iputils-ref: IPUTILS_PING=$IPUTILS_PING is not executable" >&2
	fi
	exit 0
fi

builddir=${PINGSOCK_BUILDDIR:-}
if [ -z "$builddir" ] && [ -n "${PING:-}" ]; then
	builddir=$(cd "$(dirname "$PING")/.." 2>/dev/null && pwd)
fi
if [ -z "$builddir" ] || [ ! -d "$builddir" ]; then
	echo "iputils-ref: no build directory (set PINGSOCK_BUILDDIR)" >&2
	exit 0
fi
dest=$builddir/iputils-ref

found() {
	local p
	for p in "$dest/bin/ping" "$dest/usr/bin/ping"; do
		if [ -x "$p" ] && [ ! -L "$p" ]; then echo "$p"; return 0; fi
	done
	return 1
}

found && exit 0

command -v apt-get >/dev/null 2>&1 && command -v dpkg >/dev/null 2>&1 || {
	echo "iputils-ref: apt-get/dpkg not available" >&2
	exit 0
}

# Several tests may start at once: one download, under a lock.
exec 9> "$builddir/iputils-ref.lock" || exit 0
flock -w 300 9 || { echo "iputils-ref: lock timeout" >&2; exit 0; }
found && exit 0

work=$(mktemp -d "$builddir/iputils-ref.XXXXXX") && chmod 755 "$work" || exit 0
trap 'rm -rf "$work"' EXIT
if ! (cd "$work" && apt-get download iputils-ping) >&2; then
	echo "iputils-ref: apt-get download iputils-ping failed" >&2
	exit 0
fi
deb=$(ls "$work"/iputils-ping_*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || { echo "iputils-ref: no .deb downloaded" >&2; exit 0; }
mkdir -p "$work/root" && dpkg -x "$deb" "$work/root" || {
	echo "iputils-ref: dpkg -x failed" >&2
	exit 0
}
rm -rf "$dest"
mv "$work/root" "$dest" || exit 0
found || echo "iputils-ref: no ping in $deb" >&2
exit 0
