#!/bin/bash
# The package builds bit for bit the same twice (and three times), however
# the build differs:
#
# 1. reprotest (Debian's) on a copy of the source tree: a control build and
#    an experiment build that differ in build path, time (faketime, a year
#    and more ahead), time zone, locale, umask, environment, HOME, kernel
#    personality, CPU count, PATH, ASLR and, where disorderfs can mount (it
#    needs FUSE), directory order.  Its .debs must be the same.
# 2. reprotest's own user variation cannot run on Debian 12 (it calls
#    "sudo -h localhost", which sudo 1.9 refuses), so a third build runs as
#    another user (uid 65534, no groups), in another path, time zone,
#    locale and umask, and its .deb must be the control build's.
#
# This machine's release (the package built here).  Exits 77 without
# reprotest or root, except under CI (CI=true), where that fails.
set -uo pipefail

# shellcheck source=tests/package/lib.sh
. "$(dirname "$0")/lib.sh"

[ -z "${PINGSOCK_PACKAGE_BUILD:-}" ] || { echo "SKIP: running inside a package build"; exit 77; }
[ "$(id -u)" = 0 ] || skip "the build as another user needs root"
command -v reprotest >/dev/null 2>&1 || skip "reprotest not found (apt-get install reprotest disorderfs)"
command -v dpkg-buildpackage >/dev/null 2>&1 ||
	skip "dpkg-buildpackage not found (apt-get install dpkg-dev debhelper)"
if ! deps=$(dpkg-checkbuilddeps "$PINGSOCK_SRCDIR/debian/control" 2>&1); then
	skip "build dependencies missing: ${deps##*: } (apt-get build-dep ./ in the source tree)"
fi
for tool in setpriv faketime; do
	command -v "$tool" >/dev/null 2>&1 || fail "$tool not found (reprotest needs faketime)"
done

pkg_tmpdir reproducible
tree=$tmp/pingsock
pkg_copy_tree "$tree"

# Directory order: only where disorderfs can mount here.
vary=(--vary=-domain_host --vary=-user_group)
mkdir "$tmp/fuse-a" "$tmp/fuse-b"
if command -v disorderfs >/dev/null 2>&1 && disorderfs "$tmp/fuse-a" "$tmp/fuse-b" >/dev/null 2>&1 &&
		fusermount -u "$tmp/fuse-b"; then
	ordering="directory order (disorderfs)"
else
	vary+=(--vary=-fileordering)
	ordering="not directory order: disorderfs cannot mount here (no FUSE)"
fi
rmdir "$tmp/fuse-a" "$tmp/fuse-b"

echo "reprotest ${vary[*]} (varied: build path, time, time zone, locale, umask, environment, HOME, kernel, CPUs, PATH, ASLR; $ordering)"
start=$SECONDS
(cd "$tree" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
	timeout 1500 reprotest "${vary[@]}" --min-cpus=1 --store-dir="$tmp/store" . -- null) >"$tmp/reprotest.log" 2>&1
rc=$?
grep -E '^(Will use|=+ *Reproduction|WARNING|ERROR|--- |\+\+\+ )' "$tmp/reprotest.log" | sed 's/^/  reprotest: /'
if [ $rc != 0 ]; then
	grep -vE '^\[[0-9]+/[0-9]+\]' "$tmp/reprotest.log" | tail -n 40
	fail "reprotest: the two builds differ, or it failed (exit $rc, above)"
fi
grep -q 'Reproduction successful' "$tmp/reprotest.log" || fail "reprotest did not report a successful reproduction"
control=$(find "$tmp/store/control" -name 'pingsock-ping_*.deb' | head -n 1)
[ -n "$control" ] || fail "reprotest kept no control .deb in $tmp/store/control"
ok "reprotest: the control and experiment builds are identical ($((SECONDS - start)) s): $(sha256sum <"$control" | cut -c1-16) $(basename "$control")"

# --- The third build, as uid 65534.
other=$tmp/other/build-path-$$
mkdir -p "$other" "$tmp/other/home" "$tmp/other/tmp" && cp -a "$tree" "$other/pingsock" &&
	chown -R 65534:65534 "$tmp/other" || fail "preparing the build as uid 65534"
chmod 755 "$tmp/other"
# A locale of its own where one is there (reprotest's recommended
# locales-all has them), else C.UTF-8.
loc=C.UTF-8
locales=$(locale -a 2>/dev/null)
case $'\n'$locales$'\n' in *$'\n'fr_CH.utf8$'\n'*) loc=fr_CH.UTF-8 ;; esac
echo "dpkg-buildpackage as uid 65534 in $other, TZ=Pacific/Kiritimati, LC_ALL=$loc, umask 0002"
start=$SECONDS
(cd "$other/pingsock" && umask 0002 && setpriv --reuid=65534 --regid=65534 --clear-groups \
	env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$tmp/other/home" TMPDIR="$tmp/other/tmp" TZ=Pacific/Kiritimati \
	LC_ALL="$loc" PINGSOCK_PACKAGE_BUILD=1 dpkg-buildpackage -us -uc -b) >"$tmp/user-build.log" 2>&1 || {
	tail -n 40 "$tmp/user-build.log"
	fail "dpkg-buildpackage as uid 65534 failed (last lines above)"
}
third=$(find "$other" -maxdepth 1 -name 'pingsock-ping_*.deb' | head -n 1)
[ -n "$third" ] || fail "the build as uid 65534 left no .deb"
if ! cmp -s "$control" "$third"; then
	if command -v diffoscope >/dev/null 2>&1; then
		diffoscope --text - "$control" "$third" 2>&1 | head -n 60
	fi
	fail "the .deb built as uid 65534 differs from reprotest's control build (above)"
fi
ok "as uid 65534, another path, time zone, locale and umask: the same .deb ($((SECONDS - start)) s)"
echo "reproducible test passed"
