#!/bin/bash
# debian-kernel.sh RELEASE: this build's ping on the kernel of a Debian
# release the project supports, bookworm (Debian 12: Linux 6.1) or trixie
# (Debian 13: Linux 6.12), as that release's linux-image-amd64 installs
# it: booted under qemu-system-x86_64 (software emulation, so that it runs
# wherever qemu does) with an initramfs that holds the ping, the sandbox's
# test build (ping-probe), iproute2, strace and busybox.  guest-init.sh
# runs there, as root, and this script judges what it printed:
#
#   - the raw socket (ping_group_range closed) and the datagram socket
#     (range open), IPv4 and IPv6 on the loopback: the times come from the
#     kernel's transmit stamps ("timing":"kernel", a send_delay in every
#     reply), in three echoes and in a flood of 2000;
#   - SCM_TS_OPT_ID (Linux 6.13) is refused once, and the later sends go
#     without it: the kernel numbers the stamps (Linux 6.1 also refuses the
#     receive-filter flag, which Linux 6.12 takes);
#   - the sandbox: every layer applied (Landlock at the ABI the kernel
#     offers: 2 on Linux 6.1, 6 on Linux 6.12), NoNewPrivs 1 and Seccomp 2
#     in a running ping, names of repliers looked up inside it (a hosts
#     file), a write attempted in it trapped (exit 2, the call named), and
#     refused by Landlock alone when the filter is left out;
#   - neighbour resolution made slow on purpose (the server deaf to ARP and
#     to neighbour solicitations, the client's entry set 400 ms late), both
#     socket kinds and families: the round trip stays short with a
#     send_delay of about the wait, and -U takes the wait into the round
#     trip.
#
# The kernel package is fetched with apt from RELEASE's archive: this
# machine's sources when it runs RELEASE, else a root of RELEASE made with
# debootstrap (the package suite's, tests/package/lib.sh, shared and cached
# with it; PINGSOCK_KERNEL_VIA_ROOT=1 takes that way in any case).  It is
# kept in the cache for the day.  Needs an x86_64 Debian 12 or 13,
# qemu-system-x86, busybox, iproute2 and strace; exits 77 without them,
# except under CI (CI=true), where that fails.
set -uo pipefail

# shellcheck source=tests/package/lib.sh
. "$(dirname "$0")/../package/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
build=${PINGSOCK_BUILDDIR:?PINGSOCK_BUILDDIR is not set}
[ "$(uname -m)" = x86_64 ] || skip "the kernels booted are Debian's amd64 ones; this machine is $(uname -m)"
for tool in qemu-system-x86_64 busybox ip strace dpkg-deb gzip apt-get; do
	command -v "$tool" >/dev/null 2>&1 || skip "$tool not found (apt-get install qemu-system-x86 busybox-static iproute2 strace)"
done
for b in "$build/ping/ping" "$build/ping/ping-probe"; do
	[ -x "$b" ] || fail "$b is not built"
done

target=${1:?usage: debian-kernel.sh bookworm|trixie}
case $target in
bookworm) want_kernel='6\.1\.' ;;
trixie) want_kernel='6\.12\.' ;;
*) fail "unknown release $target (bookworm or trixie)" ;;
esac
name=$(pkg_release_name "$target")
pkg_tmpdir "kernel-$target"
pkg_cache
host=$(pkg_host_release)
[ -n "$host" ] || skip "this machine runs neither Debian 12 nor Debian 13 (/etc/os-release)"

# The newest kernel image of $target as a .deb, fetched once a day: sets kdeb.
fetch_kernel() {
	local script
	kdeb=$cache/kernel-$target-$(date -u +%Y%m%d).deb
	if [ -s "$kdeb" ]; then
		echo "reusing $kdeb"
		return
	fi
	rm -f "$cache"/kernel-"$target"-*.deb
	# shellcheck disable=SC2016 # expanded where it runs
	script='n=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n "s/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p" | head -n 1)
		[ -n "$n" ] || { echo "no linux-image-amd64 in the archive" >&2; exit 1; }
		cd "$D" && apt-get -q -o APT::Sandbox::User=root download "$n" >/dev/null || exit 1
		ls "$D"/linux-image-*.deb'
	if [ "$host" = "$target" ] && [ -z "${PINGSOCK_KERNEL_VIA_ROOT:-}" ]; then
		mkdir -p "$tmp/deb"
		D=$tmp/deb bash -c "$script" || skip "cannot fetch $name's kernel with apt-get download"
		mv "$tmp"/deb/linux-image-*.deb "$kdeb" || fail "no kernel package fetched"
	else
		pkg_base_tarball "$target"
		pkg_unpack_root "$tmp/root"
		mkdir -p "$tmp/root/deb"
		pkg_chroot_run "$tmp/root" "D=/deb; apt-get -q update >/dev/null && $script" ||
			skip "cannot fetch $name's kernel in a root of it"
		mv "$tmp"/root/deb/linux-image-*.deb "$kdeb" || fail "no kernel package fetched"
		rm -rf --one-file-system "$tmp/root"
	fi
	ok "fetched $(dpkg-deb -f "$kdeb" Package Version | xargs)"
}

