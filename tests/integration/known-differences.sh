# shellcheck shell=bash
# known-differences.sh: THE list of known and deliberate differences between
# the reference iputils ping run side by side (Debian's: 20221126 on Debian 12,
# 20240905 on Debian 13)
# and ours (iputils 20250605 behaviour plus the project's design decisions,
# shared/design/decisions.md, each summarised in its reason).  It is the only place where the
# side-by-side tests may tolerate a difference; everything else must be equal.
#
# Sourced by lib.sh.  "bash known-differences.sh" prints the list.
#
# kd ID CASES KIND VERSIONS SED REASON
#   ID        short name
#   CASES     '|'-separated shell patterns matched against "CASE@WHO", where
#             CASE is the test case (the golden's name) and WHO root or user
#   KIND      ref   SED turns the reference's rendering into what the target
#                   (iputils 20250605) prints
#             both  SED is applied to both renderings (we print more, or
#                   differently, and only the common part is compared)
#             skip  the case is not compared side by side at all
#   VERSIONS  the reference releases it applies to, measured: "FROM-UNTIL",
#             FROM the first iputils release that differs so (inclusive),
#             UNTIL the first that no longer does (exclusive):
#             "20221126-20240905" is Debian 12's 20221126 and not Debian
#             13's 20240905.  UNTIL is empty only for bugs of the target
#             we do not copy ("20250605-"); "-" for our own decisions,
#             which hold against every release.  A reference outside every
#             range, or of unknown version, is compared with nothing
#             excused: a range never reaches a release nobody compared.
#   SED       sed -E program for ref/both ("" for skip)
#   REASON    why, with where it was fixed upstream or which decision it is
#
# Renderings are what lib.sh's render() prints: masked stdout, optionally
# "[stderr1] <first stderr line>", then "[exit N]".

KD_ID=() KD_CASES=() KD_KIND=() KD_VERS=() KD_SED=() KD_WHY=()
#
# KD_DROP="ID ..." leaves those entries out, to see whether a reference
# still differs without them (how the ranges for 20240905 were measured).
kd() {
	case $4 in
	- | 2[0-9][0-9][0-9][01][0-9][0-3][0-9]-2[0-9][0-9][0-9][01][0-9][0-3][0-9] | 2[0-9][0-9][0-9][01][0-9][0-3][0-9]-) ;;
	*) echo "known-differences.sh: $1: VERSIONS '$4' is not '-', 'FROM-UNTIL' or 'FROM-'" >&2; exit 99 ;;
	esac
	case " ${KD_DROP:-} " in *" $1 "*) return ;; esac
	KD_ID+=("$1") KD_CASES+=("$2") KD_KIND+=("$3") KD_VERS+=("$4") KD_SED+=("$5") KD_WHY+=("$6")
}

# --- iputils changed between the reference and the target -----------------

kd ipv6-header '*' ref 20221126-20231222 \
	's/^PING ([^ (]+)\(([^()]+ \()?([^ ()]+)\)?\) (.*data bytes)$/PING \1 (\3) \4/' \
	"IPv6 header: 20231222 (PR #478) prints 'PING ::1 (::1) 56 data bytes', with a space and the numeric address; 20221126 prints 'PING ::1(::1)' and reverse-resolves the part in parentheses ('PING srv6(server6.example (2001:db8:2::1))')."

kd canon-empty 'dual4@*' ref 20221126-20240905 \
	's/^PING  \(/PING dualalias (/;s/^---  ping statistics ---$/--- dualalias ping statistics ---/' \
	"An IPv4 entry other than the first carries no canonical name: 20221126 prints an empty host ('PING  (198.18.2.1)', '---  ping statistics ---'); iputils PR #485 (in 20250605's ping4_run) prints the target as typed."

kd nodest-exit 'bad-nodest@*|opt-l-nodest@root' ref 20221126-20240905 \
	's/^\[exit 1\]$/[exit 2]/' \
	"A missing destination exits 2 since 294a65f (#528); 20221126 printed the same 'usage error: Destination address required' but exited 1."

kd pattern-read-time 'pattern-q-after@*|pattern-twice-refused@*|pattern-nodest@*|opt-l-first@*' skip 20221126-20240905 '' \
	"-p prints its PATTERN line as the option is read since 20240905 (one line per -p, silenced only by a -q before it, printed before a later option is refused); 20221126 fills the payload after all options are read: one line, for the last -p, none with -q anywhere or after a refused option."

