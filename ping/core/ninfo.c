#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "addr.h"
#include "auth.h"
#include "ninfo.h"
#include "textbuf.h"
#include "nls.h"

#define TTL_LEN		4
#define NAME_WIRE_MAX	255	/* RFC 1035 */
#define LABEL_MAX	63
#define PTR_FLAGS	0xc0

enum kw_action { KW_QTYPE, KW_SUBJ_ADDR, KW_SUBJ_NAME, KW_HELP };

struct keyword {
	const char *name;
	bool has_arg;		/* takes "=value" */
	enum kw_action action;
	int value;		/* qtype or subject kind */
	uint16_t flag;
};

/* iputils' table, in its order: "fqdn" is accepted but not in the help. */
static const struct keyword keywords[] = {
	{ "name",		false, KW_QTYPE, NINFO_QTYPE_NAME, 0 },
	{ "fqdn",		false, KW_QTYPE, NINFO_QTYPE_NAME, 0 },
	{ "ipv6",		false, KW_QTYPE, NINFO_QTYPE_IPV6, 0 },
	{ "ipv6-all",		false, KW_QTYPE, NINFO_QTYPE_IPV6, NINFO_FLAG_ALL },
	{ "ipv6-compatible",	false, KW_QTYPE, NINFO_QTYPE_IPV6, NINFO_FLAG_COMPAT },
	{ "ipv6-linklocal",	false, KW_QTYPE, NINFO_QTYPE_IPV6, NINFO_FLAG_LINKLOCAL },
	{ "ipv6-sitelocal",	false, KW_QTYPE, NINFO_QTYPE_IPV6, NINFO_FLAG_SITELOCAL },
	{ "ipv6-global",	false, KW_QTYPE, NINFO_QTYPE_IPV6, NINFO_FLAG_GLOBAL },
	{ "ipv4",		false, KW_QTYPE, NINFO_QTYPE_IPV4, 0 },
	{ "ipv4-all",		false, KW_QTYPE, NINFO_QTYPE_IPV4, NINFO_FLAG_ALL },
	{ "subject-ipv6",	true,  KW_SUBJ_ADDR, NINFO_SUBJ_IPV6, 0 },
	{ "subject-ipv4",	true,  KW_SUBJ_ADDR, NINFO_SUBJ_IPV4, 0 },
	{ "subject-name",	true,  KW_SUBJ_NAME, 0, 0 },
	{ "subject-fqdn",	true,  KW_SUBJ_NAME, 1, 0 },
	{ "help",		false, KW_HELP, 0, 0 },
};

