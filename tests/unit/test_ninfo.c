#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <resolv.h>
#include <cmocka.h>

#include "ninfo.h"

/* glibc's dn_expand is the reference for names (libc itself since 2.34). */
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
# define HAVE_DN_EXPAND 1
#else
# define HAVE_DN_EXPAND 0
#endif

/* ---- helpers ---- */

/* A heap copy of exactly len bytes, so that ASan sees any overread. */
static uint8_t *exact(const void *src, size_t len)
{
	uint8_t *p = malloc(len ? len : 1);

	assert_non_null(p);
	if (len)
		memcpy(p, src, len);
	return p;
}

static const uint8_t key_a[NINFO_KEY_LEN] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
};

/* The ICMPv6 message of a reply: header with nonce for seq, then data. */
static size_t make_reply(uint8_t *buf, size_t size, uint8_t code, uint16_t qtype,
			 uint16_t flags, uint16_t seq, const void *data, size_t datalen)
{
	assert_true(size >= NINFO_HDR_LEN + datalen);
	buf[0] = NINFO_TYPE_REPLY;
	buf[1] = code;
	buf[2] = 0x12;		/* checksum: not looked at */
	buf[3] = 0x34;
	buf[4] = (uint8_t)(qtype >> 8);
	buf[5] = (uint8_t)qtype;
	buf[6] = (uint8_t)(flags >> 8);
	buf[7] = (uint8_t)flags;
	ninfo_nonce(key_a, seq, buf + 8);
	if (datalen)
		memcpy(buf + NINFO_HDR_LEN, data, datalen);
	return NINFO_HDR_LEN + datalen;
}

/*
 * Parses msg[0..len) from an exact-size heap copy and renders it; checks
 * that the nonce is ours and that the length asked for first is the
 * length written.  Returns the text (caller frees).
 */
static char *render(const uint8_t *msg, size_t len)
{
	uint8_t *p = exact(msg, len);
	struct ninfo_reply r;
	char *buf;
	size_t n;

	assert_int_equal(ninfo_parse_reply(p, len, &r), 0);
	assert_int_equal(ninfo_nonce_seq(key_a, r.nonce), (msg[8] << 8) | msg[9]);
	n = ninfo_format_reply(NULL, 0, &r);
	buf = malloc(n + 1);
	assert_non_null(buf);
	assert_int_equal(ninfo_format_reply(buf, n + 1, &r), n);
	assert_int_equal(strlen(buf), n);
	free(p);
	return buf;
}

static void expect_reply(const uint8_t *msg, size_t len, const char *want)
{
	char *text = render(msg, len);

	assert_string_equal(text, want);
	free(text);
}

static struct ninfo_query fresh(void)
{
	struct ninfo_query q;

	memset(&q, 0xa5, sizeof(q));
	ninfo_init(&q);
	return q;
}

static enum ninfo_status opt(struct ninfo_query *q, const char *arg, char *msg)
{
	return ninfo_parse_option(q, arg, msg, 128);
}

/* ---- option keywords ---- */

static void test_init(void **state)
{
	struct ninfo_query q = fresh();

	(void)state;
	assert_int_equal(q.qtype, -1);
	assert_int_equal(q.flags, 0);
	assert_int_equal(q.subject_type, -1);
	assert_int_equal(q.subject_len, 0);
	assert_null(q.pending);
	assert_false(ninfo_enabled(&q));
	assert_false(ninfo_enabled(NULL));
	assert_int_equal(ninfo_subject_family(&q), AF_UNSPEC);
}

static void test_query_keywords(void **state)
{
	static const struct {
		const char *kw;
		int qtype;
		uint16_t flags;
	} t[] = {
		{ "name", NINFO_QTYPE_NAME, 0 },
		{ "fqdn", NINFO_QTYPE_NAME, 0 },
		{ "ipv6", NINFO_QTYPE_IPV6, 0 },
		{ "ipv6-all", NINFO_QTYPE_IPV6, 0x0002 },
		{ "ipv6-compatible", NINFO_QTYPE_IPV6, 0x0004 },
		{ "ipv6-linklocal", NINFO_QTYPE_IPV6, 0x0008 },
		{ "ipv6-sitelocal", NINFO_QTYPE_IPV6, 0x0010 },
		{ "ipv6-global", NINFO_QTYPE_IPV6, 0x0020 },
		{ "ipv4", NINFO_QTYPE_IPV4, 0 },
		{ "ipv4-all", NINFO_QTYPE_IPV4, 0x0002 },
	};
	char msg[128];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct ninfo_query q = fresh();

		strcpy(msg, "junk");
		assert_int_equal(opt(&q, t[i].kw, msg), NINFO_OK);
		assert_string_equal(msg, "");
		assert_int_equal(q.qtype, t[i].qtype);
		assert_int_equal(q.flags, t[i].flags);
		assert_true(ninfo_enabled(&q));
		assert_int_equal(q.subject_type, -1);
		/* The same keyword again changes nothing. */
		assert_int_equal(opt(&q, t[i].kw, msg), NINFO_OK);
		assert_int_equal(q.qtype, t[i].qtype);
		assert_int_equal(q.flags, t[i].flags);
	}
}

static void test_flags_combine(void **state)
{
	struct ninfo_query q = fresh();
	char msg[128];

	(void)state;
	assert_int_equal(opt(&q, "ipv6-compatible", msg), NINFO_OK);
	assert_int_equal(opt(&q, "ipv6-global", msg), NINFO_OK);
	assert_int_equal(opt(&q, "ipv6", msg), NINFO_OK);
	assert_int_equal(opt(&q, "ipv6-linklocal", msg), NINFO_OK);
	assert_int_equal(opt(&q, "ipv6-sitelocal", msg), NINFO_OK);
	assert_int_equal(q.qtype, NINFO_QTYPE_IPV6);
	assert_int_equal(q.flags, 0x003c);
	assert_int_equal(opt(&q, "ipv6-all", msg), NINFO_OK);
	assert_int_equal(q.flags, 0x003e);

	q = fresh();
	assert_int_equal(opt(&q, "name", msg), NINFO_OK);
	assert_int_equal(opt(&q, "fqdn", msg), NINFO_OK);
	assert_int_equal(q.qtype, NINFO_QTYPE_NAME);

	q = fresh();
	assert_int_equal(opt(&q, "ipv4", msg), NINFO_OK);
	assert_int_equal(opt(&q, "ipv4-all", msg), NINFO_OK);
	assert_int_equal(q.qtype, NINFO_QTYPE_IPV4);
	assert_int_equal(q.flags, NINFO_FLAG_ALL);
}

static void test_qtype_conflict(void **state)
{
	static const char *const kw[] = {
		"name", "fqdn", "ipv6", "ipv6-all", "ipv6-compatible",
		"ipv6-linklocal", "ipv6-sitelocal", "ipv6-global", "ipv4", "ipv4-all",
	};
	static const int qt[] = { 2, 2, 3, 3, 3, 3, 3, 3, 4, 4 };
	char msg[128];
	size_t i, j;

	(void)state;
	for (i = 0; i < 10; i++) {
		for (j = 0; j < 10; j++) {
			struct ninfo_query q = fresh();
			struct ninfo_query before;
			enum ninfo_status st;

			assert_int_equal(opt(&q, kw[i], msg), NINFO_OK);
			before = q;
			st = opt(&q, kw[j], msg);
			if (qt[i] == qt[j]) {
				assert_int_equal(st, NINFO_OK);
				continue;
			}
			assert_int_equal(st, NINFO_USAGE);
			assert_string_equal(msg, "Qtype conflict");
			assert_int_equal(q.qtype, before.qtype);
			assert_int_equal(q.flags, before.flags);
		}
	}
}

static void test_unknown_keywords(void **state)
{
	static const char *const bad[] = {
		"", "Name", "NAME", "names", "nam", "name=x", "name ", " name",
		"ipv6-", "ipv6-all=1", "ipv6_all", "ipv4-global", "ipv6-allx",
		"subject-ipv6", "subject-ipv4", "subject-name", "subject-fqdn",
		"subject-ipv6:1", "subject=foo", "subject-addr=::1", "help=1",
		"helpme", "-h", "?", "fqdn=x",
	};
	char msg[128];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct ninfo_query q = fresh();

		strcpy(msg, "junk");
		assert_int_equal(opt(&q, bad[i], msg), NINFO_USAGE);
		assert_string_equal(msg, "");
		assert_int_equal(q.qtype, -1);
		assert_int_equal(q.subject_type, -1);
	}
	/* NULL arguments are refused the same way. */
	{
		struct ninfo_query q = fresh();

		assert_int_equal(opt(&q, NULL, msg), NINFO_USAGE);
		assert_int_equal(ninfo_parse_option(NULL, "name", msg, sizeof(msg)), NINFO_USAGE);
	}
}

static void test_help_keyword(void **state)
{
	struct ninfo_query q = fresh();
	char msg[128];

	(void)state;
	strcpy(msg, "junk");
	assert_int_equal(opt(&q, "help", msg), NINFO_HELP);
	assert_string_equal(msg, "");
	/* help at any point, after other keywords */
	assert_int_equal(opt(&q, "ipv6", msg), NINFO_OK);
	assert_int_equal(opt(&q, "help", msg), NINFO_HELP);
}

