#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <linux/errqueue.h>
#include <cmocka.h>

#include "cmsg.h"
#include "errqueue.h"
#include "family.h"

/* Heap copies of exactly the right size, so ASan sees any overread. */
struct inputs {
	uint8_t *payload;
	size_t payload_len;
	struct sockaddr *name;
	socklen_t namelen;
};

/* A heap copy of exactly len bytes (one byte allocated for len 0). */
static void *heap_dup(const void *src, size_t len)
{
	void *p = malloc(len ? len : 1);

	assert_non_null(p);
	if (len)
		memcpy(p, src, len);
	return p;
}

/* Releases the heap copies of a test input. */
static void free_inputs(struct inputs *in)
{
	free(in->payload);
	free(in->name);
}

/* The 8-byte header of an echo request as we sent it. */
static void echo_header(uint8_t *p, uint8_t type, uint16_t id, uint16_t seq)
{
	p[0] = type;
	p[1] = 0;
	p[2] = 0x5a;
	p[3] = 0xa5;
	p[4] = id >> 8;
	p[5] = id & 0xff;
	p[6] = seq >> 8;
	p[7] = seq & 0xff;
}

/* An IPv4 socket address. */
static struct sockaddr_in sin_of(const char *addr, uint16_t port)
{
	struct sockaddr_in sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	assert_int_equal(inet_pton(AF_INET, addr, &sin.sin_addr), 1);
	return sin;
}

/* An IPv6 socket address. */
static struct sockaddr_in6 sin6_of(const char *addr, uint16_t port, uint32_t scope)
{
	struct sockaddr_in6 sin6;

	memset(&sin6, 0, sizeof(sin6));
	sin6.sin6_family = AF_INET6;
	sin6.sin6_port = htons(port);
	sin6.sin6_scope_id = scope;
	assert_int_equal(inet_pton(AF_INET6, addr, &sin6.sin6_addr), 1);
	return sin6;
}

/* Control data holding an extended error and no offender. */
static struct rx_meta meta_of(uint8_t origin, uint32_t err, uint8_t type,
			      uint8_t code, uint32_t info)
{
	struct rx_meta m;

	memset(&m, 0, sizeof(m));
	m.have_err = true;
	m.ee.ee_origin = origin;
	m.ee.ee_errno = err;
	m.ee.ee_type = type;
	m.ee.ee_code = code;
	m.ee.ee_info = info;
	return m;
}

/* Adds an IPv4 offender to the control data. */
static void set_offender4(struct rx_meta *m, const char *addr)
{
	struct sockaddr_in sin = sin_of(addr, 0);

	memcpy(&m->offender, &sin, sizeof(sin));
	m->have_offender = true;
}

/* Adds an IPv6 offender to the control data. */
static void set_offender6(struct rx_meta *m, const char *addr)
{
	struct sockaddr_in6 sin6 = sin6_of(addr, 0, 0);

	memcpy(&m->offender, &sin6, sizeof(sin6));
	m->have_offender = true;
}

/* Runs the decoder over in, with ev poisoned first so stale fields show. */
static void decode(const struct ping_family *fam, const struct rx_meta *meta,
		   const struct inputs *in, const void *target, int ident,
		   struct errq_event *ev)
{
	memset(ev, 0xa5, sizeof(*ev));
	errqueue_decode(fam, meta, in->payload, in->payload_len, in->name,
			in->namelen, target, ident, ev);
}

/* A v4 request of id/seq sent to addr (port = the ping socket's id). */
static struct inputs sent4(const char *addr, uint8_t type, uint16_t id, uint16_t seq)
{
	struct inputs in;
	struct sockaddr_in sin = sin_of(addr, id);
	uint8_t hdr[8];

	echo_header(hdr, type, id, seq);
	in.payload = heap_dup(hdr, sizeof(hdr));
	in.payload_len = sizeof(hdr);
	in.name = heap_dup(&sin, sizeof(sin));
	in.namelen = sizeof(sin);
	return in;
}

/* A v6 request of id/seq sent to addr, on scope 2. */
static struct inputs sent6(const char *addr, uint8_t type, uint16_t id, uint16_t seq)
{
	struct inputs in;
	struct sockaddr_in6 sin6 = sin6_of(addr, id, 2);
	uint8_t hdr[8];

	echo_header(hdr, type, id, seq);
	in.payload = heap_dup(hdr, sizeof(hdr));
	in.payload_len = sizeof(hdr);
	in.name = heap_dup(&sin6, sizeof(sin6));
	in.namelen = sizeof(sin6);
	return in;
}

