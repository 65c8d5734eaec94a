/* Name resolution: the target, IDN, scope ids, reverse lookups of repliers. */
#ifndef PINGSOCK_TARGET_H
#define PINGSOCK_TARGET_H

#include <stdbool.h>
#include <netdb.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include "ninfo.h"

#include "event.h"

struct target_list {
	struct addrinfo *ai;		/* getaddrinfo's list, in its order, or &numeric */
	struct addrinfo numeric;	/* a numeric target's one entry, as getaddrinfo makes it */
	struct sockaddr_storage numeric_addr;
};

/* target_resolve's answer when a name needs libidn2 and it cannot be loaded. */
#define TARGET_NO_IDN	1

/*
 * Resolves name into every address of either family, as iputils does
 * whatever -4 or -6 say: the caller skips the entries of a family it does
 * not want, so that a name or an address of the other family only is
 * refused (EAI_ADDRFAMILY) rather than not found or converted (an
 * IPv4-mapped IPv6 address is not IPv4), and scope ids come back (iputils
 * #252).  An IDN name is converted with libidn2 first.  On failure returns
 * a getaddrinfo error code (EAI_*), for gai_strerror, or TARGET_NO_IDN; 0
 * on success.
 */
int target_resolve(const char *name, struct target_list *out);

/*
 * The canonical name that came with the entry ai (Unicode when IDN
 * applies) into buf; "" when it has none (the resolver gives it only with
 * the first entry of a list).
 */
void target_canonical(const struct addrinfo *ai, char *buf, size_t len);

/* What to say when name needs libidn2 and it is missing (or not built in). */
void target_idn_missing(const char *name, char *msg, size_t msglen);
void target_free(struct target_list *t);

/*
 * The IPv4 addresses of the source-route hops names[0..n-1], in order.
 * Returns 0, or the getaddrinfo error (EAI_*) of the first name that did
 * not resolve, its index in *failed.
 */
int target_hops(const char *const *names, int n, struct in_addr *hops, int *failed);

/*
 * The step ninfo_parse_option left to the resolver or libidn2 (*st is
 * NINFO_RESOLVE or NINFO_NAME): completes q's subject from q->pending and
 * sets *st to the status to go on with (NINFO_OK, or what
 * ninfo_set_subject_name decided, with msg filled).  Returns 0; the
 * getaddrinfo error (EAI_*) when q->pending did not resolve; or
 * EAI_IDN_ENCODE, with libidn2's reason as the message in msg, when the
 * name could not be converted or libidn2 is missing (the resolver itself
 * never returns it here).
 */
int target_ninfo_subject(struct ninfo_query *q, enum ninfo_status *st, char *msg, size_t msglen);

/*
 * Whether target is typed as an IPv6 link-local unicast or multicast
 * address without a %scope: a datagram socket may need one.
 */
bool target_unscoped_link_local(const char *target);

/* The numeric form of an address, with %scope for scoped IPv6. */
void target_numeric(const struct sockaddr *sa, socklen_t len, char *buf, size_t buflen);

/*
 * "name (num)" when a reverse lookup of sa finds a name other than num
 * (sa's numeric text as it is to be shown), else num, into buf.
 */
void target_named(const struct sockaddr *sa, socklen_t len, const char *num, char *buf, size_t buflen);

/* The last replier named: a ping mostly hears from one host. */
struct peer_cache {
	bool reverse;			/* look names up (-H, or a target given by name) */
	bool valid;
	struct sockaddr_storage addr;
	char text[NI_MAXHOST + INET6_ADDRSTRLEN + 24];
};

/*
 * How a replier is shown: "addr", or "name (addr)" with reverse lookups on
 * and a name found (the name equal to the address counts as none).  The
 * string stays valid until the next call with the same cache.
 */
const char *target_peer(struct peer_cache *pc, const struct sockaddr *sa, socklen_t len);

/*
 * Puts sa, shown as text, in pc as if it had just been named: iputils'
 * printer keeps the last address it formatted, and the IPv6 header's
 * source is formatted there (as a number unless -H), so a reply from that
 * same address is then shown as the header showed it.
 */
void target_peer_seed(struct peer_cache *pc, const struct sockaddr *sa, socklen_t len, const char *text);

/* A sink's peer namer over pc (emptied), with reverse lookups or not. */
void target_namer(struct peer_cache *pc, bool reverse, struct peer_namer *out);

#endif
