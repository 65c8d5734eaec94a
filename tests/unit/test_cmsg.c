#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <linux/errqueue.h>
#include <cmocka.h>

#include "cmsg.h"
#include "family.h"

/* A control buffer being assembled, aligned as the CMSG macros need. */
struct ctl {
	struct {
		_Alignas(struct cmsghdr) uint8_t b[1024];
	} u;
	size_t used;
};

/*
 * Appends a control message of len data bytes whose cmsg_len says
 * claimed_len data bytes (normally len).  Returns the data's offset.
 */
static size_t add_raw(struct ctl *c, int level, int type, const void *data,
		      size_t len, size_t claimed_len)
{
	/* aligned: the buffer is, and every CMSG_SPACE keeps it so (void *: no -Wcast-align) */
	struct cmsghdr *h = (struct cmsghdr *)(void *)(c->u.b + c->used);
	size_t off;

	assert_true(c->used + CMSG_SPACE(len) <= sizeof(c->u.b));
	memset(h, 0, CMSG_SPACE(len));
	h->cmsg_level = level;
	h->cmsg_type = type;
	h->cmsg_len = CMSG_LEN(claimed_len);
	if (len)
		memcpy(CMSG_DATA(h), data, len);
	off = (size_t)(CMSG_DATA(h) - c->u.b);
	c->used += CMSG_SPACE(len);
	return off;
}

/* Appends a control message with an honest cmsg_len. */
static size_t add(struct ctl *c, int level, int type, const void *data, size_t len)
{
	return add_raw(c, level, type, data, len, len);
}

/* Appends a control message carrying one int. */
static size_t add_int(struct ctl *c, int level, int type, int v)
{
	return add(c, level, type, &v, sizeof(v));
}

/*
 * Decodes the first controllen bytes of c from an exact-size heap copy,
 * so AddressSanitizer catches any read past msg_controllen.  *base is the
 * copy, for pointer checks; the caller frees it.
 */
static void decode(const struct ping_family *fam, const struct ctl *c,
		   size_t controllen, struct rx_meta *meta, uint8_t **base)
{
	struct msghdr m;

	*base = malloc(controllen ? controllen : 1);
	assert_non_null(*base);
	memcpy(*base, c->u.b, controllen);
	memset(&m, 0, sizeof(m));
	m.msg_control = *base;
	m.msg_controllen = controllen;
	memset(meta, 0xa5, sizeof(*meta));
	cmsg_decode(fam, &m, meta);
}

/* Asserts that nothing was decoded and bad messages were counted. */
static void assert_empty(const struct rx_meta *meta, int bad)
{
	assert_false(meta->have_ttl);
	assert_int_equal(meta->ttl, 0);
	assert_false(meta->have_stamp);
	assert_int_equal(meta->stamp_us, 0);
	assert_null(meta->ipopts);
	assert_int_equal(meta->ipopts_len, 0);
	assert_false(meta->have_err);
	assert_false(meta->have_offender);
	assert_int_equal(meta->bad, bad);
}

static void test_no_control(void **state)
{
	struct msghdr m;
	struct rx_meta meta;
	uint8_t buf[64];

	(void)state;
	memset(&m, 0, sizeof(m));
	memset(&meta, 0xa5, sizeof(meta));
	cmsg_decode(&family_inet, &m, &meta);
	assert_empty(&meta, 0);

	m.msg_controllen = 100;
	memset(&meta, 0xa5, sizeof(meta));
	cmsg_decode(&family_inet, &m, &meta);
	assert_empty(&meta, 0);

	m.msg_control = buf;
	m.msg_controllen = 0;
	memset(buf, 0xff, sizeof(buf));
	memset(&meta, 0xa5, sizeof(meta));
	cmsg_decode(&family_inet6, &m, &meta);
	assert_empty(&meta, 0);

	memset(&meta, 0xa5, sizeof(meta));
	cmsg_decode(&family_inet, NULL, &meta);
	assert_empty(&meta, 0);
}

