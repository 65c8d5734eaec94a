#!/bin/bash
# The package installed for real with dpkg -i, in throwaway roots (overlays
# of the chroot of lib.sh, which has iputils-ping, procps and systemd, not
# running, and on Debian 13 linux-sysctl-defaults), each in a private network and mount namespace
# (unshare -mn): the maintainer scripts change net.ipv4.ping_group_range of
# that namespace only, never the host's (checked at the end).  One fresh
# root per case:
#
#   open       postinst opens the range (sysctl -p on the drop-in); uid
#              65534 pings 127.0.0.1 with no capability on the binary; a
#              second dpkg -i (upgrade path) keeps it so; removal gives "1 0"
#              back, undoes the diversions and leaves no file behind
#   etc-d      an administrator's /etc/sysctl.d file sets "1 0": the range
#              stays closed, postinst names the file (and warns that it is
#              read before the drop-in at boot), the refusal names the fix
#   etc-conf   /etc/sysctl.conf sets "100 100", in force: it stays so
#   mask       /etc/sysctl.d/60-pingsock.conf -> /dev/null: nothing applied
#   preopened  the range is open already (as a container manager may set
#              it): postinst leaves it, and removal does not close it
#   systemd    where systemd runs (/run/systemd/system), postinst opens the
#              range with systemd-sysctl
#   no-procps  no sysctl command: postinst writes /proc/sys itself
#   no-proc    no /proc in the chroot: dpkg succeeds, postinst says what to
#              run, the range is untouched
#   back       installed and removed, then iputils-ping given back (the .deb
#              debootstrap fetched): iputils' ping works for the users it
#              served before.  Debian 12: its postinst gives it
#              cap_net_raw, uid 65534 pings.  Debian 13: with
#              linux-sysctl-defaults the range is open from boot (set here
#              as its file says), ours leaves it so, and uid 65534 pings
#              with iputils' ping afterwards
#   no-sysctl-defaults (Debian 13) linux-sysctl-defaults purged first: the
#              range is closed, ours opens it and uid 65534 pings; removal
#              closes it again, and iputils-ping given back pings as root
#
# The roots are of the release under test (lib.sh's pkg_release: this
# machine's, or PINGSOCK_PKG_RELEASE), the package built on that release.
#
# Needs root and debootstrap (see lib.sh); exits 77 without them or without
# an archive, except under CI (CI=true), where that fails.
set -uo pipefail

knob=/proc/sys/net/ipv4/ping_group_range
dropin=/usr/lib/sysctl.d/60-pingsock.conf
every="0 2147483647"

# shellcheck source=tests/package/lib.sh
. "$(dirname "$0")/lib.sh"

# ---------------------------------------------------------------------------
# Inside the namespace: "$0" --inside CASE BASE DIR DEB.  The throwaway root
# $r is DIR/root: an overlay of the unpacked chroot BASE with DIR/upper (a
# copy of BASE where overlayfs is missing); the package is $r/tmp/pkg.deb.

