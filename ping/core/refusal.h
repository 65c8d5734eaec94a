/* The message when no ICMP socket can be had: what is wrong, and both remedies. */
#ifndef PINGSOCK_REFUSAL_H
#define PINGSOCK_REFUSAL_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#define REFUSAL_MAX_GIDS 64

struct refusal_facts {
	int dgram_errno;		/* why socket(SOCK_DGRAM, IPPROTO_ICMP[V6]) failed;
					   0 when only a raw socket would do (raw_only) */
	const char *raw_only;		/* the option that needs a raw socket ("-N", "-e 0"), or NULL */
	int raw_errno;			/* why the raw socket failed (EPERM without CAP_NET_RAW) */
	bool range_known;		/* net.ipv4.ping_group_range could be read */
	long range_lo, range_hi;
	gid_t gids[REFUSAL_MAX_GIDS];	/* effective gid first, then supplementary */
	int ngids;
	const char *exe;		/* the binary, for the setcap line */
};

/*
 * Writes to f, each line prefixed "<progname>: ":
 *   socktype: SOCK_RAW
 *   socket: <strerror(raw_errno)>
 * (iputils' first lines, which log scanners match), then lines starting
 * "=> " that say why the datagram socket was refused (the range and the
 * groups, or that the kernel lacks ICMP datagram sockets) and the two
 * remedies: the sysctl line that admits the user's group, and setcap
 * cap_net_raw+p on the binary.  With raw_only, the datagram socket was not
 * tried: the option named needs the raw socket, so setcap is the remedy.
 */
void refusal_print(FILE *f, const char *progname, const struct refusal_facts *rf);

#endif