static void test_header_shorter_than_cmsghdr(void **state)
{
	struct ctl c = { .used = 0 };
	struct rx_meta meta;
	uint8_t *base;

	(void)state;
	add_int(&c, IPPROTO_IP, IP_TTL, 64);
	decode(&family_inet, &c, sizeof(struct cmsghdr) - 1, &meta, &base);
	assert_empty(&meta, 0);
	free(base);
}

static void test_ttl(void **state)
{
	struct ctl c;
	struct rx_meta meta;
	uint8_t *base;
	static const int good[] = { 0, 1, 64, 255 };
	static const int bad[] = { -1, 256, 0x7fffffff };
	size_t i;

	(void)state;
	for (i = 0; i < 4; i++) {
		c.used = 0;
		add_int(&c, IPPROTO_IP, IP_TTL, good[i]);
		decode(&family_inet, &c, c.used, &meta, &base);
		assert_true(meta.have_ttl);
		assert_int_equal(meta.ttl, good[i]);
		assert_int_equal(meta.bad, 0);
		free(base);

		c.used = 0;
		add_int(&c, IPPROTO_IPV6, IPV6_HOPLIMIT, good[i]);
		decode(&family_inet6, &c, c.used, &meta, &base);
		assert_true(meta.have_ttl);
		assert_int_equal(meta.ttl, good[i]);
		assert_int_equal(meta.bad, 0);
		free(base);
	}
	for (i = 0; i < 3; i++) {
		c.used = 0;
		add_int(&c, IPPROTO_IP, IP_TTL, bad[i]);
		decode(&family_inet, &c, c.used, &meta, &base);
		assert_empty(&meta, 1);
		free(base);
	}
}

static void test_ttl_wrong_family_ignored(void **state)
{
	struct ctl c = { .used = 0 };
	struct rx_meta meta;
	uint8_t *base;

	(void)state;
	add_int(&c, IPPROTO_IP, IP_TTL, 64);
	decode(&family_inet6, &c, c.used, &meta, &base);
	assert_empty(&meta, 0);
	free(base);

	c.used = 0;
	add_int(&c, IPPROTO_IPV6, IPV6_HOPLIMIT, 64);
	decode(&family_inet, &c, c.used, &meta, &base);
	assert_empty(&meta, 0);
	free(base);
}

static void test_ttl_wrong_length(void **state)
{
	struct ctl c = { .used = 0 };
	struct rx_meta meta;
	uint8_t *base;
	uint8_t small = 64;
	int64_t big = 64;

	(void)state;
	add(&c, IPPROTO_IP, IP_TTL, &small, sizeof(small));
	decode(&family_inet, &c, c.used, &meta, &base);
	assert_empty(&meta, 1);
	free(base);

	c.used = 0;
	add(&c, IPPROTO_IPV6, IPV6_HOPLIMIT, &big, sizeof(big));
	decode(&family_inet6, &c, c.used, &meta, &base);
	assert_empty(&meta, 1);
	free(base);
}

static void test_timestamps(void **state)
{
	struct ctl c = { .used = 0 };
	struct rx_meta meta;
	uint8_t *base;
	struct timeval tv = { .tv_sec = 1700000000, .tv_usec = 123456 };
	struct timespec ts = { .tv_sec = 1700000001, .tv_nsec = 987654321 };

	(void)state;
	add(&c, SOL_SOCKET, SO_TIMESTAMP, &tv, sizeof(tv));
	decode(&family_inet, &c, c.used, &meta, &base);
	assert_true(meta.have_stamp);
	assert_int_equal(meta.stamp_us, 1700000000123456LL);
	assert_int_equal(meta.bad, 0);
	free(base);

	c.used = 0;
	add(&c, SOL_SOCKET, SO_TIMESTAMPNS, &ts, sizeof(ts));
	decode(&family_inet6, &c, c.used, &meta, &base);
	assert_true(meta.have_stamp);
	assert_int_equal(meta.stamp_us, 1700000001987654LL);
	assert_int_equal(meta.bad, 0);
	free(base);

	/* Both: the nanosecond stamp wins whatever the order. */
	c.used = 0;
	add(&c, SOL_SOCKET, SO_TIMESTAMP, &tv, sizeof(tv));
	add(&c, SOL_SOCKET, SO_TIMESTAMPNS, &ts, sizeof(ts));
	decode(&family_inet, &c, c.used, &meta, &base);
	assert_int_equal(meta.stamp_us, 1700000001987654LL);
	free(base);

	c.used = 0;
	add(&c, SOL_SOCKET, SO_TIMESTAMPNS, &ts, sizeof(ts));
	add(&c, SOL_SOCKET, SO_TIMESTAMP, &tv, sizeof(tv));
	decode(&family_inet, &c, c.used, &meta, &base);
	assert_int_equal(meta.stamp_us, 1700000001987654LL);
	assert_int_equal(meta.bad, 0);
	free(base);
}