static void test_no_error(void **state)
{
	struct rx_meta meta;
	struct errq_event ev;
	struct sockaddr_in target = sin_of("192.0.2.7", 0);
	struct inputs in = sent4("192.0.2.7", 8, 1, 2);

	(void)state;
	memset(&meta, 0, sizeof(meta));
	meta.ee.ee_origin = SO_EE_ORIGIN_ICMP;
	decode(&family_inet, &meta, &in, &target, -1, &ev);
	assert_int_equal(ev.kind, ERRQ_NONE);
	assert_false(ev.have_seq);
	assert_false(ev.have_offender);
	assert_int_equal(ev.err, 0);
	assert_int_equal(ev.info, 0);
	free_inputs(&in);
}

static void test_local_emsgsize(void **state)
{
	struct rx_meta meta = meta_of(SO_EE_ORIGIN_LOCAL, EMSGSIZE, 0, 0, 1500);
	struct errq_event ev;
	struct sockaddr_in target = sin_of("192.0.2.7", 0);
	struct sockaddr_in6 target6 = sin6_of("2001:db8::7", 0, 0);
	struct inputs in = sent4("192.0.2.7", 8, 0x1234, 5);
	struct inputs none = { NULL, 0, NULL, 0 };

	(void)state;
	decode(&family_inet, &meta, &in, &target, 0x1234, &ev);
	assert_int_equal(ev.kind, ERRQ_LOCAL);
	assert_int_equal(ev.err, EMSGSIZE);
	assert_int_equal(ev.info, 1500);
	assert_true(ev.have_seq);
	assert_int_equal(ev.seq, 5);
	assert_int_equal(ev.id, 0x1234);
	assert_false(ev.have_offender);
	free_inputs(&in);

	/* No payload, or not an echo request: no sequence. */
	decode(&family_inet, &meta, &none, &target, 0x1234, &ev);
	assert_int_equal(ev.kind, ERRQ_LOCAL);
	assert_int_equal(ev.err, EMSGSIZE);
	assert_int_equal(ev.info, 1500);
	assert_false(ev.have_seq);

	in = sent4("192.0.2.7", 0, 0x1234, 5);
	decode(&family_inet, &meta, &in, &target, 0x1234, &ev);
	assert_int_equal(ev.kind, ERRQ_LOCAL);
	assert_false(ev.have_seq);
	free(in.payload);
	in.payload_len = 7;
	in.payload = heap_dup("\x08\0\0\0\0\1\0", 7);
	decode(&family_inet, &meta, &in, &target, 0x1234, &ev);
	assert_int_equal(ev.kind, ERRQ_LOCAL);
	assert_false(ev.have_seq);
	free_inputs(&in);

	meta = meta_of(SO_EE_ORIGIN_LOCAL, EMSGSIZE, 0, 0, 1280);
	in = sent6("2001:db8::7", 128, 9, 65535);
	decode(&family_inet6, &meta, &in, &target6, -1, &ev);
	assert_int_equal(ev.kind, ERRQ_LOCAL);
	assert_int_equal(ev.err, EMSGSIZE);
	assert_int_equal(ev.info, 1280);
	assert_true(ev.have_seq);
	assert_int_equal(ev.seq, 65535);
	assert_int_equal(ev.id, 9);
	free_inputs(&in);
}

static void test_icmp_unreachable_v4(void **state)
{
	struct rx_meta meta = meta_of(SO_EE_ORIGIN_ICMP, EHOSTUNREACH, 3, 1, 0);
	struct errq_event ev;
	struct sockaddr_in target = sin_of("192.0.2.7", 0);
	struct inputs in = sent4("192.0.2.7", 8, 0x4242, 17);
	struct sockaddr_in off;

	(void)state;
	set_offender4(&meta, "198.51.100.1");
	decode(&family_inet, &meta, &in, &target, 0x4242, &ev);
	assert_int_equal(ev.kind, ERRQ_ICMP);
	assert_int_equal(ev.err, EHOSTUNREACH);
	assert_int_equal(ev.type, 3);
	assert_int_equal(ev.code, 1);
	assert_int_equal(ev.info, 0);
	assert_true(ev.have_seq);
	assert_int_equal(ev.seq, 17);
	assert_int_equal(ev.id, 0x4242);
	assert_true(ev.have_offender);
	memcpy(&off, &ev.offender, sizeof(off));
	assert_int_equal(off.sin_family, AF_INET);
	assert_int_equal(off.sin_addr.s_addr, htonl(0xc6336401));
	free_inputs(&in);
}