range() { tr -s '[:space:]' ' ' <"$knob" | sed 's/ $//'; }
want_range() {
	[ "$(range)" = "$1" ] || fail "$2: range is '$(range)', expected '$1'"
	ok "$2: range '$1'"
}
# dpkg in the chroot; its output goes to $r/tmp/dpkg.log and is shown.
dpkg_in() {
	chroot "$r" dpkg "$@" >"$r/tmp/dpkg.log" 2>&1
	local rc=$?
	sed 's/^/    dpkg: /' "$r/tmp/dpkg.log"
	[ $rc = 0 ] || fail "dpkg $* exited with $rc"
}
logged() {
	grep -q -- "$1" "$r/tmp/dpkg.log" || fail "dpkg's output lacks: $2 ($1)"
	ok "$2"
}
# uid 65534, no groups, no capabilities: ping 127.0.0.1 once; $1 is the
# exit status expected, $2 a line its output must have, $3 what that means.
nobody_ping() {
	local out rc
	out=$(chroot "$r" setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
		timeout 20 ping -c 1 127.0.0.1 2>&1)
	rc=$?
	printf '%s\n' "$out" | sed 's/^/    ping: /'
	[ $rc = "$1" ] || fail "uid 65534: ping exited with $rc, expected $1"
	grep -q -- "$2" <<<"$out" || fail "uid 65534: no line with '$2' in ping's output"
	ok "uid 65534: $3"
}
nobody_pings() {
	nobody_ping 0 '^1 packets transmitted, 1 received' "pings 127.0.0.1"
}
nobody_refused() {
	nobody_ping 2 'run as root: sysctl -w net.ipv4.ping_group_range=' \
		"refused (exit 2), and the refusal names the sysctl that fixes it"
}
no_capability() {
	[ -x "$r/usr/bin/ping" ] && [ ! -u "$r/usr/bin/ping" ] && [ ! -g "$r/usr/bin/ping" ] ||
		fail "/usr/bin/ping is missing or setuid/setgid"
	[ -z "$(getcap "$r/usr/bin/ping")" ] || fail "/usr/bin/ping has $(getcap "$r/usr/bin/ping")"
	[ "$(chroot "$r" readlink -f /bin/ping)" = /usr/bin/ping ] || fail "/bin/ping is not /usr/bin/ping"
	ok "/usr/bin/ping (and /bin/ping) without setuid bit or capability"
}
installed_over_iputils() {
	dpkg_in -i /tmp/pkg.deb
	logged 'will remove iputils-ping in favour of pingsock-ping' "dpkg -i replaced iputils-ping"
	[ -f "$r$dropin" ] || fail "$dropin is not installed"
}
# After removal: no file of ours, no diversion, no record of the range.
# iputils-ping back from the .deb debootstrap left in the chroot.
iputils_back() {
	local debs
	debs=$(cd "$r" && echo var/cache/apt/archives/iputils-ping_*.deb)
	[ -f "$r/$debs" ] || fail "no iputils-ping .deb in the chroot: $debs"
	dpkg_in -i "/$debs"
	logged 'Setting up iputils-ping' "iputils-ping installed again"
	chroot "$r" dpkg-query -W -f '${Version}\n' iputils-ping | sed 's/^/    iputils-ping /'
	[ -z "$(chroot "$r" dpkg-divert --list | grep -E 'pingsock|/ping ')" ] || fail "diversions left"
	[ "$(chroot "$r" readlink -f /bin/ping)" = /usr/bin/ping ] || fail "/bin/ping is not /usr/bin/ping"
}
nothing_left() {
	local f
	chroot "$r" dpkg-divert --list | grep pingsock && fail "diversions of pingsock-ping are left (above)"
	for f in "$dropin" /usr/bin/ping /usr/share/pingsock-ping /var/lib/pingsock-ping; do
		[ ! -e "$r$f" ] && [ ! -L "$r$f" ] || fail "$f is left after removal"
	done
	ok "$1: no diversion, drop-in, ping or record left"
}

