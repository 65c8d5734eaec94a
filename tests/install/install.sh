#!/bin/bash
# meson install, checked from the outside: a private build of this source
# tree is installed under a DESTDIR and its layout checked (ping with the
# ping4/ping6 links, man page, catalogs, bash completion, no setuid bit, no
# file capability, no sysctl drop-in by default); -Dsysctl=true adds the
# drop-in and -Dsetcap=true the capability.  Then the tree is installed at
# its prefix and run: a bad option under a German and a French locale gives
# the translated message, and a normal run's standard output under the
# German locale is byte for byte the C locale's (times masked).
set -u

src=${PINGSOCK_SRCDIR:?}
meson=${MESON:-}
nls=${PINGSOCK_NLS:-1}
fails=0
skips=()

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}
skip() {
	echo "SKIP: $*"
	skips+=("$*")
}
# run DESCRIPTION COMMAND...: runs a step quietly, shows its output if it fails.
run() {
	local what=$1
	shift
	if ! "$@" >"$tmp/step.log" 2>&1; then
		echo "FAIL: $what: $*"
		tail -n 30 "$tmp/step.log"
		exit 1
	fi
}

[ -n "$meson" ] || meson=$(command -v meson || true)
if [ -z "$meson" ]; then
	echo "SKIP: meson not found"
	exit 77
fi

tmp=$(mktemp -d)
chmod 755 "$tmp"	# the prefix below must be usable by the unshare'd run
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
build=$tmp/build
if [ "$nls" = 1 ]; then nlsopt=enabled; else nlsopt=disabled; fi

run "meson setup" "$meson" setup "$build" "$src" --prefix="$prefix" \
	-Dtests=disabled -Dnls="$nlsopt"
run "meson compile" "$meson" compile -C "$build"

# --- the default layout --------------------------------------------------
run "meson install --destdir" "$meson" install -C "$build" --no-rebuild --destdir "$tmp/dest"
root=$tmp/dest$prefix

if [ ! -f "$root/bin/ping" ] || [ ! -x "$root/bin/ping" ] || [ -L "$root/bin/ping" ]; then
	fail "bin/ping is not an executable file"
fi
for alias in ping4 ping6; do
	[ "$(readlink "$root/bin/$alias" 2>/dev/null)" = ping ] ||
		fail "bin/$alias is not a symbolic link to ping"
done
cmp -s "$root/share/man/man8/ping.8" "$src/man/ping.8" || fail "share/man/man8/ping.8 missing or not man/ping.8"
if [ "$nls" = 1 ]; then
	for lang in de fr; do
		mo=$root/share/locale/$lang/LC_MESSAGES/pingsock.mo
		[ -s "$mo" ] || fail "share/locale/$lang/LC_MESSAGES/pingsock.mo missing"
	done
else
	skip "translations disabled (-Dnls=disabled): no catalogs to look for"
	[ -z "$(find "$root" -name '*.mo')" ] || fail "catalogs installed although nls is disabled"
fi
cmp -s "$root/share/pingsock/ping-json.schema.json" "$src/data/ping-json.schema.json" ||
	fail "share/pingsock/ping-json.schema.json missing or not data/ping-json.schema.json"
compdir=$root/share/bash-completion/completions
cmp -s "$compdir/ping" "$src/completion/ping" || fail "share/bash-completion/completions/ping missing or not completion/ping"
for alias in ping4 ping6; do
	[ "$(readlink "$compdir/$alias" 2>/dev/null)" = ping ] ||
		fail "share/bash-completion/completions/$alias is not a link to ping"
done
special=$(find "$tmp/dest" -perm /6000)
[ -z "$special" ] || fail "installed with a setuid or setgid bit: $special"
if command -v getcap >/dev/null 2>&1; then
	caps=$(getcap -r "$tmp/dest" 2>/dev/null)
	[ -z "$caps" ] || fail "installed with a file capability: $caps"
else
	fail "getcap not found (Debian: apt-get install libcap2-bin)"
fi
dropin=$(find "$tmp/dest" -path '*sysctl.d*' -type f)
[ -z "$dropin" ] || fail "a sysctl drop-in is installed by default: $dropin"