static void test_icmp_unreachable_v6(void **state)
{
	struct rx_meta meta = meta_of(SO_EE_ORIGIN_ICMP6, EHOSTUNREACH, 1, 3, 0);
	struct errq_event ev;
	struct sockaddr_in6 target = sin6_of("2001:db8::7", 0, 0);
	struct inputs in = sent6("2001:db8::7", 128, 0x0101, 300);
	struct sockaddr_in6 off, want = sin6_of("2001:db8:1::1", 0, 0);

	(void)state;
	set_offender6(&meta, "2001:db8:1::1");
	decode(&family_inet6, &meta, &in, &target, -1, &ev);
	assert_int_equal(ev.kind, ERRQ_ICMP);
	assert_int_equal(ev.err, EHOSTUNREACH);
	assert_int_equal(ev.type, 1);
	assert_int_equal(ev.code, 3);
	assert_true(ev.have_seq);
	assert_int_equal(ev.seq, 300);
	assert_int_equal(ev.id, 0x0101);
	assert_true(ev.have_offender);
	memcpy(&off, &ev.offender, sizeof(off));
	assert_int_equal(off.sin6_family, AF_INET6);
	assert_memory_equal(&off.sin6_addr, &want.sin6_addr, sizeof(want.sin6_addr));
	free_inputs(&in);

	/* Packet too big: the mtu in info. */
	meta = meta_of(SO_EE_ORIGIN_ICMP6, EMSGSIZE, 2, 0, 1280);
	in = sent6("2001:db8::7", 128, 0x0101, 301);
	decode(&family_inet6, &meta, &in, &target, 0x0101, &ev);
	assert_int_equal(ev.kind, ERRQ_ICMP);
	assert_int_equal(ev.type, 2);
	assert_int_equal(ev.info, 1280);
	assert_int_equal(ev.seq, 301);
	assert_false(ev.have_offender);
	free_inputs(&in);
}

static void test_wrong_target(void **state)
{
	struct rx_meta meta = meta_of(SO_EE_ORIGIN_ICMP, EHOSTUNREACH, 3, 1, 0);
	struct rx_meta meta6 = meta_of(SO_EE_ORIGIN_ICMP6, EHOSTUNREACH, 1, 0, 0);
	struct errq_event ev;
	struct sockaddr_in target = sin_of("192.0.2.7", 0);
	struct sockaddr_in6 target6 = sin6_of("2001:db8::7", 0, 0);
	struct inputs in = sent4("192.0.2.8", 8, 1, 1);
	void *small_target;

	(void)state;
	decode(&family_inet, &meta, &in, &target, -1, &ev);
	assert_int_equal(ev.kind, ERRQ_FOREIGN);
	assert_false(ev.have_seq);
	assert_int_equal(ev.type, 3);
	assert_int_equal(ev.code, 1);
	free_inputs(&in);

	in = sent6("2001:db8::8", 128, 1, 1);
	decode(&family_inet6, &meta6, &in, &target6, -1, &ev);
	assert_int_equal(ev.kind, ERRQ_FOREIGN);
	assert_false(ev.have_seq);
	free_inputs(&in);

	/* Same address, other scope and port: still ours. */
	in = sent6("2001:db8::7", 128, 1, 1);
	decode(&family_inet6, &meta6, &in, &target6, -1, &ev);
	assert_int_equal(ev.kind, ERRQ_ICMP);
	free_inputs(&in);

	/* A target of the wrong family never matches, and is not overread. */
	in = sent4("192.0.2.7", 8, 1, 1);
	decode(&family_inet, &meta, &in, &target6, -1, &ev);
	assert_int_equal(ev.kind, ERRQ_FOREIGN);
	free_inputs(&in);

	in = sent6("2001:db8::7", 128, 1, 1);
	small_target = heap_dup(&target, sizeof(target));
	decode(&family_inet6, &meta6, &in, small_target, -1, &ev);
	assert_int_equal(ev.kind, ERRQ_FOREIGN);
	free(small_target);
	free_inputs(&in);
}

