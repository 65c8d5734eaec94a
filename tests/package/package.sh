#!/bin/bash
# The Debian package (debian/): build it with dpkg-buildpackage from a copy of
# the source tree, check the binary package with dpkg-deb and lintian, unpack
# it with dpkg -x into a private directory and ping 127.0.0.1 with the
# unpacked binary.  Installing it for real is for piuparts.sh and chroot.sh.
#
# Exit 77 (skip) only when dpkg-buildpackage or the build dependencies are
# missing, and never under CI (CI=true), which installs them (README's test
# command).  Everything else that goes wrong is a failure, a missing lintian
# included.
#
# Environment (set by meson.build): PINGSOCK_SRCDIR, the source root;
# PINGSOCK_VERSION, the project version the package must carry;
# PINGSOCK_CACHE_DIR (see lib.sh).
set -uo pipefail

src=${PINGSOCK_SRCDIR:?PINGSOCK_SRCDIR is not set}
version=${PINGSOCK_VERSION:-}
# shellcheck source=tests/package/lib.sh
. "$(dirname "$0")/lib.sh"

# debian/rules runs only the unit suite, but never build a package from
# inside a package build.
if [ -n "${PINGSOCK_PACKAGE_BUILD:-}" ]; then
	echo "SKIP: running inside a package build"
	exit 77
fi

command -v lintian >/dev/null 2>&1 || fail "lintian not found (apt-get install lintian)"
for tool in dpkg-deb dpkg unshare setpriv ip; do
	command -v "$tool" >/dev/null 2>&1 || fail "$tool not found"
done

pkg_tmpdir package
pkg_cache

# --- Build (or reuse the package built from this very source tree).
pkg_build_deb
grep -E '^(Ok|Fail|Skipped):' "$buildlog" | sed 's/^/  unit tests during the build: /'

# --- Control fields.
field() { dpkg-deb -f "$deb" "$1"; }
# The package names of a relation field, one per line (no versions).
names() { field "$1" | tr ',' '\n' | sed 's/^[[:space:]]*//; s/[[:space:](].*//' | grep .; }

[ "$(field Package)" = pingsock-ping ] || fail "Package is '$(field Package)'"
if [ -n "$version" ]; then
	[ "$(field Version)" = "$version" ] ||
		fail "package version $(field Version) differs from the project version $version (debian/changelog)"
fi
for rel in Provides Replaces Conflicts; do
	names "$rel" | grep -qx iputils-ping || fail "$rel lacks iputils-ping: '$(field "$rel")'"
	ok "$rel: $(field "$rel")"
done
# Debian 13's range setting lives in linux-sysctl-defaults, which Debian 12
# lacks; procps stands in for it there (README.Debian).
[ "$(field Recommends)" = "linux-sysctl-defaults | procps" ] ||
	fail "Recommends is '$(field Recommends)', not 'linux-sysctl-defaults | procps'"
ok "Recommends: $(field Recommends)"

# --- Contents.
dpkg-deb -c "$deb" >"$tmp/contents" || fail "dpkg-deb -c"
# "perms owner size date time path [-> target]"; path is field 6.
has() { awk -v p="./$1" '$6 == p { found = 1 } END { exit !found }' "$tmp/contents"; }
kind() { awk -v p="./$1" '$6 == p { print substr($1, 1, 1) }' "$tmp/contents"; }

[ "$(kind usr/bin/ping)" = - ] || fail "/usr/bin/ping is not a regular file in the package"
for alias in ping4 ping6; do
	has "usr/bin/$alias" || fail "/usr/bin/$alias missing"
done
ok "/usr/bin/ping, ping4, ping6"
has usr/share/man/man8/ping.8.gz || fail "man page /usr/share/man/man8/ping.8.gz missing"
has usr/share/pingsock/ping-json.schema.json || fail "JSON Schema /usr/share/pingsock/ping-json.schema.json missing"
ok "man page"
if [ -f "$src/po/LINGUAS" ]; then
	for lang in $(sed 's/#.*//' "$src/po/LINGUAS"); do
		has "usr/share/locale/$lang/LC_MESSAGES/pingsock.mo" ||
			fail "translation $lang (po/LINGUAS) missing from the package"
	done
	ok "translations: $(sed 's/#.*//' "$src/po/LINGUAS" | xargs)"
fi
grep -q ' \./usr/share/bash-completion/completions/[^ ]' "$tmp/contents" ||
	fail "no bash completion in the package"
ok "bash completion"
# The range drop-in, where /etc/sysctl.d can override it, with the value of
# data/60-pingsock.conf; and what postinst and prerm source to apply it.
[ "$(kind usr/lib/sysctl.d/60-pingsock.conf)" = - ] ||
	fail "the sysctl drop-in /usr/lib/sysctl.d/60-pingsock.conf is missing"
dpkg-deb --fsys-tarfile "$deb" |
	tar -xOf - ./usr/lib/sysctl.d/60-pingsock.conf ./usr/share/pingsock-ping/ping-group-range \
	>"$tmp/range-files" || fail "reading the drop-in and the maintainer scripts' functions"
grep -qx 'net.ipv4.ping_group_range = 0 2147483647' "$tmp/range-files" ||
	fail "the drop-in does not open the range to every group: $(grep -v '^#' "$tmp/range-files" | head -n 3)"
