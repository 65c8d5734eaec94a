#!/bin/bash
# The other Debian release the project supports, proved from this one: on
# Debian 12 it is Debian 13 (trixie), on Debian 13 Debian 12 (bookworm).  In
# a root of that release made with debootstrap (the package suite's chroot,
# tests/package/lib.sh, shared and cached with it), as a new user of that
# release would: README's build command exactly as README gives it (apt-get
# update and install, meson setup, compile, ping 127.0.0.1 three times),
# where a compiler warning is a failure (Debian 13's gcc 14 warns where
# Debian 12's gcc 12 does not), then the unit and install suites of that
# build, with what the install suite needs (bash-completion, groff, locales)
# and CI passed on: nothing may skip under CI.
#
# The root runs in a mount namespace of its own, in the host's network
# namespace (apt needs the archive; the only ping goes to 127.0.0.1).
# Needs root and debootstrap; exits 77 without them, or on a machine that
# runs neither release, except under CI (CI=true), where that fails.
set -uo pipefail
# shellcheck disable=SC2016 # the scripts run in the root expand their own

# shellcheck source=tests/package/lib.sh
. "$(dirname "$0")/../package/lib.sh"

[ -z "${PINGSOCK_PACKAGE_BUILD:-}" ] || { echo "SKIP: running inside a package build"; exit 77; }
[ "$(id -u)" = 0 ] || skip "a debootstrap root needs root"
for tool in unshare chroot mount tar; do
	command -v "$tool" >/dev/null 2>&1 || fail "$tool not found"
done
src=${PINGSOCK_SRCDIR:?PINGSOCK_SRCDIR is not set}
host=$(pkg_host_release)
case $host in
bookworm) other=trixie ;;
trixie) other=bookworm ;;
*) skip "this machine runs neither Debian 12 nor Debian 13 (/etc/os-release)" ;;
esac
name=$(pkg_release_name "$other")

build_cmd=$(sed -n '/<!-- build-command -->/,/<!-- \/build-command -->/p' "$src/README.md" |
	sed -n '/^```sh$/,/^```$/p' | sed '1d;$d')
[ -n "$build_cmd" ] || fail "no build command between the build-command markers of README.md"

pkg_tmpdir release
pkg_cache
pkg_base_tarball "$other"
root=$tmp/root
start=$SECONDS
pkg_unpack_root "$root"
pkg_copy_tree "$root/src"
echo "$name root: $root (from $basetgz)"

# --- README's build command, as README gives it.
echo "README's build command in $name: $build_cmd"
printf '%s\n' "$build_cmd" >"$root/build-command"
pkg_chroot_run "$root" 'cd /src && bash -o pipefail /build-command' >"$tmp/build.log" 2>&1
rc=$?
if [ $rc != 0 ]; then
	tail -n 60 "$tmp/build.log"
	fail "README's build command failed in $name (exit $rc, last lines above)"
fi
versions=$(pkg_chroot_run "$root" 'gcc -dumpfullversion; meson --version; . /etc/os-release; echo "$PRETTY_NAME"' | xargs)
ok "README's build command in $name ($versions, $((SECONDS - start)) s)"
grep -q '^3 packets transmitted, 3 received' "$tmp/build.log" ||
	fail "the build command's ping did not get its 3 replies: $(grep -E 'packets transmitted' "$tmp/build.log")"
ok "its ping: $(grep 'packets transmitted' "$tmp/build.log")"
if grep -E 'warning:|error:' "$tmp/build.log"; then
	fail "the compiler of $name warns (above)"
fi
ok "no compiler warning in $name"

# --- The unit and install suites of that build.
pkg_chroot_run "$root" 'apt-get install -y -q bash-completion groff-base locales >/tmp/apt.log 2>&1 || { tail -n 20 /tmp/apt.log; exit 1; }
	dpkg-query -W -f "\${Package} \${Version}\n" bash-completion iputils-ping
	cd /src && meson test -C build --suite unit --suite install --print-errorlogs' >"$tmp/test.log" 2>&1
rc=$?
sed 's/^/  /' "$tmp/test.log" | grep -vE '^  (ninja|\[[0-9]+/[0-9]+\])'
[ $rc = 0 ] || fail "the unit or install suite failed in $name (exit $rc, above)"
grep -qE '^Fail: +0 *$' "$tmp/test.log" && grep -qE '^Ok: +[1-9]' "$tmp/test.log" ||
	fail "meson's totals in $name are not all passed (above)"
if [ "${CI:-}" = true ] && ! grep -qE '^Skipped: +0 *$' "$tmp/test.log"; then
	fail "a test skipped in $name under CI (above)"
fi
ok "unit and install suites in $name ($((SECONDS - start)) s in all)"
echo "release test passed"