static void test_wrong_quoted_type(void **state)
{
	struct rx_meta meta = meta_of(SO_EE_ORIGIN_ICMP, EHOSTUNREACH, 3, 1, 0);
	struct rx_meta meta6 = meta_of(SO_EE_ORIGIN_ICMP6, EHOSTUNREACH, 1, 0, 0);
	struct errq_event ev;
	struct sockaddr_in target = sin_of("192.0.2.7", 0);
	struct sockaddr_in6 target6 = sin6_of("2001:db8::7", 0, 0);
	static const uint8_t types4[] = { 0, 13, 128 };
	static const uint8_t types6[] = { 129, 8, 0 };
	struct inputs in;
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		in = sent4("192.0.2.7", types4[i], 1, 1);
		decode(&family_inet, &meta, &in, &target, -1, &ev);
		assert_int_equal(ev.kind, ERRQ_FOREIGN);
		assert_false(ev.have_seq);
		free_inputs(&in);

		in = sent6("2001:db8::7", types6[i], 1, 1);
		decode(&family_inet6, &meta6, &in, &target6, -1, &ev);
		assert_int_equal(ev.kind, ERRQ_FOREIGN);
		assert_false(ev.have_seq);
		free_inputs(&in);
	}
}

static void test_ident(void **state)
{
	struct rx_meta meta = meta_of(SO_EE_ORIGIN_ICMP, EHOSTUNREACH, 3, 1, 0);
	struct errq_event ev;
	struct sockaddr_in target = sin_of("192.0.2.7", 0);
	struct inputs in = sent4("192.0.2.7", 8, 0x1111, 4);

	(void)state;
	decode(&family_inet, &meta, &in, &target, 0x2222, &ev);
	assert_int_equal(ev.kind, ERRQ_FOREIGN);
	assert_false(ev.have_seq);

	decode(&family_inet, &meta, &in, &target, 0x11111, &ev);
	assert_int_equal(ev.kind, ERRQ_FOREIGN);

	decode(&family_inet, &meta, &in, &target, -1, &ev);
	assert_int_equal(ev.kind, ERRQ_ICMP);
	assert_int_equal(ev.id, 0x1111);
	assert_int_equal(ev.seq, 4);

	decode(&family_inet, &meta, &in, &target, 0x1111, &ev);
	assert_int_equal(ev.kind, ERRQ_ICMP);
	free_inputs(&in);

	in = sent4("192.0.2.7", 8, 0, 4);
	decode(&family_inet, &meta, &in, &target, 0, &ev);
	assert_int_equal(ev.kind, ERRQ_ICMP);
	assert_int_equal(ev.id, 0);
	decode(&family_inet, &meta, &in, &target, 1, &ev);
	assert_int_equal(ev.kind, ERRQ_FOREIGN);
	free_inputs(&in);
}

static void test_short_payloads(void **state)
{
	struct rx_meta meta = meta_of(SO_EE_ORIGIN_ICMP, EHOSTUNREACH, 3, 1, 0);
	struct rx_meta meta6 = meta_of(SO_EE_ORIGIN_ICMP6, EHOSTUNREACH, 1, 0, 0);
	struct errq_event ev;
	struct sockaddr_in target = sin_of("192.0.2.7", 0);
	struct sockaddr_in6 target6 = sin6_of("2001:db8::7", 0, 0);
	struct inputs in;
	uint8_t hdr[8];
	char why[96];
	size_t len;

	(void)state;
	for (len = 0; len < 8; len++) {
		snprintf(why, sizeof(why), "error queue payload too short (%zu bytes)", len);

		in = sent4("192.0.2.7", 8, 1, 1);
		memcpy(hdr, in.payload, sizeof(hdr));
		free(in.payload);
		in.payload = heap_dup(hdr, len);
		in.payload_len = len;
		decode(&family_inet, &meta, &in, &target, -1, &ev);
		assert_int_equal(ev.kind, ERRQ_MALFORMED);
		assert_string_equal(ev.why, why);
		assert_false(ev.have_seq);
		free_inputs(&in);

		in = sent6("2001:db8::7", 128, 1, 1);
		memcpy(hdr, in.payload, sizeof(hdr));
		free(in.payload);
		in.payload = heap_dup(hdr, len);
		in.payload_len = len;
		decode(&family_inet6, &meta6, &in, &target6, -1, &ev);
		assert_int_equal(ev.kind, ERRQ_MALFORMED);
		assert_string_equal(ev.why, why);
		free_inputs(&in);

		/* Not even about our target: foreign, however short. */
		in = sent4("192.0.2.99", 8, 1, 1);
		memcpy(hdr, in.payload, sizeof(hdr));
		free(in.payload);
		in.payload = heap_dup(hdr, len);
		in.payload_len = len;
		decode(&family_inet, &meta, &in, &target, -1, &ev);
		assert_int_equal(ev.kind, ERRQ_FOREIGN);
		free_inputs(&in);
	}

	in = sent4("192.0.2.7", 8, 1, 1);
	free(in.payload);
	in.payload = NULL;
	in.payload_len = 8;
	decode(&family_inet, &meta, &in, &target, -1, &ev);
	assert_int_equal(ev.kind, ERRQ_MALFORMED);
	assert_string_equal(ev.why, "error queue payload too short (0 bytes)");
	free_inputs(&in);
}

