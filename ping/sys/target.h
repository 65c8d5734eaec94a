/* Name resolution: the target, IDN, scope ids, reverse lookups of repliers. */
#ifndef PINGSOCK_TARGET_H
#define PINGSOCK_TARGET_H

#include <stdbool.h>
#include <netdb.h>
#include <sys/socket.h>

struct target_list {
	struct addrinfo *ai;		/* getaddrinfo's list, in its order */
	char canon[NI_MAXHOST];		/* the canonical name (Unicode when IDN applies), or "" */
	bool numeric;			/* the target was typed as an address */
};

/*
 * Resolves name for family (AF_UNSPEC, AF_INET or AF_INET6).  An IDN name
 * is converted with libidn2 first.  On failure returns a getaddrinfo error
 * code (EAI_*), for gai_strerror; 0 on success.
 */
int target_resolve(const char *name, int family, struct target_list *out);
void target_free(struct target_list *t);

/* The numeric form of an address, with %scope for scoped IPv6. */
void target_numeric(const struct sockaddr *sa, socklen_t len, char *buf, size_t buflen);

/*
 * How a replier is shown: "addr", or "name (addr)" with reverse lookups on
 * and a name found (the name equal to the address counts as none).  The
 * last answer is cached: a ping mostly hears from one host.  The string
 * stays valid until the next call.
 */
const char *target_peer(const struct sockaddr *sa, socklen_t len, bool reverse);

#endif
