/* Shared pieces of the fuzz targets (fuzz_util.h).  Test-only. */
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "fuzz_util.h"

void fuzz_fail(const char *what, const char *file, int line)
{
	fprintf(stderr, "%s:%d: contract broken: %s\n", file, line, what);
	abort();
}

uint8_t fuzz_u8(struct fuzz_in *in)
{
	if (in->left == 0)
		return 0;
	in->left--;
	return *in->p++;
}

uint16_t fuzz_u16(struct fuzz_in *in)
{
	uint16_t hi = fuzz_u8(in);

	return (uint16_t)(hi << 8 | fuzz_u8(in));
}

bool fuzz_within(const void *p, size_t len, const void *base, size_t size)
{
	uintptr_t a = (uintptr_t)p, b = (uintptr_t)base;

	return a >= b && a - b <= size && len <= size - (a - b);
}

/* ---- JSON: a strict recursive-descent reader over one line ---- */

struct jr {
	const unsigned char *p, *end;
	int depth;
};

static void j_ws(struct jr *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t'))
		j->p++;
}

static bool j_lit(struct jr *j, const char *lit)
{
	size_t n = strlen(lit);

	if ((size_t)(j->end - j->p) < n || memcmp(j->p, lit, n) != 0)
		return false;
	j->p += n;
	return true;
}

/* One UTF-8 sequence at j->p (shortest form, no surrogates, <= U+10FFFF). */
static bool j_utf8(struct jr *j)
{
	unsigned c = *j->p, need, min, cp;

	if (c < 0x80) {
		j->p++;
		return true;
	}
	if (c >= 0xc2 && c <= 0xdf) { need = 1; min = 0x80; cp = c & 0x1f; }
	else if (c >= 0xe0 && c <= 0xef) { need = 2; min = 0x800; cp = c & 0x0f; }
	else if (c >= 0xf0 && c <= 0xf4) { need = 3; min = 0x10000; cp = c & 0x07; }
	else return false;
	if ((size_t)(j->end - j->p) <= need)
		return false;
	for (unsigned i = 1; i <= need; i++) {
		if ((j->p[i] & 0xc0) != 0x80)
			return false;
		cp = cp << 6 | (j->p[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return false;
	j->p += need + 1;
	return true;
}

static bool j_string(struct jr *j)
{
	if (!j_lit(j, "\""))
		return false;
	while (j->p < j->end && *j->p != '"') {
		if (*j->p < 0x20)
			return false;
		if (*j->p == '\\') {
			j->p++;
			if (j->p >= j->end)
				return false;
			if (*j->p == 'u') {
				for (int i = 1; i <= 4; i++)
					if (j->p + i >= j->end || !strchr("0123456789abcdefABCDEF", j->p[i]) || !j->p[i])
						return false;
				j->p += 5;
			} else if (*j->p && strchr("\"\\/bfnrt", *j->p)) {
				j->p++;
			} else {
				return false;
			}
		} else if (!j_utf8(j)) {
			return false;
		}
	}
	return j_lit(j, "\"");
}

static bool j_number(struct jr *j)
{
	const unsigned char *s = j->p;

	if (j->p < j->end && *j->p == '-')
		j->p++;
	if (j->p < j->end && *j->p == '0')
		j->p++;
	else if (j->p < j->end && *j->p >= '1' && *j->p <= '9')
		while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
			j->p++;
	else
		return false;
	if (j->p < j->end && *j->p == '.') {
		j->p++;
		if (j->p >= j->end || *j->p < '0' || *j->p > '9')
			return false;
		while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
			j->p++;
	}
	if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
		j->p++;
		if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
			j->p++;
		if (j->p >= j->end || *j->p < '0' || *j->p > '9')
			return false;
		while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
			j->p++;
	}
	return j->p > s;
}

static bool j_value(struct jr *j);

/* An object or an array: members (key: value) or elements, comma-separated. */
static bool j_compound(struct jr *j, char open, char close)
{
	bool object = open == '{';

	if (++j->depth > 32 || !j_lit(j, (char[]){ open, 0 }))
		return false;
	j_ws(j);
	if (j_lit(j, (char[]){ close, 0 })) {
		j->depth--;
		return true;
	}
	for (;;) {
		j_ws(j);
		if (object) {
			if (!j_string(j))
				return false;
			j_ws(j);
			if (!j_lit(j, ":"))
				return false;
		}
		if (!j_value(j))
			return false;
		j_ws(j);
		if (j_lit(j, (char[]){ close, 0 }))
			break;
		if (!j_lit(j, ","))
			return false;
	}
	j->depth--;
	return true;
}

static bool j_value(struct jr *j)
{
	j_ws(j);
	if (j->p >= j->end)
		return false;
	switch (*j->p) {
	case '{':
		return j_compound(j, '{', '}');
	case '[':
		return j_compound(j, '[', ']');
	case '"':
		return j_string(j);
	case 't':
		return j_lit(j, "true");
	case 'f':
		return j_lit(j, "false");
	case 'n':
		return j_lit(j, "null");
	default:
		return j_number(j);
	}
}

void fuzz_check_json_lines(const char *text, size_t len)
{
	const char *p = text, *end = text + len;

	FUZZ_CHECK(len == 0 || text[len - 1] == '\n');
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		struct jr j = { (const unsigned char *)p, (const unsigned char *)nl, 0 };

		FUZZ_CHECK(nl != NULL);
		FUZZ_CHECK(nl - p >= 11 && memcmp(p, "{\"type\":\"", 9) == 0 && nl[-1] == '}');
		FUZZ_CHECK(j_value(&j));
		FUZZ_CHECK(j.p == (const unsigned char *)nl);
		p = nl + 1;
	}
}

void fuzz_check_text(const char *text, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		if (!(c >= 0x20 || c == '\n' || c == '\t' || c == '\a' || c == '\b' || c == '\r'))
			fprintf(stderr, "byte 0x%02x at %zu of:\n%.*s\n", c, i, (int)len, text);
		FUZZ_CHECK(c >= 0x20 || c == '\n' || c == '\t' || c == '\a' || c == '\b' || c == '\r');
	}
}

