#!/bin/bash
# Debian's installation tester, piuparts, on the pingsock-ping .deb in a
# chroot of the release under test (lib.sh's pkg_release: this machine's,
# or PINGSOCK_PKG_RELEASE; the package built on that release) made with
# debootstrap (lib.sh) that has iputils-ping installed.  piuparts installs the package over iputils-ping, removes and
# purges it, installs iputils-ping again (to restore the chroot it started
# from) and fails on any error, on files left behind or changed, and on
# diversions not undone.
#
# piuparts runs in the host's network namespace (apt needs the archive), so
# the chroot's /proc is made read-only before anything is installed: the
# package's postinst cannot change the host's net.ipv4.ping_group_range and
# takes the path of a container, which the test checks (a note, exit 0).
#
# Needs root, piuparts and debootstrap; exits 77 without them or without an
# archive to debootstrap from, except under CI (CI=true), where that fails.
set -uo pipefail

# shellcheck source=tests/package/lib.sh
. "$(dirname "$0")/lib.sh"

[ -z "${PINGSOCK_PACKAGE_BUILD:-}" ] || { echo "SKIP: running inside a package build"; exit 77; }
[ "$(id -u)" = 0 ] || skip "piuparts needs root"
command -v piuparts >/dev/null 2>&1 || skip "piuparts not found (apt-get install piuparts)"
for tool in unshare mount flock; do
	command -v "$tool" >/dev/null 2>&1 || fail "$tool not found"
done

pkg_release
pkg_tmpdir piuparts
pkg_cache
pkg_build_deb
pkg_base_tarball "$release"
host_before=$(pkg_host_range)

# piuparts copies these into the chroot and runs them inside it.  Right
# after it mounts /proc there (in this test's private mount namespace), the
# mount is made read-only; should that not hold, piuparts stops at once.
scripts=$tmp/scripts
mkdir "$scripts"
cat >"$scripts/post_chroot_unpack_proc_read_only" <<'EOF'
#!/bin/sh
set -e
mount -o remount,bind,ro /proc
if [ -w /proc/sys/net/ipv4/ping_group_range ]; then
	echo "/proc/sys is still writable in the chroot" >&2
	exit 1
fi
echo "/proc is read-only in the chroot"
EOF
# Before the package is installed: iputils-ping is there.
cat >"$scripts/pre_install_iputils_present" <<'EOF'
#!/bin/sh
set -e
dpkg-query -W -f '${Status} ${Package}\n' iputils-ping | grep -qx 'install ok installed iputils-ping'
echo "iputils-ping is installed"
EOF
# After: it is gone, replaced, and our ping has no capability.
cat >"$scripts/post_install_replaced" <<'EOF'
#!/bin/sh
set -e
if dpkg-query -W -f '${Status}\n' iputils-ping 2>/dev/null | grep -q ' installed$'; then
	echo "iputils-ping is still installed" >&2
	exit 1
fi
dpkg-query -W -f '${Status} ${Package}\n' pingsock-ping | grep -qx 'install ok installed pingsock-ping'
[ -x /usr/bin/ping ] && [ ! -u /usr/bin/ping ]
[ -z "$(getcap /usr/bin/ping)" ]
[ "$(readlink -f /bin/ping)" = /usr/bin/ping ]
echo "pingsock-ping replaced iputils-ping: /bin/ping is /usr/bin/ping, without capability"
EOF
# No link of ours leads nowhere (piuparts' own check of every link in the
# chroot cannot run on Debian 13: see below).
cat >"$scripts/post_install_links" <<'EOF'
#!/bin/sh
set -e
bad=0
for f in $(dpkg-query -L pingsock-ping); do
	if [ -L "$f" ] && [ ! -e "$f" ]; then
		echo "broken link in pingsock-ping: $f -> $(readlink "$f")" >&2
		bad=1
	fi
