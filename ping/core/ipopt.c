#include <netinet/in.h>
#include <netinet/ip.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ipopt.h"
#include "addr.h"
#include "textbuf.h"

#define RR_SLOTS	9	/* addresses a 40-byte record-route request holds */
#define TS_FIRST_PTR	5	/* the pointer of an empty timestamp option */
#define TS_RETRY_FLAGS	2	/* what iputils falls back to when -T is refused */
#define ADDR_LEN	4

_Static_assert(RR_SLOTS * ADDR_LEN <= sizeof(((struct ipopt_state *)0)->rr),
	       "a recorded route must fit in the state");

/*
 * Builds the option in a zeroed scratch area first, so that a refusal
 * leaves the caller's buffer as it was.  The addresses are copied as they
 * are stored, in network byte order, at any alignment.
 */
size_t ipopt_build(uint8_t *buf, size_t len, enum ipopt_kind kind,
		   const struct in_addr *hops, int nhops)
{
	uint8_t o[IPOPT_SPACE];
	size_t n;

	if (buf == NULL || nhops < 0 || (nhops > 0 && hops == NULL))
		return 0;
	memset(o, 0, sizeof(o));
	switch (kind) {
	case IPOPT_KIND_RR:
		if (nhops != 0)
			return 0;
		o[0] = IPOPT_NOP;
		o[1] = IPOPT_RR;
		o[2] = 3 + ADDR_LEN * RR_SLOTS;
		o[3] = IPOPT_MINOFF;
		n = 4 + ADDR_LEN * RR_SLOTS;
		break;
	case IPOPT_KIND_TS_ONLY:
	case IPOPT_KIND_TS_ADDR:
		if (nhops != 0)
			return 0;
		n = kind == IPOPT_KIND_TS_ONLY ? 40 : 36;
		o[0] = IPOPT_TS;
		o[1] = (uint8_t)n;
		o[2] = TS_FIRST_PTR;
		o[3] = kind == IPOPT_KIND_TS_ONLY ? IPOPT_TS_TSONLY : IPOPT_TS_TSANDADDR;
		break;
	case IPOPT_KIND_TS_PRESPEC:
		if (nhops > IPOPT_PRESPEC_MAX_HOPS)
			return 0;
		n = 4 + 2 * ADDR_LEN * (size_t)nhops;
		o[0] = IPOPT_TS;
		o[1] = (uint8_t)n;
		o[2] = TS_FIRST_PTR;
		o[3] = IPOPT_TS_PRESPEC;
		for (int i = 0; i < nhops; i++)
			memcpy(o + 4 + 2 * ADDR_LEN * i, &hops[i].s_addr, ADDR_LEN);
		break;
	case IPOPT_KIND_LSRR:
	case IPOPT_KIND_SSRR:
		if (nhops < 1 || nhops > IPOPT_SRR_MAX_HOPS)
			return 0;
		n = 4 + ADDR_LEN * (size_t)nhops;
		o[0] = IPOPT_NOP;
		o[1] = kind == IPOPT_KIND_SSRR ? IPOPT_SSRR : IPOPT_LSRR;
		o[2] = (uint8_t)(n - 1);
		o[3] = IPOPT_MINOFF;
		for (int i = 0; i < nhops; i++)
			memcpy(o + 4 + ADDR_LEN * i, &hops[i].s_addr, ADDR_LEN);
		break;
	default:
		return 0;
	}
	if (len < n)
		return 0;
	memcpy(buf, o, n);
	return n;
}

/* iputils' second try for a refused -T: the same option, flags byte 2. */
bool ipopt_ts_retry(uint8_t *buf, size_t len)
{
	if (buf == NULL || len < 4 || buf[0] != IPOPT_TS || buf[1] < 4 ||
	    buf[1] > len)
		return false;
	buf[3] = TS_RETRY_FLAGS;
	return true;
}

/*
 * How a walk shows addresses: through names looked up beforehand (or as
 * dotted quads), and, in a collecting pass, listing them for lookup.
 */