kd no-H-option 'opt-H*' skip 20221126-20231222 '' \
	"-H (force reverse DNS) appeared in 20231222; 20221126 rejects it as an invalid option."

kd no-3-option 'opt-3*' skip 20221126-20240905 '' \
	"-3 (RTT with three decimals, truncated) appeared in 20240905."

kd ptr-env 'env-ptr*' skip 20221126-20240905 '' \
	"IPUTILS_PING_PTR_LOOKUP=0 appeared in 20240905."

kd s-limit 'bad-s-*' skip 20221126-20240905 '' \
	"-s is limited per family (65507/65527, exit 1, 'invalid -s value') since PR #550; 20221126 accepted 70000, sent nothing and waited 10 s."

kd i-negative 'bad-i-neg*' skip 20221126-20240905 '' \
	"Negative -i is rejected since 2a63b94 ('bad timing interval', exit 2); 20221126 accepted it and flooded as root."

kd W-max 'bad-W-big*' skip 20221126-20250605 '' \
	"The -W maximum is 4294.967295 s in 20250605; 20221126 and 20240905 allow up to INT_MAX/1000 (20240905 seen taking -W 65535)."

kd flood-user-text '*@user' ref 20221126-20240905 \
	's/^(\[stderr1?\]) ping: cannot flood; minimal interval allowed for user is 2ms$/\1 ping: cannot flood, minimal interval for user must be >= 2 ms, use -i 0.002 (or higher)/' \
	"User flood/interval limit message reworded after 20221126."

kd bcast-text '*' ref 20221126-20240905 \
	's/^(\[stderr1?\]) ping: (broadcast|multicast) ping with too short interval: [0-9]+$/\1 ping: minimal interval for \2 ping for user must be >= 1000 ms, use -i 1 (or higher)/' \
	"Broadcast/multicast interval messages reworded after 20221126."

kd v-stdout '*' ref 20221126-20250605 \
	'/^ai->ai_family: AF_INET6?, ai->ai_canonname: /d' \
	"-v: 20221126 and 20240905 print 'ai->ai_family: ..., ai->ai_canonname: ...' on stdout without prefix; 20250605 prints it on stderr as 'ping: ai->...' (seen side by side with 20240905 in opt-e4 and opt-e6)."

kd v-lines-stderr 'opt-v-idn@*' skip 20221126-20250605 '' \
	"-v's lines on the address entries: 20221126 and 20240905 print them on stdout (v-stdout); opt-v-idn checks its line on stderr and compares with 20250605 alone."

kd source-cache6 'opt-B-self6@*' ref 20221126-20240905 \
	's/^(64 bytes from )client6\.example \((2001:db8:1::1)\):/\1\2:/' \
	"IPv6 after -B or -I: 20240905 and 20250605 format the header's source (a number without -H) with the printer that keeps the last address it formatted, so a reply from that address is shown as a number too; 20221126 names it (20250605 run side by side)."

kd N-subject-exit 'opt-N-subject-bs@*|opt-N-subject-dot-bs@*|opt-N-subject-empty@*|opt-N-subject-scope@*' ref 20221126-20240905 \
	's/^\[exit 1\]$/[exit 2]/' \
	"-N subject-name= or subject-fqdn= refused ('inappropriate subject name' for a trailing backslash or an empty label, 'too long scope name'): 20221126 exits 1; 20240905 and 20250605 exit 2 (20250605 run side by side)."

kd icmp6-codes '*' ref 20221126-20240905 \
	's/Destination unreachable: Unknown code 5$/Destination unreachable: Source address failed ingress\/egress policy/;s/Destination unreachable: Unknown code 6$/Destination unreachable: Reject route to destination/' \
	"ICMPv6 destination-unreachable codes 5 and 6 have text in 20250605; 20221126 prints 'Unknown code 5/6'."

kd emsgsize '*' ref 20221126-20240905 \
	's/^\[stderr1\] ping: local error: message too long, mtu(=|: )[0-9]+$/[stderr1] ping: sendmsg: Message too long/' \
	"A direct EMSGSIZE from sendto is reported as 'sendmsg: Message too long' in 20250605 (either family); 20221126 said 'local error: message too long, mtu=N' (IPv6: 'mtu: N')."

