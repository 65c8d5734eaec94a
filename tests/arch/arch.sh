#!/bin/bash
# The architectures a distribution builds ping for, proved on this amd64
# machine.  Run: meson test -C build --suite arch (as root: CI).
#
# - i386: cross-built with Debian's gcc-i686-linux-gnu (cross/i386.txt,
#   the i386 libraries through multiarch) and run natively: the unit suite
#   (fuzz regressions included) and the integration scripts that run the
#   binary side by side with iputils: basic, options, crafted.
# - armhf, arm64, s390x (big-endian): cross-built (cross/<arch>.txt) and
#   run under qemu-user-static: the unit suite, then a ping of 127.0.0.1
#   and ::1 on a raw socket (root) and on a datagram socket (uid 65534,
#   ping_group_range opened), each in its own network namespace, then the
#   options qemu-user can run.  The options qemu-user 7.2 cannot run
#   (socket options it does not translate) are still tried, and the log
#   says for each whether this qemu runs it or not: nothing is skipped
#   silently.
#
# Every cross build uses -Dwerror=true: no warning on any architecture.
# Missing packages are installed when root (dpkg --add-architecture,
# apt-get); otherwise the test is skipped (77), except under CI=true.
#
# Environment: PINGSOCK_SRCDIR, PINGSOCK_BUILDDIR (the native build; the
# cross builds are kept under its arch/<arch>), PINGSOCK_ARCHES (default
# "i386 armhf arm64 s390x").
set -u

SRC=${PINGSOCK_SRCDIR:?}
BUILD=${PINGSOCK_BUILDDIR:?}
ARCHES=${PINGSOCK_ARCHES:-i386 armhf arm64 s390x}
failed=0

say() { printf 'arch: %s\n' "$*"; }
fail() { say "FAIL: $*"; failed=1; }
skip_or_fail() {
	if [ "${CI:-}" = true ]; then
		say "FAIL (CI): $*"
		exit 1
	fi
	say "SKIP: $*"
	exit 77
}

# Debian's name for an architecture, its GNU triplet and its qemu.
triplet() {
	case $1 in
	i386) echo i686-linux-gnu ;;
	armhf) echo arm-linux-gnueabihf ;;
	arm64) echo aarch64-linux-gnu ;;
	s390x) echo s390x-linux-gnu ;;
	*) return 1 ;;
	esac
}
qemu_of() {
	case $1 in
	armhf) echo qemu-arm-static ;;
	arm64) echo qemu-aarch64-static ;;
	s390x) echo qemu-s390x-static ;;
	*) echo "" ;;
	esac
}

packages_of() {
	local t
	t=$(triplet "$1") || return 1
	echo "gcc-$t libc6-dev-$1-cross libcmocka-dev:$1 libidn2-dev:$1"
	[ -n "$(qemu_of "$1")" ] && echo qemu-user-static
	return 0
}

