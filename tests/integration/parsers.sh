#!/bin/bash
# The programs that parse ping's output read ours as they read iputils':
# jc --ping (field by field, times aside) and monitoring-plugins' check_ping,
# which runs "/bin/ping -4|-6 -n -U -w T -c N host" (both binaries are put
# at /usr/bin/ping in a private mount namespace in turn).
set -u
PING=${PING:?PING must name the ping binary}
here=$(cd "$(dirname "$0")" && pwd)
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
bad() { n=$((n + 1)); echo "not ok $n - $1"; fail=$((fail + 1)); }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }

if [ "$(id -u)" != 0 ]; then
	exec unshare -rnm --map-root-user bash "$0" "$@"
fi
unshare -mn true 2>/dev/null || { echo "namespaces unavailable" >&2; exit 77; }
# Messages in English, whatever the caller's locale.
export LC_ALL=C
unset LANGUAGE
ref=$(PING=$PING bash "$here/iputils-ref.sh")
need() {
	command -v "$1" >/dev/null 2>&1 && return 0
	if [ "${CI:-}" = true ]; then bad "$1 is installed (CI must have it)"; else skip "$1" "not installed"; fi
	return 1
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
mkdir "$tmp/ours" "$tmp/ref" "$tmp/etc"
# Names come from a hosts file of our own, never the host's (own-etc.sh):
# localhost is 127.0.0.1 alone, as in the namespaces of lib.sh.
# shellcheck source=tests/integration/own-etc.sh
. "$here/own-etc.sh"
printf '127.0.0.1\tlocalhost\n::1\tip6-localhost ip6-loopback\n' >"$tmp/etc/hosts"
own_etc_write "$tmp/etc"
cp "$PING" "$tmp/ours/ping"
[ -n "$ref" ] && cp "$ref" "$tmp/ref/ping"

# Runs "$@" in fresh network and mount namespaces with $1's ping as /usr/bin/ping
# (the rest of /usr/bin is hidden there) and $tmp/etc's files over /etc's;
# $PRE runs first, before the mounts.
as_bin_ping() {
	local dir=$1
	shift
	# shellcheck disable=SC2016 # expanded by the inner shell
	unshare -mn --propagation private bash -c '
		ip link set lo up
		eval "${PRE:-}"
		. "$2/own-etc.sh"
		own_etc_bind "$3" || exit 99
		mount --bind "$1" /usr/bin || exit 99
		shift 3
		"$@"
	' _ "$dir" "$here" "$tmp/etc" "$@"
}

# What jc makes of it, times and timestamps aside (also inside lines it could not parse).
jc_fields='import json,re,sys
d=json.load(sys.stdin)
for k in [k for k in d if "ms" in k]: d.pop(k)
for r in d.get("responses", []):
    r.pop("time_ms", None)
    r.pop("timestamp", None)
    if "unparsed_line" in r:
        r["unparsed_line"] = re.sub(r"(time[ =])[0-9.]+", r"\\1X", re.sub(r"^\\[[0-9.]+\\]", "[TS]", r["unparsed_line"]))
print(json.dumps(d, sort_keys=True))'

if need jc && [ -n "$ref" ]; then
	for args in "-c 3 -i 0.2 127.0.0.1" "-c 2 -i 0.2 -n localhost" "-c 2 -i 0.2 -D 127.0.0.1" \
		    "-c 2 -i 0.2 -s 100 -p abcd 127.0.0.1" "-c 2 -i 0.2 -q 127.0.0.1" "-c 2 -i 0.2 -O 127.0.0.1"; do
		for who in ours ref; do
			# shellcheck disable=SC2086
			as_bin_ping "$tmp/$who" /usr/bin/ping $args >"$tmp/$who.out" 2>/dev/null
			jc --ping <"$tmp/$who.out" 2>/dev/null | python3 -c "$jc_fields" >"$tmp/$who.jc" 2>&1
		done
		check "jc --ping reads 'ping $args' as it reads iputils'" \
			"[ -s '$tmp/ours.jc' ] && cmp -s '$tmp/ours.jc' '$tmp/ref.jc'"
	done
elif [ -z "$ref" ]; then
	if [ "${CI:-}" = true ]; then bad "reference iputils available"; else skip "jc" "no reference iputils"; fi
fi

plugin=/usr/lib/nagios/plugins/check_ping
if [ -x "$plugin" ]; then
	for fam in 4 6; do
		host=127.0.0.1
		[ "$fam" = 6 ] && host=::1
		as_bin_ping "$tmp/ours" "$plugin" -$fam -H "$host" -w 100,20% -c 200,50% -p 3 >"$tmp/cp.out" 2>&1
		rc=$?
		check "check_ping -$fam: OK, 0% loss, an RTA (exit $rc: $(head -c 80 "$tmp/cp.out"))" \
			"[ $rc = 0 ] && grep -q '^PING OK - Packet loss = 0%, RTA = ' '$tmp/cp.out'"
	done
	# A host that does not answer: CRITICAL with 100% loss, as with iputils.
	PRE='nft add table ip t && nft add chain ip t o "{ type filter hook output priority 0; }" && nft add rule ip t o ip daddr 127.0.0.5 icmp type echo-request drop' \
		as_bin_ping "$tmp/ours" "$plugin" -4 -H 127.0.0.5 -w 100,20% -c 200,50% -p 2 -t 5 >"$tmp/cp.out" 2>&1
	rc=$?
	check "check_ping on a silent host: CRITICAL, 100% loss (exit $rc: $(head -c 80 "$tmp/cp.out"))" \
		"[ $rc = 2 ] && grep -q 'Packet loss = 100%' '$tmp/cp.out'"
elif [ "${CI:-}" = true ]; then
	bad "check_ping is installed (monitoring-plugins-basic)"
else
	skip "check_ping" "monitoring-plugins-basic not installed"
fi

echo "1..$n"
[ "$fail" = 0 ]