# with_libs PROGRAM ROOT DEST: PROGRAM copied to ROOT/DEST with the
# libraries it loads (at their own paths under ROOT).
with_libs() {
	local lib
	install -D -m 755 "$1" "$2/$3" || fail "copying $1"
	for lib in $(ldd "$1" 2>/dev/null | sed -n -E 's/.*=> (\/[^ ]+).*/\1/p; s/^[[:space:]]*(\/[^ ]+) \(0x.*/\1/p'); do
		[ -f "$2$lib" ] || install -D -m 755 "$(readlink -f "$lib")" "$2$lib" || fail "copying $lib"
	done
}

fetch_kernel
dpkg-deb -x "$kdeb" "$tmp/k" || fail "unpacking $kdeb"
vmlinuz=$(find "$tmp/k/boot" -name 'vmlinuz-*' 2>/dev/null | head -n 1)
[ -n "$vmlinuz" ] || fail "no vmlinuz in $kdeb"
veth=$(find "$tmp/k/lib/modules" "$tmp/k/usr/lib/modules" -name 'veth.ko*' 2>/dev/null | head -n 1)
[ -n "$veth" ] || fail "no veth module in $kdeb"

rd=$tmp/initramfs
mkdir -p "$rd"/{bin,proc,sys,tmp,dev} || fail "mkdir $rd"
with_libs "$(command -v busybox)" "$rd" bin/busybox
with_libs "$build/ping/ping" "$rd" opt/ping
with_libs "$build/ping/ping-probe" "$rd" opt/ping-probe
with_libs "$(readlink -f "$(command -v ip)")" "$rd" opt/ip
with_libs "$(command -v strace)" "$rd" opt/strace
case $veth in
*.xz) busybox unxz -c "$veth" >"$rd/veth.ko" ;;
*) cp "$veth" "$rd/veth.ko" ;;
esac || fail "copying $veth"
ln -s busybox "$rd/bin/sh"
mkdir -p "$rd/etc" || fail "mkdir $rd/etc"
printf '127.0.0.1 localhost\n' >"$rd/etc/hosts" || fail "writing the initramfs' /etc/hosts"
printf 'hosts: files\n' >"$rd/etc/nsswitch.conf" || fail "writing the initramfs' /etc/nsswitch.conf"
install -m 755 "$here/guest-init.sh" "$rd/init" || fail "copying guest-init.sh"
(cd "$rd" && find . | busybox cpio -o -H newc 2>/dev/null | gzip -1) >"$tmp/initramfs.gz" ||
	fail "packing the initramfs"

# boot: one run of the guest; its console in console.log, its findings in results.
boot() {
	echo "booting $(basename "$vmlinuz") under qemu (software emulation)"
	start=$SECONDS
	timeout 900 qemu-system-x86_64 -accel tcg -cpu max -smp 2 -m 1024 -nographic -no-reboot \
		-kernel "$vmlinuz" -initrd "$tmp/initramfs.gz" \
		-append "console=ttyS0 rdinit=/init panic=-1 loglevel=3" </dev/null >"$tmp/console.log" 2>&1
	rc=$?
	tr -d '\r' <"$tmp/console.log" | grep '^@@ ' | sed 's/^@@ //' >"$tmp/results"
}
boot
# A kernel that dies before it starts the guest's init (seen once: Debian
# 13's panicked in its early boot under emulation) has tested nothing of
# ours: it boots once more.  Whatever happens once init has run counts.
if ! grep -q '^kernel ' "$tmp/results"; then
	tail -n 20 "$tmp/console.log"
	echo "the guest's init never ran (qemu exit $rc): booting once more"
	boot
