# shellcheck shell=bash disable=SC2034 # sets variables for the sourcing test
# Shared by the tests of the 'package' suite (sourced by bash).
#
# - skip/fail/ok: results.  A skip (exit 77) is for a machine that truly
#   cannot run the test; under CI (CI=true) it is a failure instead.
# - pkg_build_deb: the pingsock-ping .deb, built with dpkg-buildpackage from a
#   copy of the source tree, once per content of that tree (cached).
# - pkg_base_tarball: a Debian 12 (bookworm) chroot made with debootstrap from
#   the Debian archive that apt already uses here, packed as a .tar.gz, once
#   a day (cached).
#
# Environment (set by meson.build): PINGSOCK_SRCDIR, the source root;
# PINGSOCK_CACHE_DIR, where the .deb and the chroot are kept between tests
# and runs (without it, nothing is kept); PINGSOCK_DEBIAN_MIRROR, optional,
# the archive to debootstrap from instead of the one apt uses.

skip() {
	if [ "${CI:-}" = true ]; then
		echo "FAIL: cannot run under CI: $*" >&2
		exit 1
	fi
	echo "SKIP: $*"
	exit 77
}
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }

# A private temporary directory, removed at exit: sets $tmp.
pkg_tmpdir() {
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/pingsock-$1.XXXXXX") || fail "mktemp"
	# shellcheck disable=SC2064 # expand now
	trap "rm -rf --one-file-system '$tmp'" EXIT
	chmod 755 "$tmp"
}

# The cache directory ($PINGSOCK_CACHE_DIR, else one under $tmp), locked
# against another test run using it at the same time: sets $cache.
pkg_cache() {
	cache=${PINGSOCK_CACHE_DIR:-$tmp/cache}
	mkdir -p "$cache" || fail "cannot create the cache directory $cache"
	exec 9>"$cache/.lock" || fail "cannot open $cache/.lock"
	flock 9 || fail "cannot lock $cache/.lock"
}

# Copies the source tree, what git tracks or would track (build directories
# are ignored) or, outside a git work tree, everything but .git and meson
# build directories, into $1.
pkg_copy_tree() {
	local dest=$1 srcabs top d
	local -a excludes
	srcabs=$(cd "${PINGSOCK_SRCDIR:?PINGSOCK_SRCDIR is not set}" && pwd -P)
	mkdir -p "$dest"
	if top=$(git -C "$srcabs" rev-parse --show-toplevel 2>/dev/null) && [ "$top" = "$srcabs" ]; then
		echo "copying the files git lists in $srcabs"
		git -C "$srcabs" ls-files -z --cached --others --exclude-standard |
			tar -C "$srcabs" --null --files-from=- --ignore-failed-read -cf - |
			tar -C "$dest" -xf - || fail "copying the source tree"
	else
		echo "copying $srcabs (not a git work tree)"
		excludes=(--exclude=./.git --exclude=./debian/build --exclude=./debian/.debhelper
			--exclude=./debian/pingsock-ping)
		while IFS= read -r d; do
			excludes+=("--exclude=./${d%/meson-private}")
		done < <(cd "$srcabs" && find . -mindepth 2 -maxdepth 4 -type d -name meson-private -prune)
		tar -C "$srcabs" "${excludes[@]}" -cf - . | tar -C "$dest" -xf - ||
			fail "copying the source tree"
	fi
	[ -f "$dest/debian/control" ] || fail "debian/control missing from the copy"
}

