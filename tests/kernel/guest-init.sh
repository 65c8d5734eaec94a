#!/bin/sh
# /init of the initramfs that debian-kernel.sh boots: runs this build's
# ping on the booted kernel and prints what it saw as "@@ " lines on the
# console, for the host to judge.  Runs under busybox sh, as root, with
# /opt/ping, /opt/ping-probe, /opt/ip (iproute2), /opt/strace and veth.ko.
# Busybox's shell runs its own applets first (its ping and ip among them),
# so ours are called by path.
/bin/busybox --install -s /bin
export PATH=/bin
P=/opt/ping
PROBE=/opt/ping-probe
IP=/opt/ip
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t tmpfs tmp /tmp
$IP link set lo up
echo
echo "@@ kernel $(cat /proc/sys/kernel/osrelease)"

# json KIND ADDR: three echoes; which socket, which clock, how many timed.
json() {
	$P -j -c 3 -i 0.2 "$2" >/tmp/j 2>&1
	echo "@@ json $1 $2 rc=$? $(grep -o '"socket":"[a-z]*"' /tmp/j) $(grep -o '"timing":"[a-z]*"' /tmp/j)" \
		"replies=$(grep -c '"type":"reply"' /tmp/j)" \
		"delays=$(grep '"type":"reply"' /tmp/j | grep -c '"send_delay":[0-9]')"
}
# flood KIND ADDR: every reply of a flood timed by the kernel.
flood() {
	$P -j -f -c 2000 "$2" >/tmp/f 2>&1
	echo "@@ flood $1 $2 rc=$? replies=$(grep -c '"type":"reply"' /tmp/f)" \
		"delays=$(grep '"type":"reply"' /tmp/f | grep -c '"send_delay":[0-9]')"
}

for kind in raw dgram; do
	if [ $kind = raw ]; then range="1 0"; else range="0 0"; fi
	echo "$range" >/proc/sys/net/ipv4/ping_group_range
	for a in 127.0.0.1 ::1; do
		json $kind $a
		flood $kind $a
	done
	# The stamps' keys: SCM_TS_OPT_ID (Linux 6.13) refused once, then the
	# kernel's numbering (sends without the control message).
	/opt/strace -f -o /tmp/st -e trace=sendmsg,sendto $P -c 3 -i 0.2 127.0.0.1 >/dev/null 2>&1
	echo "@@ keys $kind 127.0.0.1 refused=$(grep -c 'sendmsg(.*= -1 EINVAL' /tmp/st) sendto=$(grep -c 'sendto(.*= 64$' /tmp/st)"
	/opt/strace -f -o /tmp/st -e trace=sendmsg,sendto $P -c 3 -i 0.2 ::1 >/dev/null 2>&1
	echo "@@ keys $kind ::1 refused=$(grep -c 'sendmsg(.*= -1 EINVAL' /tmp/st) sendto=$(grep -c 'sendto(.*= 64$' /tmp/st)"
	# The sandbox of a running ping.
	$P -n -c 6 -i 0.2 127.0.0.1 >/dev/null 2>&1 &
	p=$!
	sleep 0.5
	echo "@@ status $kind $(grep -E '^(NoNewPrivs|Seccomp):' /proc/$p/status | tr -s ' \t' '  ' | tr '\n' ' ')"
	wait $p
	# Every layer applied (-v names any that is not), and names looked up
	# inside it: the wider filter and Landlock's reads for the resolver
	# (/etc/hosts; "files" only).
	$P -v -n -c 1 127.0.0.1 >/dev/null 2>/tmp/v
	echo "@@ layers $kind rc=$? warnings=$(grep -c sandbox /tmp/v)"
	$P -v -c 2 -i 0.2 localhost >/tmp/o 2>/tmp/v
	echo "@@ names $kind rc=$? warnings=$(grep -c sandbox /tmp/v) replies=$(grep -c '^64 bytes from localhost (127\.0\.0\.1): icmp_seq=' /tmp/o)"
	# A write attempted in the sandbox: the filter's trap, then Landlock alone.
	PINGSOCK_PROBE=openat-write:/tmp/w-$kind $PROBE -n -c 1 127.0.0.1 >/dev/null 2>/tmp/pe
	echo "@@ probe-seccomp $kind rc=$? created=$([ -e /tmp/w-$kind ] && echo yes || echo no) $(tr '\n' ' ' </tmp/pe)"
	PINGSOCK_PROBE=openat-write:/tmp/l-$kind PINGSOCK_PROBE_NO_SECCOMP=1 $PROBE -n -c 1 127.0.0.1 >/dev/null 2>/tmp/pe
	echo "@@ probe-landlock $kind rc=$? created=$([ -e /tmp/l-$kind ] && echo yes || echo no) $(tr '\n' ' ' </tmp/pe)"
done

# Slow neighbour resolution: the server (its own network namespace, behind
# a veth pair) never answers ARP, and has no IPv6 address to answer
# neighbour solicitations for until the client's entry is set, 400 ms after
# the request went.
insmod /veth.ko
cat >/tmp/server.sh <<'EOS'
while ! /opt/ip link show v1 >/dev/null 2>&1; do sleep 0.05; done
/opt/ip link set lo up
/opt/ip addr add 198.18.0.2/24 dev v1
echo 8 >/proc/sys/net/ipv4/conf/all/arp_ignore
echo 8 >/proc/sys/net/ipv4/conf/v1/arp_ignore
/opt/ip link set v1 up
touch /tmp/server.ready
exec sleep 100000
EOS
unshare -n sh /tmp/server.sh &
sp=$!
sleep 0.2
$IP link add v0 type veth peer name v1 address 02:00:00:00:00:02
$IP link set v1 netns $sp
$IP addr add 198.18.0.1/24 dev v0
$IP -6 addr add 2001:db8::1/64 dev v0 nodad
$IP link set v0 up
n=0
while [ ! -f /tmp/server.ready ] && [ $n -lt 200 ]; do sleep 0.05; n=$((n + 1)); done
sleep 0.3
# late KIND ADDR OPTS...: one echo to the server, its neighbour entry set late.
late() {
	kind=$1
	addr=$2
	shift 2
	$IP neigh flush dev v0
	$IP -6 neigh flush dev v0
	$P -j -c 1 -W 5 "$@" "$addr" >/tmp/n 2>&1 &
	p=$!
	sleep 0.4
	case $addr in
	*:*) nsenter -t $sp -n $IP -6 addr add "$addr/64" dev v1 nodad ;;
	esac
	$IP neigh replace "$addr" lladdr 02:00:00:00:00:02 dev v0 nud reachable
	wait $p
	echo "@@ late $kind $addr ${*:-default} rc=$? $(grep -o '"socket":"[a-z]*"' /tmp/n) $(grep -o '"timing":"[a-z]*"' /tmp/n)" \
		"$(grep '"type":"reply"' /tmp/n | grep -o '"time":[0-9.]*,"send_delay":[0-9.a-z]*')"
	case $addr in
	*:*) nsenter -t $sp -n $IP -6 addr del "$addr/64" dev v1 ;;
	esac
}
for kind in raw dgram; do
	if [ $kind = raw ]; then range="1 0"; else range="0 0"; fi
	echo "$range" >/proc/sys/net/ipv4/ping_group_range
	for a in 198.18.0.2 2001:db8::2; do
		late "$kind" $a
		late "$kind" $a -U
	done
done
echo "@@ done"
poweroff -f