fi
sed 's/^/  /' "$tmp/results"
grep -qx 'done' "$tmp/results" || {
	tail -n 40 "$tmp/console.log"
	fail "the guest did not finish (qemu exit $rc after $((SECONDS - start)) s; console above)"
}
ok "the guest ran in $((SECONDS - start)) s"

failed=0
# check DESCRIPTION EXTENDED-REGEX: the results must have a line that matches.
check() {
	if grep -qE "$2" "$tmp/results"; then
		ok "$1"
	else
		echo "FAIL: $1 (no line matches: $2)" >&2
		failed=1
	fi
}
num='[0-9]+(\.[0-9]+)?'
check "the kernel is $name's ($(dpkg-deb -f "$kdeb" Package))" "^kernel $want_kernel"
for kind in raw dgram; do
	for a in 127.0.0.1 ::1; do
		check "$kind $a: three replies timed by the kernel's stamps" \
			"^json $kind $a rc=0 \"socket\":\"$kind\" \"timing\":\"kernel\" replies=3 delays=3\$"
		# A stamp that does not come falls back to the user-space send
		# time for that one request, by design; once, under load on the
		# host, one of 2000 did (raw ::1 on 6.1).  What is checked is the
		# mechanism: without it none would be kernel-timed.
		check "$kind $a: a flood's 2000 replies timed by the kernel's stamps (at least 1990)" \
			"^flood $kind $a rc=0 replies=2000 delays=(199[0-9]|2000)\$"
	done
	for a in 127.0.0.1 ::1; do
		check "$kind $a: SCM_TS_OPT_ID refused once, then sends without it (the kernel numbers the stamps)" \
			"^keys $kind $a refused=1 sendto=[2-9]\$"
	done
	check "$kind: a running ping has no new privileges and a seccomp filter" \
		"^status $kind NoNewPrivs: 1 Seccomp: 2 \$"
	check "$kind: no new privileges, the filter and Landlock all applied (-v warns of none)" \
		"^layers $kind rc=0 warnings=0\$"
	check "$kind: names looked up in the sandbox (hosts file): two replies from localhost (127.0.0.1)" \
		"^names $kind rc=0 warnings=0 replies=2\$"
	check "$kind: a write in the sandbox is trapped, the call named, exit 2" \
		"^probe-seccomp $kind rc=2 created=no .*openat"
	check "$kind: Landlock alone refuses the write" \
		"^probe-landlock $kind rc=0 created=no probe openat-write: Permission denied"
done
# The late neighbour: the kernel's times leave the wait out, -U keeps it in.
while read -r _ kind addr opt rc sock timing times; do
	t=$(sed -n -E "s/.*\"time\":($num).*/\1/p" <<<"$times")
	d=$(sed -n -E "s/.*\"send_delay\":($num|null).*/\1/p" <<<"$times")
	if [ "$opt" = default ]; then
		if [ "$rc" = rc=0 ] && [ "$sock" = "\"socket\":\"$kind\"" ] && [ "$timing" = '"timing":"kernel"' ] &&
			[ -n "$t" ] && [ -n "$d" ] && [ "$d" != null ] &&
			awk -v t="$t" -v d="$d" 'BEGIN { exit !(t < 50 && d >= 300 && d < 2000) }'; then
			ok "$kind $addr, neighbour entry 400 ms late: time $t ms, send_delay $d ms"
		else
			echo "FAIL: $kind $addr, neighbour entry 400 ms late: want time < 50 ms and send_delay 300-2000 ms: $rc $sock $timing $times" >&2
			failed=1
		fi
	else
		if [ "$rc" = rc=0 ] && [ "$timing" = '"timing":"user"' ] && [ "$d" = null ] && [ -n "$t" ] &&
			awk -v t="$t" 'BEGIN { exit !(t >= 300) }'; then
			ok "$kind $addr -U, neighbour entry 400 ms late: time $t ms"
		else
			echo "FAIL: $kind $addr -U, neighbour entry 400 ms late: want time >= 300 ms, user timing: $rc $timing $times" >&2
			failed=1
		fi
	fi
done < <(grep '^late ' "$tmp/results")
[ "$(grep -c '^late ' "$tmp/results")" = 8 ] || { echo "FAIL: 8 late-neighbour runs expected" >&2; failed=1; }
[ $failed = 0 ] || fail "$name's kernel: some checks failed (above)"
ok "$name's kernel: every check passed"