inside() {
	local case=$1 base=$2 dir=$3 deb=$4
	r=$dir/root
	mkdir -p "$dir/upper" "$dir/work" "$r" || fail "mkdir $dir"
	if ! mount -t overlay overlay -o "lowerdir=$base,upperdir=$dir/upper,workdir=$dir/work" "$r" 2>/dev/null; then
		echo "no overlayfs: copying the chroot"
		cp -a "$base/." "$r/" || fail "copying $base"
	fi
	cp "$deb" "$r/tmp/pkg.deb" || fail "copying the package into the chroot"
	ip link set lo up || fail "ip link set lo up"
	if [ "$case" != no-proc ]; then
		mount -t proc proc "$r/proc" || fail "mounting /proc in the chroot"
		[ -w "$r$knob" ] || fail "the chroot's $knob is not writable in the namespace"
	fi
	want_range "1 0" "new network namespace"
	case $case in
	open)
		installed_over_iputils
		logged "net.ipv4.ping_group_range is now \"$every\" (it was \"1 0\"; set with sysctl -p)" \
			"postinst says it opened the range with sysctl -p"
		want_range "$every" "after dpkg -i"
		no_capability
		nobody_pings
		dpkg_in -i /tmp/pkg.deb
		want_range "$every" "after dpkg -i again (upgrade)"
		[ "$(head -n 1 "$r/var/lib/pingsock-ping/ping_group_range")" = "1 0" ] ||
			fail "the record of the range before installation is not '1 0'"
		nobody_pings
		dpkg_in -r pingsock-ping
		logged 'net.ipv4.ping_group_range is "1 0" again' "prerm says it gave the range back"
		want_range "1 0" "after dpkg -r"
		nothing_left "dpkg -r"
		dpkg_in --purge pingsock-ping
		nothing_left "dpkg --purge"
		if chroot "$r" dpkg-query -W -f '${Status}\n' pingsock-ping 2>/dev/null | grep -v 'not-installed$'; then
			fail "pingsock-ping is still known to dpkg after --purge (above)"
		fi
		ok "purged"
		;;
	etc-d)
		echo "net.ipv4.ping_group_range = 1 0" >"$r/etc/sysctl.d/10-local-ping.conf"
		installed_over_iputils
		logged "set by the administrator (/etc/sysctl.d/10-local-ping.conf)" "postinst names the administrator's file"
		logged "warning: /etc/sysctl.d/10-local-ping.conf is read before $dropin at boot" \
			"postinst warns that it sorts before the drop-in"
		want_range "1 0" "administrator's 1 0 in /etc/sysctl.d"
		no_capability
		nobody_refused
		dpkg_in -r pingsock-ping
		want_range "1 0" "after dpkg -r"
		nothing_left "dpkg -r"
		;;
	etc-conf)
		echo "100 100" >"$knob"
		echo "net/ipv4/ping_group_range=100 100" >>"$r/etc/sysctl.conf"
		installed_over_iputils
		logged "set by the administrator (/etc/sysctl.conf" "postinst names /etc/sysctl.conf"
		grep -q 'warning: /etc/sysctl.conf' "$r/tmp/dpkg.log" && fail "a boot-order warning for /etc/sysctl.conf"
		want_range "100 100" "administrator's 100 100 in /etc/sysctl.conf"
		nobody_refused
		;;
	mask)
		ln -s /dev/null "$r/etc/sysctl.d/60-pingsock.conf"
		installed_over_iputils
		logged "set by the administrator (/etc/sysctl.d/60-pingsock.conf)" "postinst sees the mask"
		want_range "1 0" "drop-in masked"
		;;
	preopened)
		echo "$every" >"$knob"
		installed_over_iputils
		grep -q 'pingsock-ping:' "$r/tmp/dpkg.log" && fail "postinst said something about an open range"
		[ ! -e "$r/var/lib/pingsock-ping" ] || fail "a record of the range without a change"
		want_range "$every" "already open, left alone"
		nobody_pings
		dpkg_in -r pingsock-ping
		want_range "$every" "dpkg -r does not close a range it did not open"
		;;
	systemd)
		mkdir -p "$r/run/systemd/system"
		installed_over_iputils
		logged "set with systemd-sysctl)" "postinst opened the range with systemd-sysctl"
		want_range "$every" "after dpkg -i where systemd runs"
		nobody_pings
		;;
	no-procps)
		dpkg_in --purge procps
		! chroot "$r" sh -c 'command -v sysctl' >/dev/null || fail "sysctl is still there"
		installed_over_iputils
		logged "set by writing $knob)" "postinst opened the range by writing $knob"
		want_range "$every" "after dpkg -i without sysctl"
		nobody_pings
		;;
	no-proc)
		installed_over_iputils
		logged "$knob does not exist (no /proc here: a chroot?)" "postinst notices the missing /proc"
		logged "as root: sysctl -p $dropin" "... and says what to run"
		[ ! -e "$r/var/lib/pingsock-ping" ] || fail "a record of the range without a change"
		want_range "1 0" "no /proc in the chroot"
		;;
	back)
		if [ -f "$r/usr/lib/sysctl.d/50-default.conf" ]; then
			# linux-sysctl-defaults: the range systemd-sysctl sets at boot.
			booted=$(sed -nE 's/^-?net\.ipv4\.ping_group_range *= *//p' "$r/usr/lib/sysctl.d/50-default.conf")
			[ "$booted" = "$every" ] || fail "linux-sysctl-defaults sets the range to '$booted'"
			echo "$booted" >"$knob"
			ok "the range as linux-sysctl-defaults sets it at boot: '$booted'"
		fi
		installed_over_iputils
		nobody_pings
		dpkg_in -r pingsock-ping
		nothing_left "dpkg -r"
		iputils_back
		if [ "$release" = bookworm ]; then
			[ -n "$(getcap "$r/usr/bin/ping")" ] || fail "iputils' ping has no capability again"
			ok "iputils' ping has its capability again: $(getcap "$r/usr/bin/ping")"
		else
			want_range "$every" "the range is still as at boot"
		fi
		nobody_pings
		;;
	no-sysctl-defaults)
		dpkg_in --purge linux-sysctl-defaults
		[ ! -e "$r/usr/lib/sysctl.d/50-default.conf" ] || fail "linux-sysctl-defaults' file is still there"
		installed_over_iputils
		want_range "$every" "after dpkg -i without linux-sysctl-defaults"
		nobody_pings
		dpkg_in -r pingsock-ping
		want_range "1 0" "after dpkg -r"
		nothing_left "dpkg -r"
		iputils_back
		out=$(chroot "$r" timeout 20 ping -c 1 127.0.0.1 2>&1)
		printf '%s\n' "$out" | sed 's/^/    ping: /'
		grep -q '^1 packets transmitted, 1 received' <<<"$out" || fail "root cannot ping with iputils' ping"
		ok "root pings with iputils' ping again"
		;;
	*) fail "unknown case $case" ;;
	esac
}