static void test_timestamps_malformed(void **state)
{
	struct ctl c = { .used = 0 };
	struct rx_meta meta;
	uint8_t *base;
	struct timeval tv = { .tv_sec = 1700000000, .tv_usec = 1000000 };
	struct timespec ts = { .tv_sec = 1700000001, .tv_nsec = -1 };
	struct timeval good = { .tv_sec = 5, .tv_usec = 6 };
	uint8_t big[sizeof(struct timespec) + 8] = { 0 };

	(void)state;
	add(&c, SOL_SOCKET, SO_TIMESTAMP, &tv, sizeof(tv));
	add(&c, SOL_SOCKET, SO_TIMESTAMPNS, &ts, sizeof(ts));
	add(&c, SOL_SOCKET, SO_TIMESTAMP, &tv, sizeof(tv) - 1);
	add(&c, SOL_SOCKET, SO_TIMESTAMPNS, big, sizeof(big));
	add(&c, SOL_SOCKET, SO_TIMESTAMP, big, sizeof(struct timeval) + 8);
	decode(&family_inet, &c, c.used, &meta, &base);
	assert_empty(&meta, 5);
	free(base);

	/* A bad nanosecond stamp does not hide a good microsecond one. */
	c.used = 0;
	add(&c, SOL_SOCKET, SO_TIMESTAMPNS, &ts, sizeof(ts));
	add(&c, SOL_SOCKET, SO_TIMESTAMP, &good, sizeof(good));
	decode(&family_inet, &c, c.used, &meta, &base);
	assert_true(meta.have_stamp);
	assert_int_equal(meta.stamp_us, 5000006);
	assert_int_equal(meta.bad, 1);
	free(base);
}

static void test_ip_options(void **state)
{
	struct ctl c = { .used = 0 };
	struct rx_meta meta;
	uint8_t *base;
	uint8_t opts[41];
	size_t off, off2;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(opts); i++)
		opts[i] = (uint8_t)(i + 1);

	off = add(&c, IPPROTO_IP, IP_RETOPTS, opts, 8);
	decode(&family_inet, &c, c.used, &meta, &base);
	assert_ptr_equal(meta.ipopts, base + off);
	assert_int_equal(meta.ipopts_len, 8);
	assert_int_equal(meta.ipopts[7], 8);
	assert_int_equal(meta.bad, 0);
	free(base);

	c.used = 0;
	off = add(&c, IPPROTO_IP, IP_OPTIONS, opts, 40);
	decode(&family_inet, &c, c.used, &meta, &base);
	assert_ptr_equal(meta.ipopts, base + off);
	assert_int_equal(meta.ipopts_len, 40);
	free(base);

	/* IP_OPTIONS wins over IP_RETOPTS in either order. */
	c.used = 0;
	add(&c, IPPROTO_IP, IP_RETOPTS, opts, 12);
	off = add(&c, IPPROTO_IP, IP_OPTIONS, opts, 4);
	decode(&family_inet, &c, c.used, &meta, &base);
	assert_ptr_equal(meta.ipopts, base + off);
	assert_int_equal(meta.ipopts_len, 4);
	free(base);

	c.used = 0;
	off = add(&c, IPPROTO_IP, IP_OPTIONS, opts, 4);
	off2 = add(&c, IPPROTO_IP, IP_RETOPTS, opts, 12);
	decode(&family_inet, &c, c.used, &meta, &base);
	assert_ptr_equal(meta.ipopts, base + off);
	assert_int_not_equal(off, off2);
	assert_int_equal(meta.ipopts_len, 4);
	assert_int_equal(meta.bad, 0);
	free(base);
}