kd emsgsize-lines 'loop-*-big@*' ref 20221126-20240905 \
	's/^\[stderr\] ping: local error: message too long, mtu(=|: )[0-9]+$/[stderr] ping: sendmsg: Message too long/' \
	"As emsgsize, for every stderr line of a case (broadcast and multicast with -s 2000, issue 20): 20250605 prints 'sendmsg: Message too long' for each refused request; 20221126 (and 20240905, as emsgsize) 'local error: message too long, mtu=1500' (IPv6: 'mtu: 1500'). Both refuse to fragment (IP_PMTUDISC_DO for -b and multicast) and count '+2 errors'."

kd A-emsgsize 'loop-A-*big*@*' skip 20221126-20240905 '' \
	"-A with a send refused for its size: 20221126 reads the local error at the send ('local error: message too long, mtu=N' for each of two requests); 20240905 and 20250605 report the send ('sendmsg: Message too long'), and their polling loop reads the queued local error at the next wait as a second error, which ends -c 2 after one request (20250605 run side by side)."

kd M-probe 'opt-M-probe*' skip 20221126-20231222 '' \
	"-M probe (IP_PMTUDISC_PROBE) appeared in 20231222; 20221126 says 'invalid -M argument: probe' (exit 2)."

kd mark-warning 'opt-m[0-9]*@user' skip 20221126-20240905 '' \
	"-m: 20250605 warns once, with a capability hint; 20221126 warns twice, without it."

kd badsum-raw '*badsum4*@root' skip 20221126-20240905 '' \
	"On raw IPv4 sockets 20250605 (bacf1b7, PR #534) flags a bad ICMP checksum ' (BAD CHECKSUM!)' and counts '+N corrupted'; 20221126 never detects it. Decision 'Checksums' keeps 20250605's behaviour."

kd ident-random '*' ref 20221126-20231222 '' \
	"Raw-socket ident was rand() in 20221126 and getpid() later; ident= is masked, so nothing to normalise."

# --- bugs of the target we do not copy (Appendix A of the reference) -------

kd truncated-newline '*truncate*' skip 20250605- '' \
	"20250605 forgets the newline after ' (truncated)'; we print it (Appendix A.1)."

kd seq-uint8 '*seq256*|*wrap*' skip 20250605- '' \
	"20250605 prints ICMP error icmp_seq modulo 256 (Appendix A.2); we print the real sequence."

kd flow-ipv4 '*flow*' skip 20250605- '' \
	"20250605 prints ', flow 0x1000000,' for -F with an IPv4 target (Appendix A.4)."

kd lsrr-caps 'opt-lsrr*@root' skip - '' \
	"IPv4 source-route hops: iputils sets IP_OPTIONS after dropping CAP_NET_RAW, so even root gets 'record route: Operation not permitted' (Appendix A.7, every version); we raise CAP_NET_RAW around the call and the loose source route works (issue 4). Without the capability both refuse alike, and that is compared."

# --- our decisions (shared/design/decisions.md) ----------------------------

kd refusal-text 'refused*' both - \
	'/^\[stderr1\] ping: => /d' \
	"Decision 'The refusal message': after iputils' first two lines ('socktype: SOCK_RAW', 'socket: Operation not permitted') we explain the range, the groups, the sysctl line and setcap; iputils says '=> missing cap_net_raw+p capability or setuid?'. Only the first stderr line is compared."

kd rtt-local '*future*|*timestamp*|*tsforged*' skip - '' \
	"Decision 'Statistics cannot be poisoned': the RTT comes from our recorded send time, not the timestamp echoed in the payload, so a send time forged far into the future or the past still gives a true time= (below 1000 ms here), min <= avg <= max and mdev >= 0; iputils prints absurd times for forged timestamps (time=1000000000 ms, 0.000 with 'time of day goes back', pipe 25550)."

kd unsent-seq '*unsent*|*foreignseq*' skip - '' \
	"Decision 'Statistics cannot be poisoned': a reply for a sequence we never sent (or no longer track) is not counted as received; iputils counts it (negative loss, early stop)."

kd truncated-sums '*truncate*' skip - '' \
	"Decision 'Statistics cannot be poisoned': truncated replies count as received but stay out of the RTT sums (avg never below min; no rtt line if no usable time). Decision 'Replies we can prove are ours': a reply cut before the end of its authentication code (24 payload bytes) is not counted at all."

