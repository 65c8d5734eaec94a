#include <netinet/in.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "addr.h"
#include "auth.h"
#include "cksum.h"
#include "packet.h"

_Static_assert(sizeof(struct timeval) <= PING_STAMP_LEN,
	       "the send time must fit in the payload stamp");
_Static_assert(PING_STAMP_LEN == AUTH_STAMP_LEN, "the code follows the send time");

#define IPV6_HEADER_LEN		40

/*
 * The payload template: either the user's -p pattern repeated, or the
 * byte index, so that a corrupted byte shows up in the data check.
 */
void packet_fill(uint8_t *payload, size_t datalen, const uint8_t *pattern,
		 size_t pattern_len)
{
	size_t i;

	if (pattern == NULL || pattern_len == 0) {
		for (i = 0; i < datalen; i++)
			payload[i] = i & 0xff;
		return;
	}
	for (i = 0; i < datalen; i++)
		payload[i] = pattern[i % pattern_len];
}

/*
 * Writes the ICMP header over a filled template.  The send time goes in
 * as raw struct timeval bytes, as iputils does, so other tools reading
 * the payload see the same layout; our own RTT never trusts it.
 */
void packet_build_echo(const struct ping_family *fam, uint8_t *pkt,
		       size_t datalen, uint16_t id, uint16_t seq,
		       const struct timeval *sent, const struct ping_auth *auth,
		       bool with_cksum)
{
	uint16_t sum;

	pkt[0] = fam->echo_request;
	pkt[1] = 0;
	pkt[2] = 0;
	pkt[3] = 0;
	be16_put(pkt + 4, id);
	be16_put(pkt + 6, seq);
	if (datalen >= PING_STAMP_LEN)
		memcpy(pkt + ICMP_HEADER_LEN, sent, sizeof(*sent));
	if (auth && datalen >= AUTH_MIN_DATALEN)
		auth_sign(auth, pkt + ICMP_HEADER_LEN, id, seq);
	if (with_cksum) {
		sum = cksum(pkt, ICMP_HEADER_LEN + datalen);
		memcpy(pkt + 2, &sum, sizeof(sum));
	}
}