static void test_msg_buffers(void **state)
{
	struct ninfo_query q = fresh();
	char tiny[6];

	(void)state;
	assert_int_equal(opt(&q, "name", NULL), NINFO_OK);
	assert_int_equal(ninfo_parse_option(&q, "ipv4", NULL, 0), NINFO_USAGE);
	assert_int_equal(ninfo_parse_option(&q, "ipv4", tiny, 0), NINFO_USAGE);
	assert_int_equal(ninfo_parse_option(&q, "ipv4", tiny, sizeof(tiny)), NINFO_USAGE);
	assert_string_equal(tiny, "Qtype");
	assert_int_equal(ninfo_parse_option(&q, "ipv4", tiny, 1), NINFO_USAGE);
	assert_string_equal(tiny, "");
}

/* ---- subjects ---- */

static void test_subject_numeric(void **state)
{
	static const uint8_t v6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	static const uint8_t v4[4] = { 192, 0, 2, 1 };
	struct ninfo_query q = fresh();
	char msg[128];

	(void)state;
	assert_int_equal(opt(&q, "subject-ipv6=2001:db8::1", msg), NINFO_OK);
	assert_int_equal(q.subject_type, NINFO_SUBJ_IPV6);
	assert_int_equal(q.subject_len, 16);
	assert_memory_equal(q.subject, v6, 16);
	assert_null(q.pending);
	assert_int_equal(ninfo_subject_family(&q), AF_INET6);
	assert_false(ninfo_enabled(&q));	/* a subject alone asks nothing */

	q = fresh();
	assert_int_equal(opt(&q, "subject-ipv4=192.0.2.1", msg), NINFO_OK);
	assert_int_equal(q.subject_type, NINFO_SUBJ_IPV4);
	assert_int_equal(q.subject_len, 4);
	assert_memory_equal(q.subject, v4, 4);
	assert_int_equal(ninfo_subject_family(&q), AF_INET);
}

static void test_subject_resolve(void **state)
{
	static const struct {
		const char *arg;
		int type, family;
		const char *pending;
	} t[] = {
		{ "subject-ipv6=host.example", NINFO_SUBJ_IPV6, AF_INET6, "host.example" },
		{ "subject-ipv6=fe80::1%lo", NINFO_SUBJ_IPV6, AF_INET6, "fe80::1%lo" },
		{ "subject-ipv6=1.2.3.4", NINFO_SUBJ_IPV6, AF_INET6, "1.2.3.4" },
		{ "subject-ipv6=", NINFO_SUBJ_IPV6, AF_INET6, "" },
		{ "subject-ipv4=127.1", NINFO_SUBJ_IPV4, AF_INET, "127.1" },
		{ "subject-ipv4=::1", NINFO_SUBJ_IPV4, AF_INET, "::1" },
		{ "subject-ipv4=host", NINFO_SUBJ_IPV4, AF_INET, "host" },
	};
	static const uint8_t a4[4] = { 127, 0, 0, 1 };
	uint8_t a16[16] = { 0 };
	char msg[128];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct ninfo_query q = fresh();

		assert_int_equal(opt(&q, t[i].arg, msg), NINFO_RESOLVE);
		assert_string_equal(msg, "");
		assert_int_equal(q.subject_type, t[i].type);
		assert_int_equal(q.subject_len, 0);
		assert_non_null(q.pending);
		assert_string_equal(q.pending, t[i].pending);
		assert_ptr_equal(q.pending, strchr(t[i].arg, '=') + 1);
		assert_int_equal(ninfo_subject_family(&q), t[i].family);
		/* Only the right length is taken. */
		if (t[i].family == AF_INET) {
			assert_false(ninfo_set_subject_addr(&q, a16, 16));
			assert_int_equal(q.subject_len, 0);
			assert_true(ninfo_set_subject_addr(&q, a4, 4));
			assert_int_equal(q.subject_len, 4);
			assert_memory_equal(q.subject, a4, 4);
		} else {
			assert_false(ninfo_set_subject_addr(&q, a4, 4));
			assert_int_equal(q.subject_len, 0);
			a16[15] = 7;
			assert_true(ninfo_set_subject_addr(&q, a16, 16));
			assert_int_equal(q.subject_len, 16);
			assert_memory_equal(q.subject, a16, 16);
		}
		assert_null(q.pending);
		assert_false(ninfo_set_subject_addr(&q, NULL, 4));
		assert_false(ninfo_set_subject_addr(NULL, a4, 4));
	}
	/* Not an address subject: nothing to set. */
	{
		struct ninfo_query q = fresh();

		assert_false(ninfo_set_subject_addr(&q, a4, 4));
		assert_int_equal(opt(&q, "subject-name=x", msg), NINFO_NAME);
		assert_false(ninfo_set_subject_addr(&q, a4, 4));
		assert_false(ninfo_set_subject_addr(&q, a16, 16));
		assert_int_equal(ninfo_subject_family(&q), AF_UNSPEC);
		assert_int_equal(ninfo_subject_family(NULL), AF_UNSPEC);
	}
}

/* Completes a subject the way the program does, numeric or resolved. */
static enum ninfo_status subject(struct ninfo_query *q, const char *arg, char *msg)
{
	enum ninfo_status st = opt(q, arg, msg);
	uint8_t any[16] = { 0xfe, 0x80, [15] = 9 };

	if (st == NINFO_RESOLVE) {
		assert_true(ninfo_set_subject_addr(q, any,
			    ninfo_subject_family(q) == AF_INET ? 4 : 16));
		return NINFO_OK;
	}
	if (st == NINFO_NAME)
		return ninfo_set_subject_name(q, q->pending, msg, 128);
	return st;
}

static void test_subject_conflict(void **state)
{
	static const char *const kinds[] = {
		"subject-ipv6=::2", "subject-ipv6=host",
		"subject-ipv4=192.0.2.9", "subject-ipv4=host",
		"subject-name=foo", "subject-fqdn=foo.example",
	};
	static const int kind[] = { 0, 0, 2, 2, 1, 1 };
	char msg[128];
	size_t i, j;

	(void)state;
	for (i = 0; i < 6; i++) {
		for (j = 0; j < 6; j++) {
			struct ninfo_query q = fresh();
			struct ninfo_query before;
			enum ninfo_status st;

			assert_int_equal(subject(&q, kinds[i], msg), NINFO_OK);
			before = q;
			st = opt(&q, kinds[j], msg);
			if (kind[i] == kind[j]) {
				assert_int_not_equal(st, NINFO_USAGE);
				continue;
			}
			assert_int_equal(st, NINFO_USAGE);
			assert_string_equal(msg, "Subject type conflict");
			assert_int_equal(q.subject_type, before.subject_type);
			assert_int_equal(q.subject_len, before.subject_len);
			assert_memory_equal(q.subject, before.subject, sizeof(q.subject));
		}
	}
}

static void test_subject_replaced(void **state)
{
	struct ninfo_query q = fresh();
	char msg[128];
	uint8_t three[16] = { [15] = 3 };

	(void)state;
	assert_int_equal(subject(&q, "subject-ipv6=::2", msg), NINFO_OK);
	assert_int_equal(subject(&q, "subject-ipv6=::3", msg), NINFO_OK);
	assert_int_equal(q.subject_len, 16);
	assert_memory_equal(q.subject, three, 16);

	q = fresh();
	assert_int_equal(subject(&q, "subject-name=host", msg), NINFO_OK);
	assert_int_equal(subject(&q, "subject-fqdn=other.org", msg), NINFO_OK);
	assert_int_equal(q.subject_len, 11);
	assert_memory_equal(q.subject, "\x05other\x03org\x00", 11);

	/* An earlier subject still pending (never completed) does not count. */
	q = fresh();
	assert_int_equal(opt(&q, "subject-ipv6=somehost", msg), NINFO_RESOLVE);
	assert_int_equal(subject(&q, "subject-ipv4=192.0.2.1", msg), NINFO_OK);
	assert_int_equal(q.subject_type, NINFO_SUBJ_IPV4);
	assert_int_equal(q.subject_len, 4);

	/* Subjects and query keywords do not interfere. */
	q = fresh();
	assert_int_equal(subject(&q, "subject-ipv4=192.0.2.1", msg), NINFO_OK);
	assert_int_equal(opt(&q, "ipv6-all", msg), NINFO_OK);
	assert_int_equal(opt(&q, "name", msg), NINFO_USAGE);
	assert_string_equal(msg, "Qtype conflict");
	assert_int_equal(q.subject_type, NINFO_SUBJ_IPV4);
}

static void test_subject_name_pending(void **state)
{
	struct ninfo_query q = fresh();
	const char *arg = "subject-fqdn=Host.Example";
	char msg[128];

	(void)state;
	assert_int_equal(opt(&q, "subject-name=bücher", msg), NINFO_NAME);
	assert_string_equal(q.pending, "bücher");
	assert_false(q.pending_fqdn);
	assert_int_equal(q.subject_type, NINFO_SUBJ_NAME);
	assert_int_equal(q.subject_len, 0);
	assert_int_equal(opt(&q, arg, msg), NINFO_NAME);
	assert_ptr_equal(q.pending, arg + 13);
	assert_true(q.pending_fqdn);
	/* subject-name after subject-fqdn: a name again */
	assert_int_equal(opt(&q, "subject-name=h", msg), NINFO_NAME);
	assert_false(q.pending_fqdn);
}

struct name_case {
	bool fqdn;		/* subject-fqdn= */
	const char *in;
	size_t len;
	const char *wire;
};