done
[ "$bad" = 0 ]
echo "no broken link in pingsock-ping"
EOF
chmod 755 "$scripts"/*
# piuparts fails on any broken link in the chroot, but a Debian 13 base
# system has two of its own before anything is installed (systemd's
# /etc/vconsole.conf -> default/keyboard and /etc/default/locale ->
# ../locale.conf): there the script above checks ours.
# Debian 13's debconf leaves /var/cache/debconf/tmp.ci/ behind whenever apt
# installs anything; piuparts 1.1.7 (Debian 12) does not know it yet.
opts=(--fail-on-broken-symlinks)
base_links='/etc/vconsole.conf -> default/keyboard|/etc/default/locale -> ../locale.conf'
[ "$release" = bookworm ] || opts=(--ignore=/var/cache/debconf/tmp.ci/)

log=$tmp/piuparts.log
echo "piuparts on $(basename "$deb") in $(pkg_release_name "$release") (log: $log, shown below on failure)"
start=$SECONDS
# --tmpdir: the chroot lives under $tmp, removed at exit whatever happens.
unshare -m --propagation private \
	timeout 1500 piuparts --basetgz="$basetgz" --distribution="$release" --mirror="$mirror" \
	--skip-minimize --scriptsdir="$scripts" --tmpdir="$tmp" "${opts[@]}" \
	--log-file="$log" "$deb" >/dev/null 2>&1
rc=$?
cp "$log" "$cache/piuparts.log" && echo "piuparts log kept as $cache/piuparts.log"
show_log() { grep -E 'INFO|ERROR|FAIL|PASS|pingsock-ping:' "$log" | tail -n 80 | sed 's/^/  piuparts: /'; }
if [ $rc != 0 ]; then
	show_log
	fail "piuparts exited with $rc"
fi
ok "piuparts passed ($((SECONDS - start)) s)"

# The log proves each step happened, in this order: each pattern must match
# a line after the one the previous pattern matched.
at=0
expect() {
	local n
	n=$(tail -n +"$((at + 1))" "$log" | grep -n -m 1 -- "$1" | cut -d: -f1)
	[ -n "$n" ] || { show_log; fail "piuparts log lacks, after line $at: $2 ($1)"; }
	at=$((at + n))
	ok "$2 (log line $at)"
}
expect 'proc is read-only in the chroot' "the chroot's /proc was read-only"
expect 'iputils-ping is installed' "iputils-ping was installed before"
expect 'Removing iputils-ping' "installing the package removed iputils-ping"
expect 'pingsock-ping: .*ping_group_range is read-only (a container?): net.ipv4.ping_group_range was not changed.*as root: sysctl -p /usr/lib/sysctl.d/60-pingsock.conf' \
	"postinst noticed the read-only /proc/sys and said what to run"
expect 'no broken link in pingsock-ping' "no link of the package leads nowhere"
expect 'pingsock-ping replaced iputils-ping' "then /bin/ping was ours, without capability"
expect 'Removing pingsock-ping' "the package was removed"
expect 'Setting up iputils-ping' "iputils-ping was installed again"
expect 'Purging configuration files for pingsock-ping' "the package was purged"
expect 'PASS: Installation and purging test' "nothing left behind, no diversion left"
# piuparts only warns about what it does not fail on (broken symlinks
# right after installation, for instance); none of that either.
# On Debian 13 it warns about the base system's two links at each step,
# and about nothing else.
if grep -E '(WARN|Warning):' "$log" | grep -v 'force-yes is deprecated' |
		{ if [ "$release" = bookworm ]; then cat; else grep -v 'WARN: Broken symlinks:$'; fi; } | grep .; then
	fail "piuparts warned (above)"
fi
if grep -E '^  /[^ ]* -> ' "$log" | sed 's/^  //' | grep -vxE "$base_links"; then
	fail "piuparts found broken links (above) besides the base system's"
fi
ok "no piuparts warning"

[ "$(pkg_host_range)" = "$host_before" ] ||
	fail "the host's net.ipv4.ping_group_range changed from '$host_before' to '$(pkg_host_range)'"
ok "the host's net.ipv4.ping_group_range is still '$host_before'"
echo "piuparts test passed"
