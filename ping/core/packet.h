/* Echo requests out, replies in: building and parsing ICMP/ICMPv6 packets. */
#ifndef PINGSOCK_PACKET_H
#define PINGSOCK_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/time.h>
#include <netinet/in.h>

#include "auth.h"
#include "family.h"

#define ICMP_HEADER_LEN	8
#define IPV4_MIN_HEADER_LEN	20	/* an IPv4 header without options */
#define PING_STAMP_LEN	16	/* a struct timeval, first in the payload */

/*
 * Fills the payload template: the pattern repeated from payload offset 0,
 * or, with no pattern (len 0), byte i = i & 0xff.  The first 16 bytes are
 * later overwritten by the send time when datalen >= 16, the next 8 by
 * the reply code when the run authenticates.
 */
void packet_fill(uint8_t *payload, size_t datalen, const uint8_t *pattern,
		 size_t pattern_len);

/*
 * Completes the echo request at pkt, whose payload (datalen bytes at
 * pkt + 8) was filled by packet_fill: type, code 0, id, seq (host order
 * in, network order out), the send time as a native struct timeval in the
 * first 16 payload bytes when datalen >= 16, with auth and datalen >= 24
 * the run's code over time, id and seq in payload bytes 16..23 (auth.h),
 * and the checksum when with_cksum (IPv4 raw; the kernel computes it
 * otherwise).  id must be the identifier the request leaves with.
 */
void packet_build_echo(const struct ping_family *fam, uint8_t *pkt,
		       size_t datalen, uint16_t id, uint16_t seq,
		       const struct timeval *sent, const struct ping_auth *auth,
		       bool with_cksum);

enum reply_kind {
	REPLY_ECHO,		/* an echo reply */
	REPLY_QUOTE,		/* an ICMP message quoting an echo request (raw sockets) */
	REPLY_OTHER,		/* any other ICMP message: read as a packet, one that is no
				   error (raw sockets); also every error-queue message,
				   which rx_msg.err describes */
	REPLY_FOREIGN,		/* an ICMP error quoting anything but an echo request of the
				   family, or too little of the quote to tell (raw sockets):
				   someone else's, never shown, as iputils ignores it */
	REPLY_MALFORMED,	/* too short or inconsistent; why says what */
};

struct reply_info {
	enum reply_kind kind;
	uint8_t type, code;		/* of the received message */
	uint16_t id, seq;		/* REPLY_ECHO: its own; REPLY_QUOTE: the quoted request's */
	size_t icmp_len;		/* length of the ICMP message: "<n> bytes from" */
	const uint8_t *data;		/* REPLY_ECHO: payload after the 8-byte header */
	size_t datalen;
	bool cksum_bad;			/* raw IPv4: the ICMP checksum did not verify */
	int ttl;			/* raw IPv4: TTL from the IP header; otherwise -1 */
	const uint8_t *ipopts;		/* raw IPv4: options in the IP header */
	size_t ipopts_len;
	uint32_t info;			/* REPLY_QUOTE/OTHER: the 4 bytes after type/code/cksum, host order
					   (redirect gateway, frag-needed mtu in the low 16 bits, pointer << 24) */
	struct in_addr quoted_dst4;	/* REPLY_QUOTE, IPv4: destination of the quoted packet */
	struct in6_addr quoted_dst6;	/* REPLY_QUOTE, IPv6 */
	const uint8_t *quoted_ip;	/* REPLY_QUOTE, IPv4: the quoted IP header, options included */
	size_t quoted_ip_len;		/* its length: 20 to 60, never past what arrived */
	char why[96];			/* REPLY_MALFORMED: e.g. "packet too short (6 bytes)" */
};

/*
 * Parses a received datagram.  raw says whether it came from a raw socket:
 * raw IPv4 datagrams start with the IP header (checked: version, header
 * length against what arrived; the received length is authoritative), which
 * is stripped; datagram-socket and IPv6
 * datagrams start with the ICMP header.  Never reads past len.  Returns
 * out->kind.
 */
enum reply_kind packet_parse_reply(const struct ping_family *fam, bool raw,
				   const uint8_t *buf, size_t len,
				   struct reply_info *out);

/*
 * Compares received payload bytes with the sent template from offset
 * start up to len; returns the index of the first difference, or -1.
 */
long packet_first_mismatch(const uint8_t *sent, const uint8_t *got,
			   size_t start, size_t len);

#endif