static void test_name_absent_or_short(void **state)
{
	struct rx_meta meta = meta_of(SO_EE_ORIGIN_ICMP, EHOSTUNREACH, 3, 1, 0);
	struct rx_meta meta6 = meta_of(SO_EE_ORIGIN_ICMP6, EHOSTUNREACH, 1, 0, 0);
	struct errq_event ev;
	struct sockaddr_in target = sin_of("192.0.2.7", 0);
	struct sockaddr_in6 target6 = sin6_of("2001:db8::7", 0, 0);
	struct sockaddr_storage big;
	struct inputs in;
	uint8_t name[sizeof(struct sockaddr_in6)];
	socklen_t n;

	(void)state;
	in = sent4("192.0.2.7", 8, 1, 1);
	free(in.name);
	in.name = NULL;
	decode(&family_inet, &meta, &in, &target, -1, &ev);
	assert_int_equal(ev.kind, ERRQ_FOREIGN);
	in.namelen = 0;
	decode(&family_inet, &meta, &in, &target, -1, &ev);
	assert_int_equal(ev.kind, ERRQ_FOREIGN);
	free_inputs(&in);

	for (n = 0; n < sizeof(struct sockaddr_in); n++) {
		in = sent4("192.0.2.7", 8, 1, 1);
		memcpy(name, in.name, sizeof(struct sockaddr_in));
		free(in.name);
		in.name = heap_dup(name, n);
		in.namelen = n;
		decode(&family_inet, &meta, &in, &target, -1, &ev);
		assert_int_equal(ev.kind, ERRQ_FOREIGN);
		free_inputs(&in);
	}
	for (n = 0; n < sizeof(struct sockaddr_in6); n++) {
		in = sent6("2001:db8::7", 128, 1, 1);
		memcpy(name, in.name, sizeof(struct sockaddr_in6));
		free(in.name);
		in.name = heap_dup(name, n);
		in.namelen = n;
		decode(&family_inet6, &meta6, &in, &target6, -1, &ev);
		assert_int_equal(ev.kind, ERRQ_FOREIGN);
		free_inputs(&in);
	}

	/* A longer name buffer is fine; a name of the other family is not. */
	in = sent4("192.0.2.7", 8, 1, 1);
	memset(&big, 0, sizeof(big));
	memcpy(&big, in.name, sizeof(struct sockaddr_in));
	free(in.name);
	in.name = heap_dup(&big, sizeof(big));
	in.namelen = sizeof(big);
	decode(&family_inet, &meta, &in, &target, -1, &ev);
	assert_int_equal(ev.kind, ERRQ_ICMP);
	in.name->sa_family = AF_INET6;
	decode(&family_inet, &meta, &in, &target, -1, &ev);
	assert_int_equal(ev.kind, ERRQ_FOREIGN);
	free_inputs(&in);
}

static void test_redirect(void **state)
{
	struct rx_meta meta = meta_of(SO_EE_ORIGIN_ICMP, 0, 5, 1, 0x0a000001);
	struct errq_event ev;
	struct sockaddr_in target = sin_of("192.0.2.7", 0);
	struct inputs in = sent4("192.0.2.7", 8, 77, 12);

	(void)state;
	set_offender4(&meta, "10.0.0.254");
	decode(&family_inet, &meta, &in, &target, 77, &ev);
	assert_int_equal(ev.kind, ERRQ_ICMP);
	assert_int_equal(ev.type, 5);
	assert_int_equal(ev.code, 1);
	assert_int_equal(ev.info, 0x0a000001);
	assert_int_equal(ev.err, 0);
	assert_int_equal(ev.seq, 12);
	assert_true(ev.have_offender);
	assert_int_equal(((struct sockaddr_in *)&ev.offender)->sin_addr.s_addr,
			 htonl(0x0a0000fe));
	free_inputs(&in);
}

