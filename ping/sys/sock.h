/* ICMP sockets: opening (datagram first, raw fallback), options, I/O.  No decisions. */
#ifndef PINGSOCK_SOCK_H
#define PINGSOCK_SOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "family.h"
#include "refusal.h"

struct ping_sock {
	const struct ping_family *fam;
	int fd;			/* -1 when not open */
	bool raw;
	int dgram_errno;	/* why the datagram socket failed, 0 if it did not */
	int raw_errno;		/* why the raw socket failed, 0 if not tried or it did not */
};

/*
 * Opens the ICMP socket of a family: SOCK_DGRAM first (unless force_raw),
 * then SOCK_RAW when a raw socket may succeed where it failed
 * (refusal_raw_may_help) or force_raw, with CAP_NET_RAW
 * effective around that one call when it is permitted (without it the
 * kernel refuses the call, and raw_errno says how).
 * Returns 0, or -1 with s->fd == -1 and the errnos filled in.
 */
int sock_open(struct ping_sock *s, const struct ping_family *fam, bool force_raw);

/*
 * The facts behind a refusal of s, for refusal_print: the errnos, the
 * option that needed a raw socket (or NULL), net.ipv4.ping_group_range,
 * the groups, and the binary's path, kept in exe (rf->exe points there).
 */
void sock_refusal_facts(const struct ping_sock *s, const char *raw_only,
			struct refusal_facts *rf, char *exe, size_t exelen);

/* setsockopt of an int; returns 0 or -1 with errno. */
int sock_set_int(int fd, int level, int name, int value);

/*
 * Attaches to a raw socket the kernel filters that pass only what ping
 * reads: ICMP_FILTER / ICMP6_FILTER by type (node information replies
 * instead of echo replies when ninfo), and a BPF program that drops echo
 * replies whose identifier is not ident.  Failures are returned, not
 * printed (the caller warns).
 */
int sock_raw_filters(const struct ping_sock *s, uint16_t ident, bool ninfo);

/*
 * Once an ICMP error has come through the error queue, a raw IPv4 socket
 * stops taking copies of ICMP errors as packets (echo replies, redirects
 * and source quench only), as iputils does.  0, or -1 with errno.
 */
int sock_raw_errors_queued(const struct ping_sock *s);

/* The time a packet waited in the kernel is known from SO_TIMESTAMPNS (or SO_TIMESTAMP). */
int sock_enable_stamps(int fd);

/*
 * Transmit stamps on the error queue: each request stamped when it enters
 * the device queue (SCM_TSTAMP_SCHED), the stamp alone (OPT_TSONLY, so it
 * comes whatever net.core.tstamp_allow_data says) under a key (OPT_ID).
 * 0, or -1 with errno.
 */
int sock_enable_tx_stamps(int fd);

/* Receives one datagram or one error-queue message, never blocking. */
ssize_t sock_recv(int fd, struct msghdr *msg, bool errqueue);

#endif
