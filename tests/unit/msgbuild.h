/*
 * Received messages built by hand for the rx and verdict tests: packets,
 * control data and the msghdr that recvmsg would fill.  Test-only.
 */
#ifndef PINGSOCK_TEST_MSGBUILD_H
#define PINGSOCK_TEST_MSGBUILD_H

#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <linux/errqueue.h>

#include "cksum.h"
#include "family.h"
#include "packet.h"

struct built {
	uint8_t buf[2048];
	size_t len;
	struct sockaddr_storage from;
	struct {
		_Alignas(struct cmsghdr) uint8_t b[1024];
	} ctl;
	size_t ctl_used;
	struct msghdr msg;
};

static inline struct sockaddr_storage mb_addr(const char *text)
{
	struct sockaddr_storage ss;

	memset(&ss, 0, sizeof(ss));
	if (inet_pton(AF_INET, text, &((struct sockaddr_in *)&ss)->sin_addr) == 1) {
		ss.ss_family = AF_INET;
	} else {
		ss.ss_family = AF_INET6;
		inet_pton(AF_INET6, text, &((struct sockaddr_in6 *)&ss)->sin6_addr);
	}
	return ss;
}

static inline socklen_t mb_len(const struct sockaddr_storage *ss)
{
	return ss->ss_family == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);
}

/* Starts a message from `from`, with no bytes and no control data. */
static inline void mb_start(struct built *b, const char *from)
{
	memset(b, 0, sizeof(*b));
	b->from = mb_addr(from);
}

/* Appends a control message. */
static inline void mb_cmsg(struct built *b, int level, int type, const void *data, size_t len)
{
	struct cmsghdr *h = (struct cmsghdr *)(void *)(b->ctl.b + b->ctl_used);

	memset(h, 0, CMSG_SPACE(len));
	h->cmsg_level = level;
	h->cmsg_type = type;
	h->cmsg_len = CMSG_LEN(len);
	memcpy(CMSG_DATA(h), data, len);
	b->ctl_used += CMSG_SPACE(len);
}

static inline void mb_cmsg_int(struct built *b, int level, int type, int v)
{
	mb_cmsg(b, level, type, &v, sizeof(v));
}

/* The kernel's receive stamp, SO_TIMESTAMPNS. */
static inline void mb_stamp(struct built *b, int64_t real_us)
{
	struct timespec ts = { .tv_sec = real_us / 1000000, .tv_nsec = (real_us % 1000000) * 1000 };

	mb_cmsg(b, SOL_SOCKET, SO_TIMESTAMPNS, &ts, sizeof(ts));
}

/*
 * An echo message of datalen payload bytes: the send time sent_real_us in
 * the first 16 (when they fit), byte i = i & 0xff after, checksummed.
 */
static inline size_t mb_echo(uint8_t *p, uint8_t type, uint16_t id, uint16_t seq,
			     size_t datalen, int64_t sent_real_us)
{
	struct timeval tv = { .tv_sec = sent_real_us / 1000000, .tv_usec = sent_real_us % 1000000 };
	uint16_t sum;

	p[0] = type;
	p[1] = 0;
	p[2] = p[3] = 0;
	p[4] = (uint8_t)(id >> 8);
	p[5] = (uint8_t)id;
	p[6] = (uint8_t)(seq >> 8);
	p[7] = (uint8_t)seq;
	for (size_t i = 0; i < datalen; i++)
		p[ICMP_HEADER_LEN + i] = (uint8_t)i;
	if (datalen >= PING_STAMP_LEN)
		memcpy(p + ICMP_HEADER_LEN, &tv, sizeof(tv));
	sum = cksum(p, ICMP_HEADER_LEN + datalen);
	memcpy(p + 2, &sum, sizeof(sum));
	return ICMP_HEADER_LEN + datalen;
}

/* An IPv4 header of 20 + optlen bytes (a record-route option when optlen >= 4). */
static inline size_t mb_ipv4(uint8_t *p, size_t optlen, uint8_t ttl, size_t icmp_len,
			     const char *src, const char *dst)
{
	size_t hlen = 20 + optlen;
	size_t total = hlen + icmp_len;

	memset(p, 0, hlen);
	p[0] = (uint8_t)(0x40 | hlen / 4);
	p[2] = (uint8_t)(total >> 8);
	p[3] = (uint8_t)total;
	p[8] = ttl;
	p[9] = IPPROTO_ICMP;
	inet_pton(AF_INET, src, p + 12);
	inet_pton(AF_INET, dst, p + 16);
	if (optlen >= 4) {
		p[20] = 7;
		p[21] = (uint8_t)(optlen - 1);
		p[22] = 4;
	}
	return hlen;
}

/* An error-queue report: the extended error, its offender, and our request's header as payload. */
static inline void mb_error(struct built *b, const struct ping_family *fam, uint8_t origin,
			    uint32_t err, uint8_t type, uint8_t code, uint32_t info,
			    const char *offender, uint16_t id, uint16_t seq)
{
	struct {
		struct sock_extended_err ee;
		struct sockaddr_storage off;
	} d;
	size_t len = sizeof(d.ee);

	memset(&d, 0, sizeof(d));
	d.ee.ee_origin = origin;
	d.ee.ee_errno = err;
	d.ee.ee_type = type;
	d.ee.ee_code = code;
	d.ee.ee_info = info;
	if (offender) {
		struct sockaddr_storage o = mb_addr(offender);

		memcpy(&d.off, &o, mb_len(&o));
		len += mb_len(&o);
	}
	mb_cmsg(b, fam->level, fam->opt_recverr, &d, len);
	b->len = mb_echo(b->buf, fam->echo_request, id, seq, 0, 0);
}

/* The msghdr recvmsg would have filled. */
static inline struct msghdr *mb_msg(struct built *b)
{
	memset(&b->msg, 0, sizeof(b->msg));
	b->msg.msg_name = &b->from;
	b->msg.msg_namelen = mb_len(&b->from);
	b->msg.msg_control = b->ctl_used ? b->ctl.b : NULL;
	b->msg.msg_controllen = b->ctl_used;
	return &b->msg;
}

#endif