static void test_subject_name_wire(void **state)
{
	static const struct name_case t[] = {
		{ false, "host", 7, "\x04host\x00\x00" },
		{ false, "Host.Example.COM", 18, "\x04host\x07" "example\x03" "com\x00" },
		{ false, "host.", 6, "\x04host\x00" },
		{ false, "host%lo", 7, "\x04host\x00\x00" },
		{ false, "HOST%abcdefghijklmno", 7, "\x04host\x00\x00" },
		{ false, "host.example%eth0", 14, "\x04host\x07" "example\x00" },
		{ false, ".", 1, "\x00" },
		{ false, "", 2, "\x00\x00" },
		{ false, "%lo", 2, "\x00\x00" },
		{ false, "a\\.b", 5, "\x03" "a.b\x00" },
		{ false, "x\\065y", 6, "\x03xAy\x00\x00" },
		{ false, "X\\066", 5, "\x02xB\x00\x00" },
		{ false, "\\\\", 4, "\x01\\\x00\x00" },
		{ false, "\\Q", 4, "\x01q\x00\x00" },
		{ false, "\\255", 4, "\x01\xff\x00\x00" },
		{ false, "\\000", 4, "\x01\x00\x00\x00" },
		{ false, "a b", 6, "\x03" "a b\x00\x00" },
		{ false, "b\xc3\xbc" "cher", 10, "\x07" "b\xc3\xbc" "cher\x00\x00" },
		{ true, "host.example.com", 18, "\x04host\x07" "example\x03" "com\x00" },
		{ true, "host", 6, "\x04host\x00" },
		{ true, "HOST.", 6, "\x04host\x00" },
		{ true, "", 1, "\x00" },
		{ true, ".", 1, "\x00" },
		{ true, "xn--bcher-kva.example", 23, "\x0dxn--bcher-kva\x07" "example\x00" },
	};
	size_t i;
	char msg[128];

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct ninfo_query q = fresh();
		char arg[64];

		snprintf(arg, sizeof(arg), "%s=%s", t[i].fqdn ? "subject-fqdn" : "subject-name",
			 t[i].in);
		assert_int_equal(opt(&q, arg, msg), NINFO_NAME);
		strcpy(msg, "junk");
		assert_int_equal(ninfo_set_subject_name(&q, q.pending, msg, sizeof(msg)), NINFO_OK);
		assert_string_equal(msg, "");
		assert_int_equal(q.subject_type, NINFO_SUBJ_NAME);
		assert_int_equal(q.subject_len, t[i].len);
		assert_memory_equal(q.subject, t[i].wire, t[i].len);
		assert_null(q.pending);
	}
}

/*
 * Every escape rule of the encoder against glibc's ns_name_pton: each row is
 * what ns_name_pton(in, buf, NS_MAXCDNAME) returned (glibc 2.36), its wire
 * form or -1 for a refusal.  subject-fqdn= sends that wire form as it is.
 */
static void test_subject_name_pton(void **state)
{
	static const struct {
		const char *in;
		int len;
		const char *wire;
	} t[] = {
		{ "a", 3, "\x01" "a\x00" },
		{ "a.", 3, "\x01" "a\x00" },
		{ "a.b", 5, "\x01" "a\x01" "b\x00" },
		{ "a.b.", 5, "\x01" "a\x01" "b\x00" },
		{ "", 1, "\x00" },
		{ ".", 1, "\x00" },
		{ "..", -1, "" },
		{ "a..b", -1, "" },
		{ ".a", -1, "" },
		{ "a..", -1, "" },
		{ "a\\", -1, "" },
		{ "\\", -1, "" },
		{ "a.\\", -1, "" },
		{ "a.b.\\", -1, "" },
		{ "a\\\\\\", -1, "" },
		{ "a\\\\", 4, "\x02" "a\\\x00" },
		{ "\\\\", 3, "\x01" "\\\x00" },
		{ "a\\.b", 5, "\x03" "a.b\x00" },
		{ "a\\.", 4, "\x02" "a.\x00" },
		{ "\\.", 3, "\x01" ".\x00" },
		{ "\\..", 3, "\x01" ".\x00" },
		{ "a\\..b", 6, "\x02" "a.\x01" "b\x00" },
		{ "a.\\..b", 7, "\x01" "a\x01" ".\x01" "b\x00" },
		{ "a.\\.", 5, "\x01" "a\x01" ".\x00" },
		{ "a\\.\\.", 5, "\x03" "a..\x00" },
		{ "a\\065", 4, "\x02" "aA\x00" },
		{ "\\065\\066", 4, "\x02" "AB\x00" },
		{ "\\0651", 4, "\x02" "A1\x00" },
		{ "\\065.", 3, "\x01" "A\x00" },
		{ "a\\255", 4, "\x02" "a\xff" "\x00" },
		{ "a\\000b", 5, "\x03" "a\x00" "b\x00" },
		{ "a\\256", -1, "" },
		{ "a\\999", -1, "" },
		{ "a\\00", -1, "" },
		{ "a\\0", -1, "" },
		{ "a\\0a", -1, "" },
		{ "a\\12", -1, "" },
		{ "a\\x", 4, "\x02" "ax\x00" },
		{ "a\\ b", 5, "\x03" "a b\x00" },
		{ "\\046", 3, "\x01" ".\x00" },
		{ "a\\046b", 5, "\x03" "a.b\x00" },
		{ "a.b..", -1, "" },
	};
	size_t i;
	char msg[128], want[128];

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct ninfo_query q = fresh();
		enum ninfo_status st;

		assert_int_equal(opt(&q, "subject-fqdn=x", msg), NINFO_NAME);
		st = ninfo_set_subject_name(&q, t[i].in, msg, sizeof(msg));
		if (t[i].len < 0) {
			snprintf(want, sizeof(want), "inappropriate subject name: %s", t[i].in);
			assert_int_equal(st, NINFO_FATAL);
			assert_string_equal(msg, want);
			assert_int_equal(q.subject_len, 0);
			continue;
		}
		assert_int_equal(st, NINFO_OK);
		assert_int_equal(q.subject_len, (size_t)t[i].len);
		assert_memory_equal(q.subject, t[i].wire, (size_t)t[i].len);
	}
}

static void fill_labels(char *buf, const int *sizes, int n, char c)
{
	int i, j;
	char *p = buf;

	for (i = 0; i < n; i++) {
		if (i)
			*p++ = '.';
		for (j = 0; j < sizes[i]; j++)
			*p++ = c;
	}
	*p = '\0';
}

static void test_subject_name_limits(void **state)
{
	static const int ok63[] = { 63 };
	static const int bad64[] = { 64 };
	static const int ok255[] = { 63, 63, 63, 61 };
	static const int bad256[] = { 63, 63, 63, 62 };
	char name[400], msg[400];
	struct ninfo_query q;

	(void)state;
	fill_labels(name, ok63, 1, 'a');
	q = fresh();
	opt(&q, "subject-name=x", msg);
	assert_int_equal(ninfo_set_subject_name(&q, name, msg, sizeof(msg)), NINFO_OK);
	assert_int_equal(q.subject_len, 66);	/* 1 + 63 + 0 + extra 0 */
	assert_int_equal(q.subject[0], 63);
	assert_int_equal(q.subject[64], 0);
	assert_int_equal(q.subject[65], 0);

	fill_labels(name, bad64, 1, 'A');
	q = fresh();
	opt(&q, "subject-name=x", msg);
	assert_int_equal(ninfo_set_subject_name(&q, name, msg, sizeof(msg)), NINFO_FATAL);
	assert_int_equal(strncmp(msg, "inappropriate subject name: aaaa", 32), 0);
	assert_int_equal(strlen(msg), 28 + 64);
	assert_int_equal(q.subject_len, 0);

	fill_labels(name, ok255, 4, 'b');
	q = fresh();
	opt(&q, "subject-name=x", msg);
	assert_int_equal(ninfo_set_subject_name(&q, name, msg, sizeof(msg)), NINFO_OK);
	assert_int_equal(q.subject_len, 255);	/* has dots: absolute, no extra zero */
	assert_int_equal(q.subject[254], 0);

	/* The same with a final dot, and as subject-fqdn. */
	strcat(name, ".");
	q = fresh();
	opt(&q, "subject-fqdn=x", msg);
	assert_int_equal(ninfo_set_subject_name(&q, name, msg, sizeof(msg)), NINFO_OK);
	assert_int_equal(q.subject_len, 255);

	fill_labels(name, bad256, 4, 'b');
	q = fresh();
	opt(&q, "subject-name=x", msg);
	assert_int_equal(ninfo_set_subject_name(&q, name, msg, sizeof(msg)), NINFO_FATAL);
	assert_int_equal(strncmp(msg, "inappropriate subject name: bbb", 31), 0);

	/* 255 bytes as a single label name cannot be: 63 is the most. */
	q = fresh();
	opt(&q, "subject-name=x", msg);
	memset(name, 'c', 300);
	name[300] = '\0';
	assert_int_equal(ninfo_set_subject_name(&q, name, msg, sizeof(msg)), NINFO_FATAL);
}

