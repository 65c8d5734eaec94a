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
	int raw_errno;			/* why the raw socket failed (EPERM without CAP_NET_RAW);
					   0 when none was tried */
	bool range_known;		/* net.ipv4.ping_group_range could be read */
	long range_lo, range_hi;
	gid_t gids[REFUSAL_MAX_GIDS];	/* effective gid first, then supplementary */
	int ngids;
	const char *exe;		/* the binary, for the setcap line */
};

/*
 * Lists the groups in rf (after the range is read): egid first, then the
 * supplementary groups (n of them), as many as REFUSAL_MAX_GIDS holds.
 * A group inside the range that does not fit takes the last place: the
 * kernel admits any of them, and that one decides the explanation.
 */
void refusal_set_groups(struct refusal_facts *rf, gid_t egid, const gid_t *groups, int n);

/*
 * Whether a raw socket may succeed where the datagram socket of family af
 * failed with err, as iputils decides (and only then is one tried): the
 * group is outside net.ipv4.ping_group_range (EACCES) or the kernel has no
 * ICMP datagram sockets (EPROTONOSUPPORT; EAFNOSUPPORT for IPv4, where
 * OpenVZ gives it).  Not for anything else: IPv6's EAFNOSUPPORT means a
 * kernel without IPv6, and EPERM, ESOCKTNOSUPPORT and the like come from a
 * policy (seccomp, a cgroup's BPF program) or a lack of resources, which
 * CAP_NET_RAW must not be raised to get round.
 */
bool refusal_raw_may_help(int af, int err);

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
 * With no raw socket tried (raw_errno 0), only iputils' lines for the
 * datagram socket: "socktype: SOCK_DGRAM", "socket: <strerror(dgram_errno)>".
 * When the raw socket failed with anything but EPERM or EACCES, no
 * capability would help: iputils' two lines alone.
 */
void refusal_print(FILE *f, const char *progname, const struct refusal_facts *rf);

#endif