kd auth-forged 'crafted-forged[46]@*|crafted-forged-v4*' skip - '' \
	"Decision 'Replies we can prove are ours': each request carries a SipHash-2-4 code under a per-run key after its send time; a forged reply (our identifier and sequence, the send time guessed right, the rest made up) or a replay of another sequence's reply does not carry it and is not counted; iputils takes the forgery as the reply and marks the real one DUP!. With -s 16 (no room for the code) both behave alike, and crafted-forged-s16-* is compared."

kd replay-wrap 'loop-wrap*' skip - '' \
	"Decision 'Replies we can prove are ours' (issue 20): a genuine reply kept by a peer and sent again when its sequence comes round (65,536 requests later) answers the earlier request, not the one now in flight; we do not count it and -v says so (wrap.sh). iputils (every version) takes it as the reply."

kd redirect-dgram '*redirect*@user|*quench*@user' skip - '' \
	"Decision 'One behaviour for both socket kinds': on datagram sockets redirects and source quench are informational lines like on raw sockets, not '+N errors', and do not end a -c run early."

kd bindtodevice-twice 'opt-B-dev6@user' skip - '' \
	"Decision 'One behaviour for both socket kinds': with -B and -I DEVICE, iputils' IPv6 path sets SO_BINDTODEVICE on its socket twice; for a user without CAP_NET_RAW the kernel refuses the second (a socket already bound to a device), so a user's run ends with 'SO_BINDTODEVICE eth0: Operation not permitted' (exit 2; 20221126 and 20240905 alike), while root's raw path pings. We bind once, and ping on both."

kd whole-datagrams '*oversize*|*bigreply*' skip - '' \
	"Decision 'Whole datagrams': the reported size is the real size of what arrived; iputils reads into a short buffer."

kd ninfo-help 'opt-N-help*|opt-N-bogus*' skip - '' \
	"The -N help lists the same keywords in our own words (we write our own prose, never iputils'); exit status and stream (stdout for help, stderr after an unknown keyword) are the same and checked by the goldens."

kd version-text 'version*' skip - '' \
	"-V names pingsock ('ping from pingsock X (iputils-compatible)') and its own features line."

# ---------------------------------------------------------------------------

# _kd_version_in RANGE VERSION
_kd_version_in() {
	local range=$1 v=$2 from until
	[ "$range" = - ] && return 0
	case $v in ''|*[!0-9]*) v=0 ;; esac	# unknown: outside every range
	from=${range%%-*} until=${range#*-}
	if [ -n "$from" ] && [ "$v" -lt "$from" ]; then return 1; fi
	if [ -n "$until" ] && [ "$v" -ge "$until" ]; then return 1; fi
	return 0
}

# _kd_match I CASE
_kd_match() {
	local p pats
	IFS='|' read -r -a pats <<< "${KD_CASES[$1]}"
	for p in "${pats[@]}"; do
		# shellcheck disable=SC2053
		[[ $2 == $p ]] && return 0
	done
	return 1
}

# kd_normalise CASE SIDE < rendering > rendering: SIDE is ours or ref.
kd_normalise() {
	local c=$1 side=$2 i prog=() v
	v=$(ref_version)
	for i in "${!KD_ID[@]}"; do
		[ -n "${KD_SED[$i]}" ] || continue
		_kd_match "$i" "$c" || continue
		_kd_version_in "${KD_VERS[$i]}" "$v" || continue
		case ${KD_KIND[$i]} in
		both) prog+=(-e "${KD_SED[$i]}") ;;
		ref) [ "$side" = ref ] && prog+=(-e "${KD_SED[$i]}") ;;
		esac
	done
	if [ "${#prog[@]}" -gt 0 ]; then sed -E "${prog[@]}"; else cat; fi
}

# kd_incomparable CASE: prints "ID: REASON" and succeeds when a skip entry applies.
kd_incomparable() {
	local i v
	v=$(ref_version)
	for i in "${!KD_ID[@]}"; do
		[ "${KD_KIND[$i]}" = skip ] || continue
		_kd_match "$i" "$1" || continue
		_kd_version_in "${KD_VERS[$i]}" "$v" || continue
		echo "${KD_ID[$i]}: ${KD_WHY[$i]}"
		return 0
	done
	return 1
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	for i in "${!KD_ID[@]}"; do
		printf '%s (%s; reference versions %s; cases %s)\n    %s\n' "${KD_ID[$i]}" "${KD_KIND[$i]}" \
			"${KD_VERS[$i]}" "${KD_CASES[$i]}" "${KD_WHY[$i]}"
	done
fi