# bash-completion finds the installed file when it loads ping6 on demand.
# Where it looks first depends on its version: 2.11 (Debian 12) reads the
# completions under XDG_DATA_DIRS (a prefix's share/) before its own, so an
# installation there wins; from 2.12 on (2.16 in Debian 13) its own directory
# comes first, and it ships a ping completion, so only the user directory
# (BASH_COMPLETION_USER_DIR) comes before it, and the Debian package
# replaces its file (a diversion, debian/README.Debian).
bc=${BASH_COMPLETION_SCRIPT:-/usr/share/bash-completion/bash_completion}
if [ -r "$bc" ]; then
	# load_spec XDG_DATA_DIRS BASH_COMPLETION_USER_DIR: "VERSION SPEC" for ping6.
	load_spec() {
		XDG_DATA_DIRS=$1 BASH_COMPLETION_USER_DIR=$2 bash --norc --noprofile -c '
			source "$1" >/dev/null 2>&1
			if declare -F _comp_load >/dev/null; then _comp_load ping6; else __load_completion ping6; fi
			echo "${BASH_COMPLETION_VERSINFO[0]}.${BASH_COMPLETION_VERSINFO[1]} $(complete -p ping6)"' _ "$bc" 2>&1
	}
	spec=$(load_spec /nonexistent "$root/share/bash-completion")
	bcv=${spec%% *} spec=${spec#* }
	[[ $spec == *_pingsock_ping* ]] ||
		fail "bash-completion $bcv does not load the completion in its user directory for ping6: $spec"
	spec=$(load_spec "$root/share" "$tmp/none")
	spec=${spec#* }
	case $bcv in
	2.[0-9] | 2.1[01])
		[[ $spec == *_pingsock_ping* ]] ||
			fail "bash-completion $bcv does not load the installed completion for ping6 from XDG_DATA_DIRS: $spec" ;;
	*)
		[[ $spec == *_pingsock_ping* ]] &&
			fail "bash-completion $bcv loads ours from XDG_DATA_DIRS before its own ping completion: update this test and README"
		;;
	esac
	echo "bash-completion $bcv: the installed completion loads for ping6 from its user directory$(
		case $bcv in 2.[0-9] | 2.1[01]) echo " and from XDG_DATA_DIRS" ;; *) echo "; its own comes before XDG_DATA_DIRS" ;; esac)"
else
	echo "bash-completion not installed: its on-demand loading not checked"
fi

# --- -Dsysctl=true ---------------------------------------------------------
run "meson configure -Dsysctl=true" "$meson" configure "$build" -Dsysctl=true
run "meson install -Dsysctl=true" "$meson" install -C "$build" --destdir "$tmp/dest-sysctl"
conf=$tmp/dest-sysctl$prefix/lib/sysctl.d/60-pingsock.conf
if [ -f "$conf" ]; then
	grep -qxE 'net\.ipv4\.ping_group_range *= *0 2147483647' "$conf" ||
		fail "$conf does not open net.ipv4.ping_group_range"
else
	fail "-Dsysctl=true installed no lib/sysctl.d/60-pingsock.conf: $(find "$tmp/dest-sysctl" -name '*.conf')"
fi
run "meson configure -Dsysctl=false" "$meson" configure "$build" -Dsysctl=false

# --- -Dsetcap=true -----------------------------------------------------------
# Without setcap the hook stops the installation and says what to do.
mkdir "$tmp/nobin"
if out=$(PATH=$tmp/nobin /bin/sh "$src/ping/setcap-install.sh" "$prefix/bin/ping" 2>&1); then
	fail "the setcap hook succeeded without setcap"
else
	[[ $out == *"setcap not found"* ]] || fail "the setcap hook without setcap says: $out"
fi
if [ "$(id -u)" = 0 ] && command -v setcap >/dev/null 2>&1; then
	run "meson configure -Dsetcap=true" "$meson" configure "$build" -Dsetcap=true
	run "meson install -Dsetcap=true" "$meson" install -C "$build" --destdir "$tmp/dest-setcap"
	caps=$(getcap "$tmp/dest-setcap$prefix/bin/ping" 2>&1)
	[[ $caps == *cap_net_raw[=+]p* ]] || fail "-Dsetcap=true: getcap says '$caps'"
	[ -e "$prefix/bin/ping" ] && fail "-Dsetcap=true touched $prefix/bin/ping instead of the DESTDIR copy"
	special=$(find "$tmp/dest-setcap" -perm /6000)
	[ -z "$special" ] || fail "-Dsetcap=true installed a setuid or setgid bit: $special"
	run "meson configure -Dsetcap=false" "$meson" configure "$build" -Dsetcap=false