static void set_msg(char *msg, size_t msglen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_msg(char *msg, size_t msglen, const char *fmt, ...)
{
	va_list ap;

	if (msg == NULL || msglen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, msglen, fmt, ap);
	va_end(ap);
}

void ninfo_init(struct ninfo_query *q)
{
	memset(q, 0, sizeof(*q));
	q->qtype = -1;
	q->subject_type = -1;
}

bool ninfo_enabled(const struct ninfo_query *q)
{
	return q != NULL && q->qtype >= 0;
}

/* A subject counts (for conflicts and for the query) once its bytes are in. */
static bool subject_set(const struct ninfo_query *q)
{
	return q->subject_type >= 0 && q->subject_len > 0;
}

/*
 * Matches one -N argument against the table as iputils does: the whole
 * argument for a plain keyword, the keyword and '=' for one with a value.
 */
static const struct keyword *lookup(const char *arg, const char **value)
{
	size_t i, n;

	for (i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++) {
		n = strlen(keywords[i].name);
		if (strncmp(arg, keywords[i].name, n) != 0)
			continue;
		if (!keywords[i].has_arg && arg[n] == '\0') {
			*value = NULL;
			return &keywords[i];
		}
		if (keywords[i].has_arg && arg[n] == '=') {
			*value = arg + n + 1;
			return &keywords[i];
		}
	}
	return NULL;
}

int ninfo_subject_family(const struct ninfo_query *q)
{
	if (q == NULL)
		return AF_UNSPEC;
	switch (q->subject_type) {
	case NINFO_SUBJ_IPV6:
		return AF_INET6;
	case NINFO_SUBJ_IPV4:
		return AF_INET;
	default:
		return AF_UNSPEC;
	}
}

/* The bytes of an address subject: 16 (IPv6), 4 (IPv4), 0 for any other. */
static size_t subject_addr_len(const struct ninfo_query *q)
{
	int af = ninfo_subject_family(q);

	if (af == AF_INET6)
		return sizeof(struct in6_addr);
	return af == AF_INET ? sizeof(struct in_addr) : 0;
}

enum ninfo_status ninfo_parse_option(struct ninfo_query *q, const char *arg,
				     char *msg, size_t msglen)
{
	const struct keyword *kw;
	const char *value = NULL;
	uint8_t addr[sizeof(struct in6_addr)];
	int subj = -1;

	set_msg(msg, msglen, "%s", "");
	if (q == NULL || arg == NULL)
		return NINFO_USAGE;
	kw = lookup(arg, &value);
	if (kw == NULL)
		return NINFO_USAGE;

	switch (kw->action) {
	case KW_HELP:
		return NINFO_HELP;
	case KW_QTYPE:
		if (q->qtype >= 0 && q->qtype != kw->value) {
			/* Printed on stdout, like the reply text: stays English. */
			set_msg(msg, msglen, "%s", "Qtype conflict");
			return NINFO_USAGE;
		}
		q->qtype = kw->value;
		q->flags |= kw->flag;
		return NINFO_OK;
	case KW_SUBJ_ADDR:
	case KW_SUBJ_NAME:
		subj = kw->action == KW_SUBJ_NAME ? NINFO_SUBJ_NAME : kw->value;
		if (subject_set(q) && q->subject_type != subj) {
			set_msg(msg, msglen, "%s", "Subject type conflict");
			return NINFO_USAGE;
		}
		break;
	}

	/* A subject: its kind is fixed now, its bytes come with the last step. */
	if (q->subject_type != subj) {
		q->subject_type = subj;
		q->subject_len = 0;
	}
	q->pending = value;
	if (kw->action == KW_SUBJ_NAME) {
		q->pending_fqdn = kw->value != 0;
		return NINFO_NAME;
	}
	if (inet_pton(ninfo_subject_family(q), value, addr) == 1) {
		ninfo_set_subject_addr(q, addr, subject_addr_len(q));
		return NINFO_OK;
	}
	return NINFO_RESOLVE;
}

bool ninfo_set_subject_addr(struct ninfo_query *q, const void *addr, size_t len)
{
	size_t want = subject_addr_len(q);

	if (addr == NULL || want == 0 || len != want)
		return false;
	memcpy(q->subject, addr, len);
	q->subject_len = len;
	q->pending = NULL;
	return true;
}

/*
 * Text to DNS wire form by RFC 1035's rules, as resolv's ns_name_pton
 * reads it: '.' ends a label, "\DDD" is a decimal byte value (exactly
 * three digits, at most 255), '\' before any other character takes it
 * as it is.  A '\' that ends the name, an empty label other than a final
 * one, a label over 63 bytes or more than 255 bytes in all is refused.
 * "" and "." are the root.
 * Returns the length (with the final zero byte) or -1.
 */
static int name_to_wire(const char *src, uint8_t *dst, size_t dstsiz)
{
	size_t label = 0, bp = 1, c_len;
	bool escaped = false;
	int c;

	if (dstsiz > NAME_WIRE_MAX)
		dstsiz = NAME_WIRE_MAX;
	if (dstsiz < 1)
		return -1;
	while ((c = (unsigned char)*src++) != '\0') {
		if (escaped) {
			if (c >= '0' && c <= '9') {
				int n = (c - '0') * 100, d;

				d = (unsigned char)*src++;
				if (d < '0' || d > '9')
					return -1;
				n += (d - '0') * 10;
				d = (unsigned char)*src++;
				if (d < '0' || d > '9')
					return -1;
				n += d - '0';
				if (n > 255)
					return -1;
				c = n;
			}
			escaped = false;
		} else if (c == '\\') {
			escaped = true;
			continue;
		} else if (c == '.') {
			c_len = bp - label - 1;
			if (c_len > LABEL_MAX)
				return -1;
			dst[label] = (uint8_t)c_len;
			if (*src == '\0') {
				/* A final dot: absolute, and "." alone is the root. */
				if (c_len != 0) {
					if (bp >= dstsiz)
						return -1;
					dst[bp++] = 0;
				}
				return (int)bp;
			}
			if (c_len == 0 || *src == '.')
				return -1;
			if (bp >= dstsiz)
				return -1;
			label = bp++;
			continue;
		}
		if (bp >= dstsiz)
			return -1;
		dst[bp++] = (uint8_t)c;
	}
	if (escaped)
		return -1;	/* a lone '\\' at the end escapes nothing */
	c_len = bp - label - 1;
	if (c_len > LABEL_MAX)
		return -1;
	dst[label] = (uint8_t)c_len;
	if (c_len != 0) {
		if (bp >= dstsiz)
			return -1;
		dst[bp++] = 0;
	}
	return (int)bp;
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/*
 * "inappropriate subject name: <name, lowered>" for a name too long for
 * the work buffer: the name is appended, as much as msg holds.
 */
static void bad_name(const char *name, size_t len, char *msg, size_t msglen)
{
	size_t n, i;

	set_msg(msg, msglen, _("inappropriate subject name: %s"), "");
	if (msg == NULL || msglen == 0)
		return;
	n = strlen(msg);
	for (i = 0; i < len && n + 1 < msglen; i++)
		msg[n++] = lower(name[i]);
	msg[n] = '\0';
}

enum ninfo_status ninfo_set_subject_name(struct ninfo_query *q, const char *name,
					 char *msg, size_t msglen)
{
	char canon[NAME_WIRE_MAX * 4 + 2];
	uint8_t wire[NAME_WIRE_MAX];
	const char *scope;
	size_t len, i;
	bool dots = false, absolute;
	int n;

	set_msg(msg, msglen, "%s", "");
	if (q == NULL || name == NULL || q->subject_type != NINFO_SUBJ_NAME)
		return NINFO_FATAL;

	/* The scope only ever served iputils' NI group address; it is checked
	 * and dropped. */
	scope = strchr(name, '%');
	len = scope ? (size_t)(scope - name) : strlen(name);
	if (scope != NULL && strlen(scope + 1) >= IF_NAMESIZE) {
		set_msg(msg, msglen, "%s", _("too long scope name"));
		return NINFO_FATAL;
	}
	if (len >= sizeof(canon)) {
		/* Longer than any name can be, escapes and all. */
		bad_name(name, len, msg, msglen);
		return NINFO_FATAL;
	}
	for (i = 0; i < len; i++) {
		canon[i] = lower(name[i]);
		if (name[i] == '.')
			dots = true;
	}
	canon[len] = '\0';

	n = name_to_wire(canon, wire, sizeof(wire));
	if (n < 0) {
		set_msg(msg, msglen, _("inappropriate subject name: %s"), canon);
		return NINFO_FATAL;
	}
	/*
	 * RFC 4620 section 3: a name that is not fully qualified ends with
	 * two zero bytes.  iputils sends every subject-fqdn= that way too (its
	 * table has the two values swapped); here subject-fqdn= is absolute.
	 */
	absolute = q->pending_fqdn || dots;
	memcpy(q->subject, wire, (size_t)n);
	q->subject_len = (size_t)n;
	if (!absolute)
		q->subject[q->subject_len++] = 0;
	q->pending = NULL;
	return NINFO_OK;
}

void ninfo_help(FILE *f)
{
	fputs(_("Usage: ping -6 -N <nodeinfo opt> [-N <nodeinfo opt>]... <destination>\n"
		"IPv6 Node Information Query (RFC 4620); repeat -N to combine.\n"
		"Help:\n"
		"  help               print this list\n"
		"Query (one kind):\n"
		"  name               the node's DNS name\n"
		"  ipv6               its IPv6 addresses\n"
		"  ipv6-all           ...of every scope\n"
		"  ipv6-compatible    ...including IPv4-compatible ones\n"
		"  ipv6-global        ...with global scope\n"
		"  ipv6-linklocal     ...with link-local scope\n"
		"  ipv6-sitelocal     ...with site-local scope\n"
		"  ipv4               its IPv4 addresses\n"
		"  ipv4-all           ...from every interface\n"
		"Subject (default: the destination address):\n"
		"  subject-ipv6=addr  the node with this IPv6 address\n"
		"  subject-ipv4=addr  the node with this IPv4 address\n"
		"  subject-name=name  the node with this name (one label if no dot)\n"
		"  subject-fqdn=name  the node with this fully qualified name\n"), f);
}

/* ---- nonces: SipHash-2-4 of the sequence under the run's key ---- */

_Static_assert(NINFO_KEY_LEN == AUTH_KEY_LEN, "one key per run for nonces and reply codes");

void ninfo_nonce(const uint8_t key[NINFO_KEY_LEN], uint16_t seq,
		 uint8_t nonce[NINFO_NONCE_LEN])
{
	uint8_t m[2];
	uint64_t h;
	int i;

	be16_put(m, seq);
	h = siphash24(key, m, sizeof(m));
	nonce[0] = m[0];
	nonce[1] = m[1];
	for (i = 2; i < NINFO_NONCE_LEN; i++) {
		nonce[i] = (uint8_t)h;
		h >>= 8;
	}
}

int ninfo_nonce_seq(const uint8_t key[NINFO_KEY_LEN],
		    const uint8_t nonce[NINFO_NONCE_LEN])
{
	uint16_t seq = be16_get(nonce);
	uint8_t want[NINFO_NONCE_LEN];
	uint8_t diff = 0;
	int i;

	ninfo_nonce(key, seq, want);
	for (i = 2; i < NINFO_NONCE_LEN; i++)
		diff |= (uint8_t)(want[i] ^ nonce[i]);
	return diff == 0 ? seq : -1;
}

/* ---- the query ---- */

size_t ninfo_build(const struct ninfo_query *q, uint8_t *buf, size_t len,
		   const uint8_t nonce[NINFO_NONCE_LEN], const struct in6_addr *target)
{
	const uint8_t *subject;
	size_t slen, total;
	int code;

	if (!ninfo_enabled(q) || buf == NULL || nonce == NULL)
		return 0;
	if (subject_set(q)) {
		subject = q->subject;
		slen = q->subject_len;
		code = q->subject_type;
	} else {
		if (target == NULL)
			return 0;
		subject = target->s6_addr;
		slen = sizeof(target->s6_addr);
		code = NINFO_SUBJ_IPV6;
	}
	total = NINFO_HDR_LEN + slen;
	if (len < total)
		return 0;
	buf[0] = NINFO_TYPE_QUERY;
	buf[1] = (uint8_t)code;
	buf[2] = 0;
	buf[3] = 0;
	be16_put(buf + 4, (uint16_t)q->qtype);
	be16_put(buf + 6, q->flags);
	memcpy(buf + 8, nonce, NINFO_NONCE_LEN);
	memcpy(buf + NINFO_HDR_LEN, subject, slen);
	return total;
}

/* ---- replies ---- */

int ninfo_parse_reply(const uint8_t *buf, size_t len, struct ninfo_reply *out)
{
	if (buf == NULL || out == NULL || len < NINFO_HDR_LEN || buf[0] != NINFO_TYPE_REPLY)
		return -1;
	out->len = len;
	out->code = buf[1];
	out->qtype = be16_get(buf + 4);
	out->flags = be16_get(buf + 6);
	memcpy(out->nonce, buf + 8, NINFO_NONCE_LEN);
	out->data = buf + NINFO_HDR_LEN;
	out->datalen = len - NINFO_HDR_LEN;
	return 0;
}

/* RFC 1035 zone-file specials, which the text form escapes. */
static bool special(int c)
{
	switch (c) {
	case '"': case '.': case ';': case '\\':
	case '(': case ')': case '@': case '$':
		return true;
	default:
		return false;
	}
}

/*
 * The uncompressed name (wire form, 0-terminated, at most 255 bytes) as
 * text, escaped as resolv's ns_name_ntop does.  Returns false when it
 * does not fit in outlen.
 */
static bool wire_to_text(const uint8_t *w, char *out, size_t outlen)
{
	size_t dn = 0;
	unsigned n, c;

	while ((n = *w++) != 0) {
		if (dn != 0) {
			if (dn >= outlen)
				return false;
			out[dn++] = '.';
		}
		if (dn + n >= outlen)
			return false;
		for (; n > 0; n--) {
			c = *w++;
			if (special((int)c)) {
				if (dn + 1 >= outlen)
					return false;
				out[dn++] = '\\';
				out[dn++] = (char)c;
			} else if (c <= 0x20 || c >= 0x7f) {
				if (dn + 3 >= outlen)
					return false;
				out[dn++] = '\\';
				out[dn++] = (char)('0' + c / 100);
				out[dn++] = (char)('0' + c / 10 % 10);
				out[dn++] = (char)('0' + c % 10);
			} else {
				if (dn >= outlen)
					return false;
				out[dn++] = (char)c;
			}
		}
	}
	if (dn == 0) {
		if (dn >= outlen)
			return false;
		out[dn++] = '.';
	}
	if (dn >= outlen)
		return false;
	out[dn] = '\0';
	return true;
}

/*
 * As dn_expand: unpack the name with its pointers into wire form, then
 * write it as text, the root as "".  Every pointer must land inside the
 * message, and once the walk has looked at as many bytes as the message
 * has there must be a loop, so it stops: each step moves forward inside
 * a label or counts toward that limit, and nothing outside msg[0, msglen)
 * is read.
 */
int ninfo_expand_name(const uint8_t *msg, size_t msglen, size_t off,
		      char *out, size_t outlen)
{
	uint8_t tmp[NAME_WIRE_MAX];
	size_t s = off, d = 0, checked = 0;
	long used = -1;
	unsigned n;

	if (msg == NULL || out == NULL || off >= msglen)
		return -1;
	while ((n = msg[s++]) != 0) {
		switch (n & PTR_FLAGS) {
		case 0:
			/* Room for the label and, after it, a zero byte. */
			if (d + n + 1 >= sizeof(tmp) || n >= msglen - s)
				return -1;
			checked += n + 1;
			tmp[d++] = (uint8_t)n;
			memcpy(tmp + d, msg + s, n);
			d += n;
			s += n;
			break;
		case PTR_FLAGS: {
			size_t target;

			if (s >= msglen)
				return -1;
			if (used < 0)
				used = (long)(s - off + 1);
			target = be16_get(msg + s - 1) & 0x3fffu;
			if (target >= msglen)
				return -1;
			s = target;
			checked += 2;
			if (checked >= msglen)
				return -1;
			break;
		}
		default:
			return -1;
		}
	}
	tmp[d] = 0;
	if (used < 0)
		used = (long)(s - off);
	if (!wire_to_text(tmp, out, outlen))
		return -1;
	if (out[0] == '.')
		out[0] = '\0';
	return (int)used;
}

enum ninfo_next_result ninfo_next(const struct ninfo_reply *r, struct ninfo_cursor *c,
				  struct ninfo_item *it)
{
	const uint8_t *d;
	size_t len, aflen;
	int ret;

	if (r == NULL || c == NULL || it == NULL || c->done)
		return NINFO_NEXT_END;
	d = r->data;
	len = r->data != NULL ? r->datalen : 0;
	if (r->code != NINFO_CODE_SUCCESS) {
		c->done = true;
		return NINFO_NEXT_END;
	}
	switch (r->qtype) {
	case NINFO_QTYPE_NAME:
		if (!c->started) {
			c->started = true;
			if (len < TTL_LEN) {
				c->done = true;
				return NINFO_NEXT_SHORT;
			}
			c->pos = TTL_LEN;
		}
		if (c->pos >= len) {
			c->done = true;
			return NINFO_NEXT_END;
		}
		memset(it, 0, sizeof(*it));
		it->af = AF_UNSPEC;
		it->ttl = be32_get(d);
		ret = ninfo_expand_name(d, len, c->pos, it->name, sizeof(it->name));
		if (ret < 0) {
			c->done = true;
			return NINFO_NEXT_TRUNCATED;
		}
		/* A zero byte right after the name: not fully qualified. */
		it->fqdn = !(c->pos + (size_t)ret < len && d[c->pos + (size_t)ret] == 0);
		c->pos += (size_t)ret + (it->fqdn ? 0 : 1);
		return NINFO_NEXT_ITEM;
	case NINFO_QTYPE_IPV6:
	case NINFO_QTYPE_IPV4:
		c->started = true;
		aflen = r->qtype == NINFO_QTYPE_IPV6 ? 16 : 4;
		if (c->pos >= len) {
			c->done = true;
			return NINFO_NEXT_END;
		}
		if (len - c->pos < TTL_LEN + aflen) {
			c->done = true;
			return NINFO_NEXT_TRUNCATED;
		}
		memset(it, 0, sizeof(*it));
		it->af = aflen == 16 ? AF_INET6 : AF_INET;
		it->ttl = be32_get(d + c->pos);
		memcpy(it->addr, d + c->pos + TTL_LEN, aflen);
		c->pos += TTL_LEN + aflen;
		return NINFO_NEXT_ITEM;
	default:
		c->done = true;
		return NINFO_NEXT_END;
	}
}

/* ---- the text ---- */

/* The entries of a successful reply, as iputils' name and address printers. */
static void print_items(struct textbuf *s, const struct ninfo_reply *r)
{
	struct ninfo_cursor c = { 0 };
	struct ninfo_item it;
	char abuf[INET6_ADDRSTRLEN];
	bool first = true;
	enum ninfo_next_result res;

	for (;;) {
		res = ninfo_next(r, &c, &it);
		if (res == NINFO_NEXT_END)
			break;
		if (res == NINFO_NEXT_SHORT) {
			textbuf_put(s, "%s", " parse error (too short)");
			return;
		}
		if (!first)
			textbuf_put(s, ",");
		first = false;
		if (res == NINFO_NEXT_TRUNCATED) {
			textbuf_put(s, "%s", " parse error (truncated)");
			break;
		}
		if (it.af == AF_UNSPEC) {
			textbuf_put(s, " %s%s", it.name, it.fqdn ? "." : "");
		} else {
			addr_format(it.af, it.addr, abuf, sizeof(abuf));
			textbuf_put(s, " %s", abuf);
		}
	}
	if (r->qtype != NINFO_QTYPE_NAME && (r->flags & NINFO_FLAG_TRUNCATE))
		textbuf_put(s, "%s", " (truncated)");
}

/* The reply text ninfo_format_reply describes, part by part into s. */
static void emit(struct textbuf *s, const struct ninfo_reply *r)
{
	switch (r->code) {
	case NINFO_CODE_SUCCESS:
		switch (r->qtype) {
		case NINFO_QTYPE_NAME:
		case NINFO_QTYPE_IPV6:
		case NINFO_QTYPE_IPV4:
			print_items(s, r);
			break;
		default:
			textbuf_put(s, " unknown qtype(0x%02x)", (unsigned)r->qtype);
			break;
		}
		break;
	case NINFO_CODE_REFUSED:
		textbuf_put(s, "%s", " refused");
		break;
	case NINFO_CODE_UNKNOWN:
		textbuf_put(s, "%s", " unknown");
		break;
	default:
		/* iputils byte-swaps the one-byte code: 5 prints as 500 on x86. */
		textbuf_put(s, " unknown code(%02x)", (unsigned)ntohs((uint16_t)r->code));
		break;
	}
	textbuf_put(s, "; seq=%u;", (unsigned)be16_get(r->nonce));
}

size_t ninfo_format_reply(char *buf, size_t size, const struct ninfo_reply *r)
{
	struct textbuf s = { .f = NULL, .buf = buf, .size = buf ? size : 0, .n = 0 };

	if (s.size > 0)
		buf[0] = '\0';
	if (r == NULL)
		return 0;
	emit(&s, r);
	return s.n;
}
