# shellcheck shell=bash
# own-etc.sh: the files of /etc that name resolution reads, written for a
# test, so that no result depends on the host's own (decision "Tests own
# their world").  The caller writes DIR/hosts; own_etc_write adds
#
#   nsswitch.conf  the host's, with "hosts: files" (no DNS, no mDNS, no
#                  myhostname); the other databases stay (users, groups)
#   gai.conf       empty: glibc's default address order, whatever the host
#                  prefers
#   host.conf      "multi on", Debian's default (every address of a name)
#   resolv.conf    no name server and one attempt: nothing would be asked
#                  even if "hosts:" named dns
#
# own_etc_list DIR: the names of those files (hosts included) that can be
# put over the host's: a bind mount, and "ip netns exec" with
# /etc/netns/NAME, need the file to exist in /etc.  Where the host has no
# gai.conf, host.conf or resolv.conf, glibc's built-in defaults apply, the
# same as the files written here.
# own_etc_bind DIR: bind-mounts them over /etc (the caller is in a mount
# namespace of its own).

own_etc_write() {
	local dir=$1
	if [ -r /etc/nsswitch.conf ]; then
		sed -E 's/^hosts:.*/hosts:          files/' /etc/nsswitch.conf >"$dir/nsswitch.conf"
	fi
	grep -q '^hosts:' "$dir/nsswitch.conf" 2>/dev/null ||
		echo 'hosts:          files' >>"$dir/nsswitch.conf"
	: >"$dir/gai.conf"
	echo 'multi on' >"$dir/host.conf"
	echo 'options attempts:1 timeout:1' >"$dir/resolv.conf"
	chmod 644 "$dir/nsswitch.conf" "$dir/gai.conf" "$dir/host.conf" "$dir/resolv.conf"
}

own_etc_list() {
	local f
	for f in hosts nsswitch.conf gai.conf host.conf resolv.conf; do
		[ -f "$1/$f" ] && [ -e "/etc/$f" ] && echo "$f"
	done
}

own_etc_bind() {
	local f
	for f in $(own_etc_list "$1"); do
		mount --bind "$1/$f" "/etc/$f" || return 1
	done
}
