#!/bin/bash
# load.sh: 100 pings at once from the client, each to its own address behind
# the server (198.18.4.1-50 and 2001:db8:4::1-32 on the server's lo), half of
# them as root on raw sockets, half as uid 65534 on datagram sockets, each
# "-v -c 5 -i 0.2".  Raw sockets see every ICMP packet of the namespace, so
# each process must pick out its own replies: every one reports exactly
# "5 packets transmitted, 5 received", no "(DIFFERENT ADDRESS!)", no
# "(DUP!)", exits 0, and all finish within a bound.
#
# ping_group_range is "65534 65534": uid 65534 (gid 65534) gets datagram
# sockets while root (gid 0) is outside the range and gets raw ones, so both
# kinds run at the same time.  -v says which socket each process used.
#
# Rootless, the unprivileged caller and root share gid 0, so the raw half
# runs first (range closed) and the datagram half after it (range open).
#
# Each output is compared with a golden template (golden/load-<family>.<kind>,
# @TARGET@ standing for the address).  Not run side by side: 20221126 takes
# its raw ident from rand() seeded with the time, so simultaneous raw runs
# may share an ident.

. "$(dirname "$0")/lib.sh"
lib_init "$@"

N_EACH=25	# per family and socket kind
LOAD_BOUND_MS=${LOAD_BOUND_MS:-20000}

net_standard
net_far

RAW4=() RAW6=() DG4=() DG6=()
for n in $(seq 1 "$N_EACH"); do
	RAW4+=("$(far4 "$n")") RAW6+=("$(far6 "$n")")
	DG4+=("$(far4 $((n + N_EACH)))") DG6+=("$(far6 $((n + N_EACH)))")
done
far_addrs "${RAW4[@]}" "${RAW6[@]}" "${DG4[@]}" "${DG6[@]}"

# load_start WHO KIND ADDR...: start one ping per address, in the background.
LOAD_PIDS=()
load_start() {
	local who=$1 kind=$2 a; shift 2
	for a in "$@"; do
		pingrun "load-$kind-$a" "$who" c "$BIN" -v -c 5 -i 0.2 "$a" &
		LOAD_PIDS+=($!)
		IT_BG+=($!)
	done
}
load_wait() {
	local p
	for p in "${LOAD_PIDS[@]}"; do wait "$p"; done
	LOAD_PIDS=()
}

t0=$(date +%s%N)
if [ "$REAL_ROOT" = 1 ]; then
	ns_range c 65534 65534
	load_start root raw "${RAW4[@]}" "${RAW6[@]}"
	load_start user dgram "${DG4[@]}" "${DG6[@]}"
	load_wait
	note "100 pings at once (50 raw as root, 50 datagram as uid 65534)"
else
	load_start root raw "${RAW4[@]}" "${RAW6[@]}"
	load_wait
	ns_range c $RANGE_OPEN
	load_start user dgram "${DG4[@]}" "${DG6[@]}"
	load_wait
	note "rootless: 50 raw pings at once, then 50 datagram pings at once"
fi
t1=$(date +%s%N)
elapsed=$(( (t1 - t0) / 1000000 ))

# load_judge KIND FAMILY SOCKTYPE LABEL ADDR...: the group's checks, one
# result each, naming the processes that failed.
load_judge() {
	local kind=$1 fam=$2 want=$3 label=$4 a id why=$T/out/load-$1-$2.why got
	local golden_bad=0 sock_bad=0 flag_bad=0 count_bad=0 err_bad=0; shift 4
	: > "$why"
	for a in "$@"; do
		id=load-$kind-$a
		# ", pipe 2": a reply slower than the interval on a loaded host.
		render "$id" | sed -E 's/^(rtt .* ms), pipe [0-9]+$/\1/' > "$T/out/$id.render"
		if ! sed "s/@TARGET@/$a/g" "$GOLDEN_DIR/load-$fam.$kind" |
			diff -u --label "golden/load-$fam.$kind" --label "$a" - "$T/out/$id.render" >> "$why.golden"; then
			golden_bad=$((golden_bad + 1))
		fi
		got=$(socktype "$id" "$fam")
		if [ "$got" != "$want" ]; then
			sock_bad=$((sock_bad + 1)); echo "$a: socktype '${got:-none}'" >> "$why.sock"
		fi
		if grep -q -e 'DIFFERENT ADDRESS' -e '(DUP!)' "$(out_of "$id")"; then
			flag_bad=$((flag_bad + 1)); grep -e 'DIFFERENT ADDRESS' -e '(DUP!)' "$(out_of "$id")" | sed "s/^/$a: /" >> "$why.flag"
		fi
		if ! grep -qx '5 packets transmitted, 5 received, 0% packet loss, time [0-9]*ms' "$(out_of "$id")" ||
			[ "$(rc_of "$id")" != 0 ]; then
			count_bad=$((count_bad + 1))
			echo "$a: exit $(rc_of "$id"), $(grep 'packets transmitted' "$(out_of "$id")" || echo 'no summary')" >> "$why.count"
		fi
		# stderr: only -v's two lines.
		if grep -v -e '^ping: sock4\.fd: ' -e '^ping: ai->ai_family: ' "$(err_of "$id")" | grep -q .; then
			err_bad=$((err_bad + 1)); sed "s/^/$a: /" "$(err_of "$id")" >> "$why.err"
		fi
	done
	_load_result "$label: each output as the golden load-$fam.$kind" "$golden_bad" "$why.golden"
	_load_result "$label: every process used $want" "$sock_bad" "$why.sock"
	_load_result "$label: no (DIFFERENT ADDRESS!), no (DUP!)" "$flag_bad" "$why.flag"
	_load_result "$label: every process: 5 transmitted, 5 received, 0% loss, exit 0" "$count_bad" "$why.count"
	_load_result "$label: nothing on stderr but -v's lines" "$err_bad" "$why.err"
}
_load_result() {
	if [ "$2" = 0 ]; then
		ok "$1 ($N_EACH processes)"
	else
		head -n 60 "$3" > "$3.head" 2>/dev/null
		fail "$1: $2 of $N_EACH processes failed" "$3.head"
	fi
}

load_judge raw 4 SOCK_RAW "root (raw), IPv4" "${RAW4[@]}"
load_judge raw 6 SOCK_RAW "root (raw), IPv6" "${RAW6[@]}"
load_judge dgram 4 SOCK_DGRAM "$U (datagram), IPv4" "${DG4[@]}"
load_judge dgram 6 SOCK_DGRAM "$U (datagram), IPv6" "${DG6[@]}"

if [ "$elapsed" -le "$LOAD_BOUND_MS" ]; then
	ok "all 100 finished within $LOAD_BOUND_MS ms (took $elapsed ms)"
else
	echo "took $elapsed ms" > "$T/out/load.why"
	fail "all 100 finished within $LOAD_BOUND_MS ms" "$T/out/load.why"
fi

it_finish
