/*
 * IPv6 Node Information Queries (RFC 4620) for -N: the -N keywords, the
 * query (ICMPv6 type 139) and the text printed for a reply (type 140),
 * as iputils ping does them.  Pure: no sockets, no name resolution, no
 * IDN, no randomness (the caller hands in its key and the target).
 *
 * How the program uses it:
 *
 *   1. Each -N argument, at its place among the options: ninfo_parse_option.
 *      NINFO_RESOLVE and NINFO_NAME ask the caller for the step that needs
 *      the resolver or libidn2, then ninfo_set_subject_addr / _name.
 *   2. A raw ICMPv6 socket with an ICMP6_FILTER passing type 140 only
 *      (NINFO_TYPE_REPLY) instead of the echo reply, when ninfo_enabled.
 *      -N without a query keyword (only subjects) still forces the raw
 *      socket but sends ordinary echo requests.
 *   3. Sending sequence number seq: ninfo_nonce(key, seq), ninfo_build.
 *   4. Receiving: ninfo_parse_reply, then ninfo_nonce_seq gives the
 *      sequence number, or -1 for a reply that is not ours (drop it
 *      silently).  The reply line is
 *        "<len> bytes from <from>:" + ninfo_format_reply + " ttl=<h>" + flags
 *      with no icmp_seq= and no time=.
 */
#ifndef PINGSOCK_NINFO_H
#define PINGSOCK_NINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <netinet/in.h>

#define NINFO_TYPE_QUERY	139
#define NINFO_TYPE_REPLY	140

#define NINFO_HDR_LEN		16	/* type, code, cksum, qtype, flags, nonce */
#define NINFO_NONCE_LEN		8
#define NINFO_KEY_LEN		16	/* the secret behind the nonces */

/* Qtypes (RFC 4620 section 6). */
#define NINFO_QTYPE_NOOP	0
#define NINFO_QTYPE_NAME	2
#define NINFO_QTYPE_IPV6	3
#define NINFO_QTYPE_IPV4	4

/* The ICMPv6 code of a query: what its subject is. */
#define NINFO_SUBJ_IPV6		0
#define NINFO_SUBJ_NAME		1
#define NINFO_SUBJ_IPV4		2

/* The ICMPv6 code of a reply. */
#define NINFO_CODE_SUCCESS	0
#define NINFO_CODE_REFUSED	1
#define NINFO_CODE_UNKNOWN	2

/* Flags, host order (sent big-endian). */
#define NINFO_FLAG_TRUNCATE	0x0001	/* reply: the address list was cut */
#define NINFO_FLAG_ALL		0x0002	/* A */
#define NINFO_FLAG_COMPAT	0x0004	/* C */
#define NINFO_FLAG_LINKLOCAL	0x0008	/* L */
#define NINFO_FLAG_SITELOCAL	0x0010	/* S */
#define NINFO_FLAG_GLOBAL	0x0020	/* G */

/* A name subject: at most 255 bytes in wire form, plus the extra zero
 * that marks a single-label name. */
#define NINFO_SUBJECT_MAX	256

/* The longest query: header and the largest subject. */
#define NINFO_QUERY_MAX		(NINFO_HDR_LEN + NINFO_SUBJECT_MAX)

/* What -N has set so far.  ninfo_init it before the first option. */
struct ninfo_query {
	int qtype;		/* NINFO_QTYPE_*, -1 while no query keyword was given */
	uint16_t flags;		/* NINFO_FLAG_*, host order */
	int subject_type;	/* NINFO_SUBJ_*, -1: none, the target's address */
	size_t subject_len;	/* 0 while none is set (or it is still pending) */
	uint8_t subject[NINFO_SUBJECT_MAX];
	const char *pending;	/* NINFO_RESOLVE / NINFO_NAME: the text after '=' */
	bool pending_fqdn;	/* NINFO_NAME: it came from subject-fqdn= */
};

void ninfo_init(struct ninfo_query *q);

/* True once a query keyword was given: send queries, not echo requests. */
bool ninfo_enabled(const struct ninfo_query *q);

