# shellcheck shell=bash disable=SC2034 # sets variables for the sourcing test
# Shared by the tests of the 'package' suite (sourced by bash).
#
# - skip/fail/ok: results.  A skip (exit 77) is for a machine that truly
#   cannot run the test; under CI (CI=true) it is a failure instead.
# - pkg_build_deb: the pingsock-ping .deb, built with dpkg-buildpackage from a
#   copy of the source tree, once per content of that tree (cached).
# - pkg_release: the release under test (this machine's, bookworm or trixie).
# - pkg_base_tarball: a chroot of a release made with debootstrap from the
#   Debian archive that apt already uses here, packed as a .tar.gz, once a
#   day (cached).
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

# Builds the binary package for the release under test, $release (or
# takes it from the cache when the source tree is the same): on this
# machine when it runs that release, else in a chroot of that release
# (pkg_base_tarball) with the build dependencies installed there, so that a
# Debian 13 package is built on Debian 13.  Sets deb (the pingsock-ping
# .deb), changes (the .changes beside it) and buildlog.  Skips when
# dpkg-buildpackage or the build dependencies are missing here.
pkg_build_deb() {
	local tree=$tmp/pingsock key dir start rel=${release:-$(pkg_host_release)} where
	local -a debs chs
	if [ "$rel" = "$(pkg_host_release)" ]; then
		where="this machine"
		command -v dpkg-buildpackage >/dev/null 2>&1 ||
			skip "dpkg-buildpackage not found (apt-get install dpkg-dev debhelper lintian)"
		if ! deps=$(dpkg-checkbuilddeps "$PINGSOCK_SRCDIR/debian/control" 2>&1); then
			skip "build dependencies missing: ${deps##*: } (apt-get build-dep ./ in the source tree)"
		fi
	else
		where="a $(pkg_release_name "$rel") chroot"
	fi
	pkg_copy_tree "$tree"
	key=$(tar -C "$tree" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf - . |
		sha256sum | cut -c1-16) || fail "hashing the source tree"
	dir=$cache/deb-$rel-$key
	if [ -f "$dir/done" ]; then
		echo "reusing the $rel package built from this source tree: $dir"
	else
		rm -rf "$cache/deb-$rel"-*
		echo "dpkg-buildpackage -us -uc -b in $where"
		start=$SECONDS
		if [ "$where" = "this machine" ]; then
			(cd "$tree" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL PINGSOCK_PACKAGE_BUILD=1 \
				dpkg-buildpackage -us -uc -b -Jauto) >"$tmp/build.log" 2>&1
		else
			pkg_base_tarball "$rel"
			_pkg_build_in_chroot "$tree" >"$tmp/build.log" 2>&1
		fi || {
			tail -n 60 "$tmp/build.log"
			fail "dpkg-buildpackage in $where failed (last lines above)"
		}
		ok "dpkg-buildpackage in $where ($((SECONDS - start)) s)"
		mkdir -p "$dir.new" &&
			cp "$tmp/build.log" "$tmp"/*.deb "$tmp"/*.changes "$tmp"/*.buildinfo "$dir.new"/ &&
			touch "$dir.new/done" && mv "$dir.new" "$dir" || fail "storing the package in $dir"
		rm -f "$tmp"/*.deb "$tmp"/*.changes "$tmp"/*.buildinfo
	fi
	rm -rf "$tree"
	shopt -s nullglob
	debs=("$dir"/pingsock-ping_*.deb)
	chs=("$dir"/pingsock_*.changes)
	shopt -u nullglob
	[ ${#debs[@]} = 1 ] || fail "expected one pingsock-ping .deb, found: ${debs[*]:-none}"
	[ ${#chs[@]} = 1 ] || fail "expected one .changes, found: ${chs[*]:-none}"
	deb=${debs[0]} changes=${chs[0]} buildlog=$dir/build.log
	echo "package: $(basename "$deb") ($rel)"
}

# _pkg_build_in_chroot TREE: dpkg-buildpackage -us -uc -b of TREE in a
# throwaway root unpacked from $basetgz, with the build dependencies that
# debian/control names installed there from the archive; the results land
# in $tmp, as a build here leaves them.
_pkg_build_in_chroot() {
	local tree=$1 root=$tmp/build-root
	pkg_unpack_root "$root"
	mkdir -p "$root/build" && cp -a "$tree" "$root/build/pingsock" || return 1
	pkg_chroot_run "$root" 'set -e
		apt-get update -q
		apt-get install -y -q --no-install-recommends build-essential dpkg-dev
		cd /build/pingsock
		apt-get build-dep -y -q --no-install-recommends ./
		PINGSOCK_PACKAGE_BUILD=1 dpkg-buildpackage -us -uc -b -Jauto' || return 1
	cp "$root"/build/*.deb "$root"/build/*.changes "$root"/build/*.buildinfo "$tmp"/ || return 1
	rm -rf --one-file-system "$root"
}

# The releases the project supports, and the one this machine runs
# (VERSION_CODENAME of /etc/os-release; empty on anything else).
PKG_RELEASES="bookworm trixie"
pkg_host_release() {
	local c
	c=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
	case " $PKG_RELEASES " in *" $c "*) echo "$c" ;; esac
}
# pkg_release_name CODENAME: "Debian 12 (bookworm)" and the like.
pkg_release_name() {
	case $1 in
	bookworm) echo "Debian 12 (bookworm)" ;;
	trixie) echo "Debian 13 (trixie)" ;;
	*) echo "$1" ;;
	esac
}
# The release the package suite tests: $PINGSOCK_PKG_RELEASE, else this
# machine's (sets release; skips on a machine that runs neither).
pkg_release() {
	release=${PINGSOCK_PKG_RELEASE:-$(pkg_host_release)}
	[ -n "$release" ] || skip "this machine runs neither of $PKG_RELEASES (/etc/os-release); set PINGSOCK_PKG_RELEASE"
	case " $PKG_RELEASES " in
	*" $release "*) ;;
	*) fail "PINGSOCK_PKG_RELEASE=$release is none of $PKG_RELEASES" ;;
	esac
}

# The Debian archive to debootstrap CODENAME from: $PINGSOCK_DEBIAN_MIRROR,
# else the one apt's sources name for CODENAME main, else any Debian main
# archive they name (one archive holds every release; never a fixed host).
pkg_mirror() {
	if [ -n "${PINGSOCK_DEBIAN_MIRROR:-}" ]; then
		echo "$PINGSOCK_DEBIAN_MIRROR"
		return
	fi
	{
		apt-get indextargets --format '$(REPO_URI)' 'Created-By: Packages' 'Label: Debian' \
			'Component: main' "Codename: $1"
		apt-get indextargets --format '$(REPO_URI)' 'Created-By: Packages' 'Label: Debian' \
			'Component: main'
	} 2>/dev/null | head -n 1
}

# The packages the chroot has besides the minimal base: the ping the package
# replaces (with libcap2-bin, so that it gets its capability), and procps and
# systemd, for the sysctl and systemd-sysctl that a Debian system has; on
# Debian 13, linux-sysctl-defaults, which iputils-ping recommends there and
# which opens the range (a case removes it).
pkg_chroot_include() {
	case $1 in
	bookworm) echo iputils-ping,libcap2-bin,procps,systemd ;;
	*) echo iputils-ping,libcap2-bin,procps,systemd,linux-sysctl-defaults ;;
	esac
}

# pkg_base_tarball [CODENAME]: a base system of CODENAME (default $release,
# else bookworm) as a .tar.gz, for piuparts --basetgz and for unpacking as a
# throwaway root: sets basetgz and mirror.  Made once a day (and for each
# archive); skips when it cannot be made, except under CI.
pkg_base_tarball() {
	local code=${1:-${release:-bookworm}} key dir start include name
	name=$(pkg_release_name "$code")
	[ "$(id -u)" = 0 ] || skip "debootstrap needs root"
	command -v debootstrap >/dev/null 2>&1 || skip "debootstrap not found (apt-get install debootstrap)"
	mirror=$(pkg_mirror "$code")
	[ -n "$mirror" ] ||
		skip "apt's sources name no Debian archive to debootstrap $name from; set PINGSOCK_DEBIAN_MIRROR"
	include=$(pkg_chroot_include "$code")
	key=$(printf '%s %s iputils-deb-kept\n' "$mirror" "$include" | sha256sum | cut -c1-8)
	basetgz=$cache/$code-$(date -u +%Y%m%d)-$key.tar.gz
	if [ -f "$basetgz" ]; then
		echo "reusing the $name chroot $basetgz"
		return
	fi
	rm -f "$cache/$code"-*.tar.gz
	dir=$tmp/debootstrap-$code
	echo "debootstrap $code from $mirror (include $include)"
	start=$SECONDS
	if ! timeout 900 debootstrap --variant=minbase --include="$include" \
			--components=main "$code" "$dir" "$mirror" >"$tmp/debootstrap.log" 2>&1; then
		tail -n 20 "$tmp/debootstrap.log"
		skip "cannot build a $name chroot with debootstrap from $mirror (last lines above)"
	fi
	# The .debs debootstrap fetched go, but for iputils-ping's: the chroot
	# cases give it back after removing ours, without the archive.
	find "$dir/var/cache/apt/archives" -maxdepth 1 -name '*.deb' ! -name 'iputils-ping_*' -delete
	tar -C "$dir" --one-file-system -czf "$basetgz.new" . && mv "$basetgz.new" "$basetgz" ||
		fail "packing the chroot into $basetgz"
	rm -rf --one-file-system "$dir"
	ok "$name chroot made and packed ($((SECONDS - start)) s): $basetgz"
}

# pkg_unpack_root DIR: the base tarball (pkg_base_tarball) unpacked into
# DIR, with the host's resolv.conf, so that apt can reach the archive.
pkg_unpack_root() {
	mkdir -p "$1" && tar -C "$1" -xzf "$basetgz" || fail "unpacking $basetgz into $1"
	cp -L /etc/resolv.conf "$1/etc/resolv.conf" || fail "copying resolv.conf into $1"
}

# pkg_chroot_run DIR SCRIPT: runs the bash SCRIPT as root in the root DIR,
# in a mount namespace of its own with DIR a mount point (as / is) and
# /proc, /sys and /dev mounted (all unmounted with it), in the host's network namespace (apt needs the
# archive), with a clean environment: C.UTF-8, no debconf questions, and
# CI passed on.
pkg_chroot_run() {
	local dir=$1 script=$2
	unshare -m --propagation private bash -c '
		d=$1; shift
		mount --bind "$d" "$d" && mount -t proc proc "$d/proc" && mount --rbind /sys "$d/sys" && mount --rbind /dev "$d/dev" || exit 125
		exec chroot "$d" "$@"' _ "$dir" \
		env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
		LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive CI="${CI:-}" TERM=dumb \
		bash -c "$script"
}

# The range of the host's network namespace, to show that a test left it
# alone.
pkg_host_range() {
	tr -s '[:space:]' ' ' </proc/sys/net/ipv4/ping_group_range | sed 's/ $//'
}
