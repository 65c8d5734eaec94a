/* Every line ping prints, written to a stream it is given.  Pure. */
#ifndef PINGSOCK_OUTPUT_H
#define PINGSOCK_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>

#include "stats.h"

struct out_opts {
	bool timestamps;	/* -D: "[sec.usec] " before reply, error and no-answer lines */
	bool audible;		/* -a: BEL before the newline of a reply line */
	bool rtt_3dec;		/* -3 */
};

/* -V: "ping from pingsock <version> (iputils-compatible)" and the build's features. */
void out_version(FILE *f);

/* "PATTERN: 0x<2 hex digits per byte>\n" */
void out_pattern(FILE *f, const uint8_t *pattern, size_t len);

struct header_info {
	int af;
	const char *host;	/* IPv4: canonical name or target; IPv6: the target as typed */
	const char *addr;	/* numeric target address */
	const char *source;	/* " from <source> <device>: " when not NULL */
	const char *device;	/* may be NULL: printed as "" */
	long datalen;
	size_t optlen;		/* IPv4 option bytes (-R/-T/hops) */
	bool flowlabel_set;	/* IPv6 only: ", flow 0x%05x, " */
	uint32_t flowlabel;
};

/*
 * IPv4: "PING host (addr) [from src dev: ]56(84) bytes of data.\n"
 * IPv6: "PING host (addr) [, flow 0x12345, ][from src dev: ]56 data bytes\n"
 */
void out_header(FILE *f, const struct header_info *h);

/* The time= figure: iputils' four precision rules, or -3's three decimals. */
void out_rtt_format(char *buf, size_t len, int64_t rtt_us, bool rtt_3dec);

struct reply_line {
	int64_t now_real_us;		/* for -D */
	size_t bytes;			/* ICMP length */
	const char *from;		/* "addr" or "name (addr)" */
	uint16_t seq;
	bool show_ident;		/* -v with a known identifier */
	uint16_t ident;
	bool have_ttl;
	int ttl;
	int64_t rtt_us;			/* < 0: no time= field */
	bool duplicate, bad_cksum, different_address, truncated;
	/* mismatch_at >= 0: index of the first payload byte that differs
	 * from what was sent (expected); the received payload (data, datalen)
	 * is then dumped from offset 16 as iputils does.  < 0: no dump. */
	long mismatch_at;
	uint8_t expected;
	const uint8_t *data;
	size_t datalen;
	const char *extra;		/* preformatted text before the newline (IP options), or NULL */
};

/*
 * "[ts] 64 bytes from X: icmp_seq=1[ ident=N][ ttl=64][ time=0.042 ms]
 * [ (DUP!)][ (BAD CHECKSUM!)][ (DIFFERENT ADDRESS!)][ (truncated)]
 * [\nwrong data byte ...][\a][extra]\n" (a truncated reply: no time, no
 * flags, no bell, as iputils)
 */
void out_reply(FILE *f, const struct out_opts *o, const struct reply_line *r);

/*
 * "[ts] From X icmp_seq=N text\n"; colon = true gives iputils' raw-socket
 * form for redirects and source quench, "From X: icmp_seq=N text\n".
 */
void out_icmp(FILE *f, const struct out_opts *o, int64_t now_real_us,
	      const char *from, uint16_t seq, const char *text, bool colon);

/*
 * A node information reply: "[ts] <bytes> bytes from <from>:<text>[ ttl=N]
 * [ (DUP!)]\n", text being ninfo_format_reply's.
 */
void out_ninfo_reply(FILE *f, const struct out_opts *o, int64_t now_real_us,
		     size_t bytes, const char *from, const char *text,
		     bool have_ttl, int ttl, bool duplicate);

/*
 * -v after a redirect or source quench read as a raw IPv4 packet: the
 * quoted IP header (ip: its first 20 bytes), as iputils dumps it: a title
 * line, then version, header length, TOS, total length, ID, flags,
 * fragment offset, TTL, protocol, checksum, source and destination, then
 * the header's options as a reply's are shown (opts_text, from
 * ipopt_format; "" for none).  The 16-bit fields are shown as iputils shows
 * them, read from the packet in the host's byte order (so "5400" for a
 * length of 84 on a little-endian host).
 */
void out_ip_header_dump(FILE *f, const uint8_t *ip, const char *opts_text);

/* "[ts] From X: text\n": -v, other ICMP seen on a raw socket. */
void out_icmp_other(FILE *f, const struct out_opts *o, int64_t now_real_us,
		    const char *from, const char *text);

/* "[ts] no answer yet for icmp_seq=N\n" (-O). */
void out_no_answer(FILE *f, const struct out_opts *o, int64_t now_real_us,
		   uint16_t seq);

struct summary_info {
	const char *host;
	const struct ping_stats *st;
	int64_t elapsed_us;		/* from start to the last send */
	bool timing;			/* datalen >= 16 */
	bool show_ipg;			/* interval 0, -f or -A */
	bool percentiles;		/* --percentiles: the extra lines */
	int64_t interval_us;		/* ends a loss burst that reaches the last send */
};

/*
 * "\n--- host ping statistics ---\n", the counts line, then the rtt line
 * with its ", pipe N" and ", ipg/ewma a/b ms" tails (or a lone "pipe N"),
 * or an empty line when there is nothing for it.  With percentiles, then
 * "rtt p50/p90/p99 = a/b/c ms[, jitter j ms]\n" when there is an rtt line,
 * and "longest loss: N request(s), icmp_seq F[-L], D ms\n" when a request
 * was lost (see stats_extra).
 */
void out_summary(FILE *f, const struct summary_info *s);

/* SIGQUIT: "\r3/3 packets, 0% loss[, min/avg/ewma/max = ... ms]\n" */
void out_status(FILE *f, const struct ping_stats *st, bool timing);

/* A diagnostic: "<prog>: <formatted>[: <strerror(err)>]\n" (err 0: no suffix). */
void out_vdiag(FILE *f, const char *prog, int err, const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));

#endif
