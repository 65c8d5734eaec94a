#!/bin/bash
# The bash completion, sourced on its own (plain bash, no bash-completion)
# and, when bash-completion is installed, after bash_completion: option
# letters against the usage text, the keywords of -M, -T and -N,
# interfaces for -I, host names for the destination, ping4 and ping6.
set -u

src=${PINGSOCK_SRCDIR:?}
ping=${PING:?}
script=$src/completion/ping
bash_completion=${BASH_COMPLETION_SCRIPT:-/usr/share/bash-completion/bash_completion}
fails=0

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The options the program lists, as completion words.
LC_ALL=C LANGUAGE='' "$ping" -h 2>&1 >/dev/null | sed -nE 's/^  (-.)( .*)?$/\1/p' | sort -u >"$tmp/usage.opts"
[ "$(wc -l <"$tmp/usage.opts")" -ge 30 ] || fail "too few options in the usage text"
# ... and the letters of the getopt string, with the '?' iputils has.
optstring=$(sed -nE 's/^[[:space:]]*"([A-Za-z0-9:]+)";$/\1/p' "$src/ping/core/cli.c" | head -1)
[ -n "$optstring" ] || fail "getopt string not found in ping/core/cli.c"
{ echo '-?'; printf '%s' "$optstring" | tr -d ':' | fold -w1 | sed 's/^/-/'; } | sort -u >"$tmp/getopt.opts"
cmp -s "$tmp/usage.opts" "$tmp/getopt.opts" ||
	fail "usage text and getopt string differ: $(diff "$tmp/usage.opts" "$tmp/getopt.opts" | grep '^[<>]' | tr '\n' ' ')"

printf '192.0.2.1 pingsock-test-host\n2001:db8::1 pingsock-test-host6\n' >"$tmp/hosts"
for dev in /sys/class/net/*; do [ -e "$dev" ] && echo "${dev##*/}"; done | sort >"$tmp/ifaces"

# comp WORD... : completes the last word of the command line "WORD..."
# (an empty last word means the cursor follows a blank); prints one
# candidate per line, sorted.
cat >"$tmp/driver.bash" <<'DRIVER'
comp() {
	local -a COMPREPLY=()
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMP_LINE="$*"
	COMP_POINT=${#COMP_LINE}
	local spec func
	spec=$(complete -p "$1" 2>/dev/null) || { echo "NO-COMPLETION-FOR-$1"; return; }
	func=${spec#*-F }
	func=${func%% *}
	"$func" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
	((${#COMPREPLY[@]})) && printf '%s\n' "${COMPREPLY[@]}" | sort -u
	return 0
}
DRIVER

# check MODE EXPECTED-FILE|-  WORD...: the candidates must be exactly EXPECTED.
run_checks() {
	local mode=$1 preload=$2

	cat >"$tmp/run.bash" <<RUN
$preload
source "$script" || exit 3
source "$tmp/driver.bash"
HOSTFILE="$tmp/hosts"
out=$tmp/out.$mode
comp ping -M ''             >"\$out.M"
comp ping -T ''             >"\$out.T"
comp ping -N ''             >"\$out.N"
comp ping -N subject-n      >"\$out.Nsub"
comp ping -qM d             >"\$out.qM"
comp ping -qMd              >"\$out.qMd"
comp ping -c 3 -Mw          >"\$out.Mw"
comp ping -c ''             >"\$out.c"
comp ping -                 >"\$out.opts"
comp ping4 -                >"\$out.opts4"
comp ping6 -                >"\$out.opts6"
comp ping -I ''             >"\$out.I"
comp ping6 -I l             >"\$out.Il"
comp ping -n pingsock-test  >"\$out.host"
comp ping 192.0.2.1 -M p    >"\$out.after"
comp ping -- -              >"\$out.endopts"
exit 0
RUN
	if ! bash --norc --noprofile "$tmp/run.bash" 2>"$tmp/err.$mode"; then
		fail "[$mode] sourcing the completion failed: $(cat "$tmp/err.$mode")"
		return
	fi
	[ -s "$tmp/err.$mode" ] && fail "[$mode] errors while completing: $(cat "$tmp/err.$mode")"

	local o=$tmp/out.$mode
	expect() {	# expect SUFFIX WORDS...
		local suffix=$1
		shift
		printf '%s\n' "$@" | sed '/^$/d' | sort -u >"$tmp/want"
		cmp -s "$tmp/want" "$o.$suffix" ||
			fail "[$mode] $suffix: got '$(tr '\n' ' ' <"$o.$suffix")', want '$(tr '\n' ' ' <"$tmp/want")'"
	}
	expect M 'do' 'dont' 'want' 'probe'
	expect T tsonly tsandaddr tsprespec
	expect N help name fqdn ipv6 ipv6-all ipv6-compatible ipv6-linklocal \
		ipv6-sitelocal ipv6-global ipv4 ipv4-all \
		subject-ipv6= subject-ipv4= subject-name= subject-fqdn=
	expect Nsub subject-name=
	expect qM 'do' 'dont'
	expect qMd -qMdo -qMdont
	expect Mw -Mwant
	expect c
	expect after probe
	expect endopts
	cmp -s "$tmp/usage.opts" "$o.opts" ||
		fail "[$mode] 'ping -' offers: $(tr '\n' ' ' <"$o.opts"); the usage text has: $(tr '\n' ' ' <"$tmp/usage.opts")"
	grep -vxF -- -6 "$tmp/usage.opts" | cmp -s - "$o.opts4" || fail "[$mode] 'ping4 -' offers: $(tr '\n' ' ' <"$o.opts4")"
	grep -vxF -- -4 "$tmp/usage.opts" | cmp -s - "$o.opts6" || fail "[$mode] 'ping6 -' offers: $(tr '\n' ' ' <"$o.opts6")"
	cmp -s "$tmp/ifaces" "$o.I" || fail "[$mode] 'ping -I ' offers '$(tr '\n' ' ' <"$o.I")', interfaces are '$(tr '\n' ' ' <"$tmp/ifaces")'"
	grep -qxF lo "$o.I" || fail "[$mode] 'ping -I ' does not offer lo"
	grep -qxF lo "$o.Il" || fail "[$mode] 'ping6 -I l' does not offer lo"
	grep -qxF pingsock-test-host "$o.host" || fail "[$mode] 'ping -n pingsock-test' offers '$(tr '\n' ' ' <"$o.host")'"
	echo "[$mode] checked"
}

run_checks standalone ''
if [ -r "$bash_completion" ]; then
	run_checks bash-completion "source '$bash_completion'"
else
	echo "bash-completion not installed ($bash_completion): checked the completion on its own only"
fi

if [ "$fails" -gt 0 ]; then
	echo "$fails check(s) failed"
	exit 1
fi
echo "ok: the completion offers every option and keyword"