else
	skip "not root: -Dsetcap=true not installed (setcap needs CAP_SETFCAP)"
fi

# --- installed at the prefix, and run ---------------------------------------
run "meson install" "$meson" install -C "$build"
ping=$prefix/bin/ping
[ -x "$ping" ] || fail "$ping not installed"

# Every language of po/LINGUAS: LANGUAGE|locale|"ping -k"|"ping -M sometimes"|usage heading
# (the texts as a reader of that language sees them; zh_Hant has no glibc
# locale of its own: Taiwan's, with LANGUAGE=zh_Hant).
languages=(
	"cs|cs_CZ|neplatný přepínač -- 'k'|neplatný argument přepínače -M: sometimes|"
	"de|de_DE|ungültige Option -- 'k'|ungültiges Argument für -M: sometimes|Aufruf"
	"es|es_ES|opción no válida -- 'k'|argumento de -M no válido: sometimes|"
	"fi|fi_FI|virheellinen valitsin -- 'k'|virheellinen -M-argumentti: sometimes|"
	"fr|fr_FR|option invalide -- 'k'|argument invalide pour -M : sometimes|Utilisation"
	"id|id_ID|opsi tidak valid -- 'k'|argumen -M tidak valid: sometimes|"
	"it|it_IT|opzione non valida -- 'k'|argomento di -M non valido: sometimes|"
	"ja|ja_JP|無効なオプションです -- 'k'|無効な -M の引数です: sometimes|"
	"ka|ka_GE|არასწორი პარამეტრი -- 'k'|არასწორი არგუმენტი -M პარამეტრისთვის: sometimes|გამოყენება"
	"ko|ko_KR|잘못된 옵션 -- 'k'|잘못된 -M 인자: sometimes|"
	"pt_BR|pt_BR|opção inválida -- 'k'|argumento inválido para -M: sometimes|Uso"
	"ro|ro_RO|opțiune nevalidă -- 'k'|argument nevalid pentru -M: sometimes|Utilizare"
	"tr|tr_TR|geçersiz seçenek -- 'k'|-M için geçersiz argüman: sometimes|Kullanım"
	"uk|uk_UA|некоректний параметр -- 'k'|некоректний аргумент -M: sometimes|Використання"
	"zh_CN|zh_CN|无效的选项 -- 'k'|无效的 -M 参数：sometimes|用法"
	"zh_Hant|zh_TW|無效的選項 -- 'k'|無效的 -M 引數：sometimes|用法"
)
listed=$(grep -v '^[[:space:]]*\(#\|$\)' "$src/po/LINGUAS" | sort | tr '\n' ' ')
tabled=$(printf '%s\n' "${languages[@]}" | cut -d'|' -f1 | sort | tr '\n' ' ')
[ "$listed" = "$tabled" ] || fail "po/LINGUAS ($listed) and this test's languages ($tabled) differ"

# Private UTF-8 locales from the glibc sources (Debian: the locales package).
mkdir -p "$tmp/loc"
for entry in "${languages[@]}"; do
	l=$(printf '%s' "$entry" | cut -d'|' -f2)
	if ! localedef -i "$l" -f UTF-8 "$tmp/loc/$l.UTF-8" >"$tmp/localedef.log" 2>&1; then
		fail "localedef -i $l -f UTF-8 failed (Debian: apt-get install locales): $(tail -3 "$tmp/localedef.log")"
	fi
done
export LOCPATH=$tmp/loc
unset LC_MESSAGES LC_NUMERIC LANG

# in_locale LANGUAGE LC_ALL COMMAND...
in_locale() {
	local language=$1 lc_all=$2
	shift 2
	LANGUAGE=$language LC_ALL=$lc_all "$@"
}