enum ninfo_status {
	NINFO_OK,	/* taken */
	NINFO_HELP,	/* "help": ninfo_help(stdout), exit 0 */
	NINFO_USAGE,	/* msg, if not "", and a newline on STDOUT (no "ping: "
			 * prefix), then ninfo_help(stderr), exit 2: an unknown
			 * keyword (no msg), "Qtype conflict", "Subject type
			 * conflict" */
	NINFO_RESOLVE,	/* subject-ipv6= / subject-ipv4= with something other
			 * than a numeric address: resolve q->pending with
			 * getaddrinfo (family ninfo_subject_family(q),
			 * SOCK_DGRAM, the target's AI_ flags) and pass the
			 * first address to ninfo_set_subject_addr.  On failure
			 * "ping: <pending>: <gai_strerror>" on stderr, then
			 * ninfo_help(stderr), exit 2 */
	NINFO_NAME,	/* subject-name= / subject-fqdn=: convert q->pending with
			 * libidn2 (idn2_lookup_ul, IDN2_NONTRANSITIONAL; on
			 * failure "ping: IDN encoding error: <idn2_strerror>",
			 * exit 2; without IDN pass it as it is), then
			 * ninfo_set_subject_name */
	NINFO_FATAL,	/* "ping: <msg>" on stderr, exit 1 */
};

/*
 * Takes one -N argument.  The option may be given several times: the
 * query keywords must agree on the qtype (their flags add up), the
 * subjects on their kind (a later one replaces an earlier one of the same
 * kind).  msg (may be NULL) receives the text that goes with the status.
 */
enum ninfo_status ninfo_parse_option(struct ninfo_query *q, const char *arg,
				     char *msg, size_t msglen);

/* AF_INET6 or AF_INET for an address subject, AF_UNSPEC otherwise. */
int ninfo_subject_family(const struct ninfo_query *q);

/*
 * The resolved address of a NINFO_RESOLVE subject: 16 bytes for
 * subject-ipv6, 4 for subject-ipv4, in network byte order.  Returns false,
 * changing nothing, when the length does not suit the subject.
 */
bool ninfo_set_subject_addr(struct ninfo_query *q, const void *addr, size_t len);

/*
 * The name of a NINFO_NAME subject, once converted: a "%scope" suffix is
 * dropped (one of IFNAMSIZ characters or more is fatal, "too long scope
 * name", as in iputils), ASCII letters are lowered and the name is put in
 * DNS wire form (RFC 1035 text rules: "\." and "\DDD" escapes; labels of
 * 1..63 bytes, 255 bytes in all; otherwise fatal, "inappropriate subject
 * name: <name>").  subject-fqdn= and a subject-name= with a dot are sent
 * absolute; a subject-name= without a dot as a single label, with the
 * second zero byte RFC 4620 uses for a name that is not fully qualified.
 * Returns NINFO_OK or NINFO_FATAL.
 */
enum ninfo_status ninfo_set_subject_name(struct ninfo_query *q, const char *name,
					 char *msg, size_t msglen);

/* The -N help: the keywords iputils accepts, in its order, our words. */
void ninfo_help(FILE *f);

/*
 * The nonce of the query with sequence number seq: its first two bytes
 * are seq, big-endian (iputils prints them as "seq="), the other six a
 * keyed hash (SipHash-2-4) of seq, so that replies need no table: a
 * reply is ours when its nonce hashes right.  key: NINFO_KEY_LEN random
 * bytes, chosen once per run.
 */
void ninfo_nonce(const uint8_t key[NINFO_KEY_LEN], uint16_t seq,
		 uint8_t nonce[NINFO_NONCE_LEN]);

/* The sequence number in one of our nonces, or -1 for any other nonce. */
int ninfo_nonce_seq(const uint8_t key[NINFO_KEY_LEN],
		    const uint8_t nonce[NINFO_NONCE_LEN]);

/*
 * Writes the query for q into buf: type 139, code = the subject kind,
 * checksum 0 (the kernel fills it in on a raw ICMPv6 socket), qtype and
 * flags big-endian, the nonce, then the subject: the one given, or else
 * the target's IPv6 address (code 0), as iputils does.  Returns its
 * length (16 + the subject), or 0 when no query keyword was given, when
 * len is too short, or when the target is needed and NULL.
 */
size_t ninfo_build(const struct ninfo_query *q, uint8_t *buf, size_t len,
		   const uint8_t nonce[NINFO_NONCE_LEN], const struct in6_addr *target);

