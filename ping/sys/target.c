#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#if HAVE_IDN
# include <idn2.h>
#endif

#include "addr.h"
#include "target.h"

static bool has_non_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return true;
	return false;
}

/* An ACE name ("xn--...") back to Unicode in the locale's charset, if it converts. */
static void idn_display(char *name, size_t len)
{
#if HAVE_IDN
	char *u = NULL;

	if (!strstr(name, "xn--"))
		return;
	if (idn2_to_unicode_8zlz(name, &u, 0) == IDN2_OK && u) {
		if (strlen(u) < len)
			strcpy(name, u);
	}
	free(u);
#else
	(void)name;
	(void)len;
#endif
}

int target_resolve(const char *name, int family, struct target_list *out)
{
	struct addrinfo hints = {
		.ai_family = family,
		.ai_socktype = SOCK_DGRAM,
		.ai_flags = AI_CANONNAME,
	};
	char *ascii = NULL;
	const char *query = name;
	unsigned char probe[sizeof(struct in6_addr)];
	int rc;

	memset(out, 0, sizeof(*out));
	if (has_non_ascii(name)) {
#if HAVE_IDN
		/* In the locale's charset first, then as UTF-8 whatever the locale. */
		if (idn2_to_ascii_lz(name, &ascii, IDN2_NONTRANSITIONAL) != IDN2_OK &&
		    idn2_to_ascii_8z(name, &ascii, IDN2_NONTRANSITIONAL) != IDN2_OK) {
			free(ascii);
			return EAI_IDN_ENCODE;
		}
		query = ascii;
#else
		return EAI_IDN_ENCODE;
#endif
	}
	out->numeric = inet_pton(AF_INET, name, probe) == 1 ||
		       inet_pton(AF_INET6, name, probe) == 1 ||
		       strchr(name, '%') != NULL;
	rc = getaddrinfo(query, NULL, &hints, &out->ai);
	free(ascii);
	if (rc != 0) {
		out->ai = NULL;
		return rc;
	}
	if (out->ai->ai_canonname) {
		snprintf(out->canon, sizeof(out->canon), "%s", out->ai->ai_canonname);
		idn_display(out->canon, sizeof(out->canon));
	}
	return 0;
}

void target_free(struct target_list *t)
{
	if (t->ai)
		freeaddrinfo(t->ai);
	t->ai = NULL;
}

void target_numeric(const struct sockaddr *sa, socklen_t len, char *buf, size_t buflen)
{
	if (getnameinfo(sa, len, buf, buflen, NULL, 0, NI_NUMERICHOST) != 0)
		snprintf(buf, buflen, "?");
}

/* The same host on the same link: a cached name must not cross scopes. */
static bool same_addr(const struct sockaddr *a, const struct sockaddr_storage *b)
{
	return addr_same_host(a, (const struct sockaddr *)b) &&
	       (a->sa_family != AF_INET6 ||
		((const struct sockaddr_in6 *)a)->sin6_scope_id ==
		((const struct sockaddr_in6 *)b)->sin6_scope_id);
}

const char *target_peer(struct peer_cache *pc, const struct sockaddr *sa, socklen_t len)
{
	char num[INET6_ADDRSTRLEN + 20];
	char name[NI_MAXHOST];

	if (len > sizeof(pc->addr))
		len = sizeof(pc->addr);
	if (pc->valid && same_addr(sa, &pc->addr))
		return pc->text;

	target_numeric(sa, len, num, sizeof(num));
	if (pc->reverse && getnameinfo(sa, len, name, sizeof(name), NULL, 0, NI_NAMEREQD) == 0 &&
	    strcmp(name, num) != 0) {
		idn_display(name, sizeof(name));
		snprintf(pc->text, sizeof(pc->text), "%s (%s)", name, num);
	} else {
		snprintf(pc->text, sizeof(pc->text), "%s", num);
	}
	memset(&pc->addr, 0, sizeof(pc->addr));
	memcpy(&pc->addr, sa, len);
	pc->valid = true;
	return pc->text;
}

static const char *namer_name(void *ctx, const struct sockaddr *sa, socklen_t len)
{
	return target_peer(ctx, sa, len);
}

void target_namer(struct peer_cache *pc, bool reverse, struct peer_namer *out)
{
	memset(pc, 0, sizeof(*pc));
	pc->reverse = reverse;
	out->name = namer_name;
	out->numeric = target_numeric;
	out->ctx = pc;
}