static void test_subject_name_errors(void **state)
{
	static const struct {
		const char *in;
		const char *msg;
	} t[] = {
		{ "a..b", "inappropriate subject name: a..b" },
		{ ".a", "inappropriate subject name: .a" },
		{ "..", "inappropriate subject name: .." },
		{ "a..", "inappropriate subject name: a.." },
		{ "A..B%lo", "inappropriate subject name: a..b" },
		{ "\\25", "inappropriate subject name: \\25" },
		{ "\\2", "inappropriate subject name: \\2" },
		{ "\\2x5", "inappropriate subject name: \\2x5" },
		{ "\\256", "inappropriate subject name: \\256" },
		{ "\\999", "inappropriate subject name: \\999" },
		{ "host%abcdefghijklmnop", "too long scope name" },	/* 16 */
		{ "host%abcdefghijklmnopqrstuvwxyz", "too long scope name" },
		{ "a..b%abcdefghijklmnop", "too long scope name" },	/* scope first */
	};
	size_t i;
	char msg[128];

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct ninfo_query q = fresh();

		assert_int_equal(opt(&q, "subject-name=x", msg), NINFO_NAME);
		assert_int_equal(ninfo_set_subject_name(&q, t[i].in, msg, sizeof(msg)), NINFO_FATAL);
		assert_string_equal(msg, t[i].msg);
		assert_int_equal(q.subject_len, 0);
	}
	/* A name longer than any name can be: the message holds what fits. */
	{
		struct ninfo_query q = fresh();
		char *big = malloc(5001), small[40];

		assert_non_null(big);
		memset(big, 'Z', 5000);
		big[5000] = '\0';
		opt(&q, "subject-name=x", msg);
		assert_int_equal(ninfo_set_subject_name(&q, big, small, sizeof(small)), NINFO_FATAL);
		assert_string_equal(small, "inappropriate subject name: zzzzzzzzzzz");
		assert_int_equal(ninfo_set_subject_name(&q, big, NULL, 0), NINFO_FATAL);
		free(big);
	}
	/* Only for a name subject. */
	{
		struct ninfo_query q = fresh();

		assert_int_equal(ninfo_set_subject_name(&q, "x", msg, sizeof(msg)), NINFO_FATAL);
		assert_int_equal(opt(&q, "subject-ipv6=::1", msg), NINFO_OK);
		assert_int_equal(ninfo_set_subject_name(&q, "x", msg, sizeof(msg)), NINFO_FATAL);
		assert_int_equal(q.subject_len, 16);
		assert_int_equal(ninfo_set_subject_name(NULL, "x", msg, sizeof(msg)), NINFO_FATAL);
	}
}

/* ---- help ---- */

static void test_help_text(void **state)
{
	/* iputils' keywords, in its order, each first on its own line. */
	static const char *const kw[] = {
		"help", "name", "ipv6", "ipv6-all", "ipv6-compatible", "ipv6-global",
		"ipv6-linklocal", "ipv6-sitelocal", "ipv4", "ipv4-all",
		"subject-ipv6=addr", "subject-ipv4=addr", "subject-name=name",
		"subject-fqdn=name",
	};
	char *text = NULL, *line, *save = NULL;
	size_t len = 0, k = 0;
	FILE *f = open_memstream(&text, &len);

	(void)state;
	assert_non_null(f);
	ninfo_help(f);
	assert_int_equal(fclose(f), 0);
	assert_true(len > 0);
	assert_int_equal(text[len - 1], '\n');
	assert_non_null(strstr(text, "-N <nodeinfo opt>"));
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char word[64];

		if (strncmp(line, "  ", 2) != 0)
			continue;
		assert_int_equal(sscanf(line, "%63s", word), 1);
		assert_true(k < sizeof(kw) / sizeof(kw[0]));
		assert_string_equal(word, kw[k]);
		k++;
	}
	assert_int_equal(k, sizeof(kw) / sizeof(kw[0]));
	free(text);
}

/* ---- nonces ---- */

static void test_nonce_roundtrip(void **state)
{
	static const uint8_t key_b[NINFO_KEY_LEN] = { 1 };
	uint8_t n[NINFO_NONCE_LEN], n2[NINFO_NONCE_LEN];
	unsigned seq;
	int i, bit;

	(void)state;
	for (seq = 0; seq <= 0xffff; seq += (seq < 300 || seq > 0xff00) ? 1 : 97) {
		ninfo_nonce(key_a, (uint16_t)seq, n);
		assert_int_equal(n[0], seq >> 8);
		assert_int_equal(n[1], seq & 0xff);
		assert_int_equal(ninfo_nonce_seq(key_a, n), (int)seq);
		assert_int_equal(ninfo_nonce_seq(key_b, n), -1);
		/* The same again: no state. */
		ninfo_nonce(key_a, (uint16_t)seq, n2);
		assert_memory_equal(n, n2, sizeof(n));
		/* Any one bit changed: not ours. */
		for (i = 0; i < NINFO_NONCE_LEN; i++) {
			for (bit = 0; bit < 8; bit++) {
				memcpy(n2, n, sizeof(n));
				n2[i] ^= (uint8_t)(1u << bit);
				assert_int_equal(ninfo_nonce_seq(key_a, n2), -1);
			}
		}
	}
	/* Different sequence numbers, different tails. */
	ninfo_nonce(key_a, 1, n);
	ninfo_nonce(key_a, 2, n2);
	assert_memory_not_equal(n + 2, n2 + 2, 6);
}

/* ---- building ---- */

static const uint8_t nonce_x[NINFO_NONCE_LEN] = { 0x00, 0x01, 0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0xf6 };

static void expect_build(const struct ninfo_query *q, const struct in6_addr *target,
			 const uint8_t *want, size_t wantlen)
{
	uint8_t *buf;
	size_t len, n;

	/* Exact size, and every size below it fails without writing. */
	buf = malloc(wantlen);
	assert_non_null(buf);
	assert_int_equal(ninfo_build(q, buf, wantlen, nonce_x, target), wantlen);
	assert_memory_equal(buf, want, wantlen);
	for (len = 0; len < wantlen; len++) {
		memset(buf, 0x5a, wantlen);
		assert_int_equal(ninfo_build(q, buf, len, nonce_x, target), 0);
		for (n = 0; n < wantlen; n++)
			assert_int_equal(buf[n], 0x5a);
	}
	free(buf);
}

static void test_build(void **state)
{
	static const struct {
		const char *opts[4];
		size_t len;
		const char *want;
	} t[] = {
		/* The byte layouts iputils 20221126 sent for the same options
		 * (captured, its random nonce replaced), but for subject-fqdn. */
		{ { "name" }, 32,
		  "\x8b\x00\x00\x00\x00\x02\x00\x00" "\x00\x01\xa1\xb2\xc3\xd4\xe5\xf6"
		  "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01" },
		{ { "fqdn" }, 32,
		  "\x8b\x00\x00\x00\x00\x02\x00\x00" "\x00\x01\xa1\xb2\xc3\xd4\xe5\xf6"
		  "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01" },
		{ { "ipv6" }, 32,
		  "\x8b\x00\x00\x00\x00\x03\x00\x00" "\x00\x01\xa1\xb2\xc3\xd4\xe5\xf6"
		  "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01" },
		{ { "ipv6-all" }, 32,
		  "\x8b\x00\x00\x00\x00\x03\x00\x02" "\x00\x01\xa1\xb2\xc3\xd4\xe5\xf6"
		  "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01" },
		{ { "ipv6-compatible", "ipv6-global", "ipv6-linklocal", "ipv6-sitelocal" }, 32,
		  "\x8b\x00\x00\x00\x00\x03\x00\x3c" "\x00\x01\xa1\xb2\xc3\xd4\xe5\xf6"
		  "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01" },
		{ { "ipv4" }, 32,
		  "\x8b\x00\x00\x00\x00\x04\x00\x00" "\x00\x01\xa1\xb2\xc3\xd4\xe5\xf6"
		  "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01" },
		{ { "ipv4", "subject-ipv4=192.0.2.1" }, 20,
		  "\x8b\x02\x00\x00\x00\x04\x00\x00" "\x00\x01\xa1\xb2\xc3\xd4\xe5\xf6"
		  "\xc0\x00\x02\x01" },
		{ { "ipv4-all", "subject-ipv6=2001:db8::1" }, 32,
		  "\x8b\x00\x00\x00\x00\x04\x00\x02" "\x00\x01\xa1\xb2\xc3\xd4\xe5\xf6"
		  "\x20\x01\x0d\xb8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01" },
		{ { "name", "subject-ipv6=::2", "subject-ipv6=::3" }, 32,
		  "\x8b\x00\x00\x00\x00\x02\x00\x00" "\x00\x01\xa1\xb2\xc3\xd4\xe5\xf6"
		  "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03" },
		{ { "name", "subject-name=host" }, 23,
		  "\x8b\x01\x00\x00\x00\x02\x00\x00" "\x00\x01\xa1\xb2\xc3\xd4\xe5\xf6"
		  "\x04host\x00\x00" },
		{ { "name", "subject-name=Host.Example.COM" }, 34,
		  "\x8b\x01\x00\x00\x00\x02\x00\x00" "\x00\x01\xa1\xb2\xc3\xd4\xe5\xf6"
		  "\x04host\x07" "example\x03" "com\x00" },
		{ { "name", "subject-name=host." }, 22,
		  "\x8b\x01\x00\x00\x00\x02\x00\x00" "\x00\x01\xa1\xb2\xc3\xd4\xe5\xf6"
		  "\x04host\x00" },
		{ { "name", "subject-name=." }, 17,
		  "\x8b\x01\x00\x00\x00\x02\x00\x00" "\x00\x01\xa1\xb2\xc3\xd4\xe5\xf6"
		  "\x00" },
		{ { "name", "subject-name=" }, 18,
		  "\x8b\x01\x00\x00\x00\x02\x00\x00" "\x00\x01\xa1\xb2\xc3\xd4\xe5\xf6"
		  "\x00\x00" },
		{ { "name", "subject-name=a\\.b" }, 21,
		  "\x8b\x01\x00\x00\x00\x02\x00\x00" "\x00\x01\xa1\xb2\xc3\xd4\xe5\xf6"
		  "\x03" "a.b\x00" },
		{ { "name", "subject-name=x\\065y" }, 22,
		  "\x8b\x01\x00\x00\x00\x02\x00\x00" "\x00\x01\xa1\xb2\xc3\xd4\xe5\xf6"
		  "\x03xAy\x00\x00" },
		{ { "name", "subject-name=host%lo" }, 23,
		  "\x8b\x01\x00\x00\x00\x02\x00\x00" "\x00\x01\xa1\xb2\xc3\xd4\xe5\xf6"
		  "\x04host\x00\x00" },
		{ { "name", "subject-name=host", "subject-fqdn=other.org" }, 27,
		  "\x8b\x01\x00\x00\x00\x02\x00\x00" "\x00\x01\xa1\xb2\xc3\xd4\xe5\xf6"
		  "\x05other\x03org\x00" },
		/* iputils sends these two with one more zero byte (see ninfo.c). */
		{ { "name", "subject-fqdn=host.example.com" }, 34,
		  "\x8b\x01\x00\x00\x00\x02\x00\x00" "\x00\x01\xa1\xb2\xc3\xd4\xe5\xf6"
		  "\x04host\x07" "example\x03" "com\x00" },
		{ { "name", "subject-fqdn=host" }, 22,
		  "\x8b\x01\x00\x00\x00\x02\x00\x00" "\x00\x01\xa1\xb2\xc3\xd4\xe5\xf6"
		  "\x04host\x00" },
	};
	struct in6_addr target;
	char msg[128];
	size_t i, j;

	(void)state;
	assert_int_equal(inet_pton(AF_INET6, "::1", &target), 1);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct ninfo_query q = fresh();

		for (j = 0; j < 4 && t[i].opts[j]; j++)
			assert_int_equal(subject(&q, t[i].opts[j], msg), NINFO_OK);
		expect_build(&q, &target, (const uint8_t *)t[i].want, t[i].len);
	}
}