static void test_ip_options_malformed(void **state)
{
	struct ctl c = { .used = 0 };
	struct rx_meta meta;
	uint8_t *base;
	uint8_t opts[41] = { 7 };

	(void)state;
	add(&c, IPPROTO_IP, IP_RETOPTS, opts, 41);
	add(&c, IPPROTO_IP, IP_OPTIONS, opts, 0);
	decode(&family_inet, &c, c.used, &meta, &base);
	assert_empty(&meta, 2);
	free(base);

	/* IPv4 options mean nothing on an IPv6 socket. */
	c.used = 0;
	add(&c, IPPROTO_IP, IP_RETOPTS, opts, 8);
	add(&c, IPPROTO_IP, IP_OPTIONS, opts, 8);
	decode(&family_inet6, &c, c.used, &meta, &base);
	assert_empty(&meta, 0);
	free(base);
}

/* An extended error followed by salen bytes of sa. */
static size_t add_err(struct ctl *c, const struct ping_family *fam,
		      const struct sock_extended_err *ee, const void *sa,
		      size_t salen)
{
	uint8_t data[sizeof(*ee) + sizeof(struct sockaddr_storage)];

	memcpy(data, ee, sizeof(*ee));
	if (salen)
		memcpy(data + sizeof(*ee), sa, salen);
	return add(c, fam->level, fam->opt_recverr, data, sizeof(*ee) + salen);
}

/* Asserts that the extended error was copied field for field. */
static void assert_ee(const struct sock_extended_err *got,
		      const struct sock_extended_err *want)
{
	assert_int_equal(got->ee_errno, want->ee_errno);
	assert_int_equal(got->ee_origin, want->ee_origin);
	assert_int_equal(got->ee_type, want->ee_type);
	assert_int_equal(got->ee_code, want->ee_code);
	assert_int_equal(got->ee_info, want->ee_info);
	assert_int_equal(got->ee_data, want->ee_data);
}

static void test_recverr_v4(void **state)
{
	struct ctl c = { .used = 0 };
	struct rx_meta meta;
	uint8_t *base;
	struct sock_extended_err ee = {
		.ee_errno = EHOSTUNREACH, .ee_origin = SO_EE_ORIGIN_ICMP,
		.ee_type = 3, .ee_code = 1, .ee_info = 0, .ee_data = 0x11,
	};
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6 };
	struct sockaddr_in got;

	(void)state;
	assert_int_equal(inet_pton(AF_INET, "192.0.2.1", &sin.sin_addr), 1);
	add_err(&c, &family_inet, &ee, &sin, sizeof(sin));
	decode(&family_inet, &c, c.used, &meta, &base);
	assert_true(meta.have_err);
	assert_ee(&meta.ee, &ee);
	assert_true(meta.have_offender);
	memcpy(&got, &meta.offender, sizeof(got));
	assert_int_equal(got.sin_family, AF_INET);
	assert_memory_equal(&got.sin_addr, &sin.sin_addr, sizeof(sin.sin_addr));
	assert_int_equal(meta.bad, 0);
	free(base);

	/* Absent: no room for a sockaddr_in after the error. */
	c.used = 0;
	add_err(&c, &family_inet, &ee, &sin, sizeof(sin) - 1);
	decode(&family_inet, &c, c.used, &meta, &base);
	assert_true(meta.have_err);
	assert_ee(&meta.ee, &ee);
	assert_false(meta.have_offender);
	assert_int_equal(meta.bad, 0);
	free(base);

	c.used = 0;
	add_err(&c, &family_inet, &ee, NULL, 0);
	decode(&family_inet, &c, c.used, &meta, &base);
	assert_true(meta.have_err);
	assert_false(meta.have_offender);
	free(base);

	/* The kernel's "none": AF_UNSPEC. */
	c.used = 0;
	sin.sin_family = AF_UNSPEC;
	add_err(&c, &family_inet, &ee, &sin, sizeof(sin));
	decode(&family_inet, &c, c.used, &meta, &base);
	assert_true(meta.have_err);
	assert_false(meta.have_offender);
	free(base);

	/* Another family. */
	c.used = 0;
	add_err(&c, &family_inet, &ee, &sin6, sizeof(sin6));
	decode(&family_inet, &c, c.used, &meta, &base);
	assert_true(meta.have_err);
	assert_false(meta.have_offender);
	assert_int_equal(meta.bad, 0);
	free(base);
}