static void test_other_origins(void **state)
{
	static const uint8_t origins4[] = {
		SO_EE_ORIGIN_NONE, SO_EE_ORIGIN_ICMP6, SO_EE_ORIGIN_TXSTATUS,
		SO_EE_ORIGIN_ZEROCOPY, SO_EE_ORIGIN_TIMESTAMPING,
	};
	static const uint8_t origins6[] = {
		SO_EE_ORIGIN_NONE, SO_EE_ORIGIN_ICMP, SO_EE_ORIGIN_TXSTATUS,
		SO_EE_ORIGIN_ZEROCOPY, SO_EE_ORIGIN_TIMESTAMPING,
	};
	struct rx_meta meta;
	struct errq_event ev;
	struct sockaddr_in target = sin_of("192.0.2.7", 0);
	struct sockaddr_in6 target6 = sin6_of("2001:db8::7", 0, 0);
	struct inputs in;
	size_t i;

	(void)state;
	for (i = 0; i < 5; i++) {
		meta = meta_of(origins4[i], EHOSTUNREACH, 3, 1, 0);
		in = sent4("192.0.2.7", 8, 1, 1);
		decode(&family_inet, &meta, &in, &target, -1, &ev);
		assert_int_equal(ev.kind, ERRQ_FOREIGN);
		assert_false(ev.have_seq);
		free_inputs(&in);

		meta = meta_of(origins6[i], EHOSTUNREACH, 1, 0, 0);
		in = sent6("2001:db8::7", 128, 1, 1);
		decode(&family_inet6, &meta, &in, &target6, -1, &ev);
		assert_int_equal(ev.kind, ERRQ_FOREIGN);
		assert_false(ev.have_seq);
		free_inputs(&in);
	}
}

/*
 * A transmit stamp (SO_TIMESTAMPING with OPT_TSONLY: no payload): its key
 * and software stamp, both families; another stamp kind is foreign, a
 * stamp message without its time malformed.
 */
static void test_tx_stamp(void **state)
{
	static const struct ping_family *const fams[] = { &family_inet, &family_inet6 };
	struct sockaddr_in target = sin_of("192.0.2.7", 0);
	struct sockaddr_in6 target6 = sin6_of("2001:db8::7", 0, 0);
	struct inputs in = { NULL, 0, NULL, 0 };
	struct errq_event ev;

	(void)state;
	for (size_t f = 0; f < 2; f++) {
		const void *t = f ? (const void *)&target6 : (const void *)&target;
		struct rx_meta meta = meta_of(SO_EE_ORIGIN_TIMESTAMPING, ENOMSG, 0, 0, SCM_TSTAMP_SCHED);

		meta.ee.ee_data = 4242;
		meta.have_sw_stamp = true;
		meta.sw_stamp_us = 1795257295123456LL;
		decode(fams[f], &meta, &in, t, -1, &ev);
		assert_int_equal(ev.kind, ERRQ_TX_STAMP);
		assert_int_equal(ev.tx_key, 4242);
		assert_int_equal(ev.tx_stamp_us, 1795257295123456LL);
		assert_false(ev.have_seq);

		meta.ee.ee_info = SCM_TSTAMP_SND;
		decode(fams[f], &meta, &in, t, -1, &ev);
		assert_int_equal(ev.kind, ERRQ_FOREIGN);

		meta.ee.ee_info = SCM_TSTAMP_SCHED;
		meta.have_sw_stamp = false;
		decode(fams[f], &meta, &in, t, -1, &ev);
		assert_int_equal(ev.kind, ERRQ_MALFORMED);
		assert_string_equal(ev.why, "transmit stamp without its time");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_error),
		cmocka_unit_test(test_local_emsgsize),
		cmocka_unit_test(test_icmp_unreachable_v4),
		cmocka_unit_test(test_icmp_unreachable_v6),
		cmocka_unit_test(test_wrong_target),
		cmocka_unit_test(test_wrong_quoted_type),
		cmocka_unit_test(test_ident),
		cmocka_unit_test(test_short_payloads),
		cmocka_unit_test(test_name_absent_or_short),
		cmocka_unit_test(test_redirect),
		cmocka_unit_test(test_other_origins),
		cmocka_unit_test(test_tx_stamp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