/* ---- the rig ---- */

static const char *rig_name(void *ctx, const struct sockaddr *sa, socklen_t len)
{
	struct fuzz_rig *r = ctx;
	char num[INET6_ADDRSTRLEN] = "?";
	const void *a = sa->sa_family == AF_INET6 ?
		(const void *)&((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr :
		(const void *)&((const struct sockaddr_in *)(const void *)sa)->sin_addr;

	FUZZ_CHECK(len >= (sa->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in)));
	FUZZ_CHECK(sa->sa_family == AF_INET || sa->sa_family == AF_INET6);
	inet_ntop(sa->sa_family, a, num, sizeof(num));
	snprintf(r->name, sizeof(r->name), "h\xc3\xa9-%s (%s)", num, num);
	return r->name;
}

static void rig_numeric(const struct sockaddr *sa, socklen_t len, char *buf, size_t size)
{
	const void *a = sa->sa_family == AF_INET6 ?
		(const void *)&((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr :
		(const void *)&((const struct sockaddr_in *)(const void *)sa)->sin_addr;

	(void)len;
	FUZZ_CHECK(sa->sa_family == AF_INET || sa->sa_family == AF_INET6);
	if (!inet_ntop(sa->sa_family, a, buf, (socklen_t)size) && size)
		buf[0] = '\0';
}

#define RIG_SENT_MONO	5000000
#define RIG_SENT_REAL	1700000000000000LL

static void rig_facts(struct fuzz_rig *r, enum fuzz_kind kind, uint8_t flags)
{
	bool six = kind >= FK_RAW6;
	const struct ping_family *fam = six ? &family_inet6 : &family_inet;

	memset(&r->dst, 0, sizeof(r->dst));
	r->dst.ss_family = (sa_family_t)fam->af;
	if (six)
		inet_pton(AF_INET6, (flags & 8) ? "ff02::1" : "2001:db8::1",
			  &((struct sockaddr_in6 *)&r->dst)->sin6_addr);
	else
		inet_pton(AF_INET, (flags & 8) ? "224.0.0.1" : "198.18.0.1",
			  &((struct sockaddr_in *)&r->dst)->sin_addr);
	for (size_t i = 0; i < sizeof(r->payload); i++)
		r->payload[i] = (uint8_t)i;
	memset(r->ninfo_key, 0x5a, sizeof(r->ninfo_key));
	memset(&r->vc, 0, sizeof(r->vc));
	r->vc.fam = fam;
	r->vc.raw = kind == FK_RAW4 || kind == FK_RAW6 || kind == FK_NINFO6;
	r->vc.ident = 0x1234;
	r->vc.show_ident = flags & 1;
	r->vc.dst = (const struct sockaddr *)&r->dst;
	r->vc.multicast = flags & 8;
	r->vc.timing = kind != FK_NINFO6 && !(flags & 16);
	r->vc.user_latency = flags & 32;
	r->vc.verbose = flags & 1;
	r->vc.real_root = flags & 64;
	r->vc.payload = r->payload;
	r->vc.datalen = (flags & 16) ? 8 : sizeof(r->payload);
	r->vc.ninfo_key = kind == FK_NINFO6 ? r->ninfo_key : NULL;
	r->vc.row_width = (flags & 4) ? 80 : UINT64_MAX;
	r->vc.preload = 1;
	r->vc.tx = r->vc.timing && !r->vc.user_latency ? &r->tx : NULL;
	memset(&r->rs, 0, sizeof(r->rs));
	r->rs.fam = fam;
	r->rs.raw = r->vc.raw;
	r->rs.ninfo = kind == FK_NINFO6;
	r->rs.dst = r->vc.dst;
	r->rs.ident = r->vc.raw ? r->vc.ident : -1;
}

void fuzz_rig_start(struct fuzz_rig *r, enum fuzz_kind kind, uint8_t flags)
{
	struct text_opts to = { .quiet = flags & 2, .flood = flags & 4, .verbose = flags & 1,
				.report_outstanding = true, .line = { .timestamps = flags & 128 } };
	struct json_opts jo = { .quiet = flags & 2, .verbose = flags & 1 };
	struct peer_namer namer = { .name = rig_name, .numeric = rig_numeric, .ctx = r };
	struct run_start start = { .target = "t\xff", .raw = false, .interval_us = 1000000 };

	rig_facts(r, kind, flags);
	stats_init(&r->st);
	txs_init(&r->tx, flags & 64);
	for (uint16_t seq = 0; seq < 8; seq++) {
		stats_sent(&r->st, seq, RIG_SENT_MONO + seq * 1000, RIG_SENT_REAL + seq * 1000);
		txs_sent(&r->tx, seq);
	}
	stats_sent(&r->st, 65535, RIG_SENT_MONO + 9000, RIG_SENT_REAL + 9000);
	txs_sent(&r->tx, 65535);
	r->out = open_memstream(&r->text, &r->text_len);
	r->err = open_memstream(&r->errtext, &r->errtext_len);
	r->jout = open_memstream(&r->json, &r->json_len);
	FUZZ_CHECK(r->out && r->err && r->jout);
	text_sink_init(&r->ts, r->out, r->err, "ping", &to, &namer);
	json_sink_init(&r->js, r->jout, &jo, &namer);
	start.fam = r->vc.fam;
	start.raw = r->vc.raw;
	start.ident_known = r->vc.raw;
	start.ident = r->vc.ident;
	start.header.af = r->vc.fam->af;
	start.header.host = "t\xff";
	start.header.addr = r->vc.fam->af == AF_INET ? "198.18.0.1" : "2001:db8::1";
	start.header.datalen = r->vc.datalen;
	r->ts.sink.ops->start(&r->ts.sink, &start);
	r->js.sink.ops->start(&r->js.sink, &start);
}

static bool seq_was_sent(const struct ping_stats *st, uint16_t seq)
{
	return st->seq_bits[seq / 8][SEQ_SENT] & (1u << (seq % 8));
}

void fuzz_rig_event(struct fuzz_rig *r, const struct ping_event *ev,
		    const uint8_t *buf, size_t len, const void *ctl, size_t ctllen)
{
	const struct reply_event *re = &ev->reply;

	FUZZ_CHECK(r->st.received <= r->st.transmitted);
	FUZZ_CHECK(r->st.transmitted == 9);
	FUZZ_CHECK(ev->kind <= EV_NO_ANSWER);
	if (ev->kind == EV_IGNORED && (ev->ignored == IGN_MALFORMED || ev->ignored == IGN_MALFORMED_ERROR))
		FUZZ_CHECK(ev->why != NULL);
	if (ev->kind == EV_REPLY) {
		FUZZ_CHECK(seq_was_sent(&r->st, ev->seq));
		FUZZ_CHECK(ev->peer != NULL);
		FUZZ_CHECK(re->bytes <= len);
		FUZZ_CHECK(re->datalen == 0 || fuzz_within(re->data, re->datalen, buf, len));
		FUZZ_CHECK(re->ipopts_len == 0 || fuzz_within(re->ipopts, re->ipopts_len, buf, len) ||
			   fuzz_within(re->ipopts, re->ipopts_len, ctl, ctllen));
		FUZZ_CHECK(re->ipopts_len <= IPOPT_SPACE);
		FUZZ_CHECK(re->mismatch_at < 0 || (size_t)re->mismatch_at < re->datalen);
		FUZZ_CHECK(!re->have_ttl || (re->ttl >= 0 && re->ttl <= 255));
		FUZZ_CHECK(re->rtt_us >= -1);
		FUZZ_CHECK(!re->duplicate || stats_answered(&r->st, ev->seq) || re->corrupted);
		if (re->ninfo)
			FUZZ_CHECK(fuzz_within(re->ninfo->data, re->ninfo->datalen, buf, len));
	}
	/*
	 * An ICMP error is counted whatever sequence it quotes, as iputils
	 * does (its quoted identifier is what makes it ours): no check here.
	 */
	r->ts.sink.ops->event(&r->ts.sink, ev);
	r->js.sink.ops->event(&r->js.sink, ev);
}

void fuzz_rig_finish(struct fuzz_rig *r)
{
	struct summary_info si = { .host = "t\xff", .st = &r->st, .elapsed_us = 9000,
				   .timing = r->vc.timing, .percentiles = true,
				   .interval_us = 1000000 };

	r->ts.sink.ops->status(&r->ts.sink, &r->st, r->vc.timing, 1000000);
	r->js.sink.ops->status(&r->js.sink, &r->st, r->vc.timing, 1000000);
	r->ts.sink.ops->summary(&r->ts.sink, &si);
	r->js.sink.ops->summary(&r->js.sink, &si);
	fclose(r->out);
	fclose(r->err);
	fclose(r->jout);
	if (getenv("FUZZ_DUMP"))	/* to look at what a seed reaches */
		fprintf(stderr, "%s%s%s", r->text, r->errtext, r->json);
	fuzz_check_text(r->text, r->text_len);
	fuzz_check_text(r->errtext, r->errtext_len);
	fuzz_check_json_lines(r->json, r->json_len);
	free(r->text);
	free(r->errtext);
	free(r->json);
}

void fuzz_msg_build(struct fuzz_msg *m, struct fuzz_in *in, const struct fuzz_rig *r)
{
	uint8_t how = fuzz_u8(in);
	size_t ctllen = fuzz_u8(in) * 2u;
	int af = r->vc.fam->af;

	memset(m, 0, sizeof(*m));
	if (how & 1) {
		memcpy(&m->from, &r->dst, sizeof(m->from));
	} else {
		m->from.ss_family = (sa_family_t)af;
		if (af == AF_INET)
			memcpy(&((struct sockaddr_in *)&m->from)->sin_addr, "\xc6\x12\x00\x09", 4);
		else
			memcpy(&((struct sockaddr_in6 *)&m->from)->sin6_addr,
			       "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x09", 16);
	}
	if (ctllen > in->left)
		ctllen = in->left;
	if (ctllen) {
		/* malloc's alignment suits struct cmsghdr. */
		m->ctl = malloc(ctllen);
		FUZZ_CHECK(m->ctl != NULL);
		memcpy(m->ctl, in->p, ctllen);
	}
	in->p += ctllen;
	in->left -= ctllen;
	m->msg.msg_name = &m->from;
	m->msg.msg_namelen = af == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);
	m->msg.msg_control = m->ctl;
	m->msg.msg_controllen = ctllen;
}

void fuzz_msg_free(struct fuzz_msg *m)
{
	free(m->ctl);
	m->ctl = NULL;
}
