#!/bin/bash
# target-ref.sh: print the path of iputils 20250605's ping (the release this
# project matches) made runnable here, or nothing when it cannot be had.
#
#     IPUTILS_PING=$(tests/integration/target-ref.sh build) meson test -C build --suite integration
#
# Debian 12 and 13 ship older releases (20221126, 20240905), which the
# suites compare with by default (iputils-ref.sh).  This fetches the target
# release from a suite of Debian's archive that has it (forky, sid), with
# the C library and the libraries it links, into <build dir>/iputils-target/
# (nothing is installed), and points the binary at them with patchelf (an
# interpreter and a search path of its own), so that it runs on an older
# system as root, as a user and from a copy.  A developer's tool: CI keeps
# comparing with the release of the system it runs on, since the archive's
# suites move on to newer releases.
#
# Usage: target-ref.sh [BUILD_DIR]   (default: build)
# Environment: TARGET_REF_MIRROR (default http://deb.debian.org/debian),
# TARGET_REF_VERSION (default 20250605: the upstream version wanted).
# Diagnostics go to stderr; exit 0 with nothing printed when it cannot.

set -u
build=${1:-build}
mirror=${TARGET_REF_MIRROR:-http://deb.debian.org/debian}
want=${TARGET_REF_VERSION:-20250605}
arch=$(dpkg --print-architecture 2>/dev/null) || { echo "target-ref: no dpkg" >&2; exit 0; }
helper=/usr/lib/apt/apt-helper
[ -d "$build" ] || { echo "target-ref: no build directory $build" >&2; exit 0; }
dest=$(cd "$build" && pwd)/iputils-target
bin=$dest/ping

if [ -x "$bin" ] && "$bin" -V 2>/dev/null | grep -q "iputils $want\$"; then
	echo "$bin"
	exit 0
fi
[ -x "$helper" ] || { echo "target-ref: $helper missing (package apt)" >&2; exit 0; }
command -v patchelf >/dev/null 2>&1 || { echo "target-ref: patchelf missing (apt-get install patchelf)" >&2; exit 0; }

work=$(mktemp -d "${TMPDIR:-/tmp}/target-ref.XXXXXX") || exit 0
trap 'rm -rf "$work"' EXIT

# field PACKAGE FIELD < Packages: the field of the first stanza of PACKAGE.
field() {
	awk -v p="$1" -v f="$2:" '
		/^Package: / { cur = $2 }
		cur == p && $1 == f { print $2; exit }'
}

for suite in forky sid; do
	"$helper" download-file "$mirror/dists/$suite/main/binary-$arch/Packages.xz" \
		"$work/Packages.xz" >/dev/null 2>&1 || continue
	"$helper" cat-file "$work/Packages.xz" > "$work/Packages" 2>/dev/null || continue
	ver=$(field iputils-ping Version < "$work/Packages")
	case $ver in
	*:"$want"-*|"$want"-*) break ;;
	esac
	echo "target-ref: $suite has iputils-ping ${ver:-none}, not $want" >&2
	ver=
done
[ -n "${ver:-}" ] || { echo "target-ref: no suite of $mirror has iputils $want" >&2; exit 0; }

# The binary, the C library, and what ping links (libcap2, libidn2-0 and
# libidn2's own libunistring).
root=$work/root
mkdir -p "$root"
for pkg in iputils-ping libc6 libcap2 libidn2-0 libunistring5; do
	file=$(field "$pkg" Filename < "$work/Packages")
	sum=$(field "$pkg" SHA256 < "$work/Packages")
	if [ -z "$file" ] || [ -z "$sum" ]; then
		echo "target-ref: $pkg not in the index" >&2
		exit 0
	fi
	"$helper" download-file "$mirror/$file" "$work/$pkg.deb" "SHA256:$sum" >/dev/null 2>&1 || {
		echo "target-ref: download of $file failed" >&2
		exit 0
	}
	dpkg -x "$work/$pkg.deb" "$root" || exit 0
done

rm -rf "$dest"
mkdir -p "$dest"
mv "$root" "$dest/root" || exit 0
lib=$dest/root/usr/lib/$(gcc -dumpmachine 2>/dev/null || echo "$arch-linux-gnu")
[ -d "$lib" ] || lib=$(dirname "$(find "$dest/root" -name 'libc.so.6' | head -n 1)")
ld=$(find "$dest/root" -name 'ld-linux*.so*' -type f | head -n 1)
if [ -z "$ld" ] || [ ! -d "$lib" ]; then
	echo "target-ref: no loader or libraries unpacked" >&2
	exit 0
fi
cp "$dest/root/usr/bin/ping" "$bin" || exit 0
# DT_RPATH (not RUNPATH): libidn2 finds libunistring there too.
patchelf --set-interpreter "$ld" --force-rpath --set-rpath "$lib" "$bin" || exit 0
chmod -R a+rX "$dest"
if "$bin" -V 2>/dev/null | grep -q "iputils $want\$"; then
	echo "$bin"
else
	echo "target-ref: the unpacked ping does not run here" >&2
fi
exit 0
