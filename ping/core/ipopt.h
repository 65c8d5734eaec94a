/* IPv4 options: the bytes -R, -T and source-route hops set, and the text
 * iputils prints for the options a reply brings back.  Pure. */
#ifndef PINGSOCK_IPOPT_H
#define PINGSOCK_IPOPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <netinet/in.h>

/* The most option bytes an IPv4 header can carry (60 - 20). */
#define IPOPT_SPACE		40

/*
 * What iputils adds to the header's "56(<n>)" figure, and takes off the
 * largest -s, whenever -R, -T or hops are given: 40, whatever the kind and
 * whatever ipopt_build returns (56(124) for -R).
 */
#define IPOPT_HEADER_OPTLEN	40

#define IPOPT_PRESPEC_MAX_HOPS	4	/* -T tsprespec h1 .. h4 target */
#define IPOPT_SRR_MAX_HOPS	9	/* h1 .. h9 target */

enum ipopt_kind {
	IPOPT_KIND_RR,		/* -R */
	IPOPT_KIND_TS_ONLY,	/* -T tsonly */
	IPOPT_KIND_TS_ADDR,	/* -T tsandaddr */
	IPOPT_KIND_TS_PRESPEC,	/* -T tsprespec [hops] */
	IPOPT_KIND_LSRR,	/* hops */
	IPOPT_KIND_SSRR,	/* hops with -r */
};

/*
 * Writes into buf the IP_OPTIONS value iputils passes to setsockopt for
 * kind and returns its length, or 0 (buf untouched) when len is too short
 * or the hops do not suit the kind.  Lengths, as iputils sets them:
 *
 *   RR         NOP, RR (7) len 39 ptr 4, 9 empty slots         -> 40
 *   tsonly     TS (68) len 40 ptr 5 flags 0, 9 empty stamps    -> 40
 *   tsandaddr  TS (68) len 36 ptr 5 flags 1, 4 empty pairs     -> 36
 *   tsprespec  TS (68) len 4+8n ptr 5 flags 3, the n (0..4)
 *              hops, each followed by an empty stamp           -> 4+8n
 *   LSRR/SSRR  NOP, 131/137 len 3+4n ptr 4, the n (1..9) hops  -> 4+4n
 *
 * hops are the addresses given before the destination, in order, never
 * the destination itself: for a source route the kernel sends to the
 * first hop and writes the destination into the last slot itself.  RR,
 * tsonly and tsandaddr take no hops (nhops 0).  A buffer of IPOPT_SPACE
 * bytes always suffices.
 */
size_t ipopt_build(uint8_t *buf, size_t len, enum ipopt_kind kind,
		   const struct in_addr *hops, int nhops);

/*
 * iputils retries a refused timestamp option once with the flags byte set
 * to 2; this makes that change to a buffer ipopt_build filled for a -T
 * kind.  Returns false, changing nothing, when buf of len bytes holds no
 * timestamp option.
 */
bool ipopt_ts_retry(uint8_t *buf, size_t len);

/*
 * The route of the last recorded-route option printed, for "(same
 * route)".  Owned by the caller; all zero means none yet.
 */
struct ipopt_state {
	size_t rr_len;				/* bytes in rr */
	uint8_t rr[IPOPT_SPACE];
};

/* The most addresses 40 option bytes can show. */
#define IPOPT_MAX_ADDRS		10

/*
 * Names for the addresses in options, looked up before formatting (the
 * formatter never resolves): text[i] is shown for addr[i] ("host (addr)"),
 * NULL for the dotted quad.
 */
struct ipopt_names {
	size_t n;
	struct in_addr addr[IPOPT_MAX_ADDRS];
	const char *text[IPOPT_MAX_ADDRS];
};

/*
 * The distinct non-zero addresses ipopt_format would show for these
 * options after st (which is not changed), in order, into out (texts "").
 */
void ipopt_addresses(const uint8_t *opts, size_t len, const struct ipopt_state *st,
		     struct ipopt_names *out);

/*
 * Formats the options a reply carried (raw socket: the IP header's option
 * bytes; datagram socket: the IP_OPTIONS/IP_RETOPTS data) as iputils does
 * after the reply line, before its final newline:
 *
 *   "\nRR: \t<a>\n\t<a>\n..."  or "\t(same route)" when the recorded
 *                               addresses equal the last ones printed
 *   "\nTS: \t<t> absolute\n\t<delta>\n..." ("\t<a>\t<t>..." with
 *                               addresses), " not-standard" forms for
 *                               high-bit stamps, then
 *                               "Unrecorded hops: <n>\n" if any
 *   "\nNOP", "\nLSRR: \t<a>\n...", "\nSSRR: ...", "\nunknown option <hex>"
 *
 * Every length and pointer is checked before use: nothing outside opts
 * [0, len) is read (at most IPOPT_SPACE bytes are looked at), an option
 * length below 2 or past the end stops the walk, and a field that does not
 * fit is not printed.  Call it once per reply line actually printed in
 * full (not under -q or -f, not for a truncated reply), as iputils does:
 * st remembers each route printed.  st NULL: no "(same route)".  names
 * may be NULL (dotted quads).
 *
 * The text goes to buf as with snprintf (NUL-terminated when size > 0);
 * returns the length of the whole text.
 */
size_t ipopt_format(char *buf, size_t size, const uint8_t *opts, size_t len,
		    struct ipopt_state *st, const struct ipopt_names *names);

#endif