installed() {
	[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

# Installs what is missing: the foreign architectures, then the packages.
provide() {
	local want=() a p update=0
	for a in $ARCHES; do
		triplet "$a" >/dev/null || { fail "unknown architecture $a"; return 1; }
		for p in $(packages_of "$a"); do
			installed "$p" || want+=("$p")
		done
	done
	[ ${#want[@]} -eq 0 ] && return 0
	[ "$(id -u)" = 0 ] || skip_or_fail "not root, and missing: ${want[*]}"
	command -v apt-get >/dev/null || skip_or_fail "no apt-get, and missing: ${want[*]}"
	for a in $ARCHES; do
		[ "$a" = "$(dpkg --print-architecture)" ] && continue
		if ! dpkg --print-foreign-architectures | grep -qx "$a"; then
			dpkg --add-architecture "$a" && update=1
		fi
	done
	say "installing ${want[*]}"
	local t0=$SECONDS
	# A mirror in the middle of a sync fails an index now and then: retry.
	for _ in 1 2 3; do
		apt-get -o DPkg::Lock::Timeout=300 update -q >/dev/null && break
		[ "$update" = 1 ] || break
		sleep 5
	done
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q \
		--no-install-recommends "${want[@]}" >/dev/null ||
		skip_or_fail "apt-get install ${want[*]} failed"
	say "installed in $((SECONDS - t0)) s"
}

# Configures (once) and builds one architecture under $BUILD/arch/<arch>.
build_arch() {
	local a=$1 b=$BUILD/arch/$1 integration=false
	[ "$a" = i386 ] && integration=true
	if [ ! -f "$b/build.ninja" ]; then
		rm -rf "$b"
		meson setup "$b" "$SRC" --cross-file "$SRC/cross/$a.txt" -Dwerror=true \
			-Dtests=enabled -Dintegration=$integration >"$BUILD/arch/$a-setup.log" 2>&1 || {
			cat "$BUILD/arch/$a-setup.log"
			fail "$a: meson setup"
			return 1
		}
	fi
	ninja -C "$b" >"$BUILD/arch/$a-build.log" 2>&1 || {
		grep -E 'error|warning' "$BUILD/arch/$a-build.log" | head -40
		fail "$a: build (warnings are errors)"
		return 1
	}
	say "$a: ping is $("$(triplet "$a")-readelf" -h "$b/ping/ping" |
		awk -F: '/Class|Data|Machine/ { gsub(/^ +/, "", $2); printf "%s; ", $2 }')"
}

unit_suite() {
	meson test -C "$BUILD/arch/$1" --suite unit --print-errorlogs >"$BUILD/arch/$1-unit.log" 2>&1 || {
		tail -40 "$BUILD/arch/$1-unit.log"
		fail "$1: unit suite"
		return 1
	}
	say "$1: unit suite: $(grep -E '^Ok:' "$BUILD/arch/$1-unit.log" | tr -s ' ') tests passed"
}

# i386: the side-by-side integration scripts, with the native build's iputils reference.
i386_integration() {
	local ref
	ref=$(PING="$BUILD/ping/ping" PINGSOCK_BUILDDIR="$BUILD" bash "$SRC/tests/integration/iputils-ref.sh" 2>/dev/null) &&
		export IPUTILS_PING="$ref"
	meson test -C "$BUILD/arch/i386" basic options crafted --print-errorlogs \
		>"$BUILD/arch/i386-integration.log" 2>&1 || {
		tail -60 "$BUILD/arch/i386-integration.log"
		fail "i386: integration scripts basic, options, crafted"
		return 1
	}
	say "i386: integration basic, options, crafted passed (reference: ${IPUTILS_PING:-none})"
}

# One ping in a fresh network namespace: $1 raw|dgram, then ping's arguments.
# Prints its output; fails unless both requests were answered on that kind of socket.
QEMU=
PINGBIN=
TMPD=
ns_ping() {
	local kind=$1 range='1 0' as=()
	shift
	if [ "$kind" = dgram ]; then
		range='0 2147483647'
		as=(setpriv --reuid 65534 --regid 65534 --clear-groups)
	fi
	unshare -n sh -c 'ip link set lo up && echo "$1" >/proc/sys/net/ipv4/ping_group_range && shift && exec "$@"' \
		sh "$range" "${as[@]}" "$QEMU" "$PINGBIN" "$@" 2>&1
}

smoke() {
	local a=$1 kind fam out want
	for kind in raw dgram; do
		for fam in 127.0.0.1 ::1; do
			want=SOCK_RAW
			[ "$kind" = dgram ] && want=SOCK_DGRAM
			out=$(ns_ping "$kind" -v -c 2 -i 0.2 "$fam")
			if echo "$out" | grep -q "socktype: $want" &&
				echo "$out" | grep -q '^2 packets transmitted, 2 received, 0% packet loss'; then
				say "$a: $kind socket, $fam: 2 of 2 answered"
			else
				echo "$out"
				fail "$a: $kind socket, $fam"
			fi
		done
	done
}

# Options qemu-user runs like the kernel: each must succeed with nothing on stderr.
CAN_RUN=(
	"127.0.0.1|-Q 0x10" "127.0.0.1|-t 5" "127.0.0.1|-I lo" "127.0.0.1|-M do -s 100"
	"127.0.0.1|-U" "127.0.0.1|-D" "127.0.0.1|-j" "127.0.0.1|-s 2000" "127.0.0.1|-f"
	"127.0.0.1|-p ff" "::1|-Q 0x10" "::1|-I lo" "::1|-s 2000" "::1|-t 3"
)
# Options qemu-user 7.2 cannot run: the socket options it does not translate.
CANNOT_RUN=(
	"127.0.0.1|-R|IP_OPTIONS (record route)"
	"127.0.0.1|-T tsonly|IP_OPTIONS (timestamps)"
	"127.0.0.1|-T tsandaddr|IP_OPTIONS (timestamps)"
	"127.0.0.1|-m 7|SO_MARK"
	"::1|-F 0x123|IPV6_FLOWLABEL_MGR (flow label)"
)

# Runs ping under qemu as root in a fresh namespace (raw socket): stdout
# and stderr to $TMPD/out and $TMPD/err; returns ping's status.
qrun() {
	unshare -n sh -c 'ip link set lo up && exec "$@"' sh "$QEMU" "$PINGBIN" "$@" \
		>"$TMPD/out" 2>"$TMPD/err"
}

options_under_qemu() {
	local a=$1 c dst opts why
	for c in "${CAN_RUN[@]}"; do
		dst=${c%%|*}
		opts=${c#*|}
		# shellcheck disable=SC2086
		if ! qrun $opts -c 2 -i 0.05 "$dst" || [ -s "$TMPD/err" ]; then
			cat "$TMPD/err"
			fail "$a: $opts to $dst should run under qemu"
		fi
	done
	say "$a: under qemu: ${#CAN_RUN[@]} option runs as on the kernel"
	for c in "${CANNOT_RUN[@]}"; do
		dst=${c%%|*}
		opts=${c#*|}
		why=${opts#*|}
		opts=${opts%%|*}
		# shellcheck disable=SC2086
		if qrun $opts -c 2 -i 0.05 "$dst" && [ ! -s "$TMPD/err" ]; then
			say "$a: $opts to $dst runs under this qemu (7.2 could not: $why)"
		else
			say "$a: qemu-user cannot run $opts to $dst: $why: $(head -1 "$TMPD/err")"
		fi
	done
}

{ command -v meson && command -v ninja; } >/dev/null || skip_or_fail "meson and ninja needed"
provide || exit 1
mkdir -p "$BUILD/arch"
root=0
[ "$(id -u)" = 0 ] && root=1
# The i386 integration scripts spend most of their time waiting for
# replies and timeouts: they run while the other architectures build.
i386_pid=
for a in $ARCHES; do
	t0=$SECONDS
	build_arch "$a" || continue
	unit_suite "$a"
	if [ "$a" = i386 ]; then
		if [ "$root" = 1 ]; then
			i386_integration >"$BUILD/arch/i386-integration.out" 2>&1 &
			i386_pid=$!
		else
			say "i386: integration scripts left to root"
		fi
	elif [ "$root" = 1 ]; then
		QEMU=$(qemu_of "$a")
		# a copy uid 65534 can read and run, wherever the tree is
		TMPD=$(mktemp -d)
		chmod 755 "$TMPD"
		cp "$BUILD/arch/$a/ping/ping" "$TMPD/ping" && chmod 755 "$TMPD/ping"
		PINGBIN=$TMPD/ping
		smoke "$a"
		options_under_qemu "$a"
		rm -rf "$TMPD"
	else
		say "$a: pings through qemu left to root (they need uid 65534 and namespaces)"
	fi
	say "$a: $((SECONDS - t0)) s"
done
if [ -n "$i386_pid" ]; then
	wait "$i386_pid" || failed=1
	cat "$BUILD/arch/i386-integration.out"
fi
say "all: $SECONDS s"
exit $failed