if [ "${1:-}" = --inside ]; then
	release=$6
	inside "$2" "$3" "$4" "$5"
	exit 0
fi

# ---------------------------------------------------------------------------
[ -z "${PINGSOCK_PACKAGE_BUILD:-}" ] || { echo "SKIP: running inside a package build"; exit 77; }
[ "$(id -u)" = 0 ] || skip "installing into a chroot needs root"
for tool in unshare chroot mount ip getcap flock; do
	command -v "$tool" >/dev/null 2>&1 || fail "$tool not found"
done

pkg_release
pkg_tmpdir chroot
pkg_cache
pkg_build_deb
pkg_base_tarball "$release"
host_before=$(pkg_host_range)
cases="open etc-d etc-conf mask preopened systemd no-procps no-proc back"
[ "$release" = bookworm ] || cases="$cases no-sysctl-defaults"
echo "$(pkg_release_name "$release"): $cases"

# Unpacked once; each case works on an overlay of it, mounted in the case's
# own mount namespace, so that every case starts from the same root.
mkdir "$tmp/base" && tar -C "$tmp/base" -xzf "$basetgz" || fail "unpacking $basetgz"
for case in $cases; do
	echo "--- $case"
	unshare -mn --propagation private "$BASH" "$0" --inside "$case" "$tmp/base" "$tmp/$case" "$deb" "$release" ||
		fail "case $case (above)"
	rm -rf --one-file-system "${tmp:?}/$case"
done

[ "$(pkg_host_range)" = "$host_before" ] ||
	fail "the host's net.ipv4.ping_group_range changed from '$host_before' to '$(pkg_host_range)'"
ok "the host's net.ipv4.ping_group_range is still '$host_before'"
echo "chroot test passed"