ok "sysctl drop-in /usr/lib/sysctl.d/60-pingsock.conf"
# NEWS for apt-listchanges: installed as NEWS.Debian, its newest entry is
# this version.
has usr/share/doc/pingsock-ping/NEWS.Debian.gz || fail "NEWS.Debian.gz is not installed"
news_version=$(dpkg-deb --fsys-tarfile "$deb" | tar -xOf - ./usr/share/doc/pingsock-ping/NEWS.Debian.gz |
	gzip -dc | sed -n '1s/^pingsock (\([^)]*\)).*/\1/p')
[ "$news_version" = "$(field Version)" ] ||
	fail "the newest NEWS.Debian entry is for '$news_version', the package is $(field Version)"
ok "NEWS.Debian ($news_version)"
if awk '$1 ~ /^...[sS]/ || $1 ~ /^......[sS]/ { print; bad = 1 } END { exit !bad }' "$tmp/contents"; then
	fail "setuid or setgid files in the package (listed above)"
fi
ok "no setuid or setgid bit"
dpkg-deb --ctrl-tarfile "$deb" | tar -xOf - >"$tmp/control-files" || fail "reading the control archive"
if grep -n 'setcap' "$tmp/control-files" "$tmp/range-files"; then
	fail "a maintainer script sets a file capability"
fi
ok "no setcap in the maintainer scripts"

# --- lintian: no errors (warnings and the rest are shown).
lintian --fail-on error --display-info "$changes" >"$tmp/lintian.log" 2>&1
lrc=$?
sed 's/^/  lintian: /' "$tmp/lintian.log"
[ $lrc = 0 ] || fail "lintian reports errors (exit $lrc)"
ok "lintian: no errors"

# --- Unpack privately and ping.  uid 65534 must reach the binary: the
# directories on the way are made world-searchable.
root=$tmp/root
dpkg -x "$deb" "$root" || fail "dpkg -x"
chmod 755 "$tmp" "$root"
ping=$root/usr/bin/ping
[ -x "$ping" ] && [ ! -u "$ping" ] && [ ! -g "$ping" ] || fail "unpacked $ping is missing, not executable, or setuid"
if command -v getcap >/dev/null 2>&1 && [ -n "$(getcap "$ping")" ]; then
	fail "unpacked ping carries a capability: $(getcap "$ping")"
fi
[ "$(readlink -f "$root/usr/bin/ping4")" = "$(readlink -f "$ping")" ] || fail "ping4 does not lead to ping"

# One ping run in a fresh network namespace: $1 is the range to set, $2 the
# expected exit status, the rest the command prefix (setpriv ...).  The
# namespace has its own loopback and its own ping_group_range.
ns_ping() {
	local range=$1 want=$2; shift 2
	local out rc
	out=$(unshare -n bash -c '
		range=$1; shift
		ip link set lo up || exit 100
		echo "$range" >/proc/sys/net/ipv4/ping_group_range || exit 101
		exec timeout 30 "$@"' ns "$range" "$@" -c 2 -i 0.2 127.0.0.1 2>&1)
	rc=$?
	printf '%s\n' "$out" | sed 's/^/    /'
	[ $rc -lt 100 ] || fail "setting up the namespace (range '$range') failed"
	[ $rc = "$want" ] || fail "exit status $rc, expected $want: $*, range '$range'"
	if [ "$want" = 0 ]; then
		grep -q '^2 packets transmitted, 2 received' <<<"$out" ||
			fail "no '2 packets transmitted, 2 received' line"
	fi
}

if [ "$(id -u)" = 0 ]; then
	echo "root, range closed: raw socket"
	ns_ping "1 0" 0 "$ping"
	ok "root pings 127.0.0.1 through a raw socket"
	nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all)
	echo "uid 65534, range open"
	ns_ping "0 2147483647" 0 "${nobody[@]}" "$ping"
	ok "uid 65534 pings 127.0.0.1 through a datagram socket"
	echo "uid 65534, range closed"
	ns_ping "1 0" 2 "${nobody[@]}" "$ping"
	ok "uid 65534 without the range: exit 2"
elif unshare -rn true 2>/dev/null; then
	# Not root: a user namespace maps only our own uid and gid, to 0, so
	# there is no other uid to switch to.  Its root holds CAP_NET_RAW there
	# (raw socket); without CAP_NET_RAW in the bounding set it must use the
	# datagram socket.  Only gid 0 can be written into the range ("0 0"
	# opens it); a new namespace starts closed, so "" leaves it as it is.
	noraw=(setpriv --bounding-set=-net_raw)
	user_ping() {
		local range=$1 want=$2 out rc; shift 2
		out=$(unshare -rn bash -c '
			range=$1; shift
			ip link set lo up || exit 100
			if [ -n "$range" ]; then
				echo "$range" >/proc/sys/net/ipv4/ping_group_range || exit 101
			fi
			exec timeout 30 "$@"' ns "$range" "$@" -c 2 -i 0.2 127.0.0.1 2>&1)
		rc=$?
		printf '%s\n' "$out" | sed 's/^/    /'
		[ $rc -lt 100 ] || fail "setting up the user namespace (range '$range') failed"
		[ $rc = "$want" ] || fail "exit status $rc, expected $want: $*, range '$range'"
	}
	echo "not root: in unshare -rn"
	user_ping "" 0 "$ping"
	ok "namespace root pings through a raw socket"
	user_ping "0 0" 0 "${noraw[@]}" "$ping"
	ok "without CAP_NET_RAW, range open: datagram socket"
	user_ping "" 2 "${noraw[@]}" "$ping"
	ok "without CAP_NET_RAW, range closed: exit 2"
	echo "note: the uid 65534 cases need root"
else
	fail "not root and no user namespaces: cannot ping in a private network namespace"
fi

echo "package test passed"
