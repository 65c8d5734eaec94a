#!/bin/bash
# The message catalogs are complete: po/POTFILES names every source file
# with _() or N_() strings, and every language of po/LINGUAS translates
# every message those files contain (none missing, none fuzzy, msgfmt
# --check clean).  Works on the sources, so it runs with -Dnls=disabled too.
set -u

src=${PINGSOCK_SRCDIR:?}
fails=0

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

for tool in xgettext msgfmt msgcmp; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "SKIP: $tool not found (Debian: apt-get install gettext)"
		exit 77
	fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# POTFILES against the sources that mark strings.
cd "$src" || exit 1
grep -v '^[[:space:]]*\(#\|$\)' po/POTFILES | sort -u >"$tmp/listed"
grep -lE '(^|[^A-Za-z0-9_])N?_\(' ping/*/*.c common/*.c 2>/dev/null | sort -u >"$tmp/marked"
while read -r f; do
	grep -qxF "$f" "$tmp/listed" || fail "$f marks strings for translation but is not in po/POTFILES"
done <"$tmp/marked"
while read -r f; do
	[ -f "$f" ] || fail "po/POTFILES lists $f, which does not exist"
done <"$tmp/listed"

# A fresh template, made the way the pingsock-pot target makes it.
if ! xgettext --keyword=_ --keyword=N_ --from-code=UTF-8 --package-name=pingsock \
	-o "$tmp/fresh.pot" -f "$tmp/listed" 2>"$tmp/xgettext.err"; then
	fail "xgettext failed: $(cat "$tmp/xgettext.err")"
fi

langs=$(grep -v '^[[:space:]]*\(#\|$\)' po/LINGUAS)
[ -n "$langs" ] || fail "po/LINGUAS lists no language"
for lang in $langs; do
	f=po/$lang.po
	if [ ! -f "$f" ]; then
		fail "po/LINGUAS lists $lang but $f does not exist"
		continue
	fi
	if ! stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$f" 2>&1); then
		fail "msgfmt --check $f:
$stats"
	elif printf '%s\n' "$stats" | grep -qE 'fuzzy|untranslated'; then
		fail "$f is incomplete: $stats"
	fi
	# msgcmp ignores fuzzy and untranslated entries: every message of the
	# fresh template needs a real translation.
	if [ -f "$tmp/fresh.pot" ] && ! out=$(LC_ALL=C msgcmp "$f" "$tmp/fresh.pot" 2>&1); then
		fail "$f lacks translations (run: ninja -C build pingsock-pot pingsock-update-po, then translate):
$out"
	fi
	echo "$f: $stats"
done

if [ "$fails" -gt 0 ]; then
	echo "$fails check(s) failed"
	exit 1
fi
echo "ok: POTFILES complete; every language of po/LINGUAS translates every message"