static void test_recverr_v6(void **state)
{
	struct ctl c = { .used = 0 };
	struct rx_meta meta;
	uint8_t *base;
	struct sock_extended_err ee = {
		.ee_errno = EMSGSIZE, .ee_origin = SO_EE_ORIGIN_ICMP6,
		.ee_type = 2, .ee_code = 0, .ee_info = 1280,
	};
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6, .sin6_scope_id = 3 };
	struct sockaddr_in sin = { .sin_family = AF_INET6 };
	struct sockaddr_in6 got;

	(void)state;
	assert_int_equal(inet_pton(AF_INET6, "2001:db8::1", &sin6.sin6_addr), 1);
	add_err(&c, &family_inet6, &ee, &sin6, sizeof(sin6));
	decode(&family_inet6, &c, c.used, &meta, &base);
	assert_true(meta.have_err);
	assert_ee(&meta.ee, &ee);
	assert_true(meta.have_offender);
	memcpy(&got, &meta.offender, sizeof(got));
	assert_int_equal(got.sin6_family, AF_INET6);
	assert_int_equal(got.sin6_scope_id, 3);
	assert_memory_equal(&got.sin6_addr, &sin6.sin6_addr, sizeof(got.sin6_addr));
	free(base);

	/* 16 bytes claiming AF_INET6 are not a sockaddr_in6. */
	c.used = 0;
	add_err(&c, &family_inet6, &ee, &sin, sizeof(sin));
	decode(&family_inet6, &c, c.used, &meta, &base);
	assert_true(meta.have_err);
	assert_false(meta.have_offender);
	assert_int_equal(meta.bad, 0);
	free(base);

	/* An IPv4 error message on an IPv6 socket's decoder is not ours. */
	c.used = 0;
	add_err(&c, &family_inet, &ee, &sin6, sizeof(sin6));
	decode(&family_inet6, &c, c.used, &meta, &base);
	assert_false(meta.have_err);
	assert_false(meta.have_offender);
	assert_int_equal(meta.bad, 0);
	free(base);
}

static void test_recverr_too_short(void **state)
{
	struct ctl c = { .used = 0 };
	struct rx_meta meta;
	uint8_t *base;
	struct sock_extended_err ee = { .ee_errno = 1, .ee_origin = 1 };
	size_t len;

	(void)state;
	for (len = 0; len < sizeof(ee); len++) {
		c.used = 0;
		add(&c, IPPROTO_IP, IP_RECVERR, &ee, len);
		decode(&family_inet, &c, c.used, &meta, &base);
		assert_empty(&meta, 1);
		free(base);
	}
}

/*
 * SO_TIMESTAMPING: three timespecs, the software stamp first (the transmit
 * stamp of an error-queue message, or a receive stamp beside
 * SO_TIMESTAMPNS, which it never replaces).  A zero software stamp is
 * none; a wrong length or a bad nanosecond count is malformed.
 */