static void test_build_refusals(void **state)
{
	struct ninfo_query q = fresh();
	struct in6_addr target = IN6ADDR_LOOPBACK_INIT;
	uint8_t buf[NINFO_QUERY_MAX];
	char msg[128], name[300];
	static const int big[] = { 63, 63, 63, 61 };

	(void)state;
	/* No query keyword: nothing to build (send echo requests). */
	assert_int_equal(ninfo_build(&q, buf, sizeof(buf), nonce_x, &target), 0);
	assert_int_equal(subject(&q, "subject-ipv6=::5", msg), NINFO_OK);
	assert_int_equal(ninfo_build(&q, buf, sizeof(buf), nonce_x, &target), 0);
	assert_int_equal(ninfo_build(NULL, buf, sizeof(buf), nonce_x, &target), 0);

	/* With a subject of its own, the target is not needed. */
	assert_int_equal(opt(&q, "name", msg), NINFO_OK);
	assert_int_equal(ninfo_build(&q, buf, sizeof(buf), nonce_x, NULL), 32);
	assert_int_equal(buf[31], 5);
	assert_int_equal(ninfo_build(&q, NULL, sizeof(buf), nonce_x, NULL), 0);
	assert_int_equal(ninfo_build(&q, buf, sizeof(buf), NULL, NULL), 0);

	/* Without one, it is. */
	q = fresh();
	assert_int_equal(opt(&q, "name", msg), NINFO_OK);
	assert_int_equal(ninfo_build(&q, buf, sizeof(buf), nonce_x, NULL), 0);

	/* The largest subject fits NINFO_QUERY_MAX. */
	fill_labels(name, big, 4, 'q');
	q = fresh();
	assert_int_equal(opt(&q, "ipv6", msg), NINFO_OK);
	assert_int_equal(opt(&q, "subject-name=x", msg), NINFO_NAME);
	assert_int_equal(ninfo_set_subject_name(&q, name, msg, sizeof(msg)), NINFO_OK);
	assert_int_equal(ninfo_build(&q, buf, sizeof(buf), nonce_x, NULL), 16 + 255);
	memset(name, 'r', 63);
	name[63] = '\0';
	q = fresh();
	assert_int_equal(opt(&q, "ipv6", msg), NINFO_OK);
	assert_int_equal(opt(&q, "subject-name=x", msg), NINFO_NAME);
	assert_int_equal(ninfo_set_subject_name(&q, name, msg, sizeof(msg)), NINFO_OK);
	assert_int_equal(ninfo_build(&q, buf, sizeof(buf), nonce_x, NULL), 16 + 66);
}

/* ---- replies ---- */

static void test_parse_reply_header(void **state)
{
	uint8_t msg[40];
	struct ninfo_reply r;
	size_t len, n;

	(void)state;
	n = make_reply(msg, sizeof(msg), 0, 3, 0x8001, 0x1234, "\x00\x00\x00\x07", 4);
	/* Every length short of the header: not a reply we can match. */
	for (len = 0; len < NINFO_HDR_LEN; len++) {
		uint8_t *p = exact(msg, len);

		memset(&r, 0x5a, sizeof(r));
		assert_int_equal(ninfo_parse_reply(p, len, &r), -1);
		free(p);
	}
	for (len = NINFO_HDR_LEN; len <= n; len++) {
		uint8_t *p = exact(msg, len);

		assert_int_equal(ninfo_parse_reply(p, len, &r), 0);
		assert_int_equal(r.len, len);
		assert_int_equal(r.code, 0);
		assert_int_equal(r.qtype, 3);
		assert_int_equal(r.flags, 0x8001);
		assert_memory_equal(r.nonce, msg + 8, 8);
		assert_int_equal(ninfo_nonce_seq(key_a, r.nonce), 0x1234);
		assert_ptr_equal(r.data, p + NINFO_HDR_LEN);
		assert_int_equal(r.datalen, len - NINFO_HDR_LEN);
		free(p);
	}
	/* Other types are not replies. */
	msg[0] = NINFO_TYPE_QUERY;
	assert_int_equal(ninfo_parse_reply(msg, n, &r), -1);
	msg[0] = 129;
	assert_int_equal(ninfo_parse_reply(msg, n, &r), -1);
	msg[0] = NINFO_TYPE_REPLY;
	assert_int_equal(ninfo_parse_reply(NULL, n, &r), -1);
	assert_int_equal(ninfo_parse_reply(msg, n, NULL), -1);
}

/*
 * What iputils 20221126 printed between "from ::1:" and " ttl=64" for
 * replies sent by a crafted responder (code, qtype, flags, sequence, Data).
 */
