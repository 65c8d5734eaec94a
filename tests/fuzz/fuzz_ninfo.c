/*
 * Node information: a type-140 reply through ninfo_parse_reply,
 * ninfo_next and ninfo_format_reply, or a list of -N arguments through
 * ninfo_parse_option, the subject setters and ninfo_build.  Input: a
 * selector byte, a buffer size, then the reply or the NUL-separated
 * arguments.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "ninfo.h"

static void walk_items(const struct ninfo_reply *r)
{
	static struct ninfo_item it;
	struct ninfo_cursor c = { 0, false, false };
	int n = 0;

	for (;;) {
		enum ninfo_next_result res = ninfo_next(r, &c, &it);

		FUZZ_CHECK(res >= NINFO_NEXT_TRUNCATED && res <= NINFO_NEXT_ITEM);
		FUZZ_CHECK(c.pos <= r->datalen);
		if (res != NINFO_NEXT_ITEM)
			break;
		FUZZ_CHECK(++n <= (int)r->datalen);
		if (it.af == AF_UNSPEC)
			FUZZ_CHECK(memchr(it.name, '\0', sizeof(it.name)) != NULL);
		else
			FUZZ_CHECK(it.af == AF_INET || it.af == AF_INET6);
	}
	FUZZ_CHECK(ninfo_next(r, &c, &it) <= NINFO_NEXT_END);
}

static void reply(const uint8_t *buf, size_t len, size_t bufsize)
{
	static char full[65536 * 5];
	struct ninfo_reply r;
	char *small = malloc(bufsize ? bufsize : 1);
	size_t n;

	FUZZ_CHECK(small != NULL);
	if (ninfo_parse_reply(buf, len, &r) == 0) {
		FUZZ_CHECK(len >= NINFO_HDR_LEN && buf[0] == NINFO_TYPE_REPLY);
		FUZZ_CHECK(r.len == len && r.datalen == len - NINFO_HDR_LEN);
		FUZZ_CHECK(r.datalen == 0 || r.data == buf + NINFO_HDR_LEN);
		FUZZ_CHECK(memcmp(r.nonce, buf + 8, NINFO_NONCE_LEN) == 0);
		walk_items(&r);
		n = ninfo_format_reply(full, sizeof(full), &r);
		FUZZ_CHECK(n < sizeof(full) && strlen(full) == n);
		FUZZ_CHECK(strstr(full, "; seq=") != NULL && full[n - 1] == ';');
		fuzz_check_text(full, n);
		FUZZ_CHECK(ninfo_format_reply(small, bufsize, &r) == n);
		if (bufsize) {
			size_t shown = n < bufsize ? n : bufsize - 1;

			FUZZ_CHECK(small[shown] == '\0' && memcmp(small, full, shown) == 0);
		}
		FUZZ_CHECK(ninfo_format_reply(NULL, 0, &r) == n);
	} else {
		FUZZ_CHECK(len < NINFO_HDR_LEN || buf[0] != NINFO_TYPE_REPLY);
	}
	free(small);
}

/* A name subject in wire form: labels of 1..63 bytes, a zero, perhaps the extra zero. */
static void check_wire_name(const struct ninfo_query *q)
{
	size_t pos = 0;

	FUZZ_CHECK(q->subject_len >= 1 && q->subject_len <= NINFO_SUBJECT_MAX);
	while (q->subject[pos] != 0) {
		FUZZ_CHECK(q->subject[pos] <= 63);
		pos += 1 + q->subject[pos];
		FUZZ_CHECK(pos < q->subject_len);
	}
	FUZZ_CHECK(pos + 1 == q->subject_len ||
		   (pos + 2 == q->subject_len && q->subject[pos + 1] == 0));
	FUZZ_CHECK(pos + 1 <= 255);
}

/* Takes one argument as the program does; false when the program would stop there. */
static bool option(struct ninfo_query *q, const char *arg, char *msg, size_t msglen)
{
	enum ninfo_status s = ninfo_parse_option(q, arg, msg, msglen);

	FUZZ_CHECK(s >= NINFO_OK && s <= NINFO_FATAL);
	FUZZ_CHECK(memchr(msg, '\0', msglen) != NULL);
	if (s == NINFO_RESOLVE) {
		int af = ninfo_subject_family(q);

		FUZZ_CHECK(q->pending != NULL && (af == AF_INET || af == AF_INET6));
		FUZZ_CHECK(!ninfo_set_subject_addr(q, "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x01",
						   af == AF_INET ? 16 : 4));
		FUZZ_CHECK(ninfo_set_subject_addr(q, "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x01",
						  af == AF_INET ? 4 : 16));
		FUZZ_CHECK(q->subject_len == (af == AF_INET ? 4u : 16u));
	} else if (s == NINFO_NAME) {
		FUZZ_CHECK(q->pending != NULL);
		s = ninfo_set_subject_name(q, q->pending, msg, msglen);
		FUZZ_CHECK(s == NINFO_OK || s == NINFO_FATAL);
		FUZZ_CHECK(memchr(msg, '\0', msglen) != NULL);
		if (s == NINFO_OK)
			check_wire_name(q);
	}
	FUZZ_CHECK(q->subject_len <= NINFO_SUBJECT_MAX);
	return s == NINFO_OK || s == NINFO_RESOLVE;
}

static void options(const uint8_t *p, size_t len)
{
	char *args = malloc(len + 1);
	struct ninfo_query q;
	char msg[256];
	uint8_t query[NINFO_QUERY_MAX];
	struct in6_addr target = IN6ADDR_LOOPBACK_INIT;
	size_t n;

	FUZZ_CHECK(args != NULL);
	memcpy(args, p, len);
	args[len] = '\0';
	ninfo_init(&q);
	for (char *a = args; a <= args + len; a += strlen(a) + 1) {
		memset(msg, 'x', sizeof(msg));
		if (!option(&q, a, msg, sizeof(msg)))
			break;
	}
	n = ninfo_build(&q, query, sizeof(query), (const uint8_t *)"nonce-00", &target);
	FUZZ_CHECK(n == 0 || (ninfo_enabled(&q) && n >= NINFO_HDR_LEN && n <= sizeof(query)));
	FUZZ_CHECK(!ninfo_enabled(&q) || n != 0);
	if (n)
		FUZZ_CHECK(query[0] == NINFO_TYPE_QUERY &&
			   memcmp(query + 8, "nonce-00", NINFO_NONCE_LEN) == 0);
	free(args);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	uint8_t sel = fuzz_u8(&in);
	size_t bufsize = fuzz_u16(&in) % 2048;
	uint8_t *copy = malloc(in.left ? in.left : 1);

	FUZZ_CHECK(copy != NULL);
	memcpy(copy, in.p, in.left);
	if (sel & 1)
		options(copy, in.left);
	else
		reply(copy, in.left, bufsize);
	free(copy);
	return 0;
}