/* A type-140 message.  data points into the buffer it was parsed from. */
struct ninfo_reply {
	size_t len;		/* the whole ICMPv6 message */
	uint8_t code;		/* NINFO_CODE_* (others are printed as unknown) */
	uint16_t qtype;
	uint16_t flags;		/* host order */
	uint8_t nonce[NINFO_NONCE_LEN];
	const uint8_t *data;	/* the Data field, after the 16-byte header */
	size_t datalen;
};

/*
 * Reads the header of the ICMPv6 message buf[0..len).  Returns 0, or -1
 * when it is not a type-140 message with its whole 16-byte header (the
 * nonce cannot be checked: not ours).  The Data field is only looked at
 * by ninfo_next and the printers, each length checked there.
 */
int ninfo_parse_reply(const uint8_t *buf, size_t len, struct ninfo_reply *out);

/* Room for one name as text: iputils' buffer (a 255-byte name with every
 * byte escaped takes at most 1004). */
#define NINFO_NAME_TEXT_MAX	1024

/* One entry of a successful reply's Data. */
struct ninfo_item {
	uint32_t ttl;		/* names: the one TTL before them; addresses: its own */
	int af;			/* addresses: AF_INET6 or AF_INET; names: AF_UNSPEC */
	uint8_t addr[16];	/* network byte order, 4 bytes used for AF_INET */
	bool fqdn;		/* names: false when followed by the extra zero byte */
	char name[NINFO_NAME_TEXT_MAX];	/* names: as dn_expand gives it */
};

/* Where ninfo_next is; zero it (= {0}) to start. */
struct ninfo_cursor {
	size_t pos;
	bool started;
	bool done;
};

enum ninfo_next_result {
	NINFO_NEXT_END = 0,		/* nothing more */
	NINFO_NEXT_ITEM = 1,		/* *it filled */
	NINFO_NEXT_SHORT = -1,		/* names: no room for the TTL ("too short") */
	NINFO_NEXT_TRUNCATED = -2,	/* an entry does not fit or a name is bad */
};

/*
 * Walks the Data of a reply with code 0 and qtype 2, 3 or 4 (for any
 * other reply it ends at once).  Names are read as glibc's dn_expand
 * reads them, relative to the start of the Data (the TTL included):
 * compression pointers are followed, but only inside the message, and a
 * name that makes the walk look at more bytes than the message has is
 * refused as a loop; label types 0x40 and 0x80, a label running past the
 * end or a name of more than 255 bytes are refused.  Text escapes: the
 * RFC 1035 specials (. " ; \ ( ) @ $) with a backslash, bytes outside
 * 0x21..0x7e as \DDD (decimal); the root is "".  After an error, the walk
 * ends.
 */
enum ninfo_next_result ninfo_next(const struct ninfo_reply *r, struct ninfo_cursor *c,
				  struct ninfo_item *it);

/*
 * One name at msg[off] as dn_expand(msg, msg + msglen, msg + off, out,
 * outlen) gives it: returns the bytes it takes at off (up to and with its
 * zero byte or first pointer), or -1.
 */
int ninfo_expand_name(const uint8_t *msg, size_t msglen, size_t off,
		      char *out, size_t outlen);

/*
 * The text iputils prints for a reply, between "from <from>:" and
 * " ttl=", each part beginning with a space:
 *
 *   code 0, qtype 2:  " host.example.com., other" (a name followed by the
 *                     extra zero byte has no final dot), names joined by
 *                     ","; with less than 4 bytes of Data
 *                     " parse error (too short)"
 *   code 0, qtype 3/4: " 2001:db8::1, fe80::1" (the TTLs are not shown),
 *                     then " (truncated)" if the T flag is set
 *   a bad entry:      "[,] parse error (truncated)" and nothing after it
 *   code 0, others:   " unknown qtype(0x%02x)"
 *   code 1 / 2:       " refused" / " unknown"
 *   other codes:      " unknown code(%02x)" of ntohs(code), as iputils
 *                     (so "500" for 5 on a little-endian host)
 *   and always:       "; seq=%u;" the nonce's first two bytes
 *
 * written into buf as snprintf does (buf may be NULL when size is 0;
 * a NULL reply gives ""); returns the whole length.
 */
size_t ninfo_format_reply(char *buf, size_t size, const struct ninfo_reply *r);

#endif
