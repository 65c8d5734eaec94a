/* Control data of a received message -> the facts ping uses. */
#ifndef PINGSOCK_CMSG_H
#define PINGSOCK_CMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <linux/errqueue.h>

#include "family.h"

struct rx_meta {
	bool have_ttl;			/* IP_TTL / IPV6_HOPLIMIT: an int, 0..255 */
	int ttl;
	bool have_stamp;		/* SO_TIMESTAMPNS (timespec) or SO_TIMESTAMP (timeval) */
	int64_t stamp_us;		/* CLOCK_REALTIME, microseconds */
	bool have_sw_stamp;		/* SO_TIMESTAMPING: its software stamp (the first of three) */
	int64_t sw_stamp_us;		/* CLOCK_REALTIME, microseconds */
	const uint8_t *ipopts;		/* IP_RETOPTS / IP_OPTIONS: points into the control buffer */
	size_t ipopts_len;
	bool have_err;			/* IP_RECVERR / IPV6_RECVERR */
	struct sock_extended_err ee;	/* copied out, aligned */
	bool have_offender;		/* a sockaddr followed ee and its family is fam->af */
	struct sockaddr_storage offender;
	int bad;			/* number of control messages ignored as malformed */
};

/*
 * Walks msg's control data with exact CMSG_LEN checks: a message whose
 * length does not fit its type is skipped and counted in out->bad, never
 * read.  Fields not present stay false/0; ee and offender are valid only
 * with have_err and have_offender.
 */
void cmsg_decode(const struct ping_family *fam, const struct msghdr *msg,
		 struct rx_meta *out);

#endif
