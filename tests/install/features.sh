#!/bin/bash
# The meson features behave as features, checked on private setups of this
# source tree with pkg-config pointed at an empty directory (no cmocka, no
# libidn2, as in a packager's nocheck build or a cross build that cannot
# see them):
# - tests=auto: setup succeeds and says the tests are off, no test is
#   registered, and the program builds;
# - tests=enabled: setup fails and names cmocka;
# - tests=disabled: cmocka is never looked up (with pkg-config seeing it);
# - fuzzing=enabled with gcc fails naming clang, fuzzing=auto says it is off.
set -u

src=${PINGSOCK_SRCDIR:?}
meson=${MESON:-}
fails=0

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}
ok() { echo "ok: $*"; }

[ -n "$meson" ] || meson=$(command -v meson || true)
if [ -z "$meson" ]; then
	echo "SKIP: meson not found"
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/nopc"

# setup NAME OPTION...: a private setup with pkg-config seeing nothing; its status.
setup() {
	local name=$1
	shift
	PKG_CONFIG_LIBDIR=$tmp/nopc "$meson" setup "$tmp/$name" "$src" "$@" >"$tmp/$name.log" 2>&1
}

if setup auto -Dtests=auto -Dintegration=false &&
	grep -q 'tests: off (cmocka not found)' "$tmp/auto.log"; then
	ok "tests=auto without cmocka: setup succeeds and says the tests are off"
else
	fail "tests=auto without cmocka"
	tail -n 20 "$tmp/auto.log"
fi
if [ -f "$tmp/auto/build.ninja" ]; then
	n=$("$meson" introspect --tests "$tmp/auto" | grep -o '"name"' | wc -l)
	if [ "$n" = 0 ]; then
		ok "tests=auto without cmocka: no test registered"
	else
		fail "tests=auto without cmocka: $n tests registered"
	fi
	if ninja -C "$tmp/auto" ping/ping >"$tmp/auto-build.log" 2>&1 && [ -x "$tmp/auto/ping/ping" ]; then
		ok "tests=auto without cmocka: ping builds"
	else
		fail "tests=auto without cmocka: ping does not build"
		tail -n 20 "$tmp/auto-build.log"
	fi
fi

if setup enabled -Dtests=enabled; then
	fail "tests=enabled without cmocka: setup succeeded"
elif grep -q 'Dtests=enabled needs cmocka' "$tmp/enabled.log"; then
	ok "tests=enabled without cmocka: setup fails and names cmocka"
else
	fail "tests=enabled without cmocka: failed without naming cmocka"
	tail -n 20 "$tmp/enabled.log"
fi

if "$meson" setup "$tmp/disabled" "$src" -Dtests=disabled >"$tmp/disabled.log" 2>&1 &&
	! grep -qi 'dependency cmocka' "$tmp/disabled.log"; then
	ok "tests=disabled: cmocka never looked up"
else
	fail "tests=disabled"
	tail -n 20 "$tmp/disabled.log"
fi

# The private setups use the compiler meson would pick: ${CC:-cc}.
case $("${CC:-cc}" --version 2>/dev/null | head -n 1) in
*clang*) echo "the compiler is clang: the fuzzing checks are for gcc" ;;
*)
	if setup fuzz-enabled -Dtests=disabled -Dfuzzing=enabled; then
		fail "fuzzing=enabled with gcc: setup succeeded"
	elif grep -q 'Dfuzzing=enabled: needs clang' "$tmp/fuzz-enabled.log"; then
		ok "fuzzing=enabled with gcc: setup fails and names clang"
	else
		fail "fuzzing=enabled with gcc: failed without naming clang"
		tail -n 20 "$tmp/fuzz-enabled.log"
	fi
	if setup fuzz-auto -Dtests=disabled -Dfuzzing=auto &&
		grep -q 'fuzzing: off (needs clang' "$tmp/fuzz-auto.log"; then
		ok "fuzzing=auto with gcc: setup succeeds and says fuzzing is off"
	else
		fail "fuzzing=auto with gcc"
		tail -n 20 "$tmp/fuzz-auto.log"
	fi
	;;
esac

[ "$fails" = 0 ] || exit 1