struct addr_pass {
	const struct ipopt_names *names;	/* NULL: dotted quads */
	struct ipopt_names *collect;		/* NULL: not collecting */
};

/* The name given for a, or NULL. */
static const char *name_for(const struct ipopt_names *names, struct in_addr a)
{
	for (size_t i = 0; names && i < names->n; i++)
		if (names->addr[i].s_addr == a.s_addr)
			return names->text[i];
	return NULL;
}

/* "\t<addr>": 0.0.0.0 as such, anything else by its name when it has one. */
static void put_addr(struct textbuf *s, const uint8_t *p, struct addr_pass *ap)
{
	struct in_addr a;
	const char *name = NULL;
	struct ipopt_names *c = ap->collect;

	memcpy(&a.s_addr, p, ADDR_LEN);
	if (a.s_addr != 0 && c && c->n < IPOPT_MAX_ADDRS && !name_for(c, a)) {
		c->addr[c->n] = a;
		c->text[c->n++] = "";
	}
	if (a.s_addr != 0)
		name = name_for(ap->names, a);
	if (name != NULL)
		textbuf_put(s, "\t%s", name);
	else
		textbuf_put(s, "\t%u.%u.%u.%u", p[0], p[1], p[2], p[3]);
}

/*
 * Record route.  As iputils: the slots below the pointer (or the length,
 * if the pointer is past it) are the route, a partly used slot counting as
 * used; nothing at all when the pointer shows none.  Only slots wholly
 * inside the option are printed.  The route is compared with the last one
 * printed by its addresses (iputils compares from the pointer byte and so
 * misses a change in the last address's last byte).
 */
static void print_rr(struct textbuf *s, const uint8_t *o, size_t olen,
		     struct ipopt_state *st, struct addr_pass *ap)
{
	size_t used, count, bytes;

	if (olen < 3)
		return;
	used = o[2] < olen ? o[2] : olen;
	if (used <= IPOPT_MINOFF)
		return;
	count = (used - IPOPT_MINOFF + ADDR_LEN - 1) / ADDR_LEN;
	if (count > (olen - 3) / ADDR_LEN)
		count = (olen - 3) / ADDR_LEN;
	if (count == 0)
		return;
	bytes = count * ADDR_LEN;
	if (st != NULL && bytes <= sizeof(st->rr)) {
		if (st->rr_len == bytes && memcmp(st->rr, o + 3, bytes) == 0) {
			textbuf_put(s, "\t(same route)");
			return;
		}
		st->rr_len = bytes;
		memcpy(st->rr, o + 3, bytes);
	}
	textbuf_put(s, "\nRR: ");
	for (size_t k = 0; k < count; k++) {
		put_addr(s, o + 3 + ADDR_LEN * k, ap);
		textbuf_put(s, "\n");
	}
}

/*
 * Timestamp.  iputils' walk: a budget of min(pointer, length) - 5 bytes,
 * 4 taken by each address (flags other than "timestamps only") and each
 * stamp; the first standard stamp is "absolute", the next ones deltas
 * from the previous one, and stamps with the high bit set (not in
 * milliseconds since midnight UT) follow the same rule on their own with
 * " not-standard".  A stamp of 0 leaves the next one absolute, as in
 * iputils.  The overflow count in the flags' high nibble closes the list.
 * A field that would cross the option's end stops the walk.
 */
static void print_ts(struct textbuf *s, const uint8_t *o, size_t olen,
		     struct addr_pass *ap)
{
	long long stdtime = 0, nonstdtime = 0, t, v;
	long budget;
	size_t off = 4;
	uint8_t flags;
	bool addrs;

