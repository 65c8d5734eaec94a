/*
 * ICMP and ICMPv6 type/code -> the words iputils prints for them.
 * Pure: tables and snprintf, nothing else.
 */
#include <sys/socket.h>
#include <stdio.h>

#include "icmp_text.h"
#include "textbuf.h"

/* IPv4 Destination Unreachable, by code; code 4 (frag needed) carries the MTU. */
static const char *const unreach4[] = {
	"Destination Net Unreachable",
	"Destination Host Unreachable",
	"Destination Protocol Unreachable",
	"Destination Port Unreachable",
	NULL,
	"Source Route Failed",
	"Destination Net Unknown",
	"Destination Host Unknown",
	"Source Host Isolated",
	"Destination Net Prohibited",
	"Destination Host Prohibited",
	"Destination Net Unreachable for Type of Service",
	"Destination Host Unreachable for Type of Service",
	"Packet filtered",
	"Precedence Violation",
	"Precedence Cutoff",
};

static const char *const redirect4[] = {
	"Redirect Network",
	"Redirect Host",
	"Redirect Type of Service and Network",
	"Redirect Type of Service and Host",
};

static const char *const timex4[] = {
	"Time to live exceeded",
	"Frag reassembly time exceeded",
};

/* IPv4 types whose text does not depend on the code or the info word. */
static const char *const plain4[] = {
	[0] = "Echo Reply",
	[4] = "Source Quench",
	[8] = "Echo Request",
	[13] = "Timestamp",
	[14] = "Timestamp Reply",
	[15] = "Information Request",
	[16] = "Information Reply",
	[17] = "Address Mask Request",
	[18] = "Address Mask Reply",
};

static const char *const unreach6[] = {
	"No route",
	"Administratively prohibited",
	"Beyond scope of source address",
	"Address unreachable",
	"Port unreachable",
	"Source address failed ingress/egress policy",
	"Reject route to destination",
};

static const char *const timex6[] = {
	"Hop limit",
	"Defragmentation failure",
};

static const char *const param6[] = {
	"Wrong header field ",
	"Unknown header ",
	"Unknown option ",
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* The table entry for code, or NULL when the table has none. */
static const char *lookup(const char *const *table, size_t n, unsigned code)
{
	return code < n ? table[code] : NULL;
}

/* snprintf's result as the size_t the contract returns; an encoding error reads as empty. */
static size_t fmt_result(int n)
{
	return n < 0 ? 0 : (size_t)n;
}

/*
 * An IPv4 redirect: the code's words glued to "(New nexthop: <gw>)", as
 * iputils prints it.  Without a name the gateway is info read as an
 * address in host byte order.
 */
static size_t redirect_text(char *buf, size_t len, uint8_t code,
			    uint32_t info, const char *gateway)
{
	const char *what = lookup(redirect4, NELEM(redirect4), code);
	char quad[sizeof("255.255.255.255")];
	char bad[sizeof("Redirect, Bad Code: 255")];

	if (gateway == NULL) {
		snprintf(quad, sizeof(quad), "%u.%u.%u.%u",
			 (unsigned)(info >> 24) & 0xff, (unsigned)(info >> 16) & 0xff,
			 (unsigned)(info >> 8) & 0xff, (unsigned)info & 0xff);
		gateway = quad;
	}
	if (what == NULL) {
		snprintf(bad, sizeof(bad), "Redirect, Bad Code: %u", (unsigned)code);
		what = bad;
	}
	return fmt_result(snprintf(buf, len, "%s(New nexthop: %s)", what, gateway));
}

/* The IPv4 table (iputils' pr_icmph wording). */
static size_t text4(char *buf, size_t len, uint8_t type, uint8_t code,
		    uint32_t info, const char *gateway)
{
	const char *s;

	switch (type) {
	case 3:
		if (code == 4)
			return fmt_result(snprintf(buf, len,
				"Frag needed and DF set (mtu = %u)", (unsigned)info));
		s = lookup(unreach4, NELEM(unreach4), code);
		if (s == NULL)
			return fmt_result(snprintf(buf, len,
				"Dest Unreachable, Bad Code: %u", (unsigned)code));
		break;
	case 5:
		return redirect_text(buf, len, code, info, gateway);
	case 11:
		s = lookup(timex4, NELEM(timex4), code);
		if (s == NULL)
			return fmt_result(snprintf(buf, len,
				"Time exceeded, Bad Code: %u", (unsigned)code));
		break;
	case 12:
		return fmt_result(snprintf(buf, len,
			"Parameter problem: pointer = %u", (unsigned)info));
	default:
		s = lookup(plain4, NELEM(plain4), type);
		if (s == NULL)
			return fmt_result(snprintf(buf, len,
				"Bad ICMP type: %u", (unsigned)type));
		break;
	}
	return text_copy(buf, len, s);
}

/* The ICMPv6 table (iputils' print_icmp wording). */
static size_t text6(char *buf, size_t len, uint8_t type, uint8_t code,
		    uint32_t info)
{
	const char *s;

	switch (type) {
	case 1:
		s = lookup(unreach6, NELEM(unreach6), code);
		if (s == NULL)
			return fmt_result(snprintf(buf, len,
				"Destination unreachable: Unknown code %u", (unsigned)code));
		return fmt_result(snprintf(buf, len, "Destination unreachable: %s", s));
	case 2:
		if (code != 0)
			return fmt_result(snprintf(buf, len, "Packet too big: mtu=%u, code=%u",
				(unsigned)info, (unsigned)code));
		return fmt_result(snprintf(buf, len, "Packet too big: mtu=%u", (unsigned)info));
	case 3:
		s = lookup(timex6, NELEM(timex6), code);
		if (s == NULL)
			return fmt_result(snprintf(buf, len,
				"Time exceeded: code %u", (unsigned)code));
		return fmt_result(snprintf(buf, len, "Time exceeded: %s", s));
	case 4:
		s = lookup(param6, NELEM(param6), code);
		if (s == NULL)
			return fmt_result(snprintf(buf, len,
				"Parameter problem: code %u at %u", (unsigned)code, (unsigned)info));
		return fmt_result(snprintf(buf, len, "Parameter problem: %sat %u",
			s, (unsigned)info));
	case 128:
		s = "Echo request";
		break;
	case 129:
		s = "Echo reply";
		break;
	case 130:
		s = "MLD Query";
		break;
	case 131:
		s = "MLD Report";
		break;
	case 132:
		s = "MLD Reduction";
		break;
	default:
		return fmt_result(snprintf(buf, len, "unknown icmp type: %u", (unsigned)type));
	}
	return text_copy(buf, len, s);
}

/*
 * Dispatches on the family; an unknown family has no words, so it yields
 * the empty text rather than guessing at one table.
 */
size_t icmp_text(char *buf, size_t len, int af, uint8_t type, uint8_t code,
		 uint32_t info, const char *gateway)
{
	switch (af) {
	case AF_INET:
		return text4(buf, len, type, code, info, gateway);
	case AF_INET6:
		return text6(buf, len, type, code, info);
	default:
		return text_copy(buf, len, "");
	}
}

/*
 * Redirects and source quench report a route change or congestion, not a
 * failure to reach the target: they are printed but never counted as errors.
 */
bool icmp_is_informational(int af, uint8_t type)
{
	switch (af) {
	case AF_INET:
		return type == 4 || type == 5;
	case AF_INET6:
		return type == 137;
	default:
		return false;
	}
}