static enum reply_kind malformed(struct reply_info *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Records why a datagram was rejected and returns REPLY_MALFORMED. */
static enum reply_kind malformed(struct reply_info *out, const char *fmt, ...)
{
	va_list ap;

	out->kind = REPLY_MALFORMED;
	va_start(ap, fmt);
	vsnprintf(out->why, sizeof(out->why), fmt, ap);
	va_end(ap);
	return out->kind;
}

/* Whether an ICMP type of fam carries a quote of the offending packet. */
static bool is_error_type(const struct ping_family *fam, uint8_t type)
{
	if (fam->af == AF_INET)
		return type == 3 || type == 4 || type == 5 || type == 11 ||
		       type == 12;
	return type >= 1 && type <= 4;
}

/*
 * Decodes the quote in an ICMP error (icmp, len >= 8): the original IP
 * header and at least the first 8 bytes of what followed it.  Only a
 * quoted echo request is REPLY_QUOTE; a quote of anything else (another
 * protocol, an IPv6 extension header first, another ICMP type), or one
 * too short or broken to show an echo request, is REPLY_FOREIGN.
 */
static enum reply_kind parse_quote(const struct ping_family *fam,
				   const uint8_t *icmp, size_t len,
				   struct reply_info *out)
{
	const uint8_t *ip = icmp + ICMP_HEADER_LEN;
	size_t iplen = len - ICMP_HEADER_LEN;
	const uint8_t *inner;
	size_t hlen;
	uint8_t proto;

	out->kind = REPLY_FOREIGN;
	if (fam->af == AF_INET) {
		if (iplen < IPV4_MIN_HEADER_LEN || ip[0] >> 4 != 4)
			return out->kind;
		hlen = (size_t)(ip[0] & 0x0f) * 4;
		if (hlen < IPV4_MIN_HEADER_LEN || iplen < hlen + ICMP_HEADER_LEN)
			return out->kind;
		proto = ip[9];
	} else {
		hlen = IPV6_HEADER_LEN;
		if (iplen < hlen + ICMP_HEADER_LEN)
			return out->kind;
		proto = ip[6];
	}

	inner = ip + hlen;
	if (proto != fam->proto || inner[0] != fam->echo_request)
		return out->kind;
	if (fam->af == AF_INET) {
		memcpy(&out->quoted_dst4, ip + 16, sizeof(out->quoted_dst4));
		out->quoted_ip = ip;
		out->quoted_ip_len = hlen;
	} else {
		memcpy(&out->quoted_dst6, ip + 24, sizeof(out->quoted_dst6));
	}
	out->id = be16_get(inner + 4);
	out->seq = be16_get(inner + 6);
	out->kind = REPLY_QUOTE;
	return out->kind;
}

/*
 * Every read below is preceded by a check against the received length;
 * the IPv4 total-length field is not trusted, only what actually arrived.
 */
enum reply_kind packet_parse_reply(const struct ping_family *fam, bool raw,
				   const uint8_t *buf, size_t len,
				   struct reply_info *out)
{
	const uint8_t *icmp = buf;
	size_t icmp_len = len;
	size_t hlen;

	/* why is filled only for a malformed datagram: every reply need not clear it. */
	memset(out, 0, offsetof(struct reply_info, why));
	out->why[0] = '\0';
	out->ttl = -1;

	if (raw && fam->af == AF_INET) {
		if (len < IPV4_MIN_HEADER_LEN)
			return malformed(out, "packet too short (%zu bytes)", len);
		if (buf[0] >> 4 != 4)
			return malformed(out, "not an IPv4 packet (version %u)",
					 (unsigned)(buf[0] >> 4));
		hlen = (size_t)(buf[0] & 0x0f) * 4;
		if (hlen < IPV4_MIN_HEADER_LEN || hlen > len)
			return malformed(out, "bad IP header length (%zu bytes)", hlen);
		out->ttl = buf[8];
		if (hlen > IPV4_MIN_HEADER_LEN) {
			out->ipopts = buf + IPV4_MIN_HEADER_LEN;
			out->ipopts_len = hlen - IPV4_MIN_HEADER_LEN;
		}
		icmp = buf + hlen;
		icmp_len = len - hlen;
	}

	out->icmp_len = icmp_len;
	if (icmp_len < ICMP_HEADER_LEN)
		return malformed(out, "packet too short (%zu bytes)", icmp_len);

	out->type = icmp[0];
	out->code = icmp[1];
	if (raw && fam->af == AF_INET)
		out->cksum_bad = cksum(icmp, icmp_len) != 0;

	if (out->type == fam->echo_reply) {
		out->kind = REPLY_ECHO;
		out->id = be16_get(icmp + 4);
		out->seq = be16_get(icmp + 6);
		out->data = icmp + ICMP_HEADER_LEN;
		out->datalen = icmp_len - ICMP_HEADER_LEN;
		return out->kind;
	}

	out->info = be32_get(icmp + 4);
	if (is_error_type(fam, out->type))
		return parse_quote(fam, icmp, icmp_len, out);
	out->kind = REPLY_OTHER;
	return out->kind;
}

/*
 * The data check behind "wrong data byte #i": the first offset at or
 * after start where the reply differs from what we sent.
 */
long packet_first_mismatch(const uint8_t *sent, const uint8_t *got,
			   size_t start, size_t len)
{
	size_t i;

	/* Every reply is checked: the common, equal case costs one memcmp. */
	if (start >= len || memcmp(sent + start, got + start, len - start) == 0)
		return -1;
	for (i = start; i < len; i++)
		if (sent[i] != got[i])
			return (long)i;
	return -1;
}