	if (olen < 6)
		return;
	budget = (long)(o[2] < olen ? o[2] : olen) - TS_FIRST_PTR;
	if (budget <= 0)
		return;
	flags = o[3];
	addrs = (flags & 0x0f) != IPOPT_TS_TSONLY;
	textbuf_put(s, "\nTS: ");
	for (;;) {
		if (addrs) {
			if (off + ADDR_LEN > olen)
				break;
			put_addr(s, o + off, ap);
			off += ADDR_LEN;
			budget -= ADDR_LEN;
			if (budget <= 0)
				break;
		}
		if (off + 4 > olen)
			break;
		t = be32_get(o + off);
		off += 4;
		if (t & 0x80000000LL) {
			v = t & 0x7fffffffLL;
			if (nonstdtime == 0)
				textbuf_put(s, "\t%lld absolute not-standard", v);
			else
				textbuf_put(s, "\t%lld not-standard", v - nonstdtime);
			nonstdtime = v;
		} else {
			if (stdtime == 0)
				textbuf_put(s, "\t%lld absolute", t);
			else
				textbuf_put(s, "\t%lld", t - stdtime);
			stdtime = t;
		}
		budget -= 4;
		textbuf_put(s, "\n");
		if (budget <= 0)
			break;
	}
	if (flags >> 4)
		textbuf_put(s, "Unrecorded hops: %d\n", flags >> 4);
}

/*
 * Loose or strict source route: every whole slot of the option, used or
 * not.  (iputils reads its addresses one byte early, from the pointer
 * byte; here they are read from where they are.)
 */
static void print_srr(struct textbuf *s, const uint8_t *o, size_t olen,
		      struct addr_pass *ap)
{
	size_t count = olen >= 3 ? (olen - 3) / ADDR_LEN : 0;

	textbuf_put(s, "\n%cSRR: ", o[0] == IPOPT_SSRR ? 'S' : 'L');
	for (size_t k = 0; k < count; k++) {
		put_addr(s, o + 3 + ADDR_LEN * k, ap);
		textbuf_put(s, "\n");
	}
}

/*
 * Walks the options: end-of-list stops, a NOP is one byte, anything else
 * needs a length byte in 2..what is left, or the walk stops there.  Each
 * step moves forward, so the walk ends.
 */
static void walk(struct textbuf *s, const uint8_t *opts, size_t len,
		 struct ipopt_state *st, struct addr_pass *ap)
{
	size_t off = 0;

	if (opts == NULL)
		return;
	if (len > IPOPT_SPACE)
		len = IPOPT_SPACE;
	while (off < len) {
		const uint8_t *o = opts + off;
		size_t rest = len - off, olen;

		if (o[0] == IPOPT_EOL)
			break;
		if (o[0] == IPOPT_NOP) {
			textbuf_put(s, "\nNOP");
			off++;
			continue;
		}
		if (rest < 2)
			break;
		olen = o[1];
		if (olen < 2 || olen > rest)
			break;
		switch (o[0]) {
		case IPOPT_RR:
			print_rr(s, o, olen, st, ap);
			break;
		case IPOPT_TS:
			print_ts(s, o, olen, ap);
			break;
		case IPOPT_LSRR:
		case IPOPT_SSRR:
			print_srr(s, o, olen, ap);
			break;
		default:
			textbuf_put(s, "\nunknown option %x", o[0]);
			break;
		}
		off += olen;
	}
}

void ipopt_addresses(const uint8_t *opts, size_t len, const struct ipopt_state *st,
		     struct ipopt_names *out)
{
	struct ipopt_state copy;
	struct addr_pass ap = { .names = NULL, .collect = out };
	struct textbuf none = { .f = NULL, .buf = NULL, .size = 0, .n = 0 };

	out->n = 0;
	if (st)
		copy = *st;
	walk(&none, opts, len, st ? &copy : NULL, &ap);
}

size_t ipopt_format(char *buf, size_t size, const uint8_t *opts, size_t len,
		    struct ipopt_state *st, const struct ipopt_names *names)
{
	struct textbuf s = { .f = NULL, .buf = buf, .size = buf ? size : 0, .n = 0 };
	struct addr_pass ap = { .names = names, .collect = NULL };

	if (s.size > 0)
		buf[0] = '\0';
	walk(&s, opts, len, st, &ap);
	return s.n;
}