static void test_timestamping(void **state)
{
	struct timespec ts[3], ns = { .tv_sec = 1795257294, .tv_nsec = 205831999 };
	struct ctl c = { .used = 0 };
	struct rx_meta meta;
	uint8_t *base;

	(void)state;
	memset(ts, 0, sizeof(ts));
	ts[0].tv_sec = 1795257295;
	ts[0].tv_nsec = 123456789;
	add(&c, SOL_SOCKET, SO_TIMESTAMPING, ts, sizeof(ts));
	add(&c, SOL_SOCKET, SO_TIMESTAMPNS, &ns, sizeof(ns));
	decode(&family_inet, &c, c.used, &meta, &base);
	assert_int_equal(meta.bad, 0);
	assert_true(meta.have_sw_stamp);
	assert_int_equal(meta.sw_stamp_us, 1795257295123456LL);
	assert_true(meta.have_stamp);
	assert_int_equal(meta.stamp_us, 1795257294205831LL);
	free(base);

	/* Only a hardware stamp: no software one. */
	c.used = 0;
	memset(ts, 0, sizeof(ts));
	ts[2].tv_sec = 5;
	add(&c, SOL_SOCKET, SO_TIMESTAMPING, ts, sizeof(ts));
	decode(&family_inet6, &c, c.used, &meta, &base);
	assert_int_equal(meta.bad, 0);
	assert_false(meta.have_sw_stamp);
	free(base);

	/* Short, long, and a nanosecond count out of range. */
	for (int k = 0; k < 3; k++) {
		c.used = 0;
		memset(ts, 0, sizeof(ts));
		ts[0].tv_sec = 7;
		ts[0].tv_nsec = k == 2 ? 1000000000 : 1;
		add(&c, SOL_SOCKET, SO_TIMESTAMPING, ts, k == 0 ? sizeof(ts) - 1 : k == 1 ? sizeof(ts[0]) : sizeof(ts));
		decode(&family_inet, &c, c.used, &meta, &base);
		assert_int_equal(meta.bad, 1);
		assert_false(meta.have_sw_stamp);
		free(base);
	}
}

static void test_unknown_ignored(void **state)
{
	struct ctl c = { .used = 0 };
	struct rx_meta meta;
	uint8_t *base;
	struct in_pktinfo pi;
	uint8_t junk[3] = { 1, 2, 3 };

	(void)state;
	memset(&pi, 0, sizeof(pi));
	add(&c, IPPROTO_IP, IP_PKTINFO, &pi, sizeof(pi));
	add(&c, 999, 1, junk, sizeof(junk));
	add(&c, SOL_SOCKET, SO_RXQ_OVFL, junk, 0);
	add_int(&c, IPPROTO_IP, IP_TTL, 42);
	decode(&family_inet, &c, c.used, &meta, &base);
	assert_true(meta.have_ttl);
	assert_int_equal(meta.ttl, 42);
	assert_int_equal(meta.bad, 0);
	free(base);
}

static void test_combination(void **state)
{
	struct ctl c = { .used = 0 };
	struct rx_meta meta;
	uint8_t *base;
	struct timespec ts = { .tv_sec = 10, .tv_nsec = 999 };
	struct sock_extended_err ee = {
		.ee_errno = ETIMEDOUT, .ee_origin = SO_EE_ORIGIN_ICMP,
		.ee_type = 11, .ee_code = 0,
	};
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr = { htonl(0x0a000001) } };
	uint8_t opts[8] = { 1, 1, 1, 0 };
	size_t off;

	(void)state;
	add(&c, SOL_SOCKET, SO_TIMESTAMPNS, &ts, sizeof(ts));
	add_int(&c, IPPROTO_IP, IP_TTL, 1);
	off = add(&c, IPPROTO_IP, IP_RETOPTS, opts, sizeof(opts));
	add_err(&c, &family_inet, &ee, &sin, sizeof(sin));
	add_int(&c, IPPROTO_IP, IP_TTL, 300);
	decode(&family_inet, &c, c.used, &meta, &base);
	assert_true(meta.have_stamp);
	assert_int_equal(meta.stamp_us, 10000000);
	assert_true(meta.have_ttl);
	assert_int_equal(meta.ttl, 1);
	assert_ptr_equal(meta.ipopts, base + off);
	assert_int_equal(meta.ipopts_len, 8);
	assert_true(meta.have_err);
	assert_ee(&meta.ee, &ee);
	assert_true(meta.have_offender);
	assert_int_equal(((struct sockaddr_in *)&meta.offender)->sin_addr.s_addr,
			 htonl(0x0a000001));
	assert_int_equal(meta.bad, 1);
	free(base);
}

