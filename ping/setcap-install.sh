#!/bin/sh
# Install-time hook for -Dsetcap=true: gives the installed ping cap_net_raw+p.
set -eu
target="${DESTDIR:-}$1"
if ! command -v setcap >/dev/null 2>&1; then
	echo "setcap not found: install libcap2-bin, or configure with -Dsetcap=false and open net.ipv4.ping_group_range instead" >&2
	exit 1
fi
setcap cap_net_raw+p "$target"
echo "cap_net_raw+p set on $target"
