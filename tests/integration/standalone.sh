# shellcheck shell=bash
# standalone.sh: the start of an integration script that builds its own
# namespace instead of lib.sh's network (collision.sh, auth.sh).
#
# standalone_init WHY: needs real root (a second uid and the like; ordinary
# users get a TAP skip, since lib.sh's suites cover them), exits 77 when no
# network namespace can be made, runs the script again in a mount namespace
# of its own with its own /etc/hosts (localhost is 127.0.0.1 alone) and the
# rest of own-etc.sh, copies $PING to $tmp/ping where every uid can run it;
# $tmp is removed on exit.
# check DESC TEST: one TAP line for eval TEST; on failure the files
# "$tmp/$f" and "$tmp/$f.err" of the run being judged are shown.
# standalone_end: the plan line; the status says whether all passed.

# shellcheck source=tests/integration/own-etc.sh
. "$(dirname "${BASH_SOURCE[0]}")/own-etc.sh"

standalone_init() {
	PING=${PING:?PING must name the ping binary}
	if [ "$(id -u)" != 0 ]; then
		echo "# skipped: needs real root ($1)" >&2
		echo "1..0 # SKIP needs root"
		exit 0
	fi
	unshare -n true 2>/dev/null || { echo "network namespaces unavailable" >&2; exit 77; }
	# Messages in English, whatever the caller's locale.
	export LC_ALL=C
	unset LANGUAGE
	# A mount namespace of its own, for its own /etc files (own-etc.sh).
	if [ -z "${STANDALONE_PRIVMNT:-}" ]; then
		STANDALONE_PRIVMNT=1 exec unshare -m --propagation private bash "$0"
	fi
	tmp=$(mktemp -d)
	# shellcheck disable=SC2064
	trap "rm -rf '$tmp'" EXIT
	chmod 755 "$tmp"
	cp "$PING" "$tmp/ping"
	chmod 755 "$tmp/ping"
	mkdir "$tmp/etc"
	printf '127.0.0.1\tlocalhost\n::1\tip6-localhost ip6-loopback\n' >"$tmp/etc/hosts"
	own_etc_write "$tmp/etc"
	own_etc_bind "$tmp/etc" || { echo "cannot bind-mount $tmp/etc over /etc" >&2; exit 1; }
	n=0 fail=0 f=
}

check() {
	n=$((n + 1))
	if eval "$2"; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
		fail=$((fail + 1))
		local x
		for x in "$tmp/$f" "$tmp/$f.err"; do
			[ -f "$x" ] && sed 's/^/#   /' "$x"
		done
	fi
	return 0
}

standalone_end() {
	echo "1..$n"
	[ "$fail" = 0 ]
}
