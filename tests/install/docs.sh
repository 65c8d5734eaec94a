#!/bin/bash
# The man page against the usage text: every option that "ping -h" lists
# has an entry under OPTIONS in man/ping.8 (and is in the SYNOPSIS), every
# option entry of the man page is in the usage text, and groff finds
# nothing to warn about.
set -u

src=${PINGSOCK_SRCDIR:?}
ping=${PING:?}
man=$src/man/ping.8
fails=0

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The usage text, in English, on standard error with exit status 2.
LC_ALL=C LANGUAGE='' "$ping" -h >"$tmp/out" 2>"$tmp/usage"
rc=$?
[ "$rc" -eq 2 ] || fail "ping -h exited with $rc, expected 2"
[ -s "$tmp/out" ] && fail "ping -h wrote to standard output: $(head -3 "$tmp/out")"
# Option lines: two blanks, the option, then blanks or the end of the line.
sed -nE 's/^  -(.)( .*)?$/\1/p' "$tmp/usage" | sort -u >"$tmp/usage.opts"
[ "$(wc -l <"$tmp/usage.opts")" -ge 30 ] ||
	fail "too few options found in the usage text: $(tr '\n' ' ' <"$tmp/usage.opts")"

# Option entries of the man page: the tag line after every .TP of the
# OPTIONS section that starts with an option, e.g. '.BI \-c " count"' or
# '.BR \-h ", " \-?'.  Nested keyword lists (-M, -N, -T) have no '\-' tags.
sed -n '/^\.SH OPTIONS/,/^\.SH /p' "$man" |
	awk 'tp { print; tp = 0 } /^\.TP/ { tp = 1 }' |
	grep -E '^\.(B|BI|BR|IB|RB) +\\-' |
	grep -oE '(^|[ "])\\-[A-Za-z0-9?]([ "]|$)' |
	sed -E 's/^[ "]?\\-(.).*/\1/' | sort -u >"$tmp/man.opts"

while read -r o; do
	grep -qxF -- "$o" "$tmp/man.opts" || fail "-$o is in the usage text but has no entry in man/ping.8"
done <"$tmp/usage.opts"
while read -r o; do
	grep -qxF -- "$o" "$tmp/usage.opts" || fail "-$o has an entry in man/ping.8 but is not in the usage text"
done <"$tmp/man.opts"

# The SYNOPSIS names every option but -? (the same as -h).
sed -n '/^\.SH SYNOPSIS/,/^\.SH /p' "$man" | grep -E '^\.OP ' |
	sed -E 's/^\.OP +\\-([^ ]+).*/\1/' >"$tmp/synopsis"
while read -r o; do
	[ "$o" = "?" ] && continue
	grep -qF -- "$o" "$tmp/synopsis" || fail "-$o is missing from the SYNOPSIS of man/ping.8"
done <"$tmp/usage.opts"

# groff's own check: no warning at all.
if command -v groff >/dev/null 2>&1; then
	out=$(groff -man -ww -z "$man" 2>&1)
	[ -z "$out" ] || fail "groff -man -ww -z man/ping.8 warns:
$out"
else
	fail "groff not found (Debian: apt-get install groff-base)"
fi

n=$(wc -l <"$tmp/usage.opts")
if [ "$fails" -gt 0 ]; then
	echo "$fails check(s) failed"
	exit 1
fi
echo "ok: $n options, usage text and man page agree; groff is silent"