static const struct golden {
	uint8_t code;
	uint16_t qtype, flags, seq;
	size_t datalen;
	const char *data;
	const char *text;
} goldens[] = {
	{ 0, 2, 0x0, 1, 22,
	  "\x00\x00\x00\x00\x04\x68\x6f\x73\x74\x07\x65\x78\x61\x6d\x70\x6c"
	  "\x65\x03\x63\x6f\x6d\x00",
	  " host.example.com.; seq=1;" },
	{ 0, 2, 0x0, 2, 11,
	  "\x00\x00\x00\x00\x04\x68\x6f\x73\x74\x00\x00",
	  " host; seq=2;" },
	{ 0, 2, 0x0, 3, 16,
	  "\x00\x00\x00\x00\x01\x61\x01\x62\x00\x01\x63\x00\x00\x01\x64\x00",
	  " a.b., c, d.; seq=3;" },
	{ 0, 2, 0x0, 4, 4,
	  "\x00\x00\x00\x00",
	  "; seq=4;" },
	{ 0, 2, 0x0, 5, 2,
	  "\x00\x00",
	  " parse error (too short); seq=5;" },
	{ 0, 2, 0x0, 6, 7,
	  "\x00\x00\x00\x00\x05\x61\x62",
	  " parse error (truncated); seq=6;" },
	{ 0, 2, 0x0, 7, 5,
	  "\x00\x00\x00\x00\x00",
	  " .; seq=7;" },
	{ 0, 2, 0x0, 8, 16,
	  "\x00\x00\x00\x00\x03\x61\x2e\x62\x04\x78\x20\x79\x02\x01\xff\x00",
	  " a\\.b.x\\032y\\002.\\255.; seq=8;" },
	{ 0, 2, 0x0, 9, 15,
	  "\x00\x00\x00\x00\x03\x77\x77\x77\x00\x03\x66\x6f\x6f\xc0\x04",
	  " www., foo.www.; seq=9;" },
	{ 0, 2, 0x0, 10, 6,
	  "\x00\x00\x00\x00\xc0\x04",
	  " parse error (truncated); seq=10;" },
	{ 0, 2, 0x0, 11, 9,
	  "\x00\x00\x00\x00\x40\x61\x62\x63\x00",
	  " parse error (truncated); seq=11;" },
	{ 1, 2, 0x0, 12, 0,
	  "",
	  " refused; seq=12;" },
	{ 2, 77, 0x0, 13, 0,
	  "",
	  " unknown; seq=13;" },
	{ 5, 2, 0x0, 14, 0,
	  "",
	  " unknown code(500); seq=14;" },
	{ 0, 9, 0x0, 15, 0,
	  "",
	  " unknown qtype(0x09); seq=15;" },
	{ 0, 3, 0x0, 1, 40,
	  "\x00\x00\x00\x64\xfe\x80\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
	  "\x00\x00\x00\x01\x00\x00\x00\x05\x20\x01\x0d\xb8\x00\x00\x00\x00"
	  "\x00\x00\x00\x00\x00\x00\x00\x02",
	  " fe80::1, 2001:db8::2; seq=1;" },
	{ 0, 3, 0x1, 2, 20,
	  "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
	  "\x00\x00\x00\x01",
	  " ::1 (truncated); seq=2;" },
	{ 0, 3, 0x0, 3, 0,
	  "",
	  "; seq=3;" },
	{ 0, 3, 0x0, 4, 26,
	  "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
	  "\x00\x00\x00\x01\x00\x00\x00\x00\x01\x02",
	  " ::1, parse error (truncated); seq=4;" },
	{ 0, 4, 0x0, 5, 16,
	  "\x00\x00\x00\x07\xc0\x00\x02\x01\x00\x00\x00\x00\x0a\x00\x00\x01",
	  " 192.0.2.1, 10.0.0.1; seq=5;" },
	{ 0, 4, 0x1, 6, 8,
	  "\x00\x00\x00\x00\xc0\x00\x02\x01",
	  " 192.0.2.1 (truncated); seq=6;" },
	{ 0, 4, 0x0, 7, 6,
	  "\x00\x00\x00\x00\xc0\x00",
	  " parse error (truncated); seq=7;" },
	{ 0, 3, 0x100, 8, 20,
	  "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
	  "\x00\x00\x00\x01",
	  " ::1; seq=8;" },
	{ 0, 3, 0x1, 9, 1,
	  "\x00",
	  " parse error (truncated) (truncated); seq=9;" },
	{ 0, 2, 0x0, 10, 0,
	  "",
	  " parse error (too short); seq=10;" },
	{ 0, 4, 0x3, 12, 8,
	  "\x00\x00\x00\x00\x01\x02\x03\x04",
	  " 1.2.3.4 (truncated); seq=12;" },
	{ 0, 2, 0x0, 1, 66,
	  "\x00\x00\x00\x00\x3c\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a"
	  "\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a"
	  "\x1b\x1c\x1d\x1e\x1f\x20\x21\x22\x23\x24\x25\x26\x27\x28\x29\x2a"
	  "\x2b\x2c\x2d\x2e\x2f\x30\x31\x32\x33\x34\x35\x36\x37\x38\x39\x3a"
	  "\x3b\x00",
	  " \\000\\001\\002\\003\\004\\005\\006\\007\\008\\009\\010\\011\\012\\013\\01"
	  "4\\015\\016\\017\\018\\019\\020\\021\\022\\023\\024\\025\\026\\027\\028\\02"
	  "9\\030\\031\\032!\\\"#\\$%&'\\(\\)*+,-\\./0123456789:\\;.; seq=1;" },
	{ 0, 2, 0x0, 2, 66,
	  "\x00\x00\x00\x00\x3c\x3c\x3d\x3e\x3f\x40\x41\x42\x43\x44\x45\x46"
	  "\x47\x48\x49\x4a\x4b\x4c\x4d\x4e\x4f\x50\x51\x52\x53\x54\x55\x56"
	  "\x57\x58\x59\x5a\x5b\x5c\x5d\x5e\x5f\x60\x61\x62\x63\x64\x65\x66"
	  "\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f\x70\x71\x72\x73\x74\x75\x76"
	  "\x77\x00",
	  " <=>?\\@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\\\]^_`abcdefghijklmnopqrst"
	  "uvw.; seq=2;" },
	{ 0, 2, 0x0, 3, 66,
	  "\x00\x00\x00\x00\x3c\x78\x79\x7a\x7b\x7c\x7d\x7e\x7f\x80\x81\x82"
	  "\x83\x84\x85\x86\x87\x88\x89\x8a\x8b\x8c\x8d\x8e\x8f\x90\x91\x92"
	  "\x93\x94\x95\x96\x97\x98\x99\x9a\x9b\x9c\x9d\x9e\x9f\xa0\xa1\xa2"
	  "\xa3\xa4\xa5\xa6\xa7\xa8\xa9\xaa\xab\xac\xad\xae\xaf\xb0\xb1\xb2"
	  "\xb3\x00",
	  " xyz{|}~\\127\\128\\129\\130\\131\\132\\133\\134\\135\\136\\137\\138\\139"
	  "\\140\\141\\142\\143\\144\\145\\146\\147\\148\\149\\150\\151\\152\\153\\154"
	  "\\155\\156\\157\\158\\159\\160\\161\\162\\163\\164\\165\\166\\167\\168\\169"
	  "\\170\\171\\172\\173\\174\\175\\176\\177\\178\\179.; seq=3;" },
	{ 0, 2, 0x0, 4, 66,
	  "\x00\x00\x00\x00\x3c\xb4\xb5\xb6\xb7\xb8\xb9\xba\xbb\xbc\xbd\xbe"
	  "\xbf\xc0\xc1\xc2\xc3\xc4\xc5\xc6\xc7\xc8\xc9\xca\xcb\xcc\xcd\xce"
	  "\xcf\xd0\xd1\xd2\xd3\xd4\xd5\xd6\xd7\xd8\xd9\xda\xdb\xdc\xdd\xde"
	  "\xdf\xe0\xe1\xe2\xe3\xe4\xe5\xe6\xe7\xe8\xe9\xea\xeb\xec\xed\xee"
	  "\xef\x00",
	  " \\180\\181\\182\\183\\184\\185\\186\\187\\188\\189\\190\\191\\192\\193\\19"
	  "4\\195\\196\\197\\198\\199\\200\\201\\202\\203\\204\\205\\206\\207\\208\\20"
	  "9\\210\\211\\212\\213\\214\\215\\216\\217\\218\\219\\220\\221\\222\\223\\22"
	  "4\\225\\226\\227\\228\\229\\230\\231\\232\\233\\234\\235\\236\\237\\238\\23"
	  "9.; seq=4;" },
	{ 0, 2, 0x0, 5, 22,
	  "\x00\x00\x00\x00\x10\xf0\xf1\xf2\xf3\xf4\xf5\xf6\xf7\xf8\xf9\xfa"
	  "\xfb\xfc\xfd\xfe\xff\x00",
	  " \\240\\241\\242\\243\\244\\245\\246\\247\\248\\249\\250\\251\\252\\253\\25"
	  "4\\255.; seq=5;" },
	{ 0, 2, 0x0, 6, 11,
	  "\x00\x00\x00\x00\x01\x61\x00\xc0\x04\xc0\x07",
	  " a., a., a.; seq=6;" },
	{ 0, 2, 0x0, 7, 12,
	  "\x00\x00\x00\x00\x05\x61\x62\x63\x64\x65\xc0\x04",
	  " parse error (truncated); seq=7;" },
	{ 0, 2, 0x0, 8, 9,
	  "\x00\x00\x00\x00\x01\x61\x00\x00\x00",
	  " a, .; seq=8;" },
	{ 0, 2, 0x0, 9, 6,
	  "\x00\x00\x00\x00\x01\x61",
	  " parse error (truncated); seq=9;" },
	{ 0, 2, 0x0, 10, 8,
	  "\x00\x00\x00\x00\x01\x61\x00\x00",
	  " a; seq=10;" },
	{ 0, 2, 0x0, 11, 8,
	  "\x00\x00\x00\x00\x02\x61\x62\x01",
	  " parse error (truncated); seq=11;" },
	{ 0, 2, 0x0, 12, 5,
	  "\x00\x00\x00\x00\xc0",
	  " parse error (truncated); seq=12;" },
	{ 0, 2, 0x0, 13, 6,
	  "\x00\x00\x00\x00\xc0\x00",
	  " .; seq=13;" },
	{ 0, 2, 0x0, 14, 9,
	  "\x00\x00\x00\x00\x01\x61\xc0\x09\x00",
	  " parse error (truncated); seq=14;" },
	{ 0, 2, 0x0, 15, 9,
	  "\x00\x00\x00\x00\x01\x61\xc0\x08\x00",
	  " a; seq=15;" },
	{ 0, 2, 0x0, 16, 6,
	  "\x00\x00\x00\x00\x80\x00",
	  " parse error (truncated); seq=16;" },
	{ 0, 2, 0x0, 17, 15,
	  "\x00\x00\x00\x00\x01\x61\x00\x01\x62\xc0\x04\x00\x01\x63\x00",
	  " a., b.a, c.; seq=17;" },
	{ 0, 2, 0x0, 18, 259,
	  "\x00\x00\x00\x00\x3f\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78"
	  "\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78"
	  "\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78"
	  "\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78"
	  "\x78\x78\x78\x78\x3f\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78"
	  "\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78"
	  "\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78"
	  "\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78"
	  "\x78\x78\x78\x78\x3f\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78"
	  "\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78"
	  "\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78"
	  "\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78"
	  "\x78\x78\x78\x78\x3d\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79"
	  "\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79"
	  "\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79"
	  "\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79"
	  "\x79\x79\x00",
	  " xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	  "xxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	  "xxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	  "xxxxxxxxxxxx.yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy"
	  "yyyyyyyyyyyyyy.; seq=18;" },
	{ 0, 2, 0x0, 19, 260,
	  "\x00\x00\x00\x00\x3f\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78"
	  "\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78"
	  "\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78"
	  "\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78"
	  "\x78\x78\x78\x78\x3f\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78"
	  "\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78"
	  "\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78"
	  "\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78"
	  "\x78\x78\x78\x78\x3f\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78"
	  "\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78"
	  "\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78"
	  "\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78"
	  "\x78\x78\x78\x78\x3e\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79"
	  "\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79"
	  "\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79"
	  "\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79"
	  "\x79\x79\x79\x00",
	  " parse error (truncated); seq=19;" },
	{ 0, 2, 0x0, 20, 261,
	  "\x00\x00\x00\x00\x3f\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78"
	  "\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78"
	  "\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78"
	  "\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78"
	  "\x78\x78\x78\x78\x3f\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78"
	  "\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78"
	  "\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78"
	  "\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78"
	  "\x78\x78\x78\x78\x3f\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78"
	  "\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78"
	  "\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78"
	  "\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78"
	  "\x78\x78\x78\x78\x3f\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79"
	  "\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79"
	  "\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79"
	  "\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79\x79"
	  "\x79\x79\x79\x79\x00",
	  " parse error (truncated); seq=20;" },
	{ 0, 2, 0x0, 21, 259,
	  "\x00\x00\x00\x00\x3f\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20"
	  "\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20"
	  "\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20"
	  "\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20"
	  "\x20\x20\x20\x20\x3f\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20"
	  "\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20"
	  "\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20"
	  "\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20"
	  "\x20\x20\x20\x20\x3f\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20"
	  "\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20"
	  "\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20"
	  "\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20"
	  "\x20\x20\x20\x20\x3d\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20"
	  "\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20"
	  "\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20"
	  "\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20\x20"
	  "\x20\x20\x00",
	  " \\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\03"
	  "2\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\03"
	  "2\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\03"
	  "2\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\03"
	  "2\\032\\032\\032.\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\0"
	  "32\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\0"
	  "32\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\0"
	  "32\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\0"
	  "32\\032\\032\\032\\032\\032\\032.\\032\\032\\032\\032\\032\\032\\032\\032\\"
	  "032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\"
	  "032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\"
	  "032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\"
	  "032\\032\\032\\032\\032\\032\\032\\032\\032\\032.\\032\\032\\032\\032\\032"
	  "\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032"
	  "\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032"
	  "\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032"
	  "\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032\\032.; seq=21;" },
	{ 0, 2, 0x0, 22, 5,
	  "\x00\x00\x00\x00\x00",
	  " .; seq=22;" },
	{ 0, 2, 0x0, 23, 9,
	  "\x01\x02\x03\x04\x01\x61\xc0\x00\x00",
	  " parse error (truncated); seq=23;" },
};