# check_bad_option LANGUAGE LOCALE WANT...: "ping -k" and "ping -M sometimes"
# exit 2 and print the expected texts on standard error, nothing on stdout.
check_bad_option() {
	local language=$1 locale=$2 want_opt=$3 want_m=$4 want_usage=$5 rc

	in_locale "$language" "$locale" "$ping" -k 127.0.0.1 >"$tmp/bad.out" 2>"$tmp/bad.raw"
	rc=$?
	# The messages start with argv[0], here the full path.
	sed "s#^$ping: #ping: #" "$tmp/bad.raw" >"$tmp/bad.err"
	[ "$rc" = 2 ] || fail "[$locale] ping -k exited with $rc, expected 2"
	[ -s "$tmp/bad.out" ] && fail "[$locale] ping -k wrote to standard output"
	grep -qF -- "ping: $want_opt" "$tmp/bad.err" ||
		fail "[$locale] ping -k: no 'ping: $want_opt' on stderr: $(head -3 "$tmp/bad.err")"
	[ -z "$want_usage" ] || grep -qF -- "$want_usage" "$tmp/bad.err" ||
		fail "[$locale] ping -k: usage text lacks '$want_usage'"
	in_locale "$language" "$locale" "$ping" -M sometimes 127.0.0.1 >/dev/null 2>"$tmp/bad.raw"
	rc=$?
	sed "s#^$ping: #ping: #" "$tmp/bad.raw" >"$tmp/bad.err"
	[ "$rc" = 2 ] || fail "[$locale] ping -M sometimes exited with $rc, expected 2"
	grep -qxF -- "ping: $want_m" "$tmp/bad.err" ||
		fail "[$locale] ping -M sometimes: want 'ping: $want_m', got '$(cat "$tmp/bad.err")'"
}

check_bad_option '' C "invalid option -- 'k'" "invalid -M argument: sometimes" "Usage"
if [ "$nls" = 1 ]; then
	for entry in "${languages[@]}"; do
		IFS='|' read -r language l want_opt want_m want_usage <<<"$entry"
		check_bad_option "$language" "$l.UTF-8" "$want_opt" "$want_m" "$want_usage"
	done
	echo "messages checked in ${#languages[@]} languages"
else
	skip "translations disabled (-Dnls=disabled): translated messages not checked"
fi

# A real run on the loopback: as root directly (raw socket unless the
# range admits root's group), otherwise in a private user and network
# namespace, where the mapped root may open raw sockets.
can_run=1
netrun=()
if [ "$(id -u)" != 0 ]; then
	if unshare -rn true 2>/dev/null; then
		netrun=(unshare -rn sh -c 'ip link set lo up && exec "$@"' sh)
	else
		can_run=0
	fi
fi
mask() {
	sed -E -e 's/time=[0-9.]+ ms/time=T ms/' \
		-e 's/, time [0-9]+ms$/, time Tms/' \
		-e 's#^rtt min/avg/max/mdev = [0-9./]+ ms#rtt min/avg/max/mdev = T ms#' "$1"
}
if [ "$can_run" = 0 ]; then
	skip "not root and no unprivileged user namespaces: no ping run under a locale"
else
	runs=("|C")
	for entry in "${languages[@]}"; do
		IFS='|' read -r language l _ <<<"$entry"
		runs+=("$language|$l.UTF-8")
	done
	for r in "${runs[@]}"; do
		IFS='|' read -r language locale <<<"$r"
		in_locale "$language" "$locale" "${netrun[@]}" "$ping" -c 2 -i 0.2 127.0.0.1 \
			>"$tmp/run.$locale" 2>"$tmp/run.$locale.err"
		rc=$?
		[ "$rc" = 0 ] || fail "[$locale] ping -c 2 -i 0.2 127.0.0.1 exited with $rc: $(cat "$tmp/run.$locale.err")"
		mask "$tmp/run.$locale" >"$tmp/run.$locale.masked"
		[ "$locale" = C ] && continue
		if ! cmp -s "$tmp/run.C.masked" "$tmp/run.$locale.masked"; then
			fail "standard output differs between the C locale and $locale:
$(diff "$tmp/run.C.masked" "$tmp/run.$locale.masked")"
		fi
	done
	grep -q '^2 packets transmitted, 2 received' "$tmp/run.C" ||
		fail "the C locale run did not get its replies: $(cat "$tmp/run.C")"
	echo "standard output in ${#languages[@]} languages' locales is the C locale's ($(wc -l <"$tmp/run.C") lines)"
fi

if [ "$fails" -gt 0 ]; then
	echo "$fails check(s) failed"
	exit 1
fi
for s in "${skips[@]}"; do
	echo "not checked: $s"
done
echo "ok: layout, -Dsysctl, -Dsetcap and the installed program checked"