# Builds the binary package (or takes it from the cache when the source tree
# is the same): sets deb (the pingsock-ping .deb), changes (the .changes
# beside it) and buildlog.  Skips when dpkg-buildpackage or the build
# dependencies are missing.
pkg_build_deb() {
	local tree=$tmp/pingsock key dir start
	local -a debs chs
	command -v dpkg-buildpackage >/dev/null 2>&1 ||
		skip "dpkg-buildpackage not found (apt-get install dpkg-dev debhelper lintian)"
	if ! deps=$(dpkg-checkbuilddeps "$PINGSOCK_SRCDIR/debian/control" 2>&1); then
		skip "build dependencies missing: ${deps##*: } (apt-get build-dep ./ in the source tree)"
	fi
	pkg_copy_tree "$tree"
	key=$(tar -C "$tree" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf - . |
		sha256sum | cut -c1-16) || fail "hashing the source tree"
	dir=$cache/deb-$key
	if [ -f "$dir/done" ]; then
		echo "reusing the package built from this source tree: $dir"
	else
		rm -rf "$cache"/deb-*
		echo "dpkg-buildpackage -us -uc -b in $tree"
		start=$SECONDS
		if ! (cd "$tree" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL PINGSOCK_PACKAGE_BUILD=1 \
				dpkg-buildpackage -us -uc -b -Jauto) >"$tmp/build.log" 2>&1; then
			tail -n 60 "$tmp/build.log"
			fail "dpkg-buildpackage failed (last lines above)"
		fi
		ok "dpkg-buildpackage ($((SECONDS - start)) s)"
		mkdir -p "$dir.new" &&
			cp "$tmp/build.log" "$tmp"/*.deb "$tmp"/*.changes "$tmp"/*.buildinfo "$dir.new"/ &&
			touch "$dir.new/done" && mv "$dir.new" "$dir" || fail "storing the package in $dir"
	fi
	rm -rf "$tree"
	shopt -s nullglob
	debs=("$dir"/pingsock-ping_*.deb)
	chs=("$dir"/pingsock_*.changes)
	shopt -u nullglob
	[ ${#debs[@]} = 1 ] || fail "expected one pingsock-ping .deb, found: ${debs[*]:-none}"
	[ ${#chs[@]} = 1 ] || fail "expected one .changes, found: ${chs[*]:-none}"
	deb=${debs[0]} changes=${chs[0]} buildlog=$dir/build.log
	echo "package: $(basename "$deb")"
}

# The Debian archive to debootstrap Debian 12 from: $PINGSOCK_DEBIAN_MIRROR,
# else the one apt's sources name for bookworm main (never a fixed host).
pkg_mirror() {
	if [ -n "${PINGSOCK_DEBIAN_MIRROR:-}" ]; then
		echo "$PINGSOCK_DEBIAN_MIRROR"
		return
	fi
	apt-get indextargets --format '$(REPO_URI)' 'Created-By: Packages' 'Label: Debian' \
		'Component: main' 'Codename: bookworm' 2>/dev/null | head -n 1
}

# The packages the chroot has besides the minimal base: the ping the package
# replaces (with libcap2-bin, so that it gets its capability), and procps and
# systemd, for the sysctl and systemd-sysctl that a Debian 12 system has.
PKG_CHROOT_INCLUDE=iputils-ping,libcap2-bin,procps,systemd

# A Debian 12 base system as a .tar.gz, for piuparts --basetgz and for
# unpacking as a throwaway root: sets basetgz and mirror.  Made once a day
# (and for each archive); skips when it cannot be made, except under CI.
pkg_base_tarball() {
	local key dir start
	[ "$(id -u)" = 0 ] || skip "debootstrap needs root"
	command -v debootstrap >/dev/null 2>&1 || skip "debootstrap not found (apt-get install debootstrap)"
	mirror=$(pkg_mirror)
	[ -n "$mirror" ] ||
		skip "apt's sources name no Debian 12 (bookworm) archive to debootstrap from; set PINGSOCK_DEBIAN_MIRROR"
	key=$(printf '%s %s\n' "$mirror" "$PKG_CHROOT_INCLUDE" | sha256sum | cut -c1-8)
	basetgz=$cache/bookworm-$(date -u +%Y%m%d)-$key.tar.gz
	if [ -f "$basetgz" ]; then
		echo "reusing the Debian 12 chroot $basetgz"
		return
	fi
	rm -f "$cache"/bookworm-*.tar.gz
	dir=$tmp/debootstrap
	echo "debootstrap bookworm from $mirror (include $PKG_CHROOT_INCLUDE)"
	start=$SECONDS
	if ! timeout 900 debootstrap --variant=minbase --include="$PKG_CHROOT_INCLUDE" \
			--components=main bookworm "$dir" "$mirror" >"$tmp/debootstrap.log" 2>&1; then
		tail -n 20 "$tmp/debootstrap.log"
		skip "cannot build a Debian 12 chroot with debootstrap from $mirror (last lines above)"
	fi
	rm -f "$dir"/var/cache/apt/archives/*.deb
	tar -C "$dir" --one-file-system -czf "$basetgz.new" . && mv "$basetgz.new" "$basetgz" ||
		fail "packing the chroot into $basetgz"
	rm -rf --one-file-system "$dir"
	ok "Debian 12 chroot made and packed ($((SECONDS - start)) s): $basetgz"
}

# The range of the host's network namespace, to show that a test left it
# alone.
pkg_host_range() {
	tr -s '[:space:]' ' ' </proc/sys/net/ipv4/ping_group_range | sed 's/ $//'
}
