/* ICMP and ICMPv6 type/code -> the words iputils prints. */
#ifndef PINGSOCK_ICMP_TEXT_H
#define PINGSOCK_ICMP_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Writes into buf (NUL-terminated, truncated to len) the text iputils
 * prints after "From <addr> icmp_seq=<n> " for this message, without a
 * trailing newline: e.g. "Destination Host Unreachable",
 * "Frag needed and DF set (mtu = 1400)", "Redirect Host(New nexthop: gw)",
 * "Destination unreachable: Port unreachable", "Packet too big: mtu=1280".
 * info is ee_info / the header's 4th word in host order: the MTU, the
 * parameter-problem pointer, or the IPv4 redirect gateway.  gateway, when
 * not NULL, is how to print that gateway (a name); NULL prints it as a
 * dotted quad from info.  Returns the length of the full text.
 */
size_t icmp_text(char *buf, size_t len, int af, uint8_t type, uint8_t code,
		 uint32_t info, const char *gateway);

/* True for messages that are reports, not errors: redirect, source quench. */
bool icmp_is_informational(int af, uint8_t type);

#endif