static void test_goldens(void **state)
{
	uint8_t msg[NINFO_HDR_LEN + 400];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(goldens) / sizeof(goldens[0]); i++) {
		const struct golden *g = &goldens[i];
		char want[1200];

		n = make_reply(msg, sizeof(msg), g->code, g->qtype, g->flags, g->seq,
			       g->data, g->datalen);
		snprintf(want, sizeof(want), "%s", g->text);
		/* iputils prints the one-byte code through ntohs. */
		if (ntohs(5) != 0x0500 && strstr(want, "code(500)"))
			snprintf(want, sizeof(want), " unknown code(05); seq=%u;", g->seq);
		expect_reply(msg, n, want);
	}
}

static void test_print_items(void **state)
{
	static const uint8_t two[] = {
		0, 0, 0x0e, 0x10, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
		0xff, 0xff, 0xff, 0xff, 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
	};
	static const uint8_t names[] = {
		0, 0, 0, 60, 4, 'h', 'o', 's', 't', 0, 2, 'h', 'x', 0, 0,
	};
	uint8_t msg[128];
	struct ninfo_reply r;
	struct ninfo_cursor c = { 0 };
	struct ninfo_item it;
	size_t n;

	(void)state;
	n = make_reply(msg, sizeof(msg), 0, 3, 0, 7, two, sizeof(two));
	assert_int_equal(ninfo_parse_reply(msg, n, &r), 0);
	assert_int_equal(ninfo_next(&r, &c, &it), NINFO_NEXT_ITEM);
	assert_int_equal(it.af, AF_INET6);
	assert_int_equal(it.ttl, 3600);
	assert_memory_equal(it.addr, two + 4, 16);
	assert_int_equal(ninfo_next(&r, &c, &it), NINFO_NEXT_ITEM);
	assert_int_equal(it.ttl, 0xffffffffu);
	assert_memory_equal(it.addr, two + 24, 16);
	assert_int_equal(ninfo_next(&r, &c, &it), NINFO_NEXT_END);
	assert_int_equal(ninfo_next(&r, &c, &it), NINFO_NEXT_END);

	n = make_reply(msg, sizeof(msg), 0, 2, 0, 7, names, sizeof(names));
	assert_int_equal(ninfo_parse_reply(msg, n, &r), 0);
	memset(&c, 0, sizeof(c));
	assert_int_equal(ninfo_next(&r, &c, &it), NINFO_NEXT_ITEM);
	assert_int_equal(it.af, AF_UNSPEC);
	assert_int_equal(it.ttl, 60);
	assert_string_equal(it.name, "host");
	assert_true(it.fqdn);
	assert_int_equal(ninfo_next(&r, &c, &it), NINFO_NEXT_ITEM);
	assert_string_equal(it.name, "hx");
	assert_false(it.fqdn);
	assert_int_equal(ninfo_next(&r, &c, &it), NINFO_NEXT_END);
	expect_reply(msg, n, " host., hx; seq=7;");

	/* Not a success: no items at all. */
	n = make_reply(msg, sizeof(msg), 1, 2, 0, 7, names, sizeof(names));
	assert_int_equal(ninfo_parse_reply(msg, n, &r), 0);
	memset(&c, 0, sizeof(c));
	assert_int_equal(ninfo_next(&r, &c, &it), NINFO_NEXT_END);
	n = make_reply(msg, sizeof(msg), 0, 0, 0, 7, names, sizeof(names));
	assert_int_equal(ninfo_parse_reply(msg, n, &r), 0);
	memset(&c, 0, sizeof(c));
	assert_int_equal(ninfo_next(&r, &c, &it), NINFO_NEXT_END);
	expect_reply(msg, n, " unknown qtype(0x00); seq=7;");
	assert_int_equal(ninfo_next(NULL, &c, &it), NINFO_NEXT_END);

	/* Sequence numbers print unsigned, whole 16 bits. */
	n = make_reply(msg, sizeof(msg), 1, 2, 0, 65535, NULL, 0);
	expect_reply(msg, n, " refused; seq=65535;");
	n = make_reply(msg, sizeof(msg), 0, 0x1234, 0, 0, NULL, 0);
	expect_reply(msg, n, " unknown qtype(0x1234); seq=0;");
	n = make_reply(msg, sizeof(msg), 0, 4, 1, 3, NULL, 0);
	expect_reply(msg, n, " (truncated); seq=3;");
	n = make_reply(msg, sizeof(msg), 0, 2, 1, 3, "\0\0\0\0", 4);
	expect_reply(msg, n, "; seq=3;");	/* T means nothing for names */
}

static void test_format_truncation(void **state)
{
	uint8_t msg[64];
	struct ninfo_reply r;
	const char *want = " a.b., c; seq=9;";
	char buf[64];
	size_t n, size, wl = strlen(want);

	(void)state;
	n = make_reply(msg, sizeof(msg), 0, 2, 0, 9, "\0\0\0\0\x01" "a\x01" "b\x00\x01" "c\x00\x00", 13);
	assert_int_equal(ninfo_parse_reply(msg, n, &r), 0);
	for (size = 0; size <= wl + 1; size++) {
		char *p = malloc(size ? size : 1);

		assert_non_null(p);
		assert_int_equal(ninfo_format_reply(size ? p : NULL, size, &r), wl);
		if (size > 0) {
			memcpy(buf, want, size - 1);
			buf[size - 1] = '\0';
			assert_string_equal(p, buf);
		}
		free(p);
	}
	assert_int_equal(ninfo_format_reply(buf, sizeof(buf), NULL), 0);
	assert_string_equal(buf, "");
}

/* ---- malformed Data ---- */

#if HAVE_DN_EXPAND
/*
 * The oracle: iputils' printing of names, written over glibc's own
 * dn_expand.
 */
static void oracle_names(const uint8_t *d, size_t len, char *out, size_t outsz)
{
	size_t pos = 4, o = 0;
	bool more = false;
	char name[1024];
	int ret;

	out[0] = '\0';
	if (len < 4) {
		snprintf(out, outsz, " parse error (too short)");
		return;
	}
	while (pos < len) {
		bool fqdn;

		if (more)
			o += (size_t)snprintf(out + o, outsz - o, ",");
		ret = dn_expand(d, d + len, d + pos, name, sizeof(name));
		if (ret < 0) {
			snprintf(out + o, outsz - o, " parse error (truncated)");
			return;
		}
		fqdn = !(pos + (size_t)ret < len && d[pos + (size_t)ret] == 0);
		o += (size_t)snprintf(out + o, outsz - o, " %s%s", name, fqdn ? "." : "");
		pos += (size_t)ret + !fqdn;
		more = true;
	}
}
#endif

/* A name walk over Data of exactly len bytes, printed, and the oracle's. */
static void check_names(const uint8_t *data, size_t len)
{
	uint8_t msg[NINFO_HDR_LEN + 512];
	size_t n;
	char *text;

	assert_true(len <= 512);
	n = make_reply(msg, sizeof(msg), 0, 2, 0, 1, data, len);
	text = render(msg, n);
#if HAVE_DN_EXPAND
	{
		char want[8192];
		uint8_t *d = exact(data, len);

		oracle_names(d, len, want, sizeof(want) - 16);
		strcat(want, "; seq=1;");
		assert_string_equal(text, want);
		free(d);
	}
#endif
	free(text);
}