static void test_truncated_controllen(void **state)
{
	struct ctl c = { .used = 0 };
	struct rx_meta meta;
	uint8_t *base;
	struct timeval tv = { .tv_sec = 1, .tv_usec = 2 };
	size_t first, len;

	(void)state;
	add_int(&c, IPPROTO_IP, IP_TTL, 64);
	first = c.used;
	add(&c, SOL_SOCKET, SO_TIMESTAMP, &tv, sizeof(tv));

	/* Every cut inside the second message: the first still counts. */
	for (len = first; len < c.used; len++) {
		decode(&family_inet, &c, len, &meta, &base);
		assert_true(meta.have_ttl);
		assert_int_equal(meta.ttl, 64);
		assert_false(meta.have_stamp);
		assert_int_equal(meta.bad, len >= first + sizeof(struct cmsghdr) ? 1 : 0);
		free(base);
	}
	decode(&family_inet, &c, c.used, &meta, &base);
	assert_true(meta.have_stamp);
	assert_int_equal(meta.stamp_us, 1000002);
	assert_int_equal(meta.bad, 0);
	free(base);

	/* Cuts inside the first message. */
	for (len = sizeof(struct cmsghdr); len < first; len++) {
		decode(&family_inet, &c, len, &meta, &base);
		assert_int_equal(meta.bad, len >= CMSG_LEN(sizeof(int)) ? 0 : 1);
		assert_int_equal(meta.have_ttl, len >= CMSG_LEN(sizeof(int)));
		assert_false(meta.have_stamp);
		free(base);
	}
}

static void test_cmsg_len_lies(void **state)
{
	struct ctl c = { .used = 0 };
	struct rx_meta meta;
	uint8_t *base;
	struct cmsghdr *h;
	int v = 64;

	(void)state;
	/* Claims more than the buffer holds. */
	add_raw(&c, IPPROTO_IP, IP_TTL, &v, sizeof(v), 200);
	decode(&family_inet, &c, c.used, &meta, &base);
	assert_empty(&meta, 1);
	free(base);

	/* Claims less than a header. */
	c.used = 0;
	add_int(&c, IPPROTO_IP, IP_TTL, 64);
	h = (struct cmsghdr *)(void *)c.u.b;
	h->cmsg_len = sizeof(struct cmsghdr) - 1;
	add_int(&c, IPPROTO_IP, IP_TTL, 65);
	decode(&family_inet, &c, c.used, &meta, &base);
	assert_empty(&meta, 1);
	free(base);

	/* Claims less than its type needs, inside its own space. */
	c.used = 0;
	add_raw(&c, IPPROTO_IP, IP_TTL, &v, sizeof(v), 2);
	add_int(&c, IPPROTO_IP, IP_TTL, 7);
	decode(&family_inet, &c, c.used, &meta, &base);
	assert_true(meta.have_ttl);
	assert_int_equal(meta.ttl, 7);
	assert_int_equal(meta.bad, 1);
	free(base);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_control),
		cmocka_unit_test(test_header_shorter_than_cmsghdr),
		cmocka_unit_test(test_ttl),
		cmocka_unit_test(test_ttl_wrong_family_ignored),
		cmocka_unit_test(test_ttl_wrong_length),
		cmocka_unit_test(test_timestamps),
		cmocka_unit_test(test_timestamps_malformed),
		cmocka_unit_test(test_ip_options),
		cmocka_unit_test(test_ip_options_malformed),
		cmocka_unit_test(test_recverr_v4),
		cmocka_unit_test(test_recverr_v6),
		cmocka_unit_test(test_recverr_too_short),
		cmocka_unit_test(test_timestamping),
		cmocka_unit_test(test_unknown_ignored),
		cmocka_unit_test(test_combination),
		cmocka_unit_test(test_truncated_controllen),
		cmocka_unit_test(test_cmsg_len_lies),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