static void test_names_every_truncation(void **state)
{
	static const uint8_t good[] = {
		0, 0, 0, 5,
		4, 'h', 'o', 's', 't', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0,
		3, 'w', 'w', 'w', 0xc0, 9, 0,
		1, 'x', 0, 0,
		0xc0, 4,
	};
	size_t len;

	(void)state;
	for (len = 0; len <= sizeof(good); len++)
		check_names(good, len);
}

static size_t count_commas(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == ',';
	return n;
}

static void test_addrs_every_truncation(void **state)
{
	uint8_t data[3 * 20], msg[NINFO_HDR_LEN + sizeof(data)];
	size_t len, n, i;

	(void)state;
	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7 + 1);
	for (len = 0; len <= sizeof(data); len++) {
		size_t whole6 = len / 20, whole4 = len / 8;
		char *t6, *t4;

		n = make_reply(msg, sizeof(msg), 0, 3, 1, 2, data, len);
		t6 = render(msg, n);
		n = make_reply(msg, sizeof(msg), 0, 4, 0, 2, data, len);
		t4 = render(msg, n);
		/* Whole entries, then one error if bytes are left over. */
		assert_int_equal(strstr(t6, "parse error (truncated)") != NULL, len % 20 != 0);
		assert_int_equal(strstr(t4, "parse error (truncated)") != NULL, len % 8 != 0);
		/* The T flag is printed last, whatever came before. */
		assert_non_null(strstr(t6, " (truncated); seq=2;"));
		assert_int_equal(count_commas(t6), whole6 + (len % 20 != 0) - (len > 0));
		assert_int_equal(count_commas(t4), whole4 + (len % 8 != 0) - (len > 0));
		free(t6);
		free(t4);
	}
}

static void test_names_malformed(void **state)
{
	static const struct {
		size_t len;
		const char *d;
		const char *want;
	} t[] = {
		/* self pointer */
		{ 6, "\0\0\0\0\xc0\x04", " parse error (truncated)" },
		/* two pointers at each other */
		{ 8, "\0\0\0\0\xc0\x06\xc0\x04", " parse error (truncated)" },
		/* a label, then back to itself */
		{ 12, "\0\0\0\0\x05" "abcde\xc0\x04", " parse error (truncated)" },
		/* pointer past the end, to the end */
		{ 6, "\0\0\0\0\xc0\x06", " parse error (truncated)" },
		{ 6, "\0\0\0\0\xff\xff", " parse error (truncated)" },
		/* pointer cut in half */
		{ 5, "\0\0\0\0\xc0", " parse error (truncated)" },
		/* reserved label types */
		{ 6, "\0\0\0\0\x40\x00", " parse error (truncated)" },
		{ 6, "\0\0\0\0\x80\x00", " parse error (truncated)" },
		{ 6, "\0\0\0\0\x7f\x00", " parse error (truncated)" },
		/* label longer than the rest */
		{ 7, "\0\0\0\0\x03" "ab", " parse error (truncated)" },
		/* label up to the end, no zero */
		{ 7, "\0\0\0\0\x02" "ab", " parse error (truncated)" },
		/* a pointer into the TTL (zero: the root) */
		{ 6, "\0\0\0\0\xc0\x00", " ." },
		/* a forward pointer */
		{ 9, "\0\0\0\0\xc0\x06\x01" "z\x00", " z., z." },
		/* zero bytes between names: the first marks "not qualified" */
		{ 11, "\0\0\0\0\xc0\x08\x00\x00\x01" "z\x00", " z, ., z." },
		/* good, then bad: comma before the error */
		{ 9, "\0\0\0\0\x01" "a\x00\xc0\x07", " a., parse error (truncated)" },
	};
	uint8_t msg[NINFO_HDR_LEN + 64];
	size_t i, n;
	char want[256];

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		n = make_reply(msg, sizeof(msg), 0, 2, 0, 4, t[i].d, t[i].len);
		snprintf(want, sizeof(want), "%s; seq=4;", t[i].want);
		expect_reply(msg, n, want);
		check_names((const uint8_t *)t[i].d, t[i].len);
	}
}

/* A long chain of pointers, each to the one before: all followed. */
static void test_names_pointer_chain(void **state)
{
	uint8_t d[4 + 3 + 2 * 100];
	size_t i, n = 0;

	(void)state;
	memset(d, 0, 4);
	n = 4;
	d[n++] = 1;
	d[n++] = 'k';
	d[n++] = 0;
	for (i = 0; i < 100; i++) {
		size_t prev = n == 7 ? 4 : n - 2;

		d[n++] = (uint8_t)(0xc0 | prev >> 8);
		d[n++] = (uint8_t)prev;
	}
	check_names(d, n);
	/* And the name at the end of it reads as "k". */
	{
		char out[NINFO_NAME_TEXT_MAX];

		assert_int_equal(ninfo_expand_name(d, n, n - 2, out, sizeof(out)), 2);
		assert_string_equal(out, "k");
		assert_int_equal(ninfo_expand_name(d, n, n, out, sizeof(out)), -1);
		assert_int_equal(ninfo_expand_name(d, n, 4, out, 2), 3);
		assert_string_equal(out, "k");
		assert_int_equal(ninfo_expand_name(d, n, 4, out, 1), -1);
		assert_int_equal(ninfo_expand_name(NULL, n, 4, out, 1), -1);
	}
}

/* A small deterministic generator: the same inputs on every run. */
static uint32_t rng_state = 12345;

static uint32_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

/* Bytes that make names: small lengths, zeros, pointers, letters. */
static uint8_t name_byte(size_t len)
{
	switch (rnd() % 8) {
	case 0: return 0;
	case 1: return (uint8_t)(rnd() % 4);
	case 2: return (uint8_t)(0xc0 | (rnd() % 2));
	case 3: return (uint8_t)(rnd() % (len + 1));
	case 4: return (uint8_t)(rnd() % 256);
	default: return (uint8_t)('a' + rnd() % 26);
	}
}

static void test_names_random(void **state)
{
	uint8_t d[96];
	char a[NINFO_NAME_TEXT_MAX];
	int round;
	size_t len, i, off;

	(void)state;
	for (round = 0; round < 20000; round++) {
		len = rnd() % sizeof(d);
		for (i = 0; i < len; i++)
			d[i] = name_byte(len);
		check_names(d, len);
#if HAVE_DN_EXPAND
		{
			uint8_t *p = exact(d, len);

			for (off = 0; off < len; off++) {
				char b[NINFO_NAME_TEXT_MAX];
				int r1 = ninfo_expand_name(p, len, off, a, sizeof(a));
				int r2 = dn_expand(p, p + len, p + off, b, sizeof(b));

				assert_int_equal(r1, r2);
				if (r1 >= 0)
					assert_string_equal(a, b);
			}
			free(p);
		}
#else
		(void)off;
		(void)a;
#endif
	}
}

/* Any bytes at all as a reply, every qtype and code: no crash, no overread. */
static void test_replies_random(void **state)
{
	static const uint16_t qtypes[] = { 0, 2, 3, 4, 5 };
	uint8_t msg[NINFO_HDR_LEN + 128];
	int round;
	size_t len, i;

	(void)state;
	for (round = 0; round < 5000; round++) {
		uint8_t *p;
		struct ninfo_reply r;
		char buf[64];

		len = rnd() % sizeof(msg);
		for (i = 0; i < len; i++)
			msg[i] = name_byte(len);
		if (len > 0)
			msg[0] = NINFO_TYPE_REPLY;
		if (len > 5) {
			msg[1] = (uint8_t)(rnd() % 4);
			msg[4] = 0;
			msg[5] = (uint8_t)qtypes[rnd() % 5];
		}
		p = exact(msg, len);
		if (ninfo_parse_reply(p, len, &r) == 0) {
			(void)ninfo_format_reply(buf, sizeof(buf), &r);
			assert_true(strlen(buf) < sizeof(buf));
		} else {
			assert_true(len < NINFO_HDR_LEN);
		}
		free(p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init),
		cmocka_unit_test(test_query_keywords),
		cmocka_unit_test(test_flags_combine),
		cmocka_unit_test(test_qtype_conflict),
		cmocka_unit_test(test_unknown_keywords),
		cmocka_unit_test(test_help_keyword),
		cmocka_unit_test(test_msg_buffers),
		cmocka_unit_test(test_subject_numeric),
		cmocka_unit_test(test_subject_resolve),
		cmocka_unit_test(test_subject_conflict),
		cmocka_unit_test(test_subject_replaced),
		cmocka_unit_test(test_subject_name_pending),
		cmocka_unit_test(test_subject_name_wire),
		cmocka_unit_test(test_subject_name_pton),
		cmocka_unit_test(test_subject_name_limits),
		cmocka_unit_test(test_subject_name_errors),
		cmocka_unit_test(test_help_text),
		cmocka_unit_test(test_nonce_roundtrip),
		cmocka_unit_test(test_build),
		cmocka_unit_test(test_build_refusals),
		cmocka_unit_test(test_parse_reply_header),
		cmocka_unit_test(test_goldens),
		cmocka_unit_test(test_print_items),
		cmocka_unit_test(test_format_truncation),
		cmocka_unit_test(test_names_every_truncation),
		cmocka_unit_test(test_addrs_every_truncation),
		cmocka_unit_test(test_names_malformed),
		cmocka_unit_test(test_names_pointer_chain),
		cmocka_unit_test(test_names_random),
		cmocka_unit_test(test_replies_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
